"""Numbers and months written in 大写 (贰零贰陆年叁月, 叁拾 天), as the 组织关系介绍信 asks for
its 党费交至 and 有效期 (组通字〔2006〕45号 format). Plain values in, text out."""

from __future__ import annotations

from tui.errors import InputError

DIGITS = "零壹贰叁肆伍陆柒捌玖"


def upper_digits(number: int) -> str:
    """Digit by digit, as a year is written: 2026 → 贰零贰陆."""
    if number < 0:
        raise InputError(f"不能写成大写：{number}")
    return "".join(DIGITS[int(d)] for d in str(number))


def upper_number(number: int) -> str:
    """A count in 大写, 1–9999: 10 → 拾, 15 → 拾伍, 30 → 叁拾, 105 → 壹佰零伍, 110 → 壹佰壹拾."""
    if not 0 < number < 10_000:
        raise InputError(f"不能写成大写：{number}（应为 1–9999）")
    units = ((1000, "仟"), (100, "佰"), (10, "拾"), (1, ""))
    out, zero, started = [], False, False
    for size, unit in units:
        digit = number // size % 10
        if digit == 0:
            zero = started
            continue
        if zero:
            out.append("零")
            zero = False
        if not (size == 10 and digit == 1 and not started):   # 拾伍, not 壹拾伍, at the front
            out.append(DIGITS[digit])
        out.append(unit)
        started = True
    return "".join(out)


def upper_month(year_month: str) -> str:
    """'2026-03' (or '2026-03-15') → 贰零贰陆年叁月."""
    try:
        year, month = int(year_month[:4]), int(year_month[5:7])
    except (TypeError, ValueError):
        raise InputError(f"不是有效年月：{year_month}") from None
    if not 1 <= month <= 12:
        raise InputError(f"不是有效年月：{year_month}")
    return f"{upper_digits(year)}年{upper_number(month)}月"


def upper_date(iso: str) -> str:
    """'2026-03-15' → 贰零贰陆年叁月拾伍日."""
    return f"{upper_month(iso)}{upper_number(int(iso[8:10]))}日"
