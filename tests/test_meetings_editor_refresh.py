"""After the editor saves, the list shows the change: the saved line, and the 第N次 of the
meetings numbered with it, exactly as a list read afresh (only those are read again)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from tests.conftest import make_app
from tui.store import branch, members
from tui.store import meetings as store
from tui.store.meetings_search import MeetingIndex
from tui.widgets.area_list import AreaList


@pytest.fixture
def branch_with_meetings(db):
    branch.save_branch(db, {"name": "测试党支部", "usual_place": "行政楼 305"})
    ids = [members.save_member(db, {"name": n, "join_date": "2010-01-01"}) for n in ("张三", "李四", "王五", "赵六")]
    branch.set_committee(db, {"书记": ids[0], "组织委员": ids[1], "宣传委员": ids[2], "纪检委员": ids[3]})
    for day, topic in (("2026-03-05", "学习党章"), ("2026-06-05", "讨论发展对象"), ("2026-09-05", "部署评议")):
        data = store.new_meeting_defaults(db, "支部委员会")
        data.update(date=day, topics=topic, attendance=store.expected_attendees(db, "支部委员会", date=day))
        store.save_meeting(db, data)
    data = store.new_meeting_defaults(db, "党课")
    data.update(date="2026-04-01", lecture_title="党史专题", attendance=store.expected_attendees(db, "党课", date="2026-04-01"))
    store.save_meeting(db, data)
    return db


def shown(app) -> list[tuple]:
    table = app.screen.query_one(AreaList)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def afresh(app, db) -> list[tuple]:
    screen = app.screen
    return [tuple(str(c) for c in screen._cells(r)) for r in MeetingIndex(db).rows]


async def edit_selected(pilot, app, *, date: str | None = None, topics: str | None = None) -> None:
    await pilot.press("e")
    await pilot.pause()
    editor = app.screen
    assert type(editor).__name__ == "MeetingEditor"
    if date is not None:
        editor.query_one("#me-date", Input).value = date
    if topics is not None:
        editor.query_one("#me-topics", TextArea).text = topics
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert type(app.screen).__name__ == "MeetingsScreen"


async def test_an_edited_topic_shows_in_the_list(branch_with_meetings):
    db = branch_with_meetings
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        assert shown(app)[0][4] == "部署评议"
        await edit_selected(pilot, app, topics="部署民主评议党员工作")
        assert shown(app)[0][4] == "部署民主评议党员工作"
        assert shown(app) == afresh(app, db)
        # and the search finds it by the new words, not the old
        await pilot.press("slash", *"民主评议")
        await pilot.pause()
        assert [row[4] for row in shown(app)] == ["部署民主评议党员工作"]


async def test_a_moved_date_renumbers_and_reorders_the_list(branch_with_meetings):
    db = branch_with_meetings
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        before = shown(app)
        assert [(r[0], r[2]) for r in before if r[1] == "支部委员会"] == [
            ("2026-09-05", "第3次"), ("2026-06-05", "第2次"), ("2026-03-05", "第1次")]
        await edit_selected(pilot, app, date="2026-01-10")        # the newest becomes the first of the year
        after = shown(app)
        assert [(r[0], r[2], r[4]) for r in after if r[1] == "支部委员会"] == [
            ("2026-06-05", "第3次", "讨论发展对象"), ("2026-03-05", "第2次", "学习党章"),
            ("2026-01-10", "第1次", "部署评议")]
        assert after == afresh(app, db)
        assert app.screen.query_one(AreaList).get_row_at(app.screen.query_one(AreaList).cursor_row)[0] == "2026-01-10"


async def test_a_date_moved_to_another_year_numbers_both_years(branch_with_meetings):
    db = branch_with_meetings
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await edit_selected(pilot, app, date="2025-12-20")
        after = shown(app)
        assert ("2025-12-20", "支部委员会", "第1次") in [r[:3] for r in after]
        assert [r[2] for r in after if r[1] == "支部委员会" and r[0].startswith("2026")] == ["第2次", "第1次"]
        assert after == afresh(app, db)


async def test_a_new_meeting_renumbers_the_later_ones(branch_with_meetings):
    db = branch_with_meetings
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("2")                                     # 支部委员会
        await pilot.pause()
        editor = app.screen
        editor.query_one("#me-date", Input).value = "2026-02-01"
        editor.query_one("#me-topics", TextArea).text = "年度计划"
        await pilot.press("ctrl+s")
        await pilot.pause()
        after = shown(app)
        assert [(r[0], r[2]) for r in after if r[1] == "支部委员会"] == [
            ("2026-09-05", "第4次"), ("2026-06-05", "第3次"), ("2026-03-05", "第2次"), ("2026-02-01", "第1次")]
        assert after == afresh(app, db)


async def test_a_write_elsewhere_while_the_editor_is_open_is_not_missed(branch_with_meetings):
    """The list is refreshed in part only when the editor's save is all that changed."""
    db = branch_with_meetings
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        # another change behind the editor's back (as the CLI or a second window would make)
        other = next(r for r in store.list_meetings(db) if r.kind == "党课")
        store.delete_meeting(db, other.id)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown(app) == afresh(app, db)
        assert "党史专题" not in [r[4] for r in shown(app)]


