"""Find members by name, full pinyin or initials as the user types.

`name_keys` is slow-ish (pypinyin) and runs once per member, when the roster is
loaded or a name changes; `matches` is what runs on every keystroke.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

# Surnames whose reading differs from the character's everyday one. pypinyin
# 0.55 has no surname mode, so the first character(s) of a name are looked up
# here first. Compound surnames are tried before single ones.
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu", "chi"),
    "长孙": ("zhang", "sun"),
    "万俟": ("mo", "qi"),
    "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"),
    "皇甫": ("huang", "fu"),
    "令狐": ("ling", "hu"),
    "宇文": ("yu", "wen"),
    "欧阳": ("ou", "yang"),
    "司马": ("si", "ma"),
    "诸葛": ("zhu", "ge"),
    "上官": ("shang", "guan"),
    "东方": ("dong", "fang"),
    "夏侯": ("xia", "hou"),
    "公孙": ("gong", "sun"),
    "慕容": ("mu", "rong"),
}

SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao",
    "查": "zha", "区": "ou", "盖": "ge", "乐": "yue", "覃": "qin",
    "缪": "miao", "翟": "zhai", "召": "shao", "任": "ren", "华": "hua",
    "燕": "yan", "纪": "ji", "秘": "bi", "宓": "mi", "员": "yun",
    "种": "chong", "隗": "wei", "折": "she", "繁": "po", "尉": "wei",
    "过": "guo", "句": "gou", "阚": "kan", "眭": "sui", "蕃": "pi",
    "藏": "zang", "臧": "zang", "沈": "shen", "柏": "bai", "莘": "shen",
    "朝": "chao", "能": "nai", "便": "pian", "教": "jiao", "薄": "bo",
    "冼": "xian", "洗": "xian", "啜": "chuai", "黑": "he", "相": "xiang",
    "尹": "yin", "车": "che", "郇": "huan", "亓": "qi",
}

_KEEP = re.compile(r"[a-z0-9]+")


def _syllables(name: str) -> list[str]:
    # Names need single-character readings only; pypinyin's phrase dictionary would cost ~45 MB
    # and ~0.1 s to load. Surnames with special readings are corrected by the tables above.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "true")
    from pypinyin import Style, lazy_pinyin

    name = "".join(name.split())
    head: list[str] = []
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        head, name = list(COMPOUND_SURNAMES[name[:2]]), name[2:]
    elif len(name) > 1 and name[0] in SURNAME_READINGS:
        head, name = [SURNAME_READINGS[name[0]]], name[1:]
    pieces = lazy_pinyin(name, style=Style.NORMAL) if name else []
    # Non-Chinese runs come back whole ("Tom", "·"): keep letters/digits only.
    out = list(head)
    for piece in pieces:
        out.extend(_KEEP.findall(piece.lower()))
    return out


def name_keys(name: str) -> tuple[str, str]:
    """(full pinyin without tones or spaces, first letter of each syllable): 张慧 → ("zhanghui", "zh")."""
    syllables = _syllables(name or "")
    return "".join(syllables), "".join(s[0] for s in syllables)


def matches(query: str, name: str, full: str, initials: str) -> bool:
    """True if `query` finds this member: a piece of the name, a prefix of the full
    pinyin or of the initials, or syllable prefixes run together ("zhangh", "zhh")."""
    q = query.strip().lower()
    if not q:
        return True
    if q in name.lower():
        return True
    q = "".join(q.split())
    if not q or not full or q[0] != full[0]:
        return False
    if full.startswith(q) or initials.startswith(q):
        return True
    return any(_prefix_walk(q, split) for split in _splits(full, initials))


def _prefix_walk(q: str, syllables: tuple[str, ...]) -> bool:
    """Can q be cut into non-empty prefixes of consecutive syllables from the first one?"""
    if not q:
        return True
    if not syllables:
        return False
    first, rest = syllables[0], syllables[1:]
    for n in range(min(len(first), len(q)), 0, -1):
        if q[:n] == first[:n] and _prefix_walk(q[n:], rest):
            return True
    return False


@lru_cache(maxsize=8192)
def _splits(full: str, initials: str) -> tuple[tuple[str, ...], ...]:
    """Every way to cut `full` into len(initials) syllables starting with those letters.

    The keys do not store syllable boundaries; the initials pin them down (almost
    always to exactly one split), and the result is cached per member.
    """
    found: list[tuple[str, ...]] = []

    def walk(pos: int, k: int, acc: tuple[str, ...]) -> None:
        if len(found) >= 8:
            return
        if k == len(initials):
            if pos == len(full):
                found.append(acc)
            return
        if pos >= len(full) or full[pos] != initials[k]:
            return
        if k == len(initials) - 1:
            walk(len(full), k + 1, acc + (full[pos:],))
            return
        for end in range(pos + 1, len(full)):
            if full[end] == initials[k + 1]:
                walk(end, k + 1, acc + (full[pos:end],))

    walk(0, 0, ())
    return tuple(found)
