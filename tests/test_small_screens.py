"""Every screen usable at 80×24 and on a large branch at 120×40: the tab strip and the search
stay on screen, dates and names are never cut, dialogs fit and keep their save button."""

from __future__ import annotations

import shutil

import pytest
from rich.cells import cell_len
from textual.widgets import Button, Input

from tests.conftest import FROZEN_TODAY, make_app
from tui.areas import AREAS
from tui.rules.money import format_fen
from tui.screens.meetings_editor import MeetingEditor
from tui.widgets.area_list import AreaList
from tui.widgets.form import FormDialog

SIZES = [(120, 40), (80, 24)]


@pytest.fixture(scope="module")
def large_path(tmp_path_factory):
    from tui.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("large") / "large.db", "large", today=FROZEN_TODAY)


@pytest.fixture
def large_db(tmp_path, large_path):
    from tui.store.db import close_db, open_db

    path = tmp_path / "large.db"
    shutil.copy(large_path, path)
    database = open_db(path)
    yield database
    close_db(database)


def _line(table, y: int) -> str:
    return "".join(seg.text for seg in table.render_line(y))


def _inside(widget, app) -> bool:
    r = widget.region
    return r.width > 0 and r.height > 0 and r.x >= 0 and r.y >= 0 \
        and r.right <= app.size.width and r.bottom <= app.size.height


async def _visit_every_area(app, pilot):
    for a in AREAS:
        await app.run_action(f"switch_area('{a.mode}')")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        tabs = screen.query_one("#area-tabs")
        assert tabs.region.y == 0 and screen.scroll_y == 0, a.mode   # nothing scrolled off the top
        assert _inside(screen.query_one("KeyBar"), app), a.mode
        for table in screen.query(AreaList):
            if table.display and table.region.height:
                assert table.region.bottom <= app.size.height, a.mode


@pytest.mark.parametrize("size", SIZES)
async def test_every_area_fits_the_window_on_the_typical_demo(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await _visit_every_area(app, pilot)


async def test_every_area_fits_the_window_on_the_large_demo(large_db):
    app = make_app(large_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _visit_every_area(app, pilot)
        await app.run_action("switch_area('members')")
        await pilot.pause()
        search = app.screen.query_one("#roster-search", Input)
        assert _inside(search, app)                              # the search box is on screen


@pytest.mark.parametrize("size", SIZES)
async def test_meeting_dates_and_roster_names_and_dates_are_whole(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        table = app.screen.query_one(AreaList)
        first = table.get_row_at(0)[0]
        assert len(first) == 10 and _line(table, 1).startswith(f" {first} ")   # "2026-11-25", not "2026-11…"
        await pilot.press("f3")
        await pilot.pause()
        table = app.screen.query_one(AreaList)
        header = _line(table, 0)
        for i in range(table.row_count):
            row = table.get_row_at(i)
            assert table.widths[0] >= cell_len(row[0]) + 2, row[0]              # the name is never cut
        join = table.columns.index("入党日期")
        assert sum(table.widths[: join + 1]) <= table.scrollable_content_region.width   # on screen…
        assert table.widths[join] >= 12 and "入党日期" in header                   # …and whole


@pytest.mark.parametrize("size", SIZES)
async def test_the_meeting_editor_shows_the_whole_date(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        app.screen.start_new("支部委员会")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MeetingEditor)
        date = app.screen.query_one("#me-date", Input)
        assert date.value == "2026-11-21"
        assert date.content_region.width >= len(date.value) + 1     # the text and the cursor after it
        assert date.scroll_x == 0                                    # not scrolled to "026-11-21"
        for wid in ("#me-start_time", "#me-end_time", "#me-place"):
            assert _inside(app.screen.query_one(wid), app), wid


@pytest.mark.parametrize("size", SIZES)
async def test_the_import_dialog_fits_the_screen(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen.query_one("Vertical")
        assert _inside(dialog, app)


@pytest.mark.parametrize("size", SIZES)
async def test_the_assessment_form_scrolls_keeps_its_save_button_and_shows_the_figures_live(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        ledger = app.screen
        owed = ledger.book.row_of(ledger.selected_member()).assessment.monthly_fen
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert _inside(dialog.query_one("#form-save", Button), app)
        preview = dialog.query_one("#form-preview")
        assert f"月应交 {format_fen(owed, thousands=True)} 元" in str(preview.render())   # before any change
        # the breakdown is typed over with a single base: the figures follow before saving
        for spec in dialog.fields:
            widget = dialog.query_one(f"#f-{spec.key}")
            if isinstance(widget, Input) and spec.key not in ("base", "note", "reduction_ref"):
                widget.value = ""
        dialog.query_one("#f-base", Input).value = "3000"
        await pilot.pause()
        shown = str(preview.render())
        assert "税后基数 3,000.00 元" in shown and "0.5%" in shown and "月应交 15.00 元" in shown
        # the last field is reached by Tab and the button is still there
        for _ in range(30):
            if dialog.query_one("#f-note").has_focus:
                break
            await pilot.press("tab")
        await pilot.pause()
        await pilot.pause()
        assert _inside(dialog.query_one("#f-note"), app)
        assert _inside(dialog.query_one("#form-save", Button), app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        assert ledger.book.row_of(ledger.selected_member()).assessment.monthly_fen == 1500


@pytest.mark.parametrize("size", SIZES)
async def test_every_form_of_the_areas_fits(demo_db, size):
    """The longest forms: a new member, a talk, a pairing, the local settings."""
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        for area_key, keys in (("f3", ["n"]), ("f5", ["n"]), ("f7", ["n", "1"]), ("f2", ["s"]), ("f9", ["c"])):
            await pilot.press(area_key)
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, FormDialog), (area_key, keys)
            assert _inside(dialog.query_one("#form-save", Button), app)
            assert _inside(dialog.query_one("#form-title"), app)
            await pilot.press("escape")
            await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
async def test_the_year_grid_shows_all_twelve_months_and_the_total(demo_db, size):
    from textual.widgets import DataTable

    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        grid = app.screen.query_one("#year-grid", DataTable)
        labels = [str(c.label).strip() for c in grid.columns.values()]
        assert labels[-1] == "合计" and len([x for x in labels if x.rstrip("月").isdigit()]) == 12
        assert grid.virtual_size.width <= grid.scrollable_content_region.width   # no month off the edge
