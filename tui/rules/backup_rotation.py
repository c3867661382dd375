"""Which backups to keep: about a year of history in a few dozen files.

Grandfather-father-son, counted the way borg and restic prune: going from newest to oldest, the
newest backup of each of the 7 most recent days that have one is kept; then the newest backup of
each of the 8 most recent weeks not already represented; then of 12 months likewise. Periods are
counted among days that actually have backups, so a secretary who is away for three months does
not come back to find their last backups thrown away.

Plain values in, plain values out: a list of datetimes in, the set to keep out.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import NamedTuple


class RotationPolicy(NamedTuple):
    dailies: int = 7
    weeklies: int = 8
    monthlies: int = 12


DEFAULT_POLICY = RotationPolicy()


def _day(t: dt.datetime) -> tuple:
    return (t.year, t.month, t.day)


def _week(t: dt.datetime) -> tuple:
    iso = t.isocalendar()
    return (iso[0], iso[1])


def _month(t: dt.datetime) -> tuple:
    return (t.year, t.month)


def backups_to_keep(stamps: Iterable[dt.datetime], policy: RotationPolicy = DEFAULT_POLICY) -> set[dt.datetime]:
    """The stamps to keep; every other one may be deleted. The newest is always kept."""
    ordered = sorted(set(stamps), reverse=True)
    if not ordered:
        return set()
    keep: set[dt.datetime] = {ordered[0]}
    rules: list[tuple[Callable[[dt.datetime], tuple], int]] = [
        (_day, policy.dailies),
        (_week, policy.weeklies),
        (_month, policy.monthlies),
    ]
    kept_by_rule: set[dt.datetime] = set()
    for period_of, count in rules:
        taken = 0
        last_period = None
        for stamp in ordered:
            if taken >= count:
                break
            period = period_of(stamp)
            if period == last_period:
                continue
            last_period = period
            # A period whose newest backup an earlier rule already keeps is not counted again.
            if stamp in kept_by_rule:
                continue
            kept_by_rule.add(stamp)
            taken += 1
    return keep | kept_by_rule


def backups_to_delete(stamps: Iterable[dt.datetime], policy: RotationPolicy = DEFAULT_POLICY) -> set[dt.datetime]:
    stamps = set(stamps)
    return stamps - backups_to_keep(stamps, policy)
