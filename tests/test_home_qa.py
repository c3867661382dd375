"""The 工作台 reminds of the 组织生活会 整改清单: a 时限 passed with no 完成日期 (QA round)."""

from __future__ import annotations

import datetime as dt

from tui.rules import obligations as rules
from tui.rules.obligations import Target, add_months
from tui.store import branch, members
from tui.store import meetings as meeting_store
from tui.store import obligations as store
from tui import clock

TODAY = clock.today()


def seed_life_meeting(db) -> int:
    branch.save_branch(db, {"name": "测试支部"})
    ids = [members.save_member(db, {"name": n, "join_date": "2010-01-01"}) for n in ("张三", "李四", "王五")]
    branch.set_committee(db, {"书记": ids[0], "组织委员": ids[1], "宣传委员": ids[2]})
    last_month = add_months(TODAY, -1)
    data = meeting_store.new_meeting_defaults(db, "组织生活会")
    data.update(date=add_months(TODAY, -6).isoformat(), attendance=meeting_store.expected_attendees(db, "组织生活会"),
                rectifications=[
                    {"problem": "理论学习不够深入", "owner": "李四", "deadline": f"{last_month:%Y-%m}"},
                    {"problem": "联系学生不够", "owner": "王五", "deadline": f"{last_month:%Y-%m}",
                     "done_date": add_months(TODAY, -2).isoformat()},                       # done: not listed
                    {"problem": "活动形式单一", "owner": "支委会", "deadline": (TODAY + dt.timedelta(days=5)).isoformat()},
                    {"problem": "没有时限的问题"},
                ])
    return meeting_store.save_meeting(db, data)


def test_rectification_deadlines_by_month_and_by_day():
    fact = rules.RectificationFact(1, "2025-12-10", "问题", "李四", "2026-02")
    assert fact.due == dt.date(2026, 2, 28)
    assert rules.RectificationFact(1, "2025-12-10", "问题", "", "2026-03-15").due == dt.date(2026, 3, 15)
    facts = rules.BranchFacts(today=dt.date(2026, 3, 1), rectifications=(
        fact, rules.RectificationFact(1, "2025-12-10", "另一问题", "", "2026-03-10")))
    items = rules.rectification_obligations(rules.REGULATIONS_2018, facts)
    assert [(i.status, i.title) for i in items] == [("overdue", "组织生活会整改"), ("due", "组织生活会整改")]
    assert "1 项已过整改时限：问题（李四，时限2026年2月28日）" in items[0].detail
    assert "另一问题（未定责任人" in items[1].detail
    assert items[0].action.target is Target.MEETING and items[0].action.kwargs["meeting_id"] == 1
    # On the day of the 时限 it is still due, not overdue.
    facts = rules.BranchFacts(today=dt.date(2026, 2, 28), rectifications=(fact,))
    assert [i.status for i in rules.rectification_obligations(rules.REGULATIONS_2018, facts)] == ["due"]


def test_home_lists_open_rectifications_and_not_the_done_ones(db):
    seed_life_meeting(db)
    items = {i.status: i for i in store.home_obligations(db, TODAY) if i.title == "组织生活会整改"}
    assert "理论学习不够深入" in items["overdue"].detail and "联系学生不够" not in items["overdue"].detail
    assert "活动形式单一" in items["due"].detail
    assert "没有时限的问题" not in items["overdue"].detail + items["due"].detail


async def test_enter_opens_the_meeting_at_its_rectification_list(db):
    from conftest import make_app
    from tui.widgets.list_table import ListTable

    mid = seed_life_meeting(db)
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app_table = pilot.app.screen.query_one("#home-items", ListTable)
        titles = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        app_table.focus()
        for _ in range(titles.index("组织生活会整改")):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        editor = pilot.app.screen
        assert type(editor).__name__ == "MeetingEditor" and editor.meeting_id == mid
        assert pilot.app.focused.id == "me-rect"


def test_the_demo_has_one_lagging_rectification(demo_db):
    items = [i for i in store.home_obligations(demo_db, dt.date(2026, 11, 21)) if i.title == "组织生活会整改"]
    assert [(i.status, i.detail[:10]) for i in items] == [("overdue", "1 项已过整改时限：")]
