"""Render every area of the demo branch to screenshots/*.svg (run: python screenshots/generate.py).

The demo is dated 2026-11-21 so the pictures do not change from day to day.
"""

from __future__ import annotations

import asyncio
import os
import datetime as dt
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

TODAY = dt.date(2026, 11, 21)
SIZE = (120, 40)


async def shoot(db, path: Path) -> list[Path]:
    from tui.app import ZhibuApp
    from tui.areas import AREAS

    written = []
    app = ZhibuApp(db, path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        for area in AREAS:
            await app.switch_mode(area.mode)
            await pilot.pause(0.5)
            await pilot.wait_for_scheduled_animations()
            out = HERE / f"{area.mode}.svg"
            app.save_screenshot(filename=out.name, path=str(HERE))
            written.append(out)
        await pilot.press("f1")
        await pilot.pause(0.2)
        app.save_screenshot(filename="help.svg", path=str(HERE))
        written.append(HERE / "help.svg")
    return written


def main() -> None:
    from tui import clock
    from tui.demo import build_demo
    from tui.store.db import close_db, open_db

    clock.freeze(TODAY)  # the screens read the clock too: the pictures show the demo's day
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ZHIBU_HOME"] = str(Path(tmp) / "home")  # never the user's own data folder
        path = build_demo(Path(tmp) / "demo.db", "typical", today=TODAY)
        db = open_db(path)
        try:
            from tui.store.backups import take_backup

            take_backup(db, reason="手动")
            for out in asyncio.run(shoot(db, path)):
                print(out.relative_to(HERE.parent))
        finally:
            close_db(db)


if __name__ == "__main__":
    main()
