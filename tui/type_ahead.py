"""Keys typed ahead are handled one after the other, each where the one before it left the focus.

Textual hands every key to the focused widget as soon as it arrives, but acts on a key's binding
(Tab → next field, N → new dialog) only once the key has come back up from that widget. A quick
typist's "aaa Tab bbb", or "N Tab 10:00" while a dialog opens, so reaches the old field or the
list under the dialog: the Tab is lost and the text lands in the wrong place. Here a key waits
until the key before it is done (used by a widget, or back at the app) and the screen on top is
ready, then goes on. A key nobody reports done on lets the next one go after a short while.
"""

from __future__ import annotations

import time
from collections import deque

from textual import events

GIVE_UP_SECONDS = 0.25  # a key whose end went unseen holds the next one no longer than this
POLL_SECONDS = 0.005


class TypeAhead:
    def __init__(self, app) -> None:
        self.app = app
        self.held: deque[events.Key] = deque()
        self.in_flight: events.Key | None = None
        self.since = 0.0
        self.releasing: events.Key | None = None
        self.release_due = False
        self.polling = False

    def hold(self, event: events.Key) -> bool:
        """For a key arriving at the app: True if it must wait (it is kept, and comes again)."""
        if event.is_forwarded:
            if event is self.in_flight:  # back up unused: the app acts on it now
                self.in_flight = None
                self._poll_soon()
            return False
        if event is self.releasing:
            self.releasing = None
            return False  # its turn: it goes on (sent() marks it in flight)
        self._settle()
        if self.in_flight is not None or self.held or not self.app.screen.is_mounted:
            self.held.append(event)
            self._poll_soon()
            return True
        return False

    def sent(self, event: events.Key) -> None:
        """The key (as mapped) went to Textual: it is in flight until used or back."""
        if event.is_forwarded:
            self.in_flight, self.since = event, time.monotonic()
            self._poll_soon()

    def _settle(self) -> None:
        key = self.in_flight
        if key is not None and (key._stop_propagation or time.monotonic() - self.since > GIVE_UP_SECONDS):
            self.in_flight = None

    def _poll_soon(self) -> None:
        if not self.polling and (self.held or self.in_flight is not None):
            self.polling = True
            self.app.set_timer(POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        self.polling = False
        self._settle()
        if self.release_due or self.releasing is not None:
            return  # the next poll comes when the key let go arrives
        if self.in_flight is None and self.held and self.app.screen.is_mounted:
            # after a refresh: a screen that has just opened has put its focus by then
            self.release_due = True
            self.app.call_after_refresh(self._release)
            return
        self._poll_soon()

    def _release(self) -> None:
        self.release_due = False
        if not self.held:
            return
        old = self.held.popleft()
        self.releasing = events.Key(old.key, old.character)
        self.app.post_message(self.releasing)
        self._poll_soon()
