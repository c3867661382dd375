"""Checking a branch file without writing to it, and keeping the files private: what opening the
app needs before anything else (tui.store.backups, which re-exports these, does the rest).
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from pathlib import Path

from tui.store.errors import FileInUseError


# ── checking a file ──

def _connect_ro(path: Path) -> sqlite3.Connection:
    # as_uri() percent-encodes spaces, '?', '#' and Chinese names, and spells drive letters as
    # SQLite expects on Windows (file:///C:/…).
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


BUSY_ATTEMPTS = 4


def is_busy(exc: BaseException) -> bool:
    """Another connection is writing the file (SQLITE_BUSY / SQLITE_LOCKED): not damage."""
    code = getattr(exc, "sqlite_errorcode", None)
    return (isinstance(code, int) and code & 0xFF in (5, 6)) or "database is locked" in str(exc)


def _problems_of(conn: sqlite3.Connection, *, full: bool = True) -> list[str]:
    """_check_once, again when a writer kept the file busy past the busy timeout (with the
    rollback journal a reader waits while a save commits); FileInUseError if it stays busy."""
    for attempt in range(BUSY_ATTEMPTS):
        try:
            return _check_once(conn, full=full)
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            last = exc
    raise FileInUseError("支部文件一直在被写入，检查没有完成（这不说明文件损坏）；请稍后重试。") from last


def _check_once(conn: sqlite3.Connection, *, full: bool = True) -> list[str]:
    """integrity_check (every index against its table; quick_check misses a row missing from an
    index, after which a payment drops out of queries and a UNIQUE rule is not enforced), then
    foreign_key_check. `full=False` runs quick_check, for callers that only need a rough look."""
    problems: list[str] = []
    pragma = "integrity_check" if full else "quick_check"
    rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
    if rows != ["ok"]:
        problems += [f"{DAMAGE_PREFIX}{r}" for r in rows[:5]]
        rest = rows[5:]
        if rest and all(_INDEX_ONLY.match(r) for r in rest):
            problems.append(f"……另有 {len(rest)} 处索引与记录不一致")
        elif rest:
            problems.append(f"……另有 {len(rest)} 处损坏")
        return problems
    bad = conn.execute("PRAGMA foreign_key_check").fetchall()
    for table, rowid, parent, _ in bad[:5]:
        problems.append(f"表 {table} 第 {rowid} 行引用了 {parent} 中不存在的记录")
    if len(bad) > 5:
        problems.append(f"……另有 {len(bad) - 5} 处引用不一致")
    return problems


DAMAGE_PREFIX = "文件结构损坏："
# What integrity_check says when an index disagrees with its table and nothing else is wrong:
# the records are whole, and REINDEX rebuilds the index from them.
_INDEX_ONLY = re.compile(
    r"^(row \d+ missing from index \S+|wrong # of entries in index \S+|"
    r"non-unique entry in UNIQUE index \S+|NULL value in \S+ index)"
)

_MORE_INDEX = re.compile(r"^……另有 \d+ 处索引与记录不一致$")


def only_indexes_damaged(problems: list[str]) -> bool:
    """True when every problem found is an index out of step with its table (REINDEX mends it)."""
    if not problems:
        return False
    problems = [p for p in problems if not _MORE_INDEX.match(p)]
    lines = [p[len(DAMAGE_PREFIX):] for p in problems if p.startswith(DAMAGE_PREFIX)]
    if not lines or len(lines) != len(problems):
        return False  # foreign keys, a file that cannot be read, more damage than was listed
    return all(_INDEX_ONLY.match(line) for line in lines)


_SQLITE_MAGIC = b"SQLite format 3\x00"
_SMALLEST_DATABASE = 512  # one page of the smallest page size: any real branch file is larger
_SQLITE_NOTADB = 26


def not_a_database(path: str | os.PathLike[str]) -> str | None:
    """Why the thing at `path` cannot be a branch file (a folder, a text file …), else None.

    SQLite takes a file shorter than its header for an empty database and writes over it, so
    a small file named by mistake (--db 名单.txt) must be caught before it is opened.

    The file is never opened by hand: on POSIX, close() of any descriptor of the file drops every
    lock SQLite holds on it in this process, and the app may have a connection to it. The header
    is read by SQLite itself (a read-only connection), which keeps its locks whole.
    """
    path = Path(path)
    if path.is_dir():
        return "这是一个文件夹，不是支部文件"
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"无法读取文件：{exc.strerror or exc}"
    if size == 0:
        return None  # a new, empty file: SQLite makes it a database
    if size < _SMALLEST_DATABASE:
        return "这不是 zhibu 的支部文件（不是数据库文件），或文件开头已损坏"
    try:
        conn = _connect_ro(path)
    except sqlite3.Error as exc:
        return f"无法读取文件：{exc}"
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) == _SQLITE_NOTADB or "not a database" in str(exc):
            return "这不是 zhibu 的支部文件（不是数据库文件），或文件开头已损坏"
        return None  # readable as a database; what else is wrong is the check's to say
    finally:
        conn.close()
    return None


# Tables every released version of the branch file has (version 1 had no meetings yet).
BRANCH_TABLES = frozenset({"branch", "party_groups", "members", "settings"})


def not_a_branch(path: str | os.PathLike[str], latest: int) -> str | None:
    """Why the database at `path` is not a zhibu branch file this program can use, else None:
    a foreign SQLite file (another program's, an empty one) must never replace a branch."""
    why = not_a_database(path)
    if why:
        return why
    try:
        conn = _connect_ro(Path(path))
    except sqlite3.Error as exc:
        return f"无法读取文件：{exc}"
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        return f"文件已损坏或不是 zhibu 的文件：{exc}"
    finally:
        conn.close()
    missing = BRANCH_TABLES - tables
    if version < 1 or missing:
        return "这不是 zhibu 的支部文件（其中没有支部、党员等记录表）"
    if version > latest:
        return f"这个文件由更新版本的 zhibu 写入（文件版本 {version}，本程序支持到 {latest}）"
    return None


def check_file(path: str | os.PathLike[str], *, full: bool = True) -> list[str]:
    """Problems found in the file at `path` (empty: it is sound). Never writes to it.

    The full integrity_check by default (0.42 s on the large demo: run it off the start-up path);
    `full=False` runs quick_check. A missing file has no problems: there is nothing to lose.
    A full disk (SQLite sorts big indexes in temporary files) is not damage: raises StoreError.
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
        _raise_if_disk_full(exc, path)
        if "readonly" not in str(exc):
            return [f"文件已损坏或不是 zhibu 的文件：{exc}"]
    except sqlite3.DatabaseError as exc:
        return [f"文件已损坏或不是 zhibu 的文件：{exc}"]
    finally:
        conn.close()
    # A writer that crashed left its journal to be rolled back (or, in a file from before the
    # rollback journal, a WAL to recover), which a read-only connection may not do. SQLite's own
    # recovery on an ordinary connection is what any opening does; it changes none of the records.
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        return _problems_of(conn, full=full)
    except sqlite3.OperationalError as exc:
        _raise_if_disk_full(exc, path)
        return [f"文件已损坏或不是 zhibu 的文件：{exc}"]
    except sqlite3.DatabaseError as exc:
        return [f"文件已损坏或不是 zhibu 的文件：{exc}"]
    finally:
        conn.close()


def _raise_if_disk_full(exc: BaseException, path: Path) -> None:
    from tui.store.disk import DISK_FULL_CHECK_MESSAGE, is_disk_full
    from tui.store.errors import StoreError

    if is_disk_full(exc, path.parent):
        raise StoreError(DISK_FULL_CHECK_MESSAGE) from exc


# ── privacy ──

def secure_permissions(path: str | os.PathLike[str]) -> None:
    """Readable by the user only: folders 0700, files 0600. Windows: left to the profile's ACLs."""
    if os.name == "nt":
        return
    path = Path(path)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700 if path.is_dir() else 0o600)


def make_private_dirs(folder: str | os.PathLike[str]) -> None:
    """mkdir -p, each folder it creates readable by the user only from the start (folders that
    exist are left as they are)."""
    folder = Path(folder)
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for part in reversed(missing):
        with contextlib.suppress(FileExistsError):
            part.mkdir(mode=0o700)
        secure_permissions(part)  # mkdir's mode passes through the umask


def secure_db_files(db_path: str | os.PathLike[str]) -> None:
    db_path = Path(db_path)
    secure_permissions(db_path.parent)
    for suffix in ("", "-journal", "-wal", "-shm", ".lock"):
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
