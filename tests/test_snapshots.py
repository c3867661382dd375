"""A few screen snapshots (pytest-textual-snapshot): the 工作台, the 党费 ledger and the meeting
editor on the demo branch, at 120×40 on the frozen day (the ledger and the editor also at 80×24),
so that a layout regression is seen.

After an intended change of look: python -m pytest tests/test_snapshots.py --snapshot-update,
then look at the changed SVGs under tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from pytest_textual_snapshot import SVGImageExtension

from conftest import FROZEN_TODAY, make_app
from tui import clock

SIZE = (120, 40)

# pytest-textual-snapshot 1.0.0 (1.1.0 pins syrupy 4.8, which refuses pytest 9) names its file
# extension the syrupy 4 way; syrupy 5+ reads `file_extension`, and would save the SVGs as .raw.
SVGImageExtension.file_extension = "svg"


def still_app(db):
    app = make_app(db)
    # Textual read TEXTUAL_ANIMATIONS when first imported (by the snapshot plugin, before conftest)
    app.animation_level = "none"
    return app


async def hold_still(pilot) -> None:
    """No blinking cursor, nothing still loading: the same picture on every run."""
    assert clock.today() == FROZEN_TODAY
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea").results():
        widget.cursor_blink = False
    await pilot.pause()


def test_home(snap_compare, demo_db):
    assert snap_compare(still_app(demo_db), terminal_size=SIZE, run_before=hold_still)


def test_dues_ledger(snap_compare, demo_db):
    async def open_the_ledger(pilot) -> None:
        await pilot.press("f6")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "DuesScreen"
        await hold_still(pilot)

    assert snap_compare(still_app(demo_db), terminal_size=SIZE, run_before=open_the_ledger)


def test_meeting_editor(snap_compare, demo_db):
    async def open_the_latest_meeting(pilot) -> None:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "MeetingEditor"
        await hold_still(pilot)

    assert snap_compare(still_app(demo_db), terminal_size=SIZE, run_before=open_the_latest_meeting)


SMALL = (80, 24)  # the smallest window the app is made for


def test_dues_ledger_80x24(snap_compare, demo_db):
    async def open_the_ledger(pilot) -> None:
        await pilot.press("f6")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "DuesScreen"
        await hold_still(pilot)

    assert snap_compare(still_app(demo_db), terminal_size=SMALL, run_before=open_the_ledger)


def test_meeting_editor_80x24(snap_compare, demo_db):
    async def open_the_latest_meeting(pilot) -> None:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "MeetingEditor"
        await hold_still(pilot)

    assert snap_compare(still_app(demo_db), terminal_size=SMALL, run_before=open_the_latest_meeting)
