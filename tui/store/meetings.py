"""Meetings and minutes: records, attendance, 整改清单, 民主评议 grades, drafts, search.

第N次 is never stored: it is the order within (kind, year) by date and start time, per 党小组
for 党小组会, so inserting or deleting a record renumbers the rest by itself.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from collections.abc import Iterator
from typing import NamedTuple

from tui.store.db import Database

from tui.rules import meetings as rules
from tui.rules import member_status as status_rules
from tui.rules.dates import DateError, normalize_date, normalize_time, optional_date
from tui.rules.text import clean_text
from tui.store import member_status
from tui.store.db import transaction
from tui.store.errors import NotFoundError, ValidationError
from tui.store.records import build, build_one, derived, named, named_one, select_list
# What was held when, who is at risk under 党章第九条, open 整改 items: apart, so that opening the
# app loads these and not the whole area; part of this area's namespace all the same.
from tui.store.meetings_held import (  # noqa: F401
    HeldMeeting,
    OpenRectification,
    held_meetings,
    meeting_years,
    months_without_org_life,
    open_rectifications,
    warn_months,
)
from tui import clock

TEXT_FIELDS = ("place", "guests", "topics", "agenda", "content", "votes", "decisions",
               "lecturer", "lecture_title", "theme", "feature")
LABELS = {
    "kind": "会议类型", "group_id": "党小组", "date": "日期", "start_time": "开始时间",
    "end_time": "结束时间", "place": "地点", "host_id": "主持人", "recorder_id": "记录人",
    "guests": "列席人员", "topics": "议题", "agenda": "议程", "content": "会议内容",
    "votes": "表决情况", "decisions": "决议", "lecturer": "主讲人", "lecture_title": "党课题目",
    "theme": "活动主题", "feature": "活动特色",
}


@dataclass
class Attendee:
    member_id: int
    name: str = ""
    status: str = rules.Attendance.PRESENT
    reason: str = ""
    grade: str = ""          # 民主评议党员 only


@dataclass
class Rectification:
    problem: str
    measure: str = ""
    owner: str = ""
    deadline: str | None = None
    done_date: str | None = None


@dataclass
class Meeting:
    id: int | None
    kind: str
    date: str
    group_id: int | None = None
    start_time: str = ""
    end_time: str = ""
    host_id: int | None = None
    recorder_id: int | None = None
    place: str = ""
    guests: str = ""
    topics: str = ""
    agenda: str = ""
    content: str = ""
    votes: str = ""
    decisions: str = ""
    lecturer: str = ""
    lecture_title: str = ""
    theme: str = ""
    feature: str = ""
    seq: int = derived(0)
    host_name: str = derived("")
    recorder_name: str = derived("")
    group_name: str = derived("")
    attendance: list[Attendee] = derived(default_factory=list)
    rectifications: list[Rectification] = derived(default_factory=list)

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def expected(self) -> int:
        return len(self.attendance)

    @property
    def present(self) -> int:
        return sum(a.status == rules.Attendance.PRESENT for a in self.attendance)

    def by_status(self, status: str) -> list[Attendee]:
        return [a for a in self.attendance if a.status == status]

    @property
    def quorum_ok(self) -> bool:
        return rules.counts_as_held(self.kind, self.expected, self.present)

    @property
    def title(self) -> str:
        return meeting_title(self.kind, self.topics, self.theme, self.lecture_title)

    @property
    def seq_label(self) -> str:
        return seq_label(self.kind, self.date, self.group_name, self.seq)


def seq_label(kind: str, date: str, group_name: str, seq: int) -> str:
    """“2025年第3次支部委员会”, “2025年第一党小组第2次党小组会”."""
    group = group_name if kind == "党小组会" else ""
    label = "其他会议" if kind == "其他" else kind     # not “第2次其他”
    return f"{date[:4]}年{group}第{seq}次{label}" if seq else label


class MeetingRow(NamedTuple):
    """One line of the list: enough to show, no minutes text."""

    id: int
    kind: str
    date: str
    start_time: str
    seq: int
    group_name: str
    place: str
    host_name: str
    title: str
    expected: int
    present: int
    on_leave: int
    snippet: str = ""

    @property
    def absent(self) -> int:
        return self.expected - self.present - self.on_leave

    @property
    def seq_label(self) -> str:
        return seq_label(self.kind, self.date, self.group_name, self.seq)

    @property
    def quorum_ok(self) -> bool:
        return rules.counts_as_held(self.kind, self.expected, self.present)

    @property
    def kind_label(self) -> str:
        return f"{self.kind}（{self.group_name}）" if self.kind == "党小组会" and self.group_name else self.kind


@dataclass
class AttendanceEntry:
    meeting_id: int
    date: str
    kind: str
    title: str
    status: str
    reason: str


@dataclass
class Draft:
    id: int
    meeting_id: int | None
    data: dict
    updated_at: str

    @property
    def summary(self) -> str:
        kind = self.data.get("kind") or "会议"
        date = self.data.get("date") or ""
        what = "修改" if self.meeting_id else "新建"
        title = meeting_title(kind, self.data.get("topics") or "", self.data.get("theme") or "",
                              self.data.get("lecture_title") or "")
        title = f"「{title[:20]}」" if title else ""
        return f"{what}{kind} {date}{title}（{self.updated_at} 自动保存）"


def meeting_title(kind: str, topics: str, theme: str = "", lecture_title: str = "") -> str:
    """The one line that names a meeting in a list."""
    if kind == "党课" and lecture_title:
        return lecture_title
    if kind == "主题党日" and theme:
        return theme
    first = next((ln.strip() for ln in (topics or "").splitlines() if ln.strip()), "")
    return first


# ── settings ──

def grade_set(db: Database) -> tuple[str, ...]:
    from tui.store.branch import get_setting

    grades = get_setting(db, "meetings.grades", None)
    return tuple(grades) if grades else rules.DEFAULT_GRADES


def lectures_per_year(db: Database) -> int:
    from tui.store.branch import get_setting

    return int(get_setting(db, "meetings.lectures_per_year", rules.DEFAULT_LECTURES_PER_YEAR))


def save_settings(db: Database, grades: str | list, lectures: int | str, warn: int | str) -> None:
    """The meetings area's local rules: grade set (comma- or space-separated), 党课 a year, warn months."""
    from tui.store.branch import set_setting

    if isinstance(grades, str):
        grades = [g for g in grades.replace("，", ",").replace("、", ",").replace(" ", ",").split(",") if g.strip()]
    grades = [g.strip() for g in grades]
    if len(grades) < 2 or len(set(grades)) != len(grades):
        raise ValidationError("「评议等次」至少两个且不能重复，如 优秀,合格,基本合格,不合格", "评议等次")
    try:
        lectures, warn = int(lectures), int(warn)
    except (TypeError, ValueError):
        raise ValidationError("「党课次数」和「提醒月数」应为整数", "党课次数") from None
    if not 1 <= lectures <= 12:
        raise ValidationError("「每年党课次数」应在 1–12 之间", "党课次数")
    if not 1 <= warn < rules.ORG_LIFE_LIMIT_MONTHS:
        raise ValidationError(f"「提醒月数」应在 1–{rules.ORG_LIFE_LIMIT_MONTHS - 1} 之间（党章第九条为 6 个月）", "提醒月数")
    with transaction(db):
        set_setting(db, "meetings.grades", grades)
        set_setting(db, "meetings.lectures_per_year", lectures)
        set_setting(db, "meetings.org_life_warn_months", warn)


