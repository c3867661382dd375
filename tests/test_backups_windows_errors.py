"""A backup that fails says why in the same words on Windows as on Linux.

Windows reports through `winerror` what POSIX says with errno: making a folder where a file sits
is EEXIST (WinError 183) or ENOENT (WinError 3), never ENOTDIR; a write-protected stick is EACCES
(WinError 19), never EROFS. These tests raise the errors Windows raises, as CPython builds them
there (errno mapped from the Windows code, the code kept in `winerror`).
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from tui.store import backups
from tui.store.db import close_db, open_db
from tui.store.errors import StoreError
from tui.store.members import save_member


def windows_error(cls: type[OSError], code: int, winerror: int, text: str, filename: Path) -> OSError:
    exc = cls(code, text, str(filename))
    exc.winerror = winerror  # what CPython sets on Windows
    return exc


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "branch.db")
    save_member(db, {"name": "张三", "gender": "女", "join_date": "2010-07"})
    yield db
    close_db(db)


def failing_mkdir(monkeypatch, exc: OSError) -> None:
    def mkdir(self, *args, **kwargs):
        raise exc

    monkeypatch.setattr(Path, "mkdir", mkdir)


def test_a_file_where_the_backup_folder_should_be_on_windows(tmp_path, db, monkeypatch):
    blocker = tmp_path / "支部备份"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    failing_mkdir(monkeypatch, windows_error(FileExistsError, errno.EEXIST, 183, "当文件已存在时，无法创建该文件。", blocker))
    with pytest.raises(StoreError) as err:
        backups.take_backup(db, blocker)
    assert "路径中有一段不是文件夹" in str(err.value)
    assert "文件已存在" not in str(err.value)


def test_a_file_on_the_way_to_the_backup_folder_on_windows(tmp_path, db, monkeypatch):
    blocker = tmp_path / "U盘"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    target = blocker / "支部备份"
    failing_mkdir(monkeypatch, windows_error(FileNotFoundError, errno.ENOENT, 3, "系统找不到指定的路径。", target))
    with pytest.raises(StoreError) as err:
        backups.take_backup(db, target)
    assert "路径中有一段不是文件夹" in str(err.value)


def test_a_write_protected_stick_on_windows_says_read_only(tmp_path, db, monkeypatch):
    target = tmp_path / "支部备份"
    failing_mkdir(monkeypatch, windows_error(PermissionError, errno.EACCES, 19, "介质受写入保护。", target))
    with pytest.raises(StoreError) as err:
        backups.take_backup(db, target)
    assert "只读" in str(err.value) and "写保护" in str(err.value)


def test_a_stick_pulled_out_on_windows_says_not_found(tmp_path, db, monkeypatch):
    target = tmp_path / "拔出的U盘" / "支部备份"
    failing_mkdir(monkeypatch, windows_error(FileNotFoundError, errno.ENOENT, 3, "系统找不到指定的路径。", target))
    with pytest.raises(StoreError) as err:
        backups.take_backup(db, target)
    assert "找不到这个位置" in str(err.value)


def test_a_full_disk_on_windows_says_full(tmp_path, db, monkeypatch):
    target = tmp_path / "支部备份"
    failing_mkdir(monkeypatch, windows_error(OSError, errno.ENOSPC, 112, "磁盘空间不足。", target))
    with pytest.raises(StoreError) as err:
        backups.take_backup(db, target)
    assert "磁盘空间不足" in str(err.value)


def test_a_read_only_mount_on_linux_says_read_only(tmp_path, db, monkeypatch):
    target = tmp_path / "支部备份"
    failing_mkdir(monkeypatch, OSError(errno.EROFS, "Read-only file system", str(target)))
    with pytest.raises(StoreError) as err:
        backups.take_backup(db, target)
    assert "只读" in str(err.value)


def test_a_file_in_the_folders_place_on_linux_says_not_a_folder(tmp_path, db):
    blocker = tmp_path / "支部备份"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(StoreError) as err:  # Linux: mkdir(exist_ok=True) re-raises EEXIST
        backups.take_backup(db, blocker)
    assert "路径中有一段不是文件夹" in str(err.value)


def test_an_ordinary_permission_error_still_says_no_permission(tmp_path, db, monkeypatch):
    target = tmp_path / "支部备份"
    failing_mkdir(monkeypatch, windows_error(PermissionError, errno.EACCES, 5, "拒绝访问。", target))
    with pytest.raises(StoreError) as err:
        backups.take_backup(db, target)
    assert "没有写入权限" in str(err.value)
