"""组织生活会 materials: 会前征求意见 and the 查摆问题 of the 支委会 and of each member.

The tables life_meeting_opinions and life_meeting_problems are this module's; the 整改清单 stays
the meetings area's (rectifications), the talks before the meeting the talks area's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tui.rules import yearend as rules
from tui.store.db import Database, transaction
from tui.store.errors import NotFoundError, ValidationError
from tui.store.records import build, select_list

KIND = "组织生活会"
COMMITTEE = "支委会"


@dataclass
class Opinion:
    id: int
    meeting_id: int
    source: str
    content: str
    count: int


@dataclass
class Problem:
    id: int
    meeting_id: int
    member_id: int | None
    problem: str
    cause: str
    measure: str
    criticisms: int


def _check_meeting(db: Database, meeting_id: int) -> str:
    row = db.execute("SELECT kind, date FROM meetings WHERE id = ? AND deleted_at IS NULL", [meeting_id]).fetchone()
    if row is None:
        raise NotFoundError(f"没有编号为 {meeting_id} 的会议", "会议")
    if row[0] != KIND:
        raise ValidationError(f"编号 {meeting_id} 的会议是“{row[0]}”，征求意见和查摆问题只能记在“组织生活会”上", "会议")
    return row[1]


def life_meetings(db: Database, year: int) -> list[tuple[int, str, str]]:
    return db.execute(
        "SELECT id, date, topics FROM meetings WHERE kind = ? AND deleted_at IS NULL AND substr(date, 1, 4) = ? "
        "ORDER BY date, id", [KIND, str(year)]).fetchall()


def opinions(db: Database, meeting_id: int) -> list[Opinion]:
    return build(Opinion, db.execute(
        f"SELECT {select_list(Opinion)} FROM life_meeting_opinions WHERE meeting_id = ? ORDER BY id", [meeting_id]))


def problems(db: Database, meeting_id: int) -> list[Problem]:
    return build(Problem, db.execute(
        f"SELECT {select_list(Problem)} FROM life_meeting_problems WHERE meeting_id = ? "
        "ORDER BY member_id IS NOT NULL, member_id, id", [meeting_id]))


def add_opinion(db: Database, meeting_id: int, source: str, content: str, count: object = 1) -> int:
    _check_meeting(db, meeting_id)
    source, content = (source or "").strip(), (content or "").strip()
    if not source:
        raise ValidationError("「意见来源」不能为空（如 党员、群众、服务对象、上级党组织）", "意见来源")
    if not content:
        raise ValidationError("「意见内容」不能为空", "意见内容")
    n = rules.count_value(count, "条数", limit=1000) if str(count).strip() else 1
    if n < 1:
        raise ValidationError("「条数」至少为1", "条数")
    with transaction(db):
        return db["life_meeting_opinions"].insert(
            {"meeting_id": meeting_id, "source": source, "content": content, "count": n}).last_pk


def add_problem(db: Database, meeting_id: int, member_id: int | None, problem: str, cause: str = "",
                measure: str = "", criticisms: object = 0) -> int:
    """A 查摆问题 of a member (member_id) or of the 支委会 (member_id None)."""
    _check_meeting(db, meeting_id)
    if member_id is not None and db.execute("SELECT 1 FROM members WHERE id = ?", [member_id]).fetchone() is None:
        raise ValidationError(f"没有编号为 {member_id} 的党员", "党员")
    problem = (problem or "").strip()
    if not problem:
        raise ValidationError("「问题」不能为空", "问题")
    n = rules.count_value(criticisms, "批评意见条数", limit=100)
    with transaction(db):
        return db["life_meeting_problems"].insert(
            {"meeting_id": meeting_id, "member_id": member_id, "problem": problem, "cause": (cause or "").strip(),
             "measure": (measure or "").strip(), "criticisms": n}).last_pk


def delete_opinion(db: Database, opinion_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM life_meeting_opinions WHERE id = ?", [opinion_id])


def delete_problem(db: Database, problem_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM life_meeting_problems WHERE id = ?", [problem_id])


@dataclass
class LifeMeetingReport:
    meeting_id: int
    date: str
    topics: str
    expected: int
    present: int
    absent_names: list[str]
    opinions: list[Opinion]
    opinion_count: int
    opinion_sources: dict[str, int]
    talks: list[tuple[str, str, str]]     # (date, 谈话人, 谈话对象) in the season before the meeting
    talk_members: int
    members: int
    problems: list[tuple[str, Problem]]   # (支委会 or name, problem)
    criticism_count: int
    rectifications: list                  # tui.store.meetings.Rectification
    season_start: str

    @property
    def measure_count(self) -> int:
        return len(self.rectifications)

    @property
    def unfinished(self) -> list[str]:
        out = []
        if not self.opinions:
            out.append("会前征求意见：尚未录入")
        if not any(who == COMMITTEE for who, _ in self.problems):
            out.append("支委会查摆问题：尚未录入")
        if not any(who != COMMITTEE for who, _ in self.problems):
            out.append("党员个人查摆问题：尚未录入")
        if not self.rectifications:
            out.append("整改清单：尚未录入")
        return out


def life_meeting_report(db: Database, year: int, meeting_id: int | None = None, *, season_days: int = 90) -> LifeMeetingReport:
    from tui.store.meetings import get_meeting

    found = life_meetings(db, year)
    if meeting_id is not None:
        found = [m for m in found if m[0] == meeting_id]
    if not found:
        raise NotFoundError(f"{year}年没有“组织生活会”会议记录：请先在「会议」中记下这次组织生活会", "会议")
    mid = found[-1][0]
    meeting = get_meeting(db, mid)
    names = dict(db.execute("SELECT id, name FROM members").fetchall())
    start = (dt.date.fromisoformat(meeting.date) - dt.timedelta(days=season_days)).isoformat()
    talk_rows = db.execute(
        "SELECT t.date, COALESCE(m.name, t.talker_name), "
        "  (SELECT group_concat(COALESCE(p.name, o.name), '、') FROM talk_targets tt "
        "   LEFT JOIN members p ON p.id = tt.member_id LEFT JOIN people o ON o.id = tt.person_id "
        "   WHERE tt.talk_id = t.id) "
        "FROM talks t LEFT JOIN members m ON m.id = t.talker_id "
        "WHERE t.deleted_at IS NULL AND t.date >= ? AND t.date <= ? ORDER BY t.date, t.id",
        [start, meeting.date]).fetchall()
    talked = {r[0] for r in db.execute(
        "SELECT tt.member_id FROM talk_targets tt JOIN talks t ON t.id = tt.talk_id "
        "WHERE t.deleted_at IS NULL AND t.date >= ? AND t.date <= ? AND tt.member_id IS NOT NULL "
        "UNION SELECT t.talker_id FROM talks t WHERE t.deleted_at IS NULL AND t.date >= ? AND t.date <= ? "
        "AND t.talker_id IS NOT NULL", [start, meeting.date, start, meeting.date])}
    attendees = meeting.attendance
    ops = opinions(db, mid)
    sources: dict[str, int] = {}
    for o in ops:
        sources[o.source] = sources.get(o.source, 0) + o.count
    probs = [(COMMITTEE if p.member_id is None else names.get(p.member_id, str(p.member_id)), p)
             for p in problems(db, mid)]
    return LifeMeetingReport(
        meeting_id=mid, date=meeting.date, topics=meeting.topics,
        expected=len(attendees), present=sum(1 for a in attendees if a.status == "出席"),
        absent_names=[f"{a.name}（{a.status}{('：' + a.reason) if a.reason else ''}）" for a in attendees if a.status != "出席"],
        opinions=ops, opinion_count=sum(o.count for o in ops), opinion_sources=sources,
        talks=[(r[0], r[1] or "", r[2] or "") for r in talk_rows],
        talk_members=len({a.member_id for a in attendees} & talked), members=len(attendees),
        problems=probs, criticism_count=sum(p.criticisms for _, p in probs),
        rectifications=list(meeting.rectifications), season_start=start,
    )