def frequency_report(db: Database, year: int, today: dt.date | None = None) -> list[tuple[str, str, int, int, int]]:
    """(kind, 党小组 name or '', held, due so far, a whole year's minimum) for the 三会一课
    minimums of `year`. Held counts as the 工作台 counts (rules.counts_as_held): a 支委会
    without its quorum is not held."""
    from tui.store.branch import list_groups

    today = today or clock.today()
    elapsed = 12 if year < today.year else (0 if year > today.year else today.month - 1)
    held: dict[str, int] = {}
    for m in held_meetings(db, f"{year:04d}-01-01", f"{year:04d}-12-31"):
        if m.quorum_ok:
            key = f"{m.kind}|{m.group_id if m.kind == '党小组会' and m.group_id is not None else ''}"
            held[key] = held.get(key, 0) + 1
    lectures = lectures_per_year(db)
    out = []
    for kind in (*rules.YEARLY_MINIMUM, "党课"):
        minimum = rules.yearly_minimum(kind, lectures)
        if kind == "党小组会":
            for g in list_groups(db):
                out.append((kind, g.name, held.get(f"{kind}|{g.id}", 0), rules.due_by(kind, elapsed), minimum))
            continue
        out.append((kind, "", held.get(f"{kind}|", 0), rules.due_by(kind, elapsed, lectures), minimum))
    return out


