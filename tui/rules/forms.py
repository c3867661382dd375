"""Periods and percentages for the forms: plain values in, plain values out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tui.rules.dates import DateError, cn_date, normalize_date, year_bounds
from tui.rules.deadline_status import DeadlineStatus  # noqa: F401 (its home: start-up loads that, not this module)
from tui import clock


@dataclass(frozen=True)
class Period:
    start: str          # ISO date, inclusive
    end: str            # ISO date, inclusive
    year: int           # the year the form is filed under (the end's year for a range)
    label: str          # for file names and titles: "2025" or "2024-09-01至2025-08-31"

    @property
    def is_year(self) -> bool:
        return (self.start, self.end) == year_bounds(self.year)

    @property
    def title(self) -> str:
        """What a heading says: "2025年度" or "2024年9月1日至2025年8月31日"."""
        if self.is_year:
            return f"{self.year}年度"
        return f"{cn_date(self.start)}至{cn_date(self.end)}"

    def months(self) -> list[tuple[int, int]]:
        """Every (year, month) the period touches."""
        y, m = int(self.start[:4]), int(self.start[5:7])
        end = (int(self.end[:4]), int(self.end[5:7]))
        out = []
        while (y, m) <= end:
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


def resolve_period(
    year: int | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    *,
    today: dt.date | None = None,
) -> Period:
    """A year, or a from/to range (either end may be missing), or else this year."""
    today = today or clock.today()
    if date_from or date_to:
        if year is not None:
            raise DateError("「年度」和「起止日期」只能填一种", "年度")
        start = normalize_date(date_from, "起始日期") if date_from else None
        end = normalize_date(date_to, "截止日期") if date_to else None
        if start is None:
            start = f"{int(end[:4])}-01-01"
        if end is None:
            end = today.isoformat() if start <= today.isoformat() else f"{int(start[:4])}-12-31"
        if end < start:
            raise DateError("「截止日期」不能早于「起始日期」", "截止日期")
        return Period(start, end, int(end[:4]), f"{start}至{end}")
    if year is None:
        year = today.year
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DateError(f"「年度」应为四位数年份，如 {today.year}", "年度") from None
    if not 1949 <= year <= 2200:
        raise DateError(f"「年度」不是有效年份：{year}", "年度")
    return Period(*year_bounds(year), year, str(year))


def percent(part: int, whole: int) -> str:
    """part/whole as a percentage with one decimal, half-up: "87.5%"; "—" when whole is 0."""
    if whole <= 0:
        return "—"
    tenths = (2000 * part + whole) // (2 * whole)
    whole_pct, tenth = divmod(tenths, 10)
    return f"{whole_pct}.{tenth}%" if tenth else f"{whole_pct}%"
