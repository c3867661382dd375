"""The year end: 民主评议 tallies and the 优秀 share, 组织生活会 materials, 述职, 学时, the archive."""

from __future__ import annotations

import zipfile
from fractions import Fraction
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.errors import ZhibuError
from tui.export.catalogue import FormParams, get_form
from tui.rules import yearend as rules
from tui.store import evaluation, life_meeting, study_hours
from tui.store.yearend_settings import get_yearend_settings, save_yearend_settings

YEAR = 2025


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def table_rows(path: Path, n: int = 0) -> list[list[str]]:
    import docx

    return [[c.text for c in row.cells] for row in docx.Document(str(path)).tables[n].rows]


def counts(db, sql, args=()) -> int:
    return db.execute(sql, args).fetchone()[0]


# ── rules ──

def test_tally_above_the_voters_names_the_member_and_the_field():
    with pytest.raises(ZhibuError) as err:
        rules.check_tally("张三", 20, {"excellent": 15, "qualified": 6})
    assert "21 票" in str(err.value) and "20 人" in str(err.value) and "张三" in err.value.field
    assert rules.check_tally("张三", "20", {"excellent": "5", "qualified": "15"}).counted == 20
    with pytest.raises(ZhibuError, match="不能为负数"):
        rules.check_tally("张三", 20, {"basic": -1})


def test_excellent_share_is_floor_of_the_share():
    assert rules.excellent_check(26, 8, Fraction(1, 3)) is None
    over = rules.excellent_check(26, 9, Fraction(1, 3))
    assert over and "最多 8 人" in over and "三分之一" in over


@pytest.mark.parametrize(("start", "end", "rule", "hours"), [
    ("14:00", "16:00", "hour", 2.0), ("14:00", "15:45", "hour", 1.5), ("09:00", "11:30", "halfday", 4.0),
    ("08:30", "17:00", "halfday", 8.0), ("", "16:00", "hour", None), ("16:00", "14:00", "hour", None),
])
def test_meeting_hours_by_rule(start, end, rule, hours):
    assert rules.meeting_hours(start, end, rule) == hours


@pytest.mark.parametrize("bad", ["-2", "0", "abc", "9999", "1.25", "nan"])
def test_hours_negative_or_absurd_are_refused(bad):
    with pytest.raises(ZhibuError) as err:
        rules.parse_hours(bad)
    assert err.value.field == "学时"


def test_problems_share_sentence():
    report = rules.ShareReport(30, 100, Fraction(1, 3))
    assert not report.ok and "30 字" in report.sentence() and "未达到" in report.sentence()
    assert rules.ShareReport(34, 100, Fraction(1, 3)).ok


# ── settings ──

def test_settings_are_checked_and_keep_their_source(db):
    assert get_yearend_settings(db).study_required == 32
    assert "未经核实" in get_yearend_settings(db).study_source
    with pytest.raises(ZhibuError) as err:
        save_yearend_settings(db, {"excellent_share": "1/5", "study_required": "-3"})
    assert err.value.field == "党员年度学时要求"
    assert get_yearend_settings(db).excellent_share == Fraction(1, 3)      # nothing saved
    saved = save_yearend_settings(db, {"excellent_share": "30%", "hours_rule": "halfday"})
    assert saved.excellent_share == Fraction(3, 10) and saved.hours_rule == "halfday"


# ── 民主评议 ──

def test_demo_tallies_and_the_summary(demo_db):
    s = evaluation.evaluation_summary(demo_db, YEAR)
    graded = dict(demo_db.execute("SELECT grade, count(*) FROM evaluations WHERE meeting_id = ? GROUP BY 1",
                                  [s.meeting.id]).fetchall())
    assert {g: n for g, n in s.counts.items() if n} == graded
    assert s.evaluated == sum(graded.values()) and not s.unfinished
    assert s.excellent_over is None


