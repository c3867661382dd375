"""The obligation rules with a fixed "today" at every boundary: plain values in, plain values out."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.rules import obligations as ob
from tui.rules import talks as talk_rules
from tui.rules.obligations import (
    DONE,
    DUE,
    OVERDUE,
    ArrearFact,
    BranchFacts,
    DeadlineFact,
    FollowupFact,
    LocalSettings,
    MeetingFact,
    OrgLifeFact,
    ProbationFact,
    Target,
)

D = dt.date
RULES = ob.REGULATIONS_2018


def facts(today: D, meetings=(), **kw) -> BranchFacts:
    base = dict(today=today, committee_size=5, groups=((10, "第一党小组"),), meetings=tuple(meetings),
                meetings_since="2020-01-01")
    base.update(kw)
    return BranchFacts(**base)


def by_key(items) -> dict[str, ob.Obligation]:
    return {o.key: o for o in items}


def committee_meeting(date: str, present: int = 5, expected: int = 5, id_: int = 1) -> MeetingFact:
    return MeetingFact(id_, "支部委员会", date, None, ob.quorum_ok(present, expected), present, expected)


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
    item = by_key(ob.meeting_obligations(RULES, facts(D(2026, 11, 21), [committee_meeting("2026-11-05")])))["committee:2026-11"]
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


def test_periods_come_from_the_meetings_areas_minimums():
    assert {r.key: r.period for r in RULES.meetings if r.period != ob.COUNT} == {
        "committee": ob.MONTH, "group": ob.MONTH, "theme_day": ob.MONTH, "general": ob.QUARTER,
        "life": ob.YEAR, "evaluation": ob.YEAR}


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


# ── quorum: the meeting's own attendance ──


def test_committee_meeting_without_quorum_does_not_count():
    items = by_key(ob.meeting_obligations(RULES, facts(D(2026, 11, 21), [committee_meeting("2026-11-05", present=2)])))
    item = items["committee:2026-11"]
    assert item.status == DUE
    assert "到会委员 2/5 人，未过半数，不计入" in item.detail
    half = facts(D(2026, 11, 21), [committee_meeting("2026-11-05", present=2, expected=4)])
    assert by_key(ob.meeting_obligations(RULES, half))["committee:2026-11"].status == DUE
    majority = facts(D(2026, 11, 21), [committee_meeting("2026-11-05", present=3)])
    assert by_key(ob.meeting_obligations(RULES, majority))["committee:2026-11"].status == DONE


def test_quorum_is_more_than_half():
    assert not ob.quorum_ok(2, 4)
    assert ob.quorum_ok(3, 4)
    assert ob.quorum_ok(2, 3)
    assert not ob.quorum_ok(0, 0)


def test_a_branch_with_only_a_secretary_holds_no_committee_meetings():
    items = ob.meeting_obligations(RULES, facts(D(2026, 11, 21), committee_size=1))
    assert not [o for o in items if o.key.startswith("committee:")]


# ── groups: one line per period ──


def test_groups_that_have_not_met_are_named_on_one_line():
    groups = ((10, "第一党小组"), (11, "第二党小组"), (12, "第三党小组"))
    one_held = facts(D(2026, 11, 21), [MeetingFact(1, "党小组会", "2026-11-03", 10)], groups=groups)
    item = by_key(ob.meeting_obligations(RULES, one_held))["group:2026-11"]
    assert item.status == DUE and item.title == "党小组会"
    assert "尚未召开：第二党小组、第三党小组" in item.detail and "1/3" in item.detail
    assert item.action.kwargs == {"kind": "党小组会", "group_id": 11}
    two_held = facts(D(2026, 11, 21), [MeetingFact(1, "党小组会", "2026-11-03", 10),
                                       MeetingFact(2, "党小组会", "2026-11-04", 12)], groups=groups)
    item = by_key(ob.meeting_obligations(RULES, two_held))["group:2026-11"]
    assert item.title == "党小组会（第二党小组）" and item.action.kwargs["group_id"] == 11
    all_held = facts(D(2026, 11, 21), [MeetingFact(i, "党小组会", "2026-11-03", g) for i, g in enumerate((10, 11, 12))],
                     groups=groups)
    item = by_key(ob.meeting_obligations(RULES, all_held))["group:2026-11"]
    assert item.status == DONE and "3 个党小组均已召开" in item.detail


def test_a_branch_without_groups_has_no_group_meetings():
    items = ob.meeting_obligations(RULES, facts(D(2026, 11, 21), groups=()))
    assert not [o for o in items if o.key.startswith("group:")]
    grid = ob.year_grid(RULES, 2026, D(2026, 11, 21), [], ())
    assert not [r for r in grid if r.key.startswith("group")]


# ── yearly meetings ──


def test_yearly_meetings_are_listed_from_the_fourth_quarter():
    september = by_key(ob.meeting_obligations(RULES, facts(D(2026, 9, 30), meetings_since="2026-06-01")))
    assert "life:2026-01" not in september and "evaluation:2026-01" not in september
    october = by_key(ob.meeting_obligations(RULES, facts(D(2026, 10, 1), meetings_since="2026-06-01")))
    assert october["life:2026-01"].status == DUE
    held_early = facts(D(2026, 6, 1), [MeetingFact(1, "组织生活会", "2026-03-01")])
    assert by_key(ob.meeting_obligations(RULES, held_early))["life:2026-01"].status == DONE
    january = by_key(ob.meeting_obligations(RULES, facts(D(2027, 1, 5), meetings_since="2026-01-01")))
    assert january["life:2026-01"].status == OVERDUE


# ── 党课: n a year (meetings.lectures_per_year), spread as tui.rules.meetings.due_by counts ──


def lectures(*dates):
    return [MeetingFact(i, "党课", d) for i, d in enumerate(dates)]


def test_four_lectures_a_year_behave_like_one_a_quarter():
    rules4 = ob.effective_rules(RULES, LocalSettings(lectures_per_year=4))
    nov = by_key(ob.meeting_obligations(rules4, facts(D(2026, 11, 21), lectures("2026-02-01", "2026-05-01", "2026-08-01"))))
    item = nov["lecture:2026"]
    assert item.status == DUE and "2026年12月31日前召开第 4 次" in item.detail
    behind = by_key(ob.meeting_obligations(rules4, facts(D(2026, 7, 1), lectures("2026-02-01"))))["lecture:2026"]
    assert behind.status == OVERDUE and "截至6月底应召开 2 次" in behind.detail
    done = by_key(ob.meeting_obligations(rules4, facts(D(2026, 11, 21), lectures(*[f"2026-0{m}-01" for m in (1, 2, 3, 4)]))))
    assert done["lecture:2026"].status == DONE


def test_lectures_a_year_is_a_setting():
    monthly = ob.effective_rules(RULES, LocalSettings(lectures_per_year=12))
    item = by_key(ob.meeting_obligations(monthly, facts(D(2026, 11, 21), lectures(*[f"2026-{m:02d}-01" for m in range(1, 11)]))))
    assert item["lecture:2026"].status == DUE and "2026年11月30日前召开第 11 次" in item["lecture:2026"].detail
    once = ob.effective_rules(RULES, LocalSettings(lectures_per_year=1))
    assert "lecture:2026" not in by_key(ob.meeting_obligations(once, facts(D(2026, 5, 1))))
    assert by_key(ob.meeting_obligations(once, facts(D(2026, 10, 1))))["lecture:2026"].status == DUE
    assert "每年至少 1 次" in once.meeting("lecture").source


def test_last_years_shortfall_is_listed_in_the_first_quarter():
    three = lectures("2025-02-01", "2025-05-01", "2025-08-01")
    march = by_key(ob.meeting_obligations(RULES, facts(D(2026, 3, 31), three)))
    assert march["lecture:2025"].status == OVERDUE and "全年召开 3 次，少于每年 4 次" in march["lecture:2025"].detail
    assert "lecture:2025" not in by_key(ob.meeting_obligations(RULES, facts(D(2026, 4, 1), three)))
    four = lectures("2025-02-01", "2025-05-01", "2025-08-01", "2025-11-01")
    assert "lecture:2025" not in by_key(ob.meeting_obligations(RULES, facts(D(2026, 1, 5), four)))


def test_lectures_are_not_overdue_in_a_file_begun_this_year():
    item = by_key(ob.meeting_obligations(RULES, facts(D(2026, 11, 21), meetings_since="2026-09-01")))["lecture:2026"]
    assert item.status == DUE and "2026年12月31日前召开第 1 次" in item.detail   # the quarter's end


# ── settings: the areas' keys ──


def test_settings_use_the_areas_keys_and_their_bounds():
    assert ob.settings_from_values({}) == LocalSettings()
    s = ob.settings_from_values({"meetings.grades": ["优秀", "合格", "不合格"], "meetings.lectures_per_year": 6,
                                 "meetings.org_life_warn_months": 2, "talks.coverage_reading": "all_pairs",
                                 "dues.student_fen": 50, "dues.rounding": "up_jiao"}, 5)
    assert (s.grades, s.lectures_per_year, s.org_life_warn_months, s.coverage_reading, s.term_years) == (
        ("优秀", "合格", "不合格"), 6, 2, "all_pairs", 5)
    assert s.dues_ruleset.fixed_fen("学生") == 50 and s.dues_ruleset.rounding == "up_jiao"
    assert ob.settings_from_values(ob.settings_to_values(s), 5) == s
    assert set(ob.settings_to_values(s)) <= set(ob.SETTING_KEYS)
    for bad, label in [({"meetings.lectures_per_year": 13}, "每年党课次数"),
                       ({"meetings.org_life_warn_months": 6}, "组织生活提醒月数"),
                       ({"meetings.grades": "合格"}, "评议等次"),
                       ({"talks.coverage_reading": "secretary"}, "谈话覆盖口径"),
                       ({"dues.student_fen": 10}, "学生党员每月党费")]:
        with pytest.raises(ob.RulesError, match=label):
            ob.settings_from_values(bad)
    with pytest.raises(ob.RulesError, match="支委会任期"):
        ob.settings_from_values({}, 7)


def test_grades_are_split_as_the_meetings_area_splits_them():
    assert ob.parse_grades("优秀，合格、基本合格 不合格") == ("优秀", "合格", "基本合格", "不合格")


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


# ── 转正 ──


def test_probation_ends_within_sixty_days():
    today = D(2026, 11, 21)
    members = (ProbationFact(1, "甲", "2026-01-10"),    # ends 2027-01-10: 50 days
               ProbationFact(2, "乙", "2026-03-01"),    # 100 days
               ProbationFact(3, "丙", "2025-10-01"))    # ended
    items = by_key(ob.probation_obligations(RULES, facts(today, probation=members)))
    assert set(items) == {"probation:1", "probation:3"}
    assert items["probation:1"].status == DUE and "还有 50 天" in items["probation:1"].detail
    assert items["probation:3"].status == OVERDUE
    assert items["probation:1"].action.kwargs["kind"] == "支部党员大会"


def test_many_people_with_the_same_item_share_one_line():
    today = D(2026, 11, 21)
    members = tuple(ProbationFact(i, f"预备{i}", "2026-01-01") for i in range(1, 8))
    items = ob.probation_obligations(RULES, facts(today, probation=members))
    assert len(items) == 1 and items[0].title == "转正：预备期将满（7 人）"
    assert "预备1、预备2" in items[0].detail and "等 7 人" in items[0].detail


# ── 组织生活: the meetings area's list, its warning threshold ──


@pytest.mark.parametrize(("months", "expected"), [(3, DUE), (4, DUE), (5, OVERDUE), (6, OVERDUE)])
def test_organisational_life_urgent_from_five_months(months, expected):
    f = facts(D(2026, 11, 21), org_life=(OrgLifeFact(7, "某某", "2026-05-01", months),))
    items = ob.inactivity_obligations(f)
    assert [o.status for o in items] == [expected]
    assert items[0].action.kwargs == {"member_ids": [7], "kind": "提醒谈话"}
    if months >= 6:
        assert "党章第九条" in items[0].detail and "视为自行脱党" in items[0].detail


def test_below_the_warning_setting_nobody_is_listed():
    f = facts(D(2026, 11, 21), org_life=(OrgLifeFact(7, "某某", None, 2),), org_life_warn_months=3)
    assert ob.inactivity_obligations(f) == []
    f = facts(D(2026, 11, 21), org_life=(OrgLifeFact(7, "某某", None, 2),), org_life_warn_months=2)
    assert "没有参加组织生活的记录" in ob.inactivity_obligations(f)[0].detail


# ── dues: the dues area's arrears and this month's unpaid ──


def test_dues_arrears_each_urgent_person_a_line_the_rest_together():
    today = D(2026, 11, 21)
    arrears = (ArrearFact(1, "甲", 7, "critical"), ArrearFact(2, "乙", 5, "warning"),
               ArrearFact(3, "丙", 4, "warning"), ArrearFact(4, "丁", 3, "notice"), ArrearFact(5, "戊", 2, "none"))
    items = by_key(ob.dues_obligations(facts(today, dues_kept=True, arrears=arrears, unpaid=((1, "甲"), (5, "戊")))))
    assert items["dues-arrears:1"].status == OVERDUE and items["dues-arrears:2"].status == OVERDUE
    assert "连续 7 个月" in items["dues-arrears:1"].detail  # the dues area's own sentence
    rest = items["dues-arrears"]
    assert rest.status == DUE and "丙（4 个月）、丁（3 个月）" in rest.detail and "戊" not in rest.detail
    assert (rest.action.mode, rest.action.target) == ("dues", Target.DUES_VIEW)
    month = items["dues:2026-11"]
    assert month.status == DUE and "本月尚有 2 人未交：甲、戊" in month.detail
    assert month.action.kwargs == {"member_id": 1}


def test_one_person_behind_has_a_line_of_their_own():
    items = by_key(ob.dues_obligations(facts(D(2026, 11, 21), dues_kept=True, arrears=(ArrearFact(4, "丁", 3, "notice"),))))
    assert items["dues-arrears:4"].title == "党费：丁" and items["dues-arrears:4"].action.kwargs == {"member_id": 4}


def test_dues_are_not_judged_without_a_ledger():
    assert ob.dues_obligations(facts(D(2026, 11, 21))) == []
    assert [o.status for o in ob.dues_obligations(facts(D(2026, 11, 21), dues_kept=True))] == [DONE]


# ── talks ──


def coverage(pairs, reading="default"):
    cov = talk_rules.coverage((1, 2, 3), (1, 2, 3, 4, 5), pairs, reading)
    return cov._replace(names={i: f"党员{i}" for i in range(1, 6)})


def test_missing_talk_opens_a_talk_with_that_person():
    cov = coverage([(1, 2), (1, 3), (2, 3), (1, 4)])
    item = by_key(ob.talk_obligations(RULES, facts(D(2026, 11, 21), talk_coverage=cov)))["talks:2026"]
    assert item.status == DUE and "尚未与支委谈话：党员5" in item.detail and "党员 1/2 人" in item.detail
    assert (item.action.mode, item.action.target, item.action.kwargs) == ("talks", Target.NEW_TALK, {"member_ids": [5]})
    done = coverage([(1, 2), (1, 3), (2, 3), (1, 4), (5, 2)])
    assert ob.talk_obligations(RULES, facts(D(2026, 11, 21), talk_coverage=done))[0].status == DONE


def test_missing_committee_pairs_are_named():
    item = ob.talk_obligations(RULES, facts(D(2026, 11, 21), talk_coverage=coverage([(1, 2), (1, 4), (1, 5)])))[0]
    assert "支委之间未谈：党员1—党员3、党员2—党员3" in item.detail
    assert item.action.kwargs == {"member_ids": [3]}


def test_overdue_followups_are_one_line():
    fs = (FollowupFact(1, 9, "回访", "甲", "2026-10-01", 51), FollowupFact(2, 9, "谈心", "乙", "2026-11-01", 20))
    items = ob.followup_obligations(facts(D(2026, 11, 21), followups=fs))
    assert [o.status for o in items] == [OVERDUE]
    assert "2 项已过期限：甲：回访（逾期 51 天）；乙：谈心（逾期 20 天）" in items[0].detail
    assert items[0].action.mode == "talks"


# ── deadlines ──


def test_deadlines_within_two_weeks():
    today = D(2026, 11, 21)
    ds = (
        DeadlineFact(1, "工作室申报书", "2026-12-05", ("studio",)),   # 14 days
        DeadlineFact(2, "年度总结", "2026-12-06"),                    # 15 days
        DeadlineFact(3, "党费公示", "2026-11-20", ("dues",), "已导出"),
        DeadlineFact(4, "已交的", "2026-11-22", (), "已报送"),
    )
    items = by_key(ob.deadline_obligations(RULES, facts(today, deadlines=ds)))
    assert set(items) == {"deadline:1", "deadline:3"}
    assert items["deadline:1"].status == DUE and items["deadline:1"].action.kwargs == {"form_id": "studio"}
    assert items["deadline:3"].status == OVERDUE and "待报送" in items["deadline:3"].detail
    assert items["deadline:3"].action.target is Target.FORMS  # exported: what is left is to mark it submitted


# ── the whole home and the year ──


def test_home_puts_overdue_first_then_due_then_done():
    items = ob.home_obligations(RULES, facts(D(2026, 11, 21), [committee_meeting("2026-11-05")], meetings_since="2026-01-01"))
    order = [o.status for o in items]
    assert order == sorted(order, key=lambda s: {OVERDUE: 0, DUE: 1, DONE: 2}[s])
    assert ob.counts(items)[DONE] >= 1 and ob.counts(items)[OVERDUE] >= 1


def test_year_grid_cells():
    ms = [committee_meeting("2026-01-12"), committee_meeting("2026-02-03", present=1),
          MeetingFact(5, "支部党员大会", "2026-02-10"), MeetingFact(6, "党课", "2026-02-11")]
    grid = {r.key: r for r in ob.year_grid(RULES, 2026, D(2026, 11, 21), ms, ((10, "一组"),))}
    committee = [c.text for c in grid["committee"].cells]
    assert committee[:3] == ["✓12", "△3", "✗"]
    assert committee[10:] == ["…", ""]
    assert grid["committee"].summary == "1/10"
    general = [c.text for c in grid["general"].cells]
    assert general[:6] == ["·", "✓10", "·", "·", "·", "✗"]
    assert grid["general"].summary == "1/3"
    lecture = grid["lecture"]
    assert lecture.rule == "每年4次" and lecture.summary == "1/3"
    assert [c.text for c in lecture.cells][:6] == ["·", "✓11", "·", "·", "·", "✗"]
    past = {r.key: r for r in ob.year_grid(RULES, 2020, D(2026, 11, 21), [], ())}
    assert past["life"].cells[11].text == "✗" and past["committee"].summary == "0/12"
    assert "committee" not in {r.key for r in ob.year_grid(RULES, 2020, D(2026, 11, 21), [], (), show_committee=False)}


def test_year_grid_dues_row_counts_who_has_not_paid():
    by_month = {m: (3, 3) for m in range(1, 11)} | {2: (2, 3), 11: (1, 3)}
    row = {r.key: r for r in ob.year_grid(RULES, 2026, D(2026, 11, 21), [], (), dues_by_month=by_month)}["dues"]
    assert [c.text for c in row.cells] == ["✓", "欠1", *["✓"] * 8, "欠2", ""]
    assert [c.state for c in row.cells][1] == ob.MISSED and row.cells[10].state == ob.OPEN
    assert row.summary == "9/10"
