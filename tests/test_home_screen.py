"""Pilot: the home opens first, shows an overdue 支委会, and one key opens the new record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.store import branch

TODAY = dt.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("tui.screens.home.today", lambda: TODAY)


def seed(db) -> list[int]:
    db["branch"].insert({"id": 1, "name": "测试支部"})
    ids = [db["members"].insert({"name": f"委员{i}", "join_date": "2010-01-01"}).last_pk for i in range(5)]
    for role, mid in zip(branch.ROLES, ids):
        db["committee"].insert({"role": role, "member_id": mid})
    mid = db["meetings"].insert({"kind": "支部委员会", "date": "2026-09-08"}).last_pk
    for member_id in ids:
        db["attendance"].insert({"meeting_id": mid, "member_id": member_id, "status": "出席"})
    return ids


class StubMeetings(Screen):
    """Stands in for the meetings area until it is merged: records the hand-off."""

    calls: list = []

    def compose(self):
        yield Static("会议记录", id="stub")

    def start_new(self, kind: str, group_id: int | None = None) -> None:
        StubMeetings.calls.append((kind, group_id))
        self.query_one("#stub", Static).update(f"新建{kind}")


def app_with_meetings(db):
    from tui.app import ZhibuApp

    import tui.app

    class App(ZhibuApp):
        CSS_PATH = Path(tui.app.__file__).with_name("app.tcss")
        MODES = {**ZhibuApp.MODES, "meetings": StubMeetings}

    return App(db, Path("test.db"))


def rows(app) -> list[tuple[str, str, str]]:
    table = app.screen.query_one("#home-items", DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)[:3]) for i in range(table.row_count)]


async def test_home_is_the_start_screen_and_shows_an_overdue_committee_meeting(db):
    from conftest import make_app

    seed(db)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert pilot.app.current_mode == "home"
        shown = rows(pilot.app)
        assert ("逾期", "支委会", "2026年10月") in shown
        assert ("应办", "支委会", "2026年11月") in shown
        assert "支委会" in str(pilot.app.screen.query_one("#home-detail", Static).render())
        summary = str(pilot.app.screen.query_one("#home-summary", Static).render())
        overdue = [r for r in shown if r[0] == "逾期"]
        assert f"逾期 {len(overdue)}" in summary and ("逾期", "主题党日", "2026年10月") in overdue


async def test_one_key_opens_a_new_committee_record_with_the_kind_set(db):
    seed(db)
    StubMeetings.calls = []
    async with app_with_meetings(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert rows(pilot.app)[0][:2] == ("逾期", "支委会")
        await pilot.press("a")
        await pilot.pause()
        assert pilot.app.current_mode == "meetings"
        assert StubMeetings.calls == [("支部委员会", None)]
        assert "新建支部委员会" in str(pilot.app.screen.query_one("#stub", Static).render())


async def test_enter_on_an_item_whose_area_is_missing_says_so(db):
    from conftest import make_app

    seed(db)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.current_mode == "home"
        messages = [n.message for n in pilot.app._notifications]
        assert any("功能尚未安装" in m for m in messages)


async def test_hide_done_items(db):
    from conftest import make_app

    ids = seed(db)
    mid = db["meetings"].insert({"kind": "支部委员会", "date": "2026-11-02"}).last_pk
    for member_id in ids:
        db["attendance"].insert({"meeting_id": mid, "member_id": member_id, "status": "出席"})
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert ("已办 11月2日", "支委会", "2026年11月") in rows(pilot.app)
        await pilot.press("d")
        assert not [r for r in rows(pilot.app) if r[0].startswith("已办")]


async def test_settings_dialog_saves_local_rules(db):
    from conftest import make_app

    seed(db)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        field = pilot.app.screen.query_one("#f-student_dues")
        field.focus()
        field.value = ""
        await pilot.press(*"0.50")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert branch.get_setting(db, "dues.student_fen") == 50
        assert pilot.app.current_mode == "home" and pilot.app.screen.AREA == "home"


async def test_settings_dialog_refuses_a_bad_amount(db):
    from conftest import make_app

    seed(db)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        field = pilot.app.screen.query_one("#f-student_dues")
        field.focus()
        field.value = ""
        await pilot.press(*"5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(pilot.app.screen.query_one("#form-error", Static).render())
        assert "学生每月党费" in error
        assert branch.get_setting(db, "dues.student_fen") is None


async def test_year_at_a_glance_pages_through_years(db):
    from conftest import make_app

    seed(db)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        title = pilot.app.screen.query_one("#year-title", Static)
        assert "2026 年度一览" in str(title.render())
        grid = pilot.app.screen.query_one("#year-grid", DataTable)
        committee = [str(c) for c in grid.get_row("committee")]
        assert committee[0] == "支委会" and committee[2 + 8] == "✓8" and committee[2 + 9] == "✗"
        await pilot.press("left")
        assert "2025 年度一览" in str(title.render())
        await pilot.press("escape")
        assert pilot.app.screen.query_one("#home-items", DataTable)


class StubTalks(Screen):
    calls: list = []

    def compose(self):
        yield Static("谈心谈话", id="stub")

    def start_new(self, member_ids: list[int]) -> None:
        StubTalks.calls.append(list(member_ids))


async def test_a_missing_talk_opens_a_new_talk_with_the_person_filled_in(db):
    import tui.app
    from tui.app import ZhibuApp

    ids = seed(db)
    newcomer = db["members"].insert({"name": "未谈者", "join_date": "2010-01-01"}).last_pk
    for a in ids:
        for b in ids:
            if a < b:
                tid = db["talks"].insert({"date": "2026-03-01", "talker_id": a}).last_pk
                db["talk_targets"].insert({"talk_id": tid, "member_id": b})

    class App(ZhibuApp):
        CSS_PATH = Path(tui.app.__file__).with_name("app.tcss")
        MODES = {**ZhibuApp.MODES, "talks": StubTalks}

    StubTalks.calls = []
    async with App(db, Path("test.db")).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [r[1] for r in rows(pilot.app)]
        for _ in range(titles.index("谈心谈话覆盖")):
            await pilot.press("down")
        assert "未谈者" in str(pilot.app.screen.query_one("#home-detail", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.current_mode == "talks"
        assert StubTalks.calls == [[newcomer]]


async def test_the_demo_branch_opens_on_a_short_list(demo_db):
    from conftest import make_app

    async with make_app(demo_db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = rows(pilot.app)
        assert 0 < len(shown) <= 40
        assert all(r[0].split()[0] in ("逾期", "应办", "已办") for r in shown)
