"""zhibu committee FOLDER: the 组织员's view of every 报送包 in a folder (read-only), the
drill-down to one branch's sheet, and the merged workbook (--merge -o FILE.xlsx)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.cells import cell_len

from tui.cli.common import UserError


def register(subparsers) -> None:
    p = subparsers.add_parser("committee", help="汇总一个文件夹里各支部的报送包（只读）",
                              description="打开文件夹里的全部报送包（只读），按支部列出各项指标，落后的支部标出")
    p.add_argument("folder", metavar="FOLDER", help="放报送包（.xlsx）的文件夹")
    p.add_argument("--branch", metavar="支部", help="只看一个支部（名称或其中几个字）")
    p.add_argument("--sheet", metavar="表", help="与 --branch 同用：列出该支部报送包的一张表，如 三会一课")
    p.add_argument("--merge", action="store_true", help="写出合并的汇总表（与 -o 同用）")
    p.add_argument("-o", "--output", metavar="FILE", help="汇总表 .xlsx 的路径")
    p.add_argument("--roster", action="store_true", help="汇总表中也合并各支部的党员名册（并列出跨支部重名）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(handler=committee)


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c + " " * (w - cell_len(c)) for c, w in zip(cells, widths)).rstrip()


def table_lines(header: list[str], rows: list[list[str]], *, limit: int = 40) -> list[str]:
    rows = [[str(c) for c in r] for r in rows]
    widths = [min(max([cell_len(h)] + [cell_len(r[i]) for r in rows if i < len(r)]), limit) for i, h in enumerate(header)]
    clipped = [[c if cell_len(c) <= limit else c[: limit // 2 - 1] + "…" for c in r] for r in rows]
    return [_line(header, widths), *(_line(r, widths) for r in clipped)]


def committee(args: argparse.Namespace) -> int:
    from tui.committee.view import MEASURES, open_folder
    from tui.importers.package import PackageError

    if args.roster and not args.merge:
        raise UserError("--roster 需与 --merge -o 文件名.xlsx 同用")
    if args.merge != bool(args.output):
        raise UserError("写汇总表请同时给出 --merge 和 -o 文件名.xlsx")
    if args.sheet and not args.branch:
        raise UserError("--sheet 需与 --branch 同用，如 --branch 第一党支部 --sheet 三会一课")
    try:
        view = open_folder(Path(args.folder))
    except PackageError as exc:
        raise UserError(str(exc)) from None
    for message in view.messages:
        print(f"注意：{message}")
    if not view.rows:
        raise UserError(f"{args.folder} 中没有可汇总的报送包")
    if args.branch:
        return _one_branch(view, args.branch, args.sheet)
    behind = [r for r in view.rows if r.flagged]
    print(f"报送包汇总：{len(view.rows)} 个支部，{len(behind)} 个有落后项（标 ⚠）")
    rows = [[("⚠ " if r.flagged else "  ") + r.label, *r.cells()[1:]] for r in view.rows]
    for line in table_lines(["  " + MEASURES[0], *MEASURES[1:]], rows):
        print(line)
    for r in behind:
        print(f"⚠ {r.label}：{'；'.join(r.flags)}")
    if args.merge:
        from tui.export.package_merge import write_merged

        written = write_merged(view, Path(args.output), roster=args.roster, force=args.force)
        print(f"已写出汇总表：{written}")
    return 0


def _one_branch(view, wanted: str, sheet: str | None) -> int:
    found = [r for r in view.rows if wanted in r.label]
    if not found:
        raise UserError(f"没有名称含「{wanted}」的支部；有：{'、'.join(r.label for r in view.rows)}")
    if len(found) > 1:
        raise UserError(f"名称含「{wanted}」的支部有 {len(found)} 个：{'、'.join(r.label for r in found)}，请写全")
    row = found[0]
    pkg = row.package
    if not sheet:
        print(f"{row.label}（{pkg.period_label}，文件 {pkg.path.name}，格式版本 {pkg.version}）")
        print(f"工作表：{'、'.join(pkg.sheets)}")
        for flag in row.flags:
            print(f"⚠ {flag}")
        return 0
    if sheet not in pkg.sheets:
        raise UserError(f"{pkg.path.name} 中没有工作表「{sheet}」；有：{'、'.join(pkg.sheets)}")
    table = pkg.table(sheet)
    from tui.export.xlsx import text_of

    for line in table_lines(list(table.header), [[text_of(v) for v in r] for r in table.rows]):
        print(line)
    return 0
