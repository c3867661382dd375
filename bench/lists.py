"""Benchmarks on the large demo branch (~500 members, ten years): python bench/lists.py

Prints milliseconds for the README's contracts: every area's list opening, search keystrokes,
one export of each form. Not a test: numbers depend on the machine. Wall and CPU time are both
shown; on a busy machine CPU time is the fairer one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TODAY = dt.date(2026, 11, 21)


class Timer:
    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = (time.perf_counter() - self.wall) * 1000
        self.cpu = (time.process_time() - self.cpu) * 1000

    def __str__(self) -> str:
        return f"{self.wall:7.1f} ms wall {self.cpu:7.1f} ms cpu"


async def ui_bench(db, path) -> None:
    from tui.app import ZhibuApp
    from tui.areas import AREAS

    app = ZhibuApp(db, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for area in AREAS:                      # first opening (screen built, data loaded, painted)
            with Timer() as t:
                await app.switch_mode(area.mode)
                await pilot.pause()
            print(f"open {area.label:<4}  {t}")
        for area in AREAS:                      # coming back to an area (reload on resume)
            with Timer() as t:
                await app.switch_mode(area.mode)
                await pilot.pause()
            print(f"back {area.label:<4}  {t}")
        await app.switch_mode("members")
        await pilot.pause()
        screen = app.screen
        walls = []
        for query in ("z", "zh", "zha", "zhan", "w", "wa", "l", "li", "张", ""):
            t0 = time.perf_counter()
            screen.apply_filter(query)
            walls.append((time.perf_counter() - t0) * 1000)
        print(f"roster search keystroke: median {statistics.median(walls):.1f} ms, max {max(walls):.1f} ms")


def store_bench(db) -> None:
    from tui.store import meetings

    for query in ("党员", "换届选举", "誓", "学习党的二十届"):
        with Timer() as t:
            hits = meetings.search_meetings(db, query)
        print(f"meeting search {query!r:<12} {len(hits):5d} hits  {t}")
    from tui.store.obligations import home_obligations

    with Timer() as t:
        items = home_obligations(db, TODAY)
    print(f"due/overdue ({len(items)} items)      {t}")


def export_bench(db, folder: Path) -> None:
    from tui.export.catalogue import FormParams, all_forms

    record = {
        "meeting": db.execute("SELECT max(id) FROM meetings WHERE deleted_at IS NULL").fetchone()[0],
        "talk": db.execute("SELECT max(id) FROM talks WHERE deleted_at IS NULL").fetchone()[0],
    }
    for form in all_forms():
        params = FormParams(year=TODAY.year - 1, record_id=record.get(form.record))
        for ext in form.outputs:
            out = folder / f"{form.id}{ext}"
            try:
                with Timer() as t:
                    form.build(db, params, out, force=True)
            except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
                print(f"export {form.id:<24}{ext:<6} FAILED: {exc}")
                continue
            print(f"export {form.id:<24}{ext:<6} {t}")


def main() -> None:
    from tui import clock
    from tui.demo import build_demo
    from tui.store.db import close_db, open_db

    clock.freeze(TODAY)  # the same day's data on every run, whatever the calendar says
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ZHIBU_HOME"] = str(Path(tmp) / "home")
        with Timer() as t:
            path = build_demo(Path(tmp) / "large.db", "large", today=TODAY)
        print(f"write large demo          {t}")
        db = open_db(path)
        try:
            from tui.store import members

            with Timer() as t:
                n = len(members.list_members(db))
            print(f"list_members ({n})       {t}")
            store_bench(db)
            export_bench(db, Path(tmp))
            asyncio.run(ui_bench(db, path))
        finally:
            close_db(db)


if __name__ == "__main__":
    main()