def test_bad_tallies_change_nothing(demo_db):
    s = evaluation.evaluation_summary(demo_db, YEAR)
    first, second = s.lines[0], s.lines[1]
    before = demo_db.execute("SELECT * FROM evaluation_tallies ORDER BY 1, 2").fetchall()
    good = {"member_id": first.member_id, "voters": 20, "excellent": 1, "qualified": 19}
    with pytest.raises(ZhibuError, match="超过参加测评"):
        evaluation.save_tallies(demo_db, s.meeting.id, [good, {"member_id": second.member_id, "voters": 20, "qualified": 21}])
    with pytest.raises(ZhibuError) as err:
        evaluation.save_tallies(demo_db, s.meeting.id, [{**good, "assembly_grade": "良好"}])
    assert err.value.field == "党员大会评定等次"
    with pytest.raises(ZhibuError, match="处置建议"):
        evaluation.save_tallies(demo_db, s.meeting.id, [{**good, "assembly_grade": "合格", "procedure": "除名"}])
    assert demo_db.execute("SELECT * FROM evaluation_tallies ORDER BY 1, 2").fetchall() == before


def test_assembly_result_becomes_the_grade_and_the_share_check_fires(demo_db):
    s = evaluation.evaluation_summary(demo_db, YEAR)
    not_excellent = [line for line in s.lines if s.final[line.member_id] != "优秀"]
    entries = [{"member_id": line.member_id, "voters": 20, "excellent": 15, "qualified": 5,
                "committee_grade": "优秀", "assembly_grade": "优秀"} for line in not_excellent[:5]]
    evaluation.save_tallies(demo_db, s.meeting.id, entries)
    after = evaluation.evaluation_summary(demo_db, YEAR)
    assert after.counts["优秀"] == s.counts["优秀"] + 5
    limit = s.evaluated // 3
    assert after.excellent_over and f"最多 {limit} 人" in after.excellent_over
    grade = demo_db.execute("SELECT grade FROM evaluations WHERE meeting_id = ? AND member_id = ?",
                            [s.meeting.id, not_excellent[0].member_id]).fetchone()[0]
    assert grade == "优秀"


def test_tally_sheet_import(demo_db, tmp_path):
    s = evaluation.evaluation_summary(demo_db, YEAR)
    name = s.lines[0].name
    sheet = tmp_path / "统计.csv"
    sheet.write_bytes(f"姓名,优秀,合格,基本合格,不合格,支委会建议\n{name},3,16,1,0,合格\n".encode("gb18030"))
    n = evaluation.save_tallies(demo_db, s.meeting.id, evaluation.read_tally_sheet(sheet, voters=20))
    assert n == 1
    row = evaluation.tallies(demo_db, s.meeting.id)[s.lines[0].member_id]
    assert (row.voters, row.excellent, row.qualified, row.basic) == (20, 3, 16, 1)


def test_evaluation_summary_docx_counts_and_checks(demo_db, tmp_path):
    out = get_form("evaluation-summary").build(demo_db, FormParams(year=YEAR), tmp_path / "汇总.docx")
    s = evaluation.evaluation_summary(demo_db, YEAR)
    text = docx_text(out)
    assert f"本次参加评议的党员{s.evaluated}名" in text
    assert f"优秀{s.counts['优秀']}名" in text and "未超过参评党员的三分之一" in text
    rows = table_rows(out)
    assert rows[0][:3] == ["序号", "姓名", "参加测评人数"] and len(rows) == s.evaluated + 1


