"""A member entered by mistake can be deleted (and the deletion undone); one with records cannot."""

from __future__ import annotations

import pytest

from tests.conftest import make_app
from tui.store import members
from tui.store.errors import ValidationError
from tui.widgets.area_list import AreaList


def test_a_member_without_records_is_removed_and_restored_whole(branch_db):
    db = branch_db
    mid = members.save_member(db, {"name": "王误录", "gender": "男", "join_date": "2020-06-01"})
    members.add_honour(db, mid, "优秀党员", "校级", 2024)
    before = members.get_member(db, mid)
    removed = members.remove_member(db, mid)
    assert [m.name for m in members.list_members(db, include_left=True)] == []
    assert members.list_honours(db) == []
    assert members.restore_removed_member(db, removed) == mid
    assert members.get_member(db, mid) == before
    assert [h.title for h in members.list_honours(db, mid)] == ["优秀党员"]


def test_a_member_with_records_is_kept_and_the_records_are_named(demo_db):
    db = demo_db
    someone = next(m for m in members.list_members(db) if members.what_keeps_member(db, m.id))
    with pytest.raises(ValidationError) as err:
        members.remove_member(db, someone.id)
    assert "不能删除" in str(err.value) and "离开登记" in str(err.value)
    assert any("出勤记录" in what or "党费" in what for what in members.what_keeps_member(db, someone.id))
    assert members.get_member(db, someone.id).name == someone.name


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_delete_and_undo_from_the_roster(branch_db, size):
    db = branch_db
    members.save_member(db, {"name": "甲", "join_date": "2010-01-01"})
    mid = members.save_member(db, {"name": "乙误录", "join_date": "2020-01-01"})
    app = make_app(db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        table = app.screen.query_one(AreaList)
        table.move_cursor(row=table.keys.index(mid))
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [m.name for m in members.list_members(db, include_left=True)] == ["甲"]
        assert table.total == 1
        await pilot.press("u")
        await pilot.pause()
        assert sorted(m.name for m in members.list_members(db)) == ["乙误录", "甲"]
        assert table.selected_key == mid
