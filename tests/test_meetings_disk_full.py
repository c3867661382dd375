"""Full disk while typing minutes: the draft autosave fails, the editor says 磁盘空间不足 and stays open."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from tests.conftest import make_app
from tui.store import meetings as store
from test_meetings_ui import small_branch  # noqa: F401 - the fixture


def _disk_full_sqlite():
    exc = sqlite3.OperationalError("database or disk is full")
    exc.sqlite_errorcode = sqlite3.SQLITE_FULL
    exc.sqlite_errorname = "SQLITE_FULL"
    return exc


@pytest.mark.parametrize("failure", [_disk_full_sqlite, lambda: OSError(errno.ENOSPC, "No space left on device")],
                         ids=["SQLITE_FULL", "ENOSPC"])
async def test_autosave_on_a_full_disk_keeps_the_form_open(small_branch, monkeypatch, failure):  # noqa: F811
    db = small_branch
    real_save = store.save_draft_json   # what every draft write goes through
    full = {"on": True}

    def save_draft_json(*args, **kwargs):
        if full["on"]:
            raise failure()
        return real_save(*args, **kwargs)

    monkeypatch.setattr(store, "save_draft_json", save_draft_json)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("2")                       # 支部委员会
        await pilot.pause()
        editor = app.screen
        await pilot.press("ctrl+g", *"会议研究了换届")
        editor.autosave()                            # what the one-second timer does
        await pilot.pause(1.2)                       # and let the timer itself run too
        assert app.is_running and app.screen is editor
        assert "磁盘空间不足" in str(editor.query_one("#me-error").render())
        assert editor.query_one("#me-content").text == "会议研究了换届"
        await pilot.press(*"选举")                   # typing goes on
        assert editor.query_one("#me-content").text == "会议研究了换届选举"

        full["on"] = False                           # space freed: the next autosave works
        editor.autosave()
        await pilot.pause()
        assert str(editor.query_one("#me-error").render()) == ""
        assert [d.data["content"] for d in store.list_drafts(db)] == ["会议研究了换届选举"]
