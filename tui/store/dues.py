"""党费: the yearly assessment (年初核定), the payments, and what the ledger and arrears show.

The rules themselves live in tui.rules.dues; this module stores their results and answers
questions about them. Money is int fen everywhere. Forms hand in the text the secretary typed
(`assess_from_form`, `pay_from_form`); those parse it, and any bad value raises
ValidationError naming the field, with nothing written.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from tui.store.db import Database

from tui.rules import dues as rules
from tui.rules.dates import DateError, normalize_date
from tui.rules.money import MoneyError, format_fen, parse_yuan
from tui.store import member_status
from tui.store.branch import get_settings
from tui.store.db import transaction
# The reminders (arrears, this month's unpaid) live apart, so the 工作台 loads only them; they are
# part of this area's namespace all the same.
from tui.store.dues_reminders import (  # noqa: F401
    HISTORY_YEARS,
    Arrear,
    Reminders,
    Unpaid,
    MemberSpan,
    _members_by_id,
    _members_in_year,
    _owed_months,
    arrears,
    deferred_months,
    dues_starts,
    reminders,
    unpaid_this_month,
    who_owes,
)
from tui.store.errors import NotFoundError, ValidationError
from tui.store.records import derived, named, select_list
from tui import clock

METHODS = ("现金", "转账", "代交")
# The roster's 人员类别 → the default dues category.
ROSTER_TO_DUES = {"教工": rules.SALARIED, "学生": rules.STUDENT, "离退休": rules.RETIRED}


# ── rules for a year ──


def ruleset_for(db: Database, year: int) -> rules.DuesRuleSet:
    """The newest rule set in force in `year`, with the branch's local settings applied."""
    in_force = [r for r in rules.RULESETS.values() if r.effective_year <= year]
    base = max(in_force, key=lambda r: r.effective_year) if in_force else rules.NATIONAL_2008
    try:
        return rules.ruleset_with_overrides(base, get_settings(db, "dues."))
    except rules.DuesError as exc:
        raise ValidationError(f"党费设置有误：{exc}", "党费设置") from None


def default_category(roster_category: str) -> str:
    return ROSTER_TO_DUES.get(roster_category, rules.OTHER)


# ── assessments ──


@dataclass
class Assessment:
    member_id: int
    year: int
    category: str
    base_fen: int
    breakdown: dict[str, int]
    rate_bp: int | None
    monthly_fen: int
    computed_fen: int | None = None
    reduction_fen: int | None = None
    reduction_ref: str = ""
    ruleset: str = ""
    note: str = ""
    name: str = derived("")

    @property
    def rate_text(self) -> str:
        return rules.rate_label(self.rate_bp)

    @property
    def reduction_text(self) -> str:
        if self.reduction_fen is None:
            return ""
        kind = "免交" if self.reduction_fen == 0 else "少交"
        return f"{kind}（{self.reduction_ref}）"

    @property
    def over_ceiling(self) -> bool:
        return self.computed_fen is not None and self.computed_fen > self.monthly_fen and self.reduction_fen is None

    @property
    def explanation(self) -> str:
        """How the monthly amount was arrived at, in a sentence (the user's note is apart)."""
        if self.reduction_fen is not None:
            if self.computed_fen:   # what the rules ask, so the reader sees what was reduced
                return f"{self.reduction_text}，按规定每月应交 {format_fen(self.computed_fen, thousands=True)} 元"
            return self.reduction_text
        if self.rate_bp is not None:
            what = "税后月收入" if self.category == rules.SALARIED else "离退休费"
            text = f"按{what} {format_fen(self.base_fen, thousands=True)} 元的 {self.rate_text} 计"
            if self.over_ceiling:
                text += f"为 {format_fen(self.computed_fen or 0, thousands=True)} 元，每月应交 {format_fen(self.monthly_fen, thousands=True)} 元，超出部分自愿多交"
            return text
        if self.category == rules.OTHER:
            return "按支部决定的金额交纳"
        return f"{self.category}党员每月 {format_fen(self.monthly_fen)} 元"


_ASSESSMENT_COLS = f"{select_list(Assessment, 'a')}, m.name AS name"


