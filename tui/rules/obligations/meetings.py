"""Meetings by period: 支委会, 党小组会, 主题党日, 党员大会, 党课, 组织生活会, 民主评议."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from tui.rules import meetings as meeting_rules
from tui.rules.dates import cn_date
from tui.rules.obligations.facts import BranchFacts, MeetingFact
from tui.rules.obligations.periods import (
    COUNT,
    YEAR,
    Period,
    month_end,
    parse_day,
    period_of,
    previous_period,
)
from tui.rules.obligations.records import (
    DONE,
    DUE,
    OVERDUE,
    Action,
    Obligation,
    Target,
    _name_list,
)
from tui.rules.obligations.ruleset import MeetingRule, ObligationRuleSet


def quorum_ok(present: int, expected: int) -> bool:
    """More than half present (tui.rules.meetings.has_quorum)."""
    return meeting_rules.has_quorum(expected, present)


def has_committee(facts: BranchFacts) -> bool:
    """A 支部委员会 exists (3 or more posts filled); a branch with only a 书记 holds no 支委会."""
    return facts.committee_size >= 3


def _meeting_action(rule: MeetingRule, group_id: int | None) -> Action:
    return Action(Target.NEW_MEETING, {"kind": rule.kind, "group_id": group_id}, f"新建{rule.title}记录")


def _in(period: Period, meetings: Iterable[MeetingFact]) -> list[MeetingFact]:
    lo, hi = period.start.isoformat(), period.end.isoformat()
    return [m for m in meetings if lo <= m.date[:10] <= hi]


def _single(rule: MeetingRule, period: Period, back: bool, mine: list[MeetingFact], today: dt.date) -> Obligation | None:
    key = f"{rule.key}:{period.start:%Y-%m}"
    good = [m for m in mine if m.quorum_ok]
    if good:
        if back:
            return None  # past periods appear only when missed
        last = max(m.date[:10] for m in good)
        return Obligation(key, rule.title, period.label, DONE, last, f"{cn_date(last)}已召开", None, rule.source)
    if not back and rule.period == YEAR and today.month < rule.from_month:
        return None  # the yearly meetings are listed from the fourth quarter
    detail = "未召开" if back else f"{cn_date(period.end)}前召开"
    weak = sorted((m for m in mine if not m.quorum_ok), key=lambda m: m.date)
    if weak:
        w = weak[-1]
        detail += f"；{cn_date(w.date[:10])}的支委会到会委员 {w.present}/{w.expected} 人，未过半数，不计入"
    return Obligation(key, rule.title, period.label, OVERDUE if back else DUE, None, detail,
                      _meeting_action(rule, None), rule.source)


def _per_group(rule: MeetingRule, period: Period, back: bool, mine: list[MeetingFact],
               groups: Sequence[tuple[int, str]]) -> Obligation | None:
    """One line for all 党小组 of a period: the groups that have not met are named."""
    key = f"{rule.key}:{period.start:%Y-%m}"
    held: dict[int, str] = {}
    for m in mine:
        if m.group_id is not None:
            held[m.group_id] = max(held.get(m.group_id, ""), m.date[:10])
    missing = [(gid, name) for gid, name in groups if gid not in held]
    if not missing:
        if back:
            return None
        last = max(held.values())
        detail = "已召开" if len(groups) == 1 else f"{len(groups)} 个党小组均已召开"
        return Obligation(key, rule.title, period.label, DONE, last, detail, None, rule.source)
    if len(missing) == 1:
        title = f"{rule.title}（{missing[0][1]}）"
        detail = "未召开" if back else f"{cn_date(period.end)}前召开"
        if held:
            detail += f"（其余 {len(held)} 个党小组已召开）"
    else:
        title = rule.title
        names = _name_list([name for _, name in missing], unit="个")
        detail = f"未召开：{names}" if back else f"{cn_date(period.end)}前召开；尚未召开：{names}"
        if held:
            detail += f"（{len(held)}/{len(groups)} 个党小组已召开）"
    return Obligation(key, title, period.label, OVERDUE if back else DUE, None, detail,
                      _meeting_action(rule, missing[0][0]), rule.source)


def _counted(rule: MeetingRule, mine: list[MeetingFact], today: dt.date, since: dt.date | None) -> list[Obligation]:
    """`per_year` a year, spread evenly as tui.rules.meetings.due_by counts them: by the end of
    month m, per_year * m // 12 should have been held."""
    n = rule.per_year
    if n <= 0:
        return []
    out = []
    last_year = [m for m in mine if m.date[:4] == str(today.year - 1)]
    if today.month <= 3 and since is not None and since <= dt.date(today.year - 1, 1, 1) and len(last_year) < n:
        out.append(Obligation(f"{rule.key}:{today.year - 1}", rule.title, f"{today.year - 1}年", OVERDUE, None,
                              f"全年召开 {len(last_year)} 次，少于每年 {n} 次", _meeting_action(rule, None), rule.source))
    return out + _counted_this_year(rule, mine, today, since)


