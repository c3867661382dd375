"""The key bar never hides a key behind the edge: it wraps to a second line, then hands over to F1."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.conftest import make_app
from tui.widgets.keybar import MORE, KeyBar, layout_keys


def test_keys_wrap_then_end_with_the_f1_hint():
    items = [(f"K{i}", "导出表格") for i in range(12)]  # each 2+1+8 = 11 cells
    lines = layout_keys(items, 40)
    assert len(lines) == 2 and lines[-1][-1] == MORE
    for line in lines:
        assert sum(cell_len(k) + 1 + cell_len(d) for k, d in line) + 2 * (len(line) - 1) <= 40
    assert layout_keys(items[:3], 40) == [items[:3]]


@pytest.mark.parametrize("area_key, must_show", [
    ("f6", "导出"), ("f4", "完成情况"), ("f7", "导出一览表"),
])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_every_area_shows_its_keys_or_the_f1_hint(demo_db, area_key, must_show, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press(area_key)
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        text = str(bar.render())
        lines = text.splitlines()
        assert all(cell_len(line) <= size[0] - 2 for line in lines)
        assert must_show in text or "更多按键" in text
        if size == (120, 40):
            assert must_show in text     # at 120 columns every key of these areas is on the bar


async def test_the_area_tabs_show_f10_at_80_columns(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        tabs = str(app.screen.query_one("#area-tabs").render())
        assert "F10 备份" in tabs and cell_len(tabs) <= 80


def test_f1_shows_once_when_the_hint_takes_over():
    items = [(f"K{i}", "导出表格") for i in range(8)] + [("F1", "帮助"), ("Ctrl+P", "命令"), ("Ctrl+Q", "退出")]
    lines = layout_keys(items, 60)
    keys = [k for line in lines for k, _ in line]
    assert keys.count("F1") == 1 and lines[-1][-1] == MORE


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_talks_bar_shows_the_bracket_keys_as_keys(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        text = str(app.screen.query_one(KeyBar).render())
        assert "[ 上一年" in text and "] 下一年" in text and "[[" not in text and "[/]" not in text
