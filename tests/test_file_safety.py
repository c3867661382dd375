"""Damage found and never spread; a full disk is not damage; restore, lock, second place, privacy
and housekeeping as the secretary meets them (issue: nothing lost in the field)."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.store import backups
from tui.store.db import _FileLock, close_db, db_path_of, open_db
from tui.store.errors import DamagedFileError, FileInUseError, StoreError
from tui.store.file_checks import check_file, only_indexes_damaged
from tui.store.members import save_member
from tui.store.write_gate import hold_writes, release_writes



def _count(path: Path, table: str = "members") -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# ── damaged copies ──

def damage_index(path: Path, index: str) -> None:
    """Empty an index while its table keeps its rows (what a torn write of an index page or a
    tool without the index leaves): the rows are gone from every query that uses the index."""
    conn = sqlite3.connect(path, isolation_level=None)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [index]).fetchone()[0]
    conn.execute(f"DROP INDEX {index}")
    conn.execute(sql + " WHERE 0")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", [sql, index])
    conn.close()


def damage_page(path: Path, table: str) -> None:
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(b"\x5a" * size)


def damage_header(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(data)


DAMAGE = {
    "index members_name": lambda p: damage_index(p, "members_name"),
    "index meetings_by_date": lambda p: damage_index(p, "meetings_by_date"),
    "index attendance_member": lambda p: damage_index(p, "attendance_member"),
    "page members": lambda p: damage_page(p, "members"),
    "page attendance": lambda p: damage_page(p, "attendance"),
    "page dues_payments": lambda p: damage_page(p, "dues_payments"),
    "header magic": lambda p: damage_header(p, 0, b"SQLite format 2\x00"),
    "header page size": lambda p: damage_header(p, 16, b"\x00\x03"),
}


def test_every_damaged_copy_is_reported_and_never_called_sound(tmp_path, demo_path, capsys):
    missed = []
    for i, (name, damage) in enumerate(DAMAGE.items()):
        path = tmp_path / f"copy{i}.db"
        shutil.copyfile(demo_path, path)
        damage(path)
        before = path.read_bytes()
        code = main(["check", "--db", str(path)])
        captured = capsys.readouterr()
        if code != 2 or "正常" in captured.out:
            missed.append(name)
        assert path.read_bytes() == before, f"{name}: zhibu check wrote to a damaged file"
    assert missed == [], f"damaged files missed: {missed}"


def test_index_damage_passes_quick_check_but_not_the_full_check(tmp_path, demo_path):
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_path, path)
    damage_index(path, "members_name")
    assert check_file(path, full=False) == []        # what the start-up check used to say
    problems = check_file(path)
    assert problems and only_indexes_damaged(problems)
    shutil.copyfile(demo_path, path)
    damage_page(path, "members")
    assert not only_indexes_damaged(check_file(path))


def test_check_offers_reindex_for_index_damage_and_mends_it(tmp_path, demo_path, capsys):
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_path, path)
    members = _count(path)
    damage_index(path, "members_name")
    assert main(["check", "--db", str(path)]) == 2
    assert "zhibu check --reindex" in capsys.readouterr().err

    assert main(["check", "--db", str(path), "--reindex"]) == 0
    out = capsys.readouterr().out
    assert "已重建索引" in out and "文件完整性：正常" in out
    assert check_file(path) == [] and _count(path) == members
    kept = list(tmp_path.glob("demo.damaged-*.db"))
    assert len(kept) == 1 and only_indexes_damaged(check_file(kept[0]))


def test_reindex_is_refused_when_more_than_indexes_is_damaged(tmp_path, demo_path, capsys):
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_path, path)
    damage_page(path, "members")
    before = path.read_bytes()
    assert main(["check", "--db", str(path), "--reindex"]) == 2
    assert "zhibu restore" in capsys.readouterr().err
    assert path.read_bytes() == before


# ── a full disk is not damage ──

def _disk_full_error() -> sqlite3.OperationalError:
    """A real SQLITE_FULL from SQLite (a page limit stands in for the disk)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 2")
    try:
        while True:
            conn.execute("INSERT INTO t VALUES (?)", ["x" * 1000])
    except sqlite3.OperationalError as exc:
        return exc
    finally:
        conn.close()


