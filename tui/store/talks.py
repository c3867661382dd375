"""谈心谈话 records: talks, their 谈话对象 and follow-ups, a year's coverage.

Outside people talked to (applicants, ordinary students …) live in the shared `people` table,
which tui.store.people owns: a name typed as a talk's 其他对象 is matched there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tui.store.db import Database

from tui.rules import talks as rules
from tui.rules.dates import DateError, normalize_date, normalize_time, optional_date, period_bounds, year_bounds
from tui.rules.text import clean_text
from tui.store.db import transaction
from tui.store import people as people_store
from tui.store.errors import NotFoundError, ValidationError
from tui.store.records import build, derived, named, select_list
# Coverage and overdue follow-ups: apart, so that opening the app loads these and not the whole
# area; part of this area's namespace all the same.
from tui.store.talks_coverage import (  # noqa: F401
    OpenFollowup,
    _member_names,
    coverage_reading,
    open_followups,
    set_coverage_reading,
    talk_coverage,
    talk_pairs,
    year_member_ids,
)
from tui import clock

LABELS = {
    "date": "谈话日期",
    "time": "时间",
    "place": "地点",
    "talker": "谈话人",
    "talker_name": "上级谈话人",
    "talker_post": "职务",
    "targets": "谈话对象",
    "present": "在场人员",
    "kind": "谈话类型",
    "occasion": "谈话情形",
    "topic": "谈话主题",
    "content": "谈话内容",
    "opinions": "对方意见建议",
}
_TEXT_FIELDS = ("place", "talker_name", "talker_post", "present", "topic", "content", "opinions")
_NAME_SPLIT = re.compile(r"[,，、;；\s]+")


@dataclass
class Target:
    member_id: int | None
    person_id: int | None
    name: str

    @property
    def outside(self) -> bool:
        return self.member_id is None


@dataclass
class Followup:
    id: int | None
    talk_id: int | None
    what: str
    who: str = ""
    due_date: str | None = None
    done_date: str | None = None

    @property
    def done(self) -> bool:
        return self.done_date is not None


@dataclass
class Talk:
    id: int
    date: str
    time: str = ""
    place: str = ""
    talker_id: int | None = None
    talker_name: str = ""
    talker_post: str = ""
    kind: str = "谈心谈话"
    occasion: str = ""
    present: str = ""
    topic: str = ""
    content: str = ""
    opinions: str = ""
    deleted_at: str | None = None
    talker_member_name: str = derived("")
    targets: list[Target] = derived(default_factory=list)
    followups: list[Followup] = derived(default_factory=list)

    @property
    def talker_label(self) -> str:
        if self.talker_id is not None:
            return self.talker_member_name
        return f"{self.talker_name}（{self.talker_post}）" if self.talker_post else self.talker_name

    @property
    def targets_label(self) -> str:
        return "、".join(t.name + ("（非党员）" if t.outside else "") for t in self.targets)

    @property
    def target_member_ids(self) -> list[int]:
        return [t.member_id for t in self.targets if t.member_id is not None]

    @property
    def open_followups(self) -> list[Followup]:
        return [f for f in self.followups if not f.done]


# ── validation ──

def _err(message: str, key: str) -> ValidationError:
    return ValidationError(message, LABELS.get(key, key))


def _ids(values) -> list[int]:
    out: list[int] = []
    for v in values or ():
        if v in (None, ""):
            continue
        v = int(v)
        if v not in out:
            out.append(v)
    return out


def split_names(text: str | None) -> list[str]:
    """'张三、李四，王五' → ['张三', '李四', '王五'] (the way names are typed in one field)."""
    return list(dict.fromkeys(n for n in _NAME_SPLIT.split(text or "") if n))


def validate_talk(data: dict, *, today: dt.date | None = None) -> dict:
    """Check and normalize a talk's fields; raises ValidationError naming the field."""
    today = today or clock.today()
    clean: dict = {k: clean_text(data.get(k)) for k in _TEXT_FIELDS}
    try:
        clean["date"] = normalize_date(clean_text(data.get("date")), LABELS["date"])
    except DateError as exc:
        raise _err(str(exc), "date") from None
    try:
        clean["time"] = normalize_time(clean_text(data.get("time")), LABELS["time"])
    except DateError as exc:
        raise _err(str(exc), "time") from None
    if clean["date"] > today.isoformat():
        raise _err("「谈话日期」不能晚于今天", "date")
    clean["kind"] = clean_text(data.get("kind")) or rules.KINDS[0]
    if clean["kind"] not in rules.KINDS:
        raise _err(f"「谈话类型」只能是 {'/'.join(rules.KINDS)}：“{clean['kind']}”", "kind")
    clean["occasion"] = clean_text(data.get("occasion"))
    if clean["occasion"] in ("无", "（无）"):
        clean["occasion"] = ""
    if clean["occasion"] and clean["occasion"] not in rules.OCCASIONS:
        raise _err(f"「谈话情形」只能是 {'/'.join(rules.OCCASIONS)}：“{clean['occasion']}”", "occasion")

    talker_id = data.get("talker_id")
    clean["talker_id"] = int(talker_id) if talker_id not in (None, "") else None
    if clean["talker_id"] is not None:
        clean["talker_name"] = clean["talker_post"] = ""
    elif not clean["talker_name"]:
        raise _err("「谈话人」不能为空：选择一名党员，或填写上级谈话人的姓名", "talker")

    members = _ids(data.get("target_member_ids"))
    people = _ids(data.get("target_person_ids"))
    new_people = data.get("new_people") or []
    if isinstance(new_people, str):
        new_people = split_names(new_people)
    if not members and not people and not new_people:
        raise _err("「谈话对象」至少要有一人", "targets")
    if clean["talker_id"] is not None and clean["talker_id"] in members:
        raise _err("谈话人不能同时是谈话对象：同一人不能与自己谈话", "targets")
    if clean["talker_id"] is None and clean["talker_name"] in new_people:
        raise _err("谈话人不能同时是谈话对象：同一人不能与自己谈话", "targets")
    clean["target_member_ids"] = members
    clean["target_person_ids"] = people
    clean["new_people"] = list(new_people)

    if "followups" in data:
        clean["followups"] = [
            _validate_followup(f, n, clean["date"]) for n, f in enumerate(data["followups"] or [], 1)
            if any(clean_text(f.get(k)) for k in ("what", "who", "due_date", "done_date"))
        ]
    return clean


