"""谈心谈话 as the 工作台 sees it: the year's coverage under the branch's reading, and follow-ups
past their date. Part of the talks area (tui.store.talks re-exports them); apart so that opening
the app loads these and not the whole area.
"""

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from tui.store.db import Database

from tui.rules import talks as rules
from tui.rules.asof import as_of, on_roster
from tui.rules.dates import year_bounds
from tui.store.asof import roster_ids_on
from tui.store.branch import get_committee, get_setting, set_setting
from tui.store.errors import ValidationError
from tui.store.records import named
from tui import clock


class OpenFollowup(NamedTuple):
    id: int
    talk_id: int
    talk_date: str
    what: str
    who: str
    due_date: str | None
    talker: str
    targets: str
    days_overdue: int | None     # None when there is no due date; negative: not yet due

    @property
    def overdue(self) -> bool:
        return self.days_overdue is not None and self.days_overdue > 0


def _member_names(db: Database) -> dict[int, str]:
    return dict(db.execute("SELECT id, name FROM members").fetchall())


def open_followups(db: Database, today: dt.date | str, *, overdue_only: bool = True) -> list[OpenFollowup]:
    """Follow-ups not yet done: by default only those past their date, most overdue first."""
    today_iso = today if isinstance(today, str) else today.isoformat()
    today_d = dt.date.fromisoformat(today_iso)
    where = "f.done_date IS NULL AND t.deleted_at IS NULL"
    args: list = []
    if overdue_only:
        where += " AND f.due_date IS NOT NULL AND f.due_date < ?"
        args.append(today_iso)
    rows = named(db.execute(
        "SELECT f.id, f.talk_id, t.date AS talk_date, f.what, f.who, f.due_date, "
        "coalesce(CASE WHEN t.talker_id IS NOT NULL THEN coalesce(m.name, '') ELSE t.talker_name END, '') AS talker, "
        "coalesce((SELECT group_concat(coalesce(mm.name, p.name), '、') FROM talk_targets tt "
        " LEFT JOIN members mm ON mm.id = tt.member_id LEFT JOIN people p ON p.id = tt.person_id "
        " WHERE tt.talk_id = t.id), '') AS targets "
        "FROM talk_followups f JOIN talks t ON t.id = f.talk_id LEFT JOIN members m ON m.id = t.talker_id "
        f"WHERE {where} ORDER BY f.due_date IS NULL, f.due_date, f.id",
        args,
    ))
    out = []
    for r in rows:
        due = r["due_date"]
        out.append(OpenFollowup(**r, days_overdue=(today_d - dt.date.fromisoformat(due)).days if due else None))
    return out


def coverage_reading(db: Database) -> str:
    reading = get_setting(db, rules.SETTING_KEY, rules.DEFAULT_READING)
    return reading if reading in rules.READINGS else rules.DEFAULT_READING


def set_coverage_reading(db: Database, reading: str) -> None:
    try:
        rules.check_reading(reading)
    except ValueError as exc:
        raise ValidationError(str(exc), "谈话覆盖口径") from None
    set_setting(db, rules.SETTING_KEY, reading)


def year_member_ids(db: Database, year: int, today: dt.date | None = None,
                    roster: Sequence[tuple[int, str | None, str | None]] | None = None) -> list[int]:
    """Members on the year's roster as tui.rules.asof counts it: at the end of the year, or on
    the day of filling in for the current year. `roster`: (id, join_date, left_date) of every
    member in roster order, when the caller has read them (else the roster's index is read)."""
    start, end = year_bounds(year)
    day = as_of(start, end, today or clock.today()).roster_day
    if roster is not None:
        return [member_id for member_id, join_date, left_date in roster if on_roster(join_date, left_date, day)]
    return roster_ids_on(db, day)


def talk_pairs(db: Database, year: int) -> list[tuple[int, int]]:
    """(谈话人, 谈话对象) member pairs of the year's talks."""
    start, end = year_bounds(year)
    return db.execute(
        "SELECT t.talker_id, tt.member_id FROM talks t JOIN talk_targets tt ON tt.talk_id = t.id "
        "WHERE t.deleted_at IS NULL AND t.date BETWEEN ? AND ? "
        "AND t.talker_id IS NOT NULL AND tt.member_id IS NOT NULL",
        [start, end],
    ).fetchall()


def talk_coverage(db: Database, year: int, reading: str | None = None, *, today: dt.date | None = None,
                  names: dict[int, str] | None = None,
                  roster: Sequence[tuple[int, str | None, str | None]] | None = None) -> rules.Coverage:
    """The year's coverage under the branch's reading (or `reading`), with names filled in
    (`names`: every member's, and `roster`: (id, join_date, left_date) of every member in roster
    order, when the caller has read them).

    The committee is today's committee: the file does not keep earlier committees.
    """
    members = year_member_ids(db, year, today, roster)
    present = set(members)
    committee = [m for m in get_committee(db).values() if m in present]
    cov = rules.coverage(committee, members, talk_pairs(db, year), reading or coverage_reading(db))
    return cov._replace(names=_member_names(db) if names is None else names)
