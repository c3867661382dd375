"""Opening a branch's file safely, and the one transaction helper every write goes through.

Python's sqlite3 defaults are traps (implicit transactions, foreign keys off, executescript
committing whatever is pending), so the connection is opened in autocommit mode, the pragmas are
set and read back, and every write runs inside an explicit BEGIN IMMEDIATE … COMMIT.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from tui.store.disk import DISK_FULL_MESSAGE, DISK_FULL_OPEN_MESSAGE, is_disk_full  # noqa: F401
from tui.store.errors import DamagedFileError, FileInUseError, NewerFileError, StoreError
from tui.store.file_checks import make_private_dirs, not_a_database
from tui.store.write_gate import join_gate
from tui.store import schema_version

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


_LOCK_DB_FILE = sys.platform.startswith("linux")
_PARKED_FDS: list[int] = []   # descriptors of a database file that must not be closed (see below)


def _create_private(path: Path) -> None:
    """Create `path` empty and readable by the user only (0600), unless it exists. The folder
    it goes in, when created here, is 0700: private from creation, whoever creates it."""
    make_private_dirs(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600))


class _FileLock:
    """The one-window lock, held while the app has the file open.

    SQLite itself happily lets two processes share a file; the secretary opening the same branch
    twice (two terminal windows) would then overwrite one window's edits with the other's view.

    '<db>.lock' is locked (Windows: a file open in a process cannot be deleted). A sync or
    cleaning tool may delete it on POSIX, so on Linux the database file itself is also flock()ed
    (flock locks are apart from the fcntl locks SQLite uses, so neither disturbs the other); the
    descriptor stays open until every connection is closed, since closing a descriptor of the file
    drops SQLite's fcntl locks in this process. Each write also checks that the lock file is
    still the one locked (`verify`), and takes it again when it was merely deleted.
    """

    def __init__(self, db_path: Path, *, lock_db: bool = True):
        self.db_path = db_path
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fh = None
        self._db_fd: int | None = None
        self._id: tuple[int, int] | None = None
        self._lock_db = lock_db and _LOCK_DB_FILE

    def _in_use(self) -> FileInUseError:
        return FileInUseError(
            f"支部文件 {self.db_path.name} 已在另一个 zhibu 窗口中打开。"
            "请先关闭那个窗口，再打开这里。"
        )

    def _lock_lock_file(self):
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        fh = os.fdopen(fd, "r+b")
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
            raise self._in_use() from None
        return fh

    def _lock_db_file(self) -> int | None:
        if not self._lock_db or not self.db_path.exists():
            return None
        import fcntl

        fd = os.open(self.db_path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            # Not closed: this process may have a connection to the file (a second window opened
            # from the same process), and close() would drop SQLite's locks on it.
            _PARKED_FDS.append(fd)
            raise self._in_use() from None
        return fd

    def acquire(self) -> None:
        fh = self._lock_lock_file()
        try:
            self._db_fd = self._lock_db_file()
        except BaseException:
            fh.close()
            raise
        self._fh = fh
        st = os.fstat(fh.fileno())
        self._id = (st.st_dev, st.st_ino)

    def verify(self) -> None:
        """Raise FileInUseError when another window may have taken the file since it was opened:
        the lock file was replaced by someone else's. A lock file merely deleted is locked again."""
        if self._fh is None or os.name == "nt":
            return
        try:
            st = os.stat(self.path)
            if (st.st_dev, st.st_ino) == self._id:
                return
        except FileNotFoundError:
            pass
        try:
            fh = self._lock_lock_file()
        except FileInUseError:
            raise FileInUseError(
                f"支部文件 {self.db_path.name} 的锁文件被删除，另一个 zhibu 窗口已打开了它。"
                "为免两个窗口互相覆盖，这里不再保存；请关闭本窗口。"
            ) from None
        old, self._fh = self._fh, fh
        st = os.fstat(fh.fileno())
        self._id = (st.st_dev, st.st_ino)
        with contextlib.suppress(OSError):
            old.close()

    def rebind(self) -> None:
        """After the database file was replaced (a restore): lock the new file. The old
        descriptor belongs to the replaced file, on which no connection is left."""
        if not self._lock_db or self._fh is None:
            return
        if self._db_fd is not None:
            with contextlib.suppress(OSError):
                held, now = os.fstat(self._db_fd), os.stat(self.db_path)
                if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                    return  # the file was not replaced
        old, self._db_fd = self._db_fd, None
        try:
            self._db_fd = self._lock_db_file()
        finally:
            if old is not None:
                os.close(old)

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
            if self._db_fd is not None:
                os.close(self._db_fd)  # every connection of ours is closed by now
                self._db_fd = None


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _use_rollback_journal(conn: sqlite3.Connection, path: Path) -> None:
    """Every confirmed save lives in the file itself: the rollback journal (just as atomic, with
    synchronous=FULL), never WAL, where saves live in '-wal' until a checkpoint and a copy of the
    file alone misses them. A file left in WAL mode (earlier versions, another program) has its
    '-wal' folded in first; opening it already replayed the log."""
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0].lower()
    if mode == "wal":
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise FileInUseError(
                f"支部文件 {path.name} 正被另一个程序读取，无法把它的记录整理进文件本身。"
                "请关闭其他打开它的程序（如数据库查看工具）后再打开。"
            )
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0].lower()
    elif mode not in ("delete", "memory"):
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0].lower()
    if mode not in ("delete", "memory"):
        raise FileInUseError(
            f"支部文件 {path.name} 正被另一个程序使用，无法切换到安全的写入方式。"
            "请关闭其他打开它的程序后再打开。"
        )


