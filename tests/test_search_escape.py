"""Every area's search shows what is typed, and Esc leaves it cleared so the next key is a hotkey."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.conftest import make_app


@pytest.mark.parametrize("area_key, search_id", [
    ("f3", "roster-search"), ("f4", "meetings-search"), ("f6", "dues-search"), ("f7", "pairings-search"),
])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_escape_leaves_the_search_and_the_next_key_is_a_hotkey(demo_db, area_key, search_id, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press(area_key)
        await pilot.pause()
        await pilot.press("slash")
        for ch in "zzq":
            await pilot.press(ch)
        await pilot.pause()
        area_screen = app.screen
        search = area_screen.query_one(f"#{search_id}", Input)
        assert search.value == "zzq"
        assert search.content_region.height >= 1 and search.content_region.width >= 3  # the text shows
        await pilot.press("escape")
        await pilot.pause()
        assert search.value == "" and not search.has_focus
        if area_key != "f6":          # 党费 has no 新建; elsewhere N opens the new-record dialog
            await pilot.press("n")
            await pilot.pause()
            assert search.value == "" and app.screen is not area_screen   # a dialog opened
