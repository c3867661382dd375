"""What a secretary ran into recording meetings right after they ended (QA round)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_app
from tui.rules import meetings as rules
from tui.store import branch, members
from tui.store import meetings as store
from tui import clock


@pytest.fixture
def small_branch(db):
    branch.save_branch(db, {"name": "测试党支部", "usual_place": "行政楼 305 会议室"})
    ids = [members.save_member(db, {"name": n, "join_date": "2010-01-01"}) for n in ("张三", "李四", "王五", "赵六", "钱七")]
    branch.set_committee(db, {"书记": ids[0], "组织委员": ids[1], "宣传委员": ids[2], "纪检委员": ids[3]})
    db.ids = ids
    return db


async def open_editor(app, pilot, digit: str):
    await pilot.press("f4")
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    await pilot.press(digit)
    await pilot.pause()
    return app.screen


async def test_a_name_typed_through_an_ime_opens_one_picker_holding_it(small_branch):
    from textual import events
    from textual.widgets import Input

    app = make_app(small_branch)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "2")
        field = editor.query_one("#me-recorder_id")
        field.focus()
        await pilot.pause()
        for ch in "李四":                      # an IME commits both characters in one burst
            field.post_message(events.Key(ch, ch))
        await pilot.pause()
        stack = [type(s).__name__ for s in app.screen_stack]
        assert stack.count("MemberPicker") == 1
        assert app.screen.query_one(Input).value == "李四"
        await pilot.press("enter")
        await pilot.pause()
        assert editor.query_one("#me-recorder_id").value == small_branch.ids[1]


async def test_a_long_leave_reason_is_shown_whole(small_branch):
    from rich.cells import cell_len

    app = make_app(small_branch)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "2")
        await pilot.press("ctrl+t", "r")
        await pilot.pause()
        await pilot.press(*"出差参加教学研讨会", "enter")
        await pilot.pause()
        sheet = editor.query_one("#me-attendance")
        assert sheet.attendees[0].reason == "出差参加教学研讨会"
        assert sheet.widths[2] >= cell_len("出差参加教学研讨会") + 2      # the column widened (padding each side)
        assert "出差参加教学研讨会" in sheet.render_line(1).text          # and the line shows it whole


async def test_a_restored_draft_goes_on_where_the_typing_stopped(small_branch):
    db = small_branch
    data = store.new_meeting_defaults(db, "支部委员会")
    data.update(content="第一段。\n第二段写到一半", attendance=store.expected_attendees(db, "支部委员会"))
    store.save_draft(db, data)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "DraftOfferDialog"
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        editor = app.screen
        assert type(editor).__name__ == "MeetingEditor"
        await pilot.press(*"接着写")
        assert editor.query_one("#me-content").text == "第一段。\n第二段写到一半接着写"


async def test_choosing_another_group_brings_its_leader_as_host(small_branch):
    db = small_branch
    g1 = branch.save_group(db, "第一党小组", db.ids[3])
    g2 = branch.save_group(db, "第二党小组", db.ids[4])
    for mid, gid in zip(db.ids, (g1, g1, g1, g1, g2)):
        members.save_member(db, {"name": members.get_member(db, mid).name, "group_id": gid}, mid)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "3")
        assert editor.query_one("#me-host_id").value == db.ids[3]        # 第一党小组's 组长
        editor.query_one("#me-group_id").value = g2
        await pilot.pause()
        assert editor.query_one("#me-host_id").value == db.ids[4]        # 第二党小组's 组长
        assert [a.name for a in editor.query_one("#me-attendance").attendees] == ["钱七"]
        # A host picked by hand is not overridden.
        editor.query_one("#me-host_id").set_value(db.ids[0])
        editor.query_one("#me-group_id").value = g1
        await pilot.pause()
        assert editor.query_one("#me-host_id").value == db.ids[0]


async def test_shift_g_grades_everyone_left_as_qualified(small_branch):
    db = small_branch
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_editor(app, pilot, "7")                  # 民主评议党员
        await pilot.press("ctrl+t", "g", "G")              # the first 优秀, the rest 合格
        await pilot.press("ctrl+s")
        await pilot.pause()
        m = store.get_meeting(db, store.list_meetings(db)[0].id)
        assert [a.grade for a in m.attendance] == ["优秀", "合格", "合格", "合格", "合格"]


async def test_general_meeting_counts_who_may_vote(small_branch):
    db = small_branch
    members.save_member(db, {"name": "孙八", "join_date": clock.today().isoformat(), "party_status": "预备党员"})
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "1")        # 支部党员大会
        counts = str(editor.query_one("#me-counts").render())
        assert "应到 6 人" in counts and "有表决权的正式党员应到 5 人，实到 5 人" in counts
        await pilot.press("ctrl+t", "2", "2", "down", "2")  # 李四 钱七 (孙八 has no vote) 王五 on leave
        await pilot.pause()
        counts = str(editor.query_one("#me-counts").render())
        assert "有表决权的正式党员应到 5 人，实到 2 人" in counts and "未过半数" in counts


def test_voting_right_on_a_date():
    assert not rules.has_vote("预备党员", None, "2025-06-01")
    assert not rules.has_vote("正式党员", "2025-07-01", "2025-06-01")   # 转正 after the meeting
    assert rules.has_vote("正式党员", "2025-05-01", "2025-06-01")
    assert rules.has_vote("正式党员", None, "2025-06-01")
    assert "未过半数" in rules.vote_note(10, 5) and "未过半数" not in rules.vote_note(10, 6)


async def test_the_list_fits_a_120_column_terminal_and_follows_writes_elsewhere(small_branch):
    from tui.widgets.area_list import AreaList

    db = small_branch
    gid = branch.save_group(db, "第三党小组", db.ids[2])
    data = store.new_meeting_defaults(db, "党小组会")
    data.update(group_id=gid, topics="第三党小组学习党的二十届四中全会精神，交流学习体会", place="线上（腾讯会议）")
    store.save_meeting(db, data)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        table = app.screen.query_one(AreaList)
        assert table.virtual_size.width <= table.size.width          # 主持人 and 地点 are on screen
        row = [str(c) for c in table.get_row_at(0)]
        assert "线上（腾讯会议）" in row and "王五" in row
        await pilot.press("f2")
        await pilot.pause()
        other = store.new_meeting_defaults(db, "党课")
        other.update(lecture_title="弘扬伟大建党精神")
        store.save_meeting(db, other)                               # written while away
        await pilot.press("f4")
        await pilot.pause()
        assert any("弘扬伟大建党精神" in str(table.get_row_at(i)) for i in range(table.row_count))


async def test_detail_without_times_has_no_dangling_dash(small_branch):
    db = small_branch
    data = store.new_meeting_defaults(db, "组织生活会")
    store.save_meeting(db, data)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        detail = str(app.screen.query_one("#meetings-detail").render())
        assert "–" not in detail.splitlines()[0]


def test_other_meetings_are_numbered_as_other_meetings(small_branch):
    db = small_branch
    data = store.new_meeting_defaults(db, "其他")
    data.update(topics="专题学习")
    mid = store.save_meeting(db, data)
    assert store.get_meeting(db, mid).seq_label == f"{clock.today().year}年第1次其他会议"


def test_search_snippet_shows_the_minutes_where_the_word_is(small_branch):
    db = small_branch
    data = store.new_meeting_defaults(db, "支部委员会")
    data.update(place="行政楼 305 会议室", topics="研究发展党员工作",
                content="会议听取了培养联系人的汇报，同意将陈晓宁列为发展对象。")
    store.save_meeting(db, data)
    snippet = store.search_meetings(db, "发展对象")[0].snippet
    assert snippet.startswith("…") and "发展对象" in snippet[:12]      # near the start: lists are narrow
    assert "305" not in snippet


def test_a_draft_is_offered_with_its_title(small_branch):
    db = small_branch
    data = store.new_meeting_defaults(db, "党课")
    data.update(lecture_title="弘扬伟大建党精神")
    store.save_draft(db, data)
    assert "「弘扬伟大建党精神」" in store.list_drafts(db)[0].summary


def test_demo_meetings_are_chaired_by_people_who_were_there(demo_db):
    db = demo_db
    away_chairs = db.execute(
        "SELECT count(*) FROM meetings mt JOIN attendance a ON a.meeting_id = mt.id "
        "WHERE a.member_id IN (mt.host_id, mt.recorder_id) AND a.status != '出席'"
    ).fetchone()[0]
    assert away_chairs <= 1                # only the one 支委会 staged without its quorum
    no_quorum = db.execute(
        "SELECT count(*) FROM meetings WHERE kind = '支部委员会' AND present_count * 2 <= expected_count"
    ).fetchone()[0]
    assert no_quorum == 1
    speeches = db.execute(
        "SELECT count(*) FROM meetings mt JOIN attendance a ON a.meeting_id = mt.id JOIN members m ON m.id = a.member_id "
        "WHERE a.status != '出席' AND instr(mt.content, m.name || '同志发言') > 0"
    ).fetchone()[0]
    assert speeches == 0                   # nobody on leave speaks in the minutes
    assert store.months_without_org_life(db, dt.date(2026, 11, 21))      # the 第九条 warning still has a case


async def test_org_life_list_shows_the_latest_absence_and_enter_opens_the_history(small_branch):
    db = small_branch
    for day, reason in (("2025-01-10", ""), ("2025-02-10", "出国访学")):
        att = store.expected_attendees(db, "支部党员大会", None, day)
        for a in att:
            if a.name == "钱七":
                a.status, a.reason = "请假", reason
        data = store.new_meeting_defaults(db, "支部党员大会")
        data.update(date=day, topics="学习" * 30, attendance=att)    # a long topic
        store.save_meeting(db, data)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        table = app.screen.query_one("#orglife-table")
        rows = {str(table.get_row_at(i)[0]): [str(c) for c in table.get_row_at(i)] for i in range(table.row_count)}
        assert rows["钱七"][-1] == "2025-02-10 请假（出国访学）"
        table.move_cursor(row=list(rows).index("钱七"))
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "AttendanceHistoryDialog"
        history = app.screen.query_one("#history-table")
        assert history.virtual_size.width <= history.size.width        # 出勤 and 原因 are on screen
        assert [str(c) for c in history.get_row_at(0)][-2:] == ["请假", "出国访学"]


async def test_reason_right_after_marking_leave_goes_to_the_one_marked(small_branch):
    # at 80×24 with CapsLock on: ↓ L R types the reason of the person marked 请假, not of the next one
    app = make_app(small_branch)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(app, pilot, "2")
        await pilot.press("ctrl+t", "down", "L", "R")
        await pilot.pause()
        await pilot.press(*"外出授课", "enter")
        await pilot.pause()
        sheet = editor.query_one("#me-attendance")
        marks = [(a.status, a.reason) for a in sheet.attendees]
        assert marks[1] == (rules.Attendance.LEAVE, "外出授课")
        assert [m for i, m in enumerate(marks) if i != 1] == [(rules.Attendance.PRESENT, "")] * 3
        await pilot.press("down", "R")                      # a deliberate R on someone else is theirs
        await pilot.pause()
        await pilot.press(*"生病", "enter")
        await pilot.pause()
        assert sheet.attendees[2].reason == "生病"
