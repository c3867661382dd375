""""1+1+1" pairings: the triads, their activity log, their outcomes, and the outcome counts.

A pairing's slots: the lead (a roster member), in mentor mode a 学生党员 (a roster member of
人员类别 学生, or an outside person of kind 学生 when the student belongs to another branch),
and an outside person (普通学生 / 普通教师 / 企业). A slot of the wrong kind, a member who has
left, or an outcome dated before the pairing began is refused with a Chinese message naming
the field, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.store.db import Database

from tui.rules import pairings as rules
from tui.rules.dates import DateError, optional_date, period_bounds
from tui.store import people as people_store
from tui.store.branch import get_settings
from tui.store.db import transaction
from tui.store.errors import NotFoundError, ValidationError
from tui.store.records import build, derived, named, select_list
from tui import clock


# ── settings ──

def mode_configs(db: Database) -> dict[str, rules.ModeConfig]:
    return rules.mode_configs(get_settings(db, "pairings."))


def outcome_kinds(db: Database) -> tuple[str, ...]:
    return rules.outcome_kinds(get_settings(db, "pairings."))


def mode_code(db: Database, value: str | None, configs: dict | None = None) -> str:
    """A mode code from its code or its (possibly renamed) Chinese name."""
    configs = configs or mode_configs(db)
    value = (value or "").strip()
    if value in configs:
        return value
    for code, cfg in configs.items():
        if value in (cfg.name, rules.DEFAULT_MODES[code].name):
            return code
    names = "/".join(c.name for c in configs.values())
    raise ValidationError(f"「结对模式」只能是 {names}：“{value}”", "结对模式")


# ── records ──

@dataclass
class Pairing:
    id: int
    mode: str
    mode_name: str = derived()     # the mode's (possibly renamed) display name
    title: str
    goal: str
    lead_id: int
    lead_name: str = derived()
    second_member_id: int | None
    second_person_id: int | None
    second_name: str = derived()
    person_id: int | None
    person_name: str = derived()
    person_unit: str = derived()
    object_text: str
    start_date: str
    end_date: str | None
    status: str
    activity_count: int = derived(0)
    hours: int = derived(0)        # tenths of an hour
    outcome_count: int = derived(0)
    deleted_at: str | None = None

    @property
    def period(self) -> str:
        return f"{self.start_date} 至 {self.end_date or '今'}"

    def names(self) -> list[str]:
        return [n for n in (self.lead_name, self.second_name, self.person_name) if n]


@dataclass
class Activity:
    id: int
    pairing_id: int
    date: str
    what: str
    hours: int                     # tenths of an hour


@dataclass
class Outcome:
    id: int
    pairing_id: int
    kind: str
    level: str
    date: str
    title: str
    evidence: str = ""


_SELECT = f"""
SELECT {select_list(Pairing, "p")},
       lm.name AS lead_name,
       coalesce(sm.name, sp.name, '') AS second_name,
       coalesce(pp.name, '') AS person_name, coalesce(pp.unit, '') AS person_unit,
       (SELECT count(*) FROM pairing_activities a WHERE a.pairing_id = p.id) AS activity_count,
       (SELECT coalesce(sum(hours), 0) FROM pairing_activities a WHERE a.pairing_id = p.id) AS hours,
       (SELECT count(*) FROM pairing_outcomes o WHERE o.pairing_id = p.id) AS outcome_count
