"""The facts the obligation rules judge, gathered through the areas' own store functions, and
the branch's local settings (one set of keys: the areas' own).

Each area says what counts in its own terms, and the home asks it rather than reading its
tables: meetings (not deleted, quorum from the attendance kept with each record, the 党章第九条
list), talks (coverage under the branch's reading, overdue follow-ups), dues (arrears up to last
month and this month's unpaid, in one fast pass: tui.store.dues_reminders), deadlines (upcoming
and overdue). The whole computation stays within a few tens of milliseconds on a branch of 500
members and ten years of records (bench/run.py measures it: due/overdue). The rules themselves live in
tui/rules/obligations/.
"""

import datetime as dt
from typing import Any, NamedTuple

from tui.store.db import Database

from tui.rules import dues as dues_rules
from tui.rules import meetings as meeting_rules
from tui.rules import member_status as status_rules
from tui.rules import obligations as rules
from tui.rules import talks as talk_rules
from tui.rules.dates import year_bounds
from tui.rules.money import MoneyError, format_fen, parse_yuan
from tui.store import deadlines as deadline_store
from tui.store import development_facts as development_store
from tui.store import dues_reminders
from tui.store import meetings_held as meeting_store
from tui.store import member_status
from tui.store import transfer_facts as transfer_store
from tui.store import talks_coverage as talk_store
from tui.store.branch import (
    full_member_count,
    get_branch,
    get_committee,
    get_settings,
    list_groups,
    save_branch,
    set_setting,
)
from tui.store.db import transaction
from tui.store.errors import ValidationError
from tui.store.records import build
from tui import clock

# ── settings ──

# The settings dialog's fields (key → label as shown). Labels stay short: the detail is in the
# dialog's placeholders.
FORM_LABELS = {
    "grades": "评议等次",
    "lectures": "每年党课次数",
    "warn": "组织生活提醒",
    "reading": "谈话覆盖口径",
    "student_fen": "学生党员党费",
    "unemployed_fen": "失业党员党费",
    "relief_fen": "低保党员党费",
    "farmer_fen": "农民党员党费",
    "rounding": "党费取整方式",
    "local_source": "本地规定依据",
    "term_years": "支委会任期",
}
_LECTURE_NOTES = {1: "（全国规定的最低）", 2: "（每半年1次）", 4: "（每季度1次，常见）", 12: "（每月1次）"}
LECTURE_CHOICES = {n: f"每年 {n} 次{_LECTURE_NOTES.get(n, '')}" for n in range(1, 13)}
WARN_CHOICES = {n: f"{n} 个月未参加起提醒" + ("（默认）" if n == meeting_rules.ORG_LIFE_WARN_MONTHS else "")
                for n in range(1, meeting_rules.ORG_LIFE_LIMIT_MONTHS)}
TERM_CHOICES = {n: f"{n} 年" + ("（村、社区党支部一般为 5 年）" if n == 5 else "") for n in range(1, 6)}
# form key → (setting key, dues category) for the fixed monthly amounts
FIXED_DUES_FIELDS = {
    "student_fen": ("dues.student_fen", dues_rules.STUDENT),
    "unemployed_fen": ("dues.unemployed_fen", dues_rules.UNEMPLOYED),
    "relief_fen": ("dues.relief_fen", dues_rules.RELIEF),
    "farmer_fen": ("dues.farmer_fen", dues_rules.FARMER),
}
# the label a rule's error names → the dialog's field
_RULE_FIELDS = {
    "评议等次": "grades",
    "每年党课次数": "lectures",
    "组织生活提醒月数": "warn",
    "谈话覆盖口径": "reading",
    "支委会任期": "term_years",
    **{dues_rules.DUES_SETTINGS[setting]: key for key, (setting, _) in FIXED_DUES_FIELDS.items()},
    dues_rules.DUES_SETTINGS["dues.rounding"]: "rounding",
    dues_rules.DUES_SETTINGS["dues.local_source"]: "local_source",
}


def _stored_values(db: Database) -> dict[str, Any]:
    values = {**get_settings(db, "meetings."), **get_settings(db, "talks."), **get_settings(db, "dues.")}
    return {k: v for k, v in values.items() if k in rules.SETTING_KEYS}


