"""Keys typed ahead while a dialog opens (a fast secretary: N, Tab, 10:00) all land in it."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key

from tests.conftest import make_app
from tui.store import members


def burst(app, keys: list[str]) -> None:
    """Keys as a terminal delivers a quick typist's burst: all queued before any is handled."""
    for key in keys:
        character = {"tab": "\t", "enter": "\r"}.get(key, key)
        event = events.Key(key if len(key) > 1 else _character_to_key(key), character)
        event.set_sender(app)
        app._driver.send_message(event)


async def settle(pilot) -> None:
    """Until every key typed has been handled (at most 3 s)."""
    ahead = pilot.app.type_ahead
    for _ in range(150):
        await pilot.pause(0.02)
        if not ahead.held and ahead.releasing is None and ahead.in_flight is None:
            break
    await pilot.pause()


async def test_tab_typed_while_the_talk_dialog_opens_moves_to_the_next_field(db):
    members.save_member(db, {"name": "张三", "join_date": "2010-01-01"})
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        burst(app, ["n", "tab", *"10:00", "tab", *"305"])
        await settle(pilot)
        dialog = app.screen
        assert dialog.query_one("#f-date").value == "2026-11-21"
        assert dialog.query_one("#f-time").value == "10:00"
        assert dialog.query_one("#f-place").value.endswith("305")


async def test_keys_typed_while_the_meeting_editor_opens_land_in_its_fields(db):
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        burst(app, ["n", "2", "tab", *"14:30", "tab", *"16:00"])
        await settle(pilot)
        editor = app.screen
        assert editor.query_one("#me-date").value == "2026-11-21"
        assert editor.query_one("#me-start_time").value == "14:30"
        assert editor.query_one("#me-end_time").value == "16:00"


async def test_text_tab_text_in_one_burst_fills_two_fields(db):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9", "e")
        await pilot.pause()
        burst(app, [*"一支部", "tab", *"党委"])
        await settle(pilot)
        assert app.screen.query_one("#f-name").value == "一支部"
        assert app.screen.query_one("#f-parent_org").value == "党委"

