"""党费 reminders: runs of unpaid months (arrears, 党章第九条) and this month's unpaid, read in
one fast pass for the 工作台 (`reminders`). Part of the dues area (tui.store.dues re-exports
them); apart so that opening the app loads these and not the whole area.
"""

import datetime as dt
import functools
from collections.abc import Sequence
from typing import NamedTuple

from tui.store.db import Database

from tui.rules import dues as rules
from tui.rules import member_status as status_rules
from tui.store import member_status
from tui.store.records import build, select_list
from tui.store.transfer_facts import arrivals
from tui import clock

HISTORY_YEARS = 3  # arrears look back over this many calendar years (runs are capped there)


class MemberSpan(NamedTuple):
    """A member as the dues area counts months: who, and when they belonged to the branch."""

    id: int
    name: str
    category: str
    join_date: str | None
    left_date: str | None


def roster_spans(db: Database) -> list[MemberSpan]:
    """Every member, in roster order (the branch's whole roster, those who have left included):
    the 工作台 reads it once for all its counts (tui.store.obligations)."""
    return build(MemberSpan, db.execute(f"SELECT {select_list(MemberSpan)} FROM members ORDER BY pinyin, name, id"))


def _in_year(m: MemberSpan, year: str) -> bool:
    """Whether the member belongs in some month of `year` ('YYYY')."""
    return ((m.join_date is None or m.join_date[:4] <= year)
            and (m.left_date is None or m.left_date[:4] >= year))


def _members_in_year(db: Database, year: int, roster: list[MemberSpan] | None = None) -> list[MemberSpan]:
    """Members who belong in some month of `year`, in roster order (`roster`: roster_spans(db),
    when the caller has read it)."""
    text = f"{year:04d}"
    return [m for m in roster or roster_spans(db) if _in_year(m, text)]


def _members_by_id(db: Database, ids: Sequence[int]) -> list[MemberSpan]:
    return build(MemberSpan, db.execute(
        f"SELECT {select_list(MemberSpan)} FROM members WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id", list(ids)
    ))


@functools.lru_cache(maxsize=8192)
def _owed_months(join_date: str | None, left_date: str | None, year: int, start: str | None = None) -> tuple[int, ...]:
    """Months of `year` owed here; `start` ('YYYY-MM') is the first month owed after a 转入 (the
    month after the 介绍信's 党费交至), when there is one. (Cached: a pure function of its
    arguments, asked for every member of a year; the tuple cannot be changed by a caller.)"""
    try:
        return tuple(rules.months_due(year, join_date, start, left_date))
    except rules.DuesError:
        return tuple(range(1, 13))  # a malformed roster date must not hide the ledger


def dues_starts(db: Database) -> dict[int, str]:
    """member id → the first month owed here after their latest 转入 ('YYYY-MM')."""
    return {member_id: first for member_id, (_date, first) in arrivals(db).items()}


class Excused(NamedTuple):
    """Approved absences, as the dues counts see them (tui.rules.member_status)."""

    months: dict[int, set[int]]       # member id → month indices an approved absence touches
    deferred: bool                    # local setting: dues deferred during the absence (补交 on return)
    absent_now: dict[int, "member_status.StatusPeriod"]   # member id → the absence covering today


def excused(db: Database, today: dt.date) -> Excused:
    return Excused(member_status.excused_months(db), member_status.dues_mode(db) == status_rules.DEFERRED,
                   member_status.absences_on(db, today.isoformat()))


class Arrear(NamedTuple):
    member_id: int
    name: str
    months_unpaid_in_a_row: int
    level: str                    # none | notice | warning | critical (tui.rules.dues)
    label: str                    # 正常 / 提醒 / 警示 / 严重
    message: str = ""             # the sentence to show, naming 党章第九条 where it applies
    since: str = ""               # 'YYYY-MM': the first unpaid month of the run
    excused: bool = False         # months of an approved absence: ordinary arrears, never 党章第九条


