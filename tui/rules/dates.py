"""Dates as secretaries type them, turned into ISO text ('YYYY-MM-DD', or 'YYYY-MM').

Accepted: 2024-03-05, 2024-3-5, 2024.3.5, 2024/3/5, 20240305, 2024年3月5日, and for fields
that allow a month only: 2024-03, 2024.3, 202403, 2024年3月.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from tui.errors import InputError

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－／　", "0123456789.-/ ")
# re.ASCII: only 0-9 are digits (str.isdigit() and \d would take "²", "٣" or "①" and int() then fails).
# (Compiled on first use, by re's own cache: start-up parses nothing typed.)
_YMD = r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$"
_YM = r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$"
_TIME = r"^(\d{1,2})\s*[:：点.]\s*(\d{2})\s*分?$"
MIN_YEAR, MAX_YEAR = 1900, 2200        # a month-only value (2024-03)
# A full date: wide enough that "later than today" is the message a slip like 2999 gets, narrow
# enough that date arithmetic (a month later, a year before) never leaves Python's 1–9999.
MIN_DATE_YEAR, MAX_DATE_YEAR = 1900, 3000


class DateError(InputError):
    """Chinese message naming the field; `field` is that field's label."""


def ascii_digits(text: str) -> bool:
    """True for a non-empty run of 0-9 only (unlike str.isdigit(), which takes "²" and "①")."""
    return text.isascii() and text.isdigit()


def fold_width(text: str) -> str:
    """Full-width forms (１２．３, ￥, the ideographic space) as their ASCII selves; nothing else.

    Unlike NFKC over the whole text, "²" or "①" stay what they are and are refused later,
    instead of silently becoming another number.
    """
    return "".join(
        unicodedata.normalize("NFKC", c) if "\uff00" <= c <= "\uffef" or c == "\u3000" else c for c in text
    )


def normalize_date(text: str, field: str = "日期", *, allow_month: bool = False) -> str:
    raw = (text or "").translate(_FULLWIDTH).strip()
    if not raw:
        raise DateError(f"「{field}」不能为空", field)
    digits = raw if ascii_digits(raw) else None
    if digits and len(digits) == 8:
        y, m, d = int(digits[:4]), int(digits[4:6]), int(digits[6:])
        return _ymd(y, m, d, field, text)
    if digits and len(digits) == 6 and allow_month:
        return _ym(int(digits[:4]), int(digits[4:]), field, text)
    if match := re.match(_YMD, raw, re.ASCII):
        return _ymd(*map(int, match.groups()), field, text)
    if allow_month and (match := re.match(_YM, raw, re.ASCII)):
        return _ym(*map(int, match.groups()), field, text)
    hint = "如 2024-03-05" + ("，或只填年月如 2024-03" if allow_month else "")
    raise DateError(f"「{field}」不是有效日期：“{text}”（{hint}）", field)


def optional_date(text: str | None, field: str, *, allow_month: bool = False) -> str | None:
    if text is None or not str(text).strip():
        return None
    return normalize_date(str(text), field, allow_month=allow_month)


def _ymd(y: int, m: int, d: int, field: str, text: str) -> str:
    if not MIN_DATE_YEAR <= y <= MAX_DATE_YEAR:
        raise DateError(f"「{field}」不是有效日期：“{text}”（年份应在 {MIN_DATE_YEAR}–{MAX_DATE_YEAR} 之间）", field)
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        raise DateError(f"「{field}」不是有效日期：“{text}”（没有这一天）", field) from None


def _ym(y: int, m: int, field: str, text: str) -> str:
    if not (1 <= m <= 12 and MIN_YEAR <= y <= MAX_YEAR):
        raise DateError(f"「{field}」不是有效年月：“{text}”", field)
    return f"{y:04d}-{m:02d}"


def normalize_time(text: str, field: str = "时间") -> str:
    raw = (text or "").translate(_FULLWIDTH).strip()
    if not raw:
        return ""
    match = re.match(_TIME, raw, re.ASCII)
    if match:
        h, m = int(match.group(1)), int(match.group(2))
        if 0 <= h <= 23 and 0 <= m <= 59:
            return f"{h:02d}:{m:02d}"
    raise DateError(f"「{field}」不是有效时间：“{text}”（如 14:30）", field)


def to_date(iso: str) -> dt.date:
    """ISO text to a date; a month-only value means the first of that month."""
    if len(iso) == 7:
        iso += "-01"
    return dt.date.fromisoformat(iso)


def year_bounds(year: int | str) -> tuple[str, str]:
    """The first and the last ISO day of `year`: ('2025-01-01', '2025-12-31')."""
    year = int(year)
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def period_bounds(
    year: int | str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    *,
    first: str | None = None,
    last: str | None = None,
) -> tuple[str | None, str | None]:
    """The ISO (start, end) a year or a from/to range covers: the whole `year` when one is given,
    else the range, a missing end read as `first` / `last` (None: left open)."""
    if year is not None:
        return year_bounds(year)
    return date_from or first, date_to or last


def cn_date(value: dt.date | str | None) -> str:
    """How a date is written in Chinese, Arabic numerals without leading zeros: a date, or ISO
    text ('2024-02-26', '2024-02-26T09:30') → '2024年2月26日'; a month only ('2024-02') →
    '2024年2月'; None or '' → ''. Text that is not a date raises ValueError with a Chinese message."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 7:
                month = dt.date.fromisoformat(text + "-01")
                return f"{month.year}年{month.month}月"
            value = dt.date.fromisoformat(text[:10])
        except ValueError:
            pass
    if not isinstance(value, dt.date):
        raise ValueError(f"日期格式不正确：{value!r}（应为 2024-02-26 这样的格式）")
    return f"{value.year}年{value.month}月{value.day}日"