def load_settings(db: Database) -> rules.LocalSettings:
    values = _stored_values(db)
    term = get_branch(db).term_years
    try:
        return rules.settings_from_values(values, term)
    except rules.RulesError:
        # A value written by an older or newer version: fall back to defaults key by key.
        good = {}
        for key, value in values.items():
            try:
                rules.settings_from_values({key: value})
                good[key] = value
            except rules.RulesError:
                pass
        return rules.settings_from_values(good, term)


def save_settings(db: Database, settings: rules.LocalSettings) -> None:
    """Write every setting through its area's own store function, all or nothing."""
    try:
        rules.settings_from_values(rules.settings_to_values(settings), settings.term_years)
    except rules.RulesError as exc:
        raise ValidationError(str(exc), exc.field) from None
    with transaction(db):
        from tui.store.meetings import save_settings as save_meeting_settings

        save_meeting_settings(db, list(settings.grades), settings.lectures_per_year, settings.org_life_warn_months)
        talk_store.set_coverage_reading(db, settings.coverage_reading)
        for key, value in settings.dues.items():
            set_setting(db, key, value)
        if get_branch(db).term_years != settings.term_years:
            save_branch(db, {"term_years": settings.term_years})


def form_values(settings: rules.LocalSettings) -> dict[str, str]:
    """What the settings dialog shows for `settings` (every value as text or a choice label)."""
    dues = settings.dues_ruleset
    return {
        "grades": ",".join(settings.grades),
        "lectures": LECTURE_CHOICES[settings.lectures_per_year],
        "warn": WARN_CHOICES[settings.org_life_warn_months],
        "reading": talk_rules.READINGS[settings.coverage_reading],
        **{key: format_fen(dues.fixed_fen(category)) for key, (_, category) in FIXED_DUES_FIELDS.items()},
        "rounding": dues_rules.ROUNDING_MODES[dues.rounding],
        "local_source": str(settings.dues.get("dues.local_source") or ""),
        "term_years": TERM_CHOICES[settings.term_years],
    }


def settings_from_form(values: dict) -> rules.LocalSettings:
    """The settings dialog's values → LocalSettings; a Chinese error names the field as shown."""
    def fail(message: str, key: str):
        raise ValidationError(message, FORM_LABELS[key])

    def choice(key: str, choices: dict[int, str]) -> Any:
        """The number behind a choice label; a typed number passes through for the rules to check."""
        text = str(values.get(key) or "").strip()
        return next((n for n, label in choices.items() if label == text), text)

    stored: dict[str, Any] = {
        rules.GRADES_KEY: str(values.get("grades") or ""),
        rules.LECTURES_KEY: choice("lectures", LECTURE_CHOICES),
        rules.WARN_KEY: choice("warn", WARN_CHOICES),
    }
    reading = next((k for k, v in talk_rules.READINGS.items() if v == values.get("reading")), None)
    if reading is None:
        fail("请选择「谈话覆盖口径」", "reading")
    stored[rules.READING_KEY] = reading
    for key, (setting, _) in FIXED_DUES_FIELDS.items():
        try:
            stored[setting] = parse_yuan(str(values.get(key) or ""), FORM_LABELS[key])
        except MoneyError as exc:
            fail(str(exc), key)
    rounding = next((k for k, v in dues_rules.ROUNDING_MODES.items() if v == values.get("rounding")), None)
    if rounding is None:
        fail("请选择「党费取整方式」", "rounding")
    stored["dues.rounding"] = rounding
    stored["dues.local_source"] = str(values.get("local_source") or "").strip()
    try:
        return rules.settings_from_values(stored, choice("term_years", TERM_CHOICES))
    except rules.RulesError as exc:
        fail(str(exc), _RULE_FIELDS.get(exc.field or "", "grades"))
        raise  # unreachable: fail() raises


def ruleset(db: Database, settings: rules.LocalSettings | None = None) -> rules.ObligationRuleSet:
    return rules.effective_rules(rules.REGULATIONS_2018, settings or load_settings(db))


# ── facts ──


def _meeting_facts(rows: list[meeting_store.HeldMeeting]) -> tuple[rules.MeetingFact, ...]:
    make = rules.MeetingFact._make   # (positional: 600 meetings at 2,000 members)
    return tuple(
        make((r.id, r.kind, r.date, r.group_id if r.kind == "党小组会" else None, r.quorum_ok, r.present, r.expected))
        for r in rows if r.kind != "其他"
    )


