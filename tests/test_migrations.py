"""Every released schema version opens, migrates to the current shape, and keeps every row.

The old files are tests/fixtures/branch_v<N>.sql: the demo branch as each version held it, every
table filled. tests/test_migrations_rebuild.py adds a scratch step 3 (a new column, a new meeting
kind through a table rebuild) on top of them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from branch_files import assert_every_value_kept, fixture_versions, load_fixture, record_tables, shape

from tui.store import migrations
from tui.store.backups import backup_before_migrate, default_backup_dir, list_backups
from tui.store.db import close_db, open_db
from tui.store.errors import FileInUseError, NewerFileError, StoreError
from tui.store.migration_ops import Rebuild, Script, Step
from tui.store.migrations import MigrationError

OLD_VERSIONS = [v for v in fixture_versions() if v < migrations.LATEST]


def _fresh_shape(tmp_path: Path) -> dict:
    db = open_db(tmp_path / "fresh.db")
    try:
        assert migrations.user_version(db) == migrations.LATEST
        return shape(db.conn)
    finally:
        close_db(db)


def _contents(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in record_tables(conn)}
    finally:
        conn.close()


def test_there_is_a_populated_file_of_every_released_version():
    assert fixture_versions() == list(range(1, migrations.LATEST + 1))
    assert set(migrations.STEPS) == set(range(1, migrations.LATEST + 1))


@pytest.mark.parametrize("version", fixture_versions())
def test_every_table_of_each_fixture_has_rows(tmp_path, version):
    conn = sqlite3.connect(load_fixture(version, tmp_path / "old.db"))
    empty = [t for t in record_tables(conn) if not conn.execute(f'SELECT 1 FROM "{t}"').fetchone()]
    tables = record_tables(conn)
    conn.close()
    assert not empty
    if version >= 2:
        assert {"meetings", "attendance", "talks", "dues_payments", "pairings", "meeting_drafts"} <= set(tables)


@pytest.mark.parametrize("version", fixture_versions())
def test_each_fixture_migrates_keeping_every_row_and_value_and_ends_in_the_fresh_shape(tmp_path, version):
    reference = load_fixture(version, tmp_path / "reference.db")
    path = load_fixture(version, tmp_path / "old.db")
    seen = []
    db = open_db(path, before_migrate=lambda p, v: seen.append(v))
    try:
        assert seen == ([version] if version < migrations.LATEST else [])
        assert migrations.user_version(db) == migrations.LATEST
        old = sqlite3.connect(reference)
        try:
            assert assert_every_value_kept(old, db.conn) > 0
        finally:
            old.close()
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        migrated = shape(db.conn)
    finally:
        close_db(db)
    assert migrated == _fresh_shape(tmp_path)


def test_the_frozen_steps_from_an_empty_file_give_the_fresh_shape(tmp_path):
    conn = sqlite3.connect(tmp_path / "steps.db", isolation_level=None)
    for version in sorted(migrations.STEPS):
        migrations.STEPS[version].apply(conn)
    assert shape(conn) == _fresh_shape(tmp_path)
    conn.close()


def test_a_fresh_file_is_stamped_latest(tmp_path):
    db = open_db(tmp_path / "new.db")
    assert migrations.user_version(db) == migrations.LATEST
    close_db(db)


def _broken_step(*operations) -> Step:
    return Step("测试用的坏步骤", operations)


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_a_failed_step_leaves_the_file_at_its_old_version_untouched(tmp_path, monkeypatch, version):
    path = load_fixture(version, tmp_path / "old.db")
    before = _contents(path)
    broken = _broken_step(
        Script("CREATE TABLE half_done (x);\nINSERT INTO half_done VALUES (1);"),
        Script("INSERT INTO no_such_table VALUES (1);"),
    )
    monkeypatch.setitem(migrations.STEPS, migrations.LATEST, broken)
    with pytest.raises(MigrationError, match=f"无法升级到第 {migrations.LATEST} 版.*仍是第 {version} 版") as caught:
        open_db(path)
    assert isinstance(caught.value, StoreError)  # shown to the user like every store error
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()
    assert _contents(path) == before
    monkeypatch.undo()
    db = open_db(path)  # and it still opens, and migrates, once the step is right
    assert migrations.user_version(db) == migrations.LATEST
    close_db(db)


def test_a_step_that_leaves_dangling_references_is_refused_and_rolled_back(tmp_path, monkeypatch):
    path = load_fixture(2, tmp_path / "old.db")
    before = _contents(path)
    # Foreign keys are off during a migration, so this delete does not cascade: the check must see it.
    drops = _broken_step(Script("DELETE FROM meetings WHERE id IN (SELECT meeting_id FROM attendance LIMIT 1);"))
    monkeypatch.setattr(migrations, "LATEST", 3)
    monkeypatch.setitem(migrations.STEPS, 3, drops)
    with pytest.raises(MigrationError, match="指向不存在的记录.*仍是第 2 版"):
        open_db(path)
    assert _contents(path) == before


def test_a_rebuild_whose_new_check_refuses_existing_rows_is_rolled_back(tmp_path, monkeypatch):
    path = load_fixture(2, tmp_path / "old.db")
    before = _contents(path)
    create = migrations.schema_sql().split("CREATE TABLE IF NOT EXISTS meetings", 1)[1].split(");", 1)[0]
    without_lectures = "CREATE TABLE meetings" + create.replace("'党课',", "") + ");"
    monkeypatch.setattr(migrations, "LATEST", 3)
    monkeypatch.setitem(migrations.STEPS, 3, _broken_step(Rebuild("meetings", without_lectures)))
    with pytest.raises(MigrationError, match="CHECK constraint failed"):
        open_db(path)
    assert _contents(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_the_backup_taken_before_a_migration_holds_the_old_file(tmp_path, version):
    path = load_fixture(version, tmp_path / "old.db")
    before = _contents(path)
    close_db(open_db(path, before_migrate=backup_before_migrate))
    backups = list_backups(default_backup_dir(path), path.stem)
    assert len(backups) == 1 and backups[0].verified
    assert f"文件版本 {version}" in backups[0].reason
    conn = sqlite3.connect(backups[0].path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    conn.close()
    assert _contents(backups[0].path) == before


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


def test_an_up_to_date_file_opens_without_the_migration_code(tmp_path):
    """The everyday open (bench/run.py: start-up) loads no migration step; an older file does."""
    import subprocess
    import sys

    from tui.store import schema_version

    assert schema_version.SCHEMA_VERSION == migrations.LATEST == max(migrations.STEPS)
    close_db(open_db(tmp_path / "today.db"))
    old = load_fixture(OLD_VERSIONS[-1], tmp_path / "old.db")
    probe = ("import sys; from tui.store.db import open_db, close_db; close_db(open_db(sys.argv[1])); "
             "print('tui.store.migrations' in sys.modules)")
    loaded = [subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True,
                             check=True).stdout.strip() for path in (tmp_path / "today.db", old)]
    assert loaded == ["False", "True"]
