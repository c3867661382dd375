"""Members' dated statuses (出国（境）, 流动党员, 长期病休, 留党察看, 失联, 停止党籍): the one owner of
the member_statuses table, and "a member's status on a date" for every other area.

The rules (what a status excuses, who votes, who is on the roster) are tui.rules.member_status;
this module reads the periods and answers by member. Other areas call it rather than read the
table: dues reminders (excused months), 组织生活 (months without), attendance (请假 with the
status as reason), voters at a 支部党员大会, roster statistics on a period's date.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.errors import InputError
from tui.rules import member_status as rules
from tui.rules.dates import DateError, optional_date
from tui.rules.member_status import StatusKind, StatusPeriod
from tui.rules.text import clean_text
from tui.store.branch import get_setting, set_setting
from tui.store.db import Database, transaction
from tui.store.errors import NotFoundError, ValidationError
from tui.store.records import build, build_one, select_list

__all__ = ["StatusPeriod", "StatusKind", "list_statuses", "add_status", "end_status", "restore_membership",
           "record_contact", "delete_status", "periods_by_member", "absences_on", "excused_months",
           "no_vote_reasons", "roster_ids_on", "status_counts", "dues_mode", "contact_months",
           "save_away_settings", "open_statuses"]

_SELECT = f"SELECT {select_list(StatusPeriod)} FROM member_statuses"


def list_statuses(db: Database, member_id: int | None = None) -> list[StatusPeriod]:
    if member_id is None:
        return build(StatusPeriod, db.execute(f"{_SELECT} ORDER BY member_id, start_date, id"))
    return build(StatusPeriod, db.execute(f"{_SELECT} WHERE member_id = ? ORDER BY start_date, id", [member_id]))


def get_status(db: Database, status_id: int) -> StatusPeriod:
    found = build_one(StatusPeriod, db.execute(f"{_SELECT} WHERE id = ?", [status_id]))
    if found is None:
        raise NotFoundError(f"没有编号为 {status_id} 的状态记录")
    return found


def _date(value, label: str, *, required: bool = False) -> str | None:
    try:
        iso = optional_date(value, label)
    except DateError as exc:
        raise ValidationError(str(exc), label) from None
    if required and iso is None:
        raise ValidationError(f"「{label}」不能为空", label)
    return iso


def _member(db: Database, member_id: int) -> tuple[str, str | None, str | None]:
    row = db.execute("SELECT name, join_date, left_date FROM members WHERE id = ?", [member_id]).fetchone()
    if row is None:
        raise NotFoundError(f"没有编号为 {member_id} 的党员")
    return row


def add_status(db: Database, member_id: int, kind: str, start_date: str, end_date: str | None = None, *,
               purpose: str = "", approval: str = "", approval_date: str | None = None, note: str = "") -> int:
    """Record a status period; a bad value raises ValidationError naming the field, nothing saved."""
    try:
        kind = rules.kind_of(kind)
    except InputError as exc:
        raise ValidationError(str(exc), exc.field) from None
    period = StatusPeriod(
        id=0, member_id=member_id, kind=kind, start_date=_date(start_date, "开始日期", required=True),
        end_date=_date(end_date, "结束日期"), purpose=clean_text(purpose or ""), approval=clean_text(approval or ""),
        approval_date=_date(approval_date, "批准日期"), note=clean_text(note or ""))
    with transaction(db):
        _name, join_date, left_date = _member(db, member_id)
        _check(period, list_statuses(db, member_id), join_date, left_date)
        values = period._asdict()
        del values["id"]
        return db["member_statuses"].insert(values).last_pk


def _check(period: StatusPeriod, others: list[StatusPeriod], join_date, left_date) -> None:
    try:
        rules.validate_period(period, others, join_date, left_date)
    except InputError as exc:
        raise ValidationError(str(exc), exc.field) from None


def end_status(db: Database, status_id: int, end_date: str) -> None:
    """End an open period (the member is back, the 察看 period is over …)."""
    end = _date(end_date, "结束日期", required=True)
    with transaction(db):
        period = get_status(db, status_id)
        _name, join_date, left_date = _member(db, period.member_id)
        ended = period._replace(end_date=end)
        _check(ended, list_statuses(db, period.member_id), join_date, None)
        db["member_statuses"].update(status_id, {"end_date": end})


def open_statuses(db: Database, member_id: int, kind: str) -> list[StatusPeriod]:
    return [p for p in list_statuses(db, member_id) if p.kind == kind and p.end_date is None]


def restore_membership(db: Database, member_id: int, date: str) -> int:
    """恢复党籍: ends the member's open 停止党籍 period on `date`; returns that period's id."""
    stopped = open_statuses(db, member_id, StatusKind.STOPPED)
    if not stopped:
        raise ValidationError("「状态」该党员没有尚未恢复的停止党籍记录", "状态")
    end_status(db, stopped[-1].id, date)
    return stopped[-1].id


def record_contact(db: Database, status_id: int, date: str) -> None:
    day = _date(date, "联系日期", required=True)
    with transaction(db):
        period = get_status(db, status_id)
        if day < period.start_date:
            raise ValidationError("「联系日期」早于该状态的开始日期", "联系日期")
        db["member_statuses"].update(status_id, {"last_contact": day})


def delete_status(db: Database, status_id: int) -> None:
    with transaction(db):
        get_status(db, status_id)
        db.execute("DELETE FROM member_statuses WHERE id = ?", [status_id])


# ── status on a date, for the other areas ──


def periods_by_member(db: Database, member_ids: Iterable[int] | None = None) -> dict[int, list[StatusPeriod]]:
    out: dict[int, list[StatusPeriod]] = {}
    wanted = None if member_ids is None else set(member_ids)
    for p in list_statuses(db):
        if wanted is None or p.member_id in wanted:
            out.setdefault(p.member_id, []).append(p)
    return out


def absences_on(db: Database, day: str) -> dict[int, StatusPeriod]:
    """member id → the approved absence that covers `day` (excused from 组织生活 and dues counting)."""
    out = {}
    for member_id, periods in periods_by_member(db).items():
        found = rules.absence_on(periods, day)
        if found:
            out[member_id] = found
    return out


def excused_months(db: Database) -> dict[int, set[int]]:
    """member id → month indices (year * 12 + month - 1) an approved absence touches."""
    out = {}
    for member_id, periods in periods_by_member(db).items():
        months = rules.excused_months(periods)
        if months:
            out[member_id] = months
    return out


def no_vote_reasons(db: Database, day: str, member_ids: Iterable[int] | None = None) -> dict[int, str]:
    """member id → why they have no vote on `day` (预备党员, 留党察看, 停止党籍); those with a vote absent."""
    ids = None if member_ids is None else set(member_ids)
    sql = "SELECT id, party_status, full_date FROM members"
    rows = db.execute(sql).fetchall() if ids is None else [r for r in db.execute(sql).fetchall() if r[0] in ids]
    periods = periods_by_member(db, ids)
    out = {}
    for member_id, party_status, full_date in rows:
        reason = rules.no_vote_reason(periods.get(member_id, []), party_status, full_date, day)
        if reason:
            out[member_id] = reason
    return out


def roster_ids_on(db: Database, day: str) -> list[int]:
    """Members on the roster on `day`: joined by then, not yet left, not under 停止党籍."""
    rows = db.execute(
        "SELECT id FROM members WHERE (join_date IS NULL OR join_date <= ?) AND (left_date IS NULL OR left_date > ?) "
        "ORDER BY pinyin, name, id", [day, day]).fetchall()
    periods = periods_by_member(db)
    return [mid for (mid,) in rows if rules.on_roster(periods.get(mid, []), day)]


def status_counts(db: Database, day: str) -> dict[str, int]:
    """On `day`: how many on the roster are in each status (出国（境） 2, 留党察看 1 …), in the rules' order."""
    on = set(roster_ids_on(db, day))
    counts: dict[str, int] = {}
    for member_id, periods in periods_by_member(db, on).items():
        for p in rules.covering(periods, day):
            counts[p.kind] = counts.get(p.kind, 0) + 1
    return {k: counts[k] for k in rules.KINDS if k in counts}


# ── local settings ──


def dues_mode(db: Database) -> str:
    value = get_setting(db, rules.DUES_MODE_KEY, rules.DEFAULT_DUES_MODE)
    return value if value in rules.DUES_MODES else rules.DEFAULT_DUES_MODE


def contact_months(db: Database) -> int:
    try:
        return rules.check_contact_months(get_setting(db, rules.CONTACT_KEY, rules.DEFAULT_CONTACT_MONTHS))
    except InputError:
        return rules.DEFAULT_CONTACT_MONTHS


def save_away_settings(db: Database, mode: str, months) -> None:
    try:
        mode, months = rules.check_dues_mode(mode), rules.check_contact_months(months)
    except InputError as exc:
        raise ValidationError(str(exc), exc.field) from None
    with transaction(db):
        set_setting(db, rules.DUES_MODE_KEY, mode)
        set_setting(db, rules.CONTACT_KEY, months)