def _assessments(cursor) -> list[Assessment]:
    """Rows as records; `breakdown` is stored as JSON."""
    return [Assessment(**{**r, "breakdown": json.loads(r["breakdown"] or "{}")}) for r in named(cursor)]


def get_assessment(db: Database, member_id: int, year: int) -> Assessment | None:
    found = _assessments(db.execute(
        f"SELECT {_ASSESSMENT_COLS} FROM dues_assessments a JOIN members m ON m.id = a.member_id "
        "WHERE a.member_id = ? AND a.year = ?",
        [member_id, year],
    ))
    return found[0] if found else None


def list_assessments(db: Database, year: int) -> list[Assessment]:
    return _assessments(db.execute(
        f"SELECT {_ASSESSMENT_COLS} FROM dues_assessments a JOIN members m ON m.id = a.member_id "
        "WHERE a.year = ? ORDER BY m.pinyin, m.name, m.id",
        [year],
    ))


def _check_year(year: int) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError(f"「年度」不是有效年份：{year}", "年度") from None
    if not 1921 <= year <= clock.today().year + 1:
        raise ValidationError(f"「年度」不是有效年份：{year}", "年度")
    return year


def _member_row(db: Database, member_id: int) -> MemberSpan:
    found = _members_by_id(db, [member_id])
    if not found:
        raise NotFoundError(f"没有编号为 {member_id} 的党员")
    return found[0]


def _compute(db: Database, year: int, category: str, base_fen: int, breakdown: dict[str, int] | None,
             reduction: rules.Reduction | None, amount_fen: int | None) -> tuple[str, int, dict[str, int], rules.DueResult]:
    """The category, base, breakdown and 月应交 an assessment would have; nothing written."""
    breakdown = {k: v for k, v in (breakdown or {}).items() if v}
    try:
        category = rules.normalize_category(category)
        if breakdown:
            from_breakdown = rules.assessed_base(breakdown)
            if base_fen and base_fen != from_breakdown:
                raise ValidationError(
                    f"「税后基数」{format_fen(base_fen)} 元与核定明细算出的 "
                    f"{format_fen(from_breakdown)} 元不一致：只填一处，或改正后再保存",
                    "税后基数",
                )
            base_fen = from_breakdown
        if category not in (rules.SALARIED, rules.RETIRED):
            base_fen, breakdown = (base_fen if category == rules.OTHER else 0), {}
        result = rules.monthly_due(
            category, base_fen, ruleset_for(db, year), reduction=reduction, amount_fen=amount_fen
        )
    except rules.DuesError as exc:
        raise ValidationError(str(exc), _FORM_FIELD.get(exc.field, exc.field)) from None
    return category, base_fen, breakdown, result


def save_assessment(
    db: Database,
    member_id: int,
    year: int,
    category: str,
    base_fen: int = 0,
    *,
    breakdown: dict[str, int] | None = None,
    reduction: rules.Reduction | None = None,
    amount_fen: int | None = None,
    note: str = "",
) -> Assessment:
    """Assess one member for one year (replacing any earlier assessment) and return it.

    With a breakdown, the base is computed from it; a base given as well must agree.
    """
    year = _check_year(year)
    category, base_fen, breakdown, result = _compute(db, year, category, base_fen, breakdown, reduction, amount_fen)
    ruleset = ruleset_for(db, year)
    row = {
        "member_id": member_id,
        "year": year,
        "category": category,
        "base_fen": base_fen,
        "breakdown": json.dumps(breakdown, ensure_ascii=False, sort_keys=True),
        "rate_bp": result.rate_bp,
        "monthly_fen": result.monthly_fen,
        "computed_fen": result.computed_fen,
        "reduction_fen": reduction.monthly_fen if reduction else None,
        "reduction_ref": reduction.approval_ref.strip() if reduction else "",
        "ruleset": ruleset.id,
        "note": (note or "").strip(),
        "updated_at": clock.now().isoformat(timespec="seconds"),
    }
    with transaction(db):
        _member_row(db, member_id)
        db["dues_assessments"].upsert(row, pk=("member_id", "year"))
    return get_assessment(db, member_id, year)  # type: ignore[return-value]


# The rules name a few fields by their own words; the assessment form calls them so.
_FORM_FIELD = {"计算基数": "税后基数", "批准的月交金额": "少交/免交金额"}


