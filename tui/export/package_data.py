"""What goes into a 报送包, gathered through the areas' own store functions as plain rows (lists
of cell values in the columns of tui.export.package_format). No phone, no ID number, no talk
content: the roster's extra columns are the secretary's explicit choice (ROSTER_EXTRAS).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from tui import __version__, clock
from tui.export import package_format as fmt
from tui.rules import package as package_rules
from tui.rules import pairings as pairing_rules
from tui.rules import talks as talk_rules
from tui.rules.dues import collection_rate
from tui.rules.obligations.membership import term_end
from tui.rules.obligations.periods import add_months, parse_day
from tui.rules import development as development_rules
from tui.store import branch as branch_store
from tui.store import development as development_store
from tui.store import members as member_store
from tui.store import meetings_held
from tui.store import obligations as obligation_store
from tui.store import study_hours
from tui.store import talks_coverage
from tui.store.errors import ValidationError


@dataclass
class PackageData:
    """Every sheet of one package: name → (header, rows); key/value sheets as two columns."""

    meta: list[tuple[str, object]]
    sheets: dict[str, tuple[tuple[str, ...], list[list[object]]]] = field(default_factory=dict)


def yuan(fen: int) -> Decimal:
    """An amount in 分 as a number of 元 with two decimals (written as a number cell)."""
    return Decimal(fen) / 100


def package_period(year: int | None, date_from: str | None, date_to: str | None) -> tuple[dt.date, dt.date]:
    if date_from or date_to:
        if not (date_from and date_to):
            raise ValidationError("报送包按期间导出时须同时给出「起始日期」和「截止日期」", "起始日期")
        lo, hi = dt.date.fromisoformat(date_from), dt.date.fromisoformat(date_to)
        if hi < lo:
            raise ValidationError("「截止日期」不能早于「起始日期」", "截止日期")
        return lo, hi
    y = year or clock.today().year
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def probation_end(join_date: str | None) -> str:
    day = parse_day(join_date)
    return add_months(day, 12).isoformat() if day else ""


def gather(db, date_from: dt.date, date_to: dt.date, *, extras: tuple[str, ...] = ()) -> PackageData:
    unknown = [e for e in extras if e not in fmt.ROSTER_EXTRAS]
    if unknown:
        raise ValidationError(f"报送包的党员名册没有「{'、'.join(unknown)}」这一列；可选：{'、'.join(fmt.ROSTER_EXTRAS)}", "附加列")
    today = clock.today()
    info = branch_store.get_branch(db)
    data = PackageData(meta=[])
    roster_header, roster_rows, members = _roster(db, extras)
    training = _training(db, date_from, date_to, today)
    data.sheets[fmt.BASICS] = (("项目", "值"), _basics(db, info, members, training[1]))
    data.sheets[fmt.ROSTER] = (roster_header, roster_rows)
    data.sheets[fmt.MEETINGS] = _meetings(db, date_from, date_to, today)
    data.sheets[fmt.DUES] = _dues(db, date_from, date_to, today)
    data.sheets[fmt.TALKS] = _talks(db, date_from, date_to, today)
    data.sheets[fmt.PAIRINGS] = _pairings(db, date_from, date_to)
    development = _development(db, date_from, date_to, today)
    if development[1]:
        data.sheets[fmt.DEVELOPMENT] = development
    if training[1]:
        data.sheets[fmt.TRAINING] = training
    data.meta = [
        ("格式", fmt.FORMAT_NAME), ("格式版本", fmt.SCHEMA_VERSION), ("支部名称", info.name),
        ("上级党组织", info.parent_org), ("期间起", date_from.isoformat()), ("期间止", date_to.isoformat()),
        ("统计日", today.isoformat()), ("zhibu版本", __version__),
        ("导出时间", clock.now().strftime("%Y-%m-%d %H:%M")),
        ("包含的表", ",".join(data.sheets)),
        ("党员名册附加列", ",".join(fmt.ROSTER_EXTRAS[e] for e in extras)),
    ]
    return data


def _roster(db, extras: tuple[str, ...]):
    groups = {g.id: g.name for g in branch_store.list_groups(db)}
    roles = {mid: role for role, mid in branch_store.get_committee(db).items()}
    header = (*fmt.ROSTER_COLUMNS, *(fmt.ROSTER_EXTRAS[e] for e in extras))
    rows, members = [], member_store.list_members(db)
    for i, m in enumerate(members, start=1):
        row = [i, m.name, m.gender or "", m.party_status, m.category, m.join_date or "", m.full_date or "",
               probation_end(m.join_date) if m.party_status == "预备党员" else "",
               groups.get(m.group_id, ""), roles.get(m.id, "")]
        row += [getattr(m, e) or "" for e in extras]
        rows.append(row)
    return header, rows, members


def _basics(db, info, members, training: list[list[object]]) -> list[list[object]]:
    probation = sorted(probation_end(m.join_date) for m in members if m.party_status == "预备党员" and m.join_date)
    end = term_end(info.term_start, info.term_years)
    values = {
        "支部名称": info.name, "上级党组织": info.parent_org, "支部类型": info.kind,
        "党员总数": len(members), "正式党员": sum(m.party_status == "正式党员" for m in members),
        "预备党员": sum(m.party_status == "预备党员" for m in members),
        "支委会人数": len(branch_store.get_committee(db)), "党小组数": len(branch_store.list_groups(db)),
        "本届任期开始": info.term_start or "", "任期（年）": info.term_years,
        "任期届满": end.isoformat() if end else "",
        "预备党员待转正（人）": len(probation), "最早预备期满": probation[0] if probation else "",
        "学时统计年度": "", "学时未达标（人）": "",
    }
    if training:
        last = training[-1][0]
        values["学时统计年度"] = last
        values["学时未达标（人）"] = sum(1 for r in training if r[0] == last and r[-1] == fmt.NOT_MET)
    return [[k, values[k]] for k in fmt.BASICS_KEYS]


def _meetings(db, date_from: dt.date, date_to: dt.date, today: dt.date):
    rule_set = obligation_store.ruleset(db)
    rows = meetings_held.held_meetings(db, date_from.isoformat(), date_to.isoformat())
    facts = obligation_store._meeting_facts(rows)
    groups = tuple((g.id, g.name) for g in branch_store.list_groups(db))
    show_committee = len(branch_store.get_committee(db)) >= 3 or any(r.kind == "支部委员会" for r in rows)
    lines = package_rules.meeting_lines(rule_set.meetings, facts, groups, date_from, date_to, today,
                                        show_committee=show_committee)
    months = package_rules.months_of(date_from, date_to)
    quarters = package_rules.quarters_of(date_from, date_to)
    header = (*fmt.MEETINGS_HEAD, *(f"{y}-{m:02d}" for y, m in months), *(f"{y}-Q{q}" for y, q in quarters),
              *fmt.MEETINGS_TAIL)
    body = [[ln.title, ln.requirement, *ln.months, *ln.quarters, ln.total, ln.due, ln.met, ln.result,
             "、".join(ln.missed)] for ln in lines]
    return header, body


def _dues(db, date_from: dt.date, date_to: dt.date, today: dt.date):
    from tui.store.dues import ledger

    last = min(date_to, today)
    rows, due_all, paid_all, vol_all = [], 0, 0, 0
    for year in range(date_from.year, last.year + 1):
        book = ledger(db, year)
        for y, mo in package_rules.months_of(max(date_from, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31))):
            i = mo - 1
            owing = [r for r in book.rows if r.owed[i] and r.due[i] > 0]
            due, paid, vol = book.month_due[i], book.month_paid[i], book.month_voluntary[i]
            rows.append([f"{y}-{mo:02d}", len(owing), sum(1 for r in owing if r.paid[i] >= r.due[i]),
                         yuan(due), yuan(paid), yuan(vol), collection_rate(due, paid)])
            due_all, paid_all, vol_all = due_all + due, paid_all + paid, vol_all + vol
    rows.append([fmt.DUES_TOTAL, "", "", yuan(due_all), yuan(paid_all), yuan(vol_all), collection_rate(due_all, paid_all)])
    return fmt.DUES_COLUMNS, rows


def _talks(db, date_from: dt.date, date_to: dt.date, today: dt.date):
    from tui.store.talks import list_talks

    rows = []
    for year in range(date_from.year, min(date_to, today).year + 1):
        cov = talks_coverage.talk_coverage(db, year, today=today)
        lo = max(date_from, dt.date(year, 1, 1)).isoformat()
        hi = min(date_to, dt.date(year, 12, 31)).isoformat()
        n_talks = len(list_talks(db, date_from=lo, date_to=hi))
        owed = cov.committee_pairs_total + len(cov.members)
        done = cov.committee_pairs_done + cov.members_done
        rate = f"{100 * done / owed:.1f}%" if owed else "—"
        rows.append([year, talk_rules.READINGS.get(cov.reading, cov.reading), cov.committee_pairs_total,
                     cov.committee_pairs_done, len(cov.members), cov.members_done, rate, n_talks])
    return fmt.TALKS_COLUMNS, rows


def _pairings(db, date_from: dt.date, date_to: dt.date):
    from tui.store.pairings import outcome_stats

    stats = outcome_stats(db, date_from.isoformat(), date_to.isoformat())
    header = (*fmt.PAIRINGS_HEAD, *pairing_rules.LEVELS)
    rows = []
    for mode in pairing_rules.MODES:
        t = stats.totals.get(mode)
        if t is None:
            continue
        rows.append([stats.mode_names[mode], t.pairings, t.ongoing, t.activities, Decimal(t.hours) / 10, t.outcomes,
                     *(stats.count(mode, level=lv) for lv in pairing_rules.LEVELS)])
    t = stats.total
    rows.append([fmt.PAIRINGS_TOTAL, t.pairings, t.ongoing, t.activities, Decimal(t.hours) / 10, t.outcomes,
                 *(stats.count(level=lv) for lv in pairing_rules.LEVELS)])
    return header, rows


def _training(db, date_from: dt.date, date_to: dt.date, today: dt.date):
    """The year-end 学时台账 of each year of the period that has any hours recorded (a branch that
    keeps no hours writes no 学时 sheet rather than every member "未达标")."""
    rows = []
    for year in range(date_from.year, min(date_to, today).year + 1):
        ledger = study_hours.hours_ledger(db, year)
        if not any(line.total_tenths for line in ledger.lines):
            continue
        for n, line in enumerate(ledger.lines, start=1):
            rows.append([year, n, line.name, line.role, line.meetings, _hours(line.meeting_tenths),
                         _hours(line.outside_tenths), _hours(line.total_tenths), line.required,
                         _hours(line.short_tenths), fmt.NOT_MET if line.short_tenths else fmt.MET])
    return fmt.TRAINING_COLUMNS, rows


def _hours(tenths: int) -> Decimal:
    return Decimal(tenths) / 10


def _development(db, date_from: dt.date, date_to: dt.date, today: dt.date):
    """Everyone in the 发展党员 pipeline during the period: a dated step on or before its end, and
    not already 正式党员 (㉔) before its start; the stage and dates as at the period's end. Someone
    recorded without any date yet is in a period that reaches today. Only names, stages and the
    key dates: birth dates, units and votes stay in the branch's file."""
    end, start = date_to.isoformat(), date_from.isoformat()
    people = []
    for c in development_store.list_candidates(db):
        dates = {step: day for step, day in c.dates.items() if day and day <= end}
        if not c.dates:
            if date_to < today:
                continue
        elif not dates or dates.get(24, end) < start:
            continue
        stage = development_rules.stage_of(dates)
        people.append((development_rules.STAGES.index(stage), dates.get(1) or "", c.id, c.name, stage, dates))
    rows = [[n, name, str(stage), *(dates.get(step, "") for step in fmt.DEVELOPMENT_STEPS)]
            for n, (_, _, _, name, stage, dates) in enumerate(sorted(people), start=1)]
    return fmt.DEVELOPMENT_COLUMNS, rows
