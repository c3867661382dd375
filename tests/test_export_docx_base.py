"""Golden tests for the official-document base: build, save, reopen with python-docx, check."""

from __future__ import annotations

import datetime as dt
import errno
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tui.export.atomic import ExportError, atomic_write, default_filename
from tui.export.docx_base import OfficialDoc, set_east_asian_font
from tui.rules.dates import cn_date

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPO = Path(__file__).resolve().parents[1]


# --- helpers: read what Word would show ------------------------------------------------------


def east_asia_font(paragraph, run=None) -> str | None:
    """The w:eastAsia font in effect: run, then the paragraph style chain, then doc defaults."""
    if run is not None:
        rfonts = run._r.find(f"{W}rPr/{W}rFonts")
        if rfonts is not None and rfonts.get(f"{W}eastAsia"):
            return rfonts.get(f"{W}eastAsia")
    style = paragraph.style
    while style is not None:
        rfonts = style.element.find(f"{W}rPr/{W}rFonts")
        if rfonts is not None and rfonts.get(f"{W}eastAsia"):
            return rfonts.get(f"{W}eastAsia")
        style = style.base_style
    return None


def font_size_pt(paragraph, run=None) -> float | None:
    if run is not None and run.font.size is not None:
        return run.font.size.pt
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return None


def style_attr(paragraph, path: str, attr: str) -> str | None:
    style = paragraph.style
    while style is not None:
        el = style.element.find(path)
        if el is not None and el.get(f"{W}{attr}") is not None:
            return el.get(f"{W}{attr}")
        style = style.base_style
    return None


def reopen(path: Path):
    import docx

    return docx.Document(str(path))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    d = OfficialDoc()
    d.title("教工第一党支部2025年度党建工作总结")
    d.subtitle("——教工第一党支部")
    d.heading1("一、聚力党建，提升政治能力")
    d.para(
        "　　支部坚持以习近平新时代中国特色社会主义思想为指导。\n\n"
        "全年开展集中理论学习28次、党员干部上党课16次、主题党日12次。"
    )
    d.heading2("（一）抓理论学习")
    d.heading3("1.集中学习")
    d.para("按月组织学习。")
    d.table(
        ["序号", "姓名", "月应交（元）"],
        [["1", "张三", "=SUM(A1:A3)"], ["2", "李四", "12.50"]],
        widths_mm=[20, 60, 40],
    )
    d.blank(2)
    d.right("教工第一党支部\n" + cn_date(dt.date(2025, 12, 20)), right_chars=4)
    return d.save(tmp_path / "总结.docx")


# --- page ------------------------------------------------------------------------------------


def test_page_is_a4_with_official_margins(sample: Path):
    section = reopen(sample).sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    assert section.top_margin.mm == pytest.approx(37, abs=0.1)
    assert section.bottom_margin.mm == pytest.approx(35, abs=0.1)
    assert section.left_margin.mm == pytest.approx(28, abs=0.1)
    assert section.right_margin.mm == pytest.approx(26, abs=0.1)


def test_document_grid_is_22_lines_of_28_characters(sample: Path):
    grid = reopen(sample).sections[0]._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}type") == "linesAndChars"
    assert int(grid.get(f"{W}linePitch")) == 579  # (297-37-35) mm / 22 lines, in twips
    char_pitch_pt = 16 + int(grid.get(f"{W}charSpace")) / 4096
    assert 28 * char_pitch_pt == pytest.approx((210 - 28 - 26) / 25.4 * 72, abs=0.5)


# --- text ------------------------------------------------------------------------------------


def test_text_comes_out_in_order_and_typed_indent_is_dropped(sample: Path):
    assert texts(reopen(sample)) == [
        "教工第一党支部2025年度党建工作总结",
        "——教工第一党支部",
        "一、聚力党建，提升政治能力",
        "支部坚持以习近平新时代中国特色社会主义思想为指导。",
        "全年开展集中理论学习28次、党员干部上党课16次、主题党日12次。",
        "（一）抓理论学习",
        "1.集中学习",
        "按月组织学习。",
        "教工第一党支部",
        "2025年12月20日",
    ]


