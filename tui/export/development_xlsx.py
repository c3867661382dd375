"""发展党员名册 as .xlsx: one sheet per group the committee collects (入党积极分子 新增 / 存量,
发展对象, 预备党员), a title, a Chinese header, text cells only."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tui.export.atomic import atomic_write
from tui.export.xlsx import FONT, display_width, fit_row_heights, print_setup, set_text, set_widths, thin_border


def write_roster_xlsx(path: Path, year: int, branch_name: str, groups: dict[str, list[Sequence[str]]], *,
                      force: bool = False) -> Path:
    from tui.export.development_docx import ROSTER_HEADER

    def save(target: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        wb = Workbook()
        wb.remove(wb.active)
        border = thin_border()
        centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for group, rows in groups.items():
            ws = wb.create_sheet(group.replace("（", "-").replace("）", "")[:31])
            title = ws.cell(row=1, column=1)
            set_text(title, f"{branch_name} {year}年{group}名册".strip())
            title.font = Font(name=FONT, size=14, bold=True)
            title.alignment = centre
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(ROSTER_HEADER))
            widths = [display_width(h) for h in ROSTER_HEADER]
            for col, header in enumerate(ROSTER_HEADER, 1):
                cell = set_text(ws.cell(row=2, column=col), header)
                cell.font, cell.alignment, cell.border = Font(name=FONT, bold=True), centre, border
            for r, row in enumerate(rows, 3):
                for col, value in enumerate(row, 1):
                    cell = set_text(ws.cell(row=r, column=col), value)
                    cell.font, cell.border = Font(name=FONT), border
                    widths[col - 1] = max(widths[col - 1], display_width(value))
            set_widths(ws, widths)
            fit_row_heights(ws, 3, max(len(rows) + 2, 3))
            print_setup(ws, title_rows="2:2", header=f"{branch_name} {group}")
        wb.save(target)

    return atomic_write(Path(path), save, force=force)
