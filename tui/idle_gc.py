"""The oldest generation's garbage collection while the secretary pauses, not while she types.

CPython collects its oldest generation (everything the app holds: screens, lists, caches) once
enough new objects have outlived two younger collections; on an XL branch that pass costs
20–40 ms and lands on whichever keystroke tips it over, the slowest key of a search. Here that
pass waits until no key or click has come for `IDLE_SECONDS`; the young generations are
collected as before (most garbage never grows old). A long burst of work without a pause still
gets its collection once `FORCE_AFTER` middle collections have piled up, so memory stays bounded.
The threshold is put back when the app stops (tests run many apps in one process).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_SECONDS = 1.0     # no input this long: the secretary is reading, a collection goes unnoticed
CHECK_SECONDS = 0.5
OLD_AFTER = 10         # middle collections before an old one is worth it (CPython's own third threshold)
FORCE_AFTER = 200      # ... and before one runs even while keys keep coming
NEVER = 1_000_000_000  # the third threshold while this policy holds: CPython itself never starts one


class IdleCollector:
    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 counts: Callable[[], tuple[int, int, int]] = gc.get_count,
                 collect: Callable[[], object] = gc.collect) -> None:
        self.clock, self.counts, self.collect = clock, counts, collect
        self.last_input = clock()
        self.saved: tuple[int, ...] | None = None

    def start(self, app) -> None:
        """Hold CPython's own old-generation collections and check every CHECK_SECONDS instead."""
        if self.saved is None:
            self.saved = gc.get_threshold()
            gc.set_threshold(self.saved[0], self.saved[1], NEVER)
        app.set_interval(CHECK_SECONDS, self.check, name="idle-gc")

    def stop(self) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None

    def input_seen(self) -> None:
        self.last_input = self.clock()

    def check(self) -> bool:
        """Collect the old generation if it is due and the secretary has paused (or it is long overdue)."""
        aged = self.counts()[2]
        if aged < OLD_AFTER:
            return False
        if aged < FORCE_AFTER and self.clock() - self.last_input < IDLE_SECONDS:
            return False
        self.collect()
        return True
