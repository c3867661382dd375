"""Membership: 组织生活 under 党章第九条, 支部换届, 转正 at the end of the 预备期."""

from __future__ import annotations

import datetime as dt

from tui.rules import meetings as meeting_rules
from tui.rules.dates import cn_date
from tui.rules.obligations.facts import BranchFacts
from tui.rules.obligations.periods import add_months, parse_day
from tui.rules.obligations.records import (
    DUE,
    OVERDUE,
    Action,
    Obligation,
    Target,
    _people_lines,
)
from tui.rules.obligations.ruleset import _TIAOLI, ObligationRuleSet

# ── 组织生活 (党章 第九条) ──


def inactivity_obligations(facts: BranchFacts) -> list[Obligation]:
    """The meetings area's list of members without 组织生活 (from its warning threshold on);
    urgent (overdue) from five months, as tui.rules.meetings.org_life_level says."""
    today = facts.today
    out = []
    for f in sorted(facts.org_life, key=lambda f: -f.months):
        level = meeting_rules.org_life_level(f.months, facts.org_life_warn_months)
        if not level:
            continue
        if f.last_date:
            detail = f"自{cn_date(f.last_date)}以来未参加组织生活，已 {f.months} 个月"
        else:
            detail = f"没有参加组织生活的记录，已 {f.months} 个月"
        limit = meeting_rules.ORG_LIFE_LIMIT_MONTHS
        if f.months >= limit:
            detail += "：党章第九条规定，无正当理由连续六个月不参加组织生活的，视为自行脱党"
        else:
            detail += f"，距党章第九条规定的六个月还有 {limit - f.months} 个月"
        status = DUE if level == meeting_rules.OrgLifeLevel.REMIND else OVERDUE
        action = Action(Target.NEW_TALK, {"member_ids": [f.member_id], "kind": "提醒谈话"}, f"提醒谈话（{f.name}）")
        out.append(Obligation(f"org-life:{f.member_id}", f"组织生活：{f.name}", f"截至{cn_date(today)}", status, None,
                              detail, action, "党章第九条"))
    return _people_lines(out, "org-life", "组织生活：长期未参加",
                         "{names}已 " + f"{facts.org_life_warn_months} 个月以上未参加组织生活（党章第九条：连续六个月不参加的，视为自行脱党）",
                         Action(Target.ORG_LIFE, {}, "查看组织生活提醒名单"))


# ── the 支部委员会 itself ──

COMMITTEE_MIN_FULL_MEMBERS = 7   # 条例 第九条: 正式党员7人以上的党支部，设立支部委员会
COMMITTEE_SIZE = (3, 7)          # 由3至5人组成，一般不超过7人
COMMITTEE_SOURCE = f"{_TIAOLI}第九条：正式党员7人以上的党支部，设立党支部委员会，由3至5人组成，一般不超过7人"


def committee_shortfall(full_members: int, committee_size: int) -> str | None:
    """What is wrong with the 支委会 of a branch of `full_members` 正式党员, or None."""
    if full_members < COMMITTEE_MIN_FULL_MEMBERS:
        return None
    low, high = COMMITTEE_SIZE
    if committee_size == 0:
        return f"正式党员 {full_members} 人（7人以上），应设支部委员会（3–5人，不超过7人），尚未设置"
    if committee_size < low:
        return f"支委会现有 {committee_size} 人，少于 3 人，请补齐组织委员、宣传委员、纪检委员等"
    if committee_size > high:
        return f"支委会现有 {committee_size} 人，一般不超过 7 人"
    return None


def committee_obligations(facts: BranchFacts) -> list[Obligation]:
    """A branch that should have a 支委会 and has none (or under 3) hears of it: without one the
    home cannot list the monthly 支委会 meetings at all."""
    if facts.committee_size >= COMMITTEE_SIZE[0]:
        return []
    problem = committee_shortfall(facts.full_members, facts.committee_size)
    if problem is None:
        return []
    detail = f"{problem}；设置后，工作台按月列出支部委员会会议"
    action = Action(Target.COMMITTEE, {}, "设置支委会（书记和委员）")
    return [Obligation("committee", "设置支部委员会", f"截至{cn_date(facts.today)}", DUE, None, detail, action,
                       COMMITTEE_SOURCE)]


# ── term, 转正, deadlines ──


def term_end(term_start: str | None, term_years: int) -> dt.date | None:
    start = parse_day(term_start)
    return add_months(start, 12 * term_years) if start else None


def term_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    end = term_end(facts.term_start, facts.term_years)
    if end is None:
        return []
    today = facts.today
    if today < add_months(end, -rules.term_warning_months):
        return []
    action = Action(Target.BRANCH, {}, "查看支部信息")
    source = f"{_TIAOLI}第十条：支部委员会每届任期 {facts.term_years} 年，任期届满前6个月提醒换届"
    if today >= end:
        detail = f"任期今天（{cn_date(end)}）届满" if today == end else f"任期已于{cn_date(end)}届满"
        return [Obligation("term", "支部换届", f"任期至{cn_date(end)}", OVERDUE, None, f"{detail}，应及时换届", action, source)]
    days = (end - today).days
    return [Obligation("term", "支部换届", f"任期至{cn_date(end)}", DUE, None,
                       f"任期将于{cn_date(end)}届满（还有 {days} 天），应启动换届准备", action, source)]


def probation_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    today = facts.today
    out = []
    source = "发展党员工作细则（2014）第二十九条：预备期为一年，预备期满应及时讨论其能否转正"
    action = Action(Target.NEW_MEETING, {"kind": "支部党员大会", "group_id": None}, "新建支部党员大会（讨论转正）")
    for m in facts.probation:
        end = add_months(parse_day(m.join_date), 12)
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
