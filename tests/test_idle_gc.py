"""The old generation's collection waits while keys go into a text box, and the threshold comes back."""

from __future__ import annotations

import gc

from tests.conftest import make_app
from tui import idle_gc
from tui.idle_gc import IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def collector(aged: int, clock: Clock) -> tuple[IdleCollector, list[int]]:
    done: list[int] = []
    return IdleCollector(clock=clock, counts=lambda: (0, 0, aged), collect=lambda: done.append(1)), done


def test_held_while_typing_into_a_box_then_collected_in_the_pause():
    before = gc.get_threshold()
    clock = Clock()
    policy, done = collector(idle_gc.OLD_AFTER, clock)
    try:
        for _ in range(10):  # a key every 0.2 s
            clock.now += 0.2
            policy.input_seen(into_text=True)
            assert gc.get_threshold()[2] == idle_gc.NEVER
            assert not policy.check()
        clock.now += idle_gc.IDLE_SECONDS
        assert policy.check() and done == [1]
        assert gc.get_threshold() == before
    finally:
        policy.stop()


def test_other_keys_neither_hold_nor_wait():
    before = gc.get_threshold()
    clock = Clock()
    policy, done = collector(idle_gc.FORCE_AFTER - 1, clock)
    policy.input_seen(into_text=False)  # F4, E, Ctrl+S: CPython collects as it always does
    assert gc.get_threshold() == before and not policy.held
    assert not policy.check() and not done


def test_released_without_a_collection_when_other_keys_keep_coming():
    clock = Clock()
    policy, done = collector(idle_gc.OLD_AFTER, clock)
    policy.input_seen(into_text=True)
    clock.now += idle_gc.IDLE_SECONDS
    policy.input_seen(into_text=False)  # the search left for the editor: not a pause, CPython decides
    assert not policy.check() and not done and not policy.held


def test_typing_that_never_pauses_still_gets_its_collection():
    clock = Clock()
    policy, done = collector(idle_gc.FORCE_AFTER, clock)
    policy.input_seen(into_text=True)
    assert policy.check() and done == [1] and not policy.held


async def test_the_app_holds_while_a_search_is_typed_and_gives_it_back(branch_db):
    before = gc.get_threshold()
    app = make_app(branch_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert not app.idle_gc.held
        await pilot.press("slash", "z")
        assert app.idle_gc.held and gc.get_threshold()[2] == idle_gc.NEVER
    assert gc.get_threshold() == before
