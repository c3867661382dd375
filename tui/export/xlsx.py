"""What every .xlsx writer shares: text cells that stay text, column widths counted in Chinese
cells, the house font, thin borders and a landscape A4 page. openpyxl is imported only inside
the functions that need it (start-up time is a contract)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

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
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
                for line in text_of(text).splitlines()), default=0)


def thin_border():
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def set_widths(ws, widths: Iterable[int], *, low: int = 6, high: int = 40) -> None:
    """Column widths from the widest text of each column, two units of air, within low–high."""
    from openpyxl.utils import get_column_letter

    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, low), high)


def landscape_a4(ws) -> None:
    """Print landscape on A4, as wide as one page and as long as it takes."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
