"""What a migration step is made of: frozen SQL, and table rebuilds.

A step is a title and a list of operations, all run by tui.store.migrations inside one
transaction with foreign keys OFF (the pragma is switched outside the transaction, where it takes
effect); after every step `PRAGMA foreign_key_check` must find nothing, or the whole upgrade is
rolled back.

- `Script(sql)`: frozen DDL/DML, run statement by statement (never executescript(), which would
  commit); `FrozenScript(name)` runs a .sql file of tui/store/migration_steps/ the same way. Frozen means written once for this version and never edited: a step never re-reads
  today's schema.sql.
- `Rebuild(table, create)`: the change ALTER TABLE cannot make (a CHECK list, a constraint, a
  column's type or place). It follows sqlite-utils' `transform()` and SQLite's "making other kinds
  of table schema changes": create the new table under a temporary name, copy every row, drop the
  old table, rename the new one into place, recreate the table's indexes and triggers, and
  rebuild the full-text indexes whose content is this table. With foreign keys on, the DROP would
  fire `ON DELETE CASCADE` and empty the child tables (attendance of meetings): that is why the
  runner turns them off first and checks them after. sqlite-utils' own transform() cannot be used
  as is: it re-renders the CREATE TABLE from the columns, so a CHECK list cannot be changed with it
  and the table would no longer read as schema.sql does.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field


def frozen(name: str) -> str:
    """The text of a frozen .sql file of tui/store/migration_steps/ (shipped in the wheel)."""
    from importlib import resources  # only when a file is upgraded: opening one reads none

    return resources.files("tui.store.migration_steps").joinpath(name).read_text(encoding="utf-8")


def statements(script: str) -> list[str]:
    """Split a script into complete statements (triggers' BEGIN … END kept whole)."""
    found, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                found.append(buf)
            buf = ""
    if buf.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()):
        found.append(buf)
    return found


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Script:
    """Frozen SQL run as it is, statement by statement."""

    sql: str

    def apply(self, conn: sqlite3.Connection) -> None:
        for statement in statements(self.sql):
            conn.execute(statement)


_CREATE_TABLE = re.compile(
    r"^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>\"(?:[^\"]|\"\")+\"|\[[^\]]+\]|`[^`]+`|\w+)",
    re.IGNORECASE,
)
_WITHOUT_ROWID = re.compile(r"\)\s*WITHOUT\s+ROWID\b", re.IGNORECASE)
_FTS_CONTENT = re.compile(r"\bcontent\s*=\s*['\"]?(?P<table>\w+)['\"]?", re.IGNORECASE)


def _unquote(name: str) -> str:
    if name[:1] in '"`[':
        return name[1:-1].replace('""', '"')
    return name


class RebuildError(sqlite3.DatabaseError):
    """A rebuild that would not keep every row; the runner rolls the upgrade back."""


