"""When something goes wrong that no screen or verb expected: a Chinese message on screen, the
technical traceback in an owner-only log file in the data folder, never a record's content on screen.

Textual's own crash report prints the traceback with local variables (names, attendance,
minutes) to the terminal; the app replaces it with `crash_message()` (see ZhibuApp._fatal_error).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import traceback
from pathlib import Path
from types import TracebackType

from tui import clock
from tui.paths import data_dir

LOG_FOLDER = "logs"
KEEP = 20


def write_crash_log(exc_type: type[BaseException] | None, exc: BaseException | None,
                    tb: TracebackType | None) -> Path | None:
    """Write the traceback (without local variables) to logs/crash-….log, readable by the
    owner only; returns its path, or None when it could not be written (never raises)."""
    try:
        folder = data_dir() / LOG_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        try:
            os.chmod(folder, 0o700)
        except OSError:
            pass
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"crash-{stamp}-{os.getpid()}.log"
        text = "".join(traceback.format_exception(exc_type, exc, tb)) if exc_type else "（没有异常信息）\n"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        _prune(folder)
        return path
    except Exception:  # noqa: BLE001 - reporting a crash must not crash
        return None


def _prune(folder: Path) -> None:
    logs = sorted(folder.glob("crash-*.log"), key=lambda p: p.name, reverse=True)
    for old in logs[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass


def crash_message(log: Path | None, exc: BaseException | None = None) -> str:
    """What the secretary reads: what happened, that saved records are safe, where the details are."""
    what = _meaning(exc)
    where = f"技术信息已写入：{log}（只有本机的你能读取；如需求助，请把这个文件发给技术人员）。" if log \
        else "技术信息未能写入日志文件。"
    return f"支部工作台出错，已退出{what}。已保存的记录不受影响。{where}"


def _meaning(exc: BaseException | None) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or \
            isinstance(exc, sqlite3.OperationalError) and "full" in str(exc).lower():
        return "（磁盘空间不足）"
    if isinstance(exc, MemoryError):
        return "（内存不足）"
    return ""
