"""谈心谈话: this year's coverage, and the follow-ups past their date."""

from __future__ import annotations

from tui.rules.dates import cn_date
from tui.rules.obligations.facts import BranchFacts
from tui.rules.obligations.records import (
    DONE,
    DUE,
    OVERDUE,
    Action,
    Obligation,
    Target,
    _name_list,
)
from tui.rules.obligations.ruleset import ObligationRuleSet


def talk_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    """This year's coverage under the branch's reading. A past year cannot be made good any
    more, so it is left to the year at a glance."""
    cov = facts.talk_coverage
    if cov is None:
        return []
    year = facts.today.year
    key, title, period = f"talks:{year}", "谈心谈话覆盖", f"{year}年"
    if not cov.committee:
        return [Obligation(key, title, period, DUE, None, "未设置支委会，无法判断谈心谈话覆盖",
                           Action(Target.BRANCH, {}, "设置支委会"), rules.talk_source)]
    counts = f"支委之间 {cov.committee_pairs_done}/{cov.committee_pairs_total} 对，党员 {cov.members_done}/{len(cov.members)} 人"
    if cov.complete:
        return [Obligation(key, title, period, DONE, None, f"已全部覆盖：{counts}", None, rules.talk_source)]
    parts = [counts]
    if cov.missing_members:
        label = "尚未与支委谈话" if cov.reading == "default" else "尚未两两谈完"
        parts.append(f"{label}：" + _name_list([cov.name(m) for m in cov.missing_members]))
    if cov.missing_committee_pairs:
        pairs = "、".join(f"{cov.name(a)}—{cov.name(b)}" for a, b in cov.missing_committee_pairs[:3])
        more = len(cov.missing_committee_pairs) - 3
        parts.append("支委之间未谈：" + pairs + (f" 等 {len(cov.missing_committee_pairs)} 对" if more > 0 else ""))
    first = cov.missing_members[0] if cov.missing_members else cov.missing_committee_pairs[0][1]
    action = Action(Target.NEW_TALK, {"member_ids": [first]}, f"新建谈话（{cov.name(first)}）")
    return [Obligation(key, title, period, DUE, None, "；".join(parts), action, rules.talk_source)]


def followup_obligations(facts: BranchFacts) -> list[Obligation]:
    """Follow-ups of talks past their date, as one line."""
    if not facts.followups:
        return []
    items = sorted(facts.followups, key=lambda f: -f.days_overdue)
    shown = "；".join(f"{f.targets or '（无对象）'}：{f.what}（逾期 {f.days_overdue} 天）" for f in items[:3])
    more = f"；等 {len(items)} 项" if len(items) > 3 else ""
    return [Obligation("talk-followups", "谈话后续事项", f"截至{cn_date(facts.today)}", OVERDUE, None,
                       f"{len(items)} 项已过期限：{shown}{more}", Action(Target.FOLLOWUPS, {}, "查看后续事项"),
                       "谈心谈话记录中约定的后续事项")]
