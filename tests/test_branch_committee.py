"""The 支委会: a branch of 7 or more 正式党员 without one hears it on the 工作台 (条例 第九条) and
Enter opens the committee form; the 支部 screen warns only while it is missing or short, and on
the last day of the term says 今天届满, never "还有 0 天"."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Static

from tests.conftest import FROZEN_TODAY, make_app
from tui.rules import obligations as rules
from tui.screens.home import opener
from tui.store import obligations as store
from tui.store.branch import full_member_count, save_branch
from tui.widgets.form import FormDialog
from tui.widgets.list_table import ListTable

SIZES = [(120, 40), (80, 24)]


def _no_committee(db) -> None:
    db.execute("DELETE FROM committee")


def test_a_branch_of_seven_without_a_committee_is_told_to_set_one(demo_db):
    items = store.home_obligations(demo_db, FROZEN_TODAY)
    assert not [i for i in items if i.key == "committee"]          # the demo has one
    _no_committee(demo_db)
    items = store.home_obligations(demo_db, FROZEN_TODAY)
    found = [i for i in items if i.key == "committee"]
    assert len(found) == 1 and found[0].status == rules.DUE
    assert f"正式党员 {full_member_count(demo_db)} 人" in found[0].detail and "第九条" in found[0].source
    assert found[0].action.target is rules.Target.COMMITTEE and opener(rules.Target.COMMITTEE) is not None
    assert not [i for i in items if i.title.startswith("支部委员会")]   # no meetings without a committee


def test_the_rule_counts_full_members_and_committee_size():
    facts = rules.BranchFacts(today=FROZEN_TODAY, full_members=6)
    assert rules.committee_obligations(facts) == []                  # under 7: a 书记 is enough
    assert rules.committee_obligations(facts._replace(full_members=7))
    assert "少于 3 人" in rules.committee_obligations(facts._replace(full_members=9, committee_size=1))[0].detail
    assert rules.committee_obligations(facts._replace(full_members=9, committee_size=3)) == []


@pytest.mark.parametrize("size", SIZES)
async def test_enter_on_the_home_item_opens_the_committee_form(demo_db, size):
    _no_committee(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#home-items", ListTable)
        titles = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        table.focus()
        for _ in range(titles.index("设置支部委员会")):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, FormDialog) and app.screen.form_title == "支部委员会"


def _committee_text(app) -> str:
    return str(app.screen.query_one("#branch-committee", Static).render())


@pytest.mark.parametrize("size", SIZES)
async def test_the_branch_screen_warns_only_while_the_committee_is_missing(demo_db, size):
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        text = _committee_text(app)
        assert "应设支部委员会" not in text and "已设支部委员会" in text
        _no_committee(demo_db)
        app.screen.reload()
        await pilot.pause()
        assert "应设支部委员会" in _committee_text(app) and "尚未设置" in _committee_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_on_the_last_day_of_the_term_it_says_today(branch_db, size):
    start = FROZEN_TODAY.replace(year=FROZEN_TODAY.year - 3)
    save_branch(branch_db, {"name": "测试党支部", "term_start": start.isoformat()})
    app = make_app(branch_db)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        profile = str(app.screen.query_one("#branch-profile", Static).render())
        assert "今天" in profile and "还有 0 天" not in profile and "已于" not in profile
    term = [i for i in store.home_obligations(branch_db, FROZEN_TODAY) if i.key == "term"]
    assert term and "今天" in term[0].detail and "已于" not in term[0].detail
    assert [i for i in store.home_obligations(branch_db, FROZEN_TODAY + dt.timedelta(days=1)) if i.key == "term"
            and "已于" in i.detail]
