"""The year's end as rules: 民主评议 tallies and the 优秀 share, 学时 counting, the 述职 problems share.

Pure functions over plain values (no SQL, no Textual). The numbers are local rules kept as
settings with their source; the defaults below say where they come from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from tui.errors import InputError

# ── settings and their sources ──

EXCELLENT_SHARE = Fraction(1, 3)
EXCELLENT_SOURCE = "各地民主评议党员办法的通常规定：优秀等次一般不超过参评党员的三分之一（以本单位规定为准）"
PROBLEMS_SHARE = Fraction(1, 3)
PROBLEMS_SOURCE = "书记抓基层党建述职的通常要求：“存在问题及原因”不少于全文的三分之一（以上级通知为准）"
STUDY_REQUIRED = 32
STUDY_REQUIRED_LEADERS = 56
STUDY_SOURCE = (
    "《2019—2023年全国党员教育培训工作规划》：党员每年集中学习培训累计不少于32学时，"
    "基层党组织书记和班子成员不少于56学时。2024—2028年的规划数字未经核实，请按上级最新要求修改。"
)
HOURS_RULES = {"hour": "按实际时长（小时）计", "halfday": "半天计4学时、一天计8学时"}
HOURS_RULE = "hour"
PROCEDURES = ("限期改正", "劝退", "除名")      # proposals for 不合格, recorded, not decided here
STUDY_KINDS = ("党校", "网络学院", "上级调训", "其他")
MAX_ENTRY_HOURS = 200                         # one outside training entry: more is a typing error
TALLY_FIELDS = {"excellent": "优秀", "qualified": "合格", "basic": "基本合格", "unqualified": "不合格"}


def parse_share(value: object, field: str) -> Fraction:
    """'1/3', '0.3', '30%' → a share in (0, 1]."""
    text = str(value).strip().replace("％", "%").replace("／", "/")
    try:
        if text.endswith("%"):
            share = Fraction(text[:-1].strip()) / 100
        else:
            share = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise InputError(f"「{field}」应为分数或百分数，如 1/3 或 30%", field) from None
    if not 0 < share <= 1:
        raise InputError(f"「{field}」应大于0且不超过1，现为 {text}", field)
    return share


def share_text(share: Fraction) -> str:
    if share.numerator == 1 and share.denominator <= 10:
        return f"{'零一二三四五六七八九十'[share.denominator]}分之一"
    return f"{float(share) * 100:g}%"


# ── 民主评议 ──

@dataclass(frozen=True)
class Tally:
    voters: int
    excellent: int = 0
    qualified: int = 0
    basic: int = 0
    unqualified: int = 0

    @property
    def counted(self) -> int:
        return self.excellent + self.qualified + self.basic + self.unqualified

    def by_grade(self) -> dict[str, int]:
        return {label: getattr(self, key) for key, label in TALLY_FIELDS.items()}


def count_value(value: object, field: str, *, limit: int = 100_000) -> int:
    text = str(value if value is not None else "").strip()
    if text == "":
        return 0
    try:
        n = int(text)
    except ValueError:
        raise InputError(f"「{field}」应为整数，现为“{text}”", field) from None
    if n < 0:
        raise InputError(f"「{field}」不能为负数", field)
    if n > limit:
        raise InputError(f"「{field}」的数字 {n} 不合理", field)
    return n


def check_tally(who: str, voters: object, counts: dict[str, object]) -> Tally:
    """Counts of one member's 测评票, checked: none negative, their sum not above the voters."""
    v = count_value(voters, f"{who}的参加测评人数")
    values = {key: count_value(counts.get(key), f"{who}的{label}票数") for key, label in TALLY_FIELDS.items()}
    tally = Tally(voters=v, **values)
    if tally.counted > v:
        raise InputError(
            f"{who}的测评票共 {tally.counted} 票（优秀{tally.excellent}、合格{tally.qualified}、"
            f"基本合格{tally.basic}、不合格{tally.unqualified}），超过参加测评的 {v} 人",
            f"{who}的测评票数",
        )
    return tally


def check_grade(who: str, grade: str, grades: tuple[str, ...], field: str) -> str:
    grade = (grade or "").strip()
    if grade and grade not in grades:
        raise InputError(f"{who}的「{field}」只能是 {'/'.join(grades)}，不能是“{grade}”", field)
    return grade


def excellent_limit(evaluated: int, share: Fraction) -> int:
    return math.floor(evaluated * share)


def excellent_check(evaluated: int, excellent: int, share: Fraction) -> str | None:
    """None when 优秀 is within the share; else the sentence saying by how much it is over."""
    limit = excellent_limit(evaluated, share)
    if excellent <= limit:
        return None
    return (f"评定为优秀的 {excellent} 人，超过参评党员 {evaluated} 人的{share_text(share)}"
            f"（最多 {limit} 人）")


def leading_grade(tally: Tally, grades: tuple[str, ...]) -> str:
    """The grade with most votes (ties go to the lower grade: a careful proposal), '' if no votes."""
    votes = tally.by_grade()
    best, best_n = "", 0
    for grade in grades:
        n = votes.get(grade, 0)
        if n and n >= best_n:
            best, best_n = grade, n
    return best


# ── 学时 ──

def meeting_hours(start: str, end: str, rule: str = HOURS_RULE) -> float | None:
    """The 学时 a meeting from `start` to `end` ('HH:MM') counts under `rule`; None without times."""
    minutes = _minutes(end) - _minutes(start) if start and end else None
    if minutes is None or minutes <= 0:
        return None
    if rule == "halfday":
        return 4.0 if minutes <= 4 * 60 else 8.0
    return math.floor(minutes / 30) / 2       # by the hour, to the half hour below


def _minutes(hhmm: str) -> int:
    try:
        h, m = hhmm.strip().split(":")[:2]
        return int(h) * 60 + int(m)
    except (ValueError, AttributeError):
        return -1


def parse_hours(value: object, field: str = "学时") -> int:
    """'2', '1.5' → tenths of an hour, checked (positive, not absurd)."""
    text = str(value if value is not None else "").strip()
    try:
        hours = float(text)
    except ValueError:
        raise InputError(f"「{field}」应为数字，如 2 或 1.5，现为“{text}”", field) from None
    if not math.isfinite(hours) or hours <= 0:
        raise InputError(f"「{field}」应大于0，现为 {text}", field)
    if hours > MAX_ENTRY_HOURS:
        raise InputError(f"「{field}」{text} 不合理：一次培训不超过 {MAX_ENTRY_HOURS} 学时", field)
    tenths = round(hours * 10)
    if abs(tenths - hours * 10) > 1e-6:
        raise InputError(f"「{field}」最多保留一位小数，现为 {text}", field)
    return tenths


def hours_text(tenths: int) -> str:
    return f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths / 10:.1f}"


def required_hours(is_leader: bool, member: int, leaders: int) -> int:
    return leaders if is_leader else member


# ── 述职 ──

def text_length(text: str) -> int:
    """Characters a reader counts: everything but white space."""
    return sum(1 for ch in text or "" if not ch.isspace())


@dataclass(frozen=True)
class ShareReport:
    part: int
    whole: int
    share: Fraction

    @property
    def ok(self) -> bool:
        return self.whole > 0 and Fraction(self.part, self.whole) >= self.share

    def sentence(self) -> str:
        pct = f"{self.part * 100 / self.whole:.1f}%" if self.whole else "0%"
        verdict = "符合" if self.ok else "未达到"
        return (f"“存在问题及原因”部分 {self.part} 字，占全文 {self.whole} 字的 {pct}，"
                f"{verdict}不少于{share_text(self.share)}的要求")
