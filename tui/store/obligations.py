"""The SQL that gathers the plain facts the obligation rules judge, plus the local settings.

A few grouped queries over a window of about thirteen months, never one query per member, so
the home is computed in a few milliseconds on a branch of 500 members and ten years of records.
The rules themselves live in tui/rules/obligations.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from tui.rules import obligations as rules
from tui.rules.dues import DuesError
from tui.rules.money import MoneyError, format_fen, parse_yuan
from tui.store.branch import get_branch, get_settings, save_branch, set_setting
from tui.store.db import transaction
from tui.store.errors import ValidationError

_ORG_LIFE = "(" + ", ".join(f"'{k}'" for k in rules.ORG_LIFE_KINDS) + ")"


# ── settings ──


def load_settings(db: Database) -> rules.LocalSettings:
    values = {**get_settings(db, "meetings."), **get_settings(db, "dues."), **get_settings(db, "talks.")}
    try:
        return rules.settings_from_values(values, get_branch(db).term_years)
    except rules.RulesError:
        # A value written by an older or newer version: fall back to defaults key by key.
        good = {}
        for key, value in values.items():
            try:
                rules.settings_from_values({key: value})
                good[key] = value
            except rules.RulesError:
                pass
        return rules.settings_from_values(good, get_branch(db).term_years)


def save_settings(db: Database, settings: rules.LocalSettings) -> None:
    rules.settings_from_values(rules.settings_to_values(settings), settings.term_years)  # validates
    with transaction(db):
        for key, value in rules.settings_to_values(settings).items():
            set_setting(db, key, value)
        if get_branch(db).term_years != settings.term_years:
            save_branch(db, {"term_years": settings.term_years})


def settings_from_form(values: dict) -> rules.LocalSettings:
    """The settings dialog's values (labels as shown) → LocalSettings; Chinese errors name the field."""
    lecture = next((k for k, v in rules.PERIOD_LABELS.items() if v == values.get("lecture_period")), None)
    if lecture not in rules.LECTURE_PERIODS:
        raise ValidationError("请选择「党课频次」", "党课频次")
    try:
        fen = parse_yuan(str(values.get("student_dues") or ""), "学生每月党费")
    except MoneyError as exc:
        raise ValidationError(str(exc), "学生每月党费") from None
    if not 20 <= fen <= 100:
        raise ValidationError(f"「学生每月党费」须在 0.20–1.00 元之间：{format_fen(fen)} 元", "学生每月党费")
    grades = rules.GRADE_SETS.get(values.get("grades") or "")
    if grades is None:
        raise ValidationError("请选择「评议等次」", "评议等次")
    coverage = next((k for k, v in rules.COVERAGE_READINGS.items() if v == values.get("coverage")), None)
    if coverage is None:
        raise ValidationError("请选择「谈话覆盖口径」", "谈话覆盖口径")
    try:
        years = int(str(values.get("term_years") or "").strip())
    except ValueError:
        raise ValidationError("「任期年限」应为 1–5 的整数", "任期年限") from None
    try:
        return rules.settings_from_values({
            rules.SETTING_KEYS["lecture_period"]: lecture,
            rules.SETTING_KEYS["student_dues_fen"]: fen,
            rules.SETTING_KEYS["evaluation_grades"]: grades,
            rules.SETTING_KEYS["talk_coverage"]: coverage,
        }, years)
    except (rules.RulesError, DuesError) as exc:
        raise ValidationError(str(exc), getattr(exc, "field", None)) from None


def ruleset(db: Database, settings: rules.LocalSettings | None = None) -> rules.ObligationRuleSet:
    return rules.effective_rules(rules.REGULATIONS_2018, settings or load_settings(db))


# ── facts ──


def _meetings(db: Database, start: str, end: str) -> tuple[rules.MeetingFact, ...]:
    # Quorum counts today's committee members present (the committee table has no history).
    present = dict(db.execute(
        """
        SELECT a.meeting_id, count(*) FROM meetings m JOIN attendance a ON a.meeting_id = m.id
        WHERE m.kind = '支部委员会' AND m.deleted_at IS NULL AND m.date >= ? AND m.date <= ?
          AND a.status = '出席' AND a.member_id IN (SELECT member_id FROM committee)
        GROUP BY a.meeting_id
        """,
        [start, end],
    ).fetchall())
    rows = db.execute(
        "SELECT id, kind, date, group_id FROM meetings "
        "WHERE deleted_at IS NULL AND date >= ? AND date <= ? AND kind != '其他' ORDER BY date, id",
        [start, end],
    ).fetchall()
    return tuple(rules.MeetingFact(id_, kind, date, gid, present.get(id_, 0)) for id_, kind, date, gid in rows)


def _members(db: Database, since: str) -> tuple[rules.MemberFact, ...]:
    rows = db.execute(
        "SELECT id, name, party_status, join_date, left_date, category FROM members "
        "WHERE left_date IS NULL OR left_date >= ? ORDER BY pinyin, name, id",
        [since],
    ).fetchall()
    return tuple(rules.MemberFact(*row) for row in rows)


