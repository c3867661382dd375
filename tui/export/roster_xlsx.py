"""党员花名册 as .xlsx: a title, a Chinese header, one text row per member, optional 统计 sheet."""

from __future__ import annotations

from copy import copy
from pathlib import Path

from tui.export.atomic import ExportError, atomic_write
from tui.export.xlsx import FONT, display_width, fit_row_heights, print_setup, set_text, set_widths, text_of, thin_border

# (header, member dict key); 序号 is the row's position, not a key.
ROSTER_COLUMNS: list[tuple[str, str]] = [
    ("序号", ""), ("姓名", "name"), ("性别", "gender"), ("民族", "ethnicity"),
    ("出生日期", "birth_date"), ("学历", "education"), ("学位", "degree"), ("职称", "title"),
    ("职称等级", "title_grade"), ("岗位", "post"), ("人员类别", "category"),
    ("党籍", "party_status"), ("入党日期", "join_date"), ("转正日期", "full_date"),
    ("党小组", "group_name"), ("支部职务", "role"), ("手机", "phone"), ("荣誉", "honours"),
    ("备注", "note"),
]

_MIN_WIDTH, _MAX_WIDTH = 6, 40


def write_roster_xlsx(path: Path, branch_name: str, members: list[dict],
                      stats: list[tuple[str, int]] | None = None, *, force: bool = False) -> None:
    """Write the roster to `path` atomically; ExportError (Chinese) if it cannot.

    Every member value is written as a text cell, so "=1+1" stays a name and
    phone numbers keep their digits. Refuses to overwrite unless `force`.
    """
    for label, count in stats or []:
        if not isinstance(count, int) or isinstance(count, bool):
            raise ExportError(f"统计项“{label}”的人数应为整数，不是“{count}”")
    atomic_write(Path(path), lambda tmp: _save(tmp, branch_name, members, stats), force=force)


def _save(target: Path, branch_name: str, members: list[dict], stats: list[tuple[str, int]] | None) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    ncols = len(ROSTER_COLUMNS)
    border = thin_border()
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    title = ws.cell(row=1, column=1)
    set_text(title, f"{branch_name} 党员花名册".strip())
    title.font = Font(name=FONT, size=16, bold=True)
    title.alignment = centre
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 30

    widths = [display_width(header) for header, _ in ROSTER_COLUMNS]
    for col, (header, _) in enumerate(ROSTER_COLUMNS, start=1):
        cell = ws.cell(row=2, column=col)
        set_text(cell, header)
        cell.font = Font(name=FONT, bold=True)
        cell.alignment = centre
        cell.border = border

    body_font = Font(name=FONT)
    body_align = Alignment(vertical="center", wrap_text=True)
    # The body's two looks (序号 centred, the rest wrapped), each set once on a prototype cell and
    # copied by its style ids: assigning font, alignment and border to every cell hashes each
    # style object each time, which was most of the time of a 2,000-member roster.
    looks = []
    for alignment in (centre, body_align):
        proto = Cell(ws)
        proto.font, proto.alignment, proto.border = body_font, alignment, border
        looks.append(proto._style)
    for index, member in enumerate(members, start=1):
        row = index + 2
        for col, (_, key) in enumerate(ROSTER_COLUMNS, start=1):
            text = str(index) if not key else text_of(member.get(key))
            cell = ws.cell(row=row, column=col)
            if key:
                set_text(cell, text)
            else:
                cell.value = index  # 序号 is a number: it sorts and sums as one
            cell._style = copy(looks[col != 1])
            widths[col - 1] = max(widths[col - 1], display_width(text))

    set_widths(ws, widths, low=_MIN_WIDTH, high=_MAX_WIDTH)
    fit_row_heights(ws, 3, len(members) + 2)
    ws.freeze_panes = "A3"
    print_setup(ws, title_rows="2:2", header=f"{branch_name} 党员花名册".strip())

    if stats is not None:
        _stats_sheet(wb.create_sheet("统计"), stats, border)
    wb.save(target)


def _stats_sheet(ws, stats: list[tuple[str, int]], border) -> None:
    from openpyxl.styles import Font

    for col, header in enumerate(("项目", "人数"), start=1):
        cell = ws.cell(row=1, column=col)
        set_text(cell, header)
        cell.font = Font(name=FONT, bold=True)
        cell.border = border
    for row, (label, count) in enumerate(stats, start=2):
        label_cell = ws.cell(row=row, column=1)
        set_text(label_cell, label)
        ws.cell(row=row, column=2, value=count)  # a count is a number so it can be summed
        for col in (1, 2):
            ws.cell(row=row, column=col).border = border
            ws.cell(row=row, column=col).font = Font(name=FONT)
    width = max([display_width(label) for label, _ in stats] + [4])
    ws.column_dimensions["A"].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)
    ws.column_dimensions["B"].width = 10
    ws.freeze_panes = "A2"
    print_setup(ws, landscape=False, title_rows="1:1")
