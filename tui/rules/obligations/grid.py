"""The year at a glance: months × obligations, each cell held or not. Past years too."""

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import NamedTuple

from tui.rules import meetings as meeting_rules
from tui.rules import talks as talk_rules
from tui.rules.obligations.facts import MeetingFact
from tui.rules.obligations.periods import COUNT, PERIOD_LABELS, month_end, period_of
from tui.rules.obligations.ruleset import MeetingRule, ObligationRuleSet



class CellState(StrEnum):
    """One month of one obligation in the year at a glance."""

    HELD = "held"        # held that month (the day shown)
    WEAK = "weak"        # a 支委会 held without its quorum
    MISSED = "missed"    # the period ended without one
    OPEN = "open"        # the period is still running
    MET = "met"          # nothing needed that month: the period's one was held, or none is due
    FUTURE = "future"


HELD, WEAK, MISSED, OPEN, MET, FUTURE = CellState
GRID_LEGEND = "✓日 已召开（几号）　△ 支委会未过半数　✗ 未召开　… 本期待召开　· 本期已召开或不需要"


class GridCell(NamedTuple):
    state: CellState
    text: str


class GridRow(NamedTuple):
    key: str
    title: str
    rule: str            # 每月 / 每季度 / 每年4次 …
    cells: tuple[GridCell, ...]   # twelve months
    summary: str


def _held_cell(here: list[MeetingFact]) -> GridCell | None:
    ok = sorted((m for m in here if m.quorum_ok), key=lambda m: m.date)
    if ok:
        return GridCell(HELD, f"✓{int(ok[0].date[8:10])}" + ("+" if len(ok) > 1 else ""))
    if here:
        return GridCell(WEAK, f"△{int(here[0].date[8:10])}")
    return None


def _meeting_row(rule: MeetingRule, title: str, key: str, year: int, today: dt.date, meetings: list[MeetingFact]) -> GridRow:
    by_month: dict[int, list[MeetingFact]] = {}
    for m in meetings:
        by_month.setdefault(int(m.date[5:7]), []).append(m)
    cells = []
    met_periods, due_periods = 0, 0
    for month in range(1, 13):
        start = dt.date(year, month, 1)
        period = period_of(start, rule.period)
        period_met = any(m.quorum_ok for mo, ms in by_month.items()
                         if period.start.month <= mo <= period.end.month for m in ms)
        if month == period.end.month and (period.end < today or period_met):
            due_periods += 1
            met_periods += period_met
        cell = _held_cell(by_month.get(month, []))
        if cell:
            cells.append(cell)
        elif start > today:
            cells.append(GridCell(FUTURE, ""))
        elif period_met:
            cells.append(GridCell(MET, "·"))
        elif period.end < today and month == period.end.month:
            cells.append(GridCell(MISSED, "✗"))
        elif period.contains(today) and month == today.month:
            cells.append(GridCell(OPEN, "…"))
        else:
            cells.append(GridCell(MET, "·"))
    return GridRow(key, title, PERIOD_LABELS[rule.period], tuple(cells), f"{met_periods}/{due_periods}")


def _counted_row(rule: MeetingRule, year: int, today: dt.date, meetings: list[MeetingFact]) -> GridRow:
    """党课: a ✗ marks the month by whose end the count fell short (tui.rules.meetings.due_by)."""
    n = rule.per_year
    by_month: dict[int, list[MeetingFact]] = {}
    for m in meetings:
        by_month.setdefault(int(m.date[5:7]), []).append(m)
    cells, held = [], 0
    for month in range(1, 13):
        here = by_month.get(month, [])
        held += len(here)
        due = meeting_rules.due_by(rule.kind, month, n)
        cell = _held_cell(here)
        if cell:
            cells.append(cell)
        elif dt.date(year, month, 1) > today:
            cells.append(GridCell(FUTURE, ""))
        elif month_end(year, month) < today and held < due and due > meeting_rules.due_by(rule.kind, month - 1, n):
            cells.append(GridCell(MISSED, "✗"))
        elif (year, month) == (today.year, today.month) and held < due:
            cells.append(GridCell(OPEN, "…"))
        else:
            cells.append(GridCell(MET, "·"))
    elapsed = 12 if year < today.year else (today.month - 1 if year == today.year else 0)
    total = sum(len(ms) for ms in by_month.values())
    return GridRow(rule.key, rule.title, f"每年{n}次", tuple(cells), f"{total}/{meeting_rules.due_by(rule.kind, elapsed, n)}")


