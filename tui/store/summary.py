"""Read-only counts over a period for the forms, taken from the record areas' own stores.

Meetings, talks, dues and pairings are counted by tui.store.{meetings,talks,dues,pairings}, with
their definitions (soft-deleted records left out, dues by the ledger, pairings by mode code);
the little SQL left here reads the roster and skips deleted rows the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tui.store.db import Database
from tui.store.records import build, named_one

from tui.rules import meetings as meeting_rules
from tui.rules import pairings as pairing_rules
from tui.rules.asof import AsOf, Month, as_of as as_of_rule
from tui.rules.forms import Period
from tui.store.asof import FULL, JOIN, roster_on, roster_where, status_on
from tui import clock

LEVELS = pairing_rules.LEVELS
NO_LECTURER = "未记录主讲人"

# A month-only date ('2024-03') compares as the first of that month.
_JOIN = JOIN.format(a="")
_FULL = FULL.format(a="")


def period_as_of(period: Period, today: dt.date | None = None, dues_through: Month | None = None) -> AsOf:
    """tui.rules.asof for a form's period: the one as-of rule every form uses."""
    return as_of_rule(period.start, period.end, today or clock.today(), dues_through=dues_through)


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
    mode: str                                     # the mode's display name


@dataclass
class PeriodSummary:
    period: Period
    meetings: dict[str, int]                      # kind → count, every kind, in official order
    group_meetings: dict[str, int]                # 党小组 name → 党小组会 count
    lectures: list[Lecture]
    themes: list[tuple[str, str]]                 # 主题党日 (date, theme)
    evaluation: dict[str, int]                    # 民主评议 grade → members, the branch's grade order
    talks: int
    talk_members: int                             # members at the end who took part in a talk
    members_at_end: int                           # members in the branch on `as_of`
    full_at_end: int
    probationary_at_end: int
    dues_due_fen: int
    dues_paid_fen: int
    dues_voluntary_fen: int
    dues_members: int                             # members assessed who owed in some month counted
    pairings: dict[str, int]                      # mode code → pairings that ran in the period
    pairing_activities: int
    pairing_hours_tenths: int
    mode_names: dict[str, str] = field(default_factory=dict)   # mode code → display name
    outcome_stats: object = None                  # tui.store.pairings.OutcomeStats
    outcomes: list[Outcome] = field(default_factory=list)
    coverage: object = None                       # tui.rules.talks.Coverage, for a calendar year
    joined: list[str] = field(default_factory=list)        # names
    made_full: list[str] = field(default_factory=list)
    left: dict[str, list[str]] = field(default_factory=dict)  # left_kind → names
    as_of: str = ""                               # the period's end, or today if that is earlier
    dues_through: str = ""                        # 'YYYY-MM' when dues stop before the period's end
    rule: AsOf | None = None                      # tui.rules.asof: as-of day, 党费 months, labels
    weak_committee: list[str] = field(default_factory=list)   # 支委会 dates without quorum (not counted)
    other_titles: list[str] = field(default_factory=list)     # titles of the “其他” meetings

    @property
    def lecturers(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for lecture in self.lectures:
            name = lecture.lecturer or NO_LECTURER
            out[name] = out.get(name, 0) + 1
        return out

    @property
    def pairings_total(self) -> int:
        return sum(self.pairings.values())

    @property
    def pairings_by_name(self) -> dict[str, int]:
        return {self.mode_names.get(code, code): n for code, n in self.pairings.items()}

    @property
    def outcomes_by_level(self) -> dict[str, int]:
        out = {level: 0 for level in LEVELS}
        for o in self.outcomes:
            out[o.level] = out.get(o.level, 0) + 1
        return out

    @property
    def achievement_sentences(self) -> list[str]:
        """'通过教研结对，已建立1门省级精品课程。' per mode (the pairings area's wording)."""
        return self.outcome_stats.sentences() if self.outcome_stats is not None else []

    @property
    def achievement_sentence(self) -> str:
        """All modes together: '已建立1门省级精品课程，获得1项省级竞赛奖项'."""
        return self.outcome_stats.sentence() if self.outcome_stats is not None else ""

    @property
    def record_count(self) -> int:
        """How many records dated in the period (0: nothing to report). Pairings merely still
        running are not records of the period; their activities and outcomes are."""
        return (
            sum(self.meetings.values()) + self.talks + self.dues_members + (self.dues_paid_fen > 0)
            + self.pairing_activities + len(self.outcomes) + len(self.joined) + len(self.made_full)
            + sum(len(v) for v in self.left.values())
        )


def period_summary(db: Database, period: Period, *, today: dt.date | None = None,
                   dues_through: Month | None = None) -> PeriodSummary:
    today = today or clock.today()
    start, end = period.start, period.end
    rule = period_as_of(period, today, dues_through)
    as_of = rule.roster_day
    at_end = roster_on(db, as_of)
    meetings = _meetings(db, start, end)
    talks, talk_members, coverage = _talks(db, period, set(at_end), today)
    due, paid, voluntary, dues_members = _dues(db, rule.dues_months)
    pairings = _pairings(db, start, end)
    joined, made_full, left = _roster_moves(db, start, end)
    return PeriodSummary(
        period=period,
        meetings=meetings["counts"],
        group_meetings=meetings["groups"],
        lectures=meetings["lectures"],
        themes=meetings["themes"],
        evaluation=meetings["evaluation"],
        talks=talks,
        talk_members=talk_members,
        members_at_end=len(at_end),
        full_at_end=sum(1 for s in at_end.values() if s == "正式党员"),
        probationary_at_end=sum(1 for s in at_end.values() if s == "预备党员"),
        dues_due_fen=due,
        dues_paid_fen=paid,
        dues_voluntary_fen=voluntary,
        dues_members=dues_members,
        pairings=pairings["counts"],
        pairing_activities=pairings["activities"],
        pairing_hours_tenths=pairings["hours"],
        mode_names=pairings["names"],
        outcome_stats=pairings["stats"],
        outcomes=pairings["outcomes"],
        coverage=coverage,
        joined=joined,
        made_full=made_full,
        left=left,
        as_of=as_of,
        dues_through=rule.dues_through_iso,
        rule=rule,
        weak_committee=meetings["weak"],
        other_titles=meetings["others"],
    )


# ── meetings (tui.store.meetings) ──


def _meetings(db: Database, start: str, end: str) -> dict:
    from tui.store import meetings as store
    from tui.store.branch import list_groups

    found = list(reversed(store.list_meetings(db, date_from=start, date_to=end)))   # oldest first
    # Held as the 工作台 counts (meeting_rules.counts_as_held): a 支委会 without quorum is not.
    rows = [r for r in found if r.quorum_ok]
    weak = [r.date for r in found if not r.quorum_ok]
    counts = dict.fromkeys(meeting_rules.KINDS, 0)
    by_group: dict[str, int] = {}
    for r in rows:
        counts[r.kind] = counts.get(r.kind, 0) + 1
        if r.kind == "党小组会":
            name = r.group_name or "未指定党小组"
            by_group[name] = by_group.get(name, 0) + 1
    order = {g.name: i for i, g in enumerate(list_groups(db))}
    groups = dict(sorted(by_group.items(), key=lambda kv: order.get(kv[0], len(order))))
    lectures = []
    grades: dict[str, int] = {}
    for r in rows:
        if r.kind == "党课":
            m = store.get_meeting(db, r.id)
            lectures.append(Lecture(date=m.date, lecturer=m.lecturer.strip(), title=m.lecture_title.strip()))
        elif r.kind == "民主评议党员":
            for a in store.get_meeting(db, r.id).attendance:
                if a.grade:
                    grades[a.grade] = grades.get(a.grade, 0) + 1
    grade_order = store.grade_set(db)
    evaluation = {g: grades.pop(g) for g in grade_order if g in grades}
    evaluation.update(sorted(grades.items()))       # grades outside today's setting, kept
    themes = [(r.date, r.title) for r in rows if r.kind == "主题党日"]
    return {"counts": counts, "groups": groups, "lectures": lectures, "themes": themes, "evaluation": evaluation,
            "weak": weak, "others": [r.title for r in rows if r.kind == "其他"]}


# ── talks (tui.store.talks) ──


def _talks(db: Database, period: Period, at_end: set[int], today: dt.date):
    from tui.store import talks as store

    found = store.list_talks(db, date_from=period.start, date_to=period.end)
    people = {m for t in found for m in (*t.target_member_ids, t.talker_id) if m is not None}
    # The talks area measures coverage over a calendar year only.
    coverage = store.talk_coverage(db, period.year, today=today) if period.is_year and found else None
    return len(found), len(people & at_end), coverage


# ── dues (tui.store.dues: the ledger's definitions) ──


def _dues(db: Database, months: tuple[Month, ...]) -> tuple[int, int, int, int]:
    """(due, paid, voluntary, members) over the months tui.rules.asof counts, summed from each
    year's ledger exactly as the 党费收缴台账 sums them (undone payments left out; 实交 and
    自愿多交 counted by the month they are for)."""
    from tui.store import dues as store

    by_year: dict[int, list[int]] = {}
    for y, m in months:
        by_year.setdefault(y, []).append(m - 1)
    due = paid = voluntary = 0
    members: set[int] = set()
    for year, idx in by_year.items():
        book = store.ledger(db, year)
        due += sum(book.month_due[i] for i in idx)
        paid += sum(book.month_paid[i] for i in idx)
        voluntary += sum(book.month_voluntary[i] for i in idx)
        members |= {r.member_id for r in book.rows if r.assessment is not None and any(r.owed[i] for i in idx)}
    return due, paid, voluntary, len(members)


# ── pairings (tui.store.pairings) ──


def _pairings(db: Database, start: str, end: str) -> dict:
    from tui.store import pairings as store

    stats = store.outcome_stats(db, start, end)
    titles = {p.id: p for p in store.list_pairings(db, date_from=start, date_to=end)}
    outcomes = []
    for pairing_id, found in store.outcomes_in_period(db, start, end).items():
        # An outcome may come after its pairing ended, so the pairing need not be in `titles`.
        p = titles.get(pairing_id) or store.get_pairing(db, pairing_id)
        outcomes += [(o.date, o.id, Outcome(date=o.date, level=o.level, kind=o.kind, title=o.title, pairing=p.title,
                                            mode=p.mode_name)) for o in found]
    return {
        "stats": stats,
        "names": dict(stats.mode_names),
        "counts": {code: stats.totals[code].pairings for code in pairing_rules.MODES},
        "activities": stats.total.activities,
        "hours": stats.total.hours,
        "outcomes": [o for _, _, o in sorted(outcomes, key=lambda t: t[:2])],
    }


# ── the roster over time (members table) ──


def members_at(db: Database, day: str) -> dict[int, str]:
    """Member id → 正式党员/预备党员 for everyone in the branch on `day` (tui.store.asof)."""
    return roster_on(db, day)


def _roster_moves(db: Database, start: str, end: str) -> tuple[list[str], list[str], dict[str, list[str]]]:
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
    return joined, made_full, left


# ── the branch as the forms describe it ──


@dataclass
class HonourCount:
    title: str
    level: str
    members: int


def honour_counts(db: Database, day: str | None = None) -> list[HonourCount]:
    """Honours of the members on the roster on `day` (None: today's roster): how many members
    hold each, highest level first."""
    where, args = roster_where(day, "m")
    rows = db.execute(
        "SELECT h.title, h.level, count(DISTINCT h.member_id) AS members FROM member_honours h "
        f"JOIN members m ON m.id = h.member_id WHERE {where} GROUP BY h.title, h.level", args
    )
    order = {lvl: i for i, lvl in enumerate((*LEVELS, "其他", ""))}
    return sorted(build(HonourCount, rows), key=lambda h: (order.get(h.level, 9), -h.members, h.title))


def women_count(db: Database, day: str | None = None) -> int:
    """Women on the roster on `day` (None: today) (the roster's statistics do not split by gender)."""
    where, args = roster_where(day)
    return db.execute(f"SELECT count(*) FROM members WHERE {where} AND gender = '女'", args).fetchone()[0]


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
    phone: str = ""
    honours: list[str] = field(default_factory=list)


def secretary_profile(db: Database) -> SecretaryProfile | None:
    row = named_one(db.execute(
        "SELECT m.id, m.name, coalesce(m.gender, '') AS gender, coalesce(m.birth_date, '') AS birth_date, "
        "m.education, m.degree, m.title, m.post, coalesce(m.join_date, '') AS join_date, "
        "coalesce(m.phone, '') AS phone "
        "FROM committee c JOIN members m ON m.id = c.member_id WHERE c.role = '书记'"
    ))
    if row is None:
        return None
    member_id = row.pop("id")
    honours = [
        f"{level}{title}" if level and level != "其他" and not title.startswith(level[:1]) else title
        for title, level in db.execute(
            "SELECT title, level FROM member_honours WHERE member_id = ? ORDER BY year, id", [member_id]
        ).fetchall()
    ]
    return SecretaryProfile(**row, honours=honours)


def member_list(db: Database, day: str | None = None) -> list[dict]:
    """The members on the roster on `day` (tui.rules.asof; None: today's roster) as plain rows
    with Chinese keys (for templates' loops), in the roster's order; 党籍 as on that day."""
    where, args = roster_where(day, "m")
    status = status_on("m") if day else "m.party_status"
    rows = db.execute(
        f"SELECT m.name, coalesce(m.gender, ''), m.category, {status}, m.title, m.education, m.degree, "
        "m.post, coalesce(m.join_date, ''), coalesce(g.name, ''), coalesce(c.role, '') FROM members m "
        "LEFT JOIN party_groups g ON g.id = m.group_id LEFT JOIN committee c ON c.member_id = m.id "
        f"WHERE {where} ORDER BY m.pinyin, m.name, m.id", ([day] if day else []) + args
    ).fetchall()
    keys = ("姓名", "性别", "类别", "党籍", "职称", "学历", "学位", "岗位", "入党日期", "党小组", "职务")
    return [dict(zip(keys, r)) | {"序号": i} for i, r in enumerate(rows, start=1)]


@dataclass
class PairingRow:
    mode: str               # display name
    title: str
    lead: str
    second: str             # 学生党员 (mentor mode), or ''
    person: str
    object_text: str
    goal: str
    activities: int         # in the period
    outcomes: int           # in the period


def pairing_rows(db: Database, period: Period) -> list[PairingRow]:
    """Pairings that ran in the period (by mode, oldest first), with their activities and
    outcomes in the period."""
    from tui.store import pairings as store

    found = store.list_pairings(db, date_from=period.start, date_to=period.end)
    if not found:
        return []
    ids = [p.id for p in found]
    marks = ",".join("?" * len(ids))
    activities = dict(db.execute(
        f"SELECT pairing_id, count(*) FROM pairing_activities WHERE pairing_id IN ({marks}) "
        "AND date BETWEEN ? AND ? GROUP BY pairing_id",
        [*ids, period.start, period.end],
    ).fetchall())
    outcomes = store.outcomes_in_period(db, period.start, period.end)
    order = {m: i for i, m in enumerate(pairing_rules.MODES)}
    found.sort(key=lambda p: (order.get(p.mode, 9), p.start_date, p.id))
    return [
        PairingRow(mode=p.mode_name, title=p.title, lead=p.lead_name, second=p.second_name, person=p.person_name,
                   object_text=p.object_text, goal=p.goal, activities=activities.get(p.id, 0),
                   outcomes=len(outcomes.get(p.id, [])))
        for p in found
    ]
