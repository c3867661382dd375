"""党费 rules as versioned data, and the pure functions that apply them.

Sources: 中组发〔2008〕3号 (rates, brackets, fixed amounts, 补交), 组电明字〔2017〕5号 (what the
base excludes), 党章 第九条 (six consecutive months unpaid). Every amount is integer 分 (fen);
rates are basis points (50 bp = 0.5%). Plain values in, plain values out: no SQL, no Textual.
"""

import re
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

from tui.errors import InputError
from tui.rules.dates import ascii_digits
from tui.rules.money import format_fen


class DuesError(InputError):
    """A dues input or setting breaks the rules; the message is Chinese and names the field,
    `field` gives it (the rules' label: 计算基数, 批准文号, 月应交, a setting's or 核定项目's label)."""


# ── categories ──

SALARIED = "在职"
RETIRED = "离退休"
STUDENT = "学生"
UNEMPLOYED = "失业"
RELIEF = "低保"
FARMER = "农民"
OTHER = "其他"

CATEGORIES: tuple[str, ...] = (SALARIED, RETIRED, STUDENT, UNEMPLOYED, RELIEF, FARMER, OTHER)
FIXED_AMOUNT_CATEGORIES: tuple[str, ...] = (STUDENT, UNEMPLOYED, RELIEF, FARMER)
# Words secretaries use for the same category (rosters, spreadsheets).
CATEGORY_ALIASES = MappingProxyType(
    {"困难": RELIEF, "生活困难": RELIEF, "退休": RETIRED, "离休": RETIRED, "在岗": SALARIED}
)


def normalize_category(text: str) -> str:
    """"困难" → "低保", "退休" → "离退休"; an unknown word is an error."""
    word = (text or "").strip()
    word = CATEGORY_ALIASES.get(word, word)
    if word not in CATEGORIES:
        raise DuesError(f"「党费类别」无效：{text}（可选：{'、'.join(CATEGORIES)}）", "党费类别")
    return word


# ── rounding ──

HALF_UP_FEN = "half_up_fen"
UP_JIAO = "up_jiao"
ROUNDING_MODES = MappingProxyType(
    {
        HALF_UP_FEN: "四舍五入到分",
        UP_JIAO: "向上取整到角（最低 0.10 元）",
    }
)


# ── the rule set ──

Bracket = tuple[int | None, int]  # (upper bound in fen, inclusive, or None; rate in bp)


@dataclass(frozen=True)
class DuesRuleSet:
    """One version of the dues rules. A branch's local settings derive a new one (see below)."""

    id: str
    name: str
    source: str
    effective_year: int
    salaried_brackets: tuple[Bracket, ...]
    retired_brackets: tuple[Bracket, ...]
    fixed_amounts: tuple[tuple[str, int], ...]  # (category, fen per month)
    monthly_ceiling_fen: int = 100_000
    rounding: str = HALF_UP_FEN

    def __post_init__(self) -> None:
        for label, brackets in (("在职", self.salaried_brackets), ("离退休", self.retired_brackets)):
            _check_brackets(label, brackets)
        missing = set(FIXED_AMOUNT_CATEGORIES) - {c for c, _ in self.fixed_amounts}
        if missing:
            raise DuesError(f"党费规则缺少固定金额：{'、'.join(sorted(missing))}")
        if self.rounding not in ROUNDING_MODES:
            raise DuesError(f"「取整方式」无效：{self.rounding}", "取整方式")

    def fixed_fen(self, category: str) -> int:
        return dict(self.fixed_amounts)[category]


def _check_brackets(label: str, brackets: tuple[Bracket, ...]) -> None:
    uppers = [upper for upper, _ in brackets]
    if not brackets or uppers[-1] is not None or None in uppers[:-1]:
        raise DuesError(f"{label}党员的比例档次须以“以上”一档结尾")
    if uppers[:-1] != sorted(set(uppers[:-1])):
        raise DuesError(f"{label}党员的比例档次须按金额从低到高排列")


NATIONAL_2008 = DuesRuleSet(
    id="national-2008",
    name="全国党费收缴标准（2008）",
    source="中组发〔2008〕3号；组电明字〔2017〕5号",
    effective_year=2008,
    # ≤3000 0.5%; ≤5000 1%; ≤10000 1.5%; above 2% (monthly pay after tax)
    salaried_brackets=((300_000, 50), (500_000, 100), (1_000_000, 150), (None, 200)),
    # ≤5000 0.5%; above 1% (pension total)
    retired_brackets=((500_000, 50), (None, 100)),
    fixed_amounts=((STUDENT, 20), (UNEMPLOYED, 20), (RELIEF, 20), (FARMER, 20)),
    monthly_ceiling_fen=100_000,
    rounding=HALF_UP_FEN,
)
RULESETS = MappingProxyType({NATIONAL_2008.id: NATIONAL_2008})