def _committee(db: Database) -> tuple[tuple[int, ...], int | None]:
    rows = db.execute(
        "SELECT c.role, c.member_id FROM committee c JOIN members m ON m.id = c.member_id "
        "WHERE m.left_date IS NULL"
    ).fetchall()
    order = {r: i for i, r in enumerate(("书记", "副书记", "组织委员", "宣传委员", "纪检委员"))}
    rows.sort(key=lambda r: order.get(r[0], 9))
    return tuple(mid for _, mid in rows), next((mid for role, mid in rows if role == "书记"), None)


def _dues_first(db: Database) -> tuple[int, int] | None:
    """The first (year, month) of the dues ledger; None when no dues are kept in this file."""
    first_year = db.execute(
        "SELECT min(y) FROM (SELECT min(year) AS y FROM dues_payments UNION ALL SELECT min(year) FROM dues_assessments)"
    ).fetchone()[0]
    if first_year is None:
        return None
    first_month = db.execute("SELECT min(month) FROM dues_payments WHERE year = ?", [first_year]).fetchone()[0]
    assessed = db.execute("SELECT 1 FROM dues_assessments WHERE year = ? LIMIT 1", [first_year]).fetchone()
    return first_year, 1 if assessed or first_month is None else first_month


def _dues(db: Database, year: int):
    """(first ledger month or None, member → paid (year, month)s in `year`, member → exempt years)."""
    first = _dues_first(db)
    if first is None:
        return None, {}, {}
    paid: dict[int, set[tuple[int, int]]] = {}
    for member_id, y, month in db.execute("SELECT member_id, year, month FROM dues_payments WHERE year = ?", [year]):
        paid.setdefault(member_id, set()).add((y, month))
    return first, paid, _exempt(db, year)


def _exempt(db: Database, since_year: int) -> dict[int, set[int]]:
    exempt: dict[int, set[int]] = {}
    for member_id, year in db.execute(
        "SELECT member_id, year FROM dues_assessments WHERE monthly_fen = 0 AND year >= ?", [since_year]
    ):
        exempt.setdefault(member_id, set()).add(year)
    return exempt


def _dues_recent(db: Database, today: dt.date, since_year: int, since_month: int):
    """Like _dues for the home: everyone's last two months, and the whole window only for those
    who did not pay last month (only they can have a run of unpaid months), so the rows read
    stay few on a branch of 500."""
    first = _dues_first(db)
    if first is None:
        return None, {}, {}
    prev = dt.date(today.year, today.month, 1) - dt.timedelta(days=1)
    paid: dict[int, set[tuple[int, int]]] = {}
    for member_id, year, month in db.execute(
        "SELECT member_id, year, month FROM dues_payments WHERE (year = ? AND month = ?) OR (year = ? AND month = ?)",
        [today.year, today.month, prev.year, prev.month],
    ):
        paid.setdefault(member_id, set()).add((year, month))
    behind = [mid for (mid,) in db.execute("SELECT id FROM members WHERE left_date IS NULL")
              if (prev.year, prev.month) not in paid.get(mid, ())]
    for chunk in range(0, len(behind), 500):
        ids = behind[chunk:chunk + 500]
        for member_id, year, month in db.execute(
            f"SELECT member_id, year, month FROM dues_payments WHERE member_id IN ({','.join('?' * len(ids))}) "
            "AND year >= ? AND (year > ? OR month >= ?)",
            [*ids, since_year, since_year, since_month],
        ):
            paid.setdefault(member_id, set()).add((year, month))
    return first, paid, _exempt(db, since_year)


def _last_org_life(db: Database, start: str, recent: str, today: str) -> dict[int, str]:
    """member → last 组织生活 attended since `start`: first over the recent months (most
    members), then over the whole window only for those not seen recently."""
    sql = f"""
        SELECT a.member_id, max(m.date) FROM meetings m JOIN attendance a ON a.meeting_id = m.id
        WHERE m.deleted_at IS NULL AND m.kind IN {_ORG_LIFE} AND m.date >= ? AND m.date <= ?
          AND a.status = '出席' {{extra}}
        GROUP BY a.member_id
    """
    last = dict(db.execute(sql.format(extra=""), [recent, today]).fetchall())
    missing = [mid for (mid,) in db.execute("SELECT id FROM members WHERE left_date IS NULL") if mid not in last]
    for chunk in range(0, len(missing), 500):
        ids = missing[chunk:chunk + 500]
        extra = f"AND a.member_id IN ({','.join('?' * len(ids))})"
        last.update(db.execute(sql.format(extra=extra), [start, today, *ids]).fetchall())
    return last


