"""Pilot: the home opens first, and one key on an item opens the real area screen that settles it.

The records here are dated relative to the clock's today (frozen in conftest.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Static
from tui.widgets.list_table import ListTable

from tui.rules.obligations import add_months
from tui.store import branch, dues, meetings, members, talks
from tui.store import deadlines as deadline_store
from tui import clock

TODAY = clock.today()
LAST_MONTH = add_months(dt.date(TODAY.year, TODAY.month, 1), -1)
TWO_MONTHS_AGO = add_months(dt.date(TODAY.year, TODAY.month, 1), -2)


def seed(db) -> list[int]:
    """Five committee members; a 支委会 two months ago, none since."""
    branch.save_branch(db, {"name": "测试支部"})
    ids = [members.save_member(db, {"name": f"委员{i}", "join_date": "2010-01-01"}) for i in range(5)]
    branch.set_committee(db, dict(zip(branch.ROLES, ids)))
    add_meeting(db, "支部委员会", TWO_MONTHS_AGO.replace(day=8), ids)
    return ids


def add_meeting(db, kind, day: dt.date, present) -> int:
    attendance = [{"member_id": m, "name": "", "status": "出席"} for m in present]
    return meetings.save_meeting(db, {"kind": kind, "date": day.isoformat(), "recorder_id": present[0],
                                      "attendance": attendance})


def rows(app) -> list[tuple[str, str, str]]:
    table = app.screen.query_one("#home-items", ListTable)
    return [tuple(str(c) for c in table.get_row_at(i)[:3]) for i in range(table.row_count)]


async def choose(pilot, status: str, title: str) -> None:
    """Move the cursor to the home's row with this status and title."""
    shown = rows(pilot.app)
    index = next(i for i, r in enumerate(shown) if r[0].startswith(status) and r[1] == title)
    pilot.app.screen.query_one("#home-items", ListTable).focus()
    for _ in range(index):
        await pilot.press("down")


def detail(app) -> str:
    return str(app.screen.query_one("#home-detail", Static).render())


async def test_home_is_the_start_screen_and_shows_an_overdue_committee_meeting(db):
    from conftest import make_app

    seed(db)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert pilot.app.current_mode == "home"
        shown = rows(pilot.app)
        last, this = f"{LAST_MONTH.year}年{LAST_MONTH.month}月", f"{TODAY.year}年{TODAY.month}月"
        assert ("逾期", "支委会", last) in shown
        assert ("应办", "支委会", this) in shown
        assert "支委会" in detail(pilot.app)
        summary = str(pilot.app.screen.query_one("#home-summary", Static).render())
        overdue = [r for r in shown if r[0] == "逾期"]
        assert f"逾期 {len(overdue)}" in summary and ("逾期", "主题党日", last) in overdue


async def test_an_overdue_committee_meeting_opens_a_new_committee_record(db):
    from conftest import make_app

    ids = seed(db)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose(pilot, "逾期", "支委会")
        assert "新建支委会记录" in detail(pilot.app)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.current_mode == "meetings"
        editor = pilot.app.screen
        assert type(editor).__name__ == "MeetingEditor" and editor.kind == "支部委员会"
        assert sorted(a.member_id for a in editor.query_one("#me-attendance").attendees) == sorted(ids)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert ("已办 " + f"{TODAY.month}月{TODAY.day}日", "支委会", f"{TODAY.year}年{TODAY.month}月") in rows(pilot.app)
    [saved] = meetings.list_meetings(db, kind="支部委员会", date_from=TODAY.isoformat())
    assert (saved.kind, saved.present, saved.expected) == ("支部委员会", 5, 5)