def _yuan(text: object, label: str, *, allow_zero: bool = True) -> int | None:
    """Parse an optional yuan field: None/blank → None."""
    if text is None or not str(text).strip():
        return None
    try:
        return parse_yuan(str(text), label, allow_zero=allow_zero)
    except MoneyError as exc:
        raise ValidationError(str(exc), label) from None


# Form keys of the assessment dialog (also used by the screen).
BREAKDOWN_KEYS = tuple(f.key for f in rules.BREAKDOWN_FIELDS)


def _read_form(values: dict) -> dict:
    """What the assessment form holds, parsed and checked: save_assessment's arguments."""
    category = (values.get("category") or "").strip()
    if not category:
        raise ValidationError("「党费类别」不能为空", "党费类别")
    base = _yuan(values.get("base"), "税后基数")
    breakdown = {}
    for item in rules.BREAKDOWN_FIELDS:
        fen = _yuan(values.get(item.key), item.label)
        if fen:
            breakdown[item.key] = fen
    amount = _yuan(values.get("amount"), "月应交")
    reduction_fen = _yuan(values.get("reduction"), "少交/免交金额")
    ref = (values.get("reduction_ref") or "").strip()
    reduction = None
    if reduction_fen is not None or ref:
        if reduction_fen is None:
            raise ValidationError("填写了批准文号，请同时填写批准后的月交金额（免交填 0）", "少交/免交金额")
        if not ref:
            raise ValidationError("少交/免交须填写上级党委的批准文号", "批准文号")
        reduction = rules.Reduction(reduction_fen, ref)
    try:
        cat = rules.normalize_category(category)
    except rules.DuesError as exc:
        raise ValidationError(str(exc), "党费类别") from None
    if cat in (rules.SALARIED, rules.RETIRED) and base is None and not breakdown and reduction is None:
        raise ValidationError(f"{cat}党员须填写「税后基数」或核定明细", "税后基数")
    if cat == rules.OTHER and amount is None and reduction is None:
        raise ValidationError("「其他」类别须填写月应交金额", "月应交")
    return {"category": cat, "base_fen": base or 0, "breakdown": breakdown, "reduction": reduction,
            "amount_fen": amount}


def assess_from_form(db: Database, member_id: int, year: int, values: dict) -> Assessment:
    """Save an assessment from what was typed: category, base or breakdown, reduction, note."""
    return save_assessment(db, member_id, year, **_read_form(values), note=values.get("note") or "")


def preview_from_form(db: Database, year: int, values: dict) -> str:
    """What the form as typed so far comes to, before saving: base, rate and 月应交 — or what is
    still missing or wrong. Nothing is written."""
    try:
        form = _read_form(values)
        category, base_fen, _, result = _compute(db, _check_year(year), form["category"], form["base_fen"],
                                                 form["breakdown"], form["reduction"], form["amount_fen"])
    except ValidationError as exc:
        return f"尚不能计算：{exc}"
    parts = []
    if category in (rules.SALARIED, rules.RETIRED):
        parts.append(f"税后基数 {format_fen(base_fen, thousands=True)} 元")
        parts.append(f"比例 {rules.rate_label(result.rate_bp)}")
    parts.append(f"月应交 {format_fen(result.monthly_fen, thousands=True)} 元")
    line = " × ".join(parts[:2]) + " → " + parts[-1] if len(parts) == 3 else parts[-1]
    plain_rate = result.rate_bp is not None and not result.over_ceiling and form["reduction"] is None
    return line if plain_rate or not result.note else f"{line}（{result.note}）"


def delete_assessment(db: Database, member_id: int, year: int) -> None:
    with transaction(db):
        paid = db.execute(
            "SELECT count(*) FROM dues_payments WHERE member_id = ? AND year = ? AND deleted_at IS NULL",
            [member_id, year],
        ).fetchone()[0]
        if paid:
            raise ValidationError(f"该党员 {year} 年已有 {paid} 笔交费记录，不能删除核定；可修改核定", "核定")
        db.execute("DELETE FROM dues_assessments WHERE member_id = ? AND year = ?", [member_id, year])


