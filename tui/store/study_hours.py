"""学时台账: each member's training hours in a year, from the meetings attended and outside training.

The table study_entries (党校, 网络学院 … with hours) is this module's. Meeting hours are counted
from the meetings' start and end times under the branch's rule (tui.store.yearend_settings).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.rules import yearend as rules
from tui.rules.dates import normalize_date
from tui.store.db import Database, transaction
from tui.store.errors import ValidationError
from tui.store.records import build, select_list
from tui.store.yearend_settings import get_yearend_settings


@dataclass
class StudyEntry:
    id: int
    member_id: int
    date: str
    kind: str
    title: str
    hours_tenths: int
    name: str = ""


def add_entry(db: Database, member_id: int, date: str, kind: str, hours: object, title: str = "") -> int:
    """One outside training of a member; every field checked, nothing saved on a bad one."""
    if db.execute("SELECT 1 FROM members WHERE id = ?", [member_id]).fetchone() is None:
        raise ValidationError(f"没有编号为 {member_id} 的党员", "党员")
    day = normalize_date(date, "培训日期")
    if kind not in rules.STUDY_KINDS:
        raise ValidationError(f"「培训类别」只能是 {'/'.join(rules.STUDY_KINDS)}", "培训类别")
    tenths = rules.parse_hours(hours, "学时")
    with transaction(db):
        return db["study_entries"].insert(
            {"member_id": member_id, "date": day, "kind": kind, "title": (title or "").strip(),
             "hours_tenths": tenths}).last_pk


def delete_entry(db: Database, entry_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM study_entries WHERE id = ?", [entry_id])


def entries(db: Database, year: int, member_id: int | None = None) -> list[StudyEntry]:
    sql = (f"SELECT {select_list(StudyEntry, 's', exclude=('name',))}, m.name FROM study_entries s "
           "JOIN members m ON m.id = s.member_id WHERE substr(s.date, 1, 4) = ?")
    args: list = [str(year)]
    if member_id is not None:
        sql += " AND s.member_id = ?"
        args.append(member_id)
    return build(StudyEntry, db.execute(sql + " ORDER BY s.date, s.id", args))


@dataclass
class HoursLine:
    member_id: int
    name: str
    role: str                              # 书记, 组织委员 … or ''
    meetings: int                          # meetings attended that count
    meeting_tenths: int
    outside_tenths: int
    required: int
    outside: dict[str, int] = field(default_factory=dict)   # kind → tenths

    @property
    def total_tenths(self) -> int:
        return self.meeting_tenths + self.outside_tenths

    @property
    def short_tenths(self) -> int:
        return max(0, self.required * 10 - self.total_tenths)


@dataclass
class HoursLedger:
    year: int
    lines: list[HoursLine]
    rule_text: str
    required: int
    required_leaders: int
    source: str
    untimed_meetings: int                  # meetings attended in the year without start/end times

    @property
    def below(self) -> list[HoursLine]:
        return [line for line in self.lines if line.short_tenths > 0]


def hours_ledger(db: Database, year: int) -> HoursLedger:
    settings = get_yearend_settings(db)
    start, end = f"{year}-01-01", f"{year}-12-31"
    roles = {mid: role for role, mid in db.execute("SELECT role, member_id FROM committee")}
    members = db.execute(
        "SELECT id, name FROM members WHERE (join_date IS NULL OR substr(join_date, 1, 10) <= ?) "
        "AND (left_date IS NULL OR left_date >= ?) ORDER BY id", [end, start]).fetchall()
    attended: dict[int, list[tuple[str, str]]] = {}
    for member_id, s, e in db.execute(
        "SELECT a.member_id, mt.start_time, mt.end_time FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id "
        "WHERE mt.deleted_at IS NULL AND a.status = '出席' AND mt.date BETWEEN ? AND ?", [start, end]):
        attended.setdefault(member_id, []).append((s, e))
    untimed = db.execute(
        "SELECT count(*) FROM meetings WHERE deleted_at IS NULL AND date BETWEEN ? AND ? "
        "AND (start_time = '' OR end_time = '')", [start, end]).fetchone()[0]
    outside: dict[int, dict[str, int]] = {}
    for e in entries(db, year):
        kinds = outside.setdefault(e.member_id, {})
        kinds[e.kind] = kinds.get(e.kind, 0) + e.hours_tenths
    lines = []
    for member_id, name in members:
        counted = [rules.meeting_hours(s, e, settings.hours_rule) for s, e in attended.get(member_id, [])]
        counted = [h for h in counted if h]
        role = roles.get(member_id, "")
        kinds = outside.get(member_id, {})
        lines.append(HoursLine(
            member_id=member_id, name=name, role=role, meetings=len(counted),
            meeting_tenths=round(sum(counted) * 10), outside_tenths=sum(kinds.values()),
            required=settings.study_required_leaders if role else settings.study_required, outside=kinds,
        ))
    return HoursLedger(year, lines, settings.hours_rule_text, settings.study_required,
                       settings.study_required_leaders, settings.study_source, untimed)