FROM pairings p
JOIN members lm ON lm.id = p.lead_id
LEFT JOIN members sm ON sm.id = p.second_member_id
LEFT JOIN people sp ON sp.id = p.second_person_id
LEFT JOIN people pp ON pp.id = p.person_id
"""


def _pairings(cursor, configs) -> list[Pairing]:
    return [Pairing(**row, mode_name=configs[row["mode"]].name) for row in named(cursor)]


def list_pairings(
    db: Database,
    year: int | None = None,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    mode: str | None = None,
    member_id: int | None = None,
    person_id: int | None = None,
    status: str | None = None,
    deleted: bool = False,
) -> list[Pairing]:
    """Pairings that ran at some point in the year (or period), newest first.

    `member_id` gives a member's pairings (in any member slot); `deleted=True` lists the
    deleted ones instead (for undo).
    """
    configs = mode_configs(db)
    where = ["p.deleted_at IS NOT NULL" if deleted else "p.deleted_at IS NULL"]
    args: list = []
    start, end = period_bounds(year, date_from, date_to)
    if end:
        where.append("p.start_date <= ?")
        args.append(end)
    if start:
        where.append("(p.end_date IS NULL OR p.end_date >= ?)")
        args.append(start)
    if mode:
        where.append("p.mode = ?")
        args.append(mode_code(db, mode, configs))
    if member_id is not None:
        where.append("(p.lead_id = ? OR p.second_member_id = ?)")
        args += [member_id, member_id]
    if person_id is not None:
        where.append("(p.person_id = ? OR p.second_person_id = ?)")
        args += [person_id, person_id]
    if status:
        where.append("p.status = ?")
        args.append(status)
    order = {m: i for i, m in enumerate(rules.MODES)}
    out = _pairings(db.execute(_SELECT + " WHERE " + " AND ".join(where) + " ORDER BY p.start_date DESC, p.id DESC", args), configs)
    out.sort(key=lambda p: order.get(p.mode, 9))   # stable: by mode, newest first within it
    return out


def get_pairing(db: Database, pairing_id: int, *, include_deleted: bool = False) -> Pairing:
    found = _pairings(db.execute(_SELECT + " WHERE p.id = ?", [pairing_id]), mode_configs(db))
    if not found or (found[0].deleted_at is not None and not include_deleted):
        raise NotFoundError(f"没有编号为 {pairing_id} 的结对")
    return found[0]


def pairing_years(db: Database) -> list[int]:
    """Every year in which some pairing ran, newest first (for the year filter)."""
    row = db.execute(
        "SELECT min(start_date), max(coalesce(end_date, ?)), max(start_date) "
        "FROM pairings WHERE deleted_at IS NULL", [clock.today().isoformat()]
    ).fetchone()
    if not row or not row[0]:
        return []
    first, last = int(row[0][:4]), max(int(row[1][:4]), int(row[2][:4]))
    return list(range(last, first - 1, -1))


# ── validation ──

def _date(value, label: str, *, required: bool = False) -> str | None:
    try:
        iso = optional_date(value, label)
    except DateError as exc:
        raise ValidationError(str(exc), label) from None
    if iso is None and required:
        raise ValidationError(f"「{label}」不能为空", label)
    return iso


def _int_or_none(value) -> int | None:
    if value in (None, "", 0):
        return None
    return int(value)


def _member_in_slot(db: Database, member_id: int, label: str, start: str, end: str | None, status: str) -> dict:
    row = db.execute(
        "SELECT name, category, left_date FROM members WHERE id = ?", [member_id]
    ).fetchone()
    if row is None:
        raise ValidationError(f"「{label}」必须是本支部在册党员", label)
    name, category, left = row
    if left:
        if left <= start:
            raise ValidationError(f"「{label}」{name} 已于 {left} 离开本支部，不能参加此后开始的结对", label)
        if status != rules.PairingStatus.ENDED or not end or end > left:
            raise ValidationError(
                f"「{label}」{name} 已于 {left} 离开本支部：请改选他人，或将结对结束于 {left} 之前", label
            )
    return {"name": name, "category": category}


def _person_in_slot(db: Database, person_id: int, label: str, kind: str) -> None:
    try:
        person = people_store.get_person(db, person_id)
    except NotFoundError:
        raise ValidationError(f"「{label}」不存在，请重新选择", label) from None
    if person.kind != kind:
        raise ValidationError(f"「{label}」应是类别为{kind}的校外人员：{person.name} 的类别是{person.kind}", label)


def _slot_person(db: Database, clean: dict, id_key: str, name_key: str, kind: str) -> int | None:
    """An existing person's id, or a new person typed by name (created in this transaction)."""
    pid = _int_or_none(clean.get(id_key))
    name = (clean.get(name_key) or "").strip()
    if pid is None and name:
        pid = people_store.find_or_create(db, name, kind, (clean.get(name_key + "_unit") or "").strip())
    return pid


