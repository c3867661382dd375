"""People outside the roster: the 普通学生, 普通教师 and 企业 of the pairings, people talked to
who are not (yet) members. Reusable across pairings and talks; never silently duplicated.

This module is the `people` table's one owner: pairings and talks find, add and check people
through it (their lists join the table only to show a name).
The table keeps no pinyin columns: search keys are computed on demand and cached by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tui.store.db import Database
from tui.rules.text import clean_text

from tui.store.db import transaction
from tui.store.errors import NotFoundError, ValidationError
from tui.store.records import build, build_one, select_list

KINDS = ("学生", "教师", "企业", "其他")
# Whom a talk can be with: individuals. An 企业 (a pairing's enterprise, named by its contact)
# is never a 谈话对象.
TALKED_TO_KINDS = ("其他", "学生", "教师")
LABELS = {"name": "姓名/名称", "kind": "类别", "unit": "单位/班级", "contact": "联系方式", "note": "备注"}


@dataclass
class Person:
    id: int
    name: str
    kind: str = "学生"
    unit: str = ""
    contact: str = ""
    note: str = ""

    @property
    def pinyin(self) -> str:
        return search_keys(self.name)[0]

    @property
    def initials(self) -> str:
        return search_keys(self.name)[1]

    def describe(self) -> str:
        """'学生 · 机电2101班'."""
        return " · ".join(p for p in (self.kind, self.unit) if p)


@lru_cache(maxsize=4096)
def search_keys(name: str) -> tuple[str, str]:
    from tui.pinyin_search import name_keys

    return name_keys(name)


def list_people(db: Database, kind: str | None = None, *, by_pinyin: bool = True) -> list[Person]:
    """By kind, then pinyin; `by_pinyin=False`: by name as stored, without loading pypinyin
    (~0.3 s), for a form that only offers them to pick by typing part of the name."""
    sql, args = f"SELECT {select_list(Person)} FROM people", []
    if kind:
        sql += " WHERE kind = ?"
        args.append(kind)
    if not by_pinyin:
        return build(Person, db.execute(sql + " ORDER BY name, id", args))
    people = build(Person, db.execute(sql + " ORDER BY kind, name, id", args))
    people.sort(key=lambda p: (KINDS.index(p.kind) if p.kind in KINDS else 9, p.pinyin, p.id))
    return people


def get_person(db: Database, person_id: int) -> Person:
    person = build_one(Person, db.execute(f"SELECT {select_list(Person)} FROM people WHERE id = ?", [person_id]))
    if person is None:
        raise NotFoundError(f"没有编号为 {person_id} 的校外人员")
    return person


def exists(db: Database, person_id: int) -> bool:
    return db.execute("SELECT 1 FROM people WHERE id = ?", [person_id]).fetchone() is not None


def search_people(db: Database, query: str, kind: str | None = None) -> list[Person]:
    """By a piece of the name, full pinyin, or initials ("wxm" finds 王小明)."""
    from tui.pinyin_search import matches

    people = list_people(db, kind)
    q = (query or "").strip()
    if not q:
        return people
    return [p for p in people if matches(q, p.name, p.pinyin, p.initials)
            or (q in p.unit) or (q in p.contact)]


def validate(data: dict) -> dict:
    clean = {k: (clean_text(v) if isinstance(v, str) else v)
             for k, v in data.items() if k in LABELS}
    name = " ".join((clean.get("name") or "").split())
    if not name:
        raise ValidationError("「姓名/名称」不能为空", LABELS["name"])
    clean["name"] = name
    kind = clean.get("kind") or "学生"
    if kind not in KINDS:
        raise ValidationError(f"「类别」只能是 {'/'.join(KINDS)}：“{kind}”", LABELS["kind"])
    clean["kind"] = kind
    for key in ("unit", "contact", "note"):
        clean[key] = clean.get(key) or ""
    return clean


def save_person(db: Database, data: dict, person_id: int | None = None) -> int:
    """Insert (person_id None) or update an outside person; returns the id.

    A new person with the same name, kind and unit as an existing one is refused: it is
    almost always the same student typed twice, and two rows would split their pairings.
    """
    clean = validate(data)
    with transaction(db):
        clash = db.execute(
            "SELECT id FROM people WHERE name = ? AND kind = ? AND unit = ? AND id IS NOT ?",
            [clean["name"], clean["kind"], clean["unit"], person_id],
        ).fetchone()
        if clash:
            unit = f"（{clean['unit']}）" if clean["unit"] else ""
            raise ValidationError(
                f"已有校外人员「{clean['name']}」{unit}，类别{clean['kind']}：请直接选用，或填写单位加以区分",
                LABELS["name"],
            )
        if person_id is None:
            return db["people"].insert(clean).last_pk
        get_person(db, person_id)
        db["people"].update(person_id, clean)
        return person_id


def find_or_create(db: Database, name: str, kind: str, unit: str = "") -> int:
    """The id of the person with this name and kind (and unit), creating them if needed."""
    clean = validate({"name": name, "kind": kind, "unit": unit})
    with transaction(db):
        row = db.execute(
            "SELECT id FROM people WHERE name = ? AND kind = ? AND (? = '' OR unit = ?) ORDER BY id",
            [clean["name"], clean["kind"], clean["unit"], clean["unit"]],
        ).fetchone()
        if row:
            return row[0]
        return db["people"].insert(clean).last_pk


def find_or_create_talked_to(db: Database, name: str) -> int:
    """The person a talk's 谈话对象 typed by name (outside the roster) stands for, created if new.

    Talks are with individuals, so an 企业 of that name is never taken. The 其他 person of that
    name an earlier talk created comes first (the same applicant talked to twice); failing that
    the one 学生 or 教师 of that name (a pairing's ordinary student who has since applied);
    otherwise, or when two of them share the name, a new person of kind 其他 — the secretary
    picks the right one from the list rather than have it guessed.
    """
    clean = validate({"name": name, "kind": "其他"})
    with transaction(db):
        rows = db.execute(
            f"SELECT id, kind FROM people WHERE name = ? AND kind IN ({', '.join('?' * len(TALKED_TO_KINDS))}) "
            "ORDER BY id",
            [clean["name"], *TALKED_TO_KINDS],
        ).fetchall()
        others = [pid for pid, kind in rows if kind == "其他"]
        if others:
            return others[0]
        if len(rows) == 1:
            return rows[0][0]
        return db["people"].insert(clean).last_pk


def delete_person(db: Database, person_id: int) -> None:
    """Only a person nothing refers to can go; otherwise the records would lose a name."""
    with transaction(db):
        person = get_person(db, person_id)
        uses = []
        for table, columns in (("pairings", ("person_id", "second_person_id")), ("talk_targets", ("person_id",))):
            if not db[table].exists():
                continue
            cols = [c for c in columns if c in db[table].columns_dict]
            if not cols:
                continue
            where = " OR ".join(f"{c} = ?" for c in cols)
            if db.execute(f"SELECT count(*) FROM {table} WHERE {where}", [person_id] * len(cols)).fetchone()[0]:
                uses.append({"pairings": "结对", "talk_targets": "谈话记录"}[table])
        if uses:
            raise ValidationError(f"「{person.name}」已用于{'、'.join(uses)}，不能删除", LABELS["name"])
        db.execute("DELETE FROM people WHERE id = ?", [person_id])