def test_evaluation_summary_xlsx(demo_db, tmp_path):
    from openpyxl import load_workbook

    out = get_form("evaluation-summary").build(demo_db, FormParams(year=YEAR), tmp_path / "汇总.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["测评结果汇总表", "评定结果统计"]
    values = [c for row in wb["测评结果汇总表"].iter_rows(values_only=True) for c in row if c]
    assert "参加测评人数" in values


def test_ballots_list_everyone_in_pinyin_order(demo_db, tmp_path):
    from tui.pinyin_search import name_keys

    out = get_form("evaluation-ballots").build(demo_db, FormParams(year=YEAR), tmp_path / "测评表.docx")
    rows = table_rows(out)
    assert rows[0] == ["序号", "姓名", "优秀", "合格", "基本合格", "不合格"]
    names = [r[1] for r in rows[1:]]
    assert names == sorted(names, key=lambda n: name_keys(n)[0])
    assert len(names) == evaluation.evaluation_summary(demo_db, YEAR).evaluated


# ── 组织生活会 ──

def test_life_meeting_report_counts_its_materials(demo_db, tmp_path):
    r = life_meeting.life_meeting_report(demo_db, YEAR)
    before = r.opinion_count
    life_meeting.add_opinion(demo_db, r.meeting_id, "学生", "希望多开展学业帮扶", 4)
    with pytest.raises(ZhibuError) as err:
        life_meeting.add_opinion(demo_db, r.meeting_id, "", "内容")
    assert err.value.field == "意见来源"
    out = get_form("life-meeting-report").build(demo_db, FormParams(year=YEAR), tmp_path / "生活会.docx")
    r = life_meeting.life_meeting_report(demo_db, YEAR)
    assert r.opinion_count == before + 4
    text = docx_text(out)
    assert f"应到党员{r.expected}名，实到{r.present}名" in text
    assert f"共收集意见建议{r.opinion_count}条" in text
    assert f"批评意见{r.criticism_count}条" in text and f"整改措施{r.measure_count}项" in text
    assert "【草稿" not in text


def test_life_meeting_materials_only_on_a_life_meeting(demo_db):
    s = evaluation.evaluation_summary(demo_db, YEAR)
    with pytest.raises(ZhibuError, match="只能记在“组织生活会”上"):
        life_meeting.add_problem(demo_db, s.meeting.id, None, "问题")


# ── 述职 ──

def test_secretary_report_draft_lists_unfinished_first(demo_db, tmp_path):
    from tui.store.forms import save_text

    demo_db.execute("DELETE FROM form_texts WHERE form_id = 'secretary-report'")
    save_text(demo_db, "secretary-report", YEAR, "存在问题", "问题很少。")
    form = get_form("secretary-report")
    with pytest.raises(ZhibuError) as err:                     # unfinished: refused, the parts named
        form.build(demo_db, FormParams(year=YEAR), tmp_path / "拒绝.docx")
    assert "主要做法和成效" in str(err.value) and "下一步工作思路" in str(err.value)
    assert "「开头」" not in str(err.value) and "：开头" not in str(err.value) and not (tmp_path / "拒绝.docx").exists()
    out = form.build(demo_db, FormParams(year=YEAR, extra={"allow_empty": True}), tmp_path / "述职.docx")
    import docx

    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    draft = paragraphs.index("【草稿：以下部分尚未完成，完成后请重新导出】")
    assert draft < paragraphs.index("一、履行抓基层党建工作职责情况")
    assert any("未达到不少于三分之一" in p for p in paragraphs)
    assert "（待填写）" in paragraphs                 # 主要做法 and 下步打算 still to write


def test_secretary_report_demo_is_complete_and_counts_the_records(demo_db, tmp_path):
    from tui.store.summary import period_summary
    from tui.rules.forms import resolve_period

    out = get_form("secretary-report").build(demo_db, FormParams(year=YEAR), tmp_path / "述职.docx")
    text = docx_text(out)
    assert "【草稿" not in text
    s = period_summary(demo_db, resolve_period(YEAR, None, None))
    assert f"支部委员会{s.meetings['支部委员会']}次" in text
    assert "二、存在问题及原因" in text


def test_secretary_section_left_empty_is_refused(tmp_path, demo_path):
    import shutil

    path = tmp_path / "b.db"
    shutil.copy(demo_path, path)
    assert main(["secretary-report", "section", "--db", str(path), "--year", "2025", "--section", "存在问题", "--text", "  "]) == 1
    assert main(["secretary-report", "check", "--db", str(path), "--year", "2025"]) == 0


# ── 学时 ──

def test_hours_ledger_matches_attendance_and_entries(demo_db):
    ledger = study_hours.hours_ledger(demo_db, YEAR)
    line = ledger.lines[0]
    rows = demo_db.execute(
        "SELECT mt.start_time, mt.end_time FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id "
        "WHERE a.member_id = ? AND a.status = '出席' AND mt.deleted_at IS NULL AND substr(mt.date, 1, 4) = '2025'",
        [line.member_id]).fetchall()
    expected = sum(rules.meeting_hours(s, e) or 0 for s, e in rows)
    assert line.meeting_tenths == round(expected * 10)
    study_hours.add_entry(demo_db, line.member_id, "2025-06-01", "党校", "7.5", "轮训")
    after = study_hours.hours_ledger(demo_db, YEAR).lines[0]
    assert after.outside_tenths == line.outside_tenths + 75
    leaders = [x for x in ledger.lines if x.role]
    assert leaders and all(x.required == 56 for x in leaders)


def test_hours_entry_refuses_bad_input(demo_db):
    before = counts(demo_db, "SELECT count(*) FROM study_entries")
    member = study_hours.hours_ledger(demo_db, YEAR).lines[0].member_id
    for kind, hours, date in (("党校", "-1", "2025-01-01"), ("党校", "500", "2025-01-01"),
                              ("夜校", "2", "2025-01-01"), ("党校", "2", "2025-13-01")):
        with pytest.raises(ZhibuError):
            study_hours.add_entry(demo_db, member, date, kind, hours)
    assert counts(demo_db, "SELECT count(*) FROM study_entries") == before


def test_study_hours_xlsx_lists_those_below(demo_db, tmp_path):
    from openpyxl import load_workbook

    save_yearend_settings(demo_db, {"study_required": 60})
    out = get_form("study-hours").build(demo_db, FormParams(year=YEAR), tmp_path / "学时.xlsx")
    ledger = study_hours.hours_ledger(demo_db, YEAR)
    cells = [str(c) for row in load_workbook(out).active.iter_rows(values_only=True) for c in row if c]
    assert any(c.startswith(f"未达到年度要求的{len(ledger.below)}人") for c in cells)
    assert len(ledger.below) > 0 and any("未经核实" in c for c in cells)


# ── the archive ──

def test_archive_has_every_file_in_its_index(demo_db, tmp_path):
    from tui.export.yearend_archive import ARCHIVE_ITEMS, INDEX_NAME, build_archive

    result = build_archive(demo_db, YEAR, tmp_path / "2025归档", typeset=False)
    files = sorted(p.name for p in result.folder.iterdir())
    # the forms, 孙丽's and 钱明's 入党材料卷内目录 (steps in 2025), the bundle's 卷内目录
    assert INDEX_NAME in files and len(files) == len(ARCHIVE_ITEMS) + 2 + 1 and not result.skipped
    rows = table_rows(result.folder / INDEX_NAME)
    assert rows[0] == ["序号", "文件名称", "日期", "页数", "备注"]
    listed = [r[4] for r in rows[1:]]
    assert sorted(listed + [INDEX_NAME]) == files
    assert all(int(r[3]) >= 1 for r in rows[1:])
    minutes = next(r for r in rows[1:] if "工作记录" in r[1])
    assert int(minutes[3]) > 40                      # a year of minutes is many pages
    with zipfile.ZipFile(result.zip_path) as zf:
        assert sorted(Path(n).name for n in zf.namelist()) == files
    assert "估算" in docx_text(result.folder / INDEX_NAME)
    with pytest.raises(ZhibuError, match="不为空"):
        build_archive(demo_db, YEAR, result.folder, typeset=False)


def test_archive_has_each_development_file_of_the_year(demo_db, tmp_path):
    from tui.export.yearend_archive import INDEX_NAME, build_archive

    result = build_archive(demo_db, YEAR, tmp_path / "2025归档", typeset=False)
    rows = table_rows(result.folder / INDEX_NAME)[1:]
    dev = [r for r in rows if "入党材料卷内目录" in r[1]]
    # 赵晓雨 applied in 2026: not in the 2025 archive; 孙丽 applied first, so comes first
    assert [(r[1], r[2], r[4]) for r in dev] == [
        ("孙丽同志入党材料卷内目录", "2025年1月—8月", f"{int(dev[0][0]):02d}_发展党员卷内目录_孙丽.docx"),
        ("钱明同志入党材料卷内目录", "2025年5月—11月", f"{int(dev[1][0]):02d}_发展党员卷内目录_钱明.docx"),
    ]
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1)) and all(int(r[3]) >= 1 for r in dev)
    sun = table_rows(result.folder / dev[0][4])
    assert sun[1][1] == "入党申请书" and sun[1][2] == "2025年1月30日"
    text = docx_text(result.folder / dev[0][4])
    assert "截至2025年12月31日" in text and "2026年" not in text.replace("截至", "")   # 2026 steps left out
    with zipfile.ZipFile(result.zip_path) as zf:
        assert f"2025归档/{dev[1][4]}" in zf.namelist()


