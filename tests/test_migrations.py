"""Every earlier schema version opens, migrates to the current shape, and keeps every row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tui.store import migrations
from tui.store.db import close_db, open_db
from tui.store.errors import FileInUseError, NewerFileError

FIXTURES = Path(__file__).parent / "fixtures"


def _shape(conn: sqlite3.Connection) -> set[tuple[str, str, str]]:
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return {(t, n, " ".join((s or "").split())) for t, n, s in rows}


def _make_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "schema_v1.sql").read_text(encoding="utf-8"))
    conn.executescript(
        """
        INSERT INTO branch (id, name, kind, term_start) VALUES (1, '教工第一党支部', '教工', '2024-03-01');
        INSERT INTO party_groups (id, name) VALUES (1, '第一党小组');
        INSERT INTO members (id, name, gender, category, party_status, join_date, group_id, pinyin, initials)
            VALUES (1, '张慧', '女', '教工', '正式党员', '2010-06', 1, 'zhanghui', 'zh'),
                   (2, '单田芳', '男', '离退休', '正式党员', '1980-07-01', 1, 'shantianfang', 'stf');
        UPDATE party_groups SET leader_id = 1;
        INSERT INTO committee (role, member_id) VALUES ('书记', 1);
        INSERT INTO member_honours (member_id, title, level, year) VALUES (1, '园丁奖', '市级', 2020);
        INSERT INTO settings (key, value) VALUES ('dues.student_fen', '50');
        PRAGMA user_version = 1;
        """
    )
    conn.commit()
    conn.close()


def test_v1_file_migrates_to_the_fresh_shape_and_keeps_rows(tmp_path):
    old, fresh = tmp_path / "old.db", tmp_path / "fresh.db"
    _make_v1(old)
    seen = []
    db = open_db(old, before_migrate=lambda p, v: seen.append(v))
    assert seen == [1]
    assert migrations.user_version(db) == migrations.LATEST
    assert db.execute("SELECT name, pinyin FROM members ORDER BY id").fetchall() == [
        ("张慧", "zhanghui"), ("单田芳", "shantianfang")]
    assert db.execute("SELECT role, member_id FROM committee").fetchall() == [("书记", 1)]
    assert db.execute("SELECT title FROM member_honours").fetchall() == [("园丁奖",)]
    assert db.execute("SELECT value FROM settings").fetchall() == [("50",)]
    assert db.execute("SELECT leader_id FROM party_groups").fetchall() == [(1,)]
    migrated = _shape(db.conn)
    close_db(db)
    db2 = open_db(fresh)
    assert migrated == _shape(db2.conn)
    close_db(db2)


def test_failed_migration_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    old = tmp_path / "old.db"
    _make_v1(old)

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("boom")

    monkeypatch.setitem(migrations.STEPS, 2, broken)
    with pytest.raises(sqlite3.OperationalError):
        open_db(old)
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 2
    conn.close()


def test_a_file_from_a_newer_zhibu_is_refused_untouched(tmp_path):
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerFileError, match="更新版本"):
        open_db(path)
    assert path.read_bytes() == before


def test_a_second_window_on_the_same_file_is_told_plainly(tmp_path):
    db = open_db(tmp_path / "b.db")
    try:
        with pytest.raises(FileInUseError, match="另一个 zhibu 窗口"):
            open_db(tmp_path / "b.db")
    finally:
        close_db(db)
    close_db(open_db(tmp_path / "b.db"))  # released on close


def test_pragmas_are_safe(db):
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # every save in the file itself
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
