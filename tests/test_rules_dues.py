import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.rules.dues import (
    ARREARS_LABELS,
    BACKPAY_LIMIT_MONTHS,
    BREAKDOWN_FIELDS,
    CATEGORIES,
    NATIONAL_2008,
    PARTY_CONSTITUTION_MONTHS,
    ROUNDING_MODES,
    DuesError,
    Reduction,
    arrears_level,
    arrears_message,
    assessed_base,
    backpay_months,
    collection_rate,
    consecutive_unpaid,
    is_backpay_over_limit,
    monthly_due,
    months_due,
    normalize_category,
    rate_bp,
    rate_label,
    ruleset_with_overrides,
)
from tui.rules.money import format_fen, parse_yuan


def due(category: str, base_yuan: str, rules=NATIONAL_2008, rounding=None) -> str:
    """月应交 in yuan text, as the 台账 shows it."""
    result = monthly_due(category, parse_yuan(base_yuan), rules, rounding)
    return format_fen(result.monthly_fen)


# ── rates and brackets ──


@pytest.mark.parametrize(
    ("category", "base", "rate"),
    [
        ("在职", "3000.00", "0.5%"),
        ("在职", "3000.01", "1%"),
        ("在职", "5000.00", "1%"),
        ("在职", "5000.01", "1.5%"),
        ("在职", "10000.00", "1.5%"),
        ("在职", "10000.01", "2%"),
        ("离退休", "5000.00", "0.5%"),
        ("离退休", "5000.01", "1%"),
        ("离退休", "100000", "1%"),
    ],
)
def test_brackets_are_inclusive_at_the_upper_bound(category, base, rate):
    assert rate_label(rate_bp(category, parse_yuan(base), NATIONAL_2008)) == rate


@pytest.mark.parametrize("category", ["学生", "失业", "低保", "困难", "农民", "其他"])
def test_fixed_amount_categories_have_no_rate(category):
    assert rate_bp(category, 0, NATIONAL_2008) is None


@pytest.mark.parametrize(
    ("category", "base", "monthly"),
    [
        ("在职", "3000.00", "15.00"),
        ("在职", "3000.01", "30.00"),  # 30.0001 rounds half-up to 30.00
        ("在职", "4999.99", "50.00"),  # 49.9999
        ("在职", "5000.00", "50.00"),
        ("在职", "5000.01", "75.00"),  # 75.00015
        ("在职", "10000.00", "150.00"),
        ("在职", "10000.01", "200.00"),  # 200.0002
        ("在职", "12345.67", "246.91"),  # 246.9134
        ("离退休", "5000.00", "25.00"),
        ("离退休", "5000.01", "50.00"),  # 50.0001
        ("离退休", "4321.00", "21.61"),  # 21.605
    ],
)
def test_monthly_due_at_each_boundary(category, base, monthly):
    assert due(category, base) == monthly


@pytest.mark.parametrize(
    ("base", "monthly"),
    [
        ("1.00", "0.01"),  # 0.005 → 0.01
        ("3.00", "0.02"),  # 0.015 → 0.02
        ("0.99", "0.00"),  # 0.00495 → 0.00
        ("2999.00", "15.00"),  # 14.995 → 15.00
        ("2998.00", "14.99"),  # exact
        ("2997.99", "14.99"),  # 14.98995 → 14.99
        ("2997.00", "14.99"),  # 14.985 → 14.99
    ],
)
def test_half_up_to_the_fen(base, monthly):
    assert due("在职", base) == monthly


@pytest.mark.parametrize(
    ("category", "base", "monthly"),
    [
        ("离退休", "3002.00", "15.10"),  # 15.01 → up to the 角
        ("离退休", "6.00", "0.10"),  # 0.03 → the 0.10 minimum
        ("在职", "3000.00", "15.00"),  # already whole 角: unchanged
        ("在职", "2990.20", "15.00"),  # 14.951 → 15.00
        ("在职", "0.01", "0.10"),
    ],
)
def test_up_jiao_rounding(category, base, monthly):
    assert due(category, base, rounding="up_jiao") == monthly


def test_rounding_setting_comes_from_the_rule_set():
    rules = ruleset_with_overrides(NATIONAL_2008, {"dues.rounding": "up_jiao"})
    assert due("离退休", "3002.00", rules) == "15.10"
    assert due("离退休", "3002.00", rules, rounding="half_up_fen") == "15.01"
    assert due("离退休", "3002.00") == "15.01"


def test_unknown_rounding_mode_is_refused():
    with pytest.raises(DuesError, match="取整方式"):
        monthly_due("在职", 300000, NATIONAL_2008, "round_down")
    assert list(ROUNDING_MODES) == ["half_up_fen", "up_jiao"]


