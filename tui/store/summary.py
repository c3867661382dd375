"""Read-only counts over a period, straight from the record tables, for the forms.

Every query the forms need from the other areas' tables (meetings, talks, dues, pairings) is in
this one module, so a column change in those areas has one place to be reconciled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlite_utils import Database

from tui.rules.dues import DuesError, months_due
from tui.rules.forms import Period

MEETING_KINDS = ("支部党员大会", "支部委员会", "党小组会", "党课", "主题党日", "组织生活会", "民主评议党员", "其他")
GRADES = ("优秀", "合格", "基本合格", "不合格")
PAIRING_MODES = ("导师制团队", "教研结对", "企业服务")
LEVELS = ("国家级", "省级", "市级", "校级")
LEFT_KINDS = ("转出", "去世", "其他")

# A month-only date ('2024-03') compares as the first of that month.
_JOIN = "(CASE WHEN length(join_date) = 7 THEN join_date || '-01' ELSE join_date END)"
_FULL = "(CASE WHEN length(full_date) = 7 THEN full_date || '-01' ELSE full_date END)"


@dataclass
class Lecture:
    date: str
    lecturer: str
    title: str


@dataclass
class Outcome:
    date: str
    level: str
    kind: str
    title: str
    pairing: str
    mode: str


@dataclass
class PeriodSummary:
    period: Period
    meetings: dict[str, int]                      # kind → count, every kind, in official order
    group_meetings: dict[str, int]                # 党小组 name → 党小组会 count
    lectures: list[Lecture]
    themes: list[tuple[str, str]]                 # 主题党日 (date, theme)
    evaluation: dict[str, int]                    # 民主评议 grade → members
    talks: int
    talk_members: int                             # distinct members who took part in a talk
    members_at_end: int                           # members in the branch on the period's last day
    full_at_end: int
    probationary_at_end: int
    dues_due_fen: int
    dues_paid_fen: int
    dues_voluntary_fen: int
    dues_members: int                             # members with a 年初核定 in the period
    pairings: dict[str, int]                      # mode → pairings active in the period
    pairing_activities: int
    pairing_hours_tenths: int
    outcomes: list[Outcome] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)        # names
    made_full: list[str] = field(default_factory=list)
    left: dict[str, list[str]] = field(default_factory=dict)  # left_kind → names
    as_of: str = ""                               # the period's end, or today if that is earlier

    @property
    def lecturers(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for lecture in self.lectures:
            name = lecture.lecturer or "未记录主讲人"
            out[name] = out.get(name, 0) + 1
        return out

    @property
    def outcomes_by_level(self) -> dict[str, int]:
        out = {level: 0 for level in LEVELS}
        for o in self.outcomes:
            out[o.level] = out.get(o.level, 0) + 1
        return out

    @property
    def outcomes_by_level_kind(self) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        for o in sorted(self.outcomes, key=lambda o: (LEVELS.index(o.level) if o.level in LEVELS else 9, o.kind)):
            out[(o.level, o.kind)] = out.get((o.level, o.kind), 0) + 1
        return out

    @property
    def record_count(self) -> int:
        """How many records dated in the period (0: nothing to report). Pairings merely still
        running are not records of the period; their activities and outcomes are."""
        return (
            sum(self.meetings.values()) + self.talks + self.dues_members + (self.dues_paid_fen > 0)
            + self.pairing_activities + len(self.outcomes) + len(self.joined) + len(self.made_full)
            + sum(len(v) for v in self.left.values())
        )


def period_summary(db: Database, period: Period, *, today: dt.date | None = None) -> PeriodSummary:
    start, end = period.start, period.end
    as_of = min(end, (today or dt.date.today()).isoformat())
    meetings = dict.fromkeys(MEETING_KINDS, 0)
    for kind, n in db.execute(
        "SELECT kind, count(*) FROM meetings WHERE deleted_at IS NULL AND date BETWEEN ? AND ? GROUP BY kind",
        [start, end],
    ).fetchall():
        meetings[kind] = n
    group_meetings = dict(db.execute(
        "SELECT coalesce(g.name, '未指定党小组'), count(*) FROM meetings m "
        "LEFT JOIN party_groups g ON g.id = m.group_id "
        "WHERE m.deleted_at IS NULL AND m.kind = '党小组会' AND m.date BETWEEN ? AND ? "
        "GROUP BY 1 ORDER BY min(coalesce(g.id, 1e9))",
        [start, end],
    ).fetchall())
    lectures = [Lecture(*row) for row in db.execute(
        "SELECT m.date, CASE WHEN trim(m.lecturer) <> '' THEN trim(m.lecturer) ELSE coalesce(h.name, '') END, "
        "m.lecture_title FROM meetings m LEFT JOIN members h ON h.id = m.host_id "
        "WHERE m.deleted_at IS NULL AND m.kind = '党课' AND m.date BETWEEN ? AND ? ORDER BY m.date, m.id",
        [start, end],
    ).fetchall()]
    themes = db.execute(
        "SELECT date, theme FROM meetings WHERE deleted_at IS NULL AND kind = '主题党日' "
        "AND date BETWEEN ? AND ? ORDER BY date, id",
        [start, end],
    ).fetchall()
    grades = dict(db.execute(
        "SELECT e.grade, count(*) FROM evaluations e JOIN meetings m ON m.id = e.meeting_id "
        "WHERE m.deleted_at IS NULL AND m.date BETWEEN ? AND ? GROUP BY e.grade",
        [start, end],
    ).fetchall())
    evaluation = {g: grades.pop(g) for g in GRADES if g in grades}
    evaluation.update(sorted(grades.items()))

    talks = db.execute(
        "SELECT count(*) FROM talks WHERE deleted_at IS NULL AND date BETWEEN ? AND ?", [start, end]
    ).fetchone()[0]
    talk_members = db.execute(
        "SELECT count(*) FROM (SELECT tt.member_id AS mid FROM talk_targets tt JOIN talks t ON t.id = tt.talk_id "
        "  WHERE t.deleted_at IS NULL AND t.date BETWEEN ? AND ? AND tt.member_id IS NOT NULL "
        " UNION SELECT t.talker_id FROM talks t "
        "  WHERE t.deleted_at IS NULL AND t.date BETWEEN ? AND ? AND t.talker_id IS NOT NULL) x "
        "JOIN members m ON m.id = x.mid "
        f"WHERE ({_JOIN} IS NULL OR {_JOIN} <= ?) AND (m.left_date IS NULL OR m.left_date > ?)",
        [start, end, start, end, end, end],
    ).fetchone()[0]

    at_end = dict(db.execute(
        f"SELECT CASE WHEN full_date IS NOT NULL AND {_FULL} <= ? THEN '正式党员' "
        "       WHEN party_status = '正式党员' AND full_date IS NULL THEN '正式党员' ELSE '预备党员' END, count(*) "
        f"FROM members WHERE ({_JOIN} IS NULL OR {_JOIN} <= ?) AND (left_date IS NULL OR left_date > ?) GROUP BY 1",
        [end, end, end],
    ).fetchall())

    due, dues_members = _dues_due(db, period)
    paid, voluntary = db.execute(
        "SELECT coalesce(sum(CASE WHEN voluntary = 0 THEN amount_fen END), 0), "
        "coalesce(sum(CASE WHEN voluntary = 1 THEN amount_fen END), 0) FROM dues_payments "
        "WHERE (year * 100 + month) BETWEEN ? AND ?",
        [int(start[:4]) * 100 + int(start[5:7]), int(end[:4]) * 100 + int(end[5:7])],
    ).fetchone()

    pairings = dict.fromkeys(PAIRING_MODES, 0)
    for mode, n in db.execute(
        "SELECT mode, count(*) FROM pairings WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?) GROUP BY mode",
        [end, start],
    ).fetchall():
        pairings[mode] = n
    activities, hours = db.execute(
        "SELECT count(*), coalesce(sum(hours), 0) FROM pairing_activities WHERE date BETWEEN ? AND ?", [start, end]
    ).fetchone()
    outcomes = [Outcome(*row) for row in db.execute(
        "SELECT o.date, o.level, o.kind, o.title, p.title, p.mode FROM pairing_outcomes o "
        "JOIN pairings p ON p.id = o.pairing_id WHERE o.date BETWEEN ? AND ? ORDER BY o.date, o.id",
        [start, end],
    ).fetchall()]

    joined = [r[0] for r in db.execute(
        f"SELECT name FROM members WHERE {_JOIN} BETWEEN ? AND ? ORDER BY {_JOIN}, id", [start, end]
    ).fetchall()]
    made_full = [r[0] for r in db.execute(
        f"SELECT name FROM members WHERE {_FULL} BETWEEN ? AND ? ORDER BY {_FULL}, id", [start, end]
    ).fetchall()]
    left: dict[str, list[str]] = {}
    for kind, name in db.execute(
        "SELECT left_kind, name FROM members WHERE left_date BETWEEN ? AND ? ORDER BY left_date, id", [start, end]
    ).fetchall():
        left.setdefault(kind, []).append(name)

    return PeriodSummary(
        period=period,
        meetings=meetings,
        group_meetings=group_meetings,
        lectures=lectures,
        themes=[(d, t) for d, t in themes],
        evaluation=evaluation,
        talks=talks,
        talk_members=talk_members,
        members_at_end=sum(at_end.values()),
        full_at_end=at_end.get("正式党员", 0),
        probationary_at_end=at_end.get("预备党员", 0),
        dues_due_fen=due,
        dues_paid_fen=paid,
        dues_voluntary_fen=voluntary,
        dues_members=dues_members,
        pairings=pairings,
        pairing_activities=activities,
        pairing_hours_tenths=hours,
        outcomes=outcomes,
        joined=joined,
        made_full=made_full,
        left=left,
        as_of=max(as_of, start),
    )


def _dues_due(db: Database, period: Period) -> tuple[int, int]:
    """Σ monthly due over the months of the period each assessed member belonged to the branch."""
    months = period.months()
    years = sorted({y for y, _ in months})
    wanted = {y: {m for yy, m in months if yy == y} for y in years}
    total, members = 0, set()
    rows = db.execute(
        "SELECT a.member_id, a.year, a.monthly_fen, m.join_date, m.left_date FROM dues_assessments a "
        f"JOIN members m ON m.id = a.member_id WHERE a.year IN ({','.join('?' * len(years))})",
        years,
    ).fetchall()
    for member_id, year, monthly, join_date, left_date in rows:
        try:
            owed = months_due(year, join_date, None, left_date)
        except DuesError:
            owed = list(range(1, 13))
        n = len(wanted[year].intersection(owed))
        if n:
            total += monthly * n
            members.add(member_id)
    return total, len(members)


# ── the branch as the forms describe it ──


@dataclass
class HonourCount:
    title: str
    level: str
    members: int


def honour_counts(db: Database) -> list[HonourCount]:
    """Honours of the current members: how many members hold each, highest level first."""
    rows = db.execute(
        "SELECT h.title, h.level, count(DISTINCT h.member_id) FROM member_honours h "
        "JOIN members m ON m.id = h.member_id WHERE m.left_date IS NULL GROUP BY h.title, h.level"
    ).fetchall()
    order = {lvl: i for i, lvl in enumerate((*LEVELS, "其他", ""))}
    return sorted((HonourCount(*r) for r in rows), key=lambda h: (order.get(h.level, 9), -h.members, h.title))


def committee_names(db: Database) -> dict[str, str]:
    """Role → name, official order, for the current committee."""
    from tui.store.branch import ROLES

    rows = dict(db.execute(
        "SELECT c.role, m.name FROM committee c JOIN members m ON m.id = c.member_id"
    ).fetchall())
    return {role: rows[role] for role in ROLES if role in rows}


@dataclass
class SecretaryProfile:
    name: str = ""
    gender: str = ""
    birth_date: str = ""
    education: str = ""
    degree: str = ""
    title: str = ""
    post: str = ""
    join_date: str = ""
    honours: list[str] = field(default_factory=list)


def secretary_profile(db: Database) -> SecretaryProfile | None:
    row = db.execute(
        "SELECT m.id, m.name, coalesce(m.gender, ''), coalesce(m.birth_date, ''), m.education, m.degree, m.title, "
        "m.post, coalesce(m.join_date, '') FROM committee c JOIN members m ON m.id = c.member_id "
        "WHERE c.role = '书记'"
    ).fetchone()
    if row is None:
        return None
    honours = [
        f"{level}{title}" if level and level != "其他" and not title.startswith(level[:1]) else title
        for title, level in db.execute(
            "SELECT title, level FROM member_honours WHERE member_id = ? ORDER BY year, id", [row[0]]
        ).fetchall()
    ]
    return SecretaryProfile(*row[1:], honours=honours)


def member_list(db: Database) -> list[dict]:
    """The current members as plain rows with Chinese keys (for templates' loops)."""
    rows = db.execute(
        "SELECT m.name, coalesce(m.gender, ''), m.category, m.party_status, m.title, m.education, m.degree, "
        "m.post, coalesce(m.join_date, ''), coalesce(g.name, ''), coalesce(c.role, '') FROM members m "
        "LEFT JOIN party_groups g ON g.id = m.group_id LEFT JOIN committee c ON c.member_id = m.id "
        "WHERE m.left_date IS NULL ORDER BY m.id"
    ).fetchall()
    keys = ("姓名", "性别", "类别", "党籍", "职称", "学历", "学位", "岗位", "入党日期", "党小组", "职务")
    return [dict(zip(keys, r)) | {"序号": i} for i, r in enumerate(rows, start=1)]


@dataclass
class PairingRow:
    mode: str
    title: str
    lead: str
    member2: str
    person: str
    object_text: str
    goal: str
    activities: int
    outcomes: int


def pairing_rows(db: Database, period: Period) -> list[PairingRow]:
    """Pairings active in the period, with their activities and outcomes in the period."""
    rows = db.execute(
        "SELECT p.mode, p.title, coalesce(l.name, ''), coalesce(m2.name, ''), coalesce(pe.name, ''), "
        "p.object_text, p.goal, "
        " (SELECT count(*) FROM pairing_activities a WHERE a.pairing_id = p.id AND a.date BETWEEN ? AND ?), "
        " (SELECT count(*) FROM pairing_outcomes o WHERE o.pairing_id = p.id AND o.date BETWEEN ? AND ?) "
        "FROM pairings p LEFT JOIN members l ON l.id = p.lead_id LEFT JOIN members m2 ON m2.id = p.member2_id "
        "LEFT JOIN people pe ON pe.id = p.person_id "
        "WHERE p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?) "
        "ORDER BY CASE p.mode WHEN '导师制团队' THEN 0 WHEN '教研结对' THEN 1 ELSE 2 END, p.start_date, p.id",
        [period.start, period.end, period.start, period.end, period.end, period.start],
    ).fetchall()
    return [PairingRow(*r) for r in rows]
