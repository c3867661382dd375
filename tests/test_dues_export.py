"""党费 forms: export, reopen, and check every figure against what was recorded."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tui.export.atomic import ExportError
from tui.export.catalogue import FormParams, get_form
from tui.store import dues
from tui.store import members as member_store
from tui.store.branch import save_branch

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def branch(db):
    """Three members in 2025: a teacher by breakdown, a retiree by base, a student admitted in March."""
    save_branch(db, {"name": "测试党支部"})
    teacher = member_store.save_member(db, {"name": "张慧", "category": "教工", "join_date": "2005-06-01"})
    retiree = member_store.save_member(db, {"name": "王老", "category": "离退休", "join_date": "1980-07-01"})
    db.execute("UPDATE members SET name = '=王老' WHERE id = ?", [retiree])   # a name from an older file
    student = member_store.save_member(db, {"name": "李明", "category": "学生", "join_date": "2025-03-15"})
    dues.assess_from_form(db, teacher, 2025, {
        "category": "在职", "post_pay": "3000", "grade_pay": "2000", "basic_perf": "2500.50", "allowance": "500",
        "pension": "640", "medical": "160", "unemployment": "40", "annuity": "320", "housing_fund": "960",
        "income_tax": "100.50"})                                   # base 5780.00 → 86.70
    dues.assess_from_form(db, retiree, 2025, {"category": "离退休", "base": "4321.09"})   # → 21.61
    dues.save_assessment(db, student, 2025, "学生")                                       # → 0.20
    for month in range(1, 13):
        dues.record_payment(db, teacher, 2025, month, 8_670, f"2025-{month:02d}-10", collector="赵敏", today=TODAY)
    for month in (1, 2, 3):
        dues.record_payment(db, retiree, 2025, month, 2_161, "2025-01-06", "现金", today=TODAY)
    dues.record_payment(db, retiree, 2025, 4, 1_000, "2025-11-20", today=TODAY)          # part, 7 months late
    for month in range(3, 13):
        dues.record_payment(db, student, 2025, month, 20, "2025-12-01", "代交", proxy_name="张慧", today=TODAY)
    dues.record_payment(db, teacher, 2025, 7, 50_000, "2025-07-01", voluntary=True, note="七一", today=TODAY)
    return {"teacher": teacher, "retiree": retiree, "student": student}


TEACHER_DUE, RETIREE_DUE, STUDENT_DUE = 12 * 8_670, 12 * 2_161, 10 * 20
TEACHER_PAID, RETIREE_PAID, STUDENT_PAID = 12 * 8_670, 3 * 2_161 + 1_000, 10 * 20
DUE, PAID = TEACHER_DUE + RETIREE_DUE + STUDENT_DUE, TEACHER_PAID + RETIREE_PAID + STUDENT_PAID


def money(value) -> Decimal:
    """A cell's value as exact yuan (the reader gives floats/ints; compare through their text)."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def export(db, form: str, path: Path) -> Path:
    return get_form(form).build(db, FormParams(year=2025), path)


def rows_of(ws) -> dict[str, tuple]:
    return {r[1]: r for r in ws.iter_rows(values_only=True) if r and r[1]}


def test_assessment_xlsx(db, branch, tmp_path):
    from openpyxl import load_workbook

    ws = load_workbook(export(db, "dues-assessment", tmp_path / "核定表.xlsx")).active
    assert ws["A1"].value == "测试党支部2025年度党费核定表"
    assert [c.value for c in ws[2]] == ["序号", "姓名", "类别", "岗位工资", "薪级工资", "基础性绩效", "津贴补贴", "养老",
                                        "医疗", "失业", "职业年金", "公积金", "个税", "税后基数", "比例", "月应交", "备注"]
    rows = rows_of(ws)
    teacher = rows["张慧"]
    assert [money(v) for v in teacher[3:14]] == [yuan(f) for f in (300_000, 200_000, 250_050, 50_000, 64_000, 16_000,
                                                                   4_000, 32_000, 96_000, 10_050, 578_000)]
    assert teacher[14:16] == ("1.5%", 86.7)
    assert rows["=王老"][2] == "离退休" and money(rows["=王老"][13]) == Decimal("4321.09")
    assert (rows["=王老"][14], money(rows["=王老"][15])) == ("0.5%", Decimal("21.61"))
    assert (rows["李明"][2], rows["李明"][13], rows["李明"][14], money(rows["李明"][15])) == ("学生", None, "—", Decimal("0.20"))
    assert money(rows["合计"][15]) == yuan(8_670 + 2_161 + 20)
    assert ws["B4"].data_type == "s"   # "=王老" stays text, not a formula


