"""Dump the text of zhibu's first screens (each area at 80×24) through Textual's headless driver.

    python first_screens.py BRANCH.db OUT.txt

Run by the Linux venv and by the Windows folder's python.exe under wine; the two outputs must
match. OUT is written as UTF-8 so no console encoding comes between. Test-only.
"""

from __future__ import annotations

import asyncio
import io
import sys
from pathlib import Path

sys.modules.setdefault("_wmi", None)  # platform.uname() aborts under wine (its WMI query)

from rich.console import Console  # noqa: E402

from tui.app import ZhibuApp  # noqa: E402
from tui.areas import AREAS  # noqa: E402
from tui.store.db import close_db, open_db  # noqa: E402

SIZE = (80, 24)


def screen_text(app: ZhibuApp) -> str:
    """What export_screenshot renders, as plain text."""
    console = Console(width=SIZE[0], height=SIZE[1], file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


async def dump(db, path: Path) -> str:
    parts = []
    app = ZhibuApp(db, path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        for area in AREAS:
            await app.switch_mode(area.mode)
            await pilot.pause(0.3)
            await pilot.wait_for_scheduled_animations()
            parts.append(f"=== {area.mode} ===\n{screen_text(app)}")
    return "\n".join(parts) + "\n"


def main() -> int:
    path, out = Path(sys.argv[1]), Path(sys.argv[2])
    db = open_db(path)
    try:
        text = asyncio.run(dump(db, path))
    finally:
        close_db(db)
    out.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
