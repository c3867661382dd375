"""发展党员 rules: 2014 numbers as data, labelled as unverified against 2026, warnings not blocks."""

from __future__ import annotations

import datetime as dt

from tui.rules import development as dev
from tui.rules.obligations import BranchFacts, DevelopmentFact, development_obligations


def test_steps_are_the_25_of_the_2014_rules_each_with_an_article():
    assert len(dev.STEPS) == 25 and [s.no for s in dev.STEPS] == list(range(1, 26))
    assert all(s.article for s in dev.STEPS)
    assert dev.RULES_LABEL == "2014（待核对2026年修订）"
    assert dev.parse_step("⑦") == dev.parse_step("7") == dev.parse_step("确定发展对象") == 7
    assert dev.parse_step("②") == 2 and dev.parse_step("x") is None and dev.parse_step("26") is None


def test_a_too_early_development_target_is_a_warning_with_the_article_and_the_label():
    problems = dev.check_dates({1: "2024-01-01", 2: "2024-01-10", 3: "2024-06-01", 7: "2025-03-01"})
    assert [(p.step, p.level) for p in problems] == [(7, dev.WARNING)]
    line = problems[0].line()
    assert "第十三条" in line and "2014（待核对2026年修订）" in line and "早于2025年6月1日" in line


def test_a_date_before_the_step_it_follows_is_an_error():
    problems = dev.check_dates({1: "2024-01-01", 3: "2023-12-01"})
    assert problems[0].level == dev.ERROR and "早于「①递交入党申请书」" in problems[0].message


def test_a_late_talk_and_an_underage_applicant_are_warnings():
    problems = dev.check_dates({1: "2024-01-01", 2: "2024-03-01"}, birth_date="2006-06-01")
    assert {(p.step, p.article) for p in problems} == {(2, "第七条"), (1, "第五条")}
    assert all(p.level == dev.WARNING for p in problems)


def test_local_overrides_change_an_interval_and_bad_ones_are_ignored():
    rules = dev.effective_rules({"development.activist_one_year": "18", "development.talk_within": "abc",
                                 "development.publicity_days": 7})
    assert "activist_one_year" in rules.overridden and rules.publicity_days == 7
    problems = dev.check_dates({1: "2024-01-01", 3: "2024-02-01", 7: "2025-03-01"}, rules)
    assert any("不足 18 个月" in p.message for p in problems)
    assert next(i for i in rules.intervals if i.key == "talk_within").max_months == 1


def test_next_steps_of_an_applicant_and_a_probationary_member():
    talk = dev.next_steps({1: "2026-11-10"})[0]
    assert (talk.step, talk.latest) == (2, dt.date(2026, 12, 10))
    nxt = {n.step: n for n in dev.next_steps({15: "2026-01-10"}, extended_months=6)}
    assert nxt[17].latest == dt.date(2026, 4, 10)
    assert nxt[23].earliest == dt.date(2027, 7, 10)
    assert dev.stage_of({1: "x", 3: "y"}) == dev.Stage.ACTIVIST and dev.stage_of({24: "z"}) == dev.Stage.FULL


def test_the_vote_needs_quorum_and_more_than_half_of_those_entitled():
    assert dev.vote_result(dev.Tally(10, 5, 5)).quorum is False
    passed = dev.vote_result(dev.Tally(10, 7, 5, 1, 1, 1))
    assert passed.passed and passed.needed == 6
    assert not dev.vote_result(dev.Tally(10, 8, 5, 2, 1)).passed
    message, field = dev.tally_problem(dev.Tally(10, 6, 5, 1, 1))
    assert field == "赞成" and "多于「实到有表决权」6 人" in message
    assert dev.tally_problem(dev.Tally(10, 9, 5, 0, 0, 2))[1] == "书面意见"
    assert dev.tally_problem(dev.Tally(10, 11, 5))[1] == "实到有表决权"


def test_who_has_a_vote_on_a_day():
    assert dev.full_member_on("2010-01-01", "2011-01-01", "正式党员", None, "2026-01-01")
    assert not dev.full_member_on("2026-01-01", None, "预备党员", None, "2026-06-01")
    assert not dev.full_member_on("2010-01-01", "2011-01-01", "正式党员", "2025-12-01", "2026-01-01")
    assert not dev.full_member_on("2027-01-01", None, "正式党员", None, "2026-06-01")


def test_home_items_for_a_talk_due_and_an_activist_of_a_year():
    today = dt.date(2026, 11, 21)
    facts = BranchFacts(today=today, development=(
        DevelopmentFact(1, "甲", ((1, "2026-11-10"),)),
        DevelopmentFact(2, "乙", ((1, "2025-01-01"), (2, "2025-01-20"), (3, "2025-11-01"), (6, "2026-08-01"))),
        DevelopmentFact(3, "丙", ((15, "2026-05-01"),)),
    ))
    items = {o.key: o for o in development_obligations(facts)}
    assert items["develop:1:2"].status == "due" and "2026年12月10日前" in items["develop:1:2"].detail
    assert "可确定为发展对象" in items["develop:2:7"].title
    assert items["develop:3:17"].status == "overdue"      # 审批 not back after three months
    assert all("2014（待核对2026年修订）" in o.source for o in items.values())
    assert items["develop:1:2"].action.kwargs == {"candidate_id": 1}
