"""党费 forms: 党费核定表, 党费收缴台账, 年度党费收缴情况公示.

Each builder gathers the year's figures from the store and hands plain tables to
tui.export.dues_tables. Every total is a sum of the same int fen the rows show.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from tui.export.atomic import ExportError
from tui.export.dues_tables import LANDSCAPE_TEXT_WIDTH_MM, Fen, Table, write_docx, write_xlsx
from tui.rules import dues as rules
from tui.rules.asof import as_of
from tui.rules.dates import cn_date, year_bounds
from tui.rules.money import format_fen
from tui.store import dues as store
from tui.store.branch import get_branch
from tui import clock

BASE_CATEGORIES = (rules.SALARIED, rules.RETIRED)


def _year(params) -> int:
    year = params.year or clock.today().year
    if not 1921 <= year <= clock.today().year + 1:
        raise ExportError(f"「年度」不是有效年份：{year}")
    return year


def _suffix(out: Path, allowed: tuple[str, ...]) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in allowed:
        raise ExportError(f"只能导出为 {'、'.join(allowed)}，不能是 {suffix or '无扩展名'}")
    return suffix


def _branch_name(db) -> str:
    return get_branch(db).name or "党支部"


# ── 党费核定表 ──


def assessment_table(db, year: int) -> Table:
    book = store.ledger(db, year)
    header = ["序号", "姓名", "类别", *(f.short for f in rules.BREAKDOWN_FIELDS), "税后基数", "比例", "月应交", "备注"]
    rows: list[list[object]] = []
    total = 0
    for n, row in enumerate(book.rows, start=1):
        a = row.assessment
        if a is None:
            rows.append([n, row.name, "", *([None] * len(rules.BREAKDOWN_FIELDS)), None, "", None, "未核定"])
            continue
        items = [Fen(a.breakdown[f.key]) if a.breakdown.get(f.key) else None for f in rules.BREAKDOWN_FIELDS]
        base = Fen(a.base_fen) if a.category in BASE_CATEGORIES else None
        note = "；".join(filter(None, (a.explanation if (a.reduction_fen is not None or a.over_ceiling) else "", a.note)))
        rows.append([n, row.name, a.category, *items, base, a.rate_text if a.rate_bp else "—", Fen(a.monthly_fen), note])
        total += a.monthly_fen
    rows.append(["", "合计", "", *([None] * len(rules.BREAKDOWN_FIELDS)), None, "", Fen(total), f"{sum(1 for r in book.rows if r.assessment)} 人"])
    ruleset = store.ruleset_for(db, year)
    notes = [
        f"依据：{ruleset.source}。税后基数 = 岗位工资 + 薪级工资 + 基础性绩效 + 津贴补贴 − 养老 − 医疗 − 失业 − 职业年金 − 公积金 − 个税。",
        "比例：在职党员税后月收入3000元以下（含）0.5%，3000—5000元（含）1%，5000—10000元（含）1.5%，10000元以上2%；"
        "离退休党员5000元以下（含）0.5%，5000元以上1%；学生、失业、低保党员按固定金额。",
    ]
    widths = [8, 14, 12, *([13] * 10), 16, 10, 13, 30]
    return Table("党费核定表", f"{_branch_name(db)}{year}年度党费核定表", header, rows, notes=notes,
                 widths_mm=_fit(widths), font_pt=8, cell_margin_mm=0.6)


def export_assessment(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    year = _year(params)
    suffix = _suffix(out, (".xlsx", ".docx"))
    table = assessment_table(db, year)
    if suffix == ".xlsx":
        return write_xlsx(Path(out), [table], force=force)
    return write_docx(Path(out), table, landscape=True, force=force)


# ── 党费收缴台账 ──


@functools.lru_cache(maxsize=4096)   # a year's ledger repeats a few hundred payment days 20,000 times
def _short_date(iso: str, year: int) -> str:
    """A payment date in the ledger's month column: “3月15日” within the year, else in full."""
    if iso.startswith(f"{year:04d}-"):
        return f"{int(iso[5:7])}月{int(iso[8:10])}日"
    return cn_date(iso[:10])


