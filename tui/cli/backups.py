"""zhibu backup / backups / restore, and the backups taken around a session of the app.

Opening the app: a damaged file is never opened for writing. The secretary is told so plainly
and offered the newest good backup (Enter restores it; the damaged file is kept aside).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.common import UserError
from tui.rules.dates import ascii_digits

if TYPE_CHECKING:
    import argparse


def register(subparsers) -> None:
    b = subparsers.add_parser("backup", help="立即备份支部文件", description="备份支部文件并校验；校验通过后才轮换旧备份")
    b.add_argument("--to", metavar="DIR", help="备份到这个文件夹（如U盘），而不是默认的备份文件夹")
    b.set_defaults(handler=backup_now)

    ls = subparsers.add_parser("backups", help="列出备份", description="列出支部文件的备份，最新的在前")
    ls.set_defaults(handler=list_cmd)

    r = subparsers.add_parser("restore", help="从备份恢复", description="用一份备份替换支部文件；当前文件先备份，可用 --undo 撤销")
    r.add_argument("backup", nargs="?", help="备份文件路径，或 zhibu backups 列表中的编号（1 = 最新）")
    r.add_argument("--undo", action="store_true", help="撤销上一次恢复")
    r.set_defaults(handler=restore_cmd)


def _db_path(args: argparse.Namespace) -> Path:
    from tui.paths import resolve_db_path

    path = resolve_db_path(getattr(args, "db", None))
    if path.is_dir():
        raise UserError(f"不能使用 {path}：这是一个文件夹，不是支部文件。请检查 --db 的路径。")
    return path


def backup_now(args: argparse.Namespace) -> int:
    from tui.store.backups import take_backup

    path = _db_path(args)
    if not path.exists():
        raise UserError(f"找不到支部文件：{path}")
    to = Path(args.to).expanduser() if args.to else None
    result = take_backup(path, to, reason="手动", rotate=to is None)
    print(f"已备份并校验：{result.info.path}")
    print(f"  {result.info.describe()}")
    for copy in result.copies:
        print(f"  已复制到第二个位置：{copy}")
    for warning in result.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    if result.deleted:
        print(f"  按保留规则删除了 {len(result.deleted)} 份较旧的备份")
    return 0


def format_line(index: int, info) -> str:
    state = "已校验" if info.verified else "未校验"
    return (
        f"{index:>3}  {info.created:%Y-%m-%d %H:%M}  {state}  党员 {info.members:>4}  "
        f"记录 {info.records:>6}  {info.reason or '—'}  {info.path.name}"
    )


def list_cmd(args: argparse.Namespace) -> int:
    from tui.store.backups import default_backup_dir, list_backups

    path = _db_path(args)
    folder = default_backup_dir(path)
    backups = list_backups(folder, path.stem)
    if not path.exists():
        if not backups:
            raise UserError(f"找不到支部文件：{path}，也没有它的备份（{folder}）。请检查 --db 的路径。")
        print(f"支部文件 {path} 不存在；可以用下面的备份恢复它。")
    if not backups:
        print(f"还没有备份（{folder}）。运行 zhibu backup 立即备份。")
        return 0
    print(f"支部文件 {path} 的备份（{folder}），最新的在前：")
    for i, info in enumerate(backups, 1):
        print(format_line(i, info))
    print("恢复：zhibu restore 编号（当前文件会先备份，可用 zhibu restore --undo 撤销）")
    return 0


def resolve_backup(spec: str, db_path: Path) -> Path:
    """A path, a file name in the branch's backup folder, or a number from the list (1 = newest)."""
    from tui.store.backups import default_backup_dir, list_backups

    candidate = Path(spec).expanduser()
    if candidate.is_file():
        return candidate
    folder = default_backup_dir(db_path)
    if ascii_digits(spec) and len(spec) < 10:
        backups = list_backups(folder, db_path.stem)
        n = int(spec)
        if not 1 <= n <= len(backups):
            raise UserError(f"没有编号为 {n} 的备份（共 {len(backups)} 份，见 zhibu backups）")
        return backups[n - 1].path
    if (folder / spec).is_file():
        return folder / spec
    raise UserError(f"找不到备份：{spec}（见 zhibu backups）")


