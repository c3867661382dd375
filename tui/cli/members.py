"""zhibu import members FILE: a roster from .xlsx or .csv."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.cli.common import UserError, opened


def register(subparsers) -> None:
    p = subparsers.add_parser("import", help="导入花名册", description="从 Excel (.xlsx) 或 .csv 导入")
    what = p.add_subparsers(dest="what", metavar="对象", required=True)
    m = what.add_parser(
        "members", help="导入党员花名册",
        description="导入党员花名册（.xlsx 或 .csv）。表头上方可有标题行，列名可不同（姓名/姓 名、入党时间/入党日期 …），"
                    "日期格式不限。先列出列的对应、每行的问题和将新增、更新的党员，确认后才写入；"
                    "同名且出生年月相同的党员会被更新，不会重复录入。",
    )
    m.add_argument("file", metavar="FILE", help="花名册文件（.xlsx 或 .csv）")
    m.add_argument("--yes", action="store_true", help="不预览：导入无问题的行，列出其余行")
    m.set_defaults(handler=import_members)


def describe_preview(preview) -> list[str]:
    from tui.store.members import LABELS

    from tui.importers.roster import normalize_header

    labels = {**LABELS, "group_name": "党小组"}
    used = []
    for source, key in preview.mapping:
        if key:
            shown, label = normalize_header(source), labels.get(key, key)
            used.append(label if shown == label else f"{shown}→{label}")  # 性别, 政治面貌→党籍
    lines = ["列对应：" + "，".join(used)]
    if preview.ignored_columns:
        lines.append("不导入的列：" + "，".join(preview.ignored_columns))
    for w in preview.warnings:
        lines.append(f"注意：{w}")
    for row in preview.rows:
        if row.skipped_reason:
            lines.append(f"  第{row.row}行 跳过：{row.skipped_reason}")
        for problem in row.problems:
            lines.append(f"  {problem}")
    return lines


def import_members(args: argparse.Namespace) -> int:
    from tui.importers.roster import read_roster
    from tui.store.backups import backup_before
    from tui.store.roster_import import apply_import, describe_plan, plan_import

    path = Path(args.file)
    if not path.exists():
        raise UserError(f"找不到文件：{path}")
    preview = read_roster(path)
    good = [(r.row, r.values) for r in preview.rows if not r.problems and not r.skipped_reason]
    bad = [r for r in preview.rows if r.problems]
    for line in describe_preview(preview):
        print(line)
    if not good:
        print("没有可导入的行，未导入任何数据。", file=sys.stderr)
        return 1
    if bad and not args.yes:
        print(f"有 {len(bad)} 行存在问题，未导入任何数据。修改文件后重试，或加 --yes 只导入无问题的 {len(good)} 行。", file=sys.stderr)
        return 1
    if not args.yes and not sys.stdin.isatty():
        print("未确认，未导入。加 --yes 直接导入。", file=sys.stderr)
        return 1
    from tui.paths import resolve_db_path

    new_file = not resolve_db_path(getattr(args, "db", None)).exists()
    if new_file:
        print(f"将新增 {len(good)} 人（新建支部文件）")
        if not args.yes and not _confirm(len(good)):
            return 1
    with opened(args, must_exist=False) as db:
        if not args.yes and not new_file:
            for line in describe_plan(plan_import(db, good)):
                print(line)
            if not _confirm(len(good)):
                return 1
        backup_before(db, "导入")
        result = apply_import(db, good)
    print(f"已导入：新增 {result.added} 人，更新 {result.updated} 人"
          + (f"，{result.unchanged} 人无变化" if result.unchanged else "")
          + (f"，新建党小组 {'、'.join(result.groups_created)}" if result.groups_created else ""))
    if bad:
        print(f"未导入 {len(bad)} 行（见上方问题）。")
    return 0


def _confirm(count: int) -> bool:
    answer = input(f"导入 {count} 行？[y/N] ").strip().lower()
    if answer in ("y", "yes", "是"):
        return True
    print("已取消，未导入。")
    return False
