"""Keys as a secretary presses them: with CapsLock on, and with the Chinese IME's punctuation."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input

from tests.conftest import make_app
from tui.keymap import ascii_key
from tui.widgets.form import FormDialog
from tui.screens.dues import DuesScreen


async def ime(pilot, character: str) -> None:
    """A key as a terminal delivers it with the Chinese IME on: its name and its character."""
    event = events.Key(_character_to_key(character), character)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)
    await pilot.pause()


def _unbound(key: str) -> bool:
    return False


def test_full_width_punctuation_and_capitals_mean_the_ascii_key():
    assert ascii_key("N", "N", _unbound) == ("n", "n")
    assert ascii_key("shift+e", "E", _unbound) == ("e", "e")
    assert ascii_key("left_black_lenticular_bracket", "【", _unbound) == ("left_square_bracket", "[")
    assert ascii_key("right_black_lenticular_bracket", "】", _unbound) == ("right_square_bracket", "]")
    assert ascii_key("ideographic_comma", "、", _unbound) == ("slash", "/")
    assert ascii_key("fullwidth_latin_small_letter_n", "ｎ", _unbound) == ("n", "n")
    # Plain keys, and a capital that is a binding of its own, stay as they are.
    assert ascii_key("n", "n", _unbound) is None
    assert ascii_key("f3", None, _unbound) is None
    assert ascii_key("N", "N", lambda key: key == "N") is None


async def test_capslock_letters_work_as_hotkeys_and_still_type_capitals(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("N")                  # CapsLock on: 新增党员 opens all the same
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("W", "X")              # inside a text box a capital stays a capital
        assert app.focused.value == "WX"
        await pilot.press("escape")
        await pilot.pause()


async def test_ime_punctuation_moves_like_the_ascii_keys(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await ime(pilot, "、")                  # the IME's "/" focuses the search box
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == app.screen.SEARCH_ID
        await ime(pilot, "、")                  # …where it is typed as text, not taken as a key
        assert app.focused.value == "、"
        await pilot.press("escape")
        await pilot.press("f6")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DuesScreen)
        before = screen.year
        await ime(pilot, "【")                  # the IME's "[": previous year
        await pilot.pause()
        assert screen.year == before - 1
        await ime(pilot, "】")
        await pilot.pause()
        assert screen.year == before


async def test_f1_says_how_keys_work_with_capslock_and_the_ime(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text").render())
        assert "大写锁定" in text and "【 】 等于 [ ]" in text and "切到英文" in text