def _validate(db: Database, data: dict, pairing_id: int | None) -> dict:
    configs = mode_configs(db)
    code = mode_code(db, data.get("mode"), configs)
    cfg = configs[code]
    title = " ".join(str(data.get("title") or "").split())
    if not title:
        raise ValidationError("「结对名称」不能为空", "结对名称")
    start = _date(data.get("start_date"), "开始日期", required=True)
    end = _date(data.get("end_date"), "结束日期")
    if end and end < start:
        raise ValidationError("「结束日期」不能早于「开始日期」", "结束日期")
    status = (data.get("status") or rules.PairingStatus.ONGOING).strip()
    if status not in rules.STATUSES:
        raise ValidationError(f"「状态」只能是 {'/'.join(rules.STATUSES)}", "状态")
    if status == rules.PairingStatus.ENDED and not end:
        raise ValidationError("已结束的结对须填写「结束日期」", "结束日期")
    obj = str(data.get("object_text") or "").strip()
    if code != rules.MENTOR and not obj:
        raise ValidationError(f"「{cfg.object}」不能为空", cfg.object)

    lead_id = _int_or_none(data.get("lead_id"))
    if lead_id is None:
        raise ValidationError(f"「{cfg.lead}」不能为空", cfg.lead)
    lead = _member_in_slot(db, lead_id, cfg.lead, start, end, status)
    if lead["category"] == "学生":
        raise ValidationError(f"「{cfg.lead}」应是教工党员：{lead['name']} 的人员类别是学生", cfg.lead)

    second_member = second_person = None
    if code == rules.MENTOR:
        second_member = _int_or_none(data.get("second_member_id"))
        second_person = _int_or_none(data.get("second_person_id"))
        if second_member is not None and second_person is not None:
            raise ValidationError(f"「{cfg.second}」只能填一人", cfg.second)
        if second_member is not None:
            if second_member == lead_id:
                raise ValidationError(f"「{cfg.second}」不能与「{cfg.lead}」是同一人", cfg.second)
            second = _member_in_slot(db, second_member, cfg.second, start, end, status)
            # A 教工 here would count a teacher as a student in every report: refused, not warned.
            if second["category"] != "学生":
                raise ValidationError(
                    f"「{cfg.second}」应是人员类别为学生的党员：{second['name']} 的人员类别是{second['category']}",
                    cfg.second,
                )
        elif second_person is not None:
            _person_in_slot(db, second_person, cfg.second, "学生")
        elif not (data.get("second_name") or "").strip():
            raise ValidationError(f"「{cfg.second}」不能为空", cfg.second)

    person_id = _int_or_none(data.get("person_id"))
    kind = rules.PERSON_KIND[code]
    if person_id is not None:
        _person_in_slot(db, person_id, cfg.person, kind)
    elif not (data.get("person_name") or "").strip():
        raise ValidationError(f"「{cfg.person}」不能为空", cfg.person)

    if pairing_id is not None:
        early = db.execute(
            "SELECT min(d) FROM (SELECT min(date) d FROM pairing_activities WHERE pairing_id = ? "
            "UNION ALL SELECT min(date) FROM pairing_outcomes WHERE pairing_id = ?)",
            [pairing_id, pairing_id],
        ).fetchone()[0]
        if early and early < start:
            raise ValidationError(f"已有 {early} 的活动或成果，「开始日期」不能晚于它", "开始日期")
        late = db.execute("SELECT max(date) FROM pairing_activities WHERE pairing_id = ?", [pairing_id]).fetchone()[0]
        if end and late and late > end:
            raise ValidationError(f"已有 {late} 的活动记录，「结束日期」不能早于它", "结束日期")

    return {
        "mode": code, "title": title, "goal": str(data.get("goal") or "").strip(),
        "lead_id": lead_id, "second_member_id": second_member, "second_person_id": second_person,
        "person_id": person_id, "object_text": obj, "start_date": start, "end_date": end,
        "status": status,
        # typed names of new people: resolved inside the transaction
        "second_name": data.get("second_name"), "second_name_unit": data.get("second_name_unit"),
        "person_name": data.get("person_name"), "person_name_unit": data.get("person_name_unit"),
    }


