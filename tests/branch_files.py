"""Helpers for the migration tests: the populated fixtures of every released version, the shape of
a file, and a table-by-table, column-by-column comparison of two files' records."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_versions() -> list[int]:
    return sorted(int(p.stem.removeprefix("branch_v")) for p in FIXTURES.glob("branch_v*.sql"))


def load_fixture(version: int, path: Path) -> Path:
    """Write the populated file of schema `version` (tests/fixtures/branch_v<version>.sql) to `path`."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript((FIXTURES / f"branch_v{version}.sql").read_text(encoding="utf-8"))
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    finally:
        conn.close()
    return path


_COMMENT_OR_STRING = re.compile(r"'(?:[^']|'')*'|--[^\n]*")


def _normalized(sql: str | None) -> str:
    """The SQL of a schema object without comments, quotes around names, or layout: ALTER TABLE
    RENAME writes `CREATE TABLE "meetings"`, ADD COLUMN splices its text in one line."""
    sql = _COMMENT_OR_STRING.sub(lambda m: m[0] if m[0].startswith("'") else " ", sql or "")
    sql = re.sub(r'"(\w+)"', r"\1", sql)
    sql = re.sub(r"\s+", " ", sql)
    return re.sub(r"\s*([(),])\s*", r"\1", sql).strip()


def shape(conn: sqlite3.Connection) -> dict[str, tuple[str, str, str]]:
    """Every table, index, trigger and view: name → (type, table, normalized SQL), plus each
    table's columns as SQLite reads them (name, type, not null, default, primary key)."""
    found = {}
    for kind, name, table, sql in conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ):
        columns = ""
        if kind == "table":
            columns = repr([tuple(r[1:]) for r in conn.execute(f'PRAGMA table_xinfo("{name}")')])
        found[name] = (kind, table, _normalized(sql), columns)
    return found


def record_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables that hold records: not SQLite's own, not full-text indexes and their shadow tables."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    virtual = [n for n, sql in rows if sql.startswith("CREATE VIRTUAL TABLE")]
    return [
        n for n, _sql in rows
        if not n.startswith("sqlite_") and n not in virtual and not any(n.startswith(v + "_") for v in virtual)
    ]


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _key_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    pk = sorted((r[5], r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")') if r[5])
    return [name for _n, name in pk] or columns(conn, table)


def assert_every_value_kept(old: sqlite3.Connection, new: sqlite3.Connection) -> int:
    """Every table of `old` is in `new` with every row, and every value of every column of `old`
    is unchanged, compared table by table and column by column (rows matched by primary key).
    Returns how many values were compared."""
    compared = 0
    for table in record_tables(old):
        old_columns = columns(old, table)
        missing = set(old_columns) - set(columns(new, table))
        assert not missing, f"{table}: columns lost: {sorted(missing)}"
        key = _key_columns(old, table)
        order = ", ".join(f'"{c}"' for c in key)
        wanted = ", ".join(f'"{c}"' for c in key + old_columns)
        before = old.execute(f'SELECT {wanted} FROM "{table}" ORDER BY {order}').fetchall()
        after = new.execute(f'SELECT {wanted} FROM "{table}" ORDER BY {order}').fetchall()
        assert len(after) == len(before), f"{table}: {len(before)} rows before, {len(after)} after"
        width = len(key)
        for i, column in enumerate(old_columns):
            was = [(r[:width], r[width + i]) for r in before]
            now = [(r[:width], r[width + i]) for r in after]
            assert now == was, f"{table}.{column} changed"
            compared += len(was)
    return compared


INDEXES_AFTER_V1 = ("members_roster_order", "members_by_status")   # (v6)
V1_TABLES = ("branch", "party_groups", "members", "committee", "member_honours", "settings")


def as_version_1(conn: sqlite3.Connection) -> None:
    """Turn a current file into a version 1 file: drop what later versions added (tables, and
    indexes on version 1 tables), stamp it 1. (Migration steps create without IF NOT EXISTS, so
    stamping alone is not enough.)"""
    conn.execute("PRAGMA foreign_keys = OFF")
    for name in record_tables(conn) + _virtual_tables(conn):  # a virtual table takes its shadows
        if name not in V1_TABLES:
            conn.execute(f'DROP TABLE "{name}"')
    for index in INDEXES_AFTER_V1:
        conn.execute(f'DROP INDEX IF EXISTS "{index}"')
    conn.execute("PRAGMA user_version = 1")
    conn.commit()


def _virtual_tables(conn: sqlite3.Connection) -> list[str]:
    return [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