def gather_facts(db: Database, today: dt.date) -> rules.BranchFacts:
    start = rules.window_start(today)
    start_iso, today_iso = start.isoformat(), today.isoformat()
    committee, secretary = _committee(db)
    branch = get_branch(db)
    meetings_since = db.execute(
        "SELECT min(date) FROM meetings WHERE deleted_at IS NULL AND kind != '其他'"
    ).fetchone()[0]
    org_life_since = db.execute(
        f"SELECT min(date) FROM meetings WHERE deleted_at IS NULL AND kind IN {_ORG_LIFE} AND date <= ?", [today_iso]
    ).fetchone()[0]
    last_org_life = _last_org_life(db, start_iso, rules.add_months(today, -3).isoformat(), today_iso)
    talk_pairs = tuple(db.execute(
        """
        SELECT t.talker_id, tt.member_id, t.date FROM talks t JOIN talk_targets tt ON tt.talk_id = t.id
        WHERE t.deleted_at IS NULL AND tt.member_id IS NOT NULL AND t.date >= ? AND t.date <= ?
        """,
        [f"{today.year - 1}-01-01", today_iso],
    ).fetchall())
    dues_since, paid, exempt = _dues_recent(db, today, start.year, start.month)
    deadlines = tuple(
        rules.DeadlineFact(id_, title, due, tuple(f.strip() for f in forms.split(",") if f.strip()), status)
        for id_, title, due, forms, status in db.execute(
            "SELECT id, title, due_date, forms, status FROM deadlines WHERE status != '已报送' AND due_date <= ? "
            "ORDER BY due_date, id",
            [(today + dt.timedelta(days=60)).isoformat()],
        )
    )
    return rules.BranchFacts(
        today=today,
        committee=committee,
        secretary_id=secretary,
        groups=tuple(db.execute("SELECT id, name FROM party_groups ORDER BY id").fetchall()),
        members=_members(db, start_iso),
        meetings=_meetings(db, start_iso, today_iso),
        meetings_since=meetings_since,
        last_org_life=last_org_life,
        org_life_since=org_life_since,
        talk_pairs=talk_pairs,
        dues_since=dues_since,
        dues_paid=paid,
        dues_exempt=exempt,
        deadlines=deadlines,
        term_start=branch.term_start,
        term_years=branch.term_years,
    )


def home_obligations(db: Database, today: dt.date | None = None) -> list[rules.Obligation]:
    """What is done, due and overdue on `today` (default: the real today)."""
    today = today or dt.date.today()
    settings = load_settings(db)
    return rules.home_obligations(ruleset(db, settings), gather_facts(db, today), settings)


# ── the year at a glance ──


@dataclass
class YearView:
    year: int
    rows: list[rules.GridRow]
    first_year: int          # earliest year with any record, for paging back


def year_view(db: Database, year: int, today: dt.date | None = None) -> YearView:
    today = today or dt.date.today()
    settings = load_settings(db)
    rule_set = ruleset(db, settings)
    y0, y1 = f"{year}-01-01", f"{year}-12-31"
    meetings = _meetings(db, y0, min(y1, today.isoformat()))
    committee, secretary = _committee(db)
    groups = tuple(db.execute("SELECT id, name FROM party_groups ORDER BY id").fetchall())
    talks_by_month = dict(db.execute(
        "SELECT CAST(substr(date, 6, 2) AS INTEGER), count(*) FROM talks "
        "WHERE deleted_at IS NULL AND date >= ? AND date <= ? GROUP BY 1",
        [y0, y1],
    ).fetchall())
    members = _members(db, y0)
    on = min(today, dt.date(year, 12, 31))
    pairs = db.execute(
        "SELECT t.talker_id, tt.member_id, t.date FROM talks t JOIN talk_targets tt ON tt.talk_id = t.id "
        "WHERE t.deleted_at IS NULL AND tt.member_id IS NOT NULL AND t.date >= ? AND t.date <= ?",
        [y0, on.isoformat()],
    ).fetchall()
    cov = rules.talk_coverage(settings.talk_coverage, committee, secretary,
                              [m.id for m in members if m.active_on(on)], pairs)
    summary = f"{cov.done}/{cov.required}" if committee else ""
    dues_since, paid, exempt = _dues(db, year)
    dues = rules.dues_by_month(year, today, members, paid, exempt, dues_since) if dues_since else None
    rows = rules.year_grid(rule_set, year, today, meetings, groups, len(committee), talks_by_month, summary, dues)
    first = db.execute(
        "SELECT min(substr(date, 1, 4)) FROM (SELECT date FROM meetings WHERE deleted_at IS NULL "
        "UNION ALL SELECT date FROM talks WHERE deleted_at IS NULL)"
    ).fetchone()[0]
    return YearView(year, rows, int(first) if first else today.year)


# ── integrity ──


def integrity_problems(db: Database) -> list[str]:
    """PRAGMA quick_check and foreign_key_check, as Chinese sentences; [] when the file is sound."""
    problems = []
    for (line,) in db.execute("PRAGMA quick_check").fetchall():
        if line != "ok":
            problems.append(f"完整性检查：{line}")
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"外键错误：表 {table} 第 {rowid} 行引用了 {parent} 中不存在的记录")
    return problems
