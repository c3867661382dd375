"""Toasts say their word and go: a few seconds, at the top right (the detail pane below stays in
view), and an area's own toasts leave with it. Warnings stay their time."""

from __future__ import annotations

import pytest

from tests.conftest import make_app

SIZES = [(120, 40), (80, 24)]


@pytest.mark.parametrize("size", SIZES)
async def test_an_areas_toast_goes_when_the_area_is_left_a_warning_stays(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        app.notify("已保存：张三")
        app.notify("备份失败：磁盘已满", severity="warning", timeout=20)
        await pilot.pause()
        assert len(app._notifications) == 2
        timeouts = {n.message: n.timeout for n in app._notifications}
        assert timeouts["已保存：张三"] <= 3
        rack = app.screen.query_one("#textual-toastrack")
        assert rack.region.y <= 3                                # on top, not over the detail pane
        await pilot.press("f4")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["备份失败：磁盘已满"]
