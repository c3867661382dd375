"""What every CLI verb shares: finding and opening the branch file, and reporting errors."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from tui import clock
from tui.crash_log import crash_message, write_crash_log
from tui.errors import ZhibuError
from tui.paths import resolve_db_path

if TYPE_CHECKING:
    import argparse


@contextlib.contextmanager
def opened(args: argparse.Namespace, *, must_exist: bool = True) -> Iterator:
    from tui.store.backups import backup_before_migrate, not_a_database
    from tui.store.db import close_db, open_db

    path = resolve_db_path(getattr(args, "db", None))
    if must_exist and not path.exists():
        raise UserError(f"找不到支部文件：{path}。先运行 zhibu 建立支部，或用 --db 指定文件。")
    why = not_a_database(path)
    if why:
        raise UserError(f"不能使用 {path}：{why}。请检查 --db 的路径；文件未作任何改动。")
    db = open_db(path, before_migrate=backup_before_migrate)
    checking = _check_in_background(db, path)
    try:
        yield db
    finally:
        checking.join()  # its connection closes before the lock's descriptor of the file does
        close_db(db)


def _check_in_background(db, path) -> threading.Thread:
    """The full check runs beside the verb; a write waits for it, and a damaged file takes none
    (tui.store.write_gate). A verb that only reads is not held up until its end."""
    from tui.store.errors import StoreError
    from tui.store.file_checks import check_file
    from tui.store.write_gate import hold_writes

    gate = hold_writes(db)

    def check() -> None:
        try:
            problems = check_file(path)
        except StoreError:       # a full disk is no damage; a write will say 磁盘空间不足 itself
            problems = []
        except Exception as exc:  # noqa: BLE001 - an unreadable file is a damaged one
            problems = [f"文件检查没有完成：{exc}"]
        gate.settle(problems)

    thread = threading.Thread(target=check, name="zhibu-check", daemon=True)
    thread.start()
    return thread


_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "expected one argument": "需要一个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
}


def localize_argparse() -> None:
    """argparse's own words (usage, errors) in Chinese: it looks them up through gettext."""
    import argparse

    argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


class UserError(ZhibuError):
    """A mistake on the command line (a missing file, a wrong option); exit status 1."""


def form_and_output(form_id: str, output: str):
    """The catalogue's form and the output path, refusing an unknown form or a file type it
    cannot write, before anything is opened."""
    from pathlib import Path

    from tui.export.catalogue import get_form

    try:
        form = get_form(form_id)
    except KeyError as exc:
        raise UserError(exc.args[0]) from None
    out = Path(output)
    if out.suffix.lower() not in form.outputs:
        raise UserError(f"「{form.name}」只能导出为 {'、'.join(form.outputs)}，不能是 {out.suffix or '无扩展名'}")
    return form, out


def record_id(text: str) -> int:
    """An argparse type for a record's number (--meeting 3): 0-9 only, within SQLite's range.
    Raises UserError (exit 1 with the message) rather than argparse's usage error."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 12 or int(value) == 0:
        raise UserError(f"编号应为正整数（如 3），不是“{text[:30]}”")
    return int(value)


def year_arg(text: str) -> int:
    """An argparse type for --year: four ASCII digits in 1949–2200."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or len(value) != 4 or not 1949 <= int(value) <= 2200:
        raise UserError(f"「年度」应为四位数年份（1949–2200），如 {clock.today().year}，不是“{text[:30]}”")
    return int(value)


def run_verb(handler: Callable[[argparse.Namespace], int | None], args: argparse.Namespace) -> int:
    try:
        return handler(args) or 0
    except BrokenPipeError:
        # `zhibu check | head`: the reader left; say nothing more (and not at exit either).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except ZhibuError as exc:  # every message meant for the user; anything else is a bug
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug or the machine: never a traceback on screen
        if isinstance(exc, OSError):
            print(f"错误：{os_error_message(exc)}", file=sys.stderr)
            return 1
        # Never a traceback on screen (it can hold members' data): the log file has it.
        print(crash_message(write_crash_log(*sys.exc_info()), exc), file=sys.stderr)
        return 1


def os_error_message(exc: OSError) -> str:
    """A file error by its meaning (errno is the same on Windows for these), in Chinese."""
    where = f"：{exc.filename}" if exc.filename and len(str(exc.filename)) <= 120 else ""
    meaning = {
        errno.ENOSPC: "磁盘空间不足",
        errno.ENAMETOOLONG: "文件名或路径过长",
        errno.EACCES: "没有权限（文件可能被占用或只读）",
        errno.EPERM: "没有权限（文件可能被占用或只读）",
        errno.ENOENT: "找不到文件或文件夹",
        errno.EROFS: "磁盘是只读的",
        errno.EISDIR: "这是一个文件夹，不是文件",
        errno.EINVAL: "文件名中有不能使用的字符",
    }.get(exc.errno, f"文件操作失败（{exc.strerror or type(exc).__name__}）")
    return meaning + where