def ledger_tables(db, year: int) -> list[Table]:
    book = store.ledger(db, year)
    who = store.collectors(db, year)
    groups = [("序号", 1), ("姓名", 1), ("基数", 1), ("比例", 1), ("月应交", 1),
              *((f"{m}月", 2) for m in range(1, 13)), ("全年应交", 1), ("全年实交", 1), ("备注", 1), ("收款人", 1)]
    header = ["", "", "", "", "", *(["实交", "交纳日期"] * 12), "", "", "", ""]
    rows: list[list[object]] = []
    for n, row in enumerate(book.rows, start=1):
        a = row.assessment
        months: list[object] = []
        for cell in row.cells:
            if not cell.owed:
                months += ["—", "—"]
            elif cell.paid_fen:
                months += [Fen(cell.paid_fen), _short_date(cell.last_paid, year)]
            else:
                months += [None, None]
        base = Fen(a.base_fen) if a and a.category in BASE_CATEGORIES else None
        rate = (a.rate_text if a.rate_bp else "—") if a else ""
        rows.append([n, row.name, base, rate, Fen(a.monthly_fen) if a else None, *months,
                     Fen(row.due_fen), Fen(row.paid_fen), "；".join(row.notes), who.get(row.member_id, "")])
    totals: list[object] = []
    for paid in book.month_paid:
        totals += [Fen(paid), None]
    rows.append(["", "合计", None, "", None, *totals, Fen(book.due_fen), Fen(book.paid_fen),
                 f"收缴率 {book.rate_text}", ""])
    today = clock.today()
    if year == today.year and today.month > 1:
        # The current year: the rate is as of the months already over (tui.rules.asof).
        last = dues_months(year, today)
        due, paid = sum(book.month_due[:last]), sum(book.month_paid[:last])
        summary = (f"截至{year}年{last}月底应交 {format_fen(due, thousands=True)} 元，实交 "
                   f"{format_fen(paid, thousands=True)} 元，收缴率 {rules.collection_rate(due, paid)}；")
    else:
        summary = (f"全年应交 {format_fen(book.due_fen, thousands=True)} 元，实交 {format_fen(book.paid_fen, thousands=True)} 元，"
                   f"收缴率 {book.rate_text}；")
    notes = [
        summary + f"自愿多交 {format_fen(book.voluntary_fen, thousands=True)} 元另行记录。",
        "“—”表示该月不在本支部（入党前或转出后），无须交纳；补交超过六个月的已在备注中注明。",
    ]
    widths = [6, 13, 14, 8, 11, *([10.5, 9] * 12), 14, 14, 18, 11]
    main = Table("收缴台账", f"{_branch_name(db)}{year}年度党费收缴台账", header, rows, groups=groups,
                 notes=notes, widths_mm=_fit(widths), font_pt=7,
                 print_breaks=[5 + 12], print_title_cols="A:B")  # 1—6月, then 序号/姓名 + 7—12月 and the totals
    voluntary = _voluntary_table(db, book, year)
    return [main, voluntary]


def _voluntary_table(db, book: store.Ledger, year: int) -> Table:
    rows: list[list[object]] = []
    n = 0
    for row in book.rows:
        if not row.voluntary_fen:
            continue
        for p in store.list_payments(db, row.member_id, year):
            if p.voluntary:
                n += 1
                rows.append([n, row.name, f"{p.month}月", Fen(p.amount_fen), cn_date(p.paid_date), p.method, p.note])
    rows.append(["", "合计", "", Fen(book.voluntary_fen), "", "", ""])
    return Table("自愿多交", f"{_branch_name(db)}{year}年度自愿多交党费", ["序号", "姓名", "月份", "金额", "交纳日期", "方式", "备注"], rows)


def ledger_docx_table(table: Table) -> Table:
    """The .docx page is narrower: each month's 实交 and 交纳日期 share one cell, on two lines."""
    from tui.export.dues_tables import cell_text

    header = ["序号", "姓名", "基数", "比例", "月应交", *(f"{m}月" for m in range(1, 13)),
              "全年应交", "全年实交", "备注", "收款人"]
    rows = []
    for values in table.rows:
        months = [
            "\n".join(filter(None, (cell_text(values[5 + 2 * i]), cell_text(values[6 + 2 * i]))))
            if values[5 + 2 * i] != "—" else "—"
            for i in range(12)
        ]
        rows.append([*(cell_text(v) for v in values[:5]), *months, *(cell_text(v) for v in values[29:])])
    widths = [7, 13, 16, 9, 12, *([12.5] * 12), 15, 15, 19, 11]
    return Table(table.sheet, table.title, header, rows, notes=table.notes, widths_mm=_fit(widths), font_pt=7.5,
                 cell_margin_mm=0.5)


