"""结对情况一览表 as .xlsx: 结对一览 (text cells; 序号, 活动次数 and 活动学时 numbers), 成果统计
(numbers, so they can be summed), 成果明细 (every outcome of the period). Every sheet prints on A4
through xlsx.print_setup. openpyxl is imported only when writing."""

from __future__ import annotations

from pathlib import Path

from tui.export.atomic import atomic_write
from tui.export.xlsx import FONT, display_width, fit_row_heights, print_setup, set_text, set_widths, thin_border

LIST_COLUMNS = [("序号", ""), ("模式", "mode"), ("结对名称", "title"), ("课程/课题/难题", "object"),
                ("结对成员", "members"), ("起止时间", "period"), ("状态", "status"),
                ("活动次数", "activities"), ("活动学时", "hours"), ("主要成果", "outcomes")]
# Columns whose values are numbers (besides 序号, the row's position).
NUMBER_KEYS = {"activities", "hours"}
DETAIL_COLUMNS = [("序号", ""), ("模式", "mode"), ("结对名称", "pairing"), ("成果类别", "kind"),
                  ("级别", "level"), ("获得日期", "date"), ("成果名称", "title"), ("佐证材料", "evidence")]


def write_pairings_xlsx(path: Path, report, *, force: bool = False) -> Path:
    return atomic_write(Path(path), lambda tmp: _save(tmp, report), force=force)


def _save(target: Path, report) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    _add_styles(wb)
    heading = f"{report.branch_name} {report.title}（{report.period}）".strip()
    _text_sheet(wb.active, "结对一览", heading, LIST_COLUMNS, report.rows)
    _stats_sheet(wb.create_sheet("成果统计"), report)
    _text_sheet(wb.create_sheet("成果明细"), "成果明细", f"成果明细（{report.period}）", DETAIL_COLUMNS, report.outcomes)
    wb.save(target)


def _add_styles(wb) -> None:
    """Named styles, registered once: assigning one per cell is far cheaper than setting font,
    border and alignment objects cell by cell (openpyxl hashes each of those)."""
    from openpyxl.styles import Alignment, Font, NamedStyle

    border = thin_border()
    wrap = Alignment(vertical="center", wrap_text=True)
    wb.add_named_style(NamedStyle("zb_body", font=Font(name=FONT), border=border, alignment=wrap))
    wb.add_named_style(NamedStyle("zb_header", font=Font(name=FONT, bold=True), border=border,
                                  alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)))
    wb.add_named_style(NamedStyle("zb_title", font=Font(name=FONT, size=14, bold=True)))
    wb.add_named_style(NamedStyle("zb_text", font=Font(name=FONT)))
    wb.add_named_style(NamedStyle("zb_bold", font=Font(name=FONT, bold=True)))


def _text_sheet(ws, title: str, heading: str, columns, rows: list[dict]) -> None:
    ws.title = title
    set_text(ws.cell(row=1, column=1), heading).style = "zb_title"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    widths = [display_width(h) for h, _ in columns]
    for col, (header, _) in enumerate(columns, start=1):
        set_text(ws.cell(row=2, column=col), header).style = "zb_header"
    for i, row in enumerate(rows, start=1):
        for col, (_, key) in enumerate(columns, start=1):
            cell = ws.cell(row=i + 2, column=col)
            if not key or key in NUMBER_KEYS:
                cell.value = i if not key else row.get(key)
            else:
                set_text(cell, row.get(key))
            cell.style = "zb_body"
            widths[col - 1] = max(widths[col - 1], display_width(cell.value))
    set_widths(ws, widths, high=30)
    fit_row_heights(ws, 3, len(rows) + 2)
    ws.freeze_panes = "A3"
    print_setup(ws, title_rows="2:2", header=heading)


def _stats_sheet(ws, report) -> None:
    levels = list(report.levels)
    set_text(ws.cell(row=1, column=1), f"成果统计（{report.period}）").style = "zb_title"
    header = ["模式", "成果类别", *levels, "合计"]
    for col, h in enumerate(header, start=1):
        set_text(ws.cell(row=2, column=col), h).style = "zb_header"
    r = 3
    for mode, kind, per, total in report.stats_rows:
        set_text(ws.cell(row=r, column=1), mode)
        set_text(ws.cell(row=r, column=2), kind)
        for col, n in enumerate([*per, total], start=3):
            ws.cell(row=r, column=col, value=n)
        r += 1
    set_text(ws.cell(row=r, column=1), "合计")
    sums = [sum(row[2][i] for row in report.stats_rows) for i in range(len(levels))]
    for col, n in enumerate([*sums, sum(sums)], start=3):
        ws.cell(row=r, column=col, value=n)
    for row in ws.iter_rows(min_row=3, max_row=r, max_col=len(header)):
        for cell in row:
            cell.style = "zb_body"

    r += 2
    for col, h in enumerate(["模式", "结对数", "其中进行中", "活动次数", "活动学时", "成果数"], start=1):
        set_text(ws.cell(row=r, column=col), h).style = "zb_header"
    for name, n, ongoing, acts, hours, outs in report.totals:
        r += 1
        set_text(ws.cell(row=r, column=1), name)
        for col, v in enumerate([n, ongoing, acts], start=2):
            ws.cell(row=r, column=col, value=v)
        ws.cell(row=r, column=5, value=float(hours) if "." in hours else int(hours))
        ws.cell(row=r, column=6, value=outs)
        for col in range(1, 7):
            ws.cell(row=r, column=col).style = "zb_body"

    r += 2
    set_text(ws.cell(row=r, column=1), "成果概述").style = "zb_bold"
    for sentence in report.sentences or ["本期尚无登记的成果。"]:
        r += 1
        set_text(ws.cell(row=r, column=1), sentence).style = "zb_text"
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 14
    print_setup(ws, landscape=False, title_rows="2:2", header=f"成果统计（{report.period}）")
