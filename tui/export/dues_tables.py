"""The dues forms' writers: a titled table to .xlsx or .docx, from plain values.

A value is text (str), money (Fen: an int of fen, shown as yuan with two decimals), a count
(a plain int, such as 序号: a number in .xlsx) or None (an empty cell). In .xlsx money is a number formatted "0.00", computed from the int by Decimal
so no float arithmetic touches it; every text is a text cell (a name "=1+1" stays a name).
openpyxl and python-docx are imported inside the functions (start-up time is a contract).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from tui.export.atomic import atomic_write
from tui.export.docx_base import LANDSCAPE_TEXT_WIDTH_MM  # noqa: F401  (re-exported for tui.export.dues)
from tui.export.xlsx import (FONT, column_text_width, display_width, fit_row_heights, print_setup, set_text,
                             set_widths, thin_border)
from tui.rules.money import format_fen


class Fen(int):
    """An amount of money in fen, so the writers know to show it as yuan."""


@dataclass
class Table:
    sheet: str                              # sheet name (.xlsx)
    title: str
    header: list[str]                       # one label per column (the lower header row)
    rows: list[list[object]]
    groups: list[tuple[str, int]] | None = None   # optional upper header row: (label, columns)
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)     # lines under the table
    widths_mm: list[float] | None = None    # .docx column widths
    font_pt: float = 10.5
    cell_margin_mm: float | None = None      # .docx: narrower cell padding for dense tables
    print_breaks: list[int] = field(default_factory=list)   # .xlsx: print in parts, a part ending after each column
    print_title_cols: str | None = None      # .xlsx: columns repeated on every printed part ("A:B")


def yuan(fen: int) -> Decimal:
    """Exact yuan from int fen: 12345 → Decimal('123.45')."""
    return Decimal(int(fen)).scaleb(-2)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Fen):
        return format_fen(int(value))
    return str(value)


# ── .xlsx ──

def write_xlsx(path: Path, tables: list[Table], *, force: bool = False) -> Path:
    """One sheet per table; refuses to overwrite unless `force` (ExportError, Chinese)."""
    return atomic_write(Path(path), lambda tmp: _save_xlsx(tmp, tables), force=force)


def _save_xlsx(target: Path, tables: list[Table]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _register_styles(wb)
    for table in tables:
        _sheet(wb.create_sheet(table.sheet[:31]), table)
    wb.save(target)


_TEXT_STYLE, _MONEY_STYLE = "党费文字", "党费金额"


def _register_styles(wb) -> None:
    """Named styles: assigning one per cell is far cheaper than a Font/Border/Alignment each."""
    from openpyxl.styles import Alignment, Font, NamedStyle

    border = thin_border()
    wb.add_named_style(NamedStyle(_TEXT_STYLE, font=Font(name=FONT), border=border,
                                  alignment=Alignment(vertical="center", wrap_text=True)))
    wb.add_named_style(NamedStyle(_MONEY_STYLE, font=Font(name=FONT), border=border, number_format="0.00",
                                  alignment=Alignment(horizontal="right", vertical="center")))


def _sheet(ws, table: Table) -> None:
    from openpyxl.cell import Cell
    from openpyxl.styles import Alignment, Font

    ncols = len(table.header)
    # Printed in parts, the title and the notes span the first part, so page 1 shows them whole.
    first_part = min([ncols, *table.print_breaks])
    border = thin_border()
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(name=FONT, bold=True)
    plain = Font(name=FONT)

    set_text(ws.cell(row=1, column=1), table.title).font = Font(name=FONT, size=16, bold=True)
    ws.cell(row=1, column=1).alignment = centre
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=first_part)
    ws.row_dimensions[1].height = 30
    row = 2
    if table.subtitle:
        set_text(ws.cell(row=row, column=1), table.subtitle).font = plain
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=first_part)
        row += 1

    widths = [display_width(h) for h in table.header]
    header_top = row
    if table.groups:
        col = 1
        for label, span in table.groups:
            cell = set_text(ws.cell(row=row, column=col), label)
            cell.font, cell.alignment = bold, centre
            for c in range(col, col + span):
                ws.cell(row=row, column=c).border = border
                ws.cell(row=row + 1, column=c).border = border
            if span > 1:
                ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
            elif not table.header[col - 1]:
                ws.merge_cells(start_row=row, start_column=col, end_row=row + 1, end_column=col)
                widths[col - 1] = max(widths[col - 1], display_width(label))
            col += span
        row += 1
    for col, label in enumerate(table.header, start=1):
        if label or not table.groups:
            cell = set_text(ws.cell(row=row, column=col), label)
            cell.font, cell.alignment, cell.border = bold, centre, border
    first_body = row + 1

    # Each body cell gets a copy of a prototype's style ids: setting `cell.style` by name
    # re-resolves the named style on every cell, which dominates the time of a 500-row ledger.
    # The cells are made whole (Cell copies the style array it is given) and appended a row at
    # a time (Worksheet.append takes cells).
    text_proto, money_proto = Cell(ws), Cell(ws)
    text_proto.style, money_proto.style = _TEXT_STYLE, _MONEY_STYLE
    text_style, money_style = text_proto._style, money_proto._style
    # A column repeats its texts and amounts: each is measured (and each amount made a Decimal,
    # which is immutable) once.
    text_widths: dict[str, tuple[int, bool]] = {}   # text → (width, several lines)
    amounts: dict[int, tuple[Decimal, int]] = {}     # fen → (yuan, width)
    several_lines: set[int] = set()    # columns with a text of more than one line
    for values in table.rows:
        row += 1
        cells = []
        for col, value in enumerate(values, start=1):
            if isinstance(value, Fen):
                amount = amounts.get(value)
                if amount is None:
                    amount = amounts[value] = (yuan(value), len(format_fen(int(value))))   # digits: one unit each
                cell = Cell(ws, value=amount[0], style_array=money_style)
                width = amount[1]
            elif isinstance(value, int) and not isinstance(value, bool):
                cell = Cell(ws, value=value, style_array=text_style)
                width = len(str(value))
            else:
                text = cell_text(value)
                cell = set_text(Cell(ws, style_array=text_style), text)
                known = text_widths.get(text)
                if known is None:
                    known = text_widths[text] = (display_width(text), "\n" in text)
                width = known[0]
                if known[1]:
                    several_lines.add(col)
            cells.append(cell)
            if width > widths[col - 1]:
                widths[col - 1] = width
        ws.append(cells)
    last_body = row
    for line in table.notes:
        row += 1
        set_text(ws.cell(row=row, column=1), line).font = plain
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=first_part)

    set_widths(ws, widths, low=5, high=16)   # a long 备注 wraps rather than widening every page
    # Only a column whose widest text is wider than the column, or that holds a text of several
    # lines, can make a row taller: the others are not looked at again.
    fit_row_heights(ws, first_body, last_body, columns=[
        col for col, width in enumerate(widths, start=1)
        if col in several_lines or width > column_text_width(width, low=5, high=16)])
    ws.freeze_panes = ws.cell(row=first_body, column=3)
    print_setup(ws, title_rows=f"{header_top}:{first_body - 1}", title_cols=table.print_title_cols,
                page_breaks_after=table.print_breaks, header=table.title)


# ── .docx ──


def write_docx(
    path: Path,
    table: Table,
    *,
    landscape: bool = False,
    intro: list[str] | None = None,
    closing: list[str] | None = None,
    signature: list[str] | None = None,
    force: bool = False,
) -> Path:
    """The official layout: title, optional subtitle and paragraphs, the table, notes, signature."""
    from tui.export.docx_base import OfficialDoc

    doc = OfficialDoc()
    if landscape:
        doc.landscape()
    doc.title(table.title)
    if table.subtitle:
        doc.subtitle(table.subtitle)
    for text in intro or []:
        doc.para(text)
    header = list(table.header)
    if table.groups:  # .docx has one header row: fold the group label into each column's label
        header, col = [], 0
        for label, span in table.groups:
            for i in range(span):
                sub = table.header[col + i]
                header.append(f"{label}{sub}" if sub and span > 1 else (sub or label))
            col += span
    rows = [[cell_text(v) for v in values] for values in table.rows]
    doc.table(header, rows, widths_mm=table.widths_mm, font_pt=table.font_pt, cell_margin_mm=table.cell_margin_mm)
    for line in table.notes:
        doc.para(line)
    for text in closing or []:
        doc.para(text)
    if signature:
        doc.blank(1)
        doc.right("\n".join(signature), right_chars=2)
    return doc.save(path, force=force)

