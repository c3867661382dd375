"""组织关系转接 as the 工作台 and the other areas read it: the records, the latest 转出, 回执 still
out, and when a member's months here begin after a 转入. Part of tui.store.transfers (which
re-exports these and writes the table); apart so that opening the app loads these and not the
roster's store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tui.rules import member_status as status_rules
from tui.store.db import Database
from tui.store.errors import NotFoundError
from tui.store.records import build, build_one, derived, select_list
from tui import clock

OUT, IN = "转出", "转入"
SCOPES = ("本基层党委内", "本省（区、市）内", "跨省（区、市）")
MEDIA = ("纸质", "网上")
DEFAULT_VALID_DAYS = 30
MAX_VALID_DAYS = 90      # at most three months (组通字〔2006〕45号 practice: commonly 10–30 days)


@dataclass
class Transfer:
    id: int
    member_id: int
    direction: str
    date: str
    org: str
    scope: str = SCOPES[0]
    medium: str = MEDIA[0]
    letter_no: str = ""
    dues_through: str | None = None
    valid_days: int | None = None
    receipt_date: str | None = None
    archive_checked: int = 0
    group_id: int | None = None
    probation_from: str | None = None
    note: str = ""
    name: str = derived("")

    @property
    def receipt_due(self) -> dt.date:
        return status_rules.add_months(dt.date.fromisoformat(self.date), status_rules.RECEIPT_MONTHS)

    def receipt_overdue(self, today: dt.date) -> bool:
        return self.direction == OUT and self.receipt_date is None and today > self.receipt_due


_SELECT = f"SELECT {select_list(Transfer, 't')}, m.name FROM transfers t JOIN members m ON m.id = t.member_id"


def list_transfers(db: Database, *, year: int | None = None, member_id: int | None = None,
                   direction: str | None = None, since: str | None = None,
                   without_receipt: bool = False) -> list[Transfer]:
    """Transfers in date order; `direction` (转入/转出), `since` (dated on or after) and
    `without_receipt` (no 回执 recorded) narrow them in SQL (the 工作台 asks for a few, not the
    branch's whole history)."""
    where, args = [], []
    if year is not None:
        where.append("substr(t.date, 1, 4) = ?")
        args.append(f"{int(year):04d}")
    if member_id is not None:
        where.append("t.member_id = ?")
        args.append(member_id)
    if direction is not None:
        where.append("t.direction = ?")
        args.append(direction)
    if since is not None:
        where.append("t.date >= ?")
        args.append(since)
    if without_receipt:
        where.append("t.receipt_date IS NULL")
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY t.date, t.id"
    return build(Transfer, db.execute(sql, args))


def get_transfer(db: Database, transfer_id: int) -> Transfer:
    found = build_one(Transfer, db.execute(_SELECT + " WHERE t.id = ?", [transfer_id]))
    if found is None:
        raise NotFoundError(f"没有编号为 {transfer_id} 的转接记录")
    return found


def latest_out(db: Database, member_id: int) -> Transfer | None:
    found = [t for t in list_transfers(db, member_id=member_id) if t.direction == OUT]
    return found[-1] if found else None


def overdue_receipts(db: Database, today: dt.date | None = None) -> list[Transfer]:
    today = today or clock.today()
    return [t for t in list_transfers(db, direction=OUT, without_receipt=True) if t.receipt_overdue(today)]


def arrivals(db: Database) -> dict[int, tuple[str, str]]:
    """member id → (转入 date, first month dues are owed here 'YYYY-MM') of their latest 转入."""
    out: dict[int, tuple[str, str]] = {}
    for member_id, date, through in db.execute(
            "SELECT member_id, date, dues_through FROM transfers WHERE direction = '转入' ORDER BY date, id"):
        if through:
            year, month = int(through[:4]), int(through[5:7])
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            first = f"{year:04d}-{month:02d}"
        else:
            first = date[:7]
        out[member_id] = (date, max(first, date[:7]) if not through else first)
    return out
