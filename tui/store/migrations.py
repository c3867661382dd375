"""Schema versions, keyed by PRAGMA user_version.

A fresh file runs schema.sql whole and is stamped LATEST. An older file runs each step from its
version up, every step in its own transaction together with the new user_version, so a failure
leaves the file exactly at the previous version. tests/test_migrations.py opens a file of every
earlier version and checks that it ends up with the same shape as a fresh one, rows intact.

History:
  1  foundation: branch, members, groups, committee, honours, settings
  2  record areas: meetings, attendance, talks, people, dues, pairings, forms, deadlines
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from tui.store.db import Database

LATEST = 2


def schema_sql() -> str:
    # Installed: schema.sql is shipped inside the package. From a checkout (editable install,
    # tests): it is the top-level file.
    packaged = resources.files("tui").joinpath("schema.sql")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parents[2] / "schema.sql").read_text(encoding="utf-8")


def _apply_schema(conn: sqlite3.Connection) -> None:
    # schema.sql is all CREATE … IF NOT EXISTS: re-running it adds exactly the missing tables,
    # indexes and triggers. Executed statement by statement: executescript() would COMMIT.
    for statement in _statements(schema_sql()):
        conn.execute(statement)


def _statements(script: str) -> list[str]:
    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf)
            buf = ""
    if buf.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()
    ):
        statements.append(buf)
    return statements


# version reached → step that reaches it from the version before
STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {
    2: _apply_schema,
}


def user_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: Database) -> int:
    """Bring the file to LATEST; returns the version it started at."""
    conn = db.conn
    start = user_version(db)
    if start == LATEST:
        return start
    if start == 0:
        conn.execute("BEGIN IMMEDIATE")
        try:
            _apply_schema(conn)
            conn.execute(f"PRAGMA user_version = {LATEST}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return start
    for version in range(start + 1, LATEST + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            STEPS[version](conn)
            conn.execute(f"PRAGMA user_version = {version}")
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise sqlite3.IntegrityError(f"升级到版本 {version} 后外键不一致：{problems[:3]}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return start
