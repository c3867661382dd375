"""组织关系转接: the one owner of the transfers table.

转出 (date, 转往 organisation, scope, paper/online, letter number, 党费交至, 有效期, 回执): the member
leaves the roster on that date (members.record_leaving: kept in history); dues are due through the
month of leaving. 转入 (date, 转自 organisation, letter number, 党费交至, 档案, 党小组, 预备期): the
member is created, or a member who once left is back; dues are owed from the month after 党费交至,
and 党章第九条's 组织生活 clock starts on the 转入 date. A 校内转接 is recorded by each branch in its
own file: one 转出 here, one 转入 there.
"""

from __future__ import annotations

from tui.rules.dates import DateError, cn_date, optional_date
from tui.rules.text import clean_text
from tui.store import members as member_store
from tui.store.db import Database, transaction
from tui.store.errors import ValidationError
from tui import clock

# The records and what the other areas read live apart (opening the app loads only those).
from tui.store.transfer_facts import (  # noqa: F401
    DEFAULT_VALID_DAYS,
    IN,
    MAX_VALID_DAYS,
    MEDIA,
    OUT,
    SCOPES,
    Transfer,
    arrivals,
    get_transfer,
    latest_out,
    list_transfers,
    overdue_receipts,
)


def _date(value, label: str, *, required=False, month=False) -> str | None:
    try:
        iso = optional_date(value, label, allow_month=month)
    except DateError as exc:
        raise ValidationError(str(exc), label) from None
    if required and iso is None:
        raise ValidationError(f"「{label}」不能为空", label)
    return iso


def _month(value, label: str) -> str | None:
    iso = _date(value, label, month=True)
    return iso[:7] if iso else None


def _choice(value, allowed: tuple[str, ...], label: str) -> str:
    text = clean_text(value) or allowed[0]
    if text not in allowed:
        raise ValidationError(f"「{label}」只能是 {'/'.join(allowed)}：“{value}”", label)
    return text


def _valid_days(value) -> int:
    if value in (None, ""):
        return DEFAULT_VALID_DAYS
    try:
        days = int(str(value).strip().removesuffix("天").strip())
    except ValueError:
        raise ValidationError(f"「有效期」应为天数：“{value}”", "有效期") from None
    if not 1 <= days <= MAX_VALID_DAYS:
        raise ValidationError(f"「有效期」应为 1–{MAX_VALID_DAYS} 天（最长三个月）：“{value}”", "有效期")
    return days


def _org(value, label: str) -> str:
    org = clean_text(value)
    if not org:
        raise ValidationError(f"「{label}」不能为空（写党组织全称）", label)
    return org


def _last_paid_month(db: Database, member_id: int) -> str | None:
    row = db.execute(
        "SELECT max(printf('%04d-%02d', year, month)) FROM dues_payments WHERE member_id = ? AND deleted_at IS NULL",
        [member_id]).fetchone()
    return row[0] if row else None


# ── 转出 ──


def transfer_out(db: Database, member_id: int, data: dict) -> int:
    """Record a 转出 and take the member off the roster on its date, in one transaction.

    data: date, org, scope, medium, letter_no, dues_through ('YYYY-MM', default the month of
    leaving), valid_days (default 30), note."""
    date = _date(data.get("date"), "转出日期", required=True)
    org = _org(data.get("org"), "转往党组织")
    scope = _choice(data.get("scope"), SCOPES, "转接范围")
    medium = _choice(data.get("medium"), MEDIA, "转接方式")
    dues_through = _month(data.get("dues_through"), "党费交至") or date[:7]
    valid_days = _valid_days(data.get("valid_days"))
    if date > clock.today().isoformat():
        raise ValidationError("「转出日期」不能晚于今天（介绍信开出之日登记）", "转出日期")
    if dues_through > date[:7]:
        raise ValidationError(f"「党费交至」{dues_through} 晚于转出月份 {date[:7]}：转出后的党费由接收党组织收缴",
                              "党费交至")
    with transaction(db):
        member = member_store.get_member(db, member_id)
        if member.left_date:
            raise ValidationError(f"{member.name} 已于 {member.left_date} 离开本支部，不能再转出", "姓名")
        if member.join_date and date[:len(member.join_date)] < member.join_date:
            raise ValidationError(f"「转出日期」{date} 早于入党日期 {member.join_date}", "转出日期")
        arrived = [t for t in list_transfers(db, member_id=member_id) if t.direction == IN]
        if arrived and date < arrived[-1].date:
            raise ValidationError(f"「转出日期」{date} 早于转入日期 {arrived[-1].date}", "转出日期")
        paid = _last_paid_month(db, member_id)
        if paid and paid > date[:7]:
            raise ValidationError(
                f"「转出日期」{cn_date(date)} 早于已登记的 {cn_date(paid)} 党费：请先核对交费记录或转出日期", "转出日期")
        transfer_id = db["transfers"].insert({
            "member_id": member_id, "direction": OUT, "date": date, "org": org, "scope": scope, "medium": medium,
            "letter_no": clean_text(data.get("letter_no")), "dues_through": dues_through, "valid_days": valid_days,
            "note": clean_text(data.get("note")),
        }).last_pk
        member_store.record_leaving(db, member_id, date, "转出", f"转至{org}")
    return transfer_id


