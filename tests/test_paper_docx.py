"""Every .docx the app exports, reopened as Word would read it: Word 2013 mode (no 兼容模式), none of
python-docx's template leftovers, GB/T 9704 page numbers at the outside edge, the 28-character
grid as Word writes it, room to sign, and a meeting record kept on one page with its signatures.

The page counts are checked with LibreOffice where it is installed (the font it falls back to
sets lines taller than 仿宋, so a record on one page there is on one page in Word too); without
it the keep-together properties in the XML are checked alone.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from tui.export import docx_base
from tui.export.catalogue import FormParams, get_form
from tui.export.meetings_docx import COMPACT_PT, estimated_height_mm, record_pairs, SINGLE_RECORD_MM, TALL
from tui.store import meetings as meeting_store
from tui.store.db import close_db, open_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
YEAR = 2025
# form id → export params (beyond the year); each is written once for the module.
DOCX_FORMS = {
    "minutes": {}, "talks": {}, "dues-notice": {}, "dues-ledger": {}, "dues-assessment": {}, "pairings": {},
    "annual-summary": {}, "dual-leader-application": {}, "model-branch-plan": {}, "case-study": {},
    "meeting": "first 支部党员大会", "talk": "first talk",
}


@pytest.fixture(scope="module")
def branch(tmp_path_factory, demo_path):
    path = tmp_path_factory.mktemp("paper") / "demo.db"
    shutil.copy(demo_path, path)
    db = open_db(path)
    yield db
    close_db(db)


@pytest.fixture(scope="module")
def exports(branch, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("exports")
    assembly = branch.execute(
        "SELECT id FROM meetings WHERE deleted_at IS NULL AND kind = '支部党员大会' AND substr(date, 1, 4) = ? "
        "ORDER BY date LIMIT 1", [str(YEAR)]).fetchone()[0]
    talk = branch.execute("SELECT min(id) FROM talks WHERE deleted_at IS NULL").fetchone()[0]
    written = {}
    for form_id, how in DOCX_FORMS.items():
        params = FormParams(year=YEAR, extra={"allow_empty": True})   # the layout is the point here
        if form_id == "meeting":
            params = FormParams(record_id=assembly)
        elif form_id == "talk":
            params = FormParams(record_id=talk)
        written[form_id] = get_form(form_id).build(branch, params, out / f"{form_id}.docx")
    return written


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_opens_in_word_2013_mode_without_template_leftovers(exports, form_id):
    path = exports[form_id]
    settings = part(path, "word/settings.xml")
    assert re.search(r'w:name="compatibilityMode"[^>]*w:val="15"', settings)
    assert 'w:val="14"' not in settings and "savePreviewPicture" not in settings
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
    assert not any("thumbnail" in n for n in names)
    assert "thumbnail" not in part(path, "_rels/.rels")
    app = part(path, "docProps/app.xml")
    assert "Macintosh" not in app and "<Application>zhibu</Application>" in app
    assert 'script="Jpan"' not in part(path, "word/theme/theme1.xml")
    assert "ＭＳ" not in part(path, "word/fontTable.xml")
    assert "ＭＳ" not in part(path, "word/styles.xml")


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_page_numbers_at_the_outside_edge(exports, form_id):
    doc = docx.Document(str(exports[form_id]))
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]
        ppr = p._p.pPr
        assert ppr.find(f"{W}jc").get(f"{W}val") == side
        ind = ppr.find(f"{W}ind")
        assert ind.get(f"{W}{side}Chars") == "100" and int(ind.get(f"{W}{side}")) == 280  # one 4号 character
        assert " PAGE " in footer._element.xml and p.text.startswith("— ") and p.text.endswith(" —")
    assert section.different_first_page_header_footer == (form_id == "dual-leader-application")


def test_the_application_cover_has_no_page_number(exports):
    doc = docx.Document(str(exports["dual-leader-application"]))
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert not section.first_page_footer.is_linked_to_previous
    assert " PAGE " not in section.first_page_footer._element.xml
    cover = {row.cells[0].text: row.cells[2].text for row in doc.tables[0].rows}
    assert list(cover) == ["工作室名称", "所在党支部", "所属党委", "负责人", "联系电话", "填报日期"]
    assert cover["负责人"] and cover["填报日期"] == "2026年11月21日"
    kinds = [row.cells[0].text for t in doc.tables for row in t.rows]
    assert "基层党委意见" in kinds and "学校党委意见" in kinds


@pytest.mark.parametrize("form_id", ["minutes", "annual-summary", "talk", "meeting"])
def test_grid_is_28_characters_as_word_writes_it(exports, form_id):
    doc = docx.Document(str(exports[form_id]))
    section = doc.sections[0]
    grid = section._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}type") == "linesAndChars"
    char_space = int(grid.get(f"{W}charSpace"))
    assert char_space == -849
    text_width_pt = (section.page_width.twips - section.left_margin.twips - section.right_margin.twips) / 20
    assert 28 * (16 + char_space / 4096) <= text_width_pt       # never a hair too wide: 28, not 27
    assert 29 * (16 + char_space / 4096) > text_width_pt


def test_grid_lines_only_when_asked(branch, tmp_path):
    params = FormParams(year=YEAR, extra={"grid": "lines", "allow_empty": True})
    doc = docx.Document(str(get_form("annual-summary").build(branch, params, tmp_path / "a.docx")))
    grid = doc.sections[0]._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}type") == "lines" and grid.get(f"{W}charSpace") is None
    assert int(grid.get(f"{W}linePitch")) == 579        # still 22 lines a page


def test_char_space_floors_like_word():
    width = docx_base.word_twips(210) - docx_base.word_twips(28) - docx_base.word_twips(26)
    assert width == 8844
    assert docx_base.grid_char_space(width) == -849
    assert docx_base.grid_char_space(8845) == -842       # rounding would give −841: 0.001 pt too wide


def test_headings_1_are_bold(exports):
    doc = docx.Document(str(exports["minutes"]))
    h3 = doc.styles["公文三级标题"]
    assert h3.font.bold is True
    assert any(p.style.name == "公文三级标题" and p.text.startswith("1. ") for p in doc.paragraphs)


def test_the_contents_keeps_each_date_on_one_line(exports):
    doc = docx.Document(str(exports["minutes"]))
    contents = doc.tables[0]
    assert [c.text for c in contents.rows[0].cells] == ["序号", "日期", "会议", "议题"]
    date_cell = contents.rows[1].cells[1]
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", date_cell.text)
    assert date_cell._tc.tcPr.find(f"{W}noWrap") is not None
    # “2025年12月31日” in 五号 fits the column without wrapping: 7 characters' width plus padding.
    assert contents.columns[1].width.mm >= 7 * 10.5 * 25.4 / 72 + 3.8


def test_the_talk_record_has_ruled_lines_to_sign(exports):
    doc = docx.Document(str(exports["talk"]))
    signing = [p for p in doc.paragraphs if "（签字）：" in p.text]
    assert [p.text.split("（")[0] for p in signing] == ["谈话人", "谈话对象", "记录人"]
    width = docx_base.TEXT_WIDTH_MM
    for p in signing:
        stops = p.paragraph_format.tab_stops
        assert len(stops) == 1 and stops[0].leader == docx.enum.text.WD_TAB_LEADER.LINES
        assert "<w:tab/>" in p._p.xml                    # the rule is a tab, not stripped spaces
        label_end_mm = p.paragraph_format.left_indent.mm + len(p.text.strip()) * 16 * 25.4 / 72
        assert stops[0].position.mm - label_end_mm >= 40   # room for a signature (4 cm at least)
        assert stops[0].position.mm <= width
    date = next(p for p in doc.paragraphs if p.text.startswith("日期："))
    assert date.text == "日期：\t年\t月\t日" and len(date.paragraph_format.tab_stops) == 3
    assert all(p.paragraph_format.keep_with_next for p in signing)   # the lines stay together


def keep_flags(table) -> list[tuple[str, bool, bool]]:
    """(first label, keep-with-next, can't split) of each row."""
    out = []
    for row in table.rows:
        first = row.cells[0].paragraphs[0]
        out.append((row.cells[0].text, first.paragraph_format.keep_with_next is True,
                    row._tr.trPr is not None and row._tr.trPr.find(f"{W}cantSplit") is not None))
    return out


def test_meeting_record_keeps_the_decision_with_the_signatures(exports):
    doc = docx.Document(str(exports["meeting"]))
    flags = keep_flags(doc.tables[0])
    labels = [label for label, _, _ in flags]
    assert labels[-3:] == ["表决情况", "决议", "主持人签字"]
    assert [keep for _, keep, _ in flags[-3:]] == [True, True, False]
    assert all(cant for _, _, cant in flags[-3:])
    signatures = doc.tables[0].rows[-1]
    assert [c.text for c in signatures.cells] == ["主持人签字", "", "记录人签字", ""]
    height = signatures._tr.trPr.find(f"{W}trHeight")
    assert int(height.get(f"{W}val")) >= docx_base._twips(12)           # room to sign


def test_a_long_record_is_set_in_5hao_to_stay_on_its_page(branch, tmp_path):
    ids = [r[0] for r in branch.execute(
        "SELECT id FROM meetings WHERE deleted_at IS NULL AND kind = '支部党员大会' AND substr(date, 1, 4) = ?",
        [str(YEAR)])]
    long = [i for i in ids if estimated_height_mm(record_pairs(meeting_store.get_meeting(branch, i)), 12, TALL)
            > SINGLE_RECORD_MM]
    assert long, "the demo's 支部党员大会 records are the long ones"
    path = get_form("meeting").build(branch, FormParams(record_id=long[0]), tmp_path / "m.docx")
    size = docx.Document(str(path)).tables[0].rows[0].cells[0].paragraphs[0].runs[0].font.size
    assert size.pt == COMPACT_PT


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_each_general_assembly_record_prints_on_one_page(branch, tmp_path):
    ids = [r[0] for r in branch.execute(
        "SELECT id FROM meetings WHERE deleted_at IS NULL AND kind = '支部党员大会' AND substr(date, 1, 4) = ?",
        [str(YEAR)])]
    assert len(ids) == 4
    for i in ids:
        get_form("meeting").build(branch, FormParams(record_id=i), tmp_path / f"m{i}.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    *map(str, sorted(tmp_path.glob("m*.docx")))], check=True, capture_output=True, timeout=300)
    for pdf in sorted(tmp_path.glob("m*.pdf")):
        data = pdf.read_bytes()
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        assert pages == 1, f"{pdf.name}: {pages} pages"
