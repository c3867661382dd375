"""zhibu backup / backups / restore, and the backups and recovery around opening the app."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest
from branch_files import as_version_1

from tui.__main__ import main
from tui.cli.backups import after_app, open_for_app, opening_backup
from tui.store import backups
from tui.store.db import close_db, open_db
from tui.store.members import list_members, save_member
from tui import clock


def _branch(path: Path, names=("张三", "李四")) -> Path:
    from tui.store.db import transaction

    db = open_db(path)
    with transaction(db):
        db["members"].insert_all({"name": n} for n in names)
    close_db(db)
    return path


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM members"))
    finally:
        conn.close()


def _corrupt(path: Path) -> None:
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'members'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page)
        f.write(os.urandom(page))


def test_backup_list_restore_and_undo_from_the_command_line(tmp_path, capsys):
    path = _branch(tmp_path / "branch.db")
    assert main(["backup", "--db", str(path)]) == 0
    assert "已备份并校验" in capsys.readouterr().out

    db = open_db(path)
    save_member(db, {"name": "王五"})
    close_db(db)
    assert main(["backups", "--db", str(path)]) == 0
    listing = capsys.readouterr().out
    assert "  1  " in listing and "已校验" in listing and "党员    2" in listing

    assert main(["restore", "1", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "已从备份恢复" in out and "zhibu restore --undo" in out
    assert _names(path) == ["张三", "李四"]

    assert main(["restore", "--undo", "--db", str(path)]) == 0
    assert _names(path) == ["张三", "李四", "王五"]


def test_backup_to_a_named_folder(tmp_path, capsys):
    path = _branch(tmp_path / "branch.db")
    usb = tmp_path / "U盘"
    assert main(["backup", "--to", str(usb), "--db", str(path)]) == 0
    files = list(usb.glob("branch-*.db"))
    assert len(files) == 1 and backups.check_file(files[0]) == []


def test_restore_refuses_while_the_app_has_the_file_open(tmp_path, capsys):
    path = _branch(tmp_path / "branch.db")
    assert main(["backup", "--db", str(path)]) == 0
    db = open_db(path)
    try:
        assert main(["restore", "1", "--db", str(path)]) == 1
        assert "已在另一个 zhibu 窗口中打开" in capsys.readouterr().err
    finally:
        close_db(db)


def test_command_line_errors_are_plain(tmp_path, capsys):
    path = _branch(tmp_path / "branch.db")
    assert main(["restore", "7", "--db", str(path)]) == 1
    assert "没有编号为 7 的备份" in capsys.readouterr().err
    assert main(["restore", "--undo", "--db", str(path)]) == 1
    assert "没有可以撤销的恢复" in capsys.readouterr().err
    assert main(["backup", "--db", str(tmp_path / "none.db")]) == 1
    assert "找不到支部文件" in capsys.readouterr().err


def test_import_takes_a_backup_first(tmp_path, capsys):
    path = _branch(tmp_path / "branch.db")
    csv = tmp_path / "名册.csv"
    csv.write_text("姓名,性别,出生日期\n赵六,男,1990-01\n", encoding="utf-8")
    assert main(["import", "members", str(csv), "--yes", "--db", str(path)]) == 0
    found = backups.list_backups(backups.default_backup_dir(path))
    assert [b.reason for b in found] == ["导入前"]
    assert found[0].members == 2


def test_an_older_file_is_backed_up_before_it_is_upgraded(tmp_path):
    path = _branch(tmp_path / "branch.db")
    conn = sqlite3.connect(path)
    as_version_1(conn)
    conn.commit()
    conn.close()
    close_db(open_db(path, before_migrate=backups.backup_before_migrate))
    found = backups.list_backups(backups.default_backup_dir(path))
    assert [b.reason for b in found] == ["升级前（文件版本 1）"]
    conn = sqlite3.connect(found[0].path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


# ── around a session of the app ──

def test_opening_backs_up_once_a_day_and_closing_after_changes(tmp_path):
    path = _branch(tmp_path / "branch.db")
    folder = backups.default_backup_dir(path)
    db, notices = open_for_app(path)
    assert backups.list_backups(folder) == []  # the day's backup comes once the app is up
    assert opening_backup(path) == []
    assert [b.reason for b in backups.list_backups(folder)] == ["打开时"]
    assert after_app(db) is None  # nothing changed: no backup on closing
    close_db(db)
    assert len(backups.list_backups(folder)) == 1

    db, _ = open_for_app(path)
    assert opening_backup(path) == []  # the same day: no second opening backup
    assert len(backups.list_backups(folder)) == 1
    save_member(db, {"name": "王五"})
    assert after_app(db) is None
    close_db(db)
    newest = backups.list_backups(folder)[0]  # (the day keeps only its newest backup)
    assert newest.reason == "关闭时" and newest.members == 3


def test_opening_a_day_later_takes_a_new_backup(tmp_path):
    path = _branch(tmp_path / "branch.db")
    db = open_db(path)
    backups.take_backup(db, now=clock.now() - dt.timedelta(days=2))
    close_db(db)
    db, _ = open_for_app(path)
    opening_backup(path)
    close_db(db)
    assert [b.reason for b in backups.list_backups(backups.default_backup_dir(path))][0] == "打开时"


def test_an_opening_backup_that_fails_says_why(tmp_path, monkeypatch):
    path = _branch(tmp_path / "branch.db")
    monkeypatch.setattr(backups, "default_backup_dir", lambda p: tmp_path / "not-a-folder")
    (tmp_path / "not-a-folder").write_text("a file where the folder should be")
    notices = opening_backup(path)
    assert len(notices) == 1 and notices[0].startswith("打开时的自动备份没有完成：")


def test_a_damaged_file_is_recovered_from_the_newest_backup_with_one_key(tmp_path):
    path = _branch(tmp_path / "branch.db", names=[f"党员{i}" for i in range(300)])
    db = open_db(path)
    backups.take_backup(db)
    close_db(db)
    _corrupt(path)
    damaged = path.read_bytes()
    said: list[str] = []

    db, notices = open_for_app(path, ask=lambda prompt: "", say=said.append, interactive=True)
    try:
        screen = "\n".join(said)
        assert "支部文件已损坏" in screen and "没有向它写入任何内容" in screen
        assert "按 回车 用第 1 份" in screen
        assert len(list_members(db)) == 300
        assert notices and "已用" in notices[0]
    finally:
        close_db(db)
    aside = list(tmp_path.glob("branch.damaged-*.db"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged


def test_declining_recovery_leaves_the_damaged_file_untouched(tmp_path):
    path = _branch(tmp_path / "branch.db", names=[f"党员{i}" for i in range(300)])
    db = open_db(path)
    backups.take_backup(db)
    close_db(db)
    _corrupt(path)
    damaged = path.read_bytes()
    said: list[str] = []
    answers = iter(["9", "q"])
    assert open_for_app(path, ask=lambda p: next(answers), say=said.append, interactive=True) == (None, [])
    assert "请按回车" in "\n".join(said)
    assert path.read_bytes() == damaged

    said.clear()  # no console to ask on: the command to run is printed instead
    assert open_for_app(path, say=said.append, interactive=False) == (None, [])
    assert any("zhibu restore 1" in line for line in said)
    assert path.read_bytes() == damaged


def test_a_file_that_is_not_a_database_without_backups_is_left_alone(tmp_path):
    path = tmp_path / "branch.db"
    path.write_bytes(b"garbage" * 1000)
    said: list[str] = []
    assert open_for_app(path, ask=lambda p: "", say=said.append, interactive=True) == (None, [])
    assert "不是 zhibu 的支部文件" in "\n".join(said) and "请检查 --db 的路径" in "\n".join(said)
    assert path.read_bytes() == b"garbage" * 1000


@pytest.mark.parametrize("content", [b"hello\n", b"x"])
def test_a_small_file_named_by_mistake_is_never_written_over(tmp_path, capsys, content):
    # SQLite takes a file shorter than its header for an empty database and would write into it.
    notes = tmp_path / "名单.txt"
    notes.write_bytes(content)
    said: list[str] = []
    assert open_for_app(notes, say=said.append, interactive=False) == (None, [])
    assert "不是 zhibu 的支部文件" in "\n".join(said)
    assert main(["export", "roster", "-o", str(tmp_path / "r.xlsx"), "--db", str(notes)]) == 1
    assert "不能使用" in capsys.readouterr().err
    assert notes.read_bytes() == content
    assert not (tmp_path / "名单.txt-wal").exists()


def test_a_folder_given_as_the_branch_file_is_named_as_such(tmp_path, capsys):
    said: list[str] = []
    assert open_for_app(tmp_path, say=said.append, interactive=False) == (None, [])
    assert "这是一个文件夹" in "\n".join(said)
    assert main(["backups", "--db", str(tmp_path)]) == 1
    assert "这是一个文件夹" in capsys.readouterr().err


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_opening_makes_the_data_readable_by_the_user_only(tmp_path):
    path = _branch(tmp_path / "data" / "branch.db")
    os.chmod(path, 0o644)
    db, _ = open_for_app(path)
    close_db(db)
    assert path.stat().st_mode & 0o777 == 0o600


def test_recovery_also_offers_backups_in_the_second_place(tmp_path):
    path = _branch(tmp_path / "branch.db", names=[f"党员{i}" for i in range(300)])
    db = open_db(path)
    backups.set_second_dir(db, str(tmp_path / "usb"))
    backups.take_backup(db)
    close_db(db)
    for info in backups.list_backups(backups.default_backup_dir(path)):
        info.path.unlink()  # the computer's own backups are gone too
    _corrupt(path)
    said: list[str] = []
    db, notices = open_for_app(path, ask=lambda p: "", say=said.append, interactive=True)
    try:
        assert str(tmp_path / "usb") in "\n".join(said)
        assert len(list_members(db)) == 300
    finally:
        close_db(db)


def test_a_lost_file_is_named_and_can_come_back_from_its_backups(tmp_path, capsys):
    path = _branch(tmp_path / "branch.db")
    assert main(["backup", "--db", str(path)]) == 0
    capsys.readouterr()
    path.unlink()
    assert main(["backups", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"支部文件 {path} 不存在" in out and "  1  " in out
    assert main(["restore", "1", "--db", str(path)]) == 0
    assert _names(path) == ["张三", "李四"]
    assert main(["backups", "--db", str(tmp_path / "typo.db")]) == 1
    assert "找不到支部文件" in capsys.readouterr().err
