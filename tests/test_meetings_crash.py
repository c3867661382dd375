"""Crash test: kill the app's process while minutes are being typed; the next start offers them back.

The child process runs the real app headless (Pilot) on a file, opens a new meeting and types
into the minutes, then keeps running. Once the draft is on disk the test kills the process
outright (no clean-up runs: SIGKILL / TerminateProcess), opens a fresh app on the same file and
checks the draft is offered and restored.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.conftest import make_app

REPO = Path(__file__).resolve().parents[1]
TYPED = "停电前输入的会议内容"

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from tui.app import ZhibuApp
    from tui.store.db import open_db

    async def main(path):
        db = open_db(path)
        app = ZhibuApp(db, Path(path))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f4")
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("2")
            await pilot.pause()
            await pilot.press("ctrl+g", *sys.argv[2])
            await asyncio.sleep(120)       # still typing, as far as anyone knows

    asyncio.run(main(sys.argv[1]))
    """
)


def _draft_texts(path: Path) -> list[str]:
    conn = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, timeout=5)
    try:
        return [json.loads(row[0]).get("content", "") for row in conn.execute("SELECT data FROM meeting_drafts")]
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


async def test_draft_survives_a_killed_process(tmp_path):
    from tui.store import branch, members
    from tui.store.db import close_db, open_db

    path = tmp_path / "branch.db"
    db = open_db(path)
    ids = [members.save_member(db, {"name": n, "join_date": "2010-01-01"}) for n in ("张三", "李四", "王五")]
    branch.set_committee(db, {"书记": ids[0], "组织委员": ids[1], "宣传委员": ids[2]})
    close_db(db)

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), TYPED],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while TYPED not in _draft_texts(path):
            assert time.monotonic() < deadline, "the draft never reached the file"
            assert child.poll() is None, "the app exited on its own"
            time.sleep(0.2)
    finally:
        child.kill()                        # no clean shutdown: like a crash or a power cut
        child.wait(timeout=10)

    db = open_db(path)                      # the dead process's lock is gone with it
    try:
        app = make_app(db, path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert type(app.screen).__name__ == "DraftOfferDialog"
            await pilot.press("r")
            await pilot.pause()
            editor = app.screen
            assert type(editor).__name__ == "MeetingEditor"
            assert editor.query_one("#me-content").text == TYPED
            assert [a.name for a in editor.query_one("#me-attendance").attendees]  # attendance came back too
            await pilot.press("ctrl+s")
            await pilot.pause()
        from tui.store import meetings as store

        saved = store.list_meetings(db)
        assert len(saved) == 1 and store.get_meeting(db, saved[0].id).content == TYPED
        assert store.list_drafts(db) == []
    finally:
        close_db(db)