@pytest.mark.parametrize(
    ("text", "font", "size"),
    [
        ("教工第一党支部2025年度党建工作总结", "方正小标宋简体", 22),
        ("——教工第一党支部", "仿宋_GB2312", 16),
        ("一、聚力党建，提升政治能力", "黑体", 16),
        ("（一）抓理论学习", "楷体_GB2312", 16),
        ("1.集中学习", "仿宋_GB2312", 16),
        ("按月组织学习。", "仿宋_GB2312", 16),
        ("2025年12月20日", "仿宋_GB2312", 16),
    ],
)
def test_each_element_has_its_east_asian_font_and_size(sample: Path, text: str, font: str, size: float):
    p = next(p for p in reopen(sample).paragraphs if p.text == text)
    assert east_asia_font(p, p.runs[0]) == font
    assert font_size_pt(p, p.runs[0]) == size


def test_fonts_also_cover_latin_text_and_hint_east_asian(sample: Path):
    body = next(p for p in reopen(sample).paragraphs if p.text == "按月组织学习。")
    rfonts = body.style.element.find(f"{W}rPr/{W}rFonts")
    assert rfonts.get(f"{W}ascii") == rfonts.get(f"{W}hAnsi") == "仿宋_GB2312"
    assert rfonts.get(f"{W}hint") == "eastAsia"
    assert rfonts.get(f"{W}eastAsiaTheme") is None


def test_body_indent_two_characters_and_exact_28pt_lines(sample: Path):
    from docx.enum.text import WD_LINE_SPACING

    body = next(p for p in reopen(sample).paragraphs if p.text == "按月组织学习。")
    assert style_attr(body, f"{W}pPr/{W}ind", "firstLineChars") == "200"
    assert body.style.paragraph_format.first_line_indent.pt == 32  # fallback: 2 x 16 pt
    assert body.style.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.style.paragraph_format.line_spacing.pt == 28


def test_title_centred_and_dates_right_aligned(sample: Path):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = reopen(sample)
    title = next(p for p in doc.paragraphs if p.text.endswith("工作总结"))
    date = next(p for p in doc.paragraphs if p.text == "2025年12月20日")
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert date.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent.pt == 64  # 右空四字
    assert style_attr(date, f"{W}pPr/{W}ind", "firstLineChars") == "0"


def test_document_language_is_chinese_not_japanese(sample: Path):
    with zipfile.ZipFile(sample) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
        names = z.namelist()
    from lxml import etree

    lang = etree.fromstring(styles.encode()).find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    assert "ja-JP" not in styles and "ja-JP" not in settings
    assert "word/stylesWithEffects.xml" not in names


def test_footer_is_centred_page_field_between_dashes(sample: Path):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    footer = reopen(sample).sections[0].footer
    p = footer.paragraphs[0]
    xml = p._p.xml
    assert '<w:fldChar w:fldCharType="begin"/>' in xml
    assert [t.text.strip() for t in p._p.iter(f"{W}instrText")] == ["PAGE"]
    assert p.text.startswith("— ") and p.text.endswith(" —")
    assert p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asia_font(p) == "宋体"
    assert font_size_pt(p) == 14


def test_multi_line_title_keeps_one_paragraph(tmp_path: Path):
    d = OfficialDoc()
    d.title("关于开展主题党日活动\n的通知")
    doc = reopen(d.save(tmp_path / "t.docx"))
    assert texts(doc) == ["关于开展主题党日活动\n的通知"]
    assert doc.core_properties.title == "关于开展主题党日活动的通知"


def test_control_characters_are_dropped_not_fatal(tmp_path: Path):
    d = OfficialDoc()
    d.para("甲\x00乙\x0b丙")
    d.table(["列"], [["a\x07b"]])
    doc = reopen(d.save(tmp_path / "t.docx"))
    assert texts(doc) == ["甲乙丙"]
    assert doc.tables[0].rows[1].cells[0].text == "ab"


