"""The habits of a secretary's hands in forms: a field an error points at is selected (every
time), Ctrl+A selects all, a choice from a picker leaves the focus where it was, an error goes
once its field is changed, and Esc over unsaved minutes keeps them unless Y is pressed."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from tests.conftest import make_app
from tui.screens.meetings_editor import MeetingEditor
from tui.widgets.confirm import Confirm
from tui.widgets.form import FormDialog, MemberField

SIZES = [(120, 40), (80, 24)]


def _error(dialog) -> str:
    error = dialog.query_one("#form-error", Static)
    return str(error.render()) if error.display else ""


async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def _member_form(app, pilot) -> FormDialog:
    await pilot.press("f3")
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, FormDialog)
    return dialog


@pytest.mark.parametrize("size", SIZES)
async def test_each_error_selects_its_field_so_typing_replaces_the_wrong_value(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        dialog = await _member_form(app, pilot)
        join = dialog.query_one("#f-join_date", Input)
        join.value = "1900-01-01"                       # before the member was born
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "入党日期" in _error(dialog) and join.has_focus
        await _type(pilot, "1901-01-01")                 # still wrong: the first error's selection went
        assert join.value == "1901-01-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "入党日期" in _error(dialog) and join.has_focus and isinstance(app.screen, FormDialog)
        await _type(pilot, "2019-06-18")                 # the second error selected it again
        assert join.value == "2019-06-18"


@pytest.mark.parametrize("size", SIZES)
async def test_an_error_goes_once_its_field_is_changed(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        dialog = await _member_form(app, pilot)
        phone = dialog.query_one("#f-phone", Input)
        phone.value = "1984-01-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "手机" in _error(dialog) and phone.has_focus
        dialog.query_one("#f-ethnicity", Input).value = "汉族"   # another field: the error stays
        await pilot.pause()
        assert "手机" in _error(dialog)
        await _type(pilot, "13800138000")
        await pilot.pause()
        assert _error(dialog) == ""                                # fixed: no stale error beside it


@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_a_selects_all_in_a_text_box(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("slash")
        await _type(pilot, "zhang")
        search = app.screen.query_one("#roster-search", Input)
        await pilot.press("ctrl+a")
        await pilot.press("c")
        assert search.value == "c"                                  # replaced, not "czhang"
        await pilot.press("escape")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        name = form.query_one("#f-name", Input)
        name.focus()
        name.cursor_position = 1
        await pilot.press("ctrl+a")
        await _type(pilot, "王")
        assert name.value == "王"


@pytest.mark.parametrize("size", SIZES)
async def test_after_a_choice_in_a_picker_the_focus_stays_and_tab_goes_to_the_next_field(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        secretary, deputy = list(dialog.query(MemberField))[:2]
        assert secretary.has_focus
        await pilot.press("enter")                 # opens the picker
        await pilot.pause()
        assert app.screen is not dialog
        await pilot.press("enter")                 # chooses the first name
        await pilot.pause()
        assert app.screen is dialog and secretary.has_focus
        await pilot.press("tab")                   # the habitual Tab: to 副书记, not past it
        assert deputy.has_focus


@pytest.mark.parametrize("size", SIZES)
async def test_esc_over_unsaved_minutes_keeps_them_on_enter_and_discards_only_on_y(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        app.screen.start_new("支部委员会")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, MeetingEditor)
        editor.query_one("#me-place", Input).value = "图书馆 201"
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        keys = str(app.screen.query_one("#confirm-keys", Static).render())
        assert keys.startswith("回车") and "Y 放弃" in keys
        await pilot.press("enter")                 # the habitual Enter keeps the minutes
        await pilot.pause()
        assert app.screen is editor and editor.query_one("#me-place", Input).value == "图书馆 201"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")                     # discarding takes its own key
        await pilot.pause()
        assert not isinstance(app.screen, MeetingEditor)


@pytest.mark.parametrize("size", SIZES)
async def test_the_meeting_editor_selects_a_wrong_date_on_every_error(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        app.screen.start_new("支部委员会")
        await pilot.pause()
        editor = app.screen
        date = editor.query_one("#me-date", Input)
        for wrong in ("2026-13-01", "2026-14-01"):
            date.value = wrong
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is editor and date.has_focus
            assert date.selection.start == 0 and date.selection.end == len(wrong)   # typing replaces it
