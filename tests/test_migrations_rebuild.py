"""The schema can grow without losing a row: a scratch next step adds a column and a meeting kind.

A new meeting kind changes the CHECK list of `meetings`, which only a table rebuild can do; the
rebuild drops the old table, and with foreign keys on that drop used to delete every attendance
row through ON DELETE CASCADE. Here the scratch step runs from every populated file (v1, v2 …).
"""

from __future__ import annotations

import sqlite3

import pytest
from branch_files import assert_every_value_kept, load_fixture, shape

from tui.store import meetings, migrations, schema_version
from tui.store.db import close_db, open_db, transaction
from tui.store.migration_ops import Rebuild, RebuildError, Script, Step

NEW_KIND = "警示教育"
OLD_KINDS = "'民主评议党员', '其他'"
RELEASED = migrations.LATEST     # the last released version (its fixture has today's shape)
NEXT = RELEASED + 1              # the scratch version, after the last released one
LAST_MEMBER_COLUMN = "    updated_at    TEXT NOT NULL DEFAULT (datetime('now')),\n    CHECK ((left_date IS NULL)"


def _scratch_schema() -> str:
    """Today's schema.sql as the author of the next version would edit it."""
    schema = migrations.schema_sql()
    assert schema.count(OLD_KINDS) == 1 and schema.count(LAST_MEMBER_COLUMN) == 1
    schema = schema.replace(OLD_KINDS, f"'民主评议党员', '{NEW_KIND}', '其他'")
    return schema.replace(
        LAST_MEMBER_COLUMN,
        "    updated_at    TEXT NOT NULL DEFAULT (datetime('now')),\n"
        "    away_note     TEXT NOT NULL DEFAULT '',          -- 外出情况 (added in version 3)\n"
        "    CHECK ((left_date IS NULL)",
    )


def _frozen_meetings_table(schema: str) -> str:
    """The step's frozen CREATE TABLE: the meetings block copied out of the new schema.sql."""
    block = schema.split("CREATE TABLE IF NOT EXISTS meetings (", 1)[1].split("\n);", 1)[0]
    return "CREATE TABLE meetings (" + block + "\n);"


@pytest.fixture
def version_3(monkeypatch):
    schema = _scratch_schema()
    step = Step("外出党员、警示教育", (
        Script("ALTER TABLE members ADD COLUMN away_note TEXT NOT NULL DEFAULT '';"),
        Rebuild("meetings", _frozen_meetings_table(schema)),
    ))
    monkeypatch.setattr(migrations, "schema_sql", lambda: schema)
    monkeypatch.setattr(migrations, "LATEST", NEXT)
    monkeypatch.setattr(schema_version, "SCHEMA_VERSION", NEXT)   # released together
    monkeypatch.setitem(migrations.STEPS, NEXT, step)
    return schema


def _searchable_phrase(conn: sqlite3.Connection) -> tuple[int, str]:
    """A meeting and three characters of its minutes that the trigram index answers."""
    meeting_id, content = conn.execute(
        "SELECT id, content FROM meetings WHERE deleted_at IS NULL AND length(content) > 20 ORDER BY id LIMIT 1"
    ).fetchone()
    return meeting_id, content[8:14]


