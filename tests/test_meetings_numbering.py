"""A branch that starts using zhibu late in the year numbers its meetings after those already held."""

from __future__ import annotations

import pytest

from tests.conftest import make_app
from tui.store import branch, members
from tui.store import meetings as store
from tui.store.errors import ValidationError


@pytest.fixture
def committee_branch(branch_db):
    ids = [members.save_member(branch_db, {"name": n, "join_date": "2010-01-01"}) for n in ("张三", "李四", "王五")]
    branch.set_committee(branch_db, {"书记": ids[0], "组织委员": ids[1], "宣传委员": ids[2]})
    return branch_db


def _committee_meeting(db, date):
    data = store.new_meeting_defaults(db, "支部委员会")
    data.update(date=date, content="研究工作")
    return store.save_meeting(db, data)


def test_the_count_held_before_moves_the_numbering_on(committee_branch):
    db = committee_branch
    first = _committee_meeting(db, "2026-11-03")
    assert store.get_meeting(db, first).seq_label == "2026年第1次支部委员会"
    store.set_held_before(db, 2026, "支部委员会", "１１")          # typed with the IME's digits
    assert store.get_meeting(db, first).seq_label == "2026年第12次支部委员会"
    second = _committee_meeting(db, "2026-11-17")
    assert [r.seq for r in store.list_meetings(db, year=2026)] == [13, 12]
    assert store.get_meeting(db, second).seq_label == "2026年第13次支部委员会"
    other_year = _committee_meeting(db, "2025-01-05")
    assert store.get_meeting(db, other_year).seq_label == "2025年第1次支部委员会"


@pytest.mark.parametrize("year, count, field", [
    ("2026", "-1", "已开次数"), ("2026", "十一", "已开次数"), ("12026", "3", "年度"), ("2026", "9999", "已开次数"),
])
def test_bad_counts_are_refused_naming_the_field(branch_db, year, count, field):
    with pytest.raises(ValidationError) as err:
        store.set_held_before(branch_db, year, "支部委员会", count)
    assert err.value.field == field
    assert store.held_before(branch_db, 2026, "支部委员会") == 0


async def test_set_the_count_from_the_meetings_area_and_see_it_in_the_list(committee_branch):
    db = committee_branch
    mid = _committee_meeting(db, "2026-11-20")
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#f-count").value = "9"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.get_meeting(db, mid).seq_label == "2026年第10次支部委员会"
        assert "第10次" in str(app.screen.query_one("#meetings-table").rows[0])
