"""A new meeting starts with the branch's usual times as real values, and they are saved and printed."""

from __future__ import annotations

from tests.conftest import make_app
from tui.store import meetings as store


def test_usual_times_come_from_the_latest_meeting_of_the_kind(demo_db):
    row = demo_db.execute(
        "SELECT start_time, end_time FROM meetings WHERE kind = '支部委员会' AND deleted_at IS NULL "
        "AND start_time <> '' ORDER BY date DESC, id DESC LIMIT 1").fetchone()
    data = store.new_meeting_defaults(demo_db, "支部委员会")
    assert (data["start_time"], data["end_time"]) == tuple(row) and row[0]


def test_a_branch_with_no_meetings_gets_empty_times(branch_db):
    data = store.new_meeting_defaults(branch_db, "支部委员会")
    assert (data["start_time"], data["end_time"]) == ("", "")


async def test_the_editor_shows_the_times_as_values_and_saves_them(demo_db):
    start, end = store.usual_times(demo_db, "支部委员会")
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("2")                     # 支部委员会
        await pilot.pause()
        editor = app.screen
        assert editor.query_one("#me-start_time").value == start
        assert editor.query_one("#me-end_time").value == end
        assert editor.query_one("#me-start_time").placeholder == "时:分"
        await pilot.press("ctrl+g")
        await pilot.press(*"研究工作")
        await pilot.press("ctrl+s")
        await pilot.pause()
    newest = demo_db.execute("SELECT start_time, end_time FROM meetings ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(newest) == (start, end)
