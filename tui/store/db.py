"""Opening a branch's file safely, and the one transaction helper every write goes through.

Python's sqlite3 defaults are traps (implicit transactions, foreign keys off, executescript
committing whatever is pending), so the connection is opened in autocommit mode, the pragmas are
set and read back, and every write runs inside an explicit BEGIN IMMEDIATE … COMMIT.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from tui.store.errors import DamagedFileError, FileInUseError, NewerFileError, StoreError

BUSY_TIMEOUT_MS = 5000


class Database:
    """The branch's connection, with sqlite-utils' Database behind it, loaded on first use.

    Reads go straight to the connection. Importing sqlite-utils costs about 0.1 s (click,
    dateutil, pluggy …), and start-up to the home screen only reads, so the import waits for the
    first store function that needs sqlite-utils (table inserts, upserts, atomic blocks).
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._utils = None

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        # The connection is in autocommit mode, so a plain execute opens no implicit transaction.
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    @property
    def utils(self):
        if self._utils is None:
            from sqlite_utils import Database as UtilsDatabase

            self._utils = UtilsDatabase(self.conn)
        return self._utils

    def __getitem__(self, table: str):
        return self.utils[table]

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.utils, name)

    def __repr__(self) -> str:
        return f"<Database {self.conn!r}>"


class _FileLock:
    """An OS lock on '<db>.lock', held while the app has the file open.

    SQLite itself happily lets two processes share a file; the secretary opening the same branch
    twice (two terminal windows) would then overwrite one window's edits with the other's view.
    """

    def __init__(self, db_path: Path):
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fh = None

    def acquire(self) -> None:
        fh = open(self.path, "a+b")
        try:
            if os.name == "nt":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise FileInUseError(
                f"支部文件 {self.path.with_suffix('').name} 已在另一个 zhibu 窗口中打开。"
                "请先关闭那个窗口，再打开这里。"
            ) from None
        self._fh = fh

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            if os.name == "nt":
                import msvcrt

                self._fh.seek(0)
                with contextlib.suppress(OSError):
                    msvcrt.locking(self._fh.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
        finally:
            self._fh.close()
            self._fh = None


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _set_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    conn.execute("PRAGMA synchronous = FULL")
    # Read back: a pragma that silently did not take is a file we must not write to.
    if conn.execute("PRAGMA foreign_keys").fetchone()[0] != 1:
        conn.close()
        raise StoreError("无法启用外键检查，支部文件未打开。")
    if conn.execute("PRAGMA synchronous").fetchone()[0] != 2:
        conn.close()
        raise StoreError("无法启用完整同步写入，支部文件未打开。")
    if mode.lower() not in ("wal", "memory"):
        # WAL is impossible on some network shares; rollback journal is still safe.
        conn.execute("PRAGMA journal_mode = DELETE")


def db_path_of(db: Database) -> Path | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def _refuse_other_files(path: Path) -> None:
    """SQLite takes a file shorter than its header for an empty database and writes into it:
    a text file named by mistake would be lost. Anything that is not a database is refused."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    with open(path, "rb") as f:
        head = f.read(16)
    if head != b"SQLite format 3\x00":
        raise DamagedFileError(f"无法打开 {path.name}：这不是 zhibu 的支部文件（不是数据库文件），或文件开头已损坏。文件未作任何改动。")


def open_db(
    path: str | os.PathLike[str],
    *,
    lock: bool = True,
    migrate: bool = True,
    before_migrate: Callable[[Path, int], None] | None = None,
) -> Database:
    """Open (creating if needed) the branch file at `path` and bring its schema up to date.

    `lock` takes the one-window lock; a second connection opened by the same process for a
    worker thread passes lock=False. `before_migrate(path, old_version)` runs before an older
    file is changed (the backup area hooks in here).
    """
    from tui.store import migrations

    path = Path(path)
    _refuse_other_files(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    file_lock = _FileLock(path) if lock else None
    if file_lock:
        file_lock.acquire()
    try:
        try:
            conn = _connect(path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise DamagedFileError(f"无法打开支部文件 {path.name}：文件已损坏或不是 zhibu 的文件（{exc}）。") from exc
        if version > migrations.LATEST:
            conn.close()
            raise NewerFileError(
                f"支部文件 {path.name} 由更新版本的 zhibu 写入（文件版本 {version}，本程序支持到 "
                f"{migrations.LATEST}）。请升级 zhibu 后再打开，文件未作任何改动。"
            )
        _set_pragmas(conn)
        db = Database(conn)
        if migrate:
            if 0 < version < migrations.LATEST and before_migrate is not None:
                before_migrate(path, version)
            migrations.migrate(db)
    except BaseException:
        if file_lock:
            file_lock.release()
        raise
    db._zhibu_lock = file_lock  # type: ignore[attr-defined]
    return db


def close_db(db: Database) -> None:
    try:
        db.conn.close()
    finally:
        lock = getattr(db, "_zhibu_lock", None)
        if lock is not None:
            lock.release()


DISK_FULL_MESSAGE = "磁盘空间不足，未保存。刚才的修改已撤回，之前保存的记录完好无损；请清理磁盘后重试。"


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno == errno.ENOSPC


@contextlib.contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """Run the block as one transaction: all of it is written, or none of it.

    Nested use becomes a savepoint, so store functions can call each other freely. A full disk
    becomes a StoreError the user can read; by then the transaction has been rolled back.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
    except (sqlite3.OperationalError, OSError) as exc:
        if is_disk_full(exc):
            raise StoreError(DISK_FULL_MESSAGE) from exc
        raise
