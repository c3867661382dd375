"""The 备份 screen driven by keyboard: back up, restore (asked first), undo, second folder."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tests.conftest import make_app
from tui.app import BACKGROUND_AFTER
from tui.store import backups
from tui.store.db import close_db, db_path_of, open_db
from tui.store.members import list_members, save_member
from tui.widgets.area_list import AreaList


@pytest.fixture
def branch_db(tmp_path):
    db = open_db(tmp_path / "branch.db")
    for name in ("张三", "李四"):
        save_member(db, {"name": name})
    yield db
    close_db(db)


def _status(app) -> str:
    return str(app.screen.query_one("#backup-status", Static).render())


def _names(db) -> list[str]:
    return sorted(m.name for m in list_members(db))


async def test_back_up_restore_and_undo_by_keyboard(branch_db):
    app = make_app(branch_db, db_path_of(branch_db))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        assert "还没有经过校验的备份" in _status(app)

        await pilot.press("b")
        await pilot.pause()
        table = app.screen.query_one(AreaList)
        assert table.row_count == 1
        assert "最近一次已校验的备份" in _status(app) and "党员 2 人" in _status(app)

        save_member(app.db, {"name": "王五"})
        await pilot.press("r")
        await pilot.pause()
        assert "替换当前的全部数据" in str(app.screen.query_one(Static).render())
        await pilot.press("n")  # declining changes nothing
        await pilot.pause()
        assert _names(app.db) == ["张三", "李四", "王五"]

        await pilot.press("r", "y")
        await pilot.pause()
        assert _names(app.db) == ["张三", "李四"]
        assert "按 U 可撤销" in _status(app)

        await pilot.press("u", "y")
        await pilot.pause()
        assert _names(app.db) == ["张三", "李四", "王五"]

        await pilot.press("f3")  # the roster shows the data as it now is
        await pilot.pause()
        assert app.screen.query_one(AreaList).row_count == 3


async def test_set_the_second_folder_and_it_receives_a_backup(branch_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a short name to type; it is stored as a full path
    usb = (tmp_path / "usb").resolve()
    app = make_app(branch_db, db_path_of(branch_db))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f10", "s")
        await pilot.pause()
        await pilot.press(*"usb", "ctrl+s")
        await pilot.pause()
        assert backups.get_second_dir(app.db) == usb
        assert str(usb) in _status(app)
        copies = backups.list_backups(usb / "branch")
        assert len(copies) == 1 and copies[0].verified


async def test_restore_with_no_backups_says_so(branch_db):
    app = make_app(branch_db, db_path_of(branch_db))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f10", "r")
        await pilot.pause()
        assert any("还没有备份可以恢复" in str(n.message) for n in app._notifications)
        await pilot.press("u")
        await pilot.pause()
        assert any("没有可以撤销的恢复" in str(n.message) for n in app._notifications)


async def test_importing_a_roster_in_the_app_backs_up_first(branch_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.csv").write_text("姓名,性别,出生日期\n赵六,男,1990-01\n", encoding="utf-8")
    app = make_app(branch_db, db_path_of(branch_db))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3", "i", *"m.csv", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "赵六" in _names(app.db)
    found = backups.list_backups(backups.default_backup_dir(db_path_of(branch_db)))
    assert [b.reason for b in found] == ["导入前"] and found[0].members == 2


async def test_the_days_backup_is_taken_once_the_first_screen_is_up(branch_db, tmp_path):
    from tui.cli.backups import opening_backup

    path = db_path_of(branch_db)
    folder = backups.default_backup_dir(path)
    app = make_app(branch_db, path)
    app.after_start.append(lambda: opening_backup(path))
    app.after_start.append(lambda: ["备份：第二个备份位置不可用"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert backups.list_backups(folder) == []            # the home first, then the backup
        await pilot.pause(BACKGROUND_AFTER + 0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [b.reason for b in backups.list_backups(folder)] == ["打开时"]
        shown = [n.message for n in app._notifications]
        assert "备份：第二个备份位置不可用" in shown