def _groups(db: Database) -> tuple[tuple[int, str], ...]:
    return tuple((g.id, g.name) for g in list_groups(db))


def _first_meeting(db: Database) -> str | None:
    return db.execute("SELECT min(date) FROM meetings WHERE deleted_at IS NULL").fetchone()[0]


def _probation(db: Database) -> tuple[rules.ProbationFact, ...]:
    rows = db.execute(
        "SELECT id AS member_id, name, join_date FROM members WHERE left_date IS NULL AND party_status = '预备党员' "
        "AND join_date IS NOT NULL ORDER BY join_date, id"
    )
    return tuple(build(rules.ProbationFact, rows))


def _away(db: Database, today: dt.date, names: dict[int, str]) -> tuple[rules.AwayFact, ...]:
    """Statuses open today, of members on the roster (`names`: theirs; tui.rules.member_status)."""
    iso = today.isoformat()
    interval = member_status.contact_months(db)
    out = []
    for member_id, periods in member_status.periods_by_member(db, names).items():
        for p in status_rules.covering(periods, iso):
            out.append(rules.AwayFact(
                member_id, names[member_id], p.kind, p.describe(), p.approved, p.excuses,
                status_rules.contact_due(p, interval),
                status_rules.lost_limit(p) if p.kind == status_rules.StatusKind.LOST else None,
                p.end_date, p.rule.source))
    return tuple(out)


def _receipts(db: Database, today: dt.date) -> tuple[rules.ReceiptFact, ...]:
    return tuple(rules.ReceiptFact(t.member_id, t.name, t.date, t.org, t.receipt_due)
                 for t in transfer_store.overdue_receipts(db, today))


def _arrivals(db: Database, today: dt.date, here: set[int] | dict[int, str]) -> tuple[rules.ArrivalFact, ...]:
    """转入 in the last two months, of members still here (`here`: their ids), and whether they
    have been talked with since."""
    since = (today - dt.timedelta(days=61)).isoformat()
    recent = transfer_store.list_transfers(db, direction=transfer_store.IN, since=since)
    if not recent:
        return ()
    from tui.store import talks  # (the talks area: only when someone has just arrived)

    talked: dict[int, str] = {}
    for year in sorted({int(t.date[:4]) for t in recent} | {today.year}):
        for talk in talks.list_talks(db, year=year):
            for target in talk.targets:
                if target.member_id is not None:
                    talked[target.member_id] = max(talked.get(target.member_id, ""), talk.date)
    return tuple(rules.ArrivalFact(t.member_id, t.name, t.date, t.org, talked.get(t.member_id, "") >= t.date)
                 for t in recent if t.member_id in here)


def gather_facts(db: Database, today: dt.date, settings: rules.LocalSettings | None = None,
                 rule_set: rules.ObligationRuleSet | None = None) -> rules.BranchFacts:
    settings = settings or load_settings(db)
    rule_set = rule_set or ruleset(db, settings)
    branch = get_branch(db)
    groups = _groups(db)
    since = {kind: day.isoformat() for kind, day in rules.meeting_windows(rule_set, today).items()}
    rows = meeting_store.held_meetings_since(db, since, today.isoformat())
    # The roster is read once, in its order, for every count below (2,000 members: a read saved
    # is a millisecond saved).
    roster = dues_reminders.roster_spans(db)
    everyone = {m.id: m.name for m in roster}
    here = {m.id: m.name for m in roster if m.left_date is None}
    reminders = dues_reminders.reminders(db, today, roster)
    window = rules.REGULATIONS_2018.deadline_window_days
    deadlines = deadline_store.overdue_deadlines(db, today) + deadline_store.upcoming_deadlines(db, today, days=window)
    return rules.BranchFacts(
        today=today,
        committee_size=len(get_committee(db)),
        groups=groups,
        meetings=_meeting_facts(rows),
        meetings_since=_first_meeting(db),
        org_life=tuple(rules.OrgLifeFact(member_id=member_id, name=name, last_date=last, months=months)
                       for member_id, name, last, months in meeting_store.months_without_org_life(
                           db, today, [(m.id, m.name, m.join_date) for m in roster if m.left_date is None])),
        org_life_warn_months=settings.org_life_warn_months,
        talk_coverage=talk_store.talk_coverage(db, today.year, today=today, names=everyone,
                                               roster=[(m.id, m.join_date, m.left_date) for m in roster]),
        followups=tuple(
            rules.FollowupFact(id=f.id, talk_id=f.talk_id, what=f.what, targets=f.targets, due_date=f.due_date,
                               days_overdue=f.days_overdue)
            for f in talk_store.open_followups(db, today) if f.overdue
        ),
        dues_kept=reminders.kept,
        arrears=tuple(rules.ArrearFact(member_id=a.member_id, name=a.name, months=a.months_unpaid_in_a_row,
                                       level=a.level, message=a.message, since=a.since, excused=a.excused)
                      for a in reminders.arrears),
        unpaid=tuple((u.member_id, u.name) for u in reminders.unpaid),
        unassessed=tuple(reminders.unassessed),
        probation=_probation(db),
        deadlines=tuple(rules.DeadlineFact(id=d.id, title=d.title, due_date=d.due_date, forms=tuple(d.forms),
                                           status=d.status) for d in deadlines),
        term_start=branch.term_start,
        term_years=branch.term_years,
        rectifications=tuple(rules.RectificationFact(**r._asdict()) for r in meeting_store.open_rectifications(db)),
        away=_away(db, today, here),
        receipts=_receipts(db, today),
        arrivals=_arrivals(db, today, here),
        development=tuple(rules.DevelopmentFact(**row) for row in development_store.home_facts(db)),
        development_settings=tuple(sorted(get_settings(db, "development.").items())),
        full_members=full_member_count(db),
    )


