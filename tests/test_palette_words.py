"""Ctrl+P finds what a secretary types just before a deadline: 总结, 转正, 补交, 欠费, 主题党日."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from tests.conftest import make_app
from tui.palette import WordsCommandsProvider


async def _titles_found(app, query: str) -> list[str]:
    provider = WordsCommandsProvider(app.screen)
    return [str(hit.text) for hit in [h async for h in provider.search(query)]]


@pytest.mark.parametrize("word, expected", [
    ("总结", "表格：导出表格"),
    ("转正", "会议：新建会议"),
    ("补交", "党费：登记交费…"),
    ("欠费", "党费：欠交"),
    ("主题党日", "会议：新建会议"),
    ("公示", "党费：导出"),
    ("换届", "支部：设置支委会"),
])
async def test_the_words_before_a_deadline_find_the_action(demo_db, word, expected):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        found = await _titles_found(app, word)
        assert any(title.startswith(expected) for title in found), found


async def test_choosing_a_word_hit_runs_the_action(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        for ch in "欠费":
            await pilot.press(ch)
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause(0.4)
        assert app.current_mode == "dues"
        assert app.screen.view == "arrears"
