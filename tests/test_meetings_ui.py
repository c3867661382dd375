"""Pilot: record a 支委会 by keyboard alone, find it by a 2- and a 4-character word, delete/undo."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_app
from tui.store import branch, members
from tui.store import meetings as store
from tui import clock


@pytest.fixture
def small_branch(db):
    branch.save_branch(db, {"name": "测试党支部", "usual_place": "行政楼 305"})
    ids = [members.save_member(db, {"name": n, "join_date": "2010-01-01"}) for n in ("张三", "李四", "王五", "赵六", "钱七")]
    branch.set_committee(db, {"书记": ids[0], "组织委员": ids[1], "宣传委员": ids[2], "纪检委员": ids[3]})
    db.ids = ids
    return db


def table_text(app) -> str:
    from tui.widgets.area_list import AreaList

    table = app.screen.query_one(AreaList)
    return "\n".join(" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count))


async def test_record_a_committee_meeting_by_keyboard_and_find_it(small_branch):
    db = small_branch
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("2")                     # 支部委员会
        await pilot.pause()
        editor = app.screen
        assert type(editor).__name__ == "MeetingEditor"
        # Pre-filled: today, the usual place, the 书记 as 记录人, the agenda template.
        assert editor.query_one("#me-date").value == clock.today().isoformat()
        assert editor.query_one("#me-place").value == "行政楼 305"
        assert editor.query_one("#me-recorder_id").value == db.ids[0]
        assert "研究支部近期工作安排" in editor.query_one("#me-agenda").text
        await pilot.press("tab", *"14:00", "tab", *"15:30", "tab", "tab", "tab", "tab")
        assert app.focused.id == "me-topics"
        await pilot.press(*"研究换届工作")
        await pilot.press("ctrl+t")                    # attendance: 李四 张三 王五 赵六 by pinyin
        assert app.focused.id == "me-attendance"
        await pilot.press("1", "l", "l", "r")      # 李四 出席, 王五 张三 请假, then 张三's reason (R
        # right after a mark is about the one just marked, though the cursor has moved on)
        await pilot.pause()
        await pilot.press(*"出差", "enter")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.press(*"会议研究了换届选举筹备工作")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetingsScreen"

        rows = store.list_meetings(db)
        assert len(rows) == 1
        m = store.get_meeting(db, rows[0].id)
        assert (m.kind, m.start_time, m.end_time, m.topics) == ("支部委员会", "14:00", "15:30", "研究换届工作")
        assert m.content == "会议研究了换届选举筹备工作"
        statuses = {a.name: (a.status, a.reason) for a in m.attendance}
        assert statuses == {"李四": ("出席", ""), "王五": ("请假", ""), "张三": ("请假", "出差"), "赵六": ("出席", "")}
        assert (m.expected, m.present) == (4, 2)
        assert not m.quorum_ok                     # 2 of 4 is not more than half
        assert "未过半数" in table_text(app)
        assert store.list_drafts(db) == []         # saving clears the draft

        await pilot.press("slash", *"换届")         # two characters: scanned
        await pilot.pause()
        assert "支部委员会" in table_text(app)
        await pilot.press(*"选举")                  # 换届选举: four characters, trigram index
        await pilot.pause()
        assert app.screen.query_one("#meetings-search").value == "换届选举"
        assert "换届选举" in table_text(app)
        await pilot.press("ctrl+a", "ctrl+k", *"没有这回事")
        await pilot.pause()
        assert table_text(app) == ""


async def test_bad_input_shows_chinese_message_and_saves_nothing(small_branch):
    app = make_app(small_branch)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4", "n")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
        await pilot.press("ctrl+a", "ctrl+k", *tomorrow, "tab", *"15:00", "tab", *"14:00", "ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one("#me-error").render())
        assert "未保存" in error and "日期" in error and "晚于今天" in error
        assert app.focused.id == "me-date"
        await pilot.press("ctrl+a", "ctrl+k", *clock.today().isoformat(), "ctrl+s")
        await pilot.pause()
        assert "结束时间" in str(app.screen.query_one("#me-error").render())
        assert store.list_meetings(small_branch) == []
        await pilot.press("escape")                # something typed: asks first
        await pilot.pause()
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetingsScreen"
        assert store.list_drafts(small_branch) == []


async def test_delete_asks_and_can_be_undone(small_branch):
    db = small_branch
    data = store.new_meeting_defaults(db, "党课")
    data.update(lecture_title="学习新党章", attendance=store.expected_attendees(db, "党课"))
    store.save_meeting(db, data)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("n")
        await pilot.pause()
        assert len(store.list_meetings(db)) == 1
        await pilot.press("delete", "y")
        await pilot.pause()
        assert store.list_meetings(db) == []
        assert "学习新党章" not in table_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert len(store.list_meetings(db)) == 1
        assert "学习新党章" in table_text(app)


async def test_start_new_contract_opens_the_form_with_kind_and_group(small_branch):
    db = small_branch
    gid = branch.save_group(db, "第一党小组", db.ids[3])
    for mid in db.ids[2:]:
        members.save_member(db, {"name": members.get_member(db, mid).name, "group_id": gid}, mid)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.switch_mode("meetings")
        app.screen.start_new("党小组会", gid)
        await pilot.pause()
        editor = app.screen
        assert type(editor).__name__ == "MeetingEditor"
        assert editor.query_one("#me-group_id").value == gid
        assert editor.query_one("#me-host_id").value == db.ids[3]          # the 组长 chairs
        names = [a.name for a in editor.query_one("#me-attendance").attendees]
        assert sorted(names) == sorted(["钱七", "王五", "赵六"])


async def test_attendance_history_and_org_life_dialogs(small_branch):
    db = small_branch
    from tui.screens.meetings_dialogs import AttendanceHistoryDialog

    att = store.expected_attendees(db, "支部党员大会", None, "2025-01-10")
    for a in att:
        if a.name == "钱七":
            a.status, a.reason = "请假", "出国访学"
    data = store.new_meeting_defaults(db, "支部党员大会")
    data.update(date="2025-01-10", topics="讨论发展党员", attendance=att)
    store.save_meeting(db, data)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(AttendanceHistoryDialog(db.ids[4]))
        await pilot.pause()
        summary = str(app.screen.query_one("#history-summary").render())
        assert "从未出席" in summary
        table = app.screen.query_one("#history-table")
        assert [str(c) for c in table.get_row_at(0)] == ["2025-01-10", "支部党员大会", "讨论发展党员", "请假", "出国访学"]
        await pilot.press("escape")
        await app.switch_mode("meetings")
        await pilot.press("w")
        await pilot.pause()
        table = app.screen.query_one("#orglife-table")
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert names[0] != "（没有需要提醒的党员）" and set(names) == {"张三", "李四", "王五", "赵六", "钱七"}
        await pilot.press("escape", "c")
        await pilot.pause()
        lines = str(app.screen.query_one("#frequency-lines").render())
        assert "支部党员大会" in lines and "党课" in lines
        await pilot.press("escape", "s")
        await pilot.pause()
        assert type(app.screen).__name__ == "SettingsDialog"     # the one dialog for every local setting
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetingsScreen"
        assert store.grade_set(db) == ("优秀", "合格", "基本合格", "不合格")


async def test_rectification_list_and_grades_by_keyboard(small_branch):
    db = small_branch
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4", "n")
        await pilot.pause()
        await pilot.press("6")                     # 组织生活会
        await pilot.pause()
        app.screen.query_one("#me-rect").focus()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"学习不够深入", "tab", *"每月集中学习", "tab", *"李四", "tab", *"2026-06", "ctrl+s")
        await pilot.pause()
        assert "学习不够深入" in str(app.screen.query_one("#me-rect").get_row_at(0)[0])
        await pilot.press("ctrl+s")
        await pilot.pause()
        m = store.get_meeting(db, store.list_meetings(db)[0].id)
        assert [(r.problem, r.measure, r.owner, r.deadline) for r in m.rectifications] == [("学习不够深入", "每月集中学习", "李四", "2026-06")]

        await pilot.press("n")
        await pilot.pause()
        await pilot.press("7")                     # 民主评议党员
        await pilot.pause()
        await pilot.press("ctrl+t", "g", "down", "g", "g")   # first: 优秀; second: 合格
        await pilot.press("ctrl+s")
        await pilot.pause()
        m = store.get_meeting(db, next(r.id for r in store.list_meetings(db) if r.kind == "民主评议党员"))
        assert [a.grade for a in m.attendance][:2] == ["优秀", "合格"]


async def test_frequency_dialog_never_calls_a_yearly_meeting_met_with_none_held(small_branch):
    """F4 C: 组织生活会 not held yet in November is 待召开, not 已达到; short is 未达到."""
    from tui.screens.meetings_dialogs import FrequencyDialog

    app = make_app(small_branch)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(FrequencyDialog(2026, [
            ("组织生活会", "", 0, 0, 1), ("支部委员会", "", 3, 10, 12), ("党课", "", 4, 3, 4)]))
        await pilot.pause()
        lines = str(app.screen.query_one("#frequency-lines").render()).splitlines()
        assert "待召开" in lines[0] and "已达到" not in lines[0]
        assert "未达到" in lines[1]
        assert "已达到" in lines[2]