def test_salaried_base_zero_is_an_error():
    with pytest.raises(DuesError, match="^在职党员的计算基数不能为 0$"):
        monthly_due("在职", 0)
    with pytest.raises(DuesError, match="^离退休党员的计算基数不能为 0$"):
        monthly_due("离退休", 0)


def test_negative_base_is_an_error():
    with pytest.raises(DuesError, match="计算基数」不能为负数"):
        monthly_due("在职", -100)


def test_float_base_never_reaches_the_arithmetic():
    with pytest.raises(TypeError):
        monthly_due("在职", 3000.0)


def test_note_explains_the_amount():
    result = monthly_due("在职", parse_yuan("12345.67"))
    assert result.note == "按税后月收入 12,345.67 元的 2% 计"
    assert result.rate_bp == 200
    assert result.over_ceiling is False


# ── fixed amounts and local settings ──


@pytest.mark.parametrize("category", ["学生", "失业", "低保", "困难", "农民"])
def test_fixed_amount_is_twenty_fen_nationally(category):
    result = monthly_due(category, 0)
    assert result.monthly_fen == 20
    assert result.rate_bp is None


def test_students_pay_fifty_fen_where_the_university_says_so():
    rules = ruleset_with_overrides(NATIONAL_2008, {"dues.student_fen": 50})
    assert monthly_due("学生", 0, rules).monthly_fen == 50
    assert monthly_due("学生", 0, rules).note == "学生党员每月 0.50 元"
    assert monthly_due("失业", 0, rules).monthly_fen == 20
    assert "学生党员每月党费 0.50 元" in rules.source
    assert rules.source.startswith("中组发〔2008〕3号")
    assert NATIONAL_2008.fixed_fen("学生") == 20  # the national set is untouched


def test_settings_as_json_text_and_foreign_keys():
    settings = {"dues.farmer_fen": "100", "meetings.party_day": 15, "dues.relief_fen": None}
    rules = ruleset_with_overrides(NATIONAL_2008, settings)
    assert rules.fixed_fen("农民") == 100
    assert rules.fixed_fen("低保") == 20


def test_no_settings_keeps_the_national_rule_set():
    assert ruleset_with_overrides(NATIONAL_2008, {}) is NATIONAL_2008
    assert ruleset_with_overrides(NATIONAL_2008, {"dues.student_fen": 20}) is NATIONAL_2008


def test_local_source_is_recorded():
    rules = ruleset_with_overrides(
        NATIONAL_2008, {"dues.student_fen": 50, "dues.local_source": "校组发〔2019〕12号"}
    )
    assert rules.source == (
        "中组发〔2008〕3号；组电明字〔2017〕5号；本支部设置：校组发〔2019〕12号，学生党员每月党费 0.50 元"
    )
    assert rules.id == "national-2008+local"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"dues.farmer_fen": 150}, "「农民党员每月党费」须在 0.20–1.00 元之间：1.50 元"),
        ({"dues.student_fen": 10}, "「学生党员每月党费」须在 0.20–1.00 元之间：0.10 元"),
        ({"dues.student_fen": 0.5}, "「学生党员每月党费」须为以分计的整数：0.5"),
        ({"dues.student_fen": "0.50"}, "「学生党员每月党费」须为以分计的整数：'0.50'"),
        ({"dues.rounding": "floor"}, "「党费取整方式」无效：floor（可选：half_up_fen、up_jiao）"),
        ({"dues.studnet_fen": 50}, "未知的党费设置项：dues.studnet_fen"),
    ],
)
def test_bad_settings_are_refused_in_chinese(settings, message):
    with pytest.raises(DuesError) as caught:
        ruleset_with_overrides(NATIONAL_2008, settings)
    assert str(caught.value) == message


def test_other_category_needs_an_explicit_amount():
    assert monthly_due("其他", 0, amount_fen=300).monthly_fen == 300
    with pytest.raises(DuesError, match="^「其他」类别须填写月应交金额$"):
        monthly_due("其他", 0)


def test_categories():
    assert CATEGORIES == ("在职", "离退休", "学生", "失业", "低保", "农民", "其他")
    assert normalize_category(" 困难 ") == "低保"
    assert normalize_category("退休") == "离退休"
    with pytest.raises(DuesError, match="「党费类别」无效：教工"):
        normalize_category("教工")


# ── the ceiling ──


def test_ceiling_caps_what_is_owed_and_keeps_the_rate_amount():
    result = monthly_due("在职", parse_yuan("60000.00"))
    assert result.monthly_fen == parse_yuan("1000.00")
    assert result.computed_fen == parse_yuan("1200.00")
    assert result.over_ceiling is True
    assert "自愿" in result.note
    assert "1,200.00" in result.note


