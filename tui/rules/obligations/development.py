"""发展党员 on the home: 谈话 due within a month of the 申请书, the half-year 考察, an 积极分子
reaching one year, an 审批 not back after three months, and the 预备期 ending (the 60-day 转正
reminder, moved here from membership). The intervals are tui.rules.development's, 2014
（待核对2026年修订）; the home only says what is due, it never blocks."""

from __future__ import annotations

import datetime as dt

from tui.rules import development as dev
from tui.rules.dates import cn_date
from tui.rules.obligations.facts import BranchFacts, DevelopmentFact
from tui.rules.obligations.periods import add_months, parse_day
from tui.rules.obligations.records import DUE, OVERDUE, Action, Obligation, Target, _people_lines
from tui.rules.obligations.ruleset import ObligationRuleSet

SOON_DAYS = 31      # "due within the month"


def _source(article: str) -> str:
    return f"{dev.SOURCE}{article}（{dev.RULES_LABEL}）"


def candidate_obligations(fact: DevelopmentFact, today: dt.date,
                          rules: dev.DevelopmentRules | None = None) -> list[Obligation]:
    rules = rules or dev.RULES_2014
    dates = dict(fact.dates)
    action = Action(Target.DEVELOPMENT, {"candidate_id": fact.candidate_id}, f"打开发展党员记录（{fact.name}）")
    out = []
    for nxt in dev.next_steps(dates, rules, extended_months=fact.extended_months):
        title = dev.step_def(nxt.step).title
        key = f"develop:{fact.candidate_id}:{nxt.step}"
        if nxt.step in (2, 6, 17, 24) and nxt.latest:
            days = (nxt.latest - today).days
            if nxt.step in (17, 24) and days >= 0:
                continue                     # only when the 审批 is not back in time
            if days > SOON_DAYS:
                continue
            when = f"应于{cn_date(nxt.latest)}前" if days >= 0 else f"已超过{cn_date(nxt.latest)}"
            what = {2: "派人谈话", 6: "半年一次的培养教育考察", 17: "上级党委审批结果未返回",
                    24: "转正审批结果未返回"}[nxt.step]
            status = OVERDUE if days < 0 else DUE
            detail = f"{fact.name}：{what}，{when}（{nxt.text}）"
            out.append(Obligation(key, f"发展党员：{fact.name}{title}", f"至{cn_date(nxt.latest)}", status, None,
                                  detail, action, _source(nxt.article)))
        elif nxt.step == 7 and nxt.earliest and nxt.earliest <= today:
            out.append(Obligation(key, f"发展党员：{fact.name}可确定为发展对象", f"自{cn_date(nxt.earliest)}", DUE, None,
                                  f"{fact.name}任入党积极分子已满一年（{cn_date(nxt.earliest)}），可经支委会研究确定为发展对象",
                                  action, _source(nxt.article)))
    return out


def development_obligations(facts: BranchFacts, rules: dev.DevelopmentRules | None = None) -> list[Obligation]:
    rules = rules or dev.effective_rules(dict(facts.development_settings))
    out: list[Obligation] = []
    for fact in facts.development:
        out += candidate_obligations(fact, facts.today, rules)
    return out


def probation_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    """预备期 ending within `rules.probation_days` (or ended): hold the 支部党员大会 on 转正.
    A member who came through the pipeline with an extended 预备期 counts from its new end."""
    today = facts.today
    out = []
    extended = {}
    for fact in facts.development:
        dates = dict(fact.dates)
        if dates.get(15) and fact.extended_months:
            extended[(fact.name, dates[15])] = fact.extended_months
    source = _source("第三十一条") + "：预备期为一年，预备期满应及时讨论其能否转正"
    action = Action(Target.NEW_MEETING, {"kind": "支部党员大会", "group_id": None}, "新建支部党员大会（讨论转正）")
    for m in facts.probation:
        end = add_months(parse_day(m.join_date), 12 + extended.get((m.name, m.join_date), 0))
        days = (end - today).days
        if days > rules.probation_days:
            continue
        if days < 0:
            detail = f"预备期已于{cn_date(end)}届满，应及时召开支部党员大会讨论转正"
        else:
            detail = f"预备期将于{cn_date(end)}届满（还有 {days} 天），请提醒本人提交转正申请"
        out.append(Obligation(f"probation:{m.member_id}", f"转正：{m.name}", f"预备期至{cn_date(end)}",
                              OVERDUE if days < 0 else DUE, None, detail, action, source))
    return _people_lines(out, "probation", "转正：预备期将满",
                         "{names}的预备期已满或 " + f"{rules.probation_days} 天内届满，应召开支部党员大会讨论转正", action,
                         f"截至{cn_date(today + dt.timedelta(days=rules.probation_days))}")
