"""谈心谈话记录 exports: build through the catalogue and the CLI, reopen the .docx, read it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest

from tui.export.atomic import ExportError
from tui.export.catalogue import FormParams, get_form
from tui.store import talks
from tui.store.branch import save_branch, set_committee
from tui.store.members import save_member

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def branch(db):
    save_branch(db, {"name": "测试教工党支部"})
    ids = {name: save_member(db, {"name": name, "join_date": "2010-01"}) for name in ("张书记", "李组织", "赵一", "钱二")}
    set_committee(db, {"书记": ids["张书记"], "组织委员": ids["李组织"]})
    talks.save_talk(db, {
        "date": "2025-03-05", "time": "14:30", "place": "305会议室", "talker_id": ids["张书记"],
        "target_member_ids": [ids["赵一"], ids["李组织"]], "kind": "提醒谈话", "occasion": "出现问题苗头",
        "topic": "按时参加组织生活", "content": "指出近期两次缺席支部党员大会。", "opinions": "表示接受。",
        "followups": [{"what": "提交书面说明", "who": "赵一", "due_date": "2025-04-01"}],
    })
    talks.save_talk(db, {"date": "2025-06-01", "talker_name": "刘建华", "talker_post": "学院党委副书记",
                         "new_people": "陈申请", "kind": "入党谈话"})
    talks.save_talk(db, {"date": "2024-06-01", "talker_id": ids["张书记"], "target_member_ids": [ids["钱二"]]})
    return ids


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def kv(table) -> dict[str, str]:
    out = {}
    for row in table.rows:
        cells = [c.text for c in row.cells]
        for i in range(0, len(cells) - 1, 2):
            out.setdefault(cells[i], cells[i + 1])
    return out


def test_yearly_export_holds_every_talk_of_the_year_and_the_coverage(db, branch, tmp_path):
    out = get_form("talks").build(db, FormParams(year=2025), tmp_path / "谈话.docx")
    document = docx.Document(str(out))
    text = all_text(document)
    assert document.paragraphs[0].text == "谈心谈话记录"
    assert "测试教工党支部（2025年度）" in text
    assert "共开展谈心谈话2次（提醒谈话1次，入党谈话1次）" in text
    # Coverage: the committee pair talked; 钱二 (talked with only in 2024) is still missing.
    assert "支委之间两两开展了谈心谈话" in text
    assert "还没有谈心的党员：钱二" in text
    assert "口径" not in text
    first = kv(document.tables[0])
    assert first["谈话对象"] == "赵一、李组织"
    assert first["谈话时间"] == "2025年3月5日 14:30"
    assert first["谈话情形"] == "出现问题苗头"
    assert first["谈话关系"] == "委员–党员、委员–委员"
    assert "提交书面说明" in first["后续事项"] and "未完成" in first["后续事项"]
    second = kv(document.tables[1])
    assert second["谈话人"] == "刘建华（学院党委副书记）"
    assert second["谈话对象"] == "陈申请（非党员）"
    assert "2024年6月1日" not in text
    # The follow-up table at the end.
    assert [c.text for c in document.tables[-1].rows[1].cells][1] == "提交书面说明"
    # Chinese fonts are set for East Asian text, not only the Latin one.
    fonts = {el.get(f"{W}eastAsia") for el in document.styles.element.iter(f"{W}rFonts")}
    assert "仿宋_GB2312" in fonts


def test_one_talk_export_and_date_range_through_the_cli(db, branch, tmp_path):
    from tui.__main__ import main
    from tui.store.db import close_db

    talk_id = talks.list_talks(db, year=2025)[-1].id   # the March talk (list is newest first)
    close_db(db)   # the CLI opens the file itself, and the file is locked while open
    db_path = tmp_path / "branch.db"
    one = tmp_path / "一次.docx"
    assert main(["export", "talk", "--talk", str(talk_id), "-o", str(one), "--db", str(db_path)]) == 0
    document = docx.Document(str(one))
    assert kv(document.tables[0])["谈话主题"] == "按时参加组织生活"
    assert "谈话人（签字）" in all_text(document)

    span = tmp_path / "上半年.docx"
    assert main(["export", "talks", "--from", "2024-01-01", "--to", "2025-03-31", "-o", str(span), "--db", str(db_path)]) == 0
    text = all_text(docx.Document(str(span)))
    assert "2024年1月1日至2025年3月31日" in text
    assert "2024年6月1日" in text and "刘建华" not in text


def test_exporting_a_missing_talk_or_over_a_file_is_refused(db, branch, tmp_path):
    with pytest.raises(ExportError, match="没有编号为 999 的谈话记录"):
        get_form("talk").build(db, FormParams(record_id=999), tmp_path / "x.docx")
    out = tmp_path / "y.docx"
    out.write_text("keep")
    with pytest.raises(ExportError, match="文件已存在"):
        get_form("talks").build(db, FormParams(year=2025), out)
    assert out.read_text() == "keep"


def test_store_rules_and_export_do_not_import_textual():
    code = "import sys, tui.store.talks, tui.rules.talks, tui.export.talks; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_demo_has_ten_years_of_talks_with_gaps(demo_db):
    years = talks.talk_years(demo_db)
    assert years == list(range(2017, 2027))
    now = talks.talk_coverage(demo_db, 2026, today=__import__("datetime").date(2026, 11, 21))
    assert now.missing_members and now.missing_committee_pairs     # the year is not done yet
    assert any(talks.talk_coverage(demo_db, y).complete for y in years[:-1])
    kinds = {t.kind for t in talks.list_talks(demo_db)}
    assert {"谈心谈话", "入党谈话", "转正谈话", "提醒谈话"} <= kinds


def test_cli_coverage_answers_who_is_still_missing(db, branch, tmp_path, capsys):
    from tui.__main__ import main
    from tui.store.db import close_db

    close_db(db)
    assert main(["talks", "coverage", "--year", "2025", "--db", str(tmp_path / "branch.db")]) == 0
    out = capsys.readouterr().out
    assert "支委之间：已谈 1/1 对" in out
    assert "尚未谈话：钱二" in out
    assert main(["talks", "coverage", "--year", "2024", "--strict", "--db", str(tmp_path / "branch.db")]) == 0
    out = capsys.readouterr().out
    assert "从严" in out and "未谈：张书记 — 李组织" in out


def test_each_talk_of_the_compendium_stays_on_one_page_with_its_heading(db, branch, tmp_path):
    """Word keeps a record's rows together (keepNext on all but its last row): no record starts
    at the foot of one page and goes on at the top of the next."""
    document = docx.Document(str(get_form("talks").build(db, FormParams(year=2025), tmp_path / "谈话.docx")))
    for table in document.tables[:2]:
        rows = table._tbl.findall(f"{W}tr")
        for row in rows[:-1]:
            assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in row.iter(f"{W}p"))
        assert all(p.find(f"{W}pPr/{W}keepNext") is None for p in rows[-1].iter(f"{W}p"))
    followups = document.tables[-1]
    assert followups.rows[1].cells[3].text == "2025年4月1日"
    assert followups.columns[3].width.mm >= 28                # room for the date on one line


def test_demo_applicants_have_names_of_their_own(demo_db):
    names = [r[0] for r in demo_db.execute("SELECT name FROM people WHERE note LIKE '%递交入党申请书'")]
    assert names and len(names) == len(set(names))