def year_grid(
    rules: ObligationRuleSet,
    year: int,
    today: dt.date,
    meetings: Iterable[MeetingFact],
    groups: Iterable[tuple[int, str]],
    *,
    show_committee: bool = True,
    talks_by_month: Mapping[int, int] | None = None,
    talk_summary: str = "",
    dues_by_month: Mapping[int, tuple[int, int]] | None = None,
    away_by_month: Mapping[int, list[str]] | None = None,
) -> list[GridRow]:
    """Months × obligations for `year`: each cell held / not held. Past years too.

    `meetings` are that year's (not deleted); those after `today` are left out. `dues_by_month`
    maps month → (settled, owing) people, shown as ✓ or the number not yet paid; `talks_by_month`
    month → number of talks; `away_by_month` month → names of members on an approved absence
    (出国（境）…: 党章第九条 does not count those months), a row only when there are any.
    """
    meetings = [m for m in meetings if m.date[:4] == str(year) and m.date[:10] <= today.isoformat()]
    groups = list(groups)
    rows = []
    for rule in rules.meetings:
        if rule.needs_quorum and not show_committee:
            continue
        mine = [m for m in meetings if m.kind == rule.kind]
        if rule.period == COUNT:
            rows.append(_counted_row(rule, year, today, mine))
        elif rule.per_group:
            for gid, name in groups:
                rows.append(_meeting_row(rule, f"{name}会", f"{rule.key}:{gid}", year, today,
                                         [m for m in mine if m.group_id == gid]))
        else:
            rows.append(_meeting_row(rule, rule.title, rule.key, year, today, mine))
    if talks_by_month is not None:
        cells = tuple(GridCell(HELD if talks_by_month.get(mo) else FUTURE, str(talks_by_month.get(mo, "")))
                      for mo in range(1, 13))
        rows.append(GridRow("talks", "谈心谈话（次）", "每年", cells, talk_summary))
    if dues_by_month is not None:
        rows.append(_dues_row(year, today, dues_by_month))
    if away_by_month and any(away_by_month.values()):
        cells = tuple(GridCell(OPEN, f"外{len(away_by_month[mo])}") if away_by_month.get(mo) else GridCell(FUTURE, "")
                      for mo in range(1, 13))
        names = sorted({n for ns in away_by_month.values() for n in ns})
        rows.append(GridRow("away", "经批准离开（人）", "不计第九条", cells, "、".join(names)))
    return rows


def _dues_row(year: int, today: dt.date, by_month: Mapping[int, tuple[int, int]]) -> GridRow:
    """✓ when everyone owing has paid the month, else how many have not (欠3)."""
    cells, settled, elapsed = [], 0, 0
    for mo in range(1, 13):
        paid, owed = by_month.get(mo, (0, 0))
        if dt.date(year, mo, 1) > today or not owed:
            cells.append(GridCell(FUTURE, ""))
            continue
        current = (year, mo) == (today.year, today.month)
        if paid >= owed:
            cells.append(GridCell(HELD, "✓"))
            settled += 1
            elapsed += 1
        else:
            cells.append(GridCell(OPEN if current else MISSED, f"欠{owed - paid}"))
            elapsed += not current
    return GridRow("dues", "党费（未交人数）", "每月", tuple(cells), f"{settled}/{elapsed}")


def coverage_summary(cov: talk_rules.Coverage | None) -> str:
    """'已覆盖/应覆盖' for the year at a glance: committee pairs plus members."""
    if cov is None or not cov.committee:
        return ""
    done = cov.committee_pairs_done + cov.members_done
    return f"{done}/{cov.committee_pairs_total + len(cov.members)}"
