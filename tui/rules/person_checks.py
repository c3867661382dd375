"""What a name, a phone number and a date can be, checked the way a careful secretary would.

Pure: plain strings in, a Chinese problem (or None) out; the caller names the field. Rare characters of real names (𠮷, 䶮,
the CJK extensions) pass; emoji, digits and stray punctuation do not.
"""

from __future__ import annotations

import re

# CJK ideographs of every block real names use, and the compatibility ideographs.
_CJK = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF), (0x2A700, 0x2EBEF),
    (0x2EBF0, 0x2EE5F), (0x2F800, 0x2FA1F), (0x30000, 0x3134F), (0x31350, 0x323AF),
)
# 买买提·艾力 and names written in Latin letters (a foreign teacher) are names too.
_NAME_MARKS = "·•・.-"
NAME_MAX = 30


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return ch == "〇" or any(lo <= code <= hi for lo, hi in _CJK)


def name_problem(name: str) -> str | None:
    if len(name) > NAME_MAX:
        return f"太长（{len(name)} 个字），最多 {NAME_MAX} 个字"
    # Digits after the first character tell namesakes apart (张伟2), as some rosters do.
    bad = [ch for i, ch in enumerate(name)
           if not (_is_cjk(ch) or ("a" <= ch.lower() <= "z") or ch in _NAME_MARKS or (i and "0" <= ch <= "9"))]
    if bad:
        shown = "".join(dict.fromkeys(bad))
        return f"含有姓名中不会出现的字符：“{shown}”"
    if name[0] in _NAME_MARKS or name[-1] in _NAME_MARKS:
        return f"不能以“{name[0] if name[0] in _NAME_MARKS else name[-1]}”开头或结尾"
    return None


_MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(?:-\d{1,6})?")
_SHORT = re.compile(r"\d{3,8}")       # 校内短号, or a local number without its area code


def phone_problem(phone: str) -> str | None:
    """手机/电话: a mobile (138 1234 5678, +86…), a landline with its area code (0571-8888 8888
    转 123 as 0571-88888888-123) or a short campus number. "1984-01-01" is not a phone."""
    compact = phone.replace(" ", "")
    if _MOBILE.fullmatch(compact.replace("-", "")) and _dashes_group_mobile(compact):
        return None
    if _LANDLINE.fullmatch(compact) or _SHORT.fullmatch(compact):
        return None
    return f"不像电话号码：“{phone}”（手机 11 位，座机如 0571-88888888）"


def _dashes_group_mobile(compact: str) -> bool:
    # 138-1234-5678 is a mobile; 1984-01-01 is a date.
    parts = compact.removeprefix("+86").split("-")
    return len(parts) == 1 or [len(p) for p in parts] in ([3, 4, 4], [3, 8], [7, 4])


ADULT_AGE = 18  # 党章第一章第一条：年满十八岁


def years_between(earlier: str, later: str) -> int:
    """Whole years from one date (YYYY-MM or YYYY-MM-DD) to a later one."""
    y1, m1, d1 = _parts(earlier)
    y2, m2, d2 = _parts(later)
    return y2 - y1 - ((m2, d2) < (m1, d1))


def _parts(iso: str) -> tuple[int, int, int]:
    pieces = [int(p) for p in iso.split("-")]
    return pieces[0], pieces[1] if len(pieces) > 1 else 1, pieces[2] if len(pieces) > 2 else 1


def life_dates_problem(birth: str | None, join: str | None) -> tuple[str, str] | None:
    """(message, field) when 入党日期 does not fit 出生日期."""
    if not birth or not join:
        return None
    if join[:7] <= birth[:7]:
        return "「入党日期」不能早于「出生日期」", "入党日期"
    if years_between(birth, join) < ADULT_AGE:
        return f"「入党日期」时未满 {ADULT_AGE} 周岁（出生于 {birth}），请核对两个日期", "入党日期"
    return None