# ── local settings (from the settings table: key → JSON value) ──

FIXED_FEN_MIN = 20  # 0.20 yuan: the national amount; local rules only raise it
FIXED_FEN_MAX = 100  # 1.00 yuan: the top of the farmers' provincial range
_FIXED_SETTING = {
    "dues.student_fen": STUDENT,
    "dues.unemployed_fen": UNEMPLOYED,
    "dues.relief_fen": RELIEF,
    "dues.farmer_fen": FARMER,
}
DUES_SETTINGS = MappingProxyType(
    {
        "dues.student_fen": "学生党员每月党费",
        "dues.unemployed_fen": "失业党员每月党费",
        "dues.relief_fen": "低保/困难党员每月党费",
        "dues.farmer_fen": "农民党员每月党费",
        "dues.rounding": "党费取整方式",
        "dues.local_source": "本地规定依据",
    }
)


def ruleset_with_overrides(base: DuesRuleSet, overrides: Mapping[str, Any]) -> DuesRuleSet:
    """Apply the branch's local dues settings to `base`.

    Keys are those of DUES_SETTINGS ("dues.student_fen": 50, "dues.rounding": "up_jiao", …);
    keys outside the "dues." namespace are ignored so the whole settings table can be passed;
    None means "not set". Amounts are int fen (a digit string is accepted: settings are JSON).
    """
    fixed = dict(base.fixed_amounts)
    changes: dict[str, Any] = {}
    notes: list[str] = []
    for key, value in overrides.items():
        if not key.startswith("dues.") or value is None:
            continue
        if key not in DUES_SETTINGS:
            raise DuesError(f"未知的党费设置项：{key}")
        label = DUES_SETTINGS[key]
        if key in _FIXED_SETTING:
            fen = _setting_fen(label, value)
            if fixed[_FIXED_SETTING[key]] != fen:
                fixed[_FIXED_SETTING[key]] = fen
                notes.append(f"{label} {format_fen(fen)} 元")
        elif key == "dues.rounding":
            if value not in ROUNDING_MODES:
                choices = "、".join(ROUNDING_MODES)
                raise DuesError(f"「{label}」无效：{value}（可选：{choices}）", label)
            if value != base.rounding:
                changes["rounding"] = value
                notes.append(f"{label}：{ROUNDING_MODES[value]}")
        elif key == "dues.local_source":
            if not isinstance(value, str):
                raise DuesError(f"「{label}」须为文字", label)
            if value.strip():
                notes.insert(0, value.strip())
    if not notes and not changes:
        return base
    return replace(
        base,
        id=f"{base.id}+local",
        name=f"{base.name}（本支部设置）",
        source=f"{base.source}；本支部设置：{'，'.join(notes)}",
        fixed_amounts=tuple(fixed.items()),
        **changes,
    )


def _setting_fen(label: str, value: Any) -> int:
    if isinstance(value, str) and ascii_digits(value.strip()) and len(value.strip()) < 10:
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool):
        raise DuesError(f"「{label}」须为以分计的整数：{value!r}", label)
    if not FIXED_FEN_MIN <= value <= FIXED_FEN_MAX:
        low, high = format_fen(FIXED_FEN_MIN), format_fen(FIXED_FEN_MAX)
        raise DuesError(f"「{label}」须在 {low}–{high} 元之间：{format_fen(value)} 元", label)
    return value


# ── 党费核定表: the after-tax base ──


class BreakdownField(NamedTuple):
    key: str
    label: str  # for forms
    short: str  # column header of the 核定表
    sign: int  # +1 counts towards the base, −1 is deducted


