"""zhibu check: the home's list of due and overdue items as text, and the file's integrity."""

from __future__ import annotations

import argparse
import sys

from tui.cli.common import UserError
from tui.rules.dates import cn_date
from tui import clock

EXIT_DAMAGED = 2


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "check",
        help="列出应办与逾期事项，并检查文件完整性",
        description="列出应办、逾期和已办事项（与工作台相同），并检查支部文件是否完好（文件损坏时退出码为 2）",
    )
    p.add_argument("--date", metavar="D", help="按这一天计算（默认今天），如 2026-11-21")
    p.add_argument("--reindex", action="store_true", help="只有索引损坏时重建索引（先另存一份当前文件）")
    p.set_defaults(handler=check)


def report_lines(items, day) -> list[str]:
    from tui.rules import obligations as rules

    marks = {rules.OVERDUE: "✗", rules.DUE: "…", rules.DONE: "✓"}
    n = rules.counts(items)
    lines = [f"{cn_date(day)}：逾期 {n[rules.OVERDUE]} 项，应办 {n[rules.DUE]} 项，已办 {n[rules.DONE]} 项"]
    for status in (rules.OVERDUE, rules.DUE, rules.DONE):
        group = [i for i in items if i.status == status]
        if not group:
            continue
        lines.append("")
        lines.append(f"{rules.STATUS_LABELS[status]}（{len(group)}）")
        for item in group:
            lines.append(f"  {marks[status]} {item.title}　{item.period}　{item.detail}")
    return lines


def form_lines(db, day) -> list[str]:
    """What the year's 党建工作总结 would state as short (tui.export.forms_checks): told here too,
    so the secretary acts before the form is written. In the first quarter, last year's as well."""
    from tui.export.forms_checks import summary_shortfalls
    from tui.rules.forms import resolve_period
    from tui.store.summary import period_summary

    lines = []
    for year in ([day.year - 1] if day.month <= 3 else []) + [day.year]:
        s = period_summary(db, resolve_period(year, today=day), today=day)
        found = summary_shortfalls(s)
        if found:
            lines += ["", f"{year}年度党建工作总结中会写明的不足（{s.rule.roster_label}）"]
            lines += [f"  ! {line}" for line in found]
    return lines


def check(args: argparse.Namespace) -> int:
    """The full integrity_check runs on the file before anything opens it for writing: a damaged
    file is reported (exit 2) and never upgraded, and a file needing an upgrade is backed up
    first, like every other opener."""
    import sqlite3

    from tui.paths import resolve_db_path
    from tui.rules.dates import normalize_date, to_date
    from tui.store.backups import backup_before_migrate, backup_trouble
    from tui.store.db import close_db, open_db
    from tui.store.errors import DamagedFileError
    from tui.store.file_checks import check_file, only_indexes_damaged

    day = to_date(normalize_date(args.date, "日期")) if args.date else clock.today()
    path = resolve_db_path(getattr(args, "db", None))
    if not path.exists():
        raise UserError(f"找不到支部文件：{path}。先运行 zhibu 建立支部，或用 --db 指定文件。")
    problems = check_file(path)
    if problems and only_indexes_damaged(problems) and args.reindex:
        problems = _reindex(path)
    if problems:
        print("文件完整性：发现问题，文件已损坏（程序没有向它写入任何内容）", file=sys.stderr)
        for line in problems[:20]:
            print(f"  {line}", file=sys.stderr)
        if only_indexes_damaged(problems):
            print("只有索引损坏，记录本身完好：运行 zhibu check --reindex 重建索引（会先另存一份当前文件）。",
                  file=sys.stderr)
        else:
            print("请用备份恢复（zhibu backups 查看，zhibu restore 1 恢复最新的），或联系技术人员。", file=sys.stderr)
        return EXIT_DAMAGED
    try:
        db = open_db(path, before_migrate=backup_before_migrate)
    except (DamagedFileError, sqlite3.DatabaseError) as exc:   # a bad header fails on the first pragma
        why = exc if isinstance(exc, DamagedFileError) else f"支部文件 {path.name} 已损坏或不是 zhibu 的文件（{exc}）。"
        print(f"文件完整性：已损坏\n{why}\n请用备份恢复（zhibu restore），或联系技术人员。", file=sys.stderr)
        return EXIT_DAMAGED
    try:
        from tui.store import obligations as store
        from tui.store.branch import get_branch

        print(f"支部：{get_branch(db).name or '（未设置）'}　文件：{path}")
        print("文件完整性：正常（完整检查）")
        trouble = backup_trouble(path)
        if trouble:
            print(f"注意：{trouble}", file=sys.stderr)
        for line in report_lines(store.home_obligations(db, day), day):
            print(line)
        for line in form_lines(db, day):
            print(line)
    finally:
        close_db(db)
    return 0


def _reindex(path) -> list[str]:
    """zhibu check --reindex: rebuild the indexes; the problems left afterwards ([] = mended)."""
    from tui.store.backups import repair_indexes
    from tui.store.db import close_db, open_db
    from tui.store.errors import StoreError
    from tui.store.file_checks import check_file

    db = open_db(path, migrate=False)
    try:
        aside = repair_indexes(db)
    except StoreError as exc:
        print(f"重建索引没有完成：{exc}", file=sys.stderr)
        return check_file(path)
    finally:
        close_db(db)
    print(f"已重建索引，文件检查通过。重建前的文件另存为 {aside}")
    return []
