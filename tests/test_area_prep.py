"""The record areas prepared while the home is idle (tui/area_prep.py): the same lists as an area
built at its opening, and never stale when something was written before the area was opened."""

from __future__ import annotations

import asyncio
import threading

import pytest
from rich.text import Text

from conftest import make_app

from tui import area_prep
from tui.area_prep import PREPARED
from tui.areas import area
from tui.store import dues, meetings, members, pairings, people, talks
from tui.store.db import close_db, db_path_of, open_db
from tui.widgets.area_list import AreaList

TABLE = {"members": "#roster-table", "meetings": "#meetings-table", "talks": "#talks-table",
         "dues": "#dues-table", "pairings": "#pairings-table"}


def app_for(db, prepare_after: float | None = 0.01):
    app = make_app(db)
    app.PREPARE_AFTER = prepare_after
    return app


async def prepared(app, pilot, modes=PREPARED) -> None:
    """Wait until the areas are prepared: their screens built and mounted, not shown."""
    for _ in range(400):
        screens = [app.preparer.screen(m) for m in modes]
        if all(s is not None and s.is_mounted for s in screens):
            await pilot.pause()
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"not prepared: {app.preparer.prepared}")


def shown(screen, mode: str) -> tuple[list[tuple[str, ...]], list[object]]:
    table = screen.query_one(TABLE[mode], AreaList)
    rows = [tuple(c.plain if isinstance(c, Text) else c for c in row) for row in table.rows]
    return rows, list(table.keys)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_every_area_opens_on_its_prepared_screen_with_the_lists_an_area_built_at_opening_shows(demo_db):
    fresh = {}
    async with app_for(demo_db, None).run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.1)
        assert not pilot.app.preparer.prepared   # preparation off: each area is built at its opening
        for mode in PREPARED:
            await pilot.press(area(mode).key)
            await pilot.pause()
            fresh[mode] = shown(pilot.app.screen, mode), text_of(pilot.app.screen, ".area-status, #talks-summary")
    async with app_for(demo_db).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await prepared(app, pilot)
        assert app.current_mode == "home"            # prepared behind the home, which stays shown
        screens = {m: app.preparer.screen(m) for m in PREPARED}
        for mode in PREPARED:
            await pilot.press(area(mode).key)
            await pilot.pause()
            assert app.screen is screens[mode]
            assert (shown(app.screen, mode), text_of(app.screen, ".area-status, #talks-summary")) == fresh[mode], mode


async def test_the_data_read_ahead_is_used_and_not_read_again_on_the_ui_thread(demo_db, monkeypatch):
    ui = threading.get_ident()
    calls = []
    original = dues.ledger

    def ledger(db, year):
        calls.append(threading.get_ident() == ui)
        return original(db, year)

    monkeypatch.setattr(dues, "ledger", ledger)
    async with app_for(demo_db).run_test(size=(120, 40)) as pilot:
        await prepared(pilot.app, pilot)
        await pilot.press("f6")
        await pilot.pause()
        assert shown(pilot.app.screen, "dues")[0]
    assert calls == [False]   # once, in the thread, while the home was shown


def add_member(db) -> None:
    members.save_member(db, {"name": "新来的", "category": "教工", "join_date": "2026-03-01"})


def add_meeting(db) -> None:
    someone = members.list_members(db)[0].id
    meetings.save_meeting(db, {"kind": "主题党日", "date": "2026-11-20", "theme": "准备期间开的会",
                               "recorder_id": someone, "attendance": [{"member_id": someone, "status": "出席"}]})


def add_talk(db) -> None:
    a, b = (m.id for m in members.list_members(db)[:2])
    talks.save_talk(db, {"date": "2026-11-20", "talker_id": a, "target_member_ids": [b], "topic": "准备期间的谈话"})


def add_payment(db) -> None:
    row = next(r for r in dues.ledger(db, 2026).rows if r.assessment and r.owed[10] and r.paid[10] < r.due[10])
    dues.record_payment(db, row.member_id, 2026, 11, row.due[10] - row.paid[10], "2026-11-20")
    add_payment.member = row.name


def add_pairing(db) -> None:
    lead = members.list_members(db)[0].id
    teacher = people.save_person(db, {"name": "准备期间的老师", "kind": "教师", "unit": "机械工程系"})
    pairings.save_pairing(db, {"mode": "teaching", "title": "准备期间的结对", "lead_id": lead, "person_id": teacher,
                               "object_text": "《机械制图》课程", "start_date": "2026-03-01"})


def sees_member(screen) -> bool:
    return any(row[0] == "新来的" for row in shown(screen, "members")[0])


def sees_meeting(screen) -> bool:
    return any(row[4] == "准备期间开的会" for row in shown(screen, "meetings")[0])


def sees_talk(screen) -> bool:
    return any(row[5] == "准备期间的谈话" for row in shown(screen, "talks")[0])


def sees_payment(screen) -> bool:
    row = next(r for r in shown(screen, "dues")[0] if r[0] == add_payment.member)
    return row[2 + 10].startswith("✓")   # November (the month is not yet over: unpaid shows blank)


def sees_pairing(screen) -> bool:
    return any(row[1] == "准备期间的结对" for row in shown(screen, "pairings")[0])