def save_pairing(db: Database, data: dict, pairing_id: int | None = None) -> int:
    """Insert (pairing_id None) or update a pairing; returns its id. One transaction.

    Keys: mode (code or name), title, goal, lead_id, second_member_id | second_person_id |
    second_name (mentor), person_id | person_name (a new outside person, created here),
    object_text, start_date, end_date, status.
    """
    with transaction(db):
        if pairing_id is not None:
            get_pairing(db, pairing_id)
        clean = _validate(db, data, pairing_id)
        kind = rules.PERSON_KIND[clean["mode"]]
        if clean["mode"] == rules.MENTOR and clean["second_member_id"] is None:
            clean["second_person_id"] = _slot_person(db, clean, "second_person_id", "second_name", "学生")
        clean["person_id"] = _slot_person(db, clean, "person_id", "person_name", kind)
        for key in ("second_name", "second_name_unit", "person_name", "person_name_unit"):
            clean.pop(key)
        if pairing_id is None:
            return db["pairings"].insert(clean).last_pk
        clean["updated_at"] = clock.now().isoformat(timespec="seconds")
        db["pairings"].update(pairing_id, clean)
        return pairing_id


def end_pairing(db: Database, pairing_id: int, end_date: str) -> None:
    """Mark a pairing 已结束 on `end_date`."""
    with transaction(db):
        p = get_pairing(db, pairing_id)
        save_pairing(db, {**_as_data(p), "end_date": end_date, "status": rules.PairingStatus.ENDED}, pairing_id)


def _as_data(p: Pairing) -> dict:
    return {
        "mode": p.mode, "title": p.title, "goal": p.goal, "lead_id": p.lead_id,
        "second_member_id": p.second_member_id, "second_person_id": p.second_person_id,
        "person_id": p.person_id, "object_text": p.object_text, "start_date": p.start_date,
        "end_date": p.end_date, "status": p.status,
    }


def delete_pairing(db: Database, pairing_id: int) -> None:
    """Soft delete: the pairing, its log and outcomes disappear from every list and count
    until restored."""
    with transaction(db):
        get_pairing(db, pairing_id)
        db["pairings"].update(pairing_id, {"deleted_at": clock.now().isoformat(timespec="seconds")})


def restore_pairing(db: Database, pairing_id: int) -> None:
    with transaction(db):
        get_pairing(db, pairing_id, include_deleted=True)
        db["pairings"].update(pairing_id, {"deleted_at": None})


# ── activity log ──

def list_activities(db: Database, pairing_id: int) -> list[Activity]:
    return build(Activity, db.execute(
        f"SELECT {select_list(Activity)} FROM pairing_activities WHERE pairing_id = ? "
        "ORDER BY date DESC, id DESC", [pairing_id]
    ))


def _validate_activity(p: Pairing, date, what, hours) -> dict:
    iso = _date(date, "活动日期", required=True)
    if iso < p.start_date:
        raise ValidationError(f"「活动日期」不能早于结对开始日期 {p.start_date}", "活动日期")
    if p.end_date and iso > p.end_date:
        raise ValidationError(f"「活动日期」不能晚于结对结束日期 {p.end_date}", "活动日期")
    what = str(what or "").strip()
    if not what:
        raise ValidationError("「活动内容」不能为空", "活动内容")
    try:
        tenths = rules.parse_hours(hours)
    except ValueError as exc:
        raise ValidationError(str(exc), "学时") from None
    return {"pairing_id": p.id, "date": iso, "what": what, "hours": tenths}


def add_activity(db: Database, pairing_id: int, date: str, what: str, hours: object = "") -> int:
    """Log what the team did; `hours` like '2' or '1.5' (stored in tenths)."""
    with transaction(db):
        clean = _validate_activity(get_pairing(db, pairing_id), date, what, hours)
        return db["pairing_activities"].insert(clean).last_pk


def update_activity(db: Database, activity_id: int, date: str, what: str, hours: object = "") -> int:
    with transaction(db):
        row = db.execute("SELECT pairing_id FROM pairing_activities WHERE id = ?", [activity_id]).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {activity_id} 的活动记录")
        clean = _validate_activity(get_pairing(db, row[0]), date, what, hours)
        db["pairing_activities"].update(activity_id, clean)
        return activity_id


