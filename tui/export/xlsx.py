"""What every .xlsx writer shares: text cells that stay text, column widths counted in Chinese
cells, the house font, thin borders and one print setup (A4, page numbers, repeated headers).
openpyxl is imported only inside the functions that need it (start-up time is a contract)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

FONT = "宋体"
# Characters openpyxl refuses to write (control characters other than tab/newline), and those
# XML cannot hold at all (U+FFFE, U+FFFF, lone surrogates: Excel calls the file damaged).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def text_of(value: object) -> str:
    """A value as cell text: None → '', 3.0 → '3', without the characters openpyxl refuses."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _ILLEGAL.sub("", str(value))


def set_text(cell, value: object):
    """Write `value` into `cell` as text and return the cell. Assigning "=…" makes openpyxl
    store a formula; forcing the type keeps the literal text ("=1+1" stays a name)."""
    cell.value = text_of(value)
    cell.data_type = "s"
    return cell


def display_width(text: object) -> int:
    """Column width units: a CJK (wide) character counts 2, the longest line wins."""
    return max(map(_line_width, text_of(text).splitlines()), default=0)


@functools.lru_cache(maxsize=1 << 16)
def _line_width(line: str) -> int:
    # Cached: a sheet repeats its dates, amounts and names down the columns.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def thin_border():
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def set_widths(ws, widths: Iterable[int], *, low: int = 6, high: int = 40) -> None:
    """Column widths from the widest text of each column, two units of air, within low–high."""
    from openpyxl.utils import get_column_letter

    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, low), high)


def column_text_width(width: int, *, low: int = 6, high: int = 40) -> int:
    """How wide a text fits on one line of the column set_widths makes for `width` (the unit of
    air at the right taken off, as fit_row_heights counts it)."""
    return max(1, int(min(max(width + 2, low), high) - 1))


def fit_row_heights(ws, first_row: int, last_row: int, *, line_pt: float = 15,
                    columns: Sequence[int] | None = None) -> None:
    """Heights for rows whose wrapped text takes more than one line. Excel and LibreOffice do
    not grow a row that openpyxl wrote, so a two-line cell would print over the next row.
    `columns` (1-based): the only columns that can hold such a text, when the writer knows."""
    from openpyxl.utils import get_column_letter

    if columns is not None and not columns:
        return
    widths: dict[int, int] = {}
    known: dict[tuple[str, int], int] = {}   # (text, width) → lines: columns repeat their values
    if columns is None:
        rows = ws.iter_rows(min_row=first_row, max_row=last_row)
    else:
        rows = ([ws.cell(row=r, column=c) for c in columns] for r in range(first_row, last_row + 1))
    for row in rows:
        lines = 1
        for cell in row:
            value = cell.value
            if not isinstance(value, str) or not value:
                continue
            width = widths.get(cell.column)
            if width is None:
                dim = ws.column_dimensions.get(get_column_letter(cell.column))
                width = widths[cell.column] = max(1, int((dim.width if dim is not None and dim.width else 8.43) - 1))
            n = known.get((value, width))
            if n is None:
                n = known[value, width] = sum(max(1, -(-display_width(part) // width)) for part in value.split("\n"))
            lines = max(lines, n)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = lines * line_pt


PAGE_FOOTER = "第 &P 页 共 &N 页"
# A4 in mm, the margins print_setup sets (inches, as openpyxl takes them) and what is left.
_A4_MM = (210, 297)
_SIDE_MARGIN_IN, _TOP_MARGIN_IN = 0.25, 0.6  # Excel's “窄” margins at the sides
# Excel's column width unit is one '0' of the default 11 pt font: 7 px, plus 5 px of padding,
# at 96 px an inch.
_PX_PER_UNIT, _PX_PADDING, _PX_PER_MM = 7, 5, 96 / 25.4


def column_mm(width_units: float) -> float:
    return (width_units * _PX_PER_UNIT + _PX_PADDING) / _PX_PER_MM


def print_setup(
    ws,
    *,
    landscape: bool = True,
    title_rows: str | None = None,
    title_cols: str | None = None,
    page_breaks_after: Sequence[int] = (),
    header: str = "",
) -> None:
    """How every sheet prints: A4, landscape by default, the header rows (and with `title_cols`
    the name columns) repeated on every page, “第 1 页 共 3 页” in the footer, centred.

    A sheet is fitted to the page's width; with `page_breaks_after` (column numbers) it is
    printed in parts instead — a wide ledger as two half-years — at the one scale at which the
    widest part fits, rather than shrunk to unreadable type on a single page.
    Call after the column widths are set.
    """
    from openpyxl.worksheet.pagebreak import Break
    from openpyxl.worksheet.page import PageMargins

    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    ws.page_margins = PageMargins(left=_SIDE_MARGIN_IN, right=_SIDE_MARGIN_IN, top=_TOP_MARGIN_IN,
                                  bottom=_TOP_MARGIN_IN, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    ws.oddFooter.center.text = PAGE_FOOTER
    ws.oddFooter.center.font = FONT
    ws.oddFooter.center.size = 10
    if header:
        ws.oddHeader.right.text = text_of(header).replace("&", "&&")
        ws.oddHeader.right.font = FONT
        ws.oddHeader.right.size = 9
    if not page_breaks_after:
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        return
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    for col in page_breaks_after:
        ws.col_breaks.append(Break(id=col))
    setup.scale = _scale_for_parts(ws, page_breaks_after, title_cols, landscape)


def _scale_for_parts(ws, breaks: Sequence[int], title_cols: str | None, landscape: bool) -> int:
    """The largest whole percentage at which every part of the sheet is one page wide."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    def width(first: int, last: int) -> float:
        total = 0.0
        for col in range(first, last + 1):
            dim = ws.column_dimensions.get(get_column_letter(col))
            total += column_mm(dim.width if dim is not None and dim.width else 8.43)
        return total

    repeated = 0.0
    if title_cols:
        first, _, last = title_cols.replace("$", "").partition(":")
        repeated = width(column_index_from_string(first), column_index_from_string(last or first))
    edges = [0, *breaks, ws.max_column]
    parts = [width(a + 1, b) + (repeated if i else 0) for i, (a, b) in enumerate(zip(edges, edges[1:])) if b > a]
    paper = (_A4_MM[1] if landscape else _A4_MM[0]) - 2 * _SIDE_MARGIN_IN * 25.4
    return max(10, min(100, int(paper / max(parts) * 100)))