async def test_a_missing_talk_opens_a_new_talk_with_the_person_filled_in(db):
    from conftest import make_app

    ids = seed(db)
    newcomer = members.save_member(db, {"name": "未谈者", "join_date": "2010-01-01"})
    for a in ids:
        for b in ids:
            if a < b:
                talks.save_talk(db, {"date": TODAY.isoformat(), "talker_id": a, "target_member_ids": [b]})
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose(pilot, "应办", "谈心谈话覆盖")
        assert "未谈者" in detail(pilot.app)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.current_mode == "talks"
        assert "未谈者" in str(pilot.app.screen.query_one("#f-targets").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert any(r[0].startswith("已办") and r[1] == "谈心谈话覆盖" for r in rows(pilot.app))
    assert [t.targets[0].member_id for t in talks.list_talks(db) if t.targets[0].member_id == newcomer] == [newcomer]


def assess_and_pay(db, ids, stop: dict[int, int]) -> None:
    """Assess everyone for this year and last; each pays every month up to last month, except
    that member m stops `stop[m]` months before."""
    for year in (TODAY.year - 1, TODAY.year):
        for mid in ids:
            dues.save_assessment(db, mid, year, "在职", 200_000)
    for mid in ids:
        last = add_months(LAST_MONTH, -stop.get(mid, 0))
        for year in (TODAY.year - 1, TODAY.year):
            months = [m for m in range(1, 13) if dt.date(year, m, 1) <= last]
            if months:
                dues.pay_months(db, mid, year, months, TODAY.isoformat())


async def test_a_dues_arrear_opens_the_ledger_on_that_member(db):
    from conftest import make_app

    ids = seed(db)
    assess_and_pay(db, ids, {ids[3]: 3})
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose(pilot, "应办", "党费：委员3")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.current_mode == "dues"
        screen = pilot.app.screen
        assert screen.view == "ledger" and screen.query_one("#dues-table").selected_key == ids[3]
        assert "委员3" in str(screen.query_one("#dues-detail").render())


async def test_several_in_arrears_open_the_dues_areas_arrears_list(db):
    from conftest import make_app

    ids = seed(db)
    assess_and_pay(db, ids, {ids[2]: 3, ids[3]: 4})
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose(pilot, "应办", "党费欠交提醒（2 人）")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.current_mode == "dues" and pilot.app.screen.view == "arrears"
        assert pilot.app.screen.query_one("#dues-list").selected_key in (ids[2], ids[3])


async def test_a_deadline_opens_the_forms_export(db):
    from conftest import make_app

    from tui.export.catalogue import FORMS

    seed(db)
    deadline_store.save_deadline(db, {"title": "特色案例征集", "forms": "case-study",
                                      "due_date": (TODAY + dt.timedelta(days=5)).isoformat()})
    name = next(f.name for f in (FORMS.values() if isinstance(FORMS, dict) else FORMS) if f.id == "case-study")
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose(pilot, "应办", "报送：特色案例征集")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert pilot.app.current_mode == "forms"
        assert f"导出「{name}」" in pilot.app.screen.form_title


async def test_overdue_followups_open_the_talks_followups(db):
    from conftest import make_app

    ids = seed(db)
    talks.save_talk(db, {"date": TWO_MONTHS_AGO.isoformat(), "talker_id": ids[0], "target_member_ids": [ids[1]],
                         "followups": [{"what": "回访", "due_date": LAST_MONTH.isoformat()}]})
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose(pilot, "逾期", "谈话后续事项")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.current_mode == "talks"
        assert type(pilot.app.screen).__name__ == "FollowupsDialog"


async def test_an_item_whose_area_is_not_installed_says_so(db):
    """The guard for a build without an area: here the talks mode is really not registered."""
    import tui.app
    from tui.app import ZhibuApp

    class WithoutTalks(ZhibuApp):
        CSS_PATH = Path(tui.app.__file__).with_name("app.tcss")
        MODES = {k: v for k, v in ZhibuApp.MODES.items() if k != "talks"}

    ids = seed(db)
    talks.save_talk(db, {"date": TWO_MONTHS_AGO.isoformat(), "talker_id": ids[0], "target_member_ids": [ids[1]],
                         "followups": [{"what": "回访", "due_date": LAST_MONTH.isoformat()}]})
    async with WithoutTalks(db, Path("test.db")).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await choose(pilot, "逾期", "谈话后续事项")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.current_mode == "home"
        messages = [n.message for n in pilot.app._notifications]
        assert any("「谈心谈话」功能尚未安装" in m for m in messages)


async def test_hide_done_items(db):
    from conftest import make_app

    ids = seed(db)
    add_meeting(db, "支部委员会", TODAY, ids)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert (f"已办 {TODAY.month}月{TODAY.day}日", "支委会", f"{TODAY.year}年{TODAY.month}月") in rows(pilot.app)
        await pilot.press("d")
        assert not [r for r in rows(pilot.app) if r[0].startswith("已办")]


# ── settings: one dialog, the areas' keys ──


async def open_settings(pilot, key_path=("s",)):
    await pilot.pause()
    await pilot.press(*key_path)
    await pilot.pause()
    return pilot.app.screen


async def retype(pilot, field_id: str, text: str) -> None:
    field = pilot.app.screen.query_one(field_id)
    field.focus()
    field.value = ""
    await pilot.press(*text)


async def pick(pilot, field_id: str, *moves: str) -> None:
    """Open a choice field with Enter, move through its options, take one with Enter."""
    pilot.app.screen.query_one(field_id).focus()
    await pilot.press("enter", *moves, "enter")
    await pilot.pause()


async def test_settings_dialog_saves_under_the_areas_keys(db):
    from conftest import make_app

    seed(db)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        dialog = await open_settings(pilot)
        assert type(dialog).__name__ == "SettingsDialog"
        await retype(pilot, "#f-student_fen", "0.50")
        await pick(pilot, "#f-lectures", "down", "down")              # 每年 4 次 → 每年 6 次
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.current_mode == "home" and pilot.app.screen.AREA == "home"
    assert branch.get_setting(db, "dues.student_fen") == 50
    assert meetings.lectures_per_year(db) == 6
    assert dues.ruleset_for(db, TODAY.year).fixed_fen("学生") == 50


async def test_settings_dialog_refuses_a_bad_amount(db):
    from conftest import make_app

    seed(db)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await open_settings(pilot)
        await retype(pilot, "#f-student_fen", "5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(pilot.app.screen.query_one("#form-error", Static).render())
        assert "学生党员" in error and "0.20–1.00" in error
        assert pilot.app.screen.focused.id == "f-student_fen"
    assert branch.get_setting(db, "dues.student_fen") is None


async def test_the_meetings_settings_key_opens_the_same_dialog(db):
    from conftest import make_app

    seed(db)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        dialog = await open_settings(pilot, ("f4", "s"))
        assert type(dialog).__name__ == "SettingsDialog"
        await pick(pilot, "#f-warn", "up")                             # 3 个月 → 2 个月
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.current_mode == "meetings"
    assert meetings.warn_months(db) == 2


# ── the year at a glance ──


async def test_year_at_a_glance_pages_through_years(db):
    from conftest import make_app

    seed(db)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        title = pilot.app.screen.query_one("#year-title", Static)
        assert f"{TODAY.year} 年度一览" in str(title.render())
        grid = pilot.app.screen.query_one("#year-grid", DataTable)
        if TWO_MONTHS_AGO.year == TODAY.year:
            committee = [str(c) for c in grid.get_row("committee")]
            assert committee[0] == "支委会"
            assert committee[1 + TWO_MONTHS_AGO.month] == "✓8" and committee[1 + LAST_MONTH.month] == "✗"
        await pilot.press("left")
        assert f"{TODAY.year - 1} 年度一览" in str(title.render())
        await pilot.press("escape")
        assert pilot.app.screen.query_one("#home-items", ListTable)


# ── the demo branch, as a secretary sees it on 2026-11-21 ──


async def test_the_demo_branch_opens_on_a_short_list_that_agrees_with_the_areas(demo_db):
    from conftest import FROZEN_TODAY, make_app

    day = FROZEN_TODAY  # the demo's day, on which the clock is frozen for every test
    assert clock.today() == day
    async with make_app(demo_db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        items = pilot.app.screen.items
        shown = rows(pilot.app)
    assert 0 < len(shown) <= 22  # 20 before 发展党员 added its demo item (钱明 may become a 发展对象)
    assert len({i.key for i in items}) == len(items)
    assert all(i.action is not None for i in items if i.status != "done")
    assert {i.title.split("：")[1] for i in items if i.key.startswith("org-life:")} == {
        name for _, name, _, _ in meetings.months_without_org_life(demo_db, day)}
    late = {a.name for a in dues.arrears(demo_db, day) if a.level != "none"}
    dues_text = " ".join(i.title + i.detail for i in items if i.key.startswith("dues-"))
    assert late and all(name in dues_text for name in late)
    assert {i.title.split("：")[1] for i in items if i.key.startswith("dues-arrears:")} <= late
    cov = talks.talk_coverage(demo_db, 2026, today=day)
    talk_item = next(i for i in items if i.key == "talks:2026")
    assert all(cov.name(m) in talk_item.detail for m in cov.missing_members[:5])