@dataclass
class CarryResult:
    carried: int = 0              # copied from last year (re-computed with this year's rules)
    fixed: int = 0                # fixed-amount members assessed by their roster category
    missing: list[str] = field(default_factory=list)   # names still needing a base
    failed: list[str] = field(default_factory=list)    # "name：reason"
    reductions: list[str] = field(default_factory=list)  # last year's 少交/免交, not carried


def carry_forward(db: Database, year: int) -> CarryResult:
    """年初核定 starting point: every member who belongs to the branch in `year` and has no
    assessment yet gets last year's figures (re-computed by this year's rules); members with a
    fixed amount (学生…) are assessed from their roster category; the rest are listed.

    An approved 少交/免交 is not carried: it needs a new approval each year, so those members
    get the normal amount and are listed in `reductions` for the secretary to review."""
    year = _check_year(year)
    result = CarryResult()
    last = {a.member_id: a for a in list_assessments(db, year - 1)}
    done = {r[0] for r in db.execute("SELECT member_id FROM dues_assessments WHERE year = ?", [year])}
    with transaction(db):
        for member in _members_in_year(db, year):
            member_id, name, category = member.id, member.name, member.category
            if member_id in done:
                continue
            prev = last.get(member_id)
            try:
                if prev is not None:
                    if prev.reduction_fen is not None:
                        result.reductions.append(name)
                    save_assessment(
                        db, member_id, year, prev.category, prev.base_fen, breakdown=prev.breakdown,
                        amount_fen=prev.monthly_fen if prev.category == rules.OTHER else None,
                    )
                    result.carried += 1
                elif default_category(category) in rules.FIXED_AMOUNT_CATEGORIES:
                    save_assessment(db, member_id, year, default_category(category))
                    result.fixed += 1
                else:
                    result.missing.append(name)
            except ValidationError as exc:
                result.failed.append(f"{name}：{exc}")
    return result


def unassessed(db: Database, year: int) -> list[tuple[int, str]]:
    """(id, name) of members who belong in `year` but have no assessment for it."""
    done = {r[0] for r in db.execute("SELECT member_id FROM dues_assessments WHERE year = ?", [year])}
    return [(m.id, m.name) for m in _members_in_year(db, year) if m.id not in done]


# ── payments ──


@dataclass
class Payment:
    id: int
    member_id: int
    year: int
    month: int
    amount_fen: int
    paid_date: str
    method: str
    proxy_name: str
    receipt: str
    collector: str
    voluntary: bool
    note: str

    @property
    def backpay_over_limit(self) -> bool:
        return rules.is_backpay_over_limit((self.year, self.month), dt.date.fromisoformat(self.paid_date))


_PAYMENT_COLS = select_list(Payment)


def list_payments(db: Database, member_id: int, year: int | None = None) -> list[Payment]:
    sql = f"SELECT {_PAYMENT_COLS} FROM dues_payments WHERE member_id = ? AND deleted_at IS NULL"
    args: list = [member_id]
    if year is not None:
        sql += " AND year = ?"
        args.append(year)
    rows = named(db.execute(sql + " ORDER BY year, month, paid_date, id", args))
    return [Payment(**{**r, "voluntary": bool(r["voluntary"])}) for r in rows]


def _paid_regular(db: Database, member_id: int, year: int, month: int) -> int:
    return db.execute(
        "SELECT coalesce(sum(amount_fen), 0) FROM dues_payments WHERE member_id = ? AND year = ? "
        "AND month = ? AND voluntary = 0 AND deleted_at IS NULL",
        [member_id, year, month],
    ).fetchone()[0]


