"""A full disk, recognised by what the error means: never taken for a damaged file.

SQLite says SQLITE_FULL when a write finds no space; when the space runs out in an fsync or a
truncate it says only SQLITE_IOERR, so an I/O error is a full disk when the disk holding the
file has (almost) no space left. OSError: ENOSPC on POSIX, ERROR_DISK_FULL /
ERROR_HANDLE_DISK_FULL on Windows.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

DISK_FULL_MESSAGE = "磁盘空间不足，未保存。刚才的修改已撤回，之前保存的记录完好无损；请清理磁盘后重试。"
DISK_FULL_OPEN_MESSAGE = (
    "磁盘空间不足，支部文件没有打开。文件本身完好，没有任何改动，也不需要从备份恢复；"
    "请清理磁盘后再打开。"
)
DISK_FULL_CHECK_MESSAGE = "磁盘空间不足，文件检查没有做完（这不说明文件损坏）。请清理磁盘后重试。"

_SQLITE_FULL = 13
_SQLITE_IOERR = 10
_WINDOWS_DISK_FULL = (112, 39)  # ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
_NEARLY_FULL_BYTES = 1 << 20


def _free_bytes(folder: Path) -> int | None:
    for candidate in (folder, *folder.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return None


def is_disk_full(exc: BaseException, folder: str | os.PathLike[str] | None = None) -> bool:
    """Whether `exc` means the disk is full. `folder` (where the file lives) lets an I/O error
    count as a full disk when that disk has under 1 MB left."""
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        if primary == _SQLITE_FULL or "disk is full" in str(exc):
            return True
        if (primary == _SQLITE_IOERR or "disk I/O error" in str(exc)) and folder is not None:
            free = _free_bytes(Path(folder))
            return free is not None and free < _NEARLY_FULL_BYTES
        return False
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC or getattr(exc, "winerror", None) in _WINDOWS_DISK_FULL:
            return True
    return False
