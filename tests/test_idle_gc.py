"""The old generation's collection waits while a search is typed, and the threshold comes back."""

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


def test_held_while_typing_then_collected_in_the_pause():
    before = gc.get_threshold()
    clock = Clock()
    policy, done = collector(idle_gc.OLD_AFTER, clock)
    try:
        for _ in range(10):  # a key every 0.2 s
            clock.now += 0.2
            policy.typed()
            assert gc.get_threshold()[2] == idle_gc.NEVER
            assert not policy.check()
        clock.now += idle_gc.IDLE_SECONDS
        assert policy.check() and done == [1]
        assert gc.get_threshold() == before and not policy.held
    finally:
        policy.stop()


def test_the_key_that_ends_the_typing_runs_the_held_collection_first():
    before = gc.get_threshold()
    clock = Clock()
    policy, done = collector(idle_gc.OLD_AFTER, clock)
    policy.typed()
    assert policy.other_key() and done == [1]  # Enter, Esc, ↓: the search is done
    assert gc.get_threshold() == before
    assert not policy.other_key() and done == [1]  # nothing held, nothing more


def test_nothing_due_nothing_collected_when_the_typing_ends():
    clock = Clock()
    policy, done = collector(idle_gc.OLD_AFTER - 1, clock)
    policy.typed()
    clock.now += idle_gc.IDLE_SECONDS
    assert not policy.check() and not done and not policy.held


def test_typing_that_never_pauses_still_gets_its_collection():
    clock = Clock()
    policy, done = collector(idle_gc.FORCE_AFTER, clock)
    policy.typed()
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
        await pilot.press("down")
        assert not app.idle_gc.held and gc.get_threshold() == before
        await pilot.press("slash", "z")
        assert app.idle_gc.held
    assert gc.get_threshold() == before