def record_payment(
    db: Database,
    member_id: int,
    year: int,
    month: int,
    amount_fen: int,
    paid_date: str,
    method: str = "转账",
    *,
    proxy_name: str = "",
    receipt: str = "",
    collector: str = "",
    voluntary: bool = False,
    note: str = "",
    today: dt.date | None = None,
) -> int:
    """Record one payment for (year, month); returns its id.

    A regular payment may not exceed what is still owed for the month: the excess is a
    voluntary payment (自愿多交), recorded apart. Months before joining or after leaving, and
    years without an assessment, are refused.
    """
    year = _check_year(year)
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise ValidationError(f"「月份」应为 1–12：{month}", "月份")
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool):
        raise TypeError("money is int fen")
    if amount_fen <= 0:
        raise ValidationError("「金额」必须大于 0", "金额")
    try:
        paid_iso = normalize_date(paid_date, "交纳日期")
    except DateError as exc:
        raise ValidationError(str(exc), "交纳日期") from None
    today = today or clock.today()
    if paid_iso > today.isoformat():
        raise ValidationError("「交纳日期」不能晚于今天", "交纳日期")
    earliest = f"{year - 1:04d}-{month:02d}-01"   # paying ahead: at most a year before the month
    if paid_iso < earliest:
        raise ValidationError(
            f"「交纳日期」{paid_iso} 比所交的 {year}年{month}月 早一年以上，请核对日期（预交最多提前一年）", "交纳日期")
    if method not in METHODS:
        raise ValidationError(f"「方式」只能是 {'/'.join(METHODS)}：{method}", "方式")
    proxy_name = (proxy_name or "").strip()
    if method == "代交" and not proxy_name:
        raise ValidationError("代交须填写「代交人」", "代交人")
    with transaction(db):
        member = _member_row(db, member_id)
        name, join_date, left_date = member.name, member.join_date, member.left_date
        start = dues_starts(db).get(member_id)
        if month not in _owed_months(join_date, left_date, year, start):
            if start and f"{year:04d}-{month:02d}" < start and month in _owed_months(join_date, left_date, year):
                raise ValidationError(f"{name} 转入时介绍信写明党费已在原党组织交至 {start} 之前的月份，"
                                      f"不能在本支部登记 {year}年{month}月 的党费", "月份")
            raise ValidationError(_not_member_message(name, year, month, join_date, left_date), "月份")
        if not voluntary:
            assessment = get_assessment(db, member_id, year)
            if assessment is None:
                raise ValidationError(f"{name} 尚未核定 {year} 年党费，请先核定（按 A）", "金额")
            if assessment.monthly_fen == 0:
                raise ValidationError(f"{name} {year} 年已批准免交党费（{assessment.reduction_ref}）", "金额")
            owed = assessment.monthly_fen - _paid_regular(db, member_id, year, month)
            if owed <= 0:
                raise ValidationError(f"{name} {year}年{month}月 的党费已交清；多交部分请登记为自愿多交", "金额")
            if amount_fen > owed:
                raise ValidationError(
                    f"金额 {format_fen(amount_fen)} 元超过 {month} 月尚欠的 {format_fen(owed)} 元；"
                    "超出部分请登记为自愿多交", "金额",
                )
        return db["dues_payments"].insert({
            "member_id": member_id, "year": year, "month": month, "amount_fen": amount_fen,
            "paid_date": paid_iso, "method": method, "proxy_name": proxy_name,
            "receipt": (receipt or "").strip(), "collector": (collector or "").strip(),
            "voluntary": 1 if voluntary else 0, "note": (note or "").strip(),
        }).last_pk


def _not_member_message(name: str, year: int, month: int, join_date: str | None, left_date: str | None) -> str:
    if left_date and f"{year:04d}-{month:02d}" > left_date[:7]:
        return f"{name} 已于 {left_date} 离开本支部，不能登记 {year}年{month}月 的党费"
    return f"{name} 于 {join_date} 经支部大会接收入党，不能登记此前 {year}年{month}月 的党费"


def pay_from_form(db: Database, member_id: int, year: int, month: int, values: dict, *, voluntary: bool = False) -> int:
    """Record a payment from the typed form values (金额, 交纳日期, 方式, 代交人, 收据, 收款人, 备注)."""
    amount = _yuan(values.get("amount"), "金额", allow_zero=False)
    if amount is None:
        raise ValidationError("「金额」不能为空", "金额")
    return record_payment(
        db, member_id, year, month, amount, values.get("paid_date") or "",
        values.get("method") or "转账", proxy_name=values.get("proxy_name") or "",
        receipt=values.get("receipt") or "", collector=values.get("collector") or "",
        voluntary=voluntary, note=values.get("note") or "",
    )


