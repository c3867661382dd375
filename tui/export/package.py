"""The 报送包 (.xlsx): one workbook per branch and period with the fixed sheets of
tui.export.package_format, for the upper committee; `zhibu committee` reads a folder of them.

The workbook is written in openpyxl's write-only mode (a 2,000-member roster in a fraction of a
second), text cells forced to text (a name starting with "=" stays a name).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from tui.export import package_format as fmt
from tui.export.atomic import ExportError, atomic_write
from tui.export.package_data import PackageData, gather, package_period
from tui.export.xlsx import FONT, display_width, text_of
from tui.store.errors import ValidationError

# Widths need not measure every row of a long roster: the first rows say enough.
_WIDTH_SAMPLE = 200


def export_package(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    """The catalogue's builder: `params.extra["extras"]` lists the roster's extra columns
    (keys of ROSTER_EXTRAS), each one the secretary's explicit choice."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ExportError(f"报送包只能导出为 .xlsx，不能是 {out.suffix or '无扩展名'}")
    try:
        date_from, date_to = package_period(params.year, params.date_from, params.date_to)
    except ValueError as exc:
        raise ValidationError(f"日期格式不对：{exc}", "起始日期") from None
    extras = tuple(params.extra.get("extras") or ())
    data = gather(db, date_from, date_to, extras=extras)
    if progress:
        progress(0.5)
    written = write_package(out, data, force=force)
    if progress:
        progress(1.0)
    return written


def write_package(out: Path, data: PackageData, *, force: bool = False) -> Path:
    return atomic_write(Path(out), lambda tmp: _save(tmp, data), force=force)


def _save(target: Path, data: PackageData) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    write_sheet(wb, fmt.META, ("项目", "值"), [list(kv) for kv in data.meta])
    for name, (header, rows) in data.sheets.items():
        write_sheet(wb, name, header, rows)
    wb.save(target)


def write_sheet(wb, title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """One write-only sheet: a bold header row frozen at the top, then the rows; numbers stay
    numbers, everything else is text."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    ws = wb.create_sheet(title)
    rows = list(rows)
    widths = [display_width(h) for h in header]
    for row in rows[:_WIDTH_SAMPLE]:
        for i, v in enumerate(row[:len(widths)]):
            widths[i] = max(widths[i], display_width(v))
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(w + 2, 6), 40)
    ws.freeze_panes = "A2"
    bold = Font(name=FONT, bold=True)
    head = []
    for h in header:
        cell = WriteOnlyCell(ws, value=text_of(h))
        cell.font = bold
        head.append(cell)
    ws.append(head)
    for row in rows:
        ws.append([_cell(ws, v, WriteOnlyCell) for v in row])


def _cell(ws, value: object, cell_class):
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        cell = cell_class(ws, value=float(value))
        cell.number_format = "0.00"
        return cell
    text = text_of(value)
    if text.startswith("="):
        cell = cell_class(ws, value=text)
        cell.data_type = "s"
        return cell
    return text
