"""The old generation's garbage collection waits while the secretary types a search.

CPython collects its oldest generation (everything the app holds: screens, lists, caches) once
enough new objects have outlived two younger collections; on an XL branch that pass costs
20–40 ms and lands on whichever keystroke tips it over, the slowest key of a search. So while
characters go into a search box that pass is held (the young generations are collected as
before: most garbage never grows old). The typing ends at a pause of `IDLE_SECONDS` or at the
first other key (Enter, Esc, ↓ into the list, an area's F-key): then CPython's own rule is back,
and the held pass, if due, runs at once, before that key is handled. Typing that never pauses
still gets its pass once `FORCE_AFTER` middle collections have piled up, so memory stays
bounded. The threshold is put back when the app stops (tests run many apps in one process).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_SECONDS = 1.0     # no character typed this long: the typing has paused
CHECK_SECONDS = 0.5
OLD_AFTER = 10         # middle collections before an old one is due (CPython's own third threshold)
FORCE_AFTER = 100      # ... and before one runs even while the typing goes on
NEVER = 1_000_000_000  # the third threshold while held: CPython itself starts no old collection


class IdleCollector:
    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 counts: Callable[[], tuple[int, int, int]] = gc.get_count,
                 collect: Callable[[], object] = gc.collect) -> None:
        self.clock, self.counts, self.collect = clock, counts, collect
        self.last_typed = clock()
        self.saved: tuple[int, ...] | None = None  # CPython's thresholds while held

    @property
    def held(self) -> bool:
        return self.saved is not None

    def start(self, app) -> None:
        app.set_interval(CHECK_SECONDS, self.check, name="idle-gc")

    def stop(self) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None

    def typed(self) -> None:
        """A character or a correction went into a search box: hold the old generation."""
        self.last_typed = self.clock()
        if self.saved is None:
            self.saved = gc.get_threshold()
            gc.set_threshold(self.saved[0], self.saved[1], NEVER)

    def other_key(self) -> bool:
        """Any other key ends the typing; True if the held collection ran."""
        return self._release()

    def check(self) -> bool:
        """Every CHECK_SECONDS: end a typing that has paused (or run long); True if it collected."""
        if self.saved is None:
            return False
        if self.clock() - self.last_typed < IDLE_SECONDS and self.counts()[2] < FORCE_AFTER:
            return False
        return self._release()

    def _release(self) -> bool:
        if self.saved is None:
            return False
        self.stop()
        if self.counts()[2] >= OLD_AFTER:
            self.collect()
            return True
        return False
