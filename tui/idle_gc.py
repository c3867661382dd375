"""The old generation's garbage collection waits while the secretary types into a text box.

CPython collects its oldest generation (everything the app holds: screens, lists, caches) once
enough new objects have outlived two younger collections; on an XL branch that pass costs
20–40 ms and lands on whichever keystroke tips it over, the slowest key of a search. So while
keys go into a text box (a search, a field) that pass is held; the young generations are
collected as before (most garbage never grows old). Once no key has gone into a text box for
`IDLE_SECONDS`, CPython's own rule is back, and if nothing at all came meanwhile (the secretary
reads) the held pass runs at once, unnoticed. Typing that never pauses still gets its pass once
`FORCE_AFTER` middle collections have piled up, so memory stays bounded. Everything else (an
area opening, the editor) is collected as CPython would. The threshold is put back when the
app stops (tests run many apps in one process).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_SECONDS = 1.0     # no key into a text box this long: typing has paused
CHECK_SECONDS = 0.5
OLD_AFTER = 10         # middle collections before an old one is due (CPython's own third threshold)
FORCE_AFTER = 100      # ... and before one runs even while the typing goes on
NEVER = 1_000_000_000  # the third threshold while held: CPython itself starts no old collection


class IdleCollector:
    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 counts: Callable[[], tuple[int, int, int]] = gc.get_count,
                 collect: Callable[[], object] = gc.collect) -> None:
        self.clock, self.counts, self.collect = clock, counts, collect
        self.last_input = self.last_typed = clock()
        self.saved: tuple[int, ...] | None = None  # CPython's thresholds while held

    @property
    def held(self) -> bool:
        return self.saved is not None

    def start(self, app) -> None:
        app.set_interval(CHECK_SECONDS, self.check, name="idle-gc")

    def stop(self) -> None:
        self._release()

    def input_seen(self, into_text: bool) -> None:
        """A key or a click; `into_text` if it is a key for a text box, which holds the old generation."""
        self.last_input = now = self.clock()
        if into_text:
            self.last_typed = now
            if self.saved is None:
                self.saved = gc.get_threshold()
                gc.set_threshold(self.saved[0], self.saved[1], NEVER)

    def check(self) -> bool:
        """Release the hold once typing has paused (or it is long overdue); True if it collected."""
        if self.saved is None:
            return False
        aged = self.counts()[2]
        now = self.clock()
        if aged < FORCE_AFTER and now - self.last_typed < IDLE_SECONDS:
            return False
        self._release()
        if aged >= FORCE_AFTER or (aged >= OLD_AFTER and now - self.last_input >= IDLE_SECONDS):
            self.collect()
            return True
        return False

    def _release(self) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None