def _validate_followup(f: dict, n: int, talk_date: str) -> dict:
    label = f"第{n}项后续事项"
    what = clean_text(f.get("what"))
    if not what:
        raise ValidationError(f"{label}的「事项」不能为空", "后续事项")
    try:
        due = optional_date(f.get("due_date"), "后续期限")
        done = optional_date(f.get("done_date"), "完成日期")
    except DateError as exc:
        raise ValidationError(f"{label}：{exc}", "后续期限") from None
    if due and due < talk_date:
        raise ValidationError(f"{label}的「后续期限」{due} 不能早于谈话日期 {talk_date}", "后续期限")
    if done and done < talk_date:
        raise ValidationError(f"{label}的「完成日期」{done} 不能早于谈话日期 {talk_date}", "完成日期")
    return {"id": f.get("id"), "what": what, "who": clean_text(f.get("who")), "due_date": due, "done_date": done}


# ── writing ──

def save_talk(db: Database, data: dict, talk_id: int | None = None, *, today: dt.date | None = None) -> int:
    """Insert (talk_id None) or update a talk with its targets; returns the id. One transaction.

    data: the talk's fields plus target_member_ids, target_person_ids, new_people (names of
    outside people, created if not known) and optionally followups (list of dicts; when given
    they replace the talk's follow-ups).
    """
    clean = validate_talk(data, today=today)
    members = clean.pop("target_member_ids")
    people = clean.pop("target_person_ids")
    new_people = clean.pop("new_people")
    followups = clean.pop("followups", None)
    with transaction(db):
        if clean["talker_id"] is not None and not _member_exists(db, clean["talker_id"]):
            raise _err("「谈话人」不是本支部党员", "talker")
        for member_id in members:
            if not _member_exists(db, member_id):
                raise _err(f"谈话对象中有不在花名册上的党员（编号 {member_id}）", "targets")
        for person_id in people:
            if not people_store.exists(db, person_id):
                raise _err(f"谈话对象中有不存在的人员（编号 {person_id}）", "targets")
        for name in new_people:
            person_id = people_store.find_or_create_talked_to(db, name)
            if person_id not in people:
                people.append(person_id)
        now = clock.now().isoformat(timespec="seconds")
        if talk_id is None:
            talk_id = db["talks"].insert(clean).last_pk
        else:
            _require_talk(db, talk_id)
            db["talks"].update(talk_id, {**clean, "updated_at": now})
            db.execute("DELETE FROM talk_targets WHERE talk_id = ?", [talk_id])
        db["talk_targets"].insert_all(
            [{"talk_id": talk_id, "member_id": m, "person_id": None} for m in members]
            + [{"talk_id": talk_id, "member_id": None, "person_id": p} for p in people]
        )
        if followups is not None:
            db.execute("DELETE FROM talk_followups WHERE talk_id = ?", [talk_id])
            db["talk_followups"].insert_all(
                [{k: v for k, v in f.items() if k != "id"} | {"talk_id": talk_id} for f in followups]
            )
        return talk_id


def _member_exists(db: Database, member_id: int) -> bool:
    return db.execute("SELECT 1 FROM members WHERE id = ?", [member_id]).fetchone() is not None


def _require_talk(db: Database, talk_id: int) -> None:
    if db.execute("SELECT 1 FROM talks WHERE id = ?", [talk_id]).fetchone() is None:
        raise NotFoundError(f"没有编号为 {talk_id} 的谈话记录")


