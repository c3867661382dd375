"""Backups and restores as the secretary relies on them: round trip, undo, damage, full disk."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
from pathlib import Path

import pytest
from branch_files import as_version_1

from tui.store import backups, migrations
from tui.store.db import close_db, open_db
from tui.store.errors import DamagedFileError, StoreError
from tui.store.members import add_honour, record_leaving, save_member


def _dump(path_or_db) -> dict[str, list[tuple]]:
    """Every row of every table: what "all as before" means."""
    if isinstance(path_or_db, Path):
        conn = sqlite3.connect(f"file:{path_or_db}?mode=ro", uri=True)
    else:
        conn = path_or_db.conn
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    out = {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    if isinstance(path_or_db, Path):
        conn.close()
    return out


@pytest.fixture
def branch(tmp_path):
    path = tmp_path / "branch.db"
    db = open_db(path)
    ids = [save_member(db, {"name": n, "gender": "女", "join_date": "2010-07"}) for n in ("张三", "李四", "王五")]
    add_honour(db, ids[0], "优秀共产党员", "校级", 2024)
    yield db, path, ids
    close_db(db)


def test_backup_is_verified_counted_and_listed(branch):
    db, path, _ = branch
    result = backups.take_backup(db, now=dt.datetime(2026, 11, 20, 18, 3))
    info = result.info
    assert info.path.parent == backups.default_backup_dir(path)
    assert info.path.name == "branch-20261120-180300.db"
    assert info.verified and info.members == 3 and info.counts["member_honours"] == 1
    assert backups.check_file(info.path, full=True) == []
    assert backups.list_backups(info.path.parent) == [info]
    assert backups.last_verified(info.path.parent) == info
    assert "党员 3 人" in info.describe()


def test_a_backup_file_changed_afterwards_is_no_longer_verified(branch):
    db, _, _ = branch
    info = backups.take_backup(db).info
    with open(info.path, "ab") as f:
        f.write(b"\0" * 10)
    assert not backups.list_backups(info.path.parent)[0].verified


def test_restore_round_trip_and_undo(branch):
    db, path, ids = branch
    before = _dump(db)
    backup = backups.take_backup(db, now=dt.datetime(2026, 11, 20, 9)).info

    save_member(db, {"name": "赵六"})
    save_member(db, {"name": "张三丰"}, ids[0])
    record_leaving(db, ids[1], "2026-10-01", "转出", "调往外校")
    changed = _dump(db)
    assert changed != before

    db, result = backups.restore_open(db, backup)
    assert _dump(db) == before
    assert result.undo_point is not None and result.undo_point.exists()
    assert backups.last_restore(path)["undo_point"] == str(result.undo_point)
    newest = backups.list_backups(backups.default_backup_dir(path))[0]
    assert newest.reason == "恢复后" and _dump(newest.path)["members"] == before["members"]
    save_member(db, {"name": "恢复后还能写入"})  # the reopened file takes writes
    db, _ = backups.undo_restore_open(db)
    assert _dump(db) == changed
    close_db(db)


def test_restore_keeps_the_undo_point_through_rotation(branch):
    db, path, _ = branch
    start = dt.datetime(2026, 1, 1, 9)
    first = backups.take_backup(db, now=start).info
    close_db(db)
    result = backups.restore(first, path, now=start + dt.timedelta(hours=1))
    later = [backups.take_backup(path, now=start + dt.timedelta(hours=h)).info for h in (2, 3, 4)]
    # Only the day's newest backup is kept by the rule; the undo point survives all the same.
    assert not later[0].path.exists() and later[-1].path.exists()
    assert result.undo_point.exists()


def test_never_backs_up_a_damaged_source(tmp_path):
    path = _damaged_file(tmp_path)
    dest = tmp_path / "out"
    with pytest.raises(DamagedFileError, match="未通过检查"):
        backups.take_backup(path, dest)
    assert not dest.exists() or not list(dest.iterdir())


def _damaged_file(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.db"
    db = open_db(path)
    from tui.store.db import transaction

    with transaction(db):
        db["members"].insert_all({"name": f"党员{i}", "note": "x" * 200} for i in range(300))
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'members'").fetchone()[0]
    page = db.execute("PRAGMA page_size").fetchone()[0]
    close_db(db)
    with open(path, "r+b") as f:
        f.seek((root - 1) * page)
        f.write(os.urandom(page))
    return path


def test_check_file_names_the_damage_and_a_sound_file_has_none(tmp_path, branch):
    _, path, _ = branch
    assert backups.check_file(path) == []
    problems = backups.check_file(_damaged_file(tmp_path))
    assert problems and all("损坏" in p or "无法打开" in p for p in problems)
    not_db = tmp_path / "note.db"
    not_db.write_text("这不是数据库" * 200, encoding="utf-8")
    assert backups.check_file(not_db)


def test_restore_over_a_damaged_file_sets_it_aside(tmp_path, branch):
    db, _, _ = branch
    good = backups.take_backup(db).info
    path = _damaged_file(tmp_path)
    damaged_bytes = path.read_bytes()
    result = backups.restore(good, path)
    assert backups.check_file(path) == []
    assert result.undo_point is None
    assert result.set_aside[0].read_bytes() == damaged_bytes
    assert _dump(path)["members"] == _dump(good.path)["members"]


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path, branch):
    db, path, _ = branch
    before = _dump(db)
    with pytest.raises(StoreError, match="不能用来恢复"):
        backups.restore(_damaged_file(tmp_path), path, lock=False)
    assert _dump(db) == before


def test_restore_from_an_older_schema_backup_is_migrated_after_a_backup(tmp_path, branch):
    db, path, _ = branch
    old = backups.take_backup(db, now=dt.datetime(2026, 1, 1)).info
    conn = sqlite3.connect(old.path)
    as_version_1(conn)
    conn.commit()
    conn.close()
    os.utime(old.path)
    db, _ = backups.restore_open(db, old.path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    reasons = [b.reason for b in backups.list_backups(backups.default_backup_dir(path))]
    assert any(r.startswith("升级前") for r in reasons)
    close_db(db)


def test_second_place_receives_each_verified_backup(tmp_path, branch):
    db, path, _ = branch
    second = tmp_path / "U盘"
    assert backups.set_second_dir(db, str(second)) == second
    result = backups.take_backup(db)
    copy = second / "branch" / result.info.path.name
    assert result.copies == [copy]
    assert backups.list_backups(copy.parent)[0].verified
    assert copy.read_bytes() == result.info.path.read_bytes()
    backups.set_second_dir(db, "")
    assert backups.get_second_dir(db) is None


def test_an_unreachable_second_place_is_a_warning_not_a_failure(tmp_path, branch):
    db, _, _ = branch
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = backups.take_backup(db, second_dir=blocker)
    assert result.info.verified and not result.copies
    assert result.warnings and "第二个备份位置" in result.warnings[0]


# ── a full disk ──

def test_disk_full_while_saving_keeps_everything_saved_before(branch):
    db, path, _ = branch
    before = _dump(db)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    with pytest.raises(StoreError, match="磁盘空间不足，未保存"):
        save_member(db, {"name": "新党员", "note": "很长的备注" * 5000})
    db.execute("PRAGMA max_page_count = 1073741823")
    assert _dump(db) == before
    assert backups.check_file(path, full=True) == []
    save_member(db, {"name": "空间释放后"})  # and saving works again


def test_other_errors_pass_through_the_disk_full_guard(branch):
    from tui.store.db import transaction

    db, _, _ = branch
    with pytest.raises(sqlite3.OperationalError):
        with transaction(db):
            db.execute("SELECT * FROM no_such_table")


def test_disk_full_while_exporting_leaves_no_half_written_file(tmp_path):
    from tui.export.atomic import ExportError, atomic_write

    target = tmp_path / "花名册.xlsx"
    target.write_bytes(b"previous export")

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            f.write(b"half of a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError, match="磁盘空间不足"):
        atomic_write(target, write, force=True)
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["花名册.xlsx"]


def test_disk_full_while_backing_up_keeps_earlier_backups(branch, monkeypatch):
    db, path, _ = branch
    first = backups.take_backup(db, now=dt.datetime(2026, 5, 1)).info

    def full(_path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "_fsync_file", full)
    with pytest.raises(StoreError, match="磁盘空间不足，备份未完成"):
        backups.take_backup(db, now=dt.datetime(2026, 5, 2))
    folder = backups.default_backup_dir(path)
    assert backups.list_backups(folder) == [first]
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.path.name, first.path.with_suffix(".json").name])


def test_disk_full_while_restoring_leaves_the_file_as_it_was(branch, monkeypatch):
    db, path, _ = branch
    good = backups.take_backup(db).info
    save_member(db, {"name": "恢复前新增"})
    before = _dump(db)
    real_copy = backups.shutil.copyfile

    def copy_then_full(src, dst, *a, **k):
        if ".restore-" in str(dst):
            Path(dst).write_bytes(b"half")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_copy(src, dst, *a, **k)

    monkeypatch.setattr(backups.shutil, "copyfile", copy_then_full)
    with pytest.raises(backups.RestoreError, match="磁盘空间不足") as failure:
        backups.restore_open(db, good)
    db = failure.value.db
    assert _dump(db) == before
    assert not list(path.parent.glob(".*.tmp"))
    close_db(db)


# ── privacy ──

@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_backups_and_data_are_readable_by_the_user_only(branch):
    db, path, _ = branch
    info = backups.take_backup(db).info
    assert info.path.stat().st_mode & 0o777 == 0o600
    assert info.path.parent.stat().st_mode & 0o777 == 0o700
    backups.secure_db_files(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("folder", [
    "C:/Users/张老师/OneDrive/文档/zhibu",
    "/home/li/Dropbox/zhibu",
    "D:/我的坚果云/支部",
    "/Users/wang/Library/Mobile Documents/com~apple~CloudDocs/zhibu",
    "E:/BaiduNetdisk/支部",
    "//fileserver/党委/支部",
])
def test_cloud_and_network_folders_are_warned_about(folder):
    warning = backups.storage_warning(folder)
    assert warning and ("同步" in warning or "网络" in warning)


def test_an_ordinary_local_folder_is_not_warned_about(tmp_path):
    assert backups.storage_warning(tmp_path) is None


def test_the_backup_before_an_import_outlives_the_days_later_backups_for_a_week(branch):
    db, path, _ = branch
    start = dt.datetime(2026, 3, 2, 9)
    before = backups.take_backup(db, reason="导入前", now=start).info
    for hours in (1, 2, 8):  # a manual backup, then the closing one, the same day
        backups.take_backup(db, now=start + dt.timedelta(hours=hours))
    assert before.path.exists()
    names = [b.path.name for b in backups.list_backups(before.path.parent)]
    assert names == ["branch-20260302-170000.db", before.path.name]
    for days in range(1, 9):
        backups.take_backup(db, reason="关闭时", now=start + dt.timedelta(days=days))
    assert not before.path.exists()  # a week later the ordinary rule decides again


def test_opening_a_small_text_file_refuses_and_leaves_it_as_it_was(tmp_path):
    notes = tmp_path / "说明.txt"
    notes.write_bytes("支部会议\n".encode())
    with pytest.raises(DamagedFileError, match="不是 zhibu 的支部文件"):
        open_db(notes)
    assert notes.read_bytes() == "支部会议\n".encode()


def test_a_backup_folder_that_cannot_be_made_is_explained_in_chinese(tmp_path, branch):
    db, _, _ = branch
    blocker = tmp_path / "U盘"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError) as err:
        backups.take_backup(db, blocker / "支部备份")
    assert "备份未完成" in str(err.value) and "不是文件夹" in str(err.value)


def test_a_check_after_a_crash_that_needs_wal_recovery_is_not_damage(tmp_path, monkeypatch):
    import sqlite3 as sq

    path = tmp_path / "b.db"
    conn = sq.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    from tui.store import file_checks

    real = file_checks._problems_of
    calls = []

    def recovering_first(c, *, full=False):      # the read-only connection cannot recover the WAL
        calls.append(c)
        if len(calls) == 1:
            raise sq.OperationalError("attempt to write a readonly database")
        return real(c, full=full)

    monkeypatch.setattr(file_checks, "_problems_of", recovering_first)
    assert backups.check_file(path) == []
    assert len(calls) == 2