# ── who should attend, and what a new record starts with ──

def expected_attendees(db: Database, kind: str, group_id: int | None = None, date: str | None = None) -> list[Attendee]:
    """Everyone the kind asks for, as of `date`, all marked 出席 (the secretary marks the exceptions)."""
    date = date or clock.today().isoformat()
    who = rules.audience(kind)
    sql = ("SELECT m.id, m.name FROM members m WHERE (m.left_date IS NULL OR m.left_date > ?) "
           "AND (m.join_date IS NULL OR m.join_date <= ?)")
    args: list = [date, date]
    if who == "committee":
        sql += " AND m.id IN (SELECT member_id FROM committee)"
    elif who == "group":
        sql += " AND m.group_id IS ?"
        args.append(group_id)
    rows = db.execute(sql + " ORDER BY m.pinyin, m.name, m.id", args).fetchall()
    # An approved absence (出国（境）, 流动党员, 长期病休 …) marks the member 请假 with it as the reason;
    # 停止党籍 takes them off the list.
    periods = member_status.periods_by_member(db, [mid for mid, _ in rows])
    out = []
    for mid, name in rows:
        own = periods.get(mid, [])
        if not status_rules.on_roster(own, date):
            continue
        away = status_rules.absence_on(own, date)
        if away:
            out.append(Attendee(member_id=mid, name=name, status=rules.Attendance.LEAVE, reason=away.describe()))
        else:
            out.append(Attendee(member_id=mid, name=name))
    return out


def vote_line(db: Database, attendees: list[Attendee], date: str) -> str:
    """A 支部党员大会's 有表决权 count for its attendance list on `date`: 预备党员 and members under
    留党察看 (选举工作条例第五条) or 停止党籍 have no vote, and the line says who was left out and why."""
    reasons = member_status.no_vote_reasons(db, date, [a.member_id for a in attendees])
    voters = [a for a in attendees if a.member_id not in reasons]
    left_out: dict[str, list[str]] = {}
    for a in attendees:
        if a.member_id in reasons:
            left_out.setdefault(reasons[a.member_id], []).append(a.name)
    return rules.vote_note(len(voters), sum(a.status == rules.Attendance.PRESENT for a in voters), left_out)


def usual_times(db: Database, kind: str) -> tuple[str, str]:
    """The branch's habit: the start and end of its latest meeting of this kind that has them
    (else of any kind), so a new record starts with real times rather than empty ones."""
    sql = ("SELECT start_time, end_time FROM meetings WHERE deleted_at IS NULL AND start_time <> '' {} "
           "ORDER BY date DESC, id DESC LIMIT 1")
    row = (db.execute(sql.format("AND kind = ?"), [kind]).fetchone()
           or db.execute(sql.format("")).fetchone())
    return (row[0], row[1] or "") if row else ("", "")


def new_meeting_defaults(db: Database, kind: str, group_id: int | None = None, today: dt.date | None = None) -> dict:
    from tui.store.branch import get_branch, get_committee, list_groups

    today = today or clock.today()
    committee = get_committee(db)
    groups = list_groups(db)
    if kind == "党小组会" and group_id is None and groups:
        group_id = groups[0].id
    host = committee.get("书记")
    if kind == "党小组会":
        leader = next((g.leader_id for g in groups if g.id == group_id), None)
        host = leader or host
    start_time, end_time = usual_times(db, kind)
    return {
        "kind": kind,
        "group_id": group_id if kind == "党小组会" else None,
        "date": today.isoformat(),
        "start_time": start_time,
        "end_time": end_time,
        "place": get_branch(db).usual_place,
        "host_id": host,
        "recorder_id": committee.get("书记"),
        "agenda": rules.agenda_template(kind),
    }


# ── reading ──