def restore_cmd(args: argparse.Namespace) -> int:
    from tui.store.backups import restore, undo_restore

    path = _db_path(args)
    if args.undo:
        result = undo_restore(path)
        print(f"已撤销上一次恢复：{path} 已回到恢复之前的内容。")
    else:
        if not args.backup:
            raise UserError("请指定要恢复的备份（编号或文件路径，见 zhibu backups），或加 --undo 撤销上一次恢复。")
        result = restore(resolve_backup(args.backup, path), path)
        print(f"已从备份恢复：{result.restored_from.name} → {path}")
    _report_restore(result, print)
    return 0


def _report_restore(result, say: Callable[[str], None]) -> None:
    if result.undo_point:
        say(f"  恢复前的文件已备份为 {result.undo_point.name}；撤销：zhibu restore --undo")
    for aside in result.set_aside[:1]:
        say(f"  损坏的文件没有删除，另存为 {aside}")


# ── around a session of the app ──

def _backup_before_migrate(path: Path, old_version: int) -> None:
    from tui.store.backups import backup_before_migrate  # only when a file needs upgrading

    backup_before_migrate(path, old_version)


def open_for_app(path: Path, *, demo: bool = False, ask: Callable[[str], str] = input,
                 say: Callable[[str], None] = print, interactive: bool | None = None,
                 background_check: bool = False):
    """Open the branch file for the app and recover from a backup if it is damaged (the day's
    backup is `opening_backup`, after). Returns (db, notices for the app to show), or (None, [])
    when the secretary chose not to go on.

    The full check takes about 0.4 s on a large branch. With `background_check` the app's first
    screen does not wait for it: the file is opened with its writes held (tui.store.write_gate)
    and the app runs the check once its screen is up (tui.screens.file_check); until the result
    is known a save waits, and a damaged file refuses every save. Otherwise the file is checked
    here, first. A file that cannot even be opened (header, schema) is damaged either way.
    A full disk is never taken for damage: StoreError propagates (磁盘空间不足), and no restore
    is offered.
    """
    from tui.store.db import open_db
    from tui.store.errors import DamagedFileError
    from tui.store.file_checks import check_file, secure_db_files, storage_warning
    from tui.store.write_gate import hold_writes

    notices: list[str] = []
    problems = [] if background_check else check_file(path)
    db = None
    if not problems:
        try:
            db = open_db(path, before_migrate=None if demo else _backup_before_migrate)
        except DamagedFileError as exc:
            problems = [str(exc)]
        else:
            if background_check:
                hold_writes(db)
    if problems:
        if interactive is None:
            interactive = sys.stdin is not None and sys.stdin.isatty()
        restored = recover(path, problems, ask=ask, say=say, interactive=interactive)
        if restored is None:
            return None, []
        notices.append(restored)
        db = open_db(path, before_migrate=_backup_before_migrate)  # a verified backup: no gate
    if not demo:
        secure_db_files(path)
        warning = storage_warning(path.resolve().parent)
        if warning:
            notices.append(warning)
    db._zhibu_changes_at_open = db.conn.total_changes  # type: ignore[attr-defined]
    return db, notices


def opening_backup(path: Path) -> list[str]:
    """The day's backup, taken once the app is up: on a large branch it takes half a second,
    so the app runs it in a thread after its first screen. Returns what to tell the secretary."""
    from tui.store.backups import backup_if_due
    from tui.store.errors import StoreError

    from tui.store.backups import backup_trouble

    try:
        result = backup_if_due(path)
    except StoreError as exc:
        return [f"打开时的自动备份没有完成：{exc}"]
    if result is None:
        trouble = backup_trouble(path)  # an earlier backup failed and none has worked since
        return [trouble] if trouble else []
    return [f"备份：{w}" for w in result.warnings]