def test_page_break_moves_next_paragraph_and_table_to_new_page(tmp_path: Path):
    d = OfficialDoc()
    d.para("第一页")
    d.page_break()
    d.para("第二页")
    d.page_break()
    d.table(["列"], [["x"]])
    doc = reopen(d.save(tmp_path / "t.docx"))
    second = next(p for p in doc.paragraphs if p.text == "第二页")
    assert second.paragraph_format.page_break_before is True
    body = list(doc.element.body)
    tbl_at = next(i for i, el in enumerate(body) if el.tag == f"{W}tbl")
    assert body[tbl_at - 1].find(f".//{W}br").get(f"{W}type") == "page"


# --- tables ----------------------------------------------------------------------------------


def test_table_texts_fonts_and_repeated_bold_header(sample: Path):
    table = reopen(sample).tables[0]
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["序号", "姓名", "月应交（元）"],
        ["1", "张三", "=SUM(A1:A3)"],
        ["2", "李四", "12.50"],
    ]
    header = table.rows[0]
    assert header._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert all(c.paragraphs[0].runs[0].bold for c in header.cells)
    assert table.rows[1]._tr.find(f"{W}trPr/{W}tblHeader") is None
    cell = table.rows[1].cells[1].paragraphs[0]
    assert east_asia_font(cell, cell.runs[0]) == "仿宋_GB2312"
    assert font_size_pt(cell, cell.runs[0]) == 12
    assert [round(c.width.mm) for c in table.rows[1].cells] == [20, 60, 40]


def test_cell_starting_with_equals_stays_literal_text(sample: Path):
    doc = reopen(sample)
    cell = doc.tables[0].rows[1].cells[2]
    assert cell.text == "=SUM(A1:A3)"
    xml = doc.element.body.xml
    assert "instrText" not in xml and "fldSimple" not in xml


def test_table_small_font_and_non_string_values(tmp_path: Path):
    d = OfficialDoc()
    d.table(["姓名", "人数", "备注"], [["王五", 12, None], ["<b>&amp;", "a\tb", "]]>"]], font_pt=10.5)
    table = reopen(d.save(tmp_path / "t.docx")).tables[0]
    assert [c.text for c in table.rows[1].cells] == ["王五", "12", ""]
    assert [c.text for c in table.rows[2].cells] == ["<b>&amp;", "a\tb", "]]>"]
    p = table.rows[1].cells[0].paragraphs[0]
    assert font_size_pt(p, p.runs[0]) == 10.5
    assert sum(c.width.mm for c in table.rows[0].cells) == pytest.approx(156, abs=0.2)


def test_table_rejects_a_row_of_the_wrong_length():
    d = OfficialDoc()
    with pytest.raises(ValueError, match="第 2 行"):
        d.table(["a", "b"], [["1", "2"], ["1"]])


def test_kv_table_looks_like_a_record_page(tmp_path: Path):
    d = OfficialDoc()
    d.kv_table(
        [
            ("时间", "2024年2月26日 14:30—16:00"),
            ("地点", "学院三楼会议室"),
            ("主持人", "张三"),
            ("记录人", "李四"),
            ("应到人数", "12"),
            ("实到人数", "11"),
            ("缺席人员及原因", "王五（出差）"),
            ("会议内容", "一、传达学习文件精神\n二、讨论发展对象"),
            ("备注", "="),
        ],
        wide={"缺席人员及原因", "会议内容"},
        tall={"会议内容": 120},
    )
    table = reopen(d.save(tmp_path / "记录.docx")).tables[0]
    grid = [[c.text for c in row.cells] for row in table.rows]
    assert grid[0] == ["时间", "2024年2月26日 14:30—16:00", "地点", "学院三楼会议室"]
    assert grid[1] == ["主持人", "张三", "记录人", "李四"]
    assert grid[2] == ["应到人数", "12", "实到人数", "11"]
    # a wide value spans the three columns after its label
    assert grid[3] == ["缺席人员及原因"] + ["王五（出差）"] * 3
    assert grid[4] == ["会议内容"] + ["一、传达学习文件精神\n二、讨论发展对象"] * 3
    assert len(table.rows[4]._tr.findall(f"{W}tc")) == 2
    assert table.rows[4].height.mm == pytest.approx(120, abs=0.1)
    # a lone pair at the end stretches over the rest of its row
    assert grid[5] == ["备注"] + ["="] * 3
    label = table.rows[0].cells[0].paragraphs[0]
    assert east_asia_font(label, label.runs[0]) == "仿宋_GB2312"


