"""Money as integer 分 (fen): parse what a secretary types, format what she reads.

No float ever touches an amount: parsing works on the digit strings, formatting on divmod.
"""

from __future__ import annotations

import re

from tui.rules.dates import fold_width

from tui.errors import InputError

MAX_FEN = 10_000_000 * 100  # 10,000,000 yuan: anything larger is a typing slip

# After folding full-width forms (full-width digits, "．", "，" and "￥" become ASCII / "¥"):
# optional sign, optional ¥, digits (plain or grouped by commas), optional fraction, optional 元.
# (Patterns are compiled on first use, by re's own cache: start-up parses no amount.)
_AMOUNT = (
    r"""
    (?P<sign>[+-]?)\s*
    ¥?\s*
    (?P<int>\d{1,3}(?:,\d{3})+|\d*)
    (?:\.(?P<frac>\d*))?
    \s*元?
    """
)
_AMOUNT_FLAGS = re.VERBOSE | re.ASCII
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2014": "-", "\u2013": "-"})


class MoneyError(InputError):
    """An amount the user typed is not acceptable; the message names the field, in Chinese."""

    def __init__(self, message: str, field: str | None = "金额") -> None:
        super().__init__(message, field)


def parse_yuan(
    text: str,
    field: str = "金额",
    *,
    allow_zero: bool = True,
    allow_negative: bool = False,
) -> int:
    """Parse a yuan amount as typed ("12.34", "1,234.50", "１２.３４", "¥12.34", "12.34元") into fen.

    Extra decimal places are accepted only when they are zeros ("12.340"); "12.345" is refused
    rather than rounded, because a silently rounded amount is a wrong amount.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_yuan expects str, got {type(text).__name__}")
    raw = text.strip()
    if not raw:
        raise MoneyError(f"「{field}」不能为空", field)
    shown = raw if len(raw) <= 30 else raw[:30] + "…"
    normal = fold_width(raw).translate(_MINUS_SIGNS).strip()
    match = re.fullmatch(_AMOUNT, normal, _AMOUNT_FLAGS)
    int_digits = match.group("int").replace(",", "") if match else ""
    frac_digits = (match.group("frac") or "") if match else ""
    if not match or not (int_digits or frac_digits):
        raise MoneyError(f"「{field}」不是有效金额：{shown}", field)
    if len(frac_digits) > 2 and frac_digits[2:].strip("0"):
        raise MoneyError(f"「{field}」最多两位小数：{shown}", field)
    int_digits = int_digits.lstrip("0")
    # Check the length before int(): a pasted 5,000-digit string must not reach int().
    fen = 0
    if len(int_digits) <= len(str(MAX_FEN)):
        fen = int(int_digits or "0") * 100 + int(frac_digits[:2].ljust(2, "0"))
    if len(int_digits) > len(str(MAX_FEN)) or fen > MAX_FEN:
        raise MoneyError(f"「{field}」金额过大（上限 {MAX_FEN // 100:,} 元）：{shown}", field)
    if match.group("sign") == "-" and fen:
        if not allow_negative:
            raise MoneyError(f"「{field}」不能为负数：{shown}", field)
        fen = -fen
    if fen == 0 and not allow_zero:
        raise MoneyError(f"「{field}」不能为 0", field)
    return fen


def format_fen(fen: int, *, thousands: bool = False) -> str:
    """12345 → "123.45"; 20 → "0.20"; with thousands=True, 123450 → "1,234.50"."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError(f"money is int fen, got {type(fen).__name__}")
    yuan, cents = divmod(abs(fen), 100)
    sign = "-" if fen < 0 else ""
    whole = f"{yuan:,}" if thousands else str(yuan)
    return f"{sign}{whole}.{cents:02d}"


def fen_to_yuan_text(fen: int, *, thousands: bool = False) -> str:
    """Same as format_fen (the name screens and exports look for)."""
    return format_fen(fen, thousands=thousands)


def yuan_cn(fen: int) -> str:
    """1234 → "12.34元", as written in a Chinese sentence."""
    return f"{format_fen(fen)}元"
