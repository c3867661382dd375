"""报送事项: what the upper committee wants, by when, and how far it has got (待办 → 已导出 → 已报送)."""

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

from tui.store.db import Database

from tui.rules.dates import DateError, normalize_date, optional_date
from tui.rules.deadline_status import DeadlineStatus
from tui.store.db import transaction
from tui.store.errors import NotFoundError, ValidationError
from tui.store.records import named, select_list
from tui import clock

STATUSES = tuple(DeadlineStatus)
_SPLIT = re.compile(r"[,，、;；\s]+")


class Deadline(NamedTuple):
    id: int
    title: str
    due_date: str
    forms: Sequence[str] = ()
    notes: str = ""
    status: str = DeadlineStatus.TODO
    exported_at: str | None = None
    submitted_date: str | None = None

    def days_left(self, today: dt.date) -> int:
        return (dt.date.fromisoformat(self.due_date) - today).days

    def is_open(self) -> bool:
        return self.status != DeadlineStatus.SUBMITTED

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open() and self.days_left(today) < 0

    def when_text(self, today: dt.date) -> str:
        """“还有3天”, “今天截止”, “已逾期2天”, or the submission date."""
        if self.status == DeadlineStatus.SUBMITTED:
            return f"已于{self.submitted_date or ''}报送"
        days = self.days_left(today)
        if days < 0:
            return f"已逾期{-days}天"
        if days == 0:
            return "今天截止"
        return f"还有{days}天"


_COLUMNS = select_list(Deadline)


def _deadlines(cursor) -> list[Deadline]:
    """Rows as records; `forms` is stored comma-separated."""
    return [Deadline(**{**r, "forms": [f for f in (r["forms"] or "").split(",") if f]}) for r in named(cursor)]


def parse_forms(text: str | Collection[str] | None) -> list[str]:
    if text is None:
        return []
    items = _SPLIT.split(text) if isinstance(text, str) else list(text)
    out: list[str] = []
    for item in items:
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return out


def list_deadlines(db: Database, *, include_submitted: bool = True) -> list[Deadline]:
    """Open items by due date first, then submitted ones, latest first."""
    where = "" if include_submitted else "WHERE status <> '已报送'"
    return _deadlines(db.execute(
        f"SELECT {_COLUMNS} FROM deadlines {where} "
        "ORDER BY status = '已报送', CASE WHEN status = '已报送' THEN -julianday(due_date) ELSE julianday(due_date) END, id"
    ))


def get_deadline(db: Database, deadline_id: int) -> Deadline:
    found = _deadlines(db.execute(f"SELECT {_COLUMNS} FROM deadlines WHERE id = ?", [deadline_id]))
    if not found:
        raise NotFoundError(f"没有编号为 {deadline_id} 的报送事项")
    return found[0]


def upcoming_deadlines(db: Database, today: dt.date, days: int = 14) -> list[Deadline]:
    """Items not yet submitted, due from today to `days` days ahead (inclusive)."""
    return _deadlines(db.execute(
        f"SELECT {_COLUMNS} FROM deadlines WHERE status <> '已报送' AND due_date BETWEEN ? AND ? "
        "ORDER BY due_date, id",
        [today.isoformat(), (today + dt.timedelta(days=days)).isoformat()],
    ))


def overdue_deadlines(db: Database, today: dt.date) -> list[Deadline]:
    """Items not yet submitted whose due date has passed, oldest first."""
    return _deadlines(db.execute(
        f"SELECT {_COLUMNS} FROM deadlines WHERE status <> '已报送' AND due_date < ? ORDER BY due_date, id",
        [today.isoformat()],
    ))


def save_deadline(
    db: Database,
    data: dict,
    deadline_id: int | None = None,
    *,
    known_forms: Collection[str] | Mapping[str, str] | None = None,
) -> int:
    """Add (or edit) an item. `data`: title, due_date, forms (text or list), notes.

    `known_forms` given as {id: 中文名称} also accepts a form by the name the secretary sees
    ("年度党建工作总结"); the item stores the id either way.
    """
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError("「事项」不能为空", "事项")
    try:
        due = normalize_date(data.get("due_date") or "", "截止日期")
    except DateError as exc:
        raise ValidationError(str(exc), "截止日期") from None
    forms = parse_forms(data.get("forms"))
    if isinstance(known_forms, Mapping):
        by_name = {name: form_id for form_id, name in known_forms.items()}
        forms = list(dict.fromkeys(by_name.get(f, f) for f in forms))
    if known_forms is not None:
        unknown = [f for f in forms if f not in known_forms]
        if unknown:
            choices = known_forms.values() if isinstance(known_forms, Mapping) else known_forms
            raise ValidationError(
                f"没有这些表格：{'、'.join(unknown)}（可用：{'、'.join(choices)}）", "所需表格"
            )
    row = {"title": title, "due_date": due, "forms": ",".join(forms), "notes": (data.get("notes") or "").strip()}
    with transaction(db):
        if deadline_id is None:
            return db["deadlines"].insert(row).last_pk
        get_deadline(db, deadline_id)
        db["deadlines"].update(deadline_id, row)
        return deadline_id


def delete_deadline(db: Database, deadline_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM deadlines WHERE id = ?", [deadline_id])


def mark_exported(db: Database, form_id: str, when: dt.datetime | None = None, *, year: int | None = None) -> list[int]:
    """The earliest-due 待办 item that needs `form_id` becomes 已导出. Returns its id, if any.

    One export answers one item: next year's item for the same form stays 待办. An export for
    a `year` answers only an item due in that year or the next (last year's summary, exported
    again in November, does not answer the item for this year's summary due in January).
    """
    stamp = (when or clock.now()).isoformat(timespec="seconds")
    sql = "SELECT id FROM deadlines WHERE status = '待办' AND ',' || forms || ',' LIKE ?"
    args: list = [f"%,{form_id},%"]
    if year is not None:
        sql += " AND due_date >= ? AND due_date < ?"
        args += [f"{int(year):04d}-01-01", f"{int(year) + 2:04d}-01-01"]
    with transaction(db):
        row = db.execute(sql + " ORDER BY due_date, id LIMIT 1", args).fetchone()
        if row is None:
            return []
        db["deadlines"].update(row[0], {"status": DeadlineStatus.EXPORTED, "exported_at": stamp})
    return [row[0]]


def mark_submitted(db: Database, deadline_id: int, date: str | None = None, *, today: dt.date | None = None) -> None:
    """已报送 on `date` (default today)."""
    try:
        day = optional_date(date, "报送日期") or (today or clock.today()).isoformat()
    except DateError as exc:
        raise ValidationError(str(exc), "报送日期") from None
    with transaction(db):
        get_deadline(db, deadline_id)
        db["deadlines"].update(deadline_id, {"status": DeadlineStatus.SUBMITTED, "submitted_date": day})


def reopen(db: Database, deadline_id: int) -> None:
    """Back one step: 已报送 → 已导出 (if it was exported) or 待办; 已导出 → 待办."""
    with transaction(db):
        d = get_deadline(db, deadline_id)
        if d.status == DeadlineStatus.SUBMITTED:
            status = DeadlineStatus.EXPORTED if d.exported_at else DeadlineStatus.TODO
            db["deadlines"].update(deadline_id, {"status": status, "submitted_date": None})
        elif d.status == DeadlineStatus.EXPORTED:
            db["deadlines"].update(deadline_id, {"status": DeadlineStatus.TODO, "exported_at": None})
