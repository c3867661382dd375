"""Checking a branch file without writing to it, and keeping the files private: what opening the
app needs before anything else (tui.store.backups, which re-exports these, does the rest).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path


# ── checking a file ──

def _connect_ro(path: Path) -> sqlite3.Connection:
    # as_uri() percent-encodes spaces, '?', '#' and Chinese names, and spells drive letters as
    # SQLite expects on Windows (file:///C:/…).
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def _problems_of(conn: sqlite3.Connection, *, full: bool = False) -> list[str]:
    problems: list[str] = []
    pragma = "integrity_check" if full else "quick_check"
    rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
    if rows != ["ok"]:
        problems += [f"文件结构损坏：{r}" for r in rows[:5]]
        if len(rows) > 5:
            problems.append(f"……另有 {len(rows) - 5} 处损坏")
        return problems
    bad = conn.execute("PRAGMA foreign_key_check").fetchall()
    for table, rowid, parent, _ in bad[:5]:
        problems.append(f"表 {table} 第 {rowid} 行引用了 {parent} 中不存在的记录")
    if len(bad) > 5:
        problems.append(f"……另有 {len(bad) - 5} 处引用不一致")
    return problems


_SQLITE_MAGIC = b"SQLite format 3\x00"


def not_a_database(path: str | os.PathLike[str]) -> str | None:
    """Why the thing at `path` cannot be a branch file (a folder, a text file …), else None.

    SQLite takes a file shorter than its header for an empty database and writes over it, so
    a small file named by mistake (--db 名单.txt) must be caught before it is opened.
    """
    path = Path(path)
    if path.is_dir():
        return "这是一个文件夹，不是支部文件"
    try:
        with open(path, "rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"无法读取文件：{exc.strerror or exc}"
    if head and head != _SQLITE_MAGIC:
        return "这不是 zhibu 的支部文件（不是数据库文件），或文件开头已损坏"
    return None


def check_file(path: str | os.PathLike[str], *, full: bool = False) -> list[str]:
    """Problems found in the file at `path` (empty: it is sound). Never writes to it.

    quick_check by default (fast enough for every opening); `full` runs integrity_check.
    A missing file has no problems: there is nothing to lose.
    """
    path = Path(path)
    if not path.exists():
        return []
    why = not_a_database(path)
    if why:
        return [why]
    try:
        conn = _connect_ro(path)
    except sqlite3.Error as exc:
        return [f"无法打开文件：{exc}"]
    try:
        return _problems_of(conn, full=full)
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc):
            return [f"文件已损坏或不是 zhibu 的文件：{exc}"]
    except sqlite3.DatabaseError as exc:
        return [f"文件已损坏或不是 zhibu 的文件：{exc}"]
    finally:
        conn.close()
    # A writer that crashed left its WAL to be recovered, which a read-only connection may not do
    # (SQLITE_READONLY_RECOVERY). SQLite's own recovery on an ordinary connection is what any
    # opening does; it changes none of the records.
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        return _problems_of(conn, full=full)
    except sqlite3.DatabaseError as exc:
        return [f"文件已损坏或不是 zhibu 的文件：{exc}"]
    finally:
        conn.close()


# ── privacy ──

def secure_permissions(path: str | os.PathLike[str]) -> None:
    """Readable by the user only: folders 0700, files 0600. Windows: left to the profile's ACLs."""
    if os.name == "nt":
        return
    path = Path(path)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700 if path.is_dir() else 0o600)


def secure_db_files(db_path: str | os.PathLike[str]) -> None:
    db_path = Path(db_path)
    secure_permissions(db_path.parent)
    for suffix in ("", "-wal", "-shm", ".lock"):
        p = db_path.with_name(db_path.name + suffix)
        if p.exists():
            secure_permissions(p)


_CLOUD_MARKERS = (
    ("onedrive", "OneDrive"), ("dropbox", "Dropbox"), ("icloud", "iCloud"),
    ("mobile documents", "iCloud"), ("google drive", "Google Drive"), ("googledrive", "Google Drive"),
    ("我的云端硬盘", "Google Drive"), ("坚果云", "坚果云"), ("nutstore", "坚果云"),
    ("百度网盘", "百度网盘"), ("baidunetdisk", "百度网盘"), ("baiduyun", "百度网盘"),
    ("wps云", "WPS云文档"), ("wpsdrive", "WPS云文档"), ("weiyun", "腾讯微云"), ("微云", "腾讯微云"),
    ("阿里云盘", "阿里云盘"), ("aliyundrive", "阿里云盘"), ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"), ("seafile", "Seafile"), ("box sync", "Box"),
)


def _is_network_path(path: Path) -> bool:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if os.name == "nt":
        with contextlib.suppress(Exception):
            import ctypes

            drive = os.path.splitdrive(os.path.abspath(text))[0]
            if drive:
                return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE
    return False


def storage_warning(folder: str | os.PathLike[str]) -> str | None:
    """A warning when the data lies in a cloud-synced folder or on a network drive, else None."""
    folder = Path(folder)
    lowered = [part.lower() for part in folder.parts]
    for marker, name in _CLOUD_MARKERS:
        if any(marker in part for part in lowered):
            return (
                f"支部文件所在的文件夹由 {name} 同步（{folder}）。同步软件可能在写入途中复制或覆盖文件，"
                "造成数据损坏，党员个人信息也会上传到云端。建议把支部文件放在本机磁盘上，备份另存到U盘。"
            )
    if _is_network_path(folder):
        return (
            f"支部文件位于网络驱动器（{folder}）。网络中断时写入可能不完整，他人也可能读到党员信息。"
            "建议把支部文件放在本机磁盘上。"
        )
    return None
