"""Schema versions, keyed by PRAGMA user_version, and the upgrade of an older file.

A fresh file runs schema.sql whole and is stamped LATEST. An older file runs the frozen steps of
tui/store/migration_steps from its version up to LATEST, all in ONE transaction with foreign keys
OFF: a table rebuild drops the old table, and with foreign keys on that drop would cascade into
its children (`ON DELETE CASCADE` deleted every attendance row of a rebuilt `meetings`). The
pragma only takes effect outside a transaction, so it is switched (and read back) before BEGIN
and switched on again after COMMIT or ROLLBACK. After each step `PRAGMA foreign_key_check` must
find nothing. Any failure rolls everything back: the file stays at its old version, untouched,
and the backup open_db's `before_migrate` hook took is there too.

tests/test_migrations*.py migrate a populated file of every released version
(tests/fixtures/branch_v*.sql) and check every row and value of every table, and that the result
has exactly the shape of a fresh file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tui.store.db import Database
from tui.store.errors import StoreError
from tui.store.migration_ops import Script, Step
from tui.store.migration_steps import STEPS
from tui.store.schema_version import SCHEMA_VERSION

__all__ = ["LATEST", "STEPS", "MigrationError", "migrate", "schema_sql", "user_version"]

LATEST = max(STEPS)
if LATEST != SCHEMA_VERSION:
    raise ImportError(f"tui.store.schema_version.SCHEMA_VERSION ({SCHEMA_VERSION}) is not the last step ({LATEST})")


class MigrationError(StoreError):
    """An upgrade step failed; everything was rolled back and the file is as it was."""


def schema_sql() -> str:
    # Installed: schema.sql is shipped inside the package. From a checkout (editable install,
    # tests): it is the top-level file. (Imported here: only a new file needs it.)
    from importlib import resources

    packaged = resources.files("tui").joinpath("schema.sql")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parents[2] / "schema.sql").read_text(encoding="utf-8")


def user_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: Database) -> int:
    """Bring the file to LATEST; returns the version it started at."""
    conn = db.conn
    start = user_version(db)
    if start == LATEST:
        return start
    if start == 0:
        _in_one_transaction(conn, lambda: _create_fresh(conn))
        return start
    steps = [(version, STEPS[version]) for version in range(start + 1, LATEST + 1)]
    _set_foreign_keys(conn, on=False)
    try:
        _in_one_transaction(conn, lambda: _run_steps(conn, start, steps))
    except sqlite3.Error as exc:  # BEGIN or COMMIT itself: busy, disk full …
        raise MigrationError(
            f"支部文件无法升级到第 {LATEST} 版：{exc}。已全部撤回，文件仍是第 {start} 版，未作任何改动。"
        ) from exc
    finally:
        _set_foreign_keys(conn, on=True)
    return start


def _create_fresh(conn: sqlite3.Connection) -> None:
    # schema.sql is all CREATE … IF NOT EXISTS.
    Script(schema_sql()).apply(conn)
    conn.execute(f"PRAGMA user_version = {LATEST}")


def _run_steps(conn: sqlite3.Connection, start: int, steps: list[tuple[int, Step]]) -> None:
    for version, step in steps:
        try:
            step.apply(conn)
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        except sqlite3.Error as exc:
            raise _failed(start, version, step, str(exc)) from exc
        if problems:
            table, _rowid, parent, _fk = problems[0]
            raise _failed(
                start, version, step,
                f"{len(problems)} 条记录指向不存在的记录（如表 {table} 引用的 {parent}）",
            )
    conn.execute(f"PRAGMA user_version = {LATEST}")


def _failed(start: int, version: int, step: Step, detail: str) -> MigrationError:
    return MigrationError(
        f"支部文件无法升级到第 {version} 版（{step.title}）：{detail}。"
        f"已全部撤回，文件仍是第 {start} 版，未作任何改动。请把这条消息告诉维护者。"
    )


def _in_one_transaction(conn: sqlite3.Connection, work) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        work()
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _set_foreign_keys(conn: sqlite3.Connection, *, on: bool) -> None:
    # A no-op inside a transaction: read it back rather than trust it.
    conn.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
    if conn.execute("PRAGMA foreign_keys").fetchone()[0] != int(on):
        if on:
            raise MigrationError("无法重新启用外键检查，请关闭后重新打开支部文件。")
        raise MigrationError("无法暂停外键检查，支部文件未升级，未作任何改动。")