WRITES = {"members": (add_member, sees_member), "meetings": (add_meeting, sees_meeting),
          "talks": (add_talk, sees_talk), "dues": (add_payment, sees_payment),
          "pairings": (add_pairing, sees_pairing)}


@pytest.mark.parametrize("mode", PREPARED)
async def test_a_save_after_the_area_was_prepared_shows_when_it_is_opened(demo_db, mode):
    write, sees = WRITES[mode]
    async with app_for(demo_db).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await prepared(app, pilot)
        screen = app.preparer.screen(mode)
        if mode != "dues":   # (the payment's member is chosen by the write)
            assert not sees(screen)                    # the prepared screen holds the list before the save
        write(app.db)                                  # a save made elsewhere (the palette, the home)
        await pilot.press(area(mode).key)
        await pilot.pause()
        assert app.screen is screen
        assert sees(screen)


@pytest.mark.parametrize("mode", PREPARED)
async def test_a_save_while_the_data_was_being_read_ahead_is_not_lost(demo_db, monkeypatch, mode):
    """A write between the read-ahead and the screen's mounting (here by another connection, as
    the CLI or an export worker writes) voids what was read: the screen reads the list itself."""
    write, sees = WRITES[mode]
    path = db_path_of(demo_db)
    original = area_prep._read

    def read_then_other_write(*args):
        data = original(*args)
        other = open_db(path, lock=False, migrate=False)
        try:
            write(other)
        finally:
            close_db(other)
        return data

    monkeypatch.setattr(area_prep, "_read", read_then_other_write)
    async with app_for(demo_db).run_test(size=(120, 40)) as pilot:
        await prepared(pilot.app, pilot)
        await pilot.press(area(mode).key)
        await pilot.pause()
        assert sees(pilot.app.screen)


async def test_a_save_on_the_ui_thread_while_the_data_is_read_ahead_is_not_lost(demo_db, monkeypatch):
    reading, written = threading.Event(), threading.Event()
    original = area_prep._read

    def slow_read(*args):
        data = original(*args)
        reading.set()
        written.wait(10)
        return data

    monkeypatch.setattr(area_prep, "_read", slow_read)
    async with app_for(demo_db).run_test(size=(120, 40)) as pilot:
        while not reading.is_set():
            await asyncio.sleep(0.02)
        add_member(pilot.app.db)                       # the read-ahead has not seen it
        written.set()
        await prepared(pilot.app, pilot)
        await pilot.press("f3")
        await pilot.pause()
        assert sees_member(pilot.app.screen)


async def test_an_area_opened_during_the_preparation_is_built_once_and_the_rest_are_still_prepared(demo_db):
    async with app_for(demo_db).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await pilot.press("f6")                        # before the areas are ready
        await pilot.pause()
        dues_screen = app.screen
        await prepared(app, pilot, [m for m in PREPARED if m != "dues"])
        assert "dues" not in app.preparer.prepared
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert app.screen is dues_screen
        assert shown(app.screen, "dues")[0]


async def test_nothing_is_prepared_during_start_up(demo_db):
    async with make_app(demo_db).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        assert app.PREPARE_AFTER and app.PREPARE_AFTER > 0
        assert not app.preparer.prepared and not app.workers   # the home first, the areas after
        await prepared(app, pilot)


async def test_an_area_opened_while_its_screen_is_being_mounted_shows_that_screen(demo_db, monkeypatch):
    mounting, go = asyncio.Event(), asyncio.Event()
    original = area_prep.AwaitMount

    class HeldMount:
        def __init__(self, screen, widgets) -> None:
            self.screen, self.widgets = screen, widgets

        def __await__(self):
            return self.wait().__await__()

        async def wait(self):
            if type(self.screen).__name__ == "DuesScreen":
                mounting.set()
                await go.wait()
            await original(self.screen, self.widgets)

    monkeypatch.setattr(area_prep, "AwaitMount", HeldMount)
    async with app_for(demo_db).run_test(size=(120, 40)) as pilot:
        app = pilot.app
        await asyncio.wait_for(mounting.wait(), 10)
        being_mounted = app.preparer._mounting["dues"]
        await pilot.press("f6")
        go.set()
        await prepared(app, pilot)
        await pilot.pause()
        assert app.screen is being_mounted and app._screen_stacks["dues"] == [being_mounted]
        assert shown(app.screen, "dues")[0]


@pytest.mark.parametrize("mode", PREPARED)
async def test_quitting_while_an_area_is_being_prepared_is_quiet(demo_db, monkeypatch, mode):
    """Ctrl+Q as the area's screen is being mounted: Textual mounts none of its widgets once the
    app exits, and the screen's on_mount must not fail on them (a crash report on the way out)."""
    original = area_prep.AwaitMount
    cls = area(mode).screen_class()

    def quitting(screen, widgets):
        if type(screen) is cls:
            screen.app.exit()
        return original(screen, widgets)

    monkeypatch.setattr(area_prep, "AwaitMount", quitting)
    app = app_for(demo_db)
    async with app.run_test(size=(120, 40)):
        await asyncio.sleep(0.05)
        while app.is_running and cls.__name__ not in {type(s).__name__ for s in app.preparer._mounting.values()}:
            await asyncio.sleep(0.02)
    assert app.return_code == 0   # run_test raises the error an on_mount would have had
