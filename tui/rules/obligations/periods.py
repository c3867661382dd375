"""Periods the home judges by (month, quarter, year) and the date arithmetic they need."""

import datetime as dt
from types import MappingProxyType
from typing import NamedTuple

MONTH, QUARTER, YEAR, COUNT = "month", "quarter", "year", "count"
PERIOD_LABELS = MappingProxyType({MONTH: "每月", QUARTER: "每季度", YEAR: "每年"})
PERIOD_MONTHS = MappingProxyType({MONTH: 1, QUARTER: 3, YEAR: 12})
_SPAN_PERIOD = {1: MONTH, 3: QUARTER, 12: YEAR}


def parse_day(text: str | None) -> dt.date | None:
    """ISO text to a date; a month-only value ('2024-03') means the first of the month."""
    if not text:
        return None
    return dt.date.fromisoformat(text + "-01" if len(text) == 7 else text[:10])


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def month_end(year: int, month: int) -> dt.date:
    return add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)


class Period(NamedTuple):
    kind: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        y = self.start.year
        if self.kind == MONTH:
            return f"{y}年{self.start.month}月"
        if self.kind == QUARTER:
            return f"{y}年第{'一二三四'[(self.start.month - 1) // 3]}季度"
        return f"{y}年"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def period_of(day: dt.date, kind: str) -> Period:
    span = PERIOD_MONTHS[kind]
    first_month = (day.month - 1) // span * span + 1
    start = dt.date(day.year, first_month, 1)
    return Period(kind, start, add_months(start, span) - dt.timedelta(days=1))


def previous_period(period: Period) -> Period:
    return period_of(period.start - dt.timedelta(days=1), period.kind)