def get_meeting(db: Database, meeting_id: int) -> Meeting:
    meeting = build_one(Meeting, db.execute(
        f"SELECT {select_list(Meeting, 'mt')}, coalesce(h.name, '') AS host_name, "
        "coalesce(r.name, '') AS recorder_name, coalesce(g.name, '') AS group_name FROM meetings mt "
        "LEFT JOIN members h ON h.id = mt.host_id LEFT JOIN members r ON r.id = mt.recorder_id "
        "LEFT JOIN party_groups g ON g.id = mt.group_id WHERE mt.id = ? AND mt.deleted_at IS NULL",
        [meeting_id],
    ))
    if meeting is None:
        raise NotFoundError(f"没有编号为 {meeting_id} 的会议记录")
    meeting.seq = sequence_of(db, meeting_id)
    grades = dict(db.execute("SELECT member_id, grade FROM evaluations WHERE meeting_id = ?", [meeting_id]).fetchall())
    meeting.attendance = [
        Attendee(**row, grade=grades.get(row["member_id"], ""))
        for row in named(db.execute(
            "SELECT a.member_id, m.name, a.status, a.reason FROM attendance a JOIN members m ON m.id = a.member_id "
            "WHERE a.meeting_id = ? ORDER BY m.pinyin, m.name, m.id",
            [meeting_id],
        ))
    ]
    meeting.rectifications = build(Rectification, db.execute(
        f"SELECT {select_list(Rectification)} FROM rectifications WHERE meeting_id = ? ORDER BY id",
        [meeting_id],
    ))
    return meeting


# 第N次 counts within a kind (and a 党小组) and a calendar year, after the meetings the branch
# held that year before it started using zhibu (a setting per year and kind, see set_held_before).
HELD_BEFORE_PREFIX = "meetings.held_before."
_SEQ_CTE = (
    "WITH seqs AS (SELECT id, row_number() OVER (PARTITION BY kind, substr(date, 1, 4), "
    "CASE WHEN kind = '党小组会' THEN group_id END ORDER BY date, start_time, id) "
    "+ coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = "
    f"'{HELD_BEFORE_PREFIX}' || substr(date, 1, 4) || '.' || kind "
    "|| CASE WHEN kind = '党小组会' THEN '.' || group_id ELSE '' END), 0) AS seq "
    "FROM meetings WHERE deleted_at IS NULL{narrow}) "
)


def held_before_key(year: int, kind: str, group_id: int | None = None) -> str:
    key = f"{HELD_BEFORE_PREFIX}{year}.{kind}"
    return f"{key}.{group_id}" if kind == "党小组会" and group_id is not None else key


def held_before(db: Database, year: int, kind: str, group_id: int | None = None) -> int:
    from tui.store.branch import get_setting

    return int(get_setting(db, held_before_key(year, kind, group_id), 0) or 0)


def set_held_before(db: Database, year: int | str, kind: str, count: int | str,
                    group_id: int | None = None) -> None:
    """How many meetings of `kind` the branch held in `year` before recording them here: the
    first one recorded is then 第(count+1)次, in the list, the record and the 工作记录."""
    from tui.store.branch import set_setting

    digits = str.maketrans("０１２３４５６７８９", "0123456789")  # the IME's full-width digits
    year_text, count_text = str(year).translate(digits).strip(), str(count).translate(digits).strip() or "0"
    if not (year_text.isascii() and year_text.isdigit()) or not 1921 <= int(year_text) <= clock.today().year + 1:
        raise ValidationError(f"「年度」不是有效年份：“{year_text}”", "年度")
    if not (count_text.isascii() and count_text.isdigit()) or int(count_text) > 500:
        raise ValidationError(f"「已开次数」应是 0 到 500 的整数：“{count_text}”", "已开次数")
    if kind not in rules.KINDS:
        raise ValidationError(f"「会议类型」只能是 {'、'.join(rules.KINDS)}", "会议类型")
    if kind == "党小组会" and group_id is None:
        raise ValidationError("党小组会要选是哪个党小组", "党小组")
    set_setting(db, held_before_key(int(year_text), kind, group_id), int(count_text))


