"""Benchmarks on the large demo branch (~500 members, ten years): python bench/lists.py

Prints milliseconds for each contract in the README: roster open, each search keystroke, demo
writing. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


async def ui_bench(db, path) -> dict[str, float]:
    from tui.app import ZhibuApp
    from tui.widgets.paged_table import PagedTable

    out = {}
    app = ZhibuApp(db, path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for area in ("branch", "members"):
            t0 = time.perf_counter()
            await app.switch_mode(area)
            await pilot.pause()
            out[f"open {area} (ms)"] = ms(t0)
        screen = app.screen
        times = []
        for query in ("z", "zh", "zha", "zhan", "w", "wa", "l", "li", "张", ""):
            t0 = time.perf_counter()
            screen.apply_filter(query)
            times.append(ms(t0))
        out["search keystroke median (ms)"] = statistics.median(times)
        out["search keystroke max (ms)"] = max(times)
        out["roster rows"] = screen.query_one(PagedTable).total
    return out


def main() -> None:
    from tui.demo import build_demo
    from tui.store.db import close_db, open_db

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        path = build_demo(Path(tmp) / "large.db", "large", today=dt.date(2026, 11, 21))
        print(f"write large demo: {ms(t0):.0f} ms")
        db = open_db(path)
        try:
            from tui.store import members

            t0 = time.perf_counter()
            members.list_members(db)
            print(f"list_members: {ms(t0):.1f} ms")
            for key, value in asyncio.run(ui_bench(db, path)).items():
                print(f"{key}: {value:.1f}")
        finally:
            close_db(db)


if __name__ == "__main__":
    main()