def _branch_with_backup(tmp_path: Path) -> Path:
    path = tmp_path / "branch.db"
    db = open_db(path)
    save_member(db, {"name": "张三"})
    backups.take_backup(db)
    close_db(db)
    return path


def test_a_full_disk_at_opening_is_said_so_and_no_restore_is_offered(tmp_path, monkeypatch):
    from tui.cli.backups import open_for_app
    from tui.store import db as db_module

    path = _branch_with_backup(tmp_path)
    before = path.read_bytes()
    error = _disk_full_error()

    def full(*_a, **_k):
        raise error

    monkeypatch.setattr(db_module, "_set_pragmas", full)
    said: list[str] = []
    with pytest.raises(StoreError, match="磁盘空间不足") as caught:
        open_for_app(path, ask=lambda p: "", say=said.append, interactive=True)
    assert "不需要从备份恢复" in str(caught.value)
    assert not any("按 回车" in line or "损坏" in line for line in said)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("branch.damaged-*"))


def test_zhibu_says_disk_full_and_exits_without_opening_the_app(tmp_path, monkeypatch, capsys):
    from tui.store import db as db_module

    path = _branch_with_backup(tmp_path)
    error = _disk_full_error()

    def full(*_a, **_k):
        raise error

    monkeypatch.setattr(db_module, "_set_pragmas", full)
    assert main(["--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert "磁盘空间不足" in captured.err and "恢复" not in captured.out


def test_a_full_disk_during_zhibu_check_is_not_damage(tmp_path, monkeypatch, capsys):
    from tui.store import file_checks

    path = _branch_with_backup(tmp_path)
    error = _disk_full_error()

    def full(*_a, **_k):
        raise error

    monkeypatch.setattr(file_checks, "_problems_of", full)
    assert main(["check", "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert "磁盘空间不足" in captured.err and "损坏" not in captured.err.replace("不说明文件损坏", "")
    assert "正常" not in captured.out


def test_an_io_error_counts_as_a_full_disk_only_when_the_disk_is_full(tmp_path, monkeypatch):
    from tui.store import disk

    ioerr = sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(disk, "_free_bytes", lambda folder: 4096)
    assert disk.is_disk_full(ioerr, tmp_path)
    monkeypatch.setattr(disk, "_free_bytes", lambda folder: 10 << 30)
    assert not disk.is_disk_full(ioerr, tmp_path)
    assert disk.is_disk_full(_disk_full_error())
    assert disk.is_disk_full(OSError(28, "No space left on device"))


# ── restore refuses what is not a branch ──

def test_restore_refuses_a_file_that_is_not_a_zhibu_branch(tmp_path, capsys):
    path = _branch_with_backup(tmp_path)
    before = path.read_bytes()
    foreign = tmp_path / "other.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('x')")
    conn.commit()
    conn.close()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.close()
    for bad in (foreign, empty):
        with pytest.raises(StoreError, match="不是 zhibu 的支部文件"):
            backups.restore(bad, path)
        assert main(["restore", str(bad), "--db", str(path)]) == 1
        assert "不是 zhibu 的支部文件" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert _count(path) == 1


# ── the one-window lock ──

@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the database file itself is flock()ed on Linux")
def test_deleting_the_lock_file_does_not_let_a_second_window_in(tmp_path):
    import subprocess
    import textwrap

    path = tmp_path / "branch.db"
    close_db(open_db(path))
    code = textwrap.dedent("""
        import sys
        from tui.store.db import open_db
        db = open_db(sys.argv[1])
        print("open", flush=True)
        sys.stdin.readline()
    """)
    root = Path(__file__).resolve().parents[1]
    first = subprocess.Popen([sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    try:
        assert first.stdout.readline().strip() == "open"
        (tmp_path / "branch.db.lock").unlink()   # a cleaning or sync tool
        with pytest.raises(FileInUseError, match="另一个 zhibu 窗口"):
            open_db(path)
        with pytest.raises(FileInUseError):
            backups.restore(_backup_of(path, tmp_path), path)
    finally:
        first.kill()
        first.wait()
    close_db(open_db(path))  # free again once the first window is gone


def _backup_of(path: Path, tmp_path: Path) -> Path:
    return backups.take_backup(path, tmp_path / "b", rotate=False).info.path


@pytest.mark.skipif(os.name == "nt", reason="a locked file cannot be deleted on Windows")
def test_a_window_whose_lock_was_taken_over_stops_saving(tmp_path):
    path = tmp_path / "branch.db"
    db = open_db(path)
    try:
        save_member(db, {"name": "张三"})
        lock = tmp_path / "branch.db.lock"
        lock.unlink()                       # deleted: this window simply takes it again
        save_member(db, {"name": "李四"})
        assert lock.exists()
        lock.unlink()
        other = _FileLock(path, lock_db=False)  # … and now another window holds a new one
        other.acquire()
        try:
            with pytest.raises(FileInUseError, match="锁文件被删除"):
                save_member(db, {"name": "王五"})
        finally:
            other.release()
        assert [r[0] for r in db.execute("SELECT name FROM members ORDER BY id")] == ["张三", "李四"]
    finally:
        close_db(db)


# ── the second place ──

def test_an_unplugged_usb_stick_is_not_re_created_on_this_disk(tmp_path, capsys):
    path = tmp_path / "branch.db"
    usb = tmp_path / "usb"
    db = open_db(path)
    backups.set_second_dir(db, str(usb))
    close_db(db)
    shutil.rmtree(usb)                      # unplugged
    result = backups.take_backup(path)
    assert result.copies == [] and not usb.exists()
    assert any("不存在" in w and "U盘" in w for w in result.warnings)
    assert main(["backup", "--db", str(path)]) == 0
    captured = capsys.readouterr()
    assert "已复制到第二个位置" not in captured.out and "不存在" in captured.err
    assert not usb.exists()
    usb.mkdir()                             # plugged in again
    assert backups.take_backup(path).copies


# ── zhibu check on an older file ──

def _make_v1(path: Path) -> None:
    from branch_files import load_fixture

    load_fixture(1, path)


def test_check_backs_up_an_older_file_before_upgrading_and_never_upgrades_a_damaged_one(tmp_path, capsys):
    path = tmp_path / "old.db"
    _make_v1(path)
    assert main(["check", "--db", str(path)]) == 0
    found = backups.list_backups(backups.default_backup_dir(path))
    assert [b.reason for b in found] == ["升级前（文件版本 1）"]
    conn = sqlite3.connect(found[0].path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()

    damaged = tmp_path / "old2.db"
    _make_v1(damaged)
    damage_index(damaged, "members_name")
    before = damaged.read_bytes()
    assert main(["check", "--db", str(damaged)]) == 2
    assert damaged.read_bytes() == before
    capsys.readouterr()


# ── privacy from creation ──

@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_new_file_and_its_folder_are_private_from_creation(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "new" / "data" / "branch.db"
        db = open_db(path)                     # what `zhibu import` on a new file does
        save_member(db, {"name": "张三"})
        result = backups.take_backup(db, tmp_path / "bk")
        close_db(db)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert path.parent.parent.stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "bk").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "new" / "data" / "branch.db.lock").stat().st_mode & 0o777 == 0o600
    assert result.info.path.stat().st_mode & 0o777 == 0o600


# ── housekeeping ──

def test_pre_change_backups_are_bounded(tmp_path):
    import datetime as dt

    path = tmp_path / "branch.db"
    db = open_db(path)
    save_member(db, {"name": "张三"})
    start = dt.datetime(2026, 11, 20, 8, 0)
    for i in range(30):                          # 30 imports in two days
        backups.take_backup(db, reason="导入前", now=start + dt.timedelta(hours=i))
    close_db(db)
    kept = backups.list_backups(backups.default_backup_dir(path))
    before_import = [b for b in kept if b.reason == "导入前"]
    assert len(kept) <= backups.MAX_BEFORE_CHANGE + 2, len(kept)   # + the rule's one a day
    assert before_import[0].created == start + dt.timedelta(hours=29)  # the newest is kept


def test_pieces_of_killed_backups_are_cleaned_up(tmp_path):
    path = tmp_path / "branch.db"
    db = open_db(path)
    folder = backups.default_backup_dir(path)
    backups.take_backup(db)
    old = time.time() - 2 * 3600
    stale = [folder / ".branch-20261121-080000.db.ab12cd34.partial",
             folder / ".branch-20261121-080000.db.ab12cd34.partial-journal"]
    young = folder / ".branch-20261121-090000.db.ef56ab78.partial"
    for piece in (*stale, young):
        piece.write_bytes(b"x" * 4096)
    for piece in stale:
        os.utime(piece, (old, old))
    now = time.time()
    os.utime(young, (now, now))   # on the clock the code reads (faked in CI's faketime runs)
    leftover = tmp_path / ".branch.db.restore-1234abcd.tmp"
    leftover.write_bytes(b"x")
    os.utime(leftover, (old, old))
    backups.take_backup(db)
    close_db(db)
    assert not any(p.exists() for p in stale) and young.exists()
    backups.restore(backups.list_backups(folder)[0], path)
    assert not leftover.exists()
    assert not list(folder.glob(".*-journal"))   # a backup in progress keeps no journal either


# ── saves wait for the check; a damaged file takes none ──

def test_a_save_waits_for_the_check_and_then_goes_through(db):
    gate = hold_writes(db)

    def check_done_later() -> None:  # a sleeping thread, not threading.Timer: see .ci/run's faketime note
        time.sleep(0.3)
        gate.settle([])

    threading.Thread(target=check_done_later, daemon=True).start()
    started = time.monotonic()
    save_member(db, {"name": "张三"})
    assert time.monotonic() - started >= 0.25
    release_writes(db)
    assert getattr(db, "_zhibu_gate") is None
    save_member(db, {"name": "李四"})
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 2


def test_a_damaged_file_takes_no_save_but_can_be_read(db):
    save_member(db, {"name": "张三"})
    gate = hold_writes(db)
    gate.settle(["文件结构损坏：row 1 missing from index members_name"])
    with pytest.raises(DamagedFileError, match="已停止保存"):
        save_member(db, {"name": "李四"})
    with pytest.raises(DamagedFileError):
        from tui.store.db import transaction

        with transaction(db):
            db.execute("DELETE FROM members")
    assert [r[0] for r in db.execute("SELECT name FROM members")] == ["张三"]
    worker = open_db(db_path_of(db), lock=False, migrate=False)   # the export worker's connection
    try:
        with pytest.raises(DamagedFileError):
            save_member(worker, {"name": "王五"})
    finally:
        close_db(worker)
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 1


def test_restoring_a_backup_in_the_app_lifts_the_damaged_files_stop(tmp_path):
    path = tmp_path / "branch.db"
    db = open_db(path)
    save_member(db, {"name": "张三"})
    good = backups.take_backup(db).info
    gate = hold_writes(db)
    gate.settle(["文件结构损坏：row 1 missing from index members_name"])
    db, _ = backups.restore_open(db, good)
    try:
        assert getattr(db, "_zhibu_gate", None) is None
        save_member(db, {"name": "李四"})
        assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 2
    finally:
        close_db(db)


def test_the_app_stops_saving_on_a_damaged_file_and_rebuilds_its_indexes(tmp_path, demo_path):
    from tui.app import ZhibuApp
    from tui.cli.backups import open_for_app
    from tui.screens.damaged_dialog import DamagedDialog

    path = tmp_path / "demo.db"
    shutil.copyfile(demo_path, path)
    damage_index(path, "members_name")
    members = _count(path)
    db, _ = open_for_app(path, background_check=True)   # opens at once: the check runs later
    app = ZhibuApp(db, path)

    async def run() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(100):
                await pilot.pause(0.05)
                if isinstance(app.screen, DamagedDialog):
                    break
            assert isinstance(app.screen, DamagedDialog)
            with pytest.raises(DamagedFileError):
                save_member(app.db, {"name": "新党员"})
            await pilot.press("r")
            await pilot.pause(0.2)
            assert not isinstance(app.screen, DamagedDialog)
            assert getattr(app.db, "_zhibu_gate", None) is None
            save_member(app.db, {"name": "新党员"})

    asyncio.run(run())
    close_db(app.db)
    assert check_file(path) == [] and _count(path) == members + 1


def test_the_app_on_a_sound_file_lets_saves_through_after_its_check(tmp_path, demo_path):
    from tui.app import ZhibuApp
    from tui.cli.backups import open_for_app

    path = tmp_path / "demo.db"
    shutil.copyfile(demo_path, path)
    db, _ = open_for_app(path, background_check=True)
    assert db._zhibu_gate is not None
    app = ZhibuApp(db, path)

    async def run() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(100):
                await pilot.pause(0.05)
                if getattr(app.db, "_zhibu_gate", None) is None:
                    break
            assert getattr(app.db, "_zhibu_gate", None) is None   # checked, found sound, released
            assert not app.screen_stack[-1].__class__.__name__ == "DamagedDialog"
            save_member(app.db, {"name": "新党员"})

    asyncio.run(run())
    close_db(app.db)


def test_the_check_waits_for_the_home_to_settle_but_an_early_save_starts_it_at_once(tmp_path, demo_path, monkeypatch):
    """The check starts a moment after the first screen (the home first); a save made before then
    does not wait for that moment: it starts the check itself and goes through once the file is
    found sound. On a damaged file the same early save is refused."""
    import tui.app
    from tui.app import ZhibuApp
    from tui.cli.backups import open_for_app

    monkeypatch.setattr(tui.app, "BACKGROUND_AFTER", 60)   # the timer never comes within the test
    sound, damaged = tmp_path / "sound.db", tmp_path / "damaged.db"
    shutil.copyfile(demo_path, sound)
    shutil.copyfile(demo_path, damaged)
    damage_index(damaged, "members_name")
    outcome = {}
    for path in (sound, damaged):
        db, _ = open_for_app(path, background_check=True)
        app = ZhibuApp(db, path)

        async def run() -> None:
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause(0.1)
                gate = app.db._zhibu_gate
                assert gate is not None and not gate.settled           # not begun: the home came first
                started = time.monotonic()
                try:
                    save_member(app.db, {"name": "新党员"})
                    outcome[path] = "saved"
                except DamagedFileError:
                    outcome[path] = "refused"
                assert time.monotonic() - started < 30 and gate.settled  # checked then, not after the timer

        asyncio.run(run())
        close_db(app.db)
    assert outcome == {sound: "saved", damaged: "refused"}
    assert _count(sound) == _count(damaged) + 1


def test_the_secretary_is_told_when_backups_stop_completing(tmp_path, monkeypatch, capsys):
    from tui.cli.backups import opening_backup

    path = _branch_with_backup(tmp_path)
    real = backups._problems_of
    monkeypatch.setattr(backups, "_problems_of", lambda conn, **k: ["文件结构损坏：row 1 missing from index x"])
    with pytest.raises(DamagedFileError):
        backups.take_backup(path)
    monkeypatch.setattr(backups, "_problems_of", real)
    trouble = backups.backup_trouble(path)
    assert trouble and trouble.startswith("备份已停止") and "此后的修改没有备份" in trouble
    assert opening_backup(path) == [trouble]        # the day's backup is not due: the notice is
    assert main(["check", "--db", str(path)]) == 0
    assert "备份已停止" in capsys.readouterr().err
    backups.take_backup(path)
    assert backups.backup_trouble(path) is None


def test_a_command_line_write_on_a_damaged_file_is_refused(tmp_path, demo_path, capsys):
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_path, path)
    damage_index(path, "members_name")
    deadlines = _count(path, "deadlines")
    code = main(["deadlines", "add", "组织生活会情况报告", "--due", "2026-12-31", "--db", str(path)])
    assert code == 1
    assert "检查发现损坏" in capsys.readouterr().err
    assert _count(path, "deadlines") == deadlines
    assert main(["deadlines", "--db", str(path)]) == 0   # reading it still works