def pay_months(
    db: Database, member_id: int, year: int, months: list[int], paid_date: str,
    method: str = "转账", *, collector: str = "", proxy_name: str = "", today: dt.date | None = None,
) -> tuple[list[int], int]:
    """Pay what is still owed for each of `months` (a quarter ahead, one month …) in one go.

    Months already paid in full or not owed are skipped. Returns (months paid, total fen).
    """
    paid_months, total = [], 0
    with transaction(db):
        assessment = get_assessment(db, member_id, year)
        member = _member_row(db, member_id)
        name, join_date, left_date = member.name, member.join_date, member.left_date
        if assessment is None:
            raise ValidationError(f"{name} 尚未核定 {year} 年党费，请先核定（按 A）", "金额")
        owed_months = _owed_months(join_date, left_date, year, dues_starts(db).get(member_id))
        for month in months:
            if month not in owed_months:
                continue
            owed = assessment.monthly_fen - _paid_regular(db, member_id, year, month)
            if owed <= 0:
                continue
            record_payment(db, member_id, year, month, owed, paid_date, method,
                           collector=collector, proxy_name=proxy_name, today=today)
            paid_months.append(month)
            total += owed
    return paid_months, total


def month_candidates(db: Database, year: int, month: int) -> list[tuple[int, str, int]]:
    """(member id, name, fen still owed) for everyone owing for (year, month) who has paid
    nothing for it yet: whom "mark the whole month paid" would mark."""
    return [(u.member_id, u.name, u.due_fen) for u in who_owes(db, year, month) if not u.paid_fen]


@dataclass(slots=True)
class MonthBatch:
    """One 整月登记: what it recorded, so that one undo takes all of it back."""

    year: int
    month: int
    payment_ids: list[int]
    total_fen: int

    @property
    def count(self) -> int:
        return len(self.payment_ids)


def mark_month_paid(
    db: Database, year: int, month: int, paid_date: str, method: str = "转账", *,
    collector: str = "", exclude: set[int] | None = None, today: dt.date | None = None,
) -> MonthBatch:
    """Record the assessed amount for (year, month) for everyone who has paid nothing for it
    (except `exclude`). One transaction; `undo_month_batch` takes the whole batch back."""
    exclude = exclude or set()
    batch = MonthBatch(year, month, [], 0)
    with transaction(db):
        for member_id, _, fen in month_candidates(db, year, month):
            if member_id in exclude:
                continue
            batch.payment_ids.append(
                record_payment(db, member_id, year, month, fen, paid_date, method, collector=collector, today=today))
            batch.total_fen += fen
    return batch