def delete_activity(db: Database, activity_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM pairing_activities WHERE id = ?", [activity_id])


# ── outcomes ──

def list_outcomes(db: Database, pairing_id: int) -> list[Outcome]:
    return build(Outcome, db.execute(
        f"SELECT {select_list(Outcome)} FROM pairing_outcomes "
        "WHERE pairing_id = ? ORDER BY date DESC, id DESC", [pairing_id]
    ))


def _validate_outcome(db: Database, p: Pairing, data: dict) -> dict:
    kinds = outcome_kinds(db)
    kind = str(data.get("kind") or "").strip()
    if not kind:
        raise ValidationError("「成果类别」不能为空", "成果类别")
    if kind not in kinds:
        raise ValidationError(f"「成果类别」只能是 {'/'.join(kinds)}：“{kind}”", "成果类别")
    level = str(data.get("level") or "").strip()
    if level not in rules.LEVELS:
        raise ValidationError(f"「级别」只能是 {'/'.join(rules.LEVELS)}", "级别")
    iso = _date(data.get("date"), "获得日期", required=True)
    if iso < p.start_date:
        raise ValidationError(f"「获得日期」{iso} 早于结对开始日期 {p.start_date}：不是这个结对的成果", "获得日期")
    title = " ".join(str(data.get("title") or "").split())
    if not title:
        raise ValidationError("「成果名称」不能为空", "成果名称")
    return {"pairing_id": p.id, "kind": kind, "level": level, "date": iso, "title": title,
            "evidence": str(data.get("evidence") or "").strip()}


def add_outcome(db: Database, pairing_id: int, data: dict) -> int:
    """data: kind, level, date, title, evidence (佐证材料)."""
    with transaction(db):
        clean = _validate_outcome(db, get_pairing(db, pairing_id), data)
        return db["pairing_outcomes"].insert(clean).last_pk


def update_outcome(db: Database, outcome_id: int, data: dict) -> int:
    with transaction(db):
        row = db.execute("SELECT pairing_id FROM pairing_outcomes WHERE id = ?", [outcome_id]).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {outcome_id} 的成果")
        clean = _validate_outcome(db, get_pairing(db, row[0]), data)
        db["pairing_outcomes"].update(outcome_id, clean)
        return outcome_id


def delete_outcome(db: Database, outcome_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM pairing_outcomes WHERE id = ?", [outcome_id])


# ── statistics ──

@dataclass
class ModeTotals:
    pairings: int = 0          # pairings that ran in the period
    ongoing: int = 0           # of which still 进行中
    activities: int = 0        # activities dated in the period
    hours: int = 0             # tenths of an hour, activities in the period
    outcomes: int = 0          # outcomes dated in the period


@dataclass
class OutcomeStats:
    date_from: str | None
    date_to: str | None
    mode_names: dict[str, str]
    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)   # (mode, kind, level) → n
    totals: dict[str, ModeTotals] = field(default_factory=dict)             # mode → totals

    def count(self, mode: str | None = None, kind: str | None = None, level: str | None = None) -> int:
        return sum(n for (m, k, lv), n in self.counts.items()
                   if (mode is None or m == mode) and (kind is None or k == kind) and (level is None or lv == level))

    def kinds(self, mode: str | None = None) -> list[str]:
        """Kinds with outcomes, in the catalogue's order."""
        found = {k for (m, k, _), n in self.counts.items() if n and (mode is None or m == mode)}
        order = list(rules.DEFAULT_OUTCOME_KINDS)
        return sorted(found, key=lambda k: (order.index(k) if k in order else len(order), k))

    def by_kind_level(self, mode: str | None = None) -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        for (m, k, lv), n in self.counts.items():
            if mode is None or m == mode:
                out[(k, lv)] = out.get((k, lv), 0) + n
        return out

    def table(self) -> list[tuple[str, str, list[int], int]]:
        """(mode name, kind, [n per level in LEVELS], total) rows, modes in order."""
        rows = []
        for mode in rules.MODES:
            for kind in self.kinds(mode):
                per = [self.count(mode, kind, lv) for lv in rules.LEVELS]
                rows.append((self.mode_names[mode], kind, per, sum(per)))
        return rows

    def sentence(self, mode: str | None = None) -> str:
        """'已建立3门省级精品课程、2个省级教学团队' for one mode, or all modes together."""
        return rules.achievement_sentence(self.by_kind_level(mode))

    def sentences(self) -> list[str]:
        """One sentence per mode with outcomes: '通过教研结对，已建立3门省级精品课程、…'."""
        out = []
        for mode in rules.MODES:
            text = self.sentence(mode)
            if text:
                out.append(f"通过{self.mode_names[mode]}，{text}。")
        return out

    @property
    def total(self) -> ModeTotals:
        t = ModeTotals()
        for m in self.totals.values():
            t.pairings += m.pairings
            t.ongoing += m.ongoing
            t.activities += m.activities
            t.hours += m.hours
            t.outcomes += m.outcomes
        return t


def outcome_stats(db: Database, date_from: str | None = None, date_to: str | None = None) -> OutcomeStats:
    """Outcomes dated in [date_from, date_to] (either end open) by mode × kind × level, and per
    mode the pairings that ran in the period, their activities and hours in it."""
    configs = mode_configs(db)
    lo, hi = date_from or "0000-00-00", date_to or "9999-99-99"
    stats = OutcomeStats(date_from, date_to, {c: cfg.name for c, cfg in configs.items()})
    stats.totals = {m: ModeTotals() for m in rules.MODES}
    for mode, kind, level, n in db.execute(
        "SELECT p.mode, o.kind, o.level, count(*) FROM pairing_outcomes o JOIN pairings p ON p.id = o.pairing_id "
        "WHERE p.deleted_at IS NULL AND o.date BETWEEN ? AND ? GROUP BY p.mode, o.kind, o.level", [lo, hi]
    ):
        stats.counts[(mode, kind, level)] = n
        stats.totals[mode].outcomes += n
    for mode, n, ongoing in db.execute(
        "SELECT mode, count(*), sum(status = '进行中') FROM pairings WHERE deleted_at IS NULL "
        "AND start_date <= ? AND (end_date IS NULL OR end_date >= ?) GROUP BY mode", [hi, lo]
    ):
        stats.totals[mode].pairings, stats.totals[mode].ongoing = n, ongoing or 0
    for mode, n, hours in db.execute(
        "SELECT p.mode, count(*), coalesce(sum(a.hours), 0) FROM pairing_activities a "
        "JOIN pairings p ON p.id = a.pairing_id WHERE p.deleted_at IS NULL AND a.date BETWEEN ? AND ? "
        "GROUP BY p.mode", [lo, hi]
    ):
        stats.totals[mode].activities, stats.totals[mode].hours = n, hours
    return stats


def outcomes_in_period(db: Database, date_from: str | None = None, date_to: str | None = None) -> dict[int, list[Outcome]]:
    """Pairing id → its outcomes dated in the period (deleted pairings left out), oldest first."""
    found = build(Outcome, db.execute(
        f"SELECT {select_list(Outcome, 'o')} FROM pairing_outcomes o "
        "JOIN pairings p ON p.id = o.pairing_id WHERE p.deleted_at IS NULL AND o.date BETWEEN ? AND ? "
        "ORDER BY o.date, o.id", [date_from or "0000-00-00", date_to or "9999-99-99"]
    ))
    out: dict[int, list[Outcome]] = {}
    for outcome in found:
        out.setdefault(outcome.pairing_id, []).append(outcome)
    return out


def person_use_counts(db: Database) -> dict[int, int]:
    """Outside person id → the number of (undeleted) pairings they are in."""
    rows = db.execute(
        "SELECT pid, count(*) FROM (SELECT person_id AS pid FROM pairings WHERE deleted_at IS NULL "
        "UNION ALL SELECT second_person_id FROM pairings WHERE deleted_at IS NULL) "
        "WHERE pid IS NOT NULL GROUP BY pid"
    ).fetchall()
    return dict(rows)


def second_person_ids(db: Database) -> set[int]:
    """Outside people who have been a 学生党员 (slot 2) of some pairing: party members of
    another branch, as opposed to the ordinary students and applicants kept as people."""
    return {r[0] for r in db.execute(
        "SELECT DISTINCT second_person_id FROM pairings WHERE second_person_id IS NOT NULL AND deleted_at IS NULL")}


def activity_totals(db: Database, date_from: str | None = None, date_to: str | None = None) -> dict[int, tuple[int, int]]:
    """Pairing id → (activities, tenths of an hour) dated in the period, as the statistics count them."""
    rows = db.execute(
        "SELECT pairing_id, count(*), coalesce(sum(hours), 0) FROM pairing_activities "
        "WHERE date BETWEEN ? AND ? GROUP BY pairing_id", [date_from or "0000-00-00", date_to or "9999-99-99"]
    ).fetchall()
    return {pid: (n, hours) for pid, n, hours in rows}
