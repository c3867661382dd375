"""The obligation rules with a fixed "today" at every boundary: plain values in, plain values out."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.rules import obligations as ob
from tui.rules.obligations import (
    DONE,
    DUE,
    OVERDUE,
    BranchFacts,
    DeadlineFact,
    LocalSettings,
    MeetingFact,
    MemberFact,
)

D = dt.date
RULES = ob.REGULATIONS_2018
COMMITTEE = (1, 2, 3, 4, 5)


def members(n: int = 8, **extra) -> tuple[MemberFact, ...]:
    return tuple(MemberFact(i, f"党员{i}", join_date="2010-01-01") for i in range(1, n + 1))


def facts(today: D, meetings=(), **kw) -> BranchFacts:
    base = dict(
        today=today,
        committee=COMMITTEE,
        secretary_id=1,
        groups=((10, "第一党小组"),),
        members=members(),
        meetings=tuple(meetings),
        meetings_since="2020-01-01",
    )
    base.update(kw)
    return BranchFacts(**base)


def by_key(items) -> dict[str, ob.Obligation]:
    return {o.key: o for o in items}


def committee_meeting(date: str, present: int = 5, id_: int = 1) -> MeetingFact:
    return MeetingFact(id_, "支部委员会", date, None, present)


# ── months and quarters ──


def test_last_day_of_month_is_still_due_and_the_next_day_overdue():
    on_last = by_key(ob.meeting_obligations(RULES, facts(D(2026, 11, 30), [committee_meeting("2026-10-12")])))
    assert on_last["committee:2026-11"].status == DUE
    assert "committee:2026-10" not in on_last  # October was held: past periods appear only when missed
    next_day = by_key(ob.meeting_obligations(RULES, facts(D(2026, 12, 1), [committee_meeting("2026-10-12")])))
    assert next_day["committee:2026-11"].status == OVERDUE
    assert next_day["committee:2026-11"].detail == "未召开"
    assert next_day["committee:2026-12"].status == DUE


def test_held_this_month_is_done_with_its_date():
    items = by_key(ob.meeting_obligations(RULES, facts(D(2026, 11, 21), [committee_meeting("2026-11-05")])))
    item = items["committee:2026-11"]
    assert (item.status, item.done_date) == (DONE, "2026-11-05")
    assert "2026年11月5日" in item.detail
    assert item.action is None


def test_last_day_of_quarter_and_the_day_after():
    general = [MeetingFact(1, "支部党员大会", "2026-04-20")]
    on_last = by_key(ob.meeting_obligations(RULES, facts(D(2026, 9, 30), general)))
    assert on_last["general:2026-07"].status == DUE
    assert on_last["general:2026-07"].period == "2026年第三季度"
    after = by_key(ob.meeting_obligations(RULES, facts(D(2026, 10, 1), general)))
    assert after["general:2026-07"].status == OVERDUE
    assert after["general:2026-10"].status == DUE
    assert "general:2026-04" not in after  # held in Q2


def test_overdue_shows_the_last_few_periods_not_ten_years():
    items = ob.meeting_obligations(RULES, facts(D(2026, 11, 21), meetings_since="2016-01-01"))
    committee = [o for o in items if o.key.startswith("committee:")]
    assert [o.period for o in committee] == ["2026年11月", "2026年10月", "2026年9月", "2026年8月"]
    assert [o.status for o in committee] == [DUE, OVERDUE, OVERDUE, OVERDUE]


def test_nothing_is_overdue_before_the_first_record():
    items = by_key(ob.meeting_obligations(RULES, facts(D(2026, 11, 21), meetings_since="2026-10-15")))
    assert items["committee:2026-10"].status == OVERDUE
    assert "committee:2026-09" not in items
    fresh = ob.meeting_obligations(RULES, facts(D(2026, 11, 21), meetings_since=None))
    assert {o.status for o in fresh} == {DUE}


def test_a_meeting_dated_in_the_future_does_not_count():
    items = by_key(ob.meeting_obligations(RULES, facts(D(2026, 11, 10), [committee_meeting("2026-11-20")])))
    assert items["committee:2026-11"].status == DUE


# ── quorum ──


def test_committee_meeting_without_quorum_does_not_count():
    items = by_key(ob.meeting_obligations(RULES, facts(D(2026, 11, 21), [committee_meeting("2026-11-05", present=2)])))
    item = items["committee:2026-11"]
    assert item.status == DUE
    assert "到会委员 2/5 人，未过半数，不计入" in item.detail
    exactly_half = facts(D(2026, 11, 21), [committee_meeting("2026-11-05", present=2)], committee=(1, 2, 3, 4))
    assert by_key(ob.meeting_obligations(RULES, exactly_half))["committee:2026-11"].status == DUE
    majority = facts(D(2026, 11, 21), [committee_meeting("2026-11-05", present=3)])
    assert by_key(ob.meeting_obligations(RULES, majority))["committee:2026-11"].status == DONE


def test_quorum_is_more_than_half():
    assert not ob.quorum_ok(2, 4)
    assert ob.quorum_ok(3, 4)
    assert ob.quorum_ok(2, 3)
    assert not ob.quorum_ok(0, 0)


def test_a_branch_with_only_a_secretary_holds_no_committee_meetings():
    items = ob.meeting_obligations(RULES, facts(D(2026, 11, 21), committee=(1,)))
    assert not [o for o in items if o.key.startswith("committee:")]


# ── groups ──


def test_each_group_meets_monthly():
    groups = ((10, "第一党小组"), (11, "第二党小组"))
    items = by_key(ob.meeting_obligations(RULES, facts(
        D(2026, 11, 21), [MeetingFact(1, "党小组会", "2026-11-03", 10)], groups=groups)))
    assert items["group:10:2026-11"].status == DONE
    second = items["group:11:2026-11"]
    assert second.status == DUE
    assert second.title == "党小组会（第二党小组）"
    assert second.action.kwargs == {"kind": "党小组会", "group_id": 11}


def test_a_branch_without_groups_has_no_group_meetings():
    items = ob.meeting_obligations(RULES, facts(D(2026, 11, 21), groups=()))
    assert not [o for o in items if o.key.startswith("group:")]
    grid = ob.year_grid(RULES, 2026, D(2026, 11, 21), [], (), 5)
    assert not [r for r in grid if r.key.startswith("group")]


# ── yearly meetings and settings ──


def test_yearly_meetings_are_listed_from_the_fourth_quarter():
    september = by_key(ob.meeting_obligations(RULES, facts(D(2026, 9, 30), meetings_since="2026-06-01")))
    assert "life:2026-01" not in september and "evaluation:2026-01" not in september
    october = by_key(ob.meeting_obligations(RULES, facts(D(2026, 10, 1), meetings_since="2026-06-01")))
    assert october["life:2026-01"].status == DUE
    held_early = facts(D(2026, 6, 1), [MeetingFact(1, "组织生活会", "2026-03-01")])
    assert by_key(ob.meeting_obligations(RULES, held_early))["life:2026-01"].status == DONE
    january = by_key(ob.meeting_obligations(RULES, facts(D(2027, 1, 5), meetings_since="2026-01-01")))
    assert january["life:2026-01"].status == OVERDUE


def test_lecture_frequency_is_a_setting():
    monthly = ob.effective_rules(RULES, LocalSettings(lecture_period=ob.MONTH))
    items = by_key(ob.meeting_obligations(monthly, facts(D(2026, 11, 21))))
    assert items["lecture:2026-11"].period == "2026年11月"
    none = ob.effective_rules(RULES, LocalSettings(lecture_period=ob.NONE))
    assert not [o for o in ob.meeting_obligations(none, facts(D(2026, 11, 21))) if o.key.startswith("lecture")]


def test_settings_are_validated_with_chinese_messages():
    assert ob.settings_from_values({}) == LocalSettings()
    s = ob.settings_from_values({"meetings.lecture_period": "month", "dues.student_fen": 50,
                                 "meetings.evaluation_grades": ["优秀", "合格", "不合格"], "talks.coverage": "secretary"}, 5)
    assert (s.lecture_period, s.student_dues_fen, s.evaluation_grades, s.talk_coverage, s.term_years) == (
        "month", 50, ("优秀", "合格", "不合格"), "secretary", 5)
    with pytest.raises(ob.RulesError, match="党课频次"):
        ob.settings_from_values({"meetings.lecture_period": "weekly"})
    with pytest.raises(ob.RulesError, match="学生党员每月党费"):
        ob.settings_from_values({"dues.student_fen": 10})
    with pytest.raises(ob.RulesError, match="任期年限"):
        ob.settings_from_values({}, 7)
    assert ob.settings_from_values(ob.settings_to_values(s), 5) == s


# ── term ──


@pytest.mark.parametrize(("months_left", "expected"), [(5, DUE), (7, None), (6, DUE), (0, OVERDUE), (-2, OVERDUE)])
def test_term_warning_six_months_before_it_ends(months_left, expected):
    today = D(2026, 11, 21)
    start = ob.add_months(today, months_left - 36)
    items = ob.term_obligations(RULES, facts(today, term_start=start.isoformat(), term_years=3))
    assert [o.status for o in items] == ([expected] if expected else [])


def test_term_length_is_used():
    today = D(2026, 11, 21)
    items = ob.term_obligations(RULES, facts(today, term_start="2022-01-10", term_years=5))
    assert items[0].period == "任期至2027年1月10日"
    assert ob.term_obligations(RULES, facts(today, term_start=None)) == []


# ── members: admitted mid-year, 转正, 组织生活 ──


def test_member_admitted_mid_year():
    today = D(2026, 11, 21)
    newcomer = MemberFact(9, "新同志", "预备党员", join_date="2026-09-10")
    veteran = MemberFact(8, "老同志", join_date="2001-07-01")
    f = facts(today, members=(veteran, newcomer), committee=(), org_life_since="2020-01-01",
              last_org_life={}, dues_since=(2020, 1), dues_paid={8: {(2026, m) for m in range(1, 12)}})
    org = by_key(ob.inactivity_obligations(RULES, f))
    assert "org-life:9" not in org  # two months since admission: not yet
    assert org["org-life:8"].status == OVERDUE
    dues = by_key(ob.dues_obligations(f))
    assert "dues-arrears:9" not in dues  # owes from September only: a run of two months
    assert "新同志" in dues["dues:2026-11"].detail and "老同志" not in dues["dues:2026-11"].detail
    assert "新同志" in dues["dues:2026-10"].detail and dues["dues:2026-10"].status == OVERDUE
    assert ob.dues_by_month(2026, today, f.members, f.dues_paid, {}, (2020, 1))[8] == (1, 1)
    assert ob.dues_by_month(2026, today, f.members, f.dues_paid, {}, (2020, 1))[9] == (1, 2)


def test_probation_ends_within_sixty_days():
    today = D(2026, 11, 21)
    soon = MemberFact(1, "甲", "预备党员", join_date="2026-01-10")      # ends 2027-01-10: 50 days
    later = MemberFact(2, "乙", "预备党员", join_date="2026-03-01")     # 100 days
    past = MemberFact(3, "丙", "预备党员", join_date="2025-10-01")      # ended
    full = MemberFact(4, "丁", "正式党员", join_date="2026-01-10")
    items = by_key(ob.probation_obligations(RULES, facts(today, members=(soon, later, past, full))))
    assert set(items) == {"probation:1", "probation:3"}
    assert items["probation:1"].status == DUE and "还有 50 天" in items["probation:1"].detail
    assert items["probation:3"].status == OVERDUE
    assert items["probation:1"].action.kwargs["kind"] == "支部党员大会"


@pytest.mark.parametrize(("last", "expected"), [
    ("2026-09-01", None),      # 2 months
    ("2026-08-21", DUE),       # exactly 3 months
    ("2026-07-01", DUE),       # 4 months
    ("2026-06-21", OVERDUE),   # 5 months: urgent
    ("2026-05-01", OVERDUE),   # 6 months: the 党章 limit
])
def test_six_months_without_organisational_life(last, expected):
    f = facts(D(2026, 11, 21), members=(MemberFact(7, "某某", join_date="2001-01-01"),),
              org_life_since="2016-01-01", last_org_life={7: last})
    items = ob.inactivity_obligations(RULES, f)
    assert [o.status for o in items] == ([expected] if expected else [])
    if last == "2026-05-01":
        assert "党章第九条" in items[0].detail and "视为自行脱党" in items[0].detail
        assert items[0].action.kwargs == {"member_ids": [7]}


def test_no_records_of_organisational_life_flags_nobody():
    f = facts(D(2026, 11, 21), org_life_since=None)
    assert ob.inactivity_obligations(RULES, f) == []


# ── dues arrears ──


def test_dues_arrears_warn_at_three_urgent_at_five():
    today = D(2026, 11, 21)
    ms = tuple(MemberFact(i, f"党员{i}", join_date="2001-01-01") for i in (1, 2, 3))
    paid = {
        1: {(2026, m) for m in range(1, 8)},   # unpaid Aug–Oct: 3
        2: {(2026, m) for m in range(1, 6)},   # unpaid Jun–Oct: 5
        3: {(2026, m) for m in range(1, 11)},  # fine
    }
    items = by_key(ob.dues_obligations(facts(today, members=ms, dues_since=(2025, 1), dues_paid=paid)))
    assert items["dues-arrears:1"].status == DUE and "连续 3 个月" in items["dues-arrears:1"].detail
    assert items["dues-arrears:2"].status == OVERDUE
    assert "dues-arrears:3" not in items
    assert items["dues-arrears:2"].action.kwargs == {"member_id": 2}


def test_dues_are_not_judged_without_a_ledger_nor_before_it_starts():
    assert ob.dues_obligations(facts(D(2026, 11, 21))) == []
    items = by_key(ob.dues_obligations(facts(D(2026, 11, 21), dues_since=(2026, 10))))
    assert "dues-arrears:1" not in items  # only two months of ledger


def test_exempt_members_owe_nothing():
    ms = (MemberFact(1, "甲", join_date="2001-01-01"),)
    items = ob.dues_obligations(facts(D(2026, 11, 21), members=ms, dues_since=(2025, 1), dues_exempt={1: {2025, 2026}}))
    assert [o.status for o in items] == [DONE]


# ── talks ──


def test_talk_coverage_default_reading():
    cov = ob.talk_coverage(ob.COVERAGE_ANY, (1, 2, 3), 1, [1, 2, 3, 4, 5],
                           [(1, 2, "2026-03-01"), (3, 1, "2026-03-02"), (2, 4, "2026-04-01")])
    assert cov.missing_pairs == ((2, 3),)
    assert cov.uncovered == (5,)
    assert (cov.done, cov.required) == (3, 5)
    strict = ob.talk_coverage(ob.COVERAGE_SECRETARY, (1, 2, 3), 1, [1, 2, 3, 4, 5], [(2, 4, "2026-04-01")])
    assert strict.uncovered == (4, 5)


def test_missing_talk_opens_a_talk_with_that_person():
    today = D(2026, 11, 21)
    ms = tuple(MemberFact(i, f"党员{i}", join_date="2001-01-01") for i in range(1, 5))
    pairs = ((1, 2, "2026-02-01"), (1, 3, "2026-02-01"), (2, 3, "2026-02-01"))
    items = by_key(ob.talk_obligations(RULES, facts(today, members=ms, committee=(1, 2, 3), talk_pairs=pairs), LocalSettings()))
    item = items["talks:2026"]
    assert item.status == DUE and "党员4" in item.detail
    assert (item.action.mode, item.action.method, item.action.kwargs) == ("talks", "start_new", {"member_ids": [4]})


# ── deadlines ──


def test_deadlines_within_two_weeks():
    today = D(2026, 11, 21)
    ds = (
        DeadlineFact(1, "工作室申报书", "2026-12-05", ("studio",)),   # 14 days
        DeadlineFact(2, "年度总结", "2026-12-06"),                    # 15 days
        DeadlineFact(3, "党费公示", "2026-11-20", (), "已导出"),
        DeadlineFact(4, "已交的", "2026-11-22", (), "已报送"),
    )
    items = by_key(ob.deadline_obligations(RULES, facts(today, deadlines=ds)))
    assert set(items) == {"deadline:1", "deadline:3"}
    assert items["deadline:1"].status == DUE and items["deadline:1"].action.kwargs == {"form_id": "studio"}
    assert items["deadline:3"].status == OVERDUE and "待报送" in items["deadline:3"].detail


# ── the whole home and the year ──


def test_home_puts_overdue_first_then_due_then_done():
    items = ob.home_obligations(RULES, facts(D(2026, 11, 21), [committee_meeting("2026-11-05")], meetings_since="2026-01-01"))
    order = [o.status for o in items]
    assert order == sorted(order, key=lambda s: {OVERDUE: 0, DUE: 1, DONE: 2}[s])
    assert ob.counts(items)[DONE] >= 1 and ob.counts(items)[OVERDUE] >= 1


def test_year_grid_cells():
    ms = [committee_meeting("2026-01-12"), committee_meeting("2026-02-03", present=1),
          MeetingFact(5, "支部党员大会", "2026-02-10")]
    grid = {r.key: r for r in ob.year_grid(RULES, 2026, D(2026, 11, 21), ms, ((10, "一组"),), 5)}
    committee = [c.text for c in grid["committee"].cells]
    assert committee[:3] == ["✓12", "△3", "✗"]
    assert committee[10:] == ["…", ""]
    assert grid["committee"].summary == "1/10"
    general = [c.text for c in grid["general"].cells]
    assert general[:6] == ["·", "✓10", "·", "·", "·", "✗"]
    assert grid["general"].summary == "1/3"
    past = {r.key: r for r in ob.year_grid(RULES, 2020, D(2026, 11, 21), [], (), 5)}
    assert past["life"].cells[11].text == "✗" and past["committee"].summary == "0/12"
