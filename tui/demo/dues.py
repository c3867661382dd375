"""Demo dues: ten years of 年初核定 and monthly payments, with realistic late payers.

Most members pay every month; some pay by the quarter in advance; some let months pile up and
pay a batch (now and then more than six months late: a 补交 the ledger flags); a few have
stopped paying recently, so the arrears list has people at each warning level. Written with
bulk inserts: the large demo has some 60,000 payments.
"""

from __future__ import annotations

import datetime as dt
import json
import random

from tui.rules import dues as rules
from tui.store.dues import default_category

REFS = ("某某学院党委〔{year}〕{n}号",)


def _breakdown(gross_yuan: int) -> dict[str, int]:
    """A plausible 事业单位 pay slip in fen for a monthly gross of `gross_yuan`."""
    post = gross_yuan * 30 // 100
    grade = gross_yuan * 25 // 100
    allowance = gross_yuan * 10 // 100
    perf = gross_yuan - post - grade - allowance
    pension, medical, unemployment = gross_yuan * 8 // 100, gross_yuan * 2 // 100, gross_yuan // 200
    annuity, housing = gross_yuan * 4 // 100, gross_yuan * 12 // 100
    taxable = gross_yuan - pension - medical - unemployment - annuity - housing - 5000
    tax = 0 if taxable <= 0 else (taxable * 3 // 100 if taxable <= 3000 else 90 + (taxable - 3000) // 10)
    yuan = {
        "post_pay": post, "grade_pay": grade, "basic_perf": perf, "allowance": allowance,
        "pension": pension, "medical": medical, "unemployment": unemployment, "annuity": annuity,
        "housing_fund": housing, "income_tax": tax,
    }
    return {k: v * 100 for k, v in yuan.items()}


def _day(rng: random.Random, year: int, month: int, low: int = 3, high: int = 25) -> dt.date:
    return dt.date(year, month, rng.randint(low, high))


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def generate(db, ctx) -> None:
    # A generator of its own, so the other demo steps see the same shared sequence either way.
    rng = random.Random(ctx.today.toordinal() * 31 + len(ctx.member_ids))
    today, first_year = ctx.today, ctx.first_year
    ruleset = rules.NATIONAL_2008
    people = db.execute("SELECT id, name, category, join_date, left_date FROM members ORDER BY id").fetchall()
    names = {p[0]: p[1] for p in people}
    collector = names.get(ctx.committee.get("组织委员") or ctx.committee.get("书记"), "")
    active = [p[0] for p in people if p[4] is None]

    # Behaviour per member: most pay monthly; the rest by quarter or in late batches.
    profile = {}
    for member_id, *_ in people:
        roll = rng.random()
        profile[member_id] = "monthly" if roll < 0.62 else ("quarterly" if roll < 0.85 else "late")
    stopped = {}  # member id → months unpaid up to last month
    pool = [m for m in active if profile[m] != "late"]
    runs = [2, 3, 5, 7] if ctx.size == "typical" else [2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 12] * 2
    for member_id, run in zip(rng.sample(pool, min(len(runs), len(pool))), runs):
        stopped[member_id] = run
    hardship = rng.choice(active) if active else None

    assessments, payments = [], []
    last_month = _add_months(today.year, today.month, -1)
    for member_id, name, category, join_date, left_date in people:
        cat = default_category(category)
        gross = rng.randrange(7000, 19000, 100) if cat == rules.SALARIED else 0
        pension = rng.randrange(3800, 8200, 10) * 100 if cat == rules.RETIRED else 0
        others = [m for m in active if m != member_id]
        proxy = names[rng.choice(others)] if others and rng.random() < 0.08 else ""
        backlog: list[tuple[int, int]] = []
        batch = rng.randint(2, 5)
        monthly: dict[int, int] = {}
        stop_after = _add_months(*last_month, -stopped[member_id]) if member_id in stopped else None

        def pay(y: int, m: int, on: dt.date) -> None:
            if on > today or (stop_after is not None and (y, m) > stop_after) or not monthly.get(y):
                return
            method = "代交" if proxy else ("现金" if rng.random() < 0.25 else "转账")
            payments.append((member_id, y, m, monthly[y], on.isoformat(), method, proxy, "", collector, 0, ""))

        for year in range(first_year, today.year + 1):
            months = rules.months_due(year, join_date, None, left_date)
            if not months:
                continue
            gross = gross * (100 + rng.randint(1, 5)) // 100
            breakdown, base = {}, 0
            if cat == rules.SALARIED:
                breakdown = _breakdown(gross)
                base = rules.assessed_base(breakdown)
            elif cat == rules.RETIRED:
                base = pension = pension * (100 + rng.randint(2, 5)) // 100
            reduction = None
            if member_id == hardship and year in (today.year - 4, today.year - 3):
                normal = rules.monthly_due(cat, base, ruleset).monthly_fen
                reduction = rules.Reduction(normal // 2 // 10 * 10, REFS[0].format(year=year - 1, n=rng.randint(3, 40)))
            due = rules.monthly_due(cat, base, ruleset, reduction=reduction)
            assessments.append({
                "member_id": member_id, "year": year, "category": cat, "base_fen": base,
                "breakdown": json.dumps(breakdown, sort_keys=True), "rate_bp": due.rate_bp,
                "monthly_fen": due.monthly_fen, "computed_fen": due.computed_fen,
                "reduction_fen": reduction.monthly_fen if reduction else None,
                "reduction_ref": reduction.approval_ref if reduction else "",
                "ruleset": ruleset.id, "note": "", "updated_at": f"{year}-01-15T09:00:00",
            })
            monthly[year] = due.monthly_fen
            if due.monthly_fen == 0:
                continue
            for month in months:
                if (year, month) > (today.year, today.month):
                    break
                style = profile[member_id]
                if style == "monthly":
                    pay(year, month, _day(rng, year, month))
                elif style == "quarterly":
                    first = (month - 1) // 3 * 3 + 1
                    if month == first or month == months[0]:
                        on = _day(rng, year, month, 2, 15)
                        for m in range(month, first + 3):
                            if m in months:
                                pay(year, m, on)
                else:
                    backlog.append((year, month))
                    if len(backlog) >= batch:
                        paid_y, paid_m = _add_months(year, month, rng.randint(0, 1))
                        on = _day(rng, paid_y, paid_m)
                        if on <= today:
                            for y, m in backlog:
                                pay(y, m, on)
                            backlog = []
                            # Now and then someone lets it slide past six months (a flagged 补交).
                            batch = rng.randint(7, 8) if rng.random() < 0.12 else rng.randint(2, 5)
        if rng.random() < 0.12 and member_id in active:   # 七一 voluntary payments
            year = rng.randrange(first_year, today.year + (1 if today.month > 7 else 0))
            if 7 in rules.months_due(year, join_date, None, left_date):
                amount = rng.choice((10_000, 20_000, 50_000, 100_000))
                payments.append((member_id, year, 7, amount, f"{year}-07-01", "转账", "", "", collector, 1,
                                 "七一自愿多交"))

    db["dues_assessments"].insert_all(assessments, batch_size=1000)
    db.conn.executemany(
        "INSERT INTO dues_payments (member_id, year, month, amount_fen, paid_date, method, proxy_name, "
        "receipt, collector, voluntary, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        payments,
    )