@dataclass(frozen=True)
class Rebuild:
    """Rebuild `table` as the frozen `create` statement says, keeping every row.

    `create` is a CREATE TABLE statement naming `table` itself (a copy of the block in schema.sql
    as of this version). Columns present in both the old and the new table are copied by name;
    `fill` gives an SQL expression over the old row for a new or renamed column
    (`{"kind": "CASE kind WHEN '党课' THEN '党课学习' ELSE kind END"}`). Columns in neither take
    their default. An old column the new table lacks must be named in `drop` or read by a `fill`
    expression: a column is never lost by an oversight.
    """

    table: str
    create: str
    fill: Mapping[str, str] = field(default_factory=dict)
    drop: tuple[str, ...] = ()

    def apply(self, conn: sqlite3.Connection) -> None:
        if conn.execute("PRAGMA foreign_keys").fetchone()[0]:
            # Dropping the old table would cascade into its children.
            raise RebuildError(f"rebuilding {self.table} needs foreign keys off")
        match = _CREATE_TABLE.match(self.create)
        if match is None or _unquote(match["name"]) != self.table:
            raise ValueError(f"Rebuild({self.table!r}): create must be CREATE TABLE {self.table} (…)")
        row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [self.table]).fetchone()
        if row is None:
            raise RebuildError(f"no table {self.table} to rebuild")
        old_sql = row[0]
        old_columns = [r[1] for r in conn.execute(f"PRAGMA table_info({quote(self.table)})")]
        # Indexes and triggers go with the old table: keep their SQL to recreate them. Automatic
        # indexes (PRIMARY KEY, UNIQUE) have no SQL and come back with the new CREATE TABLE.
        dependents = conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') "
            "AND sql IS NOT NULL ORDER BY type = 'trigger', rowid",
            [self.table],
        ).fetchall()
        fts_tables = [
            name
            for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
            if (m := _FTS_CONTENT.search(sql)) and m["table"] == self.table
        ]
        sequence = self._sequence(conn)
        count = conn.execute(f"SELECT count(*) FROM {quote(self.table)}").fetchone()[0]

        temp = f"{self.table}_new_{conn.execute('SELECT lower(hex(randomblob(6)))').fetchone()[0]}"
        conn.execute(self.create[: match.start("name")] + quote(temp) + self.create[match.end("name"):])
        new_columns = [r[1] for r in conn.execute(f"PRAGMA table_info({quote(temp)})")]
        read = {c for c in old_columns for expr in self.fill.values() if re.search(rf"\b{re.escape(c)}\b", expr)}
        lost = [c for c in old_columns if c not in new_columns and c not in read and c not in self.drop]
        if lost:
            raise RebuildError(f"rebuilding {self.table} would lose column(s) {', '.join(lost)} (name them in drop=)")
        targets = [c for c in new_columns if c in self.fill or c in old_columns]
        sources = [self.fill.get(c) or quote(c) for c in targets]
        if not _WITHOUT_ROWID.search(self.create) and not _WITHOUT_ROWID.search(old_sql):
            # Keep rowids too (sqlite-utils does): tables without an INTEGER PRIMARY KEY are
            # still joined to their full-text index by rowid.
            targets, sources = ["rowid", *targets], ["rowid", *sources]
        conn.execute(
            f"INSERT INTO {quote(temp)} ({', '.join(map(quote, targets))}) "
            f"SELECT {', '.join(sources)} FROM {quote(self.table)}"
        )
        copied = conn.execute(f"SELECT count(*) FROM {quote(temp)}").fetchone()[0]
        if copied != count:
            raise RebuildError(f"rebuilding {self.table} copied {copied} of {count} rows")
        conn.execute(f"DROP TABLE {quote(self.table)}")
        # Legacy rename: leave the references other tables, triggers and views make to
        # `table` as they are (they name it, and it is back under that name at once).
        legacy = conn.execute("PRAGMA legacy_alter_table").fetchone()[0]
        conn.execute("PRAGMA legacy_alter_table = ON")
        try:
            conn.execute(f"ALTER TABLE {quote(temp)} RENAME TO {quote(self.table)}")
        finally:
            conn.execute(f"PRAGMA legacy_alter_table = {'ON' if legacy else 'OFF'}")
        if sequence is not None:
            conn.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", [sequence, self.table])
        for (sql,) in dependents:
            conn.execute(sql)
        for name in fts_tables:
            conn.execute(f"INSERT INTO {quote(name)} ({quote(name)}) VALUES ('rebuild')")

    def _sequence(self, conn: sqlite3.Connection) -> int | None:
        has = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone()
        if not has:
            return None
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [self.table]).fetchone()
        return row[0] if row else None


@dataclass(frozen=True)
class FrozenScript:
    """A frozen .sql file of tui/store/migration_steps/, run as a Script. It is read when its
    step runs: opening a file that is up to date reads none of them (start-up time)."""

    name: str

    def apply(self, conn: sqlite3.Connection) -> None:
        Script(frozen(self.name)).apply(conn)


Operation = Script | FrozenScript | Rebuild


@dataclass(frozen=True)
class Step:
    """One schema version: what it is for (shown if it fails) and what it does."""

    title: str
    operations: tuple[Operation, ...]

    def apply(self, conn: sqlite3.Connection) -> None:
        for operation in self.operations:
            operation.apply(conn)