def delete_talk(db: Database, talk_id: int) -> None:
    """Soft delete: the record disappears from lists and coverage, and can be restored."""
    with transaction(db):
        _require_talk(db, talk_id)
        db.execute("UPDATE talks SET deleted_at = ? WHERE id = ?", [clock.now().isoformat(timespec="seconds"), talk_id])


def restore_talk(db: Database, talk_id: int) -> None:
    with transaction(db):
        _require_talk(db, talk_id)
        db.execute("UPDATE talks SET deleted_at = NULL WHERE id = ?", [talk_id])


def set_followup_done(db: Database, followup_id: int, done_date: str | None) -> None:
    """Mark a follow-up done on `done_date`, or open again with None."""
    try:
        done = optional_date(done_date, "完成日期")
    except DateError as exc:
        raise ValidationError(str(exc), "完成日期") from None
    with transaction(db):
        row = db.execute(
            "SELECT t.date FROM talk_followups f JOIN talks t ON t.id = f.talk_id WHERE f.id = ?", [followup_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"没有编号为 {followup_id} 的后续事项")
        if done and done < row[0]:
            raise ValidationError(f"「完成日期」不能早于谈话日期 {row[0]}", "完成日期")
        db.execute("UPDATE talk_followups SET done_date = ? WHERE id = ?", [done, followup_id])


# ── reading ──

def _load(db: Database, where: str, args: list) -> list[Talk]:
    found = build(Talk, db.execute(
        f"SELECT {select_list(Talk, 't')}, coalesce(m.name, '') AS talker_member_name "
        f"FROM talks t LEFT JOIN members m ON m.id = t.talker_id "
        f"WHERE {where} ORDER BY t.date DESC, t.time DESC, t.id DESC",
        args,
    ))
    talks = {t.id: t for t in found}
    if not talks:
        return []
    # Targets and follow-ups for all talks at once, joined by id (ten years ≈ thousands of talks).
    ids_sql = f"SELECT t.id FROM talks t WHERE {where}"
    for row in named(db.execute(
        "SELECT tt.talk_id, tt.member_id, tt.person_id, coalesce(m.name, p.name, '?') AS name FROM talk_targets tt "
        "LEFT JOIN members m ON m.id = tt.member_id LEFT JOIN people p ON p.id = tt.person_id "
        f"WHERE tt.talk_id IN ({ids_sql}) ORDER BY tt.talk_id, tt.person_id IS NOT NULL, tt.id",
        args,
    )):
        talk_id = row.pop("talk_id")
        talks[talk_id].targets.append(Target(**row))
    for followup in build(Followup, db.execute(
        f"SELECT {select_list(Followup)} FROM talk_followups "
        f"WHERE talk_id IN ({ids_sql}) ORDER BY talk_id, id",
        args,
    )):
        talks[followup.talk_id].followups.append(followup)
    return list(talks.values())


def get_talk(db: Database, talk_id: int) -> Talk:
    found = _load(db, "t.id = ?", [talk_id])
    if not found:
        raise NotFoundError(f"没有编号为 {talk_id} 的谈话记录")
    return found[0]


def list_talks(
    db: Database,
    *,
    year: int | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    member_id: int | None = None,
    include_deleted: bool = False,
) -> list[Talk]:
    """Talks in the period (newest first), each with its targets and follow-ups."""
    start, end = period_bounds(year, date_from, date_to, first="0000-01-01", last="9999-12-31")
    where = "t.date BETWEEN ? AND ?"
    args: list = [start, end]
    if not include_deleted:
        where += " AND t.deleted_at IS NULL"
    if member_id is not None:
        where += " AND (t.talker_id = ? OR t.id IN (SELECT talk_id FROM talk_targets WHERE member_id = ?))"
        args += [member_id, member_id]
    return _load(db, where, args)


def talk_years(db: Database) -> list[int]:
    rows = db.execute("SELECT DISTINCT substr(date, 1, 4) FROM talks WHERE deleted_at IS NULL ORDER BY 1").fetchall()
    return [int(r[0]) for r in rows]


# ── coverage ──

@dataclass
class MemberTalkStats:
    count: int = 0
    last_date: str | None = None


def member_talk_stats(db: Database, year: int) -> dict[int, MemberTalkStats]:
    """For each member: how many of the year's talks they were in (either side), and the last date."""
    start, end = year_bounds(year)
    rows = db.execute(
        "SELECT who, count(DISTINCT id), max(date) FROM ("
        " SELECT t.id, t.date, t.talker_id AS who FROM talks t"
        "  WHERE t.deleted_at IS NULL AND t.date BETWEEN ?1 AND ?2 AND t.talker_id IS NOT NULL"
        " UNION ALL"
        " SELECT t.id, t.date, tt.member_id FROM talks t JOIN talk_targets tt ON tt.talk_id = t.id"
        "  WHERE t.deleted_at IS NULL AND t.date BETWEEN ?1 AND ?2 AND tt.member_id IS NOT NULL"
        ") GROUP BY who",
        [start, end],
    ).fetchall()
    return {who: MemberTalkStats(count=n, last_date=last) for who, n, last in rows}