def _set_pragmas(conn: sqlite3.Connection, path: Path) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    _use_rollback_journal(conn, path)
    conn.execute("PRAGMA synchronous = FULL")
    # Read back: a pragma that silently did not take is a file we must not write to.
    if conn.execute("PRAGMA foreign_keys").fetchone()[0] != 1:
        raise StoreError("无法启用外键检查，支部文件未打开。")
    if conn.execute("PRAGMA synchronous").fetchone()[0] != 2:
        raise StoreError("无法启用完整同步写入，支部文件未打开。")


def db_path_of(db: Database) -> Path | None:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else None


def _refuse_other_files(path: Path) -> None:
    """SQLite takes a file shorter than its header for an empty database and writes into it:
    a text file named by mistake would be lost. Anything that is not a database is refused.
    (The header is read through SQLite: see file_checks.not_a_database.)"""
    why = not_a_database(path)
    if why:
        raise DamagedFileError(f"无法打开 {path.name}：{why}。文件未作任何改动。")


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
    path = Path(path)
    _refuse_other_files(path)
    _create_private(path)
    file_lock = _FileLock(path) if lock else None
    if file_lock:
        file_lock.acquire()
    conn = None
    try:
        try:
            conn = _connect(path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc, path.parent):
                raise StoreError(DISK_FULL_OPEN_MESSAGE) from exc
            raise DamagedFileError(f"无法打开支部文件 {path.name}：文件已损坏或不是 zhibu 的文件（{exc}）。") from exc
        # The migration code is loaded only for a file of another version (new, older or newer).
        migrations = None
        if version != schema_version.SCHEMA_VERSION:
            from tui.store import migrations
        if migrations is not None and version > migrations.LATEST:
            raise NewerFileError(
                f"支部文件 {path.name} 由更新版本的 zhibu 写入（文件版本 {version}，本程序支持到 "
                f"{migrations.LATEST}）。请升级 zhibu 后再打开，文件未作任何改动。"
            )
        try:
            _set_pragmas(conn, path)
            db = Database(conn)
            if migrate and migrations is not None:
                if 0 < version < migrations.LATEST and before_migrate is not None:
                    before_migrate(path, version)
                migrations.migrate(db)
        except (sqlite3.OperationalError, OSError) as exc:
            if is_disk_full(exc, path.parent):
                raise StoreError(DISK_FULL_OPEN_MESSAGE) from exc
            raise
    except BaseException:
        if conn is not None:
            conn.close()
        if file_lock:
            file_lock.release()
        raise
    db._zhibu_lock = file_lock  # type: ignore[attr-defined]
    if not lock:
        join_gate(db)  # a worker's connection waits for (or is refused by) the app's check
    return db


def open_reader(path: str | os.PathLike[str]) -> Database:
    """A second connection to the app's file, for reading in a worker thread (no lock, no
    migration). Its page cache is kept small: it reads each list once, and memory a thread
    allocates is hard to give back to the rest of the process."""
    db = open_db(path, lock=False, migrate=False)
    db.execute("PRAGMA cache_size = -256")
    return db


def close_db(db: Database) -> None:
    try:
        db.conn.close()
    finally:
        lock = getattr(db, "_zhibu_lock", None)
        if lock is not None:
            lock.release()


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
    lock = getattr(db, "_zhibu_lock", None)
    if lock is not None:
        lock.verify()
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
    except (sqlite3.DatabaseError, OSError) as exc:
        if is_disk_full(exc, _folder_of(db)):
            raise StoreError(DISK_FULL_MESSAGE) from exc
        gate = getattr(db, "_zhibu_gate", None)
        if gate is not None and isinstance(exc, sqlite3.DatabaseError) and gate.refused(exc):
            raise DamagedFileError(gate.message()) from exc
        raise


def _folder_of(db: Database) -> Path | None:
    with contextlib.suppress(sqlite3.Error):
        path = db_path_of(db)
        return path.parent if path else None
    return None