def sequence_of(db: Database, meeting_id: int) -> int:
    row = db.execute("SELECT kind, substr(date, 1, 4) FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    if row is None:
        return 0
    narrow = " AND kind = ? AND substr(date, 1, 4) = ?"
    found = db.execute(_SEQ_CTE.format(narrow=narrow) + "SELECT seq FROM seqs WHERE id = ?", [*row, meeting_id]).fetchone()
    return found[0] if found else 0


def list_meetings(
    db: Database,
    *,
    kind: str | None = None,
    year: int | None = None,
    ids: list[int] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    _match: tuple[list[str], list] | None = None,
) -> list[MeetingRow]:
    """Newest first. `ids` limits the list to those meetings; `_match` is search_meetings' filter."""
    where, args = ["mt.deleted_at IS NULL"], []
    if _match is not None:
        where += _match[0]
        args += _match[1]
    if ids is not None:
        if not ids:
            return []
        where.append(f"mt.id IN ({','.join('?' * len(ids))})")
        args += ids
    if date_from:
        where.append("mt.date >= ?")
        args.append(date_from)
    # Bounds on both the list and its 第N次, which counts within a kind and a calendar year: the
    # numbering reads only the meetings it needs.
    bounds: list[tuple[str, str]] = []
    if kind:
        bounds.append(("kind = ?", kind))
    if year:
        bounds += [("date >= ?", f"{year:04d}"), ("date < ?", f"{year + 1:04d}")]
    elif date_from:
        bounds.append(("date >= ?", date_from[:4]))
    if date_to:
        bounds.append(("date <= ?", date_to))
    where += [f"mt.{condition}" for condition, _ in bounds]
    args = [value for _, value in bounds] + args + [value for _, value in bounds]
    sql = (
        _SEQ_CTE.format(narrow="".join(f" AND {condition}" for condition, _ in bounds))
        + "SELECT mt.id, mt.kind, mt.date, mt.start_time, s.seq, coalesce(g.name, '') AS group_name, mt.place, "
        "coalesce(h.name, '') AS host_name, mt.topics, mt.theme, mt.lecture_title, "
        "mt.expected_count AS expected, mt.present_count AS present, mt.leave_count AS on_leave "
        "FROM meetings mt JOIN seqs s ON s.id = mt.id "
        "LEFT JOIN members h ON h.id = mt.host_id LEFT JOIN party_groups g ON g.id = mt.group_id "
        f"WHERE {' AND '.join(where)} ORDER BY mt.date DESC, mt.start_time DESC, mt.id DESC"
    )
    out = []
    for r in named(db.execute(sql, args)):
        title = meeting_title(r["kind"], r.pop("topics"), r.pop("theme"), r.pop("lecture_title"))
        out.append(MeetingRow(**r, title=title))
    return out


BATCH = 400  # meetings read together: well under SQLite's limit on bound values


def meetings_in_period(db: Database, date_from: str | None, date_to: str | None, *,
                       progress=None) -> list[Meeting]:
    """Whole records, oldest first (the record book's order), as get_meeting builds them."""
    return list(load_meetings(db, period_rows(db, date_from, date_to), progress=progress))


def period_rows(db: Database, date_from: str | None, date_to: str | None) -> list[MeetingRow]:
    """The period's list lines (with 第N次), oldest first: a record book's contents."""
    return list_meetings(db, date_from=date_from, date_to=date_to)[::-1]


def load_meetings(db: Database, rows: list[MeetingRow], *, progress=None) -> Iterator[Meeting]:
    """The whole records of `rows`, in their order, read set-based a batch at a time (each table
    one query per batch, not a round of queries per meeting) and handed on batch by batch, so
    a writer going through ten years holds one batch of attendance lists, not all of them.
    `progress(fraction)` after each batch."""
    seq = {r.id: r.seq for r in rows}
    for start in range(0, len(rows), BATCH):
        found: dict[int, Meeting] = {}
        ids = [r.id for r in rows[start:start + BATCH]]
        marks = ",".join("?" * len(ids))
        for meeting in build(Meeting, db.execute(
            f"SELECT {select_list(Meeting, 'mt')}, coalesce(h.name, '') AS host_name, "
            "coalesce(r.name, '') AS recorder_name, coalesce(g.name, '') AS group_name FROM meetings mt "
            "LEFT JOIN members h ON h.id = mt.host_id LEFT JOIN members r ON r.id = mt.recorder_id "
            f"LEFT JOIN party_groups g ON g.id = mt.group_id WHERE mt.id IN ({marks})", ids,
        )):
            meeting.seq, meeting.attendance, meeting.rectifications = seq[meeting.id], [], []
            found[meeting.id] = meeting
        grades = {(m, who): grade for m, who, grade in db.execute(
            f"SELECT meeting_id, member_id, grade FROM evaluations WHERE meeting_id IN ({marks})", ids)}
        for row in named(db.execute(
            "SELECT a.meeting_id, a.member_id, m.name, a.status, a.reason FROM attendance a "
            f"JOIN members m ON m.id = a.member_id WHERE a.meeting_id IN ({marks}) "
            "ORDER BY a.meeting_id, m.pinyin, m.name, m.id", ids,
        )):
            meeting_id = row.pop("meeting_id")
            found[meeting_id].attendance.append(Attendee(**row, grade=grades.get((meeting_id, row["member_id"]), "")))
        for row in named(db.execute(
            f"SELECT meeting_id, {select_list(Rectification)} FROM rectifications "
            f"WHERE meeting_id IN ({marks}) ORDER BY id", ids,
        )):
            found[row.pop("meeting_id")].rectifications.append(Rectification(**row))
        if progress:
            progress(min(start + BATCH, len(rows)) / len(rows))
        yield from (found[r.id] for r in rows[start:start + BATCH])


# ── search ──

# Where a match is looked for when making the list's snippet: what was said before where it was.
SNIPPET_ORDER = ("content", "topics", "decisions", "votes", "theme", "feature", "lecture_title", "lecturer",
                 "agenda", "guests", "place")


def _snippet(texts: dict[str, str], needle: str, before: int = 4, after: int = 24) -> str:
    """A short piece of the first field holding `needle`, the match near its start (lists are narrow)."""
    low = needle.lower()
    for key in SNIPPET_ORDER:
        flat = " ".join((texts.get(key) or "").split())
        at = flat.lower().find(low)
        if at < 0:
            continue
        start = max(0, at - before)
        end = min(len(flat), at + len(needle) + after)
        return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")
    return ""


def search_meetings(db: Database, text: str, *, kind: str | None = None, year: int | None = None) -> list[MeetingRow]:
    """Meetings whose written text holds every word of `text`, newest first.

    Words of 3+ characters go through the trigram index; shorter words (a two-character Chinese
    word is common) scan the base table with instr(), which the index cannot answer.
    """
    words = [w for w in (text or "").split() if w]
    if not words:
        return list_meetings(db, kind=kind, year=year)
    long_words = [w for w in words if len(w) >= 3]
    short_words = [w for w in words if len(w) < 3]
    where, args = ["mt.deleted_at IS NULL"], []
    if long_words:
        phrase = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        where.append("mt.id IN (SELECT rowid FROM meetings_fts WHERE meetings_fts MATCH ?)")
        args.append(phrase)
    for w in short_words:
        # lower() only where it can matter: Chinese has no case, and lower() on every column costs.
        cols = [f"lower(mt.{c})" if w.lower() != w.upper() else f"mt.{c}" for c in TEXT_FIELDS]
        where.append("(" + " OR ".join(f"instr({c}, ?) > 0" for c in cols) + ")")
        args += [w.lower()] * len(cols)
    rows = list_meetings(db, kind=kind, year=year, _match=(where[1:], args))
    if rows:
        # Snippets for the first page or two only: a list of hundreds shows the title after that.
        shown = rows[:200]
        texts = {r[0]: dict(zip(SNIPPET_ORDER, r[1:])) for r in db.execute(
            f"SELECT id, {', '.join(SNIPPET_ORDER)} FROM meetings WHERE id IN ({','.join('?' * len(shown))})",
            [r.id for r in shown],
        ).fetchall()}
        for i, row in enumerate(shown):
            rows[i] = row._replace(snippet=_snippet(texts.get(row.id, {}), words[0]))
    return rows


# ── writing ──

def validate(db: Database, data: dict, today: dt.date | None = None) -> dict:
    """Check a meeting's fields; raises ValidationError naming the field. Returns the row to store."""
    today = today or clock.today()
    kind = (data.get("kind") or "").strip()
    if not kind:
        raise ValidationError("「会议类型」不能为空", "会议类型")
    if kind not in rules.KINDS:
        raise ValidationError(f"「会议类型」只能是 {'/'.join(rules.KINDS)}：“{kind}”", "会议类型")
    try:
        date = normalize_date(data.get("date") or "", "日期")
    except DateError as exc:
        raise ValidationError(str(exc), "日期") from None
    if date > today.isoformat():
        raise ValidationError(f"「日期」不能晚于今天：{date} 的会议还没有开，不能记录", "日期")
    clean = {"kind": kind, "date": date}
    for key in ("start_time", "end_time"):
        try:
            clean[key] = normalize_time(data.get(key) or "", LABELS[key])
        except DateError as exc:
            raise ValidationError(str(exc), LABELS[key]) from None
    if clean["start_time"] and clean["end_time"] and clean["end_time"] <= clean["start_time"]:
        raise ValidationError(
            f"「结束时间」{clean['end_time']} 应晚于「开始时间」{clean['start_time']}", "结束时间"
        )
    group_id = data.get("group_id") or None
    if kind == "党小组会":
        if group_id is None:
            raise ValidationError("党小组会必须选择「党小组」", "党小组")
        if not db.execute("SELECT 1 FROM party_groups WHERE id = ?", [group_id]).fetchone():
            raise ValidationError("所选「党小组」不存在", "党小组")
    else:
        group_id = None
    clean["group_id"] = group_id
    for key in ("host_id", "recorder_id"):
        member_id = data.get(key) or None
        if member_id is not None:
            row = db.execute("SELECT name, left_date FROM members WHERE id = ?", [member_id]).fetchone()
            if row is None:
                raise ValidationError(f"「{LABELS[key]}」不是本支部党员", LABELS[key])
            if row[1] is not None and row[1] <= date:
                raise ValidationError(f"「{LABELS[key]}」{row[0]} 在会议日期前已离开本支部", LABELS[key])
        clean[key] = member_id
    if clean["recorder_id"] is None:
        raise ValidationError("「记录人」不能为空：请选择一名本支部党员", "记录人")
    for key in TEXT_FIELDS:
        clean[key] = clean_text(data.get(key), keep_wide_spaces=True)
    return clean


def _validate_attendance(attendance: list, grades: tuple[str, ...], kind: str) -> list[Attendee]:
    out, seen = [], set()
    for item in attendance or []:
        a = item if isinstance(item, Attendee) else Attendee(**item)
        if a.member_id in seen:
            continue
        seen.add(a.member_id)
        if a.status not in rules.STATUSES:
            raise ValidationError(f"{a.name or a.member_id} 的出勤情况只能是 {'/'.join(rules.STATUSES)}", "出勤")
        if a.grade and kind == "民主评议党员" and a.grade not in grades:
            raise ValidationError(f"{a.name or a.member_id} 的评议等次只能是 {'/'.join(grades)}", "评议等次")
        out.append(Attendee(member_id=a.member_id, name=a.name, status=a.status, reason=(a.reason or "").strip(),
                            grade=a.grade or ""))
    return out


def _validate_rectifications(items: list) -> list[Rectification]:
    out = []
    for n, item in enumerate(items or [], start=1):
        r = item if isinstance(item, Rectification) else Rectification(**item)
        if not (r.problem or "").strip():
            raise ValidationError(f"整改清单第 {n} 项的「问题」不能为空", "整改清单")
        try:
            deadline = optional_date(r.deadline, f"整改清单第 {n} 项的「时限」", allow_month=True)
            done = optional_date(r.done_date, f"整改清单第 {n} 项的「完成日期」")
        except DateError as exc:
            raise ValidationError(str(exc), "整改清单") from None
        out.append(Rectification(problem=r.problem.strip(), measure=(r.measure or "").strip(),
                                 owner=(r.owner or "").strip(), deadline=deadline, done_date=done))
    return out


def save_meeting(db: Database, data: dict, meeting_id: int | None = None, *, today: dt.date | None = None) -> int:
    """Insert (meeting_id None) or replace a meeting with its attendance, 整改清单 and grades.

    `data` holds the fields of LABELS plus "attendance" (Attendee or dicts) and "rectifications".
    Everything is checked before anything is written; one transaction.
    """
    clean = validate(db, data, today)
    attendance = _validate_attendance(data.get("attendance") or [], grade_set(db), clean["kind"])
    rectifications = _validate_rectifications(data.get("rectifications") or []) if clean["kind"] == "组织生活会" else []
    now = clock.now().isoformat(timespec="seconds")
    with transaction(db):
        known = {r[0]: r[1] for r in db.execute("SELECT id, left_date FROM members").fetchall()}
        for a in attendance:
            if a.member_id not in known:
                raise ValidationError(f"出勤名单中的 {a.name or a.member_id} 不是本支部党员", "出勤")
        if meeting_id is None:
            meeting_id = db["meetings"].insert(clean).last_pk
        else:
            if not db.execute("SELECT 1 FROM meetings WHERE id = ? AND deleted_at IS NULL", [meeting_id]).fetchone():
                raise NotFoundError(f"没有编号为 {meeting_id} 的会议记录")
            db["meetings"].update(meeting_id, {**clean, "updated_at": now})
            for table in ("attendance", "rectifications", "evaluations"):
                db.execute(f"DELETE FROM {table} WHERE meeting_id = ?", [meeting_id])
        # in member order: the rows go to neighbouring pages of the key and the member index
        db.conn.executemany(
            "INSERT INTO attendance (meeting_id, member_id, status, reason) VALUES (?, ?, ?, ?)",
            sorted((meeting_id, a.member_id, a.status, a.reason) for a in attendance),
        )
        db.execute(
            "UPDATE meetings SET expected_count = ?, present_count = ?, leave_count = ? WHERE id = ?",
            [len(attendance), sum(a.status == rules.Attendance.PRESENT for a in attendance),
             sum(a.status == rules.Attendance.LEAVE for a in attendance), meeting_id],
        )
        if clean["kind"] == "民主评议党员":
            db.conn.executemany(
                "INSERT INTO evaluations (meeting_id, member_id, grade) VALUES (?, ?, ?)",
                [(meeting_id, a.member_id, a.grade) for a in attendance if a.grade],
            )
        db.conn.executemany(
            "INSERT INTO rectifications (meeting_id, problem, measure, owner, deadline, done_date) VALUES (?, ?, ?, ?, ?, ?)",
            [(meeting_id, r.problem, r.measure, r.owner, r.deadline, r.done_date) for r in rectifications],
        )
        return meeting_id


def delete_meeting(db: Database, meeting_id: int) -> None:
    """Soft delete: the record leaves every list and search, and `undo_delete` brings it back."""
    with transaction(db):
        cur = db.execute(
            "UPDATE meetings SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
            [clock.now().isoformat(timespec="seconds"), meeting_id],
        )
        if cur.rowcount == 0:
            raise NotFoundError(f"没有编号为 {meeting_id} 的会议记录")


def undo_delete(db: Database, meeting_id: int) -> None:
    with transaction(db):
        db.execute("UPDATE meetings SET deleted_at = NULL WHERE id = ?", [meeting_id])


# ── attendance across meetings ──

def attendance_history(db: Database, member_id: int) -> list[AttendanceEntry]:
    """Every meeting the member was expected at, newest first."""
    rows = named(db.execute(
        "SELECT mt.id AS meeting_id, mt.date, mt.kind, mt.topics, mt.theme, mt.lecture_title, a.status, a.reason "
        "FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id "
        "WHERE a.member_id = ? AND mt.deleted_at IS NULL ORDER BY mt.date DESC, mt.start_time DESC, mt.id DESC",
        [member_id],
    ))
    out = []
    for r in rows:
        title = meeting_title(r["kind"], r.pop("topics"), r.pop("theme"), r.pop("lecture_title"))
        out.append(AttendanceEntry(**r, title=title))
    return out


# ── drafts ──

def save_draft(db: Database, data: dict, draft_id: int | None = None) -> int:
    """Store the editor's state as it is (no checks: a draft may be half-typed)."""
    return save_draft_json(db, json.dumps(data, ensure_ascii=False, default=_json_default), data.get("id"), draft_id)


def save_draft_json(db: Database, payload: str, meeting_id: int | None, draft_id: int | None = None) -> int:
    """save_draft for a state the editor has already serialised (a JSON object)."""
    now = clock.now().isoformat(sep=" ", timespec="seconds")
    meeting_id = meeting_id or None
    with transaction(db):
        if draft_id is not None and db.execute("SELECT 1 FROM meeting_drafts WHERE id = ?", [draft_id]).fetchone():
            db.execute("UPDATE meeting_drafts SET data = ?, updated_at = ?, meeting_id = ? WHERE id = ?",
                       [payload, now, meeting_id, draft_id])
            return draft_id
        return db["meeting_drafts"].insert({"meeting_id": meeting_id, "data": payload, "updated_at": now}).last_pk


def _json_default(value):
    if isinstance(value, (Attendee, Rectification)):
        return asdict(value)
    raise TypeError(type(value).__name__)


def _draft(row: dict) -> Draft:
    return Draft(**{**row, "data": json.loads(row["data"])})


def list_drafts(db: Database) -> list[Draft]:
    rows = named(db.execute(f"SELECT {select_list(Draft)} FROM meeting_drafts ORDER BY updated_at DESC, id DESC"))
    return [_draft(r) for r in rows]


def get_draft(db: Database, draft_id: int) -> Draft:
    row = named_one(db.execute(f"SELECT {select_list(Draft)} FROM meeting_drafts WHERE id = ?", [draft_id]))
    if row is None:
        raise NotFoundError(f"没有编号为 {draft_id} 的草稿")
    return _draft(row)


def delete_draft(db: Database, draft_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM meeting_drafts WHERE id = ?", [draft_id])
