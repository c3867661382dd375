"""The one as-of rule: on which day a form counts the roster, and through which month it counts
党费, for a period exported on a given day. Every form and every template field asks here.

- A period that is over (its last day is before today): the roster at the period's end
  (joined on or before it, not yet left on it), and 党费 for every month it touches.
- A period still running (the current year): the roster on the day of filling in, labelled
  “截至填报日”, and 党费 only for the months already over — through last month, or through
  a month the secretary picks (never later than this month). A month that has just begun is
  not owed yet, so nobody is called 欠交 for it and nothing is called 全年.
- Members who left during the period are not on its end-of-period roster; the forms report
  them among the period's moves (转出/去世 …), not in the member counts or the 党员名单.

Plain values in, plain values out.
"""

import datetime as dt
from typing import NamedTuple

from tui.rules.dates import cn_date

Month = tuple[int, int]


class AsOf(NamedTuple):
    start: str                 # the period, ISO, inclusive
    end: str
    today: str                 # the day of filling in (填报日)
    roster_day: str            # the day the roster is counted on
    dues_months: tuple[Month, ...]   # the (year, month)s 党费 is counted for, oldest first
    all_months: tuple[Month, ...]    # every month the period touches

    @property
    def complete(self) -> bool:
        """The period is over: every figure is the period's whole."""
        return self.end < self.today

    @property
    def dues_partial(self) -> bool:
        return len(self.dues_months) < len(self.all_months)

    @property
    def dues_through(self) -> Month | None:
        return self.dues_months[-1] if self.dues_months else None

    @property
    def dues_through_iso(self) -> str:
        """'2026-10' when 党费 stops before the period's end, else ''."""
        last = self.dues_through
        return f"{last[0]:04d}-{last[1]:02d}" if last and self.dues_partial else ""

    @property
    def roster_label(self) -> str:
        """“截至2025年12月31日” for a period that is over; “截至填报日（2026年11月21日）” else."""
        if self.complete:
            return f"截至{cn_date(self.roster_day)}"
        return f"截至填报日（{cn_date(self.roster_day)}）"

    @property
    def roster_date(self) -> str:
        """“截至2026年11月21日”: the roster label without the word 填报日, for a table cell or
        header, where the sentence beside it says which day that is."""
        return f"截至{cn_date(self.roster_day)}"

    @property
    def dues_label(self) -> str:
        """“截至2026年10月” when only part of the period is counted; '' for the whole."""
        last = self.dues_through
        if not self.dues_partial:
            return ""
        if last is None:
            return "截至填报日尚无已结束的月份"
        return f"截至{last[0]}年{last[1]}月"


def months_between(start: str, end: str) -> tuple[Month, ...]:
    """Every (year, month) from `start`'s month to `end`'s month."""
    y, m = int(start[:4]), int(start[5:7])
    last = (int(end[:4]), int(end[5:7]))
    out = []
    while (y, m) <= last:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return tuple(out)


def on_roster(join_date: str | None, left_date: str | None, day: str) -> bool:
    """On the roster on `day` (ISO): joined on or before it (a month-only join date counts from
    the month's first day; no join date: always in), and not left on or before it. The same rule
    as tui.store.asof.on_roster's SQL, for a roster already read."""
    if join_date is not None and (join_date + "-01" if len(join_date) == 7 else join_date) > day:
        return False
    return left_date is None or left_date > day


def as_of(start: str, end: str, today: dt.date, *, dues_through: Month | None = None) -> AsOf:
    """The as-of day and 党费 months for the period `start`–`end` (ISO) exported on `today`.

    `dues_through` is a month the secretary picked; it is kept within the period and never
    after this month.
    """
    iso = today.isoformat()
    roster_day = max(min(end, iso), start)
    months = months_between(start, end)
    if end < iso:
        last = months[-1]
    else:
        last = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    if dues_through is not None:
        last = min(dues_through, (today.year, today.month))
    counted = tuple(ym for ym in months if ym <= last)
    return AsOf(start, end, iso, roster_day, counted, months)


def parse_month(text: str | None) -> Month | None:
    """'2026-10' or '2026-10-..' → (2026, 10); None or '' → None."""
    if not text:
        return None
    return int(text[:4]), int(text[5:7])