def test_kv_table_one_pair_per_row(tmp_path: Path):
    d = OfficialDoc()
    d.kv_table([("姓名", "张三"), ("性别", "男")], cols=1)
    table = reopen(d.save(tmp_path / "t.docx")).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [["姓名", "张三"], ["性别", "男"]]


# --- helpers for others ------------------------------------------------------------------------


def test_cn_date_uses_arabic_numerals_without_leading_zeros():
    assert cn_date(dt.date(2024, 2, 26)) == "2024年2月26日"
    assert cn_date("2024-02-06") == "2024年2月6日"
    assert cn_date(dt.datetime(2025, 10, 1, 9, 30)) == "2025年10月1日"
    assert cn_date("2024-02") == "2024年2月"
    assert cn_date(None) == cn_date("") == ""
    with pytest.raises(ValueError, match="日期格式不正确"):
        cn_date("2024/13/01")


def test_set_east_asian_font_replaces_theme_fonts(tmp_path: Path):
    d = OfficialDoc()
    run = d.para("签字：")[0].runs[0]
    run._r.get_or_add_rPr().get_or_add_rFonts().set(f"{W}eastAsiaTheme", "minorEastAsia")
    set_east_asian_font(run, "楷体_GB2312")
    doc = reopen(d.save(tmp_path / "t.docx"))
    rfonts = doc.paragraphs[0].runs[0]._r.find(f"{W}rPr/{W}rFonts")
    assert rfonts.get(f"{W}eastAsia") == "楷体_GB2312"
    assert rfonts.get(f"{W}ascii") == "楷体_GB2312"
    assert rfonts.get(f"{W}hint") == "eastAsia"
    assert rfonts.get(f"{W}eastAsiaTheme") is None


# --- saving ----------------------------------------------------------------------------------