def export_ledger(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    year = _year(params)
    suffix = _suffix(out, (".xlsx", ".docx"))
    tables = ledger_tables(db, year)
    if suffix == ".xlsx":
        return write_xlsx(Path(out), tables, force=force)
    return write_docx(Path(out), ledger_docx_table(tables[0]), landscape=True, force=force)


# ── 年度党费收缴情况公示 ──


def dues_months(year: int, today: dt.date, picked: tuple[int, int] | None = None) -> int:
    """Through which month of `year` the dues forms count (tui.rules.asof): a past year whole;
    the current year through last month, or through the month the secretary picked. Raises
    ExportError when no month of the year is over yet."""
    rule = as_of(*year_bounds(year), today, dues_through=picked)
    if rule.dues_through is None:
        raise ExportError(f"{year}年还没有已结束的月份，暂不能公示党费。可在本月结束后导出，或指定统计到本月（--through {year}-{today.month:02d}）。")
    return rule.dues_through[1]


def notice_parts(db, year: int, today: dt.date | None = None, picked: tuple[int, int] | None = None
                 ) -> tuple[Table, list[str], list[str], list[str]]:
    """(table, intro, closing, signature) of the yearly 公示.

    A notice made during its own year counts the months already over (through last month, or a
    month the secretary picked, tui.rules.asof): a month that has just begun is not owed yet,
    and a public notice must not call anyone behind for it.
    """
    today = today or clock.today()
    book = store.ledger(db, year)
    name = _branch_name(db)
    through = dues_months(year, today, picked)
    partial = through < 12
    rows: list[list[object]] = []
    due_total = paid_total = voluntary_total = members = fully = 0
    for n, row in enumerate(book.rows, start=1):
        a = row.assessment
        due, paid = sum(row.due[:through]), sum(row.paid[:through])
        voluntary = sum(row.voluntary[:through])
        notes = []
        if a is not None and a.reduction_fen is not None:
            notes.append("经批准" + ("免交" if a.reduction_fen == 0 else "少交"))
        if row.left_date:
            notes.append(f"{cn_date(row.left_date[:7])}转出")
        if due > paid:
            notes.append(f"{'未交' if partial else '欠交'} {format_fen(due - paid)} 元")
        rows.append([n, row.name, Fen(a.monthly_fen) if a else None, Fen(due), Fen(paid),
                     Fen(voluntary) if voluntary else None, "；".join(notes)])
        due_total, paid_total, voluntary_total = due_total + due, paid_total + paid, voluntary_total + voluntary
        members += any(row.owed[:through])
        fully += bool(due) and paid >= due
    rate = rules.collection_rate(due_total, paid_total)
    rows.append(["", "合计", None, Fen(due_total), Fen(paid_total), Fen(voluntary_total), f"收缴率 {rate}"])
    period = f"截至{year}年{through}月底，" if partial else f"{year}年度"
    due_word = "应交" if partial else "全年应交"
    intro = [
        f"根据《中国共产党章程》和中共中央组织部《关于中国共产党党费收缴、使用和管理的规定》，现将{name}{year}年度党费收缴情况公示如下：",
        f"{period}本支部应交纳党费党员{members}名，{due_word}党费{format_fen(due_total, thousands=True)}元，"
        f"实交{format_fen(paid_total, thousands=True)}元，收缴率{rate}；{fully}名党员足额交纳。"
        + (f"另有党员自愿多交党费{format_fen(voluntary_total, thousands=True)}元。" if voluntary_total else ""),
    ]
    closing = ["公示期为5个工作日。如对公示内容有疑问，请向支部书记或组织委员反映。"]
    signature = [name, cn_date(today)]
    header = ["序号", "姓名", "月应交", f"1—{through}月应交" if partial else "全年应交",
              f"1—{through}月实交" if partial else "全年实交", "自愿多交", "备注"]
    title = f"{name}\n{year}年度党费收缴情况公示" + (f"\n（截至{year}年{through}月）" if partial else "")
    table = Table("公示", title, header,
                  rows, widths_mm=[12, 22, 20, 24, 24, 22, 32], font_pt=10.5)
    return table, intro, closing, signature


def export_notice(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    year = _year(params)
    _suffix(out, (".docx",))
    table, intro, closing, signature = notice_parts(db, year, picked=params.dues_through)
    return write_docx(Path(out), table, intro=intro, closing=closing, signature=signature, force=force)


def _fit(widths: list[float]) -> list[float]:
    """Scale column widths to the landscape text width."""
    total = sum(widths)
    return [w * LANDSCAPE_TEXT_WIDTH_MM / total for w in widths]