def undo_month_batch(db: Database, batch: MonthBatch) -> int:
    """Take back a whole 整月登记 in one transaction (soft delete, kept in the file); returns
    how many of its payments were still standing."""
    with transaction(db):
        stamp = clock.now().isoformat(timespec="seconds")
        undone = 0
        for payment_id in batch.payment_ids:
            undone += db.execute(
                "UPDATE dues_payments SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                [stamp, payment_id]).rowcount
    return undone


def delete_payment(db: Database, payment_id: int) -> None:
    """Soft delete: the row stays in the file, out of every total; `restore_payment` undoes it."""
    with transaction(db):
        db.execute(
            "UPDATE dues_payments SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
            [clock.now().isoformat(timespec="seconds"), payment_id],
        )


def restore_payment(db: Database, payment_id: int) -> None:
    with transaction(db):
        db.execute("UPDATE dues_payments SET deleted_at = NULL WHERE id = ?", [payment_id])


def delete_month_payments(db: Database, member_id: int, year: int, month: int) -> list[int]:
    """Soft-delete every regular payment of one member for one month; returns their ids."""
    ids = [r[0] for r in db.execute(
        "SELECT id FROM dues_payments WHERE member_id = ? AND year = ? AND month = ? "
        "AND voluntary = 0 AND deleted_at IS NULL", [member_id, year, month])]
    for payment_id in ids:
        delete_payment(db, payment_id)
    return ids


# ── the ledger (党费收缴台账): members × months for one year ──


@dataclass(slots=True)
class MonthCell:
    owed: bool = False            # the member belonged to the branch that month
    due_fen: int = 0              # 0 when not owed, not assessed or 免交
    paid_fen: int = 0             # regular payments for the month
    voluntary_fen: int = 0        # 自愿多交, recorded apart
    last_paid: str = ""           # the latest paid_date of the month's payments
    backpay_over_limit: bool = False   # paid more than six months after the month
    deferred: bool = False        # an approved absence's month, its dues deferred to the return (local setting)

    @property
    def settled(self) -> bool:
        return self.owed and self.paid_fen >= self.due_fen


@dataclass
class LedgerRow:
    """One member's year. Months are kept as parallel lists (index 0 = January) rather than
    twelve objects per member: a 500-member ledger must build in a few milliseconds."""

    member_id: int
    name: str
    join_date: str | None
    left_date: str | None
    assessment: Assessment | None
    owed: list[bool]
    due: list[int]
    paid: list[int] = field(default_factory=lambda: [0] * 12)
    voluntary: list[int] = field(default_factory=lambda: [0] * 12)
    last_paid: list[str] = field(default_factory=lambda: [""] * 12)
    backpay: list[bool] = field(default_factory=lambda: [False] * 12)
    due_fen: int = 0
    paid_fen: int = 0
    voluntary_fen: int = 0
    away: str = ""                # an approved absence this year: 出国访学（已批准），2026年5月起
    deferred: list[bool] = field(default_factory=lambda: [False] * 12)

    def cell(self, month: int) -> MonthCell:
        i = month - 1
        return MonthCell(self.owed[i], self.due[i], self.paid[i], self.voluntary[i], self.last_paid[i], self.backpay[i],
                         self.deferred[i])

    @property
    def cells(self) -> list[MonthCell]:
        return [self.cell(m) for m in range(1, 13)]

    @property
    def belongs(self) -> bool:
        return any(self.owed)

    @property
    def notes(self) -> list[str]:
        out = []
        a = self.assessment
        if a is None:
            out.append("未核定")
        elif a.reduction_fen is not None:
            out.append(a.reduction_text)
        elif a.over_ceiling:
            out.append(f"按比例应为 {format_fen(a.computed_fen or 0)} 元，超出部分自愿")
        if a is not None and a.note:
            out.append(a.note)
        if self.left_date:
            out.append(f"{self.left_date[:7]} 离开")
        if self.away:
            out.append(self.away)
        if any(self.backpay):
            months = "、".join(str(i + 1) for i, late in enumerate(self.backpay) if late)
            out.append(f"{months}月补交超过六个月")
        if self.voluntary_fen:
            out.append(f"自愿多交 {format_fen(self.voluntary_fen)} 元")
        return out


@dataclass
class Ledger:
    year: int
    rows: list[LedgerRow]
    month_due: list[int]
    month_paid: list[int]
    month_voluntary: list[int]

    @property
    def due_fen(self) -> int:
        return sum(self.month_due)

    @property
    def paid_fen(self) -> int:
        return sum(self.month_paid)

    @property
    def voluntary_fen(self) -> int:
        return sum(self.month_voluntary)

    @property
    def rate_text(self) -> str:
        return rules.collection_rate(self.due_fen, self.paid_fen)

    def row_of(self, member_id: int) -> LedgerRow | None:
        return next((r for r in self.rows if r.member_id == member_id), None)


def ledger(db: Database, year: int) -> Ledger:
    """The year's ledger from three queries (members, assessments, grouped payments).

    Rows: everyone who belonged to the branch in some month of the year, plus anyone with an
    assessment or a payment for it. Totals are sums of the payments, never stored figures.
    """
    year = int(year)
    people = {m.id: m for m in _members_in_year(db, year)}
    assessments = {a.member_id: a for a in list_assessments(db, year)}
    grouped = db.execute(
        "SELECT member_id, month, voluntary, sum(amount_fen), max(paid_date) "
        "FROM dues_payments WHERE year = ? AND deleted_at IS NULL "
        "GROUP BY member_id, month, voluntary",
        [year],
    ).fetchall()
    extra = (set(assessments) | {g[0] for g in grouped}) - set(people)
    if extra:
        people.update((m.id, m) for m in _members_by_id(db, sorted(extra)))
    rows: dict[int, LedgerRow] = {}
    starts = dues_starts(db)
    deferred = deferred_months(db)   # 补交 on return is not 补交超过六个月 (local setting)
    away = _away_notes(db, year)
    for member in people.values():
        member_id, name, join_date, left_date = member.id, member.name, member.join_date, member.left_date
        a = assessments.get(member_id)
        months = _owed_months(join_date, left_date, year, starts.get(member_id))
        owed = [False] * 12
        for month in months:
            owed[month - 1] = True
        monthly = a.monthly_fen if a else 0
        due = [monthly if o else 0 for o in owed]
        waits = deferred.get(member_id, ())
        rows[member_id] = LedgerRow(member_id, name, join_date, left_date, a, owed, due, away=away.get(member_id, ""),
                                    deferred=[year * 12 + i in waits for i in range(12)])
    for member_id, month, voluntary, total, last in grouped:
        row, i = rows[member_id], month - 1
        if voluntary:
            row.voluntary[i] += total
        else:
            row.paid[i] += total
            row.backpay[i] = (rules.is_backpay_over_limit((year, month), dt.date.fromisoformat(last[:10]))
                              and year * 12 + i not in deferred.get(member_id, ()))
        row.last_paid[i] = max(row.last_paid[i], last)
    month_due, month_paid, month_voluntary = [0] * 12, [0] * 12, [0] * 12
    # Members who left go last; otherwise roster order (sorted() is stable).
    ordered = sorted(rows.values(), key=lambda r: r.left_date is not None)
    for row in ordered:
        for i in range(12):
            month_due[i] += row.due[i]
            month_paid[i] += row.paid[i]
            month_voluntary[i] += row.voluntary[i]
        row.due_fen, row.paid_fen, row.voluntary_fen = sum(row.due), sum(row.paid), sum(row.voluntary)
    return Ledger(year, ordered, month_due, month_paid, month_voluntary)


def _away_notes(db: Database, year: int) -> dict[int, str]:
    """member id → the approved absences touching `year`, as the ledger's 备注 says them."""
    out = {}
    for member_id, periods in member_status.periods_by_member(db).items():
        shown = [p.describe() for p in periods if p.excuses and any(p.covers_month(year, m) for m in range(1, 13))]
        if shown:
            out[member_id] = "；".join(shown)
    return out


def collectors(db: Database, year: int) -> dict[int, str]:
    """Member id → the 收款人 who took that member's payments in `year` ("、"-joined)."""
    out: dict[int, list[str]] = {}
    for member_id, who in db.execute(
        "SELECT DISTINCT member_id, collector FROM dues_payments WHERE year = ? AND deleted_at IS NULL "
        "AND collector != '' ORDER BY member_id, collector",
        [year],
    ):
        out.setdefault(member_id, []).append(who)
    return {k: "、".join(v) for k, v in out.items()}


# ── what the 工作台 asks ──


class YearTotals(tuple):
    """(due_fen, paid_fen, rate_text, voluntary_fen, members_assessed), also by name."""

    def __new__(cls, due_fen: int, paid_fen: int, rate_text: str, voluntary_fen: int, members_assessed: int):
        return super().__new__(cls, (due_fen, paid_fen, rate_text, voluntary_fen, members_assessed))

    due_fen = property(lambda self: self[0])
    paid_fen = property(lambda self: self[1])
    rate_text = property(lambda self: self[2])
    voluntary_fen = property(lambda self: self[3])
    members_assessed = property(lambda self: self[4])


def year_totals(db: Database, year: int, through_month: int = 12) -> YearTotals:
    """A year's 应交, 实交, 收缴率, 自愿多交 and the number of members assessed.

    `through_month` limits what counts as due (and paid) to months 1..through_month, so the
    current year can be judged so far rather than against twelve months.
    """
    book = ledger(db, year)
    due = sum(book.month_due[:through_month])
    paid = sum(book.month_paid[:through_month])
    voluntary = sum(book.month_voluntary[:through_month])
    assessed = sum(1 for r in book.rows if r.assessment is not None)
    return YearTotals(due, paid, rules.collection_rate(due, paid), voluntary, assessed)


def member_dues_summary(db: Database, member_id: int, today: dt.date | None = None) -> str:
    """One line for a member's card: this year's amount and how far they have paid."""
    today = today or clock.today()
    a = get_assessment(db, member_id, today.year)
    if a is None:
        return f"{today.year} 年党费未核定"
    row = ledger(db, today.year).row_of(member_id)
    paid_to = max((m for m in range(1, 13) if row.cell(m).settled), default=0) if row else 0
    return f"{today.year} 年月应交 {format_fen(a.monthly_fen)} 元，" + (f"已交至 {paid_to} 月" if paid_to else "本年尚未交纳")