def record_receipt(db: Database, member_id: int, date: str) -> int:
    """The 回执 of the member's latest 转出 came back on `date`; returns that transfer's id."""
    day = _date(date, "回执日期", required=True)
    with transaction(db):
        out = latest_out(db, member_id)
        if out is None:
            raise ValidationError(f"{member_store.get_member(db, member_id).name} 没有转出记录", "姓名")
        if day < out.date:
            raise ValidationError(f"「回执日期」{day} 早于转出日期 {out.date}", "回执日期")
        db["transfers"].update(out.id, {"receipt_date": day})
        return out.id


# ── 转入 ──


def transfer_in(db: Database, data: dict) -> tuple[int, int]:
    """Record a 转入: create the member (or bring back one who left), in one transaction.
    Returns (member id, transfer id).

    data: name, date, org, letter_no, dues_through ('YYYY-MM'; dues owed here from the month
    after), group_id, archive_checked, scope, medium, note, and the member's own fields
    (gender, birth_date, party_status, join_date, full_date, category …); probation_from for a
    预备党员 whose 预备期 carries over (default their join_date)."""
    date = _date(data.get("date"), "转入日期", required=True)
    org = _org(data.get("org"), "转自党组织")
    scope = _choice(data.get("scope"), SCOPES, "转接范围")
    medium = _choice(data.get("medium"), MEDIA, "转接方式")
    dues_through = _month(data.get("dues_through"), "党费交至")
    probation_from = _date(data.get("probation_from"), "预备期起算")
    if date > clock.today().isoformat():
        raise ValidationError("「转入日期」不能晚于今天", "转入日期")
    name = "".join(clean_text(data.get("name")).split())
    fields = {k: v for k, v in data.items() if k in member_store.EDITABLE}
    fields["name"] = name
    if data.get("group_id") not in (None, ""):
        fields["group_id"] = data["group_id"]
    if fields.get("party_status") == "预备党员" and probation_from:
        fields["join_date"] = probation_from         # the 预备期 runs from the 支部大会 that admitted them
    with transaction(db):
        same = member_store.find_by_name(db, name) if name else []
        if any(m.active for m in same):
            raise ValidationError(f"「姓名」{name} 已在本支部花名册上，不能再转入（同名的新党员请在姓名后加数字区分，如 {name}2）", "姓名")
        if dues_through and fields.get("join_date") and dues_through < fields["join_date"][:7]:
            raise ValidationError("「党费交至」早于入党日期", "党费交至")
        if same:   # back after leaving: the old record, its history kept
            member_id = same[-1].id
            member_store.undo_leaving(db, member_id)
            member_store.save_member(db, {**fields, "_partial": True}, member_id)
        else:
            member_id = member_store.save_member(db, fields)
        member = member_store.get_member(db, member_id)
        if member.join_date and date[:len(member.join_date)] < member.join_date:
            raise ValidationError(f"「转入日期」{date} 早于入党日期 {member.join_date}", "转入日期")
        transfer_id = db["transfers"].insert({
            "member_id": member_id, "direction": IN, "date": date, "org": org, "scope": scope, "medium": medium,
            "letter_no": clean_text(data.get("letter_no")), "dues_through": dues_through,
            "archive_checked": 1 if data.get("archive_checked") else 0, "group_id": fields.get("group_id"),
            "probation_from": probation_from if member.party_status == "预备党员" else None,
            "note": clean_text(data.get("note")),
        }).last_pk
    return member_id, transfer_id


def suggested_talk(member_name: str) -> str:
    return f"建议与{member_name}进行谈心谈话（必谈情形：新转入党员）"