def test_exactly_at_the_ceiling_is_not_over():
    result = monthly_due("在职", parse_yuan("50000.00"))
    assert (result.monthly_fen, result.over_ceiling) == (100_000, False)
    result = monthly_due("在职", parse_yuan("50000.25"))  # 1000.005 → 1000.01
    assert (result.monthly_fen, result.over_ceiling) == (100_000, True)


# ── 少交/免交 ──


def test_reduction_overrides_the_computed_amount():
    result = monthly_due("在职", parse_yuan("6000.00"), reduction=Reduction(1000, "校组〔2025〕7号"))
    assert result.monthly_fen == 1000
    assert result.computed_fen == 9000
    assert result.note == "少交，批准文号：校组〔2025〕7号，每月 10.00 元"


def test_exemption_without_a_base():
    result = monthly_due("在职", 0, reduction=Reduction(0, "校组〔2025〕8号"))
    assert result.monthly_fen == 0
    assert result.note == "免交，批准文号：校组〔2025〕8号"


def test_reduction_needs_an_approval_reference():
    with pytest.raises(DuesError, match="批准文号"):
        Reduction(0, "  ")


def test_reduction_cannot_exceed_the_normal_amount():
    with pytest.raises(DuesError, match="批准的少交金额 20.00 元高于按规定应交的 15.00 元"):
        monthly_due("在职", parse_yuan("3000.00"), reduction=Reduction(2000, "校组〔2025〕9号"))


# ── 核定表 ──

FULL_BREAKDOWN = {
    "post_pay": parse_yuan("2800.00"),
    "grade_pay": parse_yuan("1500.00"),
    "basic_perf": parse_yuan("3200.00"),
    "allowance": parse_yuan("800.00"),
    "pension": parse_yuan("664.00"),
    "medical": parse_yuan("166.00"),
    "unemployment": parse_yuan("41.50"),
    "annuity": parse_yuan("332.00"),
    "housing_fund": parse_yuan("996.00"),
    "income_tax": parse_yuan("210.35"),
}


def test_assessed_base_from_a_full_breakdown():
    base = assessed_base(FULL_BREAKDOWN)
    # 8300.00 − (664 + 166 + 41.50 + 332 + 996 + 210.35) = 5890.15
    assert format_fen(base) == "5890.15"
    assert due("在职", format_fen(base)) == "88.35"  # 88.35225


def test_missing_items_count_as_zero():
    assert assessed_base({"post_pay": 300000}) == 300000
    assert assessed_base({}) == 0


@pytest.mark.parametrize(
    ("breakdown", "message"),
    [
        ({"post_pay": 100000, "income_tax": 100001}, "扣除项合计超过应发合计，税后基数为 -0.01 元：请核对核定表"),
        ({"pension": -100}, "「养老保险」不能为负数：-1.00"),
        ({"bonus": 100}, "未知的核定项目：bonus"),
        ({"post_pay": 12.5}, "「岗位工资」须为以分计的整数：12.5"),
    ],
)
def test_bad_breakdowns(breakdown, message):
    with pytest.raises(DuesError) as caught:
        assessed_base(breakdown)
    assert str(caught.value) == message


def test_breakdown_fields_in_form_order_with_signs():
    assert [f.short for f in BREAKDOWN_FIELDS] == [
        "岗位工资", "薪级工资", "基础性绩效", "津贴补贴",
        "养老", "医疗", "失业", "职业年金", "公积金", "个税",
    ]  # fmt: skip
    assert [f.sign for f in BREAKDOWN_FIELDS] == [1] * 4 + [-1] * 6


# ── months owed ──


def test_probationary_member_pays_from_the_admission_month():
    assert months_due(2025, None, "2025-03-20") == list(range(3, 13))


def test_admission_date_wins_over_join_date():
    assert months_due(2025, "2025-01-05", "2025-03-20") == list(range(3, 13))
    assert months_due(2025, "2025-06", None) == list(range(6, 13))


def test_member_since_earlier_years_owes_all_year():
    assert months_due(2025, "1998-07-01") == list(range(1, 13))
    assert months_due(2025, None) == list(range(1, 13))


def test_member_who_left_owes_up_to_the_month_of_leaving():
    assert months_due(2025, "2010-09-01", None, "2025-07-02") == list(range(1, 8))
    assert months_due(2025, "2025-03-20", None, "2025-09-30") == list(range(3, 10))
    assert months_due(2025, "2010-09-01", None, "2024-12-31") == []
    assert months_due(2024, "2025-03-20") == []


def test_bad_dates_name_the_field():
    with pytest.raises(DuesError, match="「离开支部日期」不是有效日期：2025-02-30"):
        months_due(2025, None, None, "2025-02-30")
    with pytest.raises(DuesError, match="「入党日期」不是有效日期：2025年3月"):
        months_due(2025, "2025年3月")


# ── arrears ──