def _previous_month(today: dt.date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def arrears(db: Database, today: dt.date | None = None) -> list[Arrear]:
    """Members with unpaid months in a row up to last month (this month is not yet late),
    longest run first. A month counts as paid when anything regular was paid for it; months
    of years without an assessment, and 免交 years, are not counted as owed."""
    return _arrears(db, today or clock.today())


def _arrears(db: Database, today: dt.date, roster: list[MemberSpan] | None = None,
             starts: dict[int, str] | None = None) -> list[Arrear]:
    """The arrears. `roster` (every member, in roster order) and `starts` (dues_starts) may be
    passed in when the caller has read them.

    Only a member assessed for last month who paid nothing regular for it can have a run of
    unpaid months: SQL names them (the indexes hold both sides), and only their history is read.
    """
    upto = _previous_month(today)
    first_year = upto[0] - HISTORY_YEARS + 1
    regular = "voluntary = 0 AND deleted_at IS NULL"
    away = excused(db, today)
    starts = dues_starts(db) if starts is None else starts
    still_here = f"{upto[0]:04d}-{upto[1]:02d}"   # left last month or later, or not at all
    members = [(m.id, m.name, m.join_date, m.left_date) for m in roster or roster_spans(db)
               if m.left_date is None or m.left_date >= still_here]
    unsettled = {r[0] for r in db.execute(
        "SELECT member_id FROM dues_assessments WHERE year = ? AND monthly_fen > 0 "
        f"EXCEPT SELECT member_id FROM dues_payments WHERE year = ? AND month = ? AND {regular}",
        [upto[0], *upto])}
    behind = [m for m in members if m[0] in unsettled]
    # For those behind: their assessments, and the latest month paid (walking back, a run of
    # unpaid months ends there, so no other payment matters: read newest first, one row each).
    assessed: dict[int, dict[int, int]] = {}
    paid: dict[int, set[tuple[int, int]]] = {}
    upto_index = upto[0] * 12 + upto[1] - 1
    for start in range(0, len(behind), 500):
        ids = [m[0] for m in behind[start:start + 500]]
        marks = ",".join("?" * len(ids))
        for member_id, year, monthly in db.execute(
            f"SELECT member_id, year, monthly_fen FROM dues_assessments WHERE member_id IN ({marks}) "
            "AND year BETWEEN ? AND ?",
            [*ids, first_year, upto[0]],
        ):
            assessed.setdefault(member_id, {})[year] = monthly
        for member_id, last in db.execute(
            "SELECT m.id, (SELECT year * 12 + month - 1 FROM dues_payments WHERE member_id = m.id "
            f"AND {regular} AND year BETWEEN ? AND ? AND year * 12 + month - 1 <= ? "
            f"ORDER BY year DESC, month DESC LIMIT 1) FROM members m WHERE m.id IN ({marks})",
            [first_year, upto[0], upto_index, *ids],
        ):
            if last is not None:
                paid[member_id] = {(last // 12, last % 12 + 1)}
    late = []
    for member_id, name, join_date, left_date in behind:
        # Back from last month, a year at a time, while the run reaches the January
        run, owed, by_year = 0, [], assessed.get(member_id, {})
        for year in range(upto[0], first_year - 1, -1):
            if by_year.get(year, 0) <= 0:
                break
            skip = away.months.get(member_id, ())   # 党章第九条 does not run through an approved absence
            owed += [(year, month) for month in _owed_months(join_date, left_date, year, starts.get(member_id))
                     if year * 12 + month - 1 not in skip]
            run = rules.consecutive_unpaid(owed, paid.get(member_id, set()), upto)
            if run < upto[1] + 12 * (upto[0] - year):
                break
        if run:
            start = upto[0] * 12 + upto[1] - 1 - (run - 1)
            level = rules.arrears_level(run)
            message = rules.arrears_message(run) or f"已连续 {run} 个月未交纳党费"
            late.append(Arrear(member_id, name, run, level, rules.ARREARS_LABELS[level], message,
                               f"{start // 12:04d}-{start % 12 + 1:02d}"))
    for extra in _absence_arrears(db, away, assessed, members, starts, upto, first_year):
        run = next((i for i, a in enumerate(late) if a.member_id == extra.member_id), None)
        if run is None:
            late.append(extra)
        elif late[run].level == rules.ArrearsLevel.NONE:   # a month or two since the return: one line
            late[run] = extra._replace(message=f"{extra.message}；返回后又有 {late[run].months_unpaid_in_a_row} 个月未交")
        else:                                               # a run of its own after the return: 第九条 counts that
            late[run] = late[run]._replace(message=f"{late[run].message}（另：{extra.message}）")
    late.sort(key=lambda a: -a.months_unpaid_in_a_row)
    return late


def _absence_arrears(db, away: Excused, assessed, members, starts, upto, first_year) -> list[Arrear]:
    """Months of an approved absence left unpaid: ordinary arrears (a reminder), never 党章第九条.
    Under the deferred setting nothing is asked while the absence lasts; after it the months are
    owed as 补交."""
    out = []
    upto_index = upto[0] * 12 + upto[1] - 1
    for member_id, name, join_date, left_date in members:
        months = away.months.get(member_id)
        if not months or (away.deferred and member_id in away.absent_now):
            continue
        by_year = assessed.get(member_id, {})
        if not by_year or min(by_year) > first_year:   # only earlier years not read yet: read them
            by_year = {**dict(db.execute("SELECT year, monthly_fen FROM dues_assessments WHERE member_id = ?",
                                         [member_id]).fetchall()), **by_year}
        owed = [i for i in sorted(months) if first_year * 12 <= i <= upto_index and by_year.get(i // 12, 0) > 0
                and i % 12 + 1 in _owed_months(join_date, left_date, i // 12, starts.get(member_id))]
        if not owed:
            continue
        paid = {r[0] for r in db.execute(
            "SELECT year * 12 + month - 1 FROM dues_payments WHERE member_id = ? AND voluntary = 0 "
            "AND deleted_at IS NULL", [member_id])}
        unpaid = [i for i in owed if i not in paid]
        if not unpaid:
            continue
        periods = member_status.periods_by_member(db, [member_id]).get(member_id, [])
        what = next((p.describe() for p in periods if p.excuses), "经批准的离开")
        how = "返回后应补交" if away.deferred else "应照常交纳（代交）"
        first = unpaid[0]
        out.append(Arrear(member_id, name, len(unpaid), rules.ArrearsLevel.NOTICE,
                          rules.ARREARS_LABELS[rules.ArrearsLevel.NOTICE],
                          f"{what}：离开期间有 {len(unpaid)} 个月党费未交，{how}；属一般欠交，不适用党章第九条",
                          f"{first // 12:04d}-{first % 12 + 1:02d}", excused=True))
    return out


class Unpaid(NamedTuple):
    member_id: int
    name: str
    due_fen: int
    paid_fen: int


def who_owes(db: Database, year: int, month: int) -> list[Unpaid]:
    """Who owes for (year, month) and has not paid it in full: the ledger's rule for a month's
    cell (belonged to the branch that month, assessed above 0 for the year, regular payments for
    the month below that), read without building the ledger. Roster order, those who have left
    last, as the ledger lists them. The one answer to "who owes": the 工作台, this month's unpaid
    and the ledger's 整月登记 all ask it here."""
    return _who_owes(db, year, month)[0]


def _who_owes(db: Database, year: int, month: int, roster: list[MemberSpan] | None = None,
              starts: dict[int, str] | None = None) -> tuple[list[Unpaid], dict[int, MemberSpan]]:
    """who_owes(), and the year's people it read (id → member row, roster order). `roster` (every
    member, in roster order) and `starts` (dues_starts) may be passed in.

    SQL names who is assessed above what they paid for the month (the indexes hold both sides);
    the month then has to be one they owe here, and not one an absence defers."""
    regular = "voluntary = 0 AND deleted_at IS NULL"
    owing = {member_id: (due_fen, paid_fen) for member_id, due_fen, paid_fen in db.execute(
        "SELECT a.member_id, a.monthly_fen, coalesce(p.paid, 0) FROM dues_assessments a LEFT JOIN ("
        f"SELECT member_id, sum(amount_fen) AS paid FROM dues_payments WHERE year = ? AND month = ? AND {regular} "
        "GROUP BY member_id) p ON p.member_id = a.member_id WHERE a.year = ? AND a.monthly_fen > coalesce(p.paid, 0)",
        [year, month, year])}
    roster = roster or roster_spans(db)
    people = {m.id: m for m in _members_in_year(db, year, roster)}
    extra = [i for i in owing if i not in people]
    if extra:   # assessed for the year though their dates say otherwise: listed too
        everyone = {m.id: m for m in roster}
        people.update((i, everyone[i]) for i in sorted(extra) if i in everyone)
    starts = dues_starts(db) if starts is None else starts
    deferred = deferred_months(db)    # under the deferred setting an absence's months wait for the return
    index = year * 12 + month - 1
    unpaid = [
        Unpaid(m.id, m.name, *owing[m.id])
        for m in sorted((m for m in people.values() if m.id in owing), key=lambda m: m.left_date is not None)
        if month in _owed_months(m.join_date, m.left_date, year, starts.get(m.id))
        and index not in deferred.get(m.id, ())
    ]
    return unpaid, people


def deferred_months(db: Database) -> dict[int, set[int]]:
    """member id → months of an approved absence whose dues wait for the return (deferred setting); {} under 代交."""
    if member_status.dues_mode(db) != status_rules.DEFERRED:
        return {}
    return member_status.excused_months(db)


def unpaid_months(db: Database, member_id: int, through: str) -> list[str]:
    """'YYYY-MM' months up to `through` (three years back) the member owes and has not paid in full:
    the 转出 checklist's "党费尚未交清"."""
    row = db.execute("SELECT join_date, left_date FROM members WHERE id = ?", [member_id]).fetchone()
    if row is None:
        return []
    join_date, left_date = row
    last_year = int(through[:4])
    due = dict(db.execute("SELECT year, monthly_fen FROM dues_assessments WHERE member_id = ? AND year BETWEEN ? AND ?",
                          [member_id, last_year - HISTORY_YEARS + 1, last_year]).fetchall())
    paid = dict(((y, m), f) for y, m, f in db.execute(
        "SELECT year, month, sum(amount_fen) FROM dues_payments WHERE member_id = ? AND voluntary = 0 "
        "AND deleted_at IS NULL GROUP BY year, month", [member_id]))
    start = dues_starts(db).get(member_id)
    out = []
    for year in sorted(due):
        for month in _owed_months(join_date, left_date, year, start):
            ym = f"{year:04d}-{month:02d}"
            if ym <= through and due[year] > 0 and paid.get((year, month), 0) < due[year]:
                out.append(ym)
    return out


def unpaid_this_month(db: Database, today: dt.date | None = None) -> list[Unpaid]:
    """Members who owe for today's month and have not paid it in full yet."""
    today = today or clock.today()
    return who_owes(db, today.year, today.month)


# ── the 工作台's budget: the same answers as arrears() and unpaid_this_month(), in one call ──


class Reminders(NamedTuple):
    arrears: list[Arrear]         # == arrears(db, today)
    unpaid: list[Unpaid]          # == unpaid_this_month(db, today)
    kept: bool                    # anyone is assessed for today's year: the ledger is in use
    unassessed: Sequence[tuple[int, str]] = ()
    # == unassessed(db, today.year), when the ledger was in use this year or last (else [])


def reminders(db: Database, today: dt.date | None = None, roster: list[MemberSpan] | None = None) -> Reminders:
    """arrears() and unpaid_this_month() together, without building a whole ledger (the 工作台
    has 50 ms for everything on 2,000 members). tests/test_home_store.py checks the answers equal
    arrears(), the ledger's cells and unassessed() on the demo branch. `roster`: roster_spans(db),
    when the caller has read it.
    """
    today = today or clock.today()
    roster = roster or roster_spans(db)                 # read once for both
    starts = dues_starts(db)
    late = _arrears(db, today, roster, starts)
    unpaid, people = _who_owes(db, today.year, today.month, roster, starts)
    assessed = {r[0] for r in db.execute("SELECT member_id FROM dues_assessments WHERE year = ?", [today.year])}
    in_use = bool(assessed) or db.execute(
        "SELECT 1 FROM dues_assessments WHERE year = ? LIMIT 1", [today.year - 1]).fetchone() is not None
    missing = [(m.id, m.name) for m in people.values() if m.id not in assessed] if in_use else []
    return Reminders(late, unpaid, bool(assessed), missing)
