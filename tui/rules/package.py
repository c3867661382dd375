"""三会一课 for a 报送包: meetings counted by month and quarter over a period, and whether each
obligation was met (达标) in every period of its frequency that ended within it. Pure: plain
values in, plain values out (the meeting rules come from tui.rules.obligations).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from tui.rules.obligations.facts import MeetingFact
from tui.rules.obligations.periods import COUNT, PERIOD_LABELS, Period, add_months, period_of
from tui.rules.obligations.ruleset import MeetingRule


class MeetingLine(NamedTuple):
    """One row of the 三会一课 sheet."""

    title: str
    requirement: str
    months: tuple[int, ...]       # meetings held (quorum kept) per month of the period
    quarters: tuple[int, ...]     # per quarter of the period
    total: int
    due: int                      # periods that ended within the period (or, for 党课, the count due)
    met: int                      # of which met (for 党课: meetings held, capped at due)
    missed: tuple[str, ...]       # labels of the periods not met ("2025年第三季度")

    @property
    def result(self) -> str:
        if self.due == 0:
            return "—"
        return "达标" if not self.missed else "未达标"


def months_of(date_from: dt.date, date_to: dt.date) -> list[tuple[int, int]]:
    """(year, month) of every month touching [date_from, date_to]."""
    out, day = [], date_from.replace(day=1)
    while day <= date_to:
        out.append((day.year, day.month))
        day = add_months(day, 1)
    return out


def quarters_of(date_from: dt.date, date_to: dt.date) -> list[tuple[int, int]]:
    """(year, quarter) of every quarter touching the period."""
    seen: list[tuple[int, int]] = []
    for y, m in months_of(date_from, date_to):
        q = (y, (m - 1) // 3 + 1)
        if q not in seen:
            seen.append(q)
    return seen


def _periods(kind: str, date_from: dt.date, until: dt.date) -> list[Period]:
    """The periods of `kind` lying wholly within [date_from, until]."""
    out, day = [], date_from
    while day <= until:
        p = period_of(day, kind)
        if p.start >= date_from and p.end <= until:
            out.append(p)
        day = p.end + dt.timedelta(days=1)
    return out


def meeting_line(rule: MeetingRule, title: str, meetings: Sequence[MeetingFact],
                 date_from: dt.date, date_to: dt.date, today: dt.date) -> MeetingLine:
    """`meetings` are this rule's (this group's) meetings; only those in the period count."""
    lo, hi = date_from.isoformat(), date_to.isoformat()
    mine = [m for m in meetings if lo <= m.date[:10] <= hi and m.quorum_ok]
    months = months_of(date_from, date_to)
    per_month = {ym: 0 for ym in months}
    for m in mine:
        ym = (int(m.date[:4]), int(m.date[5:7]))
        per_month[ym] = per_month.get(ym, 0) + 1
    per_quarter: dict[tuple[int, int], int] = {q: 0 for q in quarters_of(date_from, date_to)}
    for (y, mo), n in per_month.items():
        per_quarter[(y, (mo - 1) // 3 + 1)] += n
    until = min(date_to, today - dt.timedelta(days=1))
    if rule.period == COUNT:
        elapsed = sum(1 for y, mo in months if add_months(dt.date(y, mo, 1), 1) - dt.timedelta(days=1) <= until)
        due = rule.per_year * elapsed // 12
        held = len(mine)
        missed = () if held >= due else (f"应至少 {due} 次，实际 {held} 次",)
        requirement = f"每年{rule.per_year}次"
        met = min(held, due)
    else:
        periods = _periods(rule.period, date_from, until)
        missed_list = [p.label for p in periods
                       if not any(p.start.isoformat() <= m.date[:10] <= p.end.isoformat() for m in mine)]
        due, met, missed = len(periods), len(periods) - len(missed_list), tuple(missed_list)
        requirement = PERIOD_LABELS[rule.period]
    return MeetingLine(title, requirement, tuple(per_month[ym] for ym in months), tuple(per_quarter.values()),
                       len(mine), due, met, missed)


def meeting_lines(rules: Iterable[MeetingRule], meetings: Sequence[MeetingFact], groups: Sequence[tuple[int, str]],
                  date_from: dt.date, date_to: dt.date, today: dt.date, *, show_committee: bool = True) -> list[MeetingLine]:
    """Every meeting obligation of the rule set over the period: one line per rule, per 党小组 for
    the group meetings (as the year at a glance shows them)."""
    out = []
    for rule in rules:
        if rule.needs_quorum and not show_committee:
            continue
        mine = [m for m in meetings if m.kind == rule.kind]
        if rule.per_group:
            for gid, name in groups:
                out.append(meeting_line(rule, f"{name}会", [m for m in mine if m.group_id == gid], date_from, date_to, today))
        else:
            out.append(meeting_line(rule, rule.title, mine, date_from, date_to, today))
    return out