def test_unpaid_run_crosses_the_year_boundary():
    owed = [(2024, m) for m in range(1, 13)] + [(2025, m) for m in range(1, 13)]
    paid = {(2024, m) for m in range(1, 10)}  # paid up to September 2024
    assert consecutive_unpaid(owed, paid, (2025, 2)) == 5
    assert consecutive_unpaid(owed, paid, (2025, 3)) == 6
    assert arrears_level(consecutive_unpaid(owed, paid, (2025, 3))) == "critical"


def test_unpaid_run_stops_at_a_paid_month_or_before_joining():
    owed = [(2025, m) for m in range(3, 13)]
    assert consecutive_unpaid(owed, {(2025, 5)}, (2025, 8)) == 3
    assert consecutive_unpaid(owed, set(), (2025, 4)) == 2
    assert consecutive_unpaid(owed, {(2025, 8)}, (2025, 8)) == 0
    assert consecutive_unpaid(owed, set(), (2026, 1)) == 0  # not owed (left)


@pytest.mark.parametrize(
    ("months", "level"),
    [
        (0, "none"), (2, "none"), (3, "notice"), (4, "warning"),
        (5, "warning"), (6, "critical"), (9, "critical"),
    ],  # fmt: skip
)
def test_arrears_levels(months, level):
    assert arrears_level(months) == level
    assert level in ARREARS_LABELS


def test_arrears_messages():
    assert arrears_message(2) == ""
    assert arrears_message(4) == "已连续 4 个月未交纳党费，距党章第九条规定的六个月还有 2 个月，请及时提醒"
    assert "视为自行脱党" in arrears_message(PARTY_CONSTITUTION_MONTHS)


# ── 补交 ──


def test_backpay_months():
    assert backpay_months((2025, 3), date(2025, 3, 31)) == 0
    assert backpay_months((2025, 3), date(2025, 9, 1)) == 6
    assert backpay_months((2024, 11), date(2025, 2, 10)) == 3
    assert backpay_months((2025, 6), date(2025, 3, 1)) == -3  # paid in advance


def test_backpay_limit_is_six_months():
    assert BACKPAY_LIMIT_MONTHS == 6
    assert not is_backpay_over_limit((2025, 3), date(2025, 9, 30))
    assert is_backpay_over_limit((2025, 3), date(2025, 10, 1))
    assert is_backpay_over_limit((2024, 12), date(2025, 7, 1))


# ── 公示 ──


@pytest.mark.parametrize(
    ("due_fen", "paid_fen", "text"),
    [
        (12000, 12000, "100.0%"),
        (3, 2, "66.7%"),
        (3, 1, "33.3%"),
        (200, 197, "98.5%"),
        (2000, 1999, "100.0%"),  # 99.95 rounds half-up
        (2000, 1998, "99.9%"),
        (100, 0, "0.0%"),
        (100, 110, "110.0%"),
        (0, 0, "—"),
    ],
)
def test_collection_rate(due_fen, paid_fen, text):
    assert collection_rate(due_fen, paid_fen) == text


# ── properties ──

SALARIED_BRACKETS = [(1, 300000), (300001, 500000), (500001, 1000000), (1000001, 10**9)]


@given(
    st.sampled_from(SALARIED_BRACKETS).flatmap(
        lambda b: st.tuples(st.integers(*b), st.integers(*b))
    ),
    st.sampled_from(list(ROUNDING_MODES)),
)
def test_monotonic_within_a_bracket(bases, rounding):
    low, high = sorted(bases)
    small = monthly_due("在职", low, NATIONAL_2008, rounding)
    large = monthly_due("在职", high, NATIONAL_2008, rounding)
    assert small.rate_bp == large.rate_bp
    assert small.monthly_fen <= large.monthly_fen


@given(
    st.sampled_from(["在职", "离退休"]),
    st.integers(1, 10**9),
    st.integers(1, 10**9),
    st.sampled_from(list(ROUNDING_MODES)),
)
def test_monotonic_across_brackets(category, a, b, rounding):
    low, high = sorted((a, b))
    small = monthly_due(category, low, NATIONAL_2008, rounding).monthly_fen
    large = monthly_due(category, high, NATIONAL_2008, rounding).monthly_fen
    assert small <= large <= NATIONAL_2008.monthly_ceiling_fen


@given(st.integers(1, 10**9))
def test_half_up_is_within_half_a_fen_of_the_exact_amount(base):
    result = monthly_due("在职", base)
    exact_times_10000 = base * result.rate_bp
    assert abs(result.computed_fen * 10000 - exact_times_10000) <= 5000


def test_rules_import_neither_textual_nor_sqlite():
    code = (
        "import sys, tui.rules.dues, tui.rules.money;"
        "print(sorted(m for m in ('textual', 'sqlite3', 'sqlite_utils') if m in sys.modules))"
    )
    repo = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo
    )
    assert out.stdout.strip() == "[]"