def test_archive_notes_a_year_without_development_steps(demo_db, tmp_path):
    from tui.export.yearend_archive import INDEX_NAME, build_archive

    result = build_archive(demo_db, 2024, tmp_path / "2024归档", typeset=False)
    assert not any("卷内目录_" in p.name for p in result.folder.iterdir())
    assert ("发展党员卷内目录", "2024年没有发展党员的步骤日期") in result.skipped
    assert "未归档：发展党员卷内目录——2024年没有发展党员的步骤日期" in docx_text(result.folder / INDEX_NAME)


def test_archive_of_an_empty_year_is_refused(demo_db, tmp_path):
    from tui.export.yearend_archive import build_archive

    with pytest.raises(ZhibuError, match="没有可归档的记录"):
        build_archive(demo_db, 1990, tmp_path / "x", typeset=False)
    assert not (tmp_path / "x").exists()


def test_page_estimate_agrees_with_libreoffice(demo_db, tmp_path):
    from tui.export.page_count import TYPESET, count_pages, estimate_pages, soffice

    if not soffice():
        pytest.skip("LibreOffice 未安装")
    files = [get_form(f).build(demo_db, FormParams(year=YEAR), tmp_path / f"{f}.docx")
             for f in ("evaluation-summary", "life-meeting-report", "talks")]
    typeset, how = count_pages(files)
    assert how == TYPESET
    for f in files:
        assert abs(estimate_pages(f) - typeset[f]) <= 1, f.name