def test_ledger_xlsx_every_month(db, branch, tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(export(db, "dues-ledger", tmp_path / "台账.xlsx"))
    ws = wb["收缴台账"]
    assert ws["A1"].value == "测试党支部2025年度党费收缴台账"
    assert [ws.cell(row=2, column=c).value for c in (6, 8, 28, 30, 31, 32, 33)] == ["1月", "2月", "12月", "全年应交", "全年实交", "备注", "收款人"]
    assert [ws.cell(row=3, column=c).value for c in (6, 7)] == ["实交", "交纳日期"]
    rows = rows_of(ws)
    teacher, retiree, student = rows["张慧"], rows["=王老"], rows["李明"]
    assert [money(teacher[5 + 2 * i]) for i in range(12)] == [Decimal("86.70")] * 12
    assert [teacher[6 + 2 * i] for i in range(12)] == [f"{m}月10日" for m in range(1, 13)]
    assert (money(teacher[2]), teacher[3], money(teacher[4])) == (Decimal("5780.00"), "1.5%", Decimal("86.70"))
    assert [money(teacher[29]), money(teacher[30])] == [yuan(TEACHER_DUE), yuan(TEACHER_PAID)]
    assert (teacher[31], teacher[32]) == ("自愿多交 500.00 元", "赵敏")
    assert [retiree[5 + 2 * i] and money(retiree[5 + 2 * i]) for i in range(5)] == [
        Decimal("21.61")] * 3 + [Decimal("10.00"), None]
    assert retiree[12] == "11月20日" and "4月补交超过六个月" in retiree[31]
    assert [money(retiree[29]), money(retiree[30])] == [yuan(RETIREE_DUE), yuan(RETIREE_PAID)]
    assert student[5:9] == ("—", "—", "—", "—")
    assert [money(student[29]), money(student[30])] == [yuan(STUDENT_DUE), yuan(STUDENT_PAID)]
    total = rows["合计"]
    monthly = [8_670 + 2_161 + (20 if m >= 3 else 0) for m in range(1, 13)]
    monthly[3], monthly[4:] = 8_670 + 1_000 + 20, [8_690] * 8
    assert [money(total[5 + 2 * i]) for i in range(12)] == [yuan(f) for f in monthly]
    assert sum(monthly) == PAID
    assert [money(total[29]), money(total[30]), total[31]] == [yuan(DUE), yuan(PAID), "收缴率 85.8%"]
    vol = rows_of(wb["自愿多交"])
    assert (vol["张慧"][2], money(vol["张慧"][3]), vol["张慧"][6]) == ("7月", Decimal("500.00"), "七一")


def test_ledger_docx(db, branch, tmp_path):
    import docx

    doc = docx.Document(export(db, "dues-ledger", tmp_path / "台账.docx"))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells][:6] == ["序号", "姓名", "基数", "比例", "月应交", "1月"]
    cells = {row.cells[1].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert cells["张慧"][5:7] == ["86.70\n1月10日", "86.70\n2月10日"]
    assert cells["=王老"][8:10] == ["10.00\n11月20日", ""]
    assert cells["李明"][5] == "—"
    assert cells["合计"][17:19] == [str(yuan(DUE)), str(yuan(PAID))]
    assert doc.sections[0].page_width > doc.sections[0].page_height   # landscape


def test_assessment_docx(db, branch, tmp_path):
    import docx

    doc = docx.Document(export(db, "dues-assessment", tmp_path / "核定表.docx"))
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in doc.tables[0].rows[1:]}
    assert rows["张慧"][3:] == ["3000.00", "2000.00", "2500.50", "500.00", "640.00", "160.00", "40.00", "320.00",
                               "960.00", "100.50", "5780.00", "1.5%", "86.70", ""]
    assert rows["合计"][15] == "108.51"


