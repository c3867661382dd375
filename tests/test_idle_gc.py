"""The old generation's collection waits for a pause in the typing, and the threshold comes back."""

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


def test_no_old_collection_while_keys_keep_coming_then_one_in_the_pause():
    clock = Clock()
    policy, done = collector(idle_gc.OLD_AFTER, clock)
    for _ in range(10):  # a key every 0.2 s
        clock.now += 0.2
        policy.input_seen()
        assert not policy.check()
    clock.now += idle_gc.IDLE_SECONDS
    assert policy.check()
    assert done == [1]


def test_nothing_to_collect_nothing_done_even_when_idle():
    clock = Clock()
    policy, done = collector(idle_gc.OLD_AFTER - 1, clock)
    clock.now += 60
    assert not policy.check() and not done


def test_a_long_burst_without_a_pause_still_gets_its_collection():
    clock = Clock()
    policy, done = collector(idle_gc.FORCE_AFTER, clock)
    policy.input_seen()
    assert policy.check() and done == [1]


async def test_the_app_holds_the_old_generation_while_running_and_gives_it_back(branch_db):
    before = gc.get_threshold()
    app = make_app(branch_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert gc.get_threshold()[2] == idle_gc.NEVER
        seen = app.idle_gc.last_input
        await pilot.press("f3")
        assert app.idle_gc.last_input > seen  # a key counts as the secretary at work
    assert gc.get_threshold() == before
