"""党费 store: assessments, payments, the ledger, arrears — every figure to the 分."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.store import dues
from tui.store import members as member_store
from tui.store.branch import set_setting
from tui.store.errors import ValidationError

TODAY = dt.date(2026, 11, 21)


def member(db, name="张慧", category="教工", join="2010-06-01", **extra) -> int:
    return member_store.save_member(db, {"name": name, "category": category, "join_date": join, **extra})


def counts(db) -> tuple[int, int]:
    return (db.execute("SELECT count(*) FROM dues_assessments").fetchone()[0],
            db.execute("SELECT count(*) FROM dues_payments").fetchone()[0])


# ── assessment ──


def test_salaried_member_assessed_from_base(db):
    mid = member(db)
    a = dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "8,000"})
    assert (a.base_fen, a.rate_text, a.monthly_fen) == (800_000, "1.5%", 12_000)
    assert a.explanation == "按税后月收入 8,000.00 元的 1.5% 计"
    assert dues.get_assessment(db, mid, 2026).monthly_fen == 12_000


def test_base_from_the_pay_breakdown(db):
    mid = member(db)
    values = {"category": "在职", "post_pay": "3000", "grade_pay": "2000", "basic_perf": "2500.50",
              "allowance": "500", "pension": "640", "medical": "160", "unemployment": "40",
              "annuity": "320", "housing_fund": "960", "income_tax": "100.50"}
    a = dues.assess_from_form(db, mid, 2026, values)
    # 8000.50 − 2220.50 = 5780.00 → 1.5% = 86.70
    assert (a.base_fen, a.monthly_fen) == (578_000, 8_670)
    assert a.breakdown["basic_perf"] == 250_050


def test_base_that_disagrees_with_the_breakdown_is_refused(db):
    mid = member(db)
    with pytest.raises(ValidationError, match="不一致") as err:
        dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "5000", "post_pay": "6000"})
    assert err.value.field == "税后基数"
    assert counts(db) == (0, 0)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("12.345", "最多两位小数"), ("-5", "不能为负数"), ("一百", "不是有效金额"), ("0", "计算基数不能为 0")],
)
def test_bad_base_is_refused_in_chinese_and_nothing_saved(db, typed, message):
    mid = member(db)
    with pytest.raises(ValidationError, match=message) as err:
        dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": typed})
    assert err.value.field == "税后基数"
    assert counts(db) == (0, 0)


def test_salaried_member_without_any_base_is_refused(db):
    mid = member(db)
    with pytest.raises(ValidationError, match="须填写「税后基数」"):
        dues.assess_from_form(db, mid, 2026, {"category": "在职"})


def test_bracket_boundary_through_the_store(db):
    mid = member(db)
    assert dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "3000.00"}).monthly_fen == 1_500
    assert dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "3000.01"}).monthly_fen == 3_000
    assert dues.assess_from_form(db, mid, 2026, {"category": "离退休", "base": "5000"}).monthly_fen == 2_500
    assert dues.assess_from_form(db, mid, 2026, {"category": "离退休", "base": "5000.01"}).monthly_fen == 5_000


def test_monthly_ceiling_of_1000_yuan(db):
    mid = member(db)
    a = dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "60000"})
    assert (a.monthly_fen, a.computed_fen, a.over_ceiling) == (100_000, 120_000, True)
    assert "超出部分自愿多交" in a.explanation


def test_student_amount_and_rounding_are_branch_settings(db):
    student, teacher = member(db, "李明", "学生"), member(db)
    assert dues.save_assessment(db, student, 2026, "学生").monthly_fen == 20
    assert dues.assess_from_form(db, teacher, 2026, {"category": "在职", "base": "3333.33"}).monthly_fen == 3_333
    set_setting(db, "dues.student_fen", 50)
    set_setting(db, "dues.rounding", "up_jiao")
    assert dues.save_assessment(db, student, 2026, "学生").monthly_fen == 50
    assert dues.assess_from_form(db, teacher, 2026, {"category": "在职", "base": "3333.33"}).monthly_fen == 3_340


def test_hardship_reduction_needs_the_approval_reference(db):
    mid = member(db)
    with pytest.raises(ValidationError, match="批准文号") as err:
        dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "6000", "reduction": "20"})
    assert err.value.field == "批准文号"
    a = dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "6000", "reduction": "0",
                                              "reduction_ref": "某党委〔2026〕3号"})
    assert (a.monthly_fen, a.reduction_text) == (0, "免交（某党委〔2026〕3号）")
    with pytest.raises(ValidationError, match="高于按规定应交"):
        dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "6000", "reduction": "100",
                                              "reduction_ref": "某党委〔2026〕3号"})


def test_carry_forward_copies_last_year_with_this_years_rules(db):
    teacher, student, newcomer = member(db), member(db, "李明", "学生"), member(db, "王强")
    dues.assess_from_form(db, teacher, 2025, {"category": "在职", "base": "8000"})
    dues.save_assessment(db, student, 2025, "学生")
    set_setting(db, "dues.student_fen", 50)
    result = dues.carry_forward(db, 2026)
    assert (result.carried, result.fixed, result.missing) == (2, 0, ["王强"])
    assert dues.get_assessment(db, teacher, 2026).monthly_fen == 12_000
    assert dues.get_assessment(db, student, 2026).monthly_fen == 50
    assert dues.get_assessment(db, newcomer, 2026) is None
    assert dues.unassessed(db, 2026) == [(newcomer, "王强")]


def test_carry_forward_does_not_carry_a_hardship_reduction(db):
    mid = member(db)
    dues.assess_from_form(db, mid, 2025, {"category": "在职", "base": "6000", "reduction": "30",
                                          "reduction_ref": "某党委〔2025〕2号"})
    result = dues.carry_forward(db, 2026)
    assert result.reductions == ["张慧"]
    carried = dues.get_assessment(db, mid, 2026)
    assert (carried.monthly_fen, carried.reduction_fen) == (9_000, None)


# ── payments ──


def test_payment_for_a_month_before_joining_is_refused(db):
    mid = member(db, join="2026-03-15", party_status="预备党员")
    dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    with pytest.raises(ValidationError, match="2026-03-15 经支部大会接收入党") as err:
        dues.record_payment(db, mid, 2026, 2, 4_000, "2026-03-20", today=TODAY)
    assert err.value.field == "月份"
    assert counts(db) == (1, 0)
    dues.record_payment(db, mid, 2026, 3, 4_000, "2026-03-20", today=TODAY)  # the admission month is owed


def test_probationary_member_owes_from_the_admission_month(db):
    mid = member(db, join="2026-03-15", party_status="预备党员")
    dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    row = dues.ledger(db, 2026).row_of(mid)
    assert [c.owed for c in row.cells] == [False, False] + [True] * 10
    assert row.due_fen == 10 * 4_000


def test_member_who_left_stops_owing(db):
    mid = member(db)
    dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    member_store.record_leaving(db, mid, "2026-05-10", "转出")
    assert dues.ledger(db, 2026).row_of(mid).due_fen == 5 * 4_000
    with pytest.raises(ValidationError, match="已于 2026-05-10 离开本支部"):
        dues.record_payment(db, mid, 2026, 6, 4_000, "2026-06-01", today=TODAY)


def test_payment_over_what_is_owed_must_be_voluntary(db):
    mid = member(db)
    dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    with pytest.raises(ValidationError, match="超出部分请登记为自愿多交"):
        dues.pay_from_form(db, mid, 2026, 1, {"amount": "40.01", "paid_date": "2026-01-05"})
    dues.pay_from_form(db, mid, 2026, 1, {"amount": "40", "paid_date": "2026-01-05"})
    dues.pay_from_form(db, mid, 2026, 7, {"amount": "1000", "paid_date": "2026-07-01", "note": "七一"}, voluntary=True)
    book = dues.ledger(db, 2026)
    assert (book.paid_fen, book.voluntary_fen) == (4_000, 100_000)
    assert dues.year_totals(db, 2026) == (48_000, 4_000, "8.3%", 100_000, 1)


@pytest.mark.parametrize(("typed", "message"), [("12.345", "最多两位小数"), ("-5", "不能为负数"), ("一百", "不是有效金额"), ("0", "不能为 0")])
def test_bad_payment_amounts(db, typed, message):
    mid = member(db)
    dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    with pytest.raises(ValidationError, match=message):
        dues.pay_from_form(db, mid, 2026, 1, {"amount": typed, "paid_date": "2026-01-05"})
    assert counts(db) == (1, 0)


def test_proxy_payment_names_the_proxy(db):
    mid = member(db)
    dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    with pytest.raises(ValidationError, match="代交人"):
        dues.record_payment(db, mid, 2026, 1, 4_000, "2026-01-05", "代交", today=TODAY)
    dues.record_payment(db, mid, 2026, 1, 4_000, "2026-01-05", "代交", proxy_name="李明", today=TODAY)
    assert dues.list_payments(db, mid)[0].proxy_name == "李明"


def test_quarter_and_whole_month_marking(db):
    a, b, c = member(db, "甲"), member(db, "乙"), member(db, "丙", "学生")
    for mid in (a, b):
        dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    dues.save_assessment(db, c, 2026, "学生")
    months, total = dues.pay_months(db, a, 2026, [10, 11, 12], "2026-10-08", today=TODAY)
    assert (months, total) == ([10, 11, 12], 12_000)
    assert dues.pay_months(db, a, 2026, [10, 11, 12], "2026-10-08", today=TODAY) == ([], 0)
    batch = dues.mark_month_paid(db, 2026, 11, "2026-11-10", collector="王书记", today=TODAY)
    assert (batch.count, batch.total_fen) == (2, 4_000 + 20)   # 甲 had paid November already
    book = dues.ledger(db, 2026)
    assert book.month_paid[10] == 4_000 + 4_000 + 20
    assert dues.collectors(db, 2026) == {b: "王书记", c: "王书记"}


def test_a_mistaken_whole_month_batch_is_undone_in_one_step(db):
    a, b = member(db, "甲"), member(db, "乙")
    for mid in (a, b):
        dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    dues.pay_months(db, a, 2026, [9], "2026-09-08", today=TODAY)
    batch = dues.mark_month_paid(db, 2026, 9, "2026-09-10", today=TODAY)   # meant October
    assert batch.count == 1
    assert dues.undo_month_batch(db, batch) == 1
    book = dues.ledger(db, 2026)
    assert book.month_paid[8] == 4_000          # 甲's own payment stays; the batch is gone
    assert dues.undo_month_batch(db, batch) == 0


def test_backpay_over_six_months_is_flagged(db):
    mid = member(db)
    dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    dues.record_payment(db, mid, 2026, 2, 4_000, "2026-08-31", today=TODAY)   # 6 months: allowed
    dues.record_payment(db, mid, 2026, 1, 4_000, "2026-08-31", today=TODAY)   # 7 months: flagged
    row = dues.ledger(db, 2026).row_of(mid)
    assert [c.backpay_over_limit for c in row.cells[:2]] == [True, False]
    assert "1月补交超过六个月" in row.notes


def test_deleted_payment_leaves_the_totals_and_can_be_restored(db):
    mid = member(db)
    dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    pid = dues.record_payment(db, mid, 2026, 1, 4_000, "2026-01-05", today=TODAY)
    dues.delete_payment(db, pid)
    assert dues.ledger(db, 2026).paid_fen == 0
    assert counts(db) == (1, 1)   # still in the file
    dues.restore_payment(db, pid)
    assert dues.ledger(db, 2026).paid_fen == 4_000


# ── arrears ──


def paid_through(db, mid, months: list[tuple[int, int]]):
    for year, month in months:
        dues.record_payment(db, mid, year, month, dues.get_assessment(db, mid, year).monthly_fen,
                            f"{year}-{month:02d}-05", today=TODAY)


def test_arrears_count_months_in_a_row_across_the_new_year(db):
    late, ok, fresh = member(db, "欠交者"), member(db, "按时者"), member(db, "新党员", join="2026-11-02")
    for mid in (late, ok, fresh):
        for year in (2025, 2026):
            dues.assess_from_form(db, mid, year, {"category": "在职", "base": "4000"})
    paid_through(db, late, [(2025, m) for m in range(1, 12)])            # last paid 2025-11
    paid_through(db, ok, [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 11)])
    found = dues.arrears(db, TODAY)
    assert [(a.name, a.months_unpaid_in_a_row, a.level, a.label, a.since) for a in found] == [
        ("欠交者", 11, "critical", "严重", "2025-12")]
    assert "党章第九条" in found[0].message


@pytest.mark.parametrize(("unpaid", "level"), [(2, "none"), (3, "notice"), (4, "warning"), (5, "warning"), (6, "critical")])
def test_arrears_warn_well_before_six_months(db, unpaid, level):
    mid = member(db)
    dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    paid_through(db, mid, [(2026, m) for m in range(1, 11 - unpaid)])
    (arrear,) = dues.arrears(db, TODAY)
    assert (arrear.months_unpaid_in_a_row, arrear.level) == (unpaid, level)


def test_exempt_and_unassessed_years_are_not_arrears(db):
    exempt, unassessed = member(db, "免交者"), member(db, "未核定")
    dues.assess_from_form(db, exempt, 2026, {"category": "在职", "base": "4000", "reduction": "0", "reduction_ref": "批〔2026〕1号"})
    assert dues.arrears(db, TODAY) == []


def test_unpaid_this_month(db):
    a, b = member(db, "甲"), member(db, "乙")
    for mid in (a, b):
        dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    dues.record_payment(db, a, 2026, 11, 4_000, "2026-11-05", today=TODAY)
    dues.record_payment(db, b, 2026, 11, 1_000, "2026-11-05", today=TODAY)
    assert [(u.name, u.due_fen, u.paid_fen) for u in dues.unpaid_this_month(db, TODAY)] == [("乙", 4_000, 1_000)]


def test_year_totals_so_far(db):
    mid = member(db)
    dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    paid_through(db, mid, [(2026, m) for m in range(1, 10)])
    due, paid, rate, voluntary, assessed = dues.year_totals(db, 2026, through_month=10)
    assert (due, paid, rate, voluntary, assessed) == (40_000, 36_000, "90.0%", 0, 1)
    assert dues.year_totals(db, 2026).rate_text == "75.0%"


# ── property: the ledger's totals are the sums of its payments ──

payment = st.tuples(st.integers(0, 2), st.integers(1, 12), st.integers(1, 5_000), st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(payment, max_size=40))
def test_ledger_totals_equal_the_sum_of_payments(db, payments):
    db.execute("DELETE FROM dues_payments")
    db.execute("DELETE FROM dues_assessments")
    db.execute("DELETE FROM members")
    ids = [member(db, name) for name in ("甲", "乙", "丙")]
    for mid in ids:
        dues.save_assessment(db, mid, 2026, "其他", amount_fen=5_000)
    recorded = []
    for who, month, fen, voluntary in payments:
        try:
            dues.record_payment(db, ids[who], 2026, month, fen, "2026-11-01", voluntary=voluntary, today=TODAY)
        except ValidationError:
            continue  # over what is owed: refused, and must not count
        recorded.append((ids[who], month, fen, voluntary))
    book = dues.ledger(db, 2026)
    regular = [p for p in recorded if not p[3]]
    assert book.paid_fen == sum(p[2] for p in regular)
    assert book.voluntary_fen == sum(p[2] for p in recorded if p[3])
    for m in range(1, 13):
        assert book.month_paid[m - 1] == sum(p[2] for p in regular if p[1] == m)
    for row in book.rows:
        assert row.paid_fen == sum(p[2] for p in regular if p[0] == row.member_id)
        assert all(c.paid_fen <= c.due_fen for c in row.cells)
    assert book.due_fen == 3 * 12 * 5_000
    assert dues.year_totals(db, 2026)[1] == book.paid_fen


def test_a_payment_dated_years_before_its_month_is_refused(db):
    mid = member(db)
    dues.assess_from_form(db, mid, 2026, {"category": "在职", "base": "4000"})
    with pytest.raises(ValidationError, match="早一年以上") as err:
        dues.record_payment(db, mid, 2026, 11, 4_000, "2020-01-01", today=TODAY)
    assert err.value.field == "交纳日期"
    assert dues.ledger(db, 2026).month_paid[10] == 0
    dues.record_payment(db, mid, 2026, 11, 4_000, "2025-12-20", today=TODAY)   # paid ahead: fine
    assert dues.ledger(db, 2026).month_paid[10] == 4_000