BREAKDOWN_FIELDS: tuple[BreakdownField, ...] = (
    BreakdownField("post_pay", "岗位工资", "岗位工资", +1),
    BreakdownField("grade_pay", "薪级工资", "薪级工资", +1),
    BreakdownField("basic_perf", "基础性绩效", "基础性绩效", +1),
    BreakdownField("allowance", "津贴补贴", "津贴补贴", +1),
    BreakdownField("pension", "养老保险", "养老", -1),
    BreakdownField("medical", "医疗保险", "医疗", -1),
    BreakdownField("unemployment", "失业保险", "失业", -1),
    BreakdownField("annuity", "职业年金", "职业年金", -1),
    BreakdownField("housing_fund", "住房公积金", "公积金", -1),
    BreakdownField("income_tax", "个人所得税", "个税", -1),
)
_BREAKDOWN_BY_KEY = {f.key: f for f in BREAKDOWN_FIELDS}


def assessed_base(breakdown: Mapping[str, int]) -> int:
    """税后基数 in fen from the 核定表 breakdown; missing items count as 0.

    Every item is entered as a non-negative amount; the sign comes from BREAKDOWN_FIELDS.
    """
    total = 0
    for key, fen in breakdown.items():
        item = _BREAKDOWN_BY_KEY.get(key)
        if item is None:
            raise DuesError(f"未知的核定项目：{key}")
        if not isinstance(fen, int) or isinstance(fen, bool):
            raise DuesError(f"「{item.label}」须为以分计的整数：{fen!r}", item.label)
        if fen < 0:
            raise DuesError(f"「{item.label}」不能为负数：{format_fen(fen)}", item.label)
        total += item.sign * fen
    if total < 0:
        raise DuesError(f"扣除项合计超过应发合计，税后基数为 {format_fen(total)} 元：请核对核定表", "税后基数")
    return total


# ── rates and the monthly amount ──


def rate_label(bp: int | None) -> str:
    """50 → "0.5%", 100 → "1%", 150 → "1.5%"; None (fixed amount) → "—"."""
    if bp is None:
        return "—"
    whole, rest = divmod(bp, 100)
    return f"{whole}.{rest:02d}".rstrip("0").rstrip(".") + "%"


def rate_bp(category: str, base_fen: int, rules: DuesRuleSet = NATIONAL_2008) -> int | None:
    """The rate in basis points for `base_fen`, brackets inclusive at the upper bound.

    None for categories that pay a fixed or explicit amount.
    """
    category = normalize_category(category)
    if category == SALARIED:
        brackets = rules.salaried_brackets
    elif category == RETIRED:
        brackets = rules.retired_brackets
    else:
        return None
    _check_fen("计算基数", base_fen)
    for upper, bp in brackets:
        if upper is None or base_fen <= upper:
            return bp
    raise AssertionError("brackets end with an open bracket")  # guarded by DuesRuleSet