def test_overwrite_refused_without_force_allowed_with_force(tmp_path: Path):
    target = tmp_path / "记录.docx"
    first = OfficialDoc()
    first.para("第一版")
    first.save(target)

    second = OfficialDoc()
    second.para("第二版")
    with pytest.raises(ExportError, match="文件已存在：记录.docx"):
        second.save(target)
    assert texts(reopen(target)) == ["第一版"]

    second.save(target, force=True)
    assert texts(reopen(target)) == ["第二版"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["记录.docx"]


def test_failing_write_leaves_no_file_and_no_temp_file(tmp_path: Path):
    def half_then_fail(tmp: Path) -> None:
        tmp.write_bytes(b"PK partial")
        raise RuntimeError("boom")

    with pytest.raises(ExportError, match="生成文件失败"):
        atomic_write(tmp_path / "a.docx", half_then_fail)
    assert list(tmp_path.iterdir()) == []


def test_failing_overwrite_keeps_the_old_file(tmp_path: Path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")

    def fail(tmp: Path) -> None:
        tmp.write_bytes(b"new")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError, match="磁盘空间不足，未写入 a.docx"):
        atomic_write(target, fail, force=True)
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_permission_error_message_names_the_folder(tmp_path: Path):
    def denied(tmp: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    with pytest.raises(ExportError) as err:
        atomic_write(tmp_path / "a.docx", denied)
    assert str(err.value) == (
        f"无法写入：{tmp_path}（没有写入权限或文件被其他程序占用，例如已在 Word/WPS 中打开）"
    )
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_reported_and_nothing_created(tmp_path: Path):
    missing = tmp_path / "不存在"
    with pytest.raises(ExportError, match="文件夹不存在"):
        OfficialDoc().save(missing / "a.docx")
    assert not missing.exists()


def test_atomic_write_returns_the_path_and_writes_content(tmp_path: Path):
    out = atomic_write(tmp_path / "x.txt", lambda tmp: tmp.write_text("内容", encoding="utf-8"))
    assert out == tmp_path / "x.txt"
    assert out.read_text(encoding="utf-8") == "内容"


def test_default_filename_joins_parts_and_strips_illegal_characters():
    assert (
        default_filename("教工第一党支部", "年度党建工作总结", "2025", "docx")
        == "教工第一党支部_年度党建工作总结_2025.docx"
    )
    assert (
        default_filename('教工<第一>党支部:"/', "台账\\|?*\x01", "2025. ", ".xlsx")
        == "教工第一党支部_台账_2025.xlsx"
    )
    assert default_filename("支部", "记录", "", "docx") == "支部_记录.docx"
    assert default_filename("CON", "", "", "docx") == "CON_.docx"
    name = default_filename("支部" * 200, "表", "2025", "docx")
    assert len(name) < 130 and name.endswith(".docx")


# --- start-up and speed ------------------------------------------------------------------------


def test_importing_the_module_does_not_import_python_docx():
    code = (
        "import sys\n"
        "import tui.export.docx_base as m\n"
        "assert 'docx' not in sys.modules, 'docx imported at module level'\n"
        "assert 'textual' not in sys.modules\n"
        "m.OfficialDoc()\n"
        "assert 'docx' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_thirty_page_document_builds_and_saves_well_under_a_second(tmp_path: Path):
    import docx  # noqa: F401  (import cost is not part of the build)

    start = time.perf_counter()
    d = OfficialDoc()
    d.title("2025年度党建工作总结")
    for section in range(10):
        d.heading1(f"{section + 1}、工作情况")
        for _ in range(8):
            d.para("支部坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实各项部署要求。" * 2)
        d.kv_table(
            [("时间", "2025年3月1日"), ("地点", "会议室"), ("会议内容", "学习" * 100)],
            wide={"会议内容"},
        )
    ledger = [[str(i), "张三", "8000.00", "1.5%", "120.00", ""] for i in range(300)]
    d.table(["序号", "姓名", "基数", "比例", "月应交", "备注"], ledger)
    d.save(tmp_path / "big.docx")
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"took {elapsed:.2f} s"


def test_a_long_table_is_written_out_and_reads_back_the_same_as_a_short_one(tmp_path, monkeypatch):
    """A table above the size limit is streamed to the file instead of parsed into the tree; the
    document is the same, block for block and byte for byte, as when it is kept whole."""
    import docx

    from tui.export import docx_base

    rows = [[str(i), f"党员{i}", "—" if i % 3 else "12.50\n3月15日", "a & <b>"] for i in range(1, 301)]

    def build(path: Path) -> Path:
        doc = OfficialDoc()
        doc.title("党费收缴台账")
        doc.para("说明在表格之前。")
        doc.table(["序号", "姓名", "1月", "备注"], rows)
        doc.para("合计在表格之后。")
        doc.table(["项目", "人数"], [["合计", "300"]])
        return doc.save(path)

    kept = build(tmp_path / "kept.docx")
    monkeypatch.setattr(docx_base, "STREAMED_TABLE_CHARS", 10_000)
    streamed = build(tmp_path / "streamed.docx")

    with zipfile.ZipFile(kept) as a, zipfile.ZipFile(streamed) as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")
    d = docx.Document(str(streamed))
    assert [p.text for p in d.paragraphs] == ["党费收缴台账", "说明在表格之前。", "合计在表格之后。"]
    body = [child.tag.split("}")[1] for child in d.element.body]
    assert body[:5] == ["p", "p", "tbl", "p", "tbl"]
    table = d.tables[0]
    assert len(table.rows) == 301 and table.rows[0].cells[1].text == "姓名"
    assert table.rows[3].cells[2].text == "12.50\n3月15日" and table.rows[300].cells[3].text == "a & <b>"
