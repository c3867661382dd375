"""Pilot at 80×24: the 会议 area's V opens the 测评票 of a 民主评议 or the materials of a 组织生活会, T the 学时."""

from __future__ import annotations

from tests.conftest import make_app
from tui.store import evaluation, life_meeting
from tui.widgets.area_list import AreaList



async def _open_meeting(pilot, app, meeting_id: int) -> None:
    screen = app.screen
    table = screen.query_one(AreaList)
    for i in range(table.row_count):
        table.move_cursor(row=i)
        if table.selected_key == meeting_id:
            break
    assert table.selected_key == meeting_id
    await pilot.press("v")
    await pilot.pause()


async def test_tallies_entered_by_keyboard_at_80x24(demo_db):
    s = evaluation.evaluation_summary(demo_db, 2025)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await _open_meeting(pilot, app, s.meeting.id)
        assert type(app.screen).__name__ == "TallyDialog"
        head = str(app.screen.query_one("#yearend-head").render())
        assert f"参评 {s.evaluated} 人" in head
        first = app.screen.query_one(AreaList).selected_key
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "FormDialog"
        form.query_one("#f-voters").value = "20"
        form.query_one("#f-excellent").value = "30"          # more than the voters
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "超过参加测评" in str(form.query_one("#form-error").render())
        assert evaluation.tallies(demo_db, s.meeting.id)[first].excellent != 30
        form.query_one("#f-excellent").value = "2"
        form.query_one("#f-qualified").value = "18"
        form.query_one("#f-basic").value = "0"
        form.query_one("#f-unqualified").value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "TallyDialog"
        row = evaluation.tallies(demo_db, s.meeting.id)[first]
        assert (row.voters, row.excellent, row.qualified) == (20, 2, 18)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetingsScreen"


async def test_life_meeting_materials_and_study_hours_at_80x24(demo_db):
    r = life_meeting.life_meeting_report(demo_db, 2025)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await _open_meeting(pilot, app, r.meeting_id)
        assert type(app.screen).__name__ == "LifeMeetingDialog"
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        form.query_one("#f-source").value = "学生"
        form.query_one("#f-content").text = "希望增加学业帮扶"
        form.query_one("#f-count").value = "3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert life_meeting.life_meeting_report(demo_db, 2025).opinion_count == r.opinion_count + 3
        assert f"征求意见{r.opinion_count + 3}条" in str(app.screen.query_one("#yearend-head").render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert type(app.screen).__name__ == "StudyHoursDialog"
        assert app.screen.query_one(AreaList).row_count > 0


async def test_yearend_settings_from_the_study_hours_dialog(demo_db):
    from fractions import Fraction

    from tui.store.yearend_settings import get_yearend_settings

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "YearEndSettingsDialog"
        form.query_one("#f-study_required").value = "-4"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "党员年度学时要求" in str(form.query_one("#form-error").render())
        form.query_one("#f-study_required").value = "40"
        form.query_one("#f-excellent_share").value = "1/4"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "StudyHoursDialog"
        saved = get_yearend_settings(demo_db)
        assert saved.study_required == 40 and saved.excellent_share == Fraction(1, 4)
        assert "党员40" in str(app.screen.query_one("#yearend-head").render())