def round_fen(numerator: int, denominator: int, rounding: str) -> int:
    """Round the non-negative fraction numerator/denominator (in fen) by the rounding mode."""
    if rounding == HALF_UP_FEN:
        return (2 * numerator + denominator) // (2 * denominator)
    if rounding == UP_JIAO:
        jiao = -(-numerator // (10 * denominator))  # ceiling division
        return max(jiao, 1) * 10
    raise DuesError(f"「取整方式」无效：{rounding}", "取整方式")


@dataclass(frozen=True)
class Reduction:
    """Approved 少交 (monthly_fen > 0) or 免交 (monthly_fen == 0), with its 批准文号."""

    monthly_fen: int
    approval_ref: str

    def __post_init__(self) -> None:
        _check_fen("批准的月交金额", self.monthly_fen)
        if not self.approval_ref.strip():
            raise DuesError("少交/免交须填写上级党委的批准文号", "批准文号")

    @property
    def kind(self) -> str:
        return "免交" if self.monthly_fen == 0 else "少交"


class DueResult(NamedTuple):
    monthly_fen: int  # what the member owes each month (月应交)
    rate_bp: int | None  # None for fixed and explicit amounts
    over_ceiling: bool  # the rate gave more than the normal monthly ceiling
    note: str  # Chinese, for the 备注 column and the screen
    computed_fen: int | None = None  # by the rate alone, before ceiling and reduction


def monthly_due(
    category: str,
    base_fen: int,
    rules: DuesRuleSet = NATIONAL_2008,
    rounding: str | None = None,
    reduction: Reduction | None = None,
    *,
    amount_fen: int | None = None,
) -> DueResult:
    """月应交 for one member.

    - 在职/离退休: base × rate, rounded by `rounding` (None: the rule set's setting, whose
      default is half-up to the 分). A base of 0 is an error: the 核定 is missing.
    - 学生/失业/低保/农民: the rule set's fixed amount (not rounded: it is set in whole fen).
    - 其他: `amount_fen`, the amount the branch decided; required.
    - Ceiling: when the rate gives more than the normal ceiling (1000 yuan), the member OWES
      the ceiling and over_ceiling is True; `computed_fen` keeps the rate's amount so the
      screen can say that paying it in full is welcome but voluntary (domain §4: "more is
      voluntary"). Owing the ceiling keeps the 台账 honest: a member who pays 1000 yuan is
      not shown as in arrears, and a payment above it is recorded as 自愿多交.
    - `reduction` (少交/免交, approved) replaces the amount; it may not exceed the normal one.
    """
    category = normalize_category(category)
    rounding = rules.rounding if rounding is None else rounding
    if rounding not in ROUNDING_MODES:
        raise DuesError(f"「取整方式」无效：{rounding}", "取整方式")

    if category in FIXED_AMOUNT_CATEGORIES:
        fixed = rules.fixed_fen(category)
        result = DueResult(fixed, None, False, f"{category}党员每月 {format_fen(fixed)} 元", fixed)
    elif category == OTHER:
        if amount_fen is None:
            raise DuesError("「其他」类别须填写月应交金额", "月应交")
        _check_fen("月应交", amount_fen)
        result = DueResult(amount_fen, None, False, "按支部决定的金额交纳", amount_fen)
    else:
        result = _by_rate(category, base_fen, rules, rounding, reduced=reduction is not None)

    if reduction is None:
        return result
    if result.computed_fen is not None and reduction.monthly_fen > result.monthly_fen:
        raise DuesError(
            f"批准的{reduction.kind}金额 {format_fen(reduction.monthly_fen)} 元"
            f"高于按规定应交的 {format_fen(result.monthly_fen)} 元",
            "批准的月交金额",
        )
    note = f"{reduction.kind}，批准文号：{reduction.approval_ref.strip()}"
    if reduction.monthly_fen:
        note = f"{note}，每月 {format_fen(reduction.monthly_fen)} 元"
    return DueResult(reduction.monthly_fen, result.rate_bp, False, note, result.computed_fen)


def _by_rate(
    category: str, base_fen: int, rules: DuesRuleSet, rounding: str, *, reduced: bool
) -> DueResult:
    bp = rate_bp(category, base_fen, rules)
    assert bp is not None
    if base_fen == 0:
        if reduced:  # an approved 免交/少交 stands even without a 核定 base
            return DueResult(0, bp, False, "", None)
        raise DuesError(f"{category}党员的计算基数不能为 0", "计算基数")
    computed = round_fen(base_fen * bp, 10_000, rounding)
    base_text = "税后月收入" if category == SALARIED else "离退休费"
    note = f"按{base_text} {format_fen(base_fen, thousands=True)} 元的 {rate_label(bp)} 计"
    ceiling = rules.monthly_ceiling_fen
    if computed > ceiling:
        note = (
            f"{note}为 {format_fen(computed, thousands=True)} 元；"
            f"每月应交 {format_fen(ceiling, thousands=True)} 元，"
            f"超出部分自愿多交"
        )
        return DueResult(ceiling, bp, True, note, computed)
    return DueResult(computed, bp, False, note, computed)


def _check_fen(label: str, fen: int) -> None:
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError(f"{label}: money is int fen, got {type(fen).__name__}")
    if fen < 0:
        raise DuesError(f"「{label}」不能为负数：{format_fen(fen)}", label)


# ── which months are owed ──

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", re.ASCII)


def _year_month(text: str | None, label: str) -> tuple[int, int] | None:
    if text is None or not text.strip():
        return None
    match = _ISO_DATE.fullmatch(text.strip())
    try:
        if not match:
            raise ValueError
        year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
        date(year, month, day)
    except ValueError:
        raise DuesError(f"「{label}」不是有效日期：{text}（格式：2025-03-20 或 2025-03）", label) from None
    return year, month


def months_due(
    year: int,
    join_date: str | None,
    admitted_date: str | None = None,
    left_date: str | None = None,
) -> list[int]:
    """Months 1–12 of `year` in which the member owes dues.

    - From the month of the 支部大会 that admitted them (`admitted_date`, else `join_date`),
      that month included: 预备党员 pay from the day of admission. No date: owed all year.
    - Up to and including the month of leaving (`left_date`). One simple rule: the member owes
      for every month in which they belonged to the branch for at least a day, so the 介绍信's
      "党费交到某年某月" is the month of leaving and the receiving branch starts the month after.
    """
    start = _year_month(admitted_date, "支部大会接收日期") or _year_month(join_date, "入党日期")
    end = _year_month(left_date, "离开支部日期")
    first = 1 if start is None or start[0] < year else (start[1] if start[0] == year else 13)
    last = 12 if end is None or end[0] > year else (end[1] if end[0] == year else 0)
    return list(range(first, last + 1))


# ── arrears: 党章 第九条 ──

ARREARS_NOTICE_MONTHS = 3
ARREARS_WARNING_MONTHS = 4
PARTY_CONSTITUTION_MONTHS = 6  # 党章 第九条: six consecutive months without good reason


class ArrearsLevel(StrEnum):
    """How far behind a member is: by months unpaid in a row (党章第九条 at six)."""

    NONE = "none"
    NOTICE = "notice"       # ≥ ARREARS_NOTICE_MONTHS
    WARNING = "warning"     # ≥ ARREARS_WARNING_MONTHS
    CRITICAL = "critical"   # ≥ PARTY_CONSTITUTION_MONTHS


ARREARS_LABELS = MappingProxyType({
    ArrearsLevel.NONE: "正常", ArrearsLevel.NOTICE: "提醒", ArrearsLevel.WARNING: "警示", ArrearsLevel.CRITICAL: "严重",
})


def _month_index(year_month: tuple[int, int]) -> int:
    year, month = year_month
    return year * 12 + (month - 1)


def consecutive_unpaid(
    months_owed: list[tuple[int, int]], paid: set[tuple[int, int]], upto: tuple[int, int]
) -> int:
    """Length of the run of unpaid owed months that ends at `upto` (year, month).

    Walks back month by month, across year boundaries, and stops at the first month that is
    paid or not owed (before joining, after leaving). So 0 when `upto` itself is paid or not
    owed. An approved 免交 month should be left out of `months_owed` (or put in `paid`).
    """
    owed = {_month_index(m) for m in months_owed}
    done = {_month_index(m) for m in paid}
    run, index = 0, _month_index(upto)
    while index in owed and index not in done:
        run += 1
        index -= 1
    return run


def arrears_level(unpaid_months: int) -> ArrearsLevel:
    """NONE, NOTICE (≥3), WARNING (≥4) or CRITICAL (≥6, the 党章 limit)."""
    if unpaid_months >= PARTY_CONSTITUTION_MONTHS:
        return ArrearsLevel.CRITICAL
    if unpaid_months >= ARREARS_WARNING_MONTHS:
        return ArrearsLevel.WARNING
    if unpaid_months >= ARREARS_NOTICE_MONTHS:
        return ArrearsLevel.NOTICE
    return ArrearsLevel.NONE


def arrears_message(unpaid_months: int) -> str:
    """The sentence a screen shows next to the level; "" when there is nothing to say."""
    level = arrears_level(unpaid_months)
    if level == ArrearsLevel.NONE:
        return ""
    text = f"已连续 {unpaid_months} 个月未交纳党费"
    if level == ArrearsLevel.CRITICAL:
        return f"{text}：党章第九条规定，无正当理由连续六个月不交纳党费的，视为自行脱党"
    left = PARTY_CONSTITUTION_MONTHS - unpaid_months
    return f"{text}，距党章第九条规定的六个月还有 {left} 个月，请及时提醒"


# ── 补交 ──

BACKPAY_LIMIT_MONTHS = 6


def backpay_months(payment_month: tuple[int, int], paid_on: date) -> int:
    """Whole calendar months from the owed month to the payment: March dues paid in March → 0,
    paid in September → 6. Negative when paid in advance."""
    return _month_index((paid_on.year, paid_on.month)) - _month_index(payment_month)


def is_backpay_over_limit(
    payment_month: tuple[int, int], paid_on: date, limit: int = BACKPAY_LIMIT_MONTHS
) -> bool:
    """True when the payment comes more than `limit` months after the owed month."""
    return backpay_months(payment_month, paid_on) > limit


# ── the yearly 公示 ──


def collection_rate(due_fen: int, paid_fen: int) -> str:
    """paid / due as a percentage with one decimal, rounded half-up: "98.5%"; "—" if nothing due."""
    _check_fen("应交", due_fen)
    _check_fen("实交", paid_fen)
    if due_fen == 0:
        return "—"
    tenths = (2000 * paid_fen + due_fen) // (2 * due_fen)
    whole, tenth = divmod(tenths, 10)
    return f"{whole}.{tenth}%"