async def test_the_editor_follows_the_terminal_when_it_is_resized(branch_with_meetings):
    """The editor skips Textual's second layout at the size it already has, not a real resize."""
    db = branch_with_meetings
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        place = editor.query_one("#me-place", Input)
        assert place.region.right > 100
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert editor.size == (80, 24)
        assert place.region.right <= 80 and place.region.width > 0
        assert editor.query_one("#me-counts").region.width <= 80
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert place.region.right > 100


async def test_the_group_is_chosen_by_keys_as_in_a_select(db):
    """The 党小组 field is drawn light until used; Enter opens the real Select in its place."""
    from textual.widgets import Select

    branch.save_branch(db, {"name": "测试党支部"})
    ids = [members.save_member(db, {"name": n, "join_date": "2010-01-01"}) for n in ("张三", "李四", "王五")]
    branch.set_committee(db, {"书记": ids[0]})
    g1 = branch.save_group(db, "第一党小组", ids[1])
    g2 = branch.save_group(db, "第二党小组", ids[2])
    for mid, gid in zip(ids, (g1, g1, g2)):
        members.save_member(db, {"name": members.get_member(db, mid).name, "group_id": gid}, mid)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.switch_mode("meetings")
        app.screen.start_new("党小组会", g1)
        await pilot.pause()
        editor = app.screen
        field = editor.query_one("#me-group_id")
        assert field.value == g1 and "第一党小组" in str(field.render())
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        select = editor.query_one("#me-group_id", Select)
        assert select.expanded and app.focused.parent is select and select.value == g1   # its list, as a Select opened
        await pilot.press("down", "enter")
        await pilot.pause()
        assert editor.query_one("#me-group_id").value == g2
        assert editor.query_one("#me-host_id").value == ids[2]                     # the 组长 chairs
        assert [a.name for a in editor.query_one("#me-attendance").attendees] == ["王五"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = store.get_meeting(db, store.list_meetings(db)[0].id)
        assert saved.group_id == g2


async def test_the_draft_holds_every_mark_and_word_as_typed(branch_with_meetings):
    """The attendance is serialised again only when it changed: the draft still holds the
    latest of both the marks and the minutes."""
    db = branch_with_meetings
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen

        def draft() -> dict:
            (only,) = store.list_drafts(db)
            return only.data

        await pilot.press("ctrl+t", "l")                   # the first one 请假
        await pilot.pause()
        editor.autosave()
        assert [a["status"] for a in draft()["attendance"]][:2] == ["请假", "出席"]
        editor.query_one("#me-content", TextArea).focus()
        await pilot.press("end", *"补记")
        await pilot.pause()
        editor.autosave()
        assert draft()["content"].endswith("补记") and draft()["attendance"][0]["status"] == "请假"
        editor.query_one("#me-attendance").focus()
        await pilot.press("up", "3")                       # now 缺席
        await pilot.pause()
        editor.autosave()
        assert draft()["attendance"][0]["status"] == "缺席"
        assert draft() == {**editor.collect(), "attendance": editor.collect()["attendance"]}


async def test_a_search_typed_before_the_edit_answers_afresh_after_it(branch_with_meetings):
    """The search's kept answers do not outlive a save: "部署" found the meeting before it was
    edited, and after the edit the same word no longer does."""
    db = branch_with_meetings
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4", "slash", *"部署")
        await pilot.pause()
        assert [row[4] for row in shown(app)] == ["部署评议"]
        await pilot.press("escape")
        await pilot.pause()
        await edit_selected(pilot, app, topics="民主评议党员")
        await pilot.press("slash", *"部署")
        await pilot.pause()
        assert shown(app) == []
        await pilot.press("backspace", "backspace", *"民主")
        await pilot.pause()
        assert [row[4] for row in shown(app)] == ["民主评议党员"]
