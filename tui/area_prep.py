"""The record areas made ready while the home is idle, so that their first opening is a switch.

A secretary reads the home first. Meanwhile, once the home has settled (never during start-up),
the areas 党员 to 结对 are prepared in stages:

0. their screen modules are imported, and what else an area's first use needs is readied
   (`AreaScreen.prepare_more`: 会议's editor), a step each on the UI thread;
1. their data is read in a thread, on a read connection of its own (each screen class names
   what its first showing reads: `AreaScreen.read_ahead`, plain store calls);
2. their screens are built and mounted, not shown, one area per step on the UI thread: a key
   pressed meanwhile is served between two steps.

Opening an area then shows its prepared screen. What was read ahead is used only if
nothing was written since (`AreaScreen.read_ahead_result` compares the connection's change
counters); a screen mounted ahead re-reads on showing when something was written since, as
every area does when it is shown again (`AreaScreen.data_changed`).
"""

from __future__ import annotations

import asyncio
import gc
import sqlite3
from functools import partial
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widget import AwaitMount

from tui.areas import area
from tui.store.db import close_db, db_path_of, open_reader
from tui.store.errors import StoreError

if TYPE_CHECKING:
    from tui.app import ZhibuApp

PREPARED = ("members", "meetings", "talks", "dues", "pairings")   # F3–F7, in the order of their keys
STEP_PAUSE = 0.02   # seconds between two areas' mounting: keys and repaints come first


def data_generation(db) -> tuple[int, int]:
    """Changes made on this connection, and commits by other connections (export workers, the CLI):
    what an area compares to tell whether what it shows, or what was read ahead for it, is stale."""
    conn = db.conn
    return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]


def new_area_screen(app, a) -> Screen:
    """An area's screen, new. Textual would re-parse every stylesheet and re-style every widget
    of every open screen for it (App._init_mode and switch_mode compare a new screen's CSS update
    count with the app's), which was most of a first opening. A new screen has no styles to bring
    up to date: its widgets are styled as they mount, with the stylesheet as it is (a theme
    changed later still refreshes it)."""
    screen = a.factory()
    screen._css_update_count = app._css_update_count
    return screen


class AreaPreparer:
    def __init__(self, app: ZhibuApp) -> None:
        self.app = app
        self.prepared: list[str] = []   # the modes whose screens were made here, in order
        self._db = None        # the connection the areas are prepared for
        self._mounting: dict[str, Screen] = {}
        self._started = False

    def start(self) -> None:
        """Prepare the areas not opened yet (once; the app calls it when the home has settled)."""
        if self._started:
            return
        self._started = True
        modes = [m for m in PREPARED if self.app.has_area(m) and m not in self.app._screen_stacks]
        if modes:
            self.app.run_worker(self._prepare(modes), group="area-prep", exit_on_error=False)

    async def _prepare(self, modes: list[str]) -> None:
        app = self.app
        classes = {}
        for mode in modes:   # the screen modules, one a step (imported here, not in the thread)
            await asyncio.sleep(STEP_PAUSE)
            classes[mode] = area(mode).screen_class()
            await asyncio.sleep(STEP_PAUSE)
            classes[mode].prepare_more(app)   # what else the area's first use needs (会议: the editor)
        self._db = app.db
        generation = data_generation(app.db)   # before reading: a write since voids the data
        reader = app.run_worker(partial(_read, db_path_of(app.db), classes), thread=True, group="area-prep",
                                exit_on_error=False)
        await reader.wait()
        data = reader.result or {}
        for mode in modes:
            await asyncio.sleep(STEP_PAUSE)
            if app.db is not self._db or not app.is_running:
                return
            if mode in app._screen_stacks:   # opened meanwhile
                continue
            screen = new_area_screen(app, area(mode))
            if data.get(mode) is not None:
                screen.read_ahead_data = (generation, data[mode])
            self.prepared.append(mode)
            # Started as Textual starts a mode's screen (App._get_screen): composed and mounted,
            # not shown. Once mounted it becomes the first screen of its mode's stack, as an area
            # opened and left is (a restore's remove_mode closes it): switching shows it. Not
            # before, so that an app closing meanwhile lets it finish mounting (App._close_all
            # would take a stack's screen apart under its on_mount).
            self._mounting[mode] = screen
            await AwaitMount(screen, app._register(app, screen))
            if self._mounting.pop(mode, None) is not None and app.is_running and app.db is self._db:
                app._screen_stacks[mode] = [screen]
        await asyncio.sleep(STEP_PAUSE)
        # Preparing made many objects that live on: the full collection they call for is run
        # now, while idle, rather than in the middle of a later keystroke.
        gc.collect()

    def take(self, mode: str) -> Screen | None:
        """The screen being prepared for `mode`, for its area opened before it is mounted
        (App._init_mode takes a running screen as it is, and waits for its mounting)."""
        return self._mounting.pop(mode, None)

    def screen(self, mode: str) -> Screen | None:
        """The screen prepared for `mode`, mounted or mounting (shown or not); None if none was."""
        stack = self.app._screen_stacks.get(mode) if mode in self.prepared else None
        return stack[0] if stack else None


def _read(path, classes: dict[str, type]) -> dict[str, object]:
    """In a thread: each area's first data, on a read connection of its own."""
    data: dict[str, object] = {}
    if path is None:
        return data
    try:
        db = open_reader(path)
    except (StoreError, sqlite3.Error, OSError):
        return data
    try:
        for mode, cls in classes.items():
            try:
                data[mode] = cls.read_ahead(db)
            except Exception:  # noqa: BLE001 - the screen then reads it itself, and reports what fails
                continue
    finally:
        close_db(db)
    return data
