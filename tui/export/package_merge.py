"""The committee's merged workbook: every branch's package side by side, in one .xlsx.

It reads packages only (never branch files) and never writes into one. Sheets: 汇总 (one row a
branch, the measures and why it is behind), 说明 (files not read, duplicates set aside, names
colliding), then each package sheet stacked with a leading 支部 column. The members' names
(党员名册, and the per-member 学时 and 发展党员 sheets) go in only when asked for (`roster=True`);
the 学时 count is in 汇总 either way. The committee's usual returns are counts,
and 15 branches of 2,000 members make it the bulk of the work; names found in two branches'
rosters are then listed in 说明.
"""

from __future__ import annotations

from pathlib import Path

from tui import clock
from tui.committee.view import MEASURES, CommitteeView
from tui.export import package_format as fmt
from tui.export.atomic import ExportError, atomic_write
from tui.export.package import write_sheet

STACKED = (fmt.MEETINGS, fmt.DUES, fmt.TALKS, fmt.PAIRINGS)
WITH_NAMES = (fmt.ROSTER, *fmt.OPTIONAL_SHEETS)       # one row a person: only with roster=True


def stacked(view: CommitteeView, sheet: str) -> tuple[tuple[str, ...], list[list[object]]]:
    """`sheet` of every branch that has it, one under another, with a 支部 column first; the
    columns are the union of the packages' (periods of different lengths have different months)."""
    header: list[str] = []
    parts = []
    for row in view.rows:
        if sheet not in row.package.sheets:
            continue
        table = row.package.table(sheet)
        header += [h for h in table.header if h not in header]
        parts.append((row.label, table))
    out = []
    for label, table in parts:
        where = [table.header.index(h) if h in table.header else None for h in header]
        for r in table.rows:
            out.append([label, *(r[i] if i is not None and i < len(r) else None for i in where)])
    return ("支部", *header), out


def name_collisions(view: CommitteeView) -> list[tuple[str, list[str]]]:
    """Names found in the rosters of more than one branch: (姓名, [支部, …]). Two people, or one
    person on two rosters (a transfer not yet done): the committee checks which."""
    seen: dict[str, list[str]] = {}
    for row in view.rows:
        for name in row.package.table(fmt.ROSTER).column("姓名"):
            if name:
                branches = seen.setdefault(str(name), [])
                if row.label not in branches:
                    branches.append(row.label)
    return sorted((n, b) for n, b in seen.items() if len(b) > 1)


def write_merged(view: CommitteeView, out: Path, *, roster: bool = False, force: bool = False) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ExportError(f"汇总表只能导出为 .xlsx，不能是 {out.suffix or '无扩展名'}")
    if not view.rows:
        raise ExportError(f"{view.folder} 中没有可汇总的报送包")
    sources = {r.package.path.resolve() for r in view.rows}
    if out.resolve() in sources:
        raise ExportError(f"{out.name} 是一个报送包，汇总表不能写进报送包，请换一个文件名")
    collisions = name_collisions(view) if roster else []
    summary = [[i, *row.cells(), "；".join(row.flags), row.package.path.name] for i, row in enumerate(view.rows, start=1)]
    notes = [[f"汇总时间：{clock.now():%Y-%m-%d %H:%M}"], [f"文件夹：{view.folder}"],
             [f"已汇总 {len(view.rows)} 个支部，其中 {sum(r.flagged for r in view.rows)} 个有落后项"],
             *([m] for m in view.messages),
             *([f"姓名「{name}」同时出现在：{'、'.join(branches)}（请核对是否同一人）"] for name, branches in collisions)]
    sheets = [("汇总", ("序号", *MEASURES, "落后原因", "来源文件"), summary), ("说明", ("说明",), notes)]
    for sheet in (*STACKED, *WITH_NAMES) if roster else STACKED:
        header, rows = stacked(view, sheet)
        if rows:
            sheets.append((sheet, header, rows))

    def save(tmp: Path) -> None:
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        for title, header, rows in sheets:
            write_sheet(wb, title, header, rows)
        wb.save(tmp)

    return atomic_write(out, save, force=force)