def home_obligations(db: Database, today: dt.date | None = None) -> list[rules.Obligation]:
    """What is done, due and overdue on `today` (default: the real today)."""
    today = today or clock.today()
    settings = load_settings(db)
    rule_set = ruleset(db, settings)
    return rules.home_obligations(rule_set, gather_facts(db, today, settings, rule_set))


# ── the year at a glance ──


class YearView(NamedTuple):
    year: int
    rows: "list[rules.GridRow]"   # (a string: the grid loads on first use)
    first_year: int          # earliest year with any record, for paging back


def _dues_by_month(db: Database, year: int, today: dt.date) -> dict[int, tuple[int, int]] | None:
    """month → (settled, owing) members, by the dues area's ledger; None when nobody is assessed."""
    from tui.store.dues import ledger  # (the whole dues area: not needed at start-up)

    book = ledger(db, year)
    if not any(r.assessment is not None for r in book.rows):
        return None
    out = {}
    for i in range(12):
        if dt.date(year, i + 1, 1) > today:
            break
        owing = [r for r in book.rows if r.owed[i] and r.due[i] > 0]
        out[i + 1] = (sum(1 for r in owing if r.paid[i] >= r.due[i]), len(owing))
    return out


def _away_by_month(db: Database, year: int) -> dict[int, list[str]]:
    """month → names of members an approved absence covers that month (the year at a glance)."""
    names = dict(db.execute("SELECT id, name FROM members").fetchall())
    out: dict[int, list[str]] = {}
    for member_id, periods in member_status.periods_by_member(db).items():
        for month in range(1, 13):
            if any(p.excuses and p.covers_month(year, month) for p in periods):
                out.setdefault(month, []).append(names[member_id])
    return out


def year_view(db: Database, year: int, today: dt.date | None = None) -> YearView:
    today = today or clock.today()
    rule_set = ruleset(db)
    groups = _groups(db)
    rows = meeting_store.held_meetings(db, *year_bounds(year))
    show_committee = len(get_committee(db)) >= 3 or any(r.kind == "支部委员会" for r in rows)
    talks_by_month: dict[int, int] = {}
    from tui.store import talks  # (the whole talks area: not needed at start-up)

    for talk in talks.list_talks(db, year=year):
        if talk.date <= today.isoformat():
            month = int(talk.date[5:7])
            talks_by_month[month] = talks_by_month.get(month, 0) + 1
    cov = talk_store.talk_coverage(db, year, today=today) if year <= today.year else None
    grid = rules.year_grid(
        rule_set, year, today, _meeting_facts(rows), groups,
        show_committee=show_committee, talks_by_month=talks_by_month,
        talk_summary=rules.coverage_summary(cov), dues_by_month=_dues_by_month(db, year, today),
        away_by_month=_away_by_month(db, year),
    )
    years = meeting_store.meeting_years(db) + talks.talk_years(db)
    return YearView(year, grid, min(years) if years else today.year)


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