@pytest.mark.parametrize("version", list(range(1, NEXT)))
def test_a_new_column_and_a_new_meeting_kind_keep_every_row(tmp_path, version_3, version):
    reference = load_fixture(version, tmp_path / "reference.db")
    path = load_fixture(version, tmp_path / "old.db")
    old = sqlite3.connect(reference)
    if version >= 2:
        meeting_id, phrase = _searchable_phrase(old)
        found_before = old.execute(
            "SELECT rowid FROM meetings_fts WHERE meetings_fts MATCH ? ORDER BY rowid", [f'"{phrase}"']).fetchall()
        assert (meeting_id,) in found_before
        attendance = old.execute("SELECT count(*) FROM attendance").fetchone()[0]
        assert attendance > 1000

    db = open_db(path)
    try:
        assert migrations.user_version(db) == NEXT
        assert assert_every_value_kept(old, db.conn) > 0  # attendance included, value by value
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert {r[0] for r in db.execute("SELECT DISTINCT away_note FROM members")} == {""}
        if version >= 2:
            assert db.execute("SELECT count(*) FROM attendance").fetchone()[0] == attendance
            # The full-text index still answers for an existing meeting, through the store.
            assert meeting_id in [r.id for r in meetings.search_meetings(db, phrase)]
            assert db.execute(
                "SELECT rowid FROM meetings_fts WHERE meetings_fts MATCH ? ORDER BY rowid", [f'"{phrase}"']
            ).fetchall() == found_before
            # … and keeps following the table: the triggers came back with it.
            db.execute("UPDATE meetings SET content = content || '整改落实回头看' WHERE id = ?", [meeting_id])
            assert [r.id for r in meetings.search_meetings(db, "整改落实回头看")] == [meeting_id]
        # The new kind is accepted, the CHECK list still refuses others; deleting a meeting still
        # takes its attendance with it (the foreign keys of the children survived the rebuild).
        with transaction(db):
            new_id = db.execute("INSERT INTO meetings (kind, date) VALUES (?, '2026-11-20')", [NEW_KIND]).lastrowid
            member = db.execute("SELECT min(id) FROM members").fetchone()[0]
            db.execute("INSERT INTO attendance (meeting_id, member_id, status) VALUES (?, ?, '出席')", [new_id, member])
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"), transaction(db):
            db.execute("INSERT INTO meetings (kind, date) VALUES ('茶话会', '2026-11-20')")
        with transaction(db):
            db.execute("DELETE FROM meetings WHERE id = ?", [new_id])
        assert db.execute("SELECT count(*) FROM attendance WHERE meeting_id = ?", [new_id]).fetchone()[0] == 0
        migrated = shape(db.conn)
    finally:
        close_db(db)
        old.close()

    fresh = open_db(tmp_path / "fresh.db")
    try:
        assert migrations.user_version(fresh) == NEXT
        assert migrated == shape(fresh.conn)
    finally:
        close_db(fresh)


def test_the_scratch_schema_really_changes_the_shape(tmp_path, version_3):
    """Guards the test above: the fresh shape it compares with is not today's."""
    today = sqlite3.connect(load_fixture(RELEASED, tmp_path / "released.db"))
    scratch = sqlite3.connect(tmp_path / "scratch.db")
    scratch.executescript(version_3)
    before, after = shape(today), shape(scratch)
    today.close()
    scratch.close()
    assert {name for name in before if before[name] != after[name]} == {"members", "meetings"}


def test_a_rebuild_with_foreign_keys_on_is_refused_before_it_touches_anything(tmp_path):
    conn = sqlite3.connect(load_fixture(2, tmp_path / "v2.db"), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    attendance = conn.execute("SELECT count(*) FROM attendance").fetchone()[0]
    create = _frozen_meetings_table(_scratch_schema())
    with pytest.raises(RebuildError, match="foreign keys off"):
        Rebuild("meetings", create).apply(conn)
    assert conn.execute("SELECT count(*) FROM attendance").fetchone()[0] == attendance
    conn.close()


def test_a_rebuild_can_fill_a_renamed_column_from_the_old_one(tmp_path):
    conn = sqlite3.connect(load_fixture(2, tmp_path / "v2.db"), isolation_level=None)
    before = conn.execute("SELECT id, what, who FROM talk_followups ORDER BY id").fetchall()
    create = """CREATE TABLE talk_followups (
        id          INTEGER PRIMARY KEY,
        talk_id     INTEGER NOT NULL REFERENCES talks(id) ON DELETE CASCADE,
        task        TEXT NOT NULL,
        who         TEXT NOT NULL DEFAULT '',
        due_date    TEXT,
        done_date   TEXT
    )"""
    conn.execute("BEGIN")
    Rebuild("talk_followups", create, fill={"task": "what"}).apply(conn)
    conn.execute("COMMIT")
    assert conn.execute("SELECT id, task, who FROM talk_followups ORDER BY id").fetchall() == before
    conn.close()


def test_a_rebuild_that_would_lose_a_column_is_refused_unless_told_to_drop_it(tmp_path):
    conn = sqlite3.connect(load_fixture(2, tmp_path / "v2.db"), isolation_level=None)
    before = conn.execute("SELECT id, what FROM talk_followups ORDER BY id").fetchall()
    create = """CREATE TABLE talk_followups (
        id          INTEGER PRIMARY KEY,
        talk_id     INTEGER NOT NULL REFERENCES talks(id) ON DELETE CASCADE,
        what        TEXT NOT NULL,
        due_date    TEXT,
        done_date   TEXT
    )"""
    conn.execute("BEGIN")
    with pytest.raises(RebuildError, match="lose column.*who"):
        Rebuild("talk_followups", create).apply(conn)
    Rebuild("talk_followups", create, drop=("who",)).apply(conn)
    conn.execute("COMMIT")
    assert conn.execute("SELECT id, what FROM talk_followups ORDER BY id").fetchall() == before
    conn.close()
