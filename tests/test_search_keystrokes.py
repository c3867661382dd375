"""What keeps a search keystroke cheap never shows an answer older than the last write."""

from __future__ import annotations

from textual.app import App
from textual.geometry import Region
from textual.widgets import Static

from tests.conftest import make_app
from tests.test_meetings_ui import small_branch, table_text  # noqa: F401 - the fixture is used by name
from tui.store import meetings as store
from tui.store.meetings_search import MeetingIndex
from tui.widgets.in_place import update_in_place
from tui.widgets.list_table import PADDING, ListTable


def lecture(db, title: str, content: str = "") -> int:
    data = store.new_meeting_defaults(db, "党课")
    data.update(lecture_title=title, content=content, attendance=store.expected_attendees(db, "党课"))
    return store.save_meeting(db, data)


def test_a_kept_answer_is_handed_out_as_a_new_list_each_time(small_branch):
    lecture(small_branch, "学习新党章")
    lecture(small_branch, "学习党史")
    index = MeetingIndex(small_branch)
    first = index.search("学习")
    first.clear()  # the caller may change its list: the kept answer is not the caller's
    again = index.search("学习")
    assert sorted(r.title for r in again) == ["学习党史", "学习新党章"]
    assert again == store.search_meetings(small_branch, "学习")


async def test_search_answers_follow_every_save_and_delete(small_branch):
    db = small_branch
    gone = lecture(db, "学习新党章")
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4", "slash", *"学习")
        await pilot.pause()
        assert "学习新党章" in table_text(app)
        store.delete_meeting(db, gone)
        lecture(db, "学习二十大精神")
        await pilot.press("backspace", "习")  # "学习" again: answered before the write, read again after
        await pilot.pause()
        shown = table_text(app)
        assert "学习二十大精神" in shown and "学习新党章" not in shown
        assert app.screen.query_one("#meetings-count", Static).visual.plain == "找到 1 条"


async def test_the_detail_pane_shows_a_meeting_as_last_saved(small_branch):
    db = small_branch
    meeting_id = lecture(db, "学习新党章", "第一稿的内容")
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4", "slash", *"学习")
        await pilot.pause()
        detail = app.screen.query_one("#meetings-detail", Static)
        assert "第一稿的内容" in str(detail.visual)
        data = store.get_meeting(db, meeting_id)
        saved = {k: getattr(data, k) for k in store.LABELS}
        saved.update(id=meeting_id, content="改过的内容", attendance=[a.__dict__.copy() for a in data.attendance])
        store.save_meeting(db, saved, meeting_id)
        await pilot.press("backspace", "习")
        await pilot.pause()
        assert "改过的内容" in str(detail.visual) and "第一稿的内容" not in str(detail.visual)


def test_none_and_numbers_in_a_list_are_shown_and_measured_as_text():
    table = ListTable("名", "数", rows=[("张三", None), ("李四", 12345)], fit_width=False)
    assert table.rows == [("张三", ""), ("李四", "12345")]
    assert table.widths[1] == len("12345") + 2 * PADDING


class Pane(App):
    CSS = "Static { height: auto; }"

    def compose(self):
        yield Static("一\n二\n三", id="pane")
        yield Static("下面", id="below")


async def test_a_detail_pane_keeps_its_height_for_a_shorter_record_and_grows_for_a_longer():
    app = Pane()
    async with app.run_test(size=(40, 12)) as pilot:
        pane = app.query_one("#pane", Static)
        await pilot.pause()
        assert pane.size.height == 3
        update_in_place(pane, "一", shrink=False)
        await pilot.pause()
        assert pane.size.height == 3 and app.query_one("#below").region.y == 3
        update_in_place(pane, "一\n二\n三\n四", shrink=False)
        await pilot.pause()
        assert pane.size.height == 4
        update_in_place(pane, "一")
        await pilot.pause()
        assert pane.size.height == 1


def test_rows_shorter_than_the_columns_are_measured_by_the_cells_they_have():
    table = ListTable("甲", "乙", "丙", rows=[("x",), ("yy", "zzz")], fit_width=False)
    assert table.widths == [w + 2 * PADDING for w in (2, 3, 2)]


def test_the_pane_brief_says_what_the_whole_meeting_says(demo_db):
    from tui.rules.meetings import Attendance
    from tui.store.meetings_search import meeting_brief

    ids = [r.id for r in store.list_meetings(demo_db)]
    assert ids
    for meeting_id in ids:
        m, brief = store.get_meeting(demo_db, meeting_id), meeting_brief(demo_db, meeting_id)
        assert (brief.seq_label, brief.date, brief.start_time, brief.end_time, brief.place, brief.content) == (
            m.seq_label, m.date, m.start_time, m.end_time, m.place, m.content)
        assert (brief.host_name, brief.recorder_name, brief.expected, brief.present, brief.quorum_ok) == (
            m.host_name, m.recorder_name, m.expected, m.present, m.quorum_ok)
        assert brief.leave == [(a.name, a.reason) for a in m.by_status(Attendance.LEAVE)]
        assert brief.absent == [(a.name, a.reason) for a in m.by_status(Attendance.ABSENT)]


class Drawn(Static):
    drawn = 0

    def render(self):
        Drawn.drawn += 1
        return super().render()


class OnePane(App):
    def compose(self):
        yield Drawn("甲")


async def test_the_same_text_again_is_not_drawn_again_and_a_new_one_is():
    app = OnePane()
    async with app.run_test(size=(40, 6)) as pilot:
        pane = app.query_one(Drawn)
        await pilot.pause()
        before = Drawn.drawn
        update_in_place(pane, "甲")
        await pilot.pause()
        assert Drawn.drawn == before
        update_in_place(pane, "乙")
        await pilot.pause()
        assert Drawn.drawn > before and str(pane.visual) == "乙"


async def test_the_detail_pane_gives_the_absentees_a_line_of_their_own(small_branch):
    """At 80 columns a long list of absentees follows the counts on a line of its own, rather than
    being wrapped whole to the next line and leaving "人。" alone after "实到 3"."""
    db = small_branch
    data = store.new_meeting_defaults(db, "党课")
    attendance = store.expected_attendees(db, "党课")
    for a in attendance:
        a.status, a.reason = "请假", "带学生参加全国大学生电子设计竞赛"
    data.update(lecture_title="学习新党章", attendance=attendance)
    store.save_meeting(db, data)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        detail = app.screen.query_one("#meetings-detail", Static)
        lines = [strip.text.strip() for strip in detail.render_lines(Region(0, 0, *detail.size))]
        counts = next(ln for ln in lines if ln.startswith("应到"))
        assert counts.endswith("人。")
        assert lines[lines.index(counts) + 1].startswith("请假：")