def test_archive_cli(demo_path, tmp_path, capsys):
    import shutil

    path = tmp_path / "b.db"
    shutil.copy(demo_path, path)
    assert main(["archive", "--db", str(path), "--year", "2025", "-o", str(tmp_path / "out"), "--estimate-pages"]) == 0
    said = capsys.readouterr().out
    assert "01_党支部工作记录.docx" in said and "11_发展党员卷内目录_孙丽.docx  2025年1月—8月" in said
    assert "已生成 2025 年度归档" in said and (tmp_path / "out.zip").is_file()
    assert main(["evaluation", "tally", "--db", str(path), "--year", "2025", "--member", "无此人", "--voters", "3"]) == 1
    assert "花名册中没有“无此人”" in capsys.readouterr().err
    assert main(["archive", "--db", str(path), "-o", str(tmp_path / "o2")]) == 1
    assert "请给出年度" in capsys.readouterr().err


def test_paper_book_one_meeting_a_page_without_page_numbers(demo_path, demo_db, tmp_path):
    import shutil

    import docx
    from docx.shared import Mm

    from tui.export.yearend_paperbook import PASTE_MARGINS_MM

    path = tmp_path / "b.db"
    shutil.copy(demo_path, path)
    out = tmp_path / "粘贴版.docx"
    assert main(["export", "minutes", "--paper-book", "--db", str(path), "--year", "2025", "-o", str(out)]) == 0
    n = counts(demo_db, "SELECT count(*) FROM meetings WHERE deleted_at IS NULL AND substr(date, 1, 4) = '2025'")
    document = docx.Document(str(out))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    breaks = [p for p in document.paragraphs if p._p.find(f"{W}pPr/{W}pageBreakBefore") is not None]
    assert len(breaks) == n - 1 and len(document.tables) >= n     # 整改清单, 评议 have tables of their own
    section = document.sections[0]
    assert "PAGE" not in section.footer._element.xml and not section.header.paragraphs[0].text
    assert abs(section.left_margin.mm - PASTE_MARGINS_MM[2]) < 0.1
    assert "会议目录" not in "\n".join(p.text for p in document.paragraphs)
    assert main(["export", "talks", "--paper-book", "--db", str(path), "--year", "2025", "-o", str(tmp_path / "t.docx")]) == 1


def test_ballot_order_roster(demo_path, tmp_path, capsys):
    import shutil

    path = tmp_path / "b.db"
    shutil.copy(demo_path, path)
    assert main(["yearend-settings", "--db", str(path), "--ballot-order", "roster"]) == 0
    assert "按花名册顺序" in capsys.readouterr().out
    out = tmp_path / "票.docx"
    assert main(["export", "evaluation-ballots", "--db", str(path), "--year", "2025", "-o", str(out)]) == 0
    from tui.store.db import close_db, open_db

    db = open_db(path)
    try:
        s = evaluation.evaluation_summary(db, YEAR)
        assert [r[1] for r in table_rows(out)[1:]] == [line.name for line in s.lines]   # by member number
    finally:
        close_db(db)