def after_app(db, *, demo: bool = False) -> str | None:
    """On closing: back up when anything was saved during the session. Returns a message when
    that backup failed (the app has closed, so it goes to the console)."""
    from tui.store.backups import take_backup
    from tui.store.errors import StoreError

    if demo or db is None:
        return None
    baseline = getattr(db, "_zhibu_changes_at_open", 0)
    if db.conn.total_changes <= baseline:
        return None
    try:
        take_backup(db, reason="关闭时")
    except StoreError as exc:
        return f"关闭时的自动备份没有完成：{exc}"
    return None


def recover(path: Path, problems: list[str], *, ask: Callable[[str], str] = input,
            say: Callable[[str], None] = print, interactive: bool = True) -> str | None:
    """Tell the secretary the file is damaged and offer the newest good backup.

    Returns a notice for the app once a backup has been restored; None when nothing was done
    (the damaged file is left exactly as it was)."""
    from tui.store.backups import check_file, default_backup_dir, not_a_database, restore
    from tui.store.errors import StoreError

    good = recovery_candidates(path)
    why = not_a_database(path)
    if why and not good:  # most likely a wrong --db, not a damaged branch
        say(f"不能打开 {path}：{why}。\n程序没有打开它，也没有向它写入任何内容；请检查 --db 的路径。")
        return None
    say(f"支部文件已损坏，为保护数据，程序没有打开它，也没有向它写入任何内容：\n  {path}")
    for problem in problems[:5]:
        say(f"  · {problem}")
    if not good:
        say(f"没有找到这个支部文件的备份（{default_backup_dir(path)}）。")
        say("如果在U盘等第二个位置有备份，可运行：zhibu restore 备份文件路径" + _db_hint(path))
        return None
    say("")
    say("可用的备份（最新的在前）：")
    for i, info in enumerate(good[:9], 1):
        where = "" if info.path.parent == default_backup_dir(path) else f"  （{info.path.parent}）"
        say(f"  {i}) {info.created:%Y-%m-%d %H:%M}  党员 {info.members} 人，共 {info.records} 条记录  {info.reason}{where}")
    if not interactive:
        say(f"用最新的备份恢复：zhibu restore 1{_db_hint(path)}")
        return None
    say("")
    say("按 回车 用第 1 份（最新的）备份恢复；输入编号选择其他备份；输入 q 退出，不做任何改动。")
    say("损坏的文件不会删除，会另存一份以便日后查看。")
    while True:
        try:
            answer = ask("选择 [回车=1 / 编号 / q]：").strip().lower()
        except (EOFError, KeyboardInterrupt):
            say("\n已退出，没有做任何改动。")
            return None
        if answer in ("q", "quit", "n", "退出"):
            say("已退出，没有做任何改动。")
            return None
        index = 1 if answer in ("", "y", "是") else (int(answer) if ascii_digits(answer) and len(answer) < 5 else 0)
        if not 1 <= index <= min(len(good), 9):
            say("请按回车，或输入列表中的编号，或输入 q。")
            continue
        chosen = good[index - 1]
        if check_file(chosen.path):
            say("这份备份也未通过检查，请选择另一份。")
            continue
        try:
            result = restore(chosen, path)
        except StoreError as exc:
            say(f"恢复没有完成：{exc}")
            continue
        lines = [f"已用 {chosen.created:%Y-%m-%d %H:%M} 的备份恢复支部文件（党员 {chosen.members} 人）。"]
        _report_restore(result, lines.append)
        for line in lines:
            say(line)
        return "\n".join(lines)


def recovery_candidates(path: Path) -> list:
    """Verified backups of `path`, newest first: the backup folder's, then the second place's
    (read, if it can be, from the damaged file's own settings)."""
    from tui.store.backups import default_backup_dir, list_backups, second_dir_of_file

    found = {b.path.name: b for b in list_backups(default_backup_dir(path), path.stem) if b.verified}
    second = second_dir_of_file(path)
    if second is not None:
        for b in list_backups(second / path.stem, path.stem):
            if b.verified:
                found.setdefault(b.path.name, b)
    return sorted(found.values(), key=lambda b: b.created, reverse=True)


def _db_hint(path: Path) -> str:
    from tui.paths import default_db_path

    return "" if path == default_db_path() else f' --db "{path}"'