def test_notice_docx(db, branch, tmp_path):
    import docx

    doc = docx.Document(export(db, "dues-notice", tmp_path / "公示.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "测试党支部\n2025年度党费收缴情况公示" in text
    assert f"全年应交党费{yuan(DUE):,}元，实交{yuan(PAID):,}元，收缴率85.8%；2名党员足额交纳。" in text
    assert "另有党员自愿多交党费500.00元。" in text
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in doc.tables[0].rows[1:]}
    assert rows["=王老"][2:] == ["21.61", str(yuan(RETIREE_DUE)), str(yuan(RETIREE_PAID)), "", f"欠交 {yuan(RETIREE_DUE - RETIREE_PAID)} 元"]
    assert rows["合计"][3:6] == [str(yuan(DUE)), str(yuan(PAID)), "500.00"]


def test_wrong_format_and_existing_file_are_refused(db, branch, tmp_path):
    with pytest.raises(ExportError, match=r"只能导出为 \.docx"):
        export(db, "dues-notice", tmp_path / "公示.xlsx")
    path = export(db, "dues-ledger", tmp_path / "台账.xlsx")
    with pytest.raises(ExportError, match="文件已存在"):
        export(db, "dues-ledger", path)


def test_cli_exports_the_ledger(db, branch, tmp_path):
    from tui.store.db import close_db, db_path_of

    path = db_path_of(db)
    close_db(db)
    out = tmp_path / "cli台账.xlsx"
    done = subprocess.run([sys.executable, "-m", "tui", "export", "dues-ledger", "--year", "2025", "-o", str(out),
                           "--db", str(path)], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "已导出「党费收缴台账」" in done.stdout and out.exists()


def test_export_modules_import_no_heavy_libraries():
    code = ("import sys\nimport tui.export.dues, tui.store.dues\n"
            "assert not {'textual', 'openpyxl', 'docx'} & set(sys.modules), sorted(sys.modules)\n")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


def test_a_notice_during_its_year_counts_only_the_months_so_far(db, branch):
    """Made on 2025-05-20 and told to count through May: the months to come are not owed."""
    from tui.export.dues import notice_parts

    table, intro, _, _ = notice_parts(db, 2025, today=dt.date(2025, 5, 20), picked=(2025, 5))
    rows = {r[1]: r for r in table.rows}
    assert table.header[3:5] == ["1—5月应交", "1—5月实交"]
    assert (rows["张慧"][3], rows["张慧"][4], rows["张慧"][6]) == (5 * 8_670, 5 * 8_670, "")
    assert rows["李明"][3:5] == [3 * 20, 3 * 20]                       # admitted in March
    assert rows["=王老"][6] == f"未交 {yuan(5 * 2_161 - (3 * 2_161 + 1_000))} 元"
    due, paid = 5 * 8_670 + 5 * 2_161 + 3 * 20, 5 * 8_670 + 3 * 2_161 + 1_000 + 3 * 20
    assert rows["合计"][3:5] == [due, paid]
    assert intro[1].startswith(f"截至2025年5月底，本支部应交纳党费党员3名，应交党费{yuan(due):,}元，实交{yuan(paid):,}元")
    assert "2名党员足额交纳" in intro[1]


def test_a_reduction_in_the_assessment_form_says_what_the_rules_ask(db, branch, tmp_path):
    from openpyxl import load_workbook

    dues.assess_from_form(db, branch["teacher"], 2025, {
        "category": "在职", "base": "5780", "reduction": "30", "reduction_ref": "院党委〔2025〕3号", "note": "家庭困难"})
    rows = rows_of(load_workbook(export(db, "dues-assessment", tmp_path / "核定表.xlsx")).active)
    assert money(rows["张慧"][15]) == Decimal("30.00")
    assert rows["张慧"][16] == "少交（院党委〔2025〕3号），按规定每月应交 86.70 元；家庭困难"


def test_dense_dues_tables_narrow_the_cell_padding(db, branch, tmp_path):
    """Twelve month columns on a landscape page: Word's 1.9 mm padding would wrap every amount."""
    import docx

    for form in ("dues-ledger", "dues-assessment"):
        doc = docx.Document(export(db, form, tmp_path / f"{form}.docx"))
        ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        margin = doc.tables[0]._tbl.tblPr.find(f"{ns}tblCellMar/{ns}left")
        assert margin is not None and int(margin.get(f"{ns}w")) <= 40


@pytest.mark.parametrize("day, through", [
    (dt.date(2025, 12, 1), 11),     # December has just begun: nobody owes it yet
    (dt.date(2025, 12, 31), 11),    # the last day of December: still not over
    (dt.date(2025, 7, 15), 6),      # mid-year
])
def test_a_notice_in_its_own_year_counts_through_last_month(db, branch, day, through):
    from tui.export.dues import notice_parts

    table, intro, _, _ = notice_parts(db, 2025, today=day)
    assert table.header[3:5] == [f"1—{through}月应交", f"1—{through}月实交"]
    assert f"（截至2025年{through}月）" in table.title
    assert intro[1].startswith(f"截至2025年{through}月底，") and "全年" not in intro[1]
    assert not any("欠交" in str(r[6]) for r in table.rows)


def test_a_notice_on_new_years_day_is_the_whole_year(db, branch):
    from tui.export.dues import notice_parts

    table, intro, _, _ = notice_parts(db, 2025, today=dt.date(2026, 1, 1))
    assert table.header[3:5] == ["全年应交", "全年实交"] and "截至" not in table.title
    assert "2025年度本支部应交纳党费党员3名，全年应交党费" in intro[1]


def test_a_notice_before_any_month_is_over_is_refused(db, branch):
    from tui.export.atomic import ExportError
    from tui.export.dues import notice_parts

    with pytest.raises(ExportError, match="还没有已结束的月份"):
        notice_parts(db, 2026, today=dt.date(2026, 1, 10))
