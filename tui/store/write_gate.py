"""Writes wait for the file's full check, and a damaged file refuses them.

The full integrity_check takes about 0.4 s on a large branch, too long for start-up, so the app
opens the file, shows its first screen and runs the check in a thread. Until the result is known
every write on the app's connection waits (SQLite asks an authorizer before preparing each
statement; the gate answers only once the check is done), and when the check finds damage every
write is refused: a damaged file is never written to, so the damage cannot spread into backups.
Reads go through untouched. Once the file is found sound the authorizer is removed.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator

_WRITES = frozenset(
    getattr(sqlite3, name)
    for name in (
        "SQLITE_INSERT", "SQLITE_UPDATE", "SQLITE_DELETE", "SQLITE_CREATE_INDEX", "SQLITE_CREATE_TABLE",
        "SQLITE_CREATE_TRIGGER", "SQLITE_CREATE_VIEW", "SQLITE_DROP_INDEX", "SQLITE_DROP_TABLE",
        "SQLITE_DROP_TRIGGER", "SQLITE_DROP_VIEW", "SQLITE_ALTER_TABLE", "SQLITE_REINDEX",
        "SQLITE_CREATE_VTABLE", "SQLITE_DROP_VTABLE",
    )
    if hasattr(sqlite3, name)
)
_SQLITE_AUTH = 23

DAMAGED_MESSAGE = (
    "支部文件检查发现损坏，为保护数据，已停止保存（这次修改没有写入）。"
    "请用最新的备份恢复：程序中按 F10 打开「备份」，或运行 zhibu check 查看、zhibu restore 1 恢复。"
)
PENDING_MESSAGE = "支部文件检查还没有完成，暂时不能保存；请稍候再试（这次修改没有写入）。"


class WriteGate:
    """The state of one connection's start-up check: pending, sound or damaged."""

    def __init__(self, wait_seconds: float = 60.0) -> None:
        self.wait_seconds = wait_seconds
        self.problems: list[str] | None = None
        self._done = threading.Event()
        self._open_for_repair = False
        self._start_check: Callable[[], None] | None = None

    def check_with(self, start: Callable[[], None]) -> None:
        """`start` begins the check (once, on any thread). The app runs it a moment after its
        first screen; a write that comes before then runs it at once rather than wait for it."""
        self._start_check = start

    # ── the check's side (any thread) ──
    def settle(self, problems: list[str]) -> None:
        self.problems = list(problems)
        self._done.set()

    @property
    def settled(self) -> bool:
        return self._done.is_set()

    @property
    def damaged(self) -> bool:
        return self._done.is_set() and bool(self.problems)

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    # ── the connection's side ──
    def install(self, conn: sqlite3.Connection) -> None:
        conn.set_authorizer(self._authorize)

    def lift(self, conn: sqlite3.Connection) -> None:
        """The file is sound: stop asking (on the thread that uses `conn`)."""
        conn.set_authorizer(None)

    def _authorize(self, action: int, arg1, arg2, dbname, trigger) -> int:
        if action not in _WRITES or dbname == "temp" or self._open_for_repair:
            return sqlite3.SQLITE_OK
        if not self._done.is_set() and self._start_check is not None:
            self._start_check()
        if not self._done.wait(self.wait_seconds):
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_DENY if self.problems else sqlite3.SQLITE_OK

    @contextlib.contextmanager
    def repairing(self) -> Iterator[None]:
        """Let the repair itself (REINDEX) through."""
        self._open_for_repair = True
        try:
            yield
        finally:
            self._open_for_repair = False

    def refused(self, exc: sqlite3.DatabaseError) -> bool:
        code = getattr(exc, "sqlite_errorcode", None)
        return code == _SQLITE_AUTH or "not authorized" in str(exc)

    def message(self) -> str:
        return DAMAGED_MESSAGE if self.damaged else PENDING_MESSAGE


# The gate of each file held in this process, by path: a second connection to the same file
# (the export worker's, which marks deadlines 已导出) meets the same gate.
_HELD: dict[str, WriteGate] = {}


def _key(path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _path_of(db) -> str | None:
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return row[2] if row and row[2] else None


def hold_writes(db, wait_seconds: float = 60.0) -> WriteGate:
    """Make `db`'s writes wait for the check (settle the returned gate with its result)."""
    gate = WriteGate(wait_seconds)
    gate.install(db.conn)
    db._zhibu_gate = gate
    path = _path_of(db)
    if path:
        _HELD[_key(path)] = gate
    return gate


def join_gate(db) -> None:
    """A further connection to a file whose writes are held meets the same gate."""
    path = _path_of(db)
    gate = _HELD.get(_key(path)) if path else None
    if gate is not None and not (gate.settled and not gate.problems):
        gate.install(db.conn)
        db._zhibu_gate = gate


def release_writes(db) -> None:
    """The check found the file sound: writes go through without asking."""
    gate = getattr(db, "_zhibu_gate", None)
    if gate is not None and gate.settled and not gate.problems:
        gate.lift(db.conn)
        db._zhibu_gate = None
        path = _path_of(db)
        if path and _HELD.get(_key(path)) is gate:
            del _HELD[_key(path)]


def forget_gate(path) -> None:
    """The file at `path` was replaced (a restore from a verified backup): its check is void."""
    _HELD.pop(_key(path), None)