def _counted_this_year(rule: MeetingRule, mine: list[MeetingFact], today: dt.date, since: dt.date | None) -> list[Obligation]:
    n = rule.per_year
    dates = sorted(m.date[:10] for m in mine if m.date[:4] == str(today.year))
    held, last = len(dates), (dates[-1] if dates else None)
    key, period = f"{rule.key}:{today.year}", f"{today.year}年"
    if held >= n:
        return [Obligation(key, rule.title, period, DONE, last, f"今年已召开 {held} 次（每年至少 {n} 次）", None, rule.source)]
    action = _meeting_action(rule, None)
    due_now = meeting_rules.due_by(rule.kind, today.month - 1, n)
    whole_year = since is not None and since <= dt.date(today.year, 1, 1)
    if held < due_now and whole_year:
        detail = f"今年已召开 {held} 次，截至{today.month - 1}月底应召开 {due_now} 次（每年至少 {n} 次）"
        return [Obligation(key, rule.title, period, OVERDUE, None, detail, action, rule.source)]
    by_month = next(m for m in range(1, 13) if meeting_rules.due_by(rule.kind, m, n) > held)
    if by_month < today.month:  # behind, in a file begun this year: the next checkpoint then
        by_month = next((m for m in range(today.month, 13)
                         if meeting_rules.due_by(rule.kind, m, n) > meeting_rules.due_by(rule.kind, m - 1, n)), 12)
    if by_month - today.month < 3:
        detail = f"{cn_date(month_end(today.year, by_month))}前召开第 {held + 1} 次（今年已召开 {held} 次，每年至少 {n} 次）"
        return [Obligation(key, rule.title, period, DUE, None, detail, action, rule.source)]
    if last:
        detail = f"今年已召开 {held} 次；第 {held + 1} 次应在{by_month}月底前召开"
        return [Obligation(key, rule.title, period, DONE, last, detail, None, rule.source)]
    return []


def meeting_windows(rules: ObligationRuleSet, today: dt.date) -> dict[str, dt.date]:
    """kind → the earliest day meeting_obligations looks at for it: the start of the period
    `lookback` periods back (a 党小组会: four months; a yearly meeting: last year), or the start
    of last year for a yearly count. The store reads no meeting older than that."""
    out: dict[str, dt.date] = {}
    for rule in rules.meetings:
        if rule.period == COUNT:
            start = dt.date(today.year - 1, 1, 1)
        else:
            period = period_of(today, rule.period)
            for _ in range(rules.lookback[rule.period]):
                period = previous_period(period)
            start = period.start
        out[rule.kind] = min(start, out.get(rule.kind, start))
    return out


def meeting_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    today = facts.today
    since = parse_day(facts.meetings_since)
    held = [m for m in facts.meetings if m.date[:10] <= today.isoformat()]
    out: list[Obligation] = []
    for rule in rules.meetings:
        if rule.needs_quorum and not has_committee(facts):
            continue
        if rule.per_group and not facts.groups:
            continue
        mine = [m for m in held if m.kind == rule.kind]
        if rule.period == COUNT:
            out += _counted(rule, mine, today, since)
            continue
        period = period_of(today, rule.period)
        for back in range(rules.lookback[rule.period] + 1):
            if back:
                period = previous_period(period)
                if since is None or period.end < since:
                    break  # nothing is overdue before the first record
            in_period = _in(period, mine)
            item = (_per_group(rule, period, bool(back), in_period, facts.groups) if rule.per_group
                    else _single(rule, period, bool(back), in_period, today))
            if item:
                out.append(item)
    return out
