"""The member roster: members, honours, leaving, and the statistics the forms need."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from tui.store.db import Database

from tui.store.records import build, build_one, select_list
from tui.store.asof import roster_where, status_on
from tui.rules.dates import DateError, optional_date
from tui.rules.person_checks import life_dates_problem, name_problem, phone_problem
from tui.rules.text import clean_text
from tui.store import member_status
from tui.store.db import transaction
from tui.store.errors import NotFoundError, ValidationError
from tui import clock

GENDERS = ("男", "女")
CATEGORIES = ("教工", "学生", "离退休", "其他")
PARTY_STATUSES = ("正式党员", "预备党员")
TITLE_GRADES = ("正高", "副高", "中级", "初级", "无")
LEFT_KINDS = ("转出", "去世", "其他")
HONOUR_LEVELS = ("国家级", "省级", "市级", "校级", "其他")
EDUCATIONS = ("博士研究生", "硕士研究生", "大学本科", "大专", "高中及以下")
DEGREES = ("博士", "硕士", "学士", "无")

# Field → Chinese label, in the roster's order. Forms, import and screens share it.
LABELS = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "education": "学历",
    "degree": "学位",
    "title": "职称",
    "title_grade": "职称等级",
    "post": "岗位",
    "category": "人员类别",
    "party_status": "党籍",
    "join_date": "入党日期",
    "full_date": "转正日期",
    "group_id": "党小组",
    "phone": "手机",
    "note": "备注",
}
EDITABLE = tuple(LABELS)
_DATE_FIELDS = ("birth_date", "join_date", "full_date")
_NULLABLE = (*_DATE_FIELDS, "gender", "group_id")


@dataclass
class Member:
    id: int
    name: str
    gender: str | None = None
    ethnicity: str = ""
    birth_date: str | None = None
    education: str = ""
    degree: str = ""
    title: str = ""
    title_grade: str = ""
    post: str = ""
    category: str = "教工"
    party_status: str = "正式党员"
    join_date: str | None = None
    full_date: str | None = None
    group_id: int | None = None
    phone: str = ""
    note: str = ""
    left_date: str | None = None
    left_kind: str | None = None
    left_reason: str = ""
    pinyin: str = ""
    initials: str = ""

    @property
    def active(self) -> bool:
        return self.left_date is None


@dataclass
class Honour:
    id: int
    member_id: int
    title: str
    level: str = ""
    year: int | None = None


def list_members(db: Database, *, include_left: bool = False) -> list[Member]:
    where = "" if include_left else "WHERE left_date IS NULL"
    return build(Member, db.execute(f"SELECT {select_list(Member)} FROM members {where} ORDER BY pinyin, name, id"))


def get_member(db: Database, member_id: int) -> Member:
    member = build_one(Member, db.execute(f"SELECT {select_list(Member)} FROM members WHERE id = ?", [member_id]))
    if member is None:
        raise NotFoundError(f"没有编号为 {member_id} 的党员")
    return member


def names_of(db: Database, ids: list[int | None]) -> dict[int, str]:
    """id → name for the given members (unknown ids left out): a form shows who is chosen
    without reading the whole roster."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return dict(db.execute(f"SELECT id, name FROM members WHERE id IN ({','.join('?' * len(wanted))})", wanted).fetchall())


def find_by_name(db: Database, name: str) -> list[Member]:
    return build(Member, db.execute(f"SELECT {select_list(Member)} FROM members WHERE name = ? ORDER BY id", [name]))


def validate(data: dict) -> dict:
    """Check and normalize a member's editable fields; raises ValidationError naming the field."""
    clean: dict = {}
    for key in EDITABLE:
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, str):
            value = clean_text(value)
        elif value is None and key not in _NULLABLE:
            value = ""
        clean[key] = value
    if "name" in clean or not data.get("_partial"):
        name = "".join((clean.get("name") or "").split())
        if not name:
            raise ValidationError("「姓名」不能为空", "姓名")
        problem = name_problem(name)
        if problem:
            raise ValidationError(f"「姓名」{problem}", "姓名")
        clean["name"] = name
    for key in _DATE_FIELDS:
        if key in clean:
            try:
                clean[key] = optional_date(clean[key], LABELS[key], allow_month=True)
            except DateError as exc:
                raise ValidationError(str(exc), LABELS[key]) from None
    _check_choice(clean, "gender", GENDERS, allow_empty=True)
    _check_choice(clean, "category", CATEGORIES)
    _check_choice(clean, "party_status", PARTY_STATUSES)
    _check_choice(clean, "title_grade", TITLE_GRADES, allow_empty=True)
    if clean.get("title") and not clean.get("title_grade"):
        from tui.importers.roster import infer_title_grade

        grade = infer_title_grade(clean["title"])  # 副教授 → 副高, so 高级职称 counts find them
        if grade:
            clean["title_grade"] = grade
    if clean.get("gender") == "":
        clean["gender"] = None
    join, full = clean.get("join_date"), clean.get("full_date")
    problem = life_dates_problem(clean.get("birth_date"), join)
    if problem:
        raise ValidationError(*problem)
    if join and full and full[:7] < join[:7]:
        raise ValidationError("「转正日期」不能早于「入党日期」", "转正日期")
    today = clock.today().isoformat()
    for key in _DATE_FIELDS:
        if clean.get(key) and clean[key] > today:
            raise ValidationError(f"「{LABELS[key]}」不能晚于今天", LABELS[key])
    phone = clean.get("phone")
    if phone:
        problem = phone_problem(phone)
        if problem:
            raise ValidationError(f"「手机」{problem}", "手机")
    return clean


def _check_choice(clean: dict, key: str, allowed: tuple[str, ...], allow_empty=False) -> None:
    if key not in clean:
        return
    value = clean[key] or ""
    if value == "" and allow_empty:
        return
    if value not in allowed:
        raise ValidationError(
            f"「{LABELS[key]}」只能是 {'/'.join(allowed)}：“{value}”", LABELS[key]
        )


def _keys(name: str) -> tuple[str, str]:
    from tui.pinyin_search import name_keys

    return name_keys(name)


def save_member(db: Database, data: dict, member_id: int | None = None) -> int:
    """Insert (member_id None) or update a member; returns the id. One transaction."""
    clean = validate(data)
    if "name" in clean:
        clean["pinyin"], clean["initials"] = _keys(clean["name"])
    if clean.get("group_id") in ("", 0):
        clean["group_id"] = None
    with transaction(db):
        if member_id is None:
            return db["members"].insert(clean).last_pk
        get_member(db, member_id)
        clean["updated_at"] = clock.now().isoformat(timespec="seconds")
        db["members"].update(member_id, clean)
        return member_id


def record_leaving(db: Database, member_id: int, date: str, kind: str, reason: str = "") -> None:
    """A member who leaves stays in the file, marked with the date, kind and reason."""
    if kind not in LEFT_KINDS:
        raise ValidationError(f"「离开方式」只能是 {'/'.join(LEFT_KINDS)}", "离开方式")
    try:
        iso = optional_date(date, "离开日期")
    except DateError as exc:
        raise ValidationError(str(exc), "离开日期") from None
    if iso is None:
        raise ValidationError("「离开日期」不能为空", "离开日期")
    with transaction(db):
        member = get_member(db, member_id)
        if member.join_date and iso[:7] < member.join_date[:7]:
            raise ValidationError("「离开日期」不能早于入党日期", "离开日期")
        db["members"].update(
            member_id, {"left_date": iso, "left_kind": kind, "left_reason": reason.strip()}
        )
        db.execute("DELETE FROM committee WHERE member_id = ?", [member_id])
        db.execute("UPDATE party_groups SET leader_id = NULL WHERE leader_id = ?", [member_id])


def undo_leaving(db: Database, member_id: int) -> None:
    with transaction(db):
        get_member(db, member_id)
        db["members"].update(member_id, {"left_date": None, "left_kind": None, "left_reason": ""})


# ── honours ──

def list_honours(db: Database, member_id: int | None = None) -> list[Honour]:
    sql = f"SELECT {select_list(Honour)} FROM member_honours"
    args: list = []
    if member_id is not None:
        sql += " WHERE member_id = ?"
        args.append(member_id)
    return build(Honour, db.execute(sql + " ORDER BY year DESC, id", args))


def add_honour(db: Database, member_id: int, title: str, level: str = "", year: int | str | None = None) -> int:
    title = (title or "").strip()
    if not title:
        raise ValidationError("「荣誉名称」不能为空", "荣誉名称")
    if level and level not in HONOUR_LEVELS:
        raise ValidationError(f"「级别」只能是 {'/'.join(HONOUR_LEVELS)}", "级别")
    if isinstance(year, str):
        year = year.translate(_FULLWIDTH_DIGITS).strip().removesuffix("年").strip()
    if year in ("", None):
        year = None
    else:
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ValidationError(f"「年份」不是有效年份：“{year}”", "年份") from None
        if not 1921 <= year <= clock.today().year:
            raise ValidationError(f"「年份」不是有效年份：“{year}”", "年份")
    with transaction(db):
        get_member(db, member_id)
        return db["member_honours"].insert(
            {"member_id": member_id, "title": title, "level": level, "year": year}
        ).last_pk


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def delete_honour(db: Database, honour_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM member_honours WHERE id = ?", [honour_id])


# ── statistics ──

@dataclass
class RosterStats:
    total: int
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_title_grade: dict[str, int]
    by_education: dict[str, int]
    by_degree: dict[str, int]
    honours_by_level: dict[str, int]
    members_with_honours: int
    by_away: dict[str, int] = field(default_factory=dict)   # on the day: 出国（境） 1, 留党察看 1 … (tui.store.member_status)

    def lines(self) -> list[tuple[str, int]]:
        """Labelled counts, in the order the forms print them."""
        out = [("党员总数", self.total)]
        out += [(k, v) for k, v in self.by_status.items()]
        out += [(f"{k}党员", v) for k, v in self.by_category.items()]
        out += [("高级职称", self.by_title_grade.get("正高", 0) + self.by_title_grade.get("副高", 0))]
        out += [(f"{k}职称", v) for k, v in self.by_title_grade.items()]
        out += [(f"学位：{k}", v) for k, v in self.by_degree.items()]
        out += [(f"学历：{k}", v) for k, v in self.by_education.items()]
        out += [("获得荣誉的党员", self.members_with_honours)]
        out += [(f"{k}荣誉", v) for k, v in self.honours_by_level.items()]
        out += [(f"其中{k}", v) for k, v in self.by_away.items()]
        return out


def _count(db: Database, column: str, order: tuple[str, ...], day: str | None = None) -> dict[str, int]:
    where, args = roster_where(day)
    if column == "party_status" and day is not None:
        column = status_on()        # the status on that day, not today's
        args = [day, *args]
    rows = db.execute(
        f"SELECT {column}, count(*) FROM members WHERE {where} GROUP BY 1", args
    ).fetchall()
    found = {k: v for k, v in rows if k}
    ordered = {k: found.pop(k) for k in order if k in found}
    ordered.update(sorted(found.items()))
    return ordered


def roster_stats(db: Database, day: str | None = None) -> RosterStats:
    """The roster's statistics: today's roster, or the roster on `day` (tui.rules.asof); `by_away`
    counts the dated statuses (出国（境）, 留党察看 …) on that day (tui.store.member_status)."""
    where, args = roster_where(day)
    m_where, m_args = roster_where(day, "m")
    total = db.execute(f"SELECT count(*) FROM members WHERE {where}", args).fetchone()[0]
    honours = db.execute(
        "SELECT h.level, count(*) FROM member_honours h JOIN members m ON m.id = h.member_id "
        f"WHERE {m_where} GROUP BY h.level", m_args
    ).fetchall()
    with_honours = db.execute(
        "SELECT count(DISTINCT h.member_id) FROM member_honours h JOIN members m ON m.id = h.member_id "
        f"WHERE {m_where}", m_args
    ).fetchone()[0]
    by_level: dict[str, int] = {}
    for level, count in honours:
        by_level[level or "其他"] = by_level.get(level or "其他", 0) + count
    return RosterStats(
        total=total,
        by_status=_count(db, "party_status", PARTY_STATUSES, day),
        by_category=_count(db, "category", CATEGORIES, day),
        by_title_grade=_count(db, "title_grade", TITLE_GRADES, day),
        by_education=_count(db, "education", EDUCATIONS, day),
        by_degree=_count(db, "degree", DEGREES, day),
        honours_by_level={k: by_level[k] for k in HONOUR_LEVELS if k in by_level},
        members_with_honours=with_honours,
        by_away=member_status.status_counts(db, day or clock.today().isoformat()),
    )


def member_to_dict(member: Member) -> dict:
    return asdict(member)


# ── removing a member entered by mistake ──

# What ties a member to the branch's records: (table, condition, how the secretary calls it).
_RECORDS_OF_A_MEMBER = (
    ("attendance", "member_id = ?", "出勤记录 {n} 条"),
    ("meetings", "(host_id = ? OR recorder_id = ?) AND deleted_at IS NULL", "会议主持人或记录人 {n} 次"),
    ("evaluations", "member_id = ?", "民主评议等次 {n} 条"),
    ("talks", "talker_id = ? AND deleted_at IS NULL", "作为谈话人的谈话 {n} 次"),
    ("talk_targets", "member_id = ?", "作为谈话对象 {n} 次"),
    ("dues_assessments", "member_id = ?", "党费核定 {n} 年"),
    ("dues_payments", "member_id = ? AND deleted_at IS NULL", "交费记录 {n} 笔"),
    ("pairings", "(lead_id = ? OR second_member_id = ?) AND deleted_at IS NULL", "结对 {n} 个"),
    ("committee", "member_id = ?", "支委会职务"),
    ("party_groups", "leader_id = ?", "党小组组长"),
)


@dataclass(frozen=True, slots=True)
class RemovedMember:
    """Everything a removal took out of the file, so that undo puts it back as it was."""

    row: dict
    honours: tuple[dict, ...]


def what_keeps_member(db: Database, member_id: int) -> list[str]:
    """The records that stop a member from being deleted (a member who has them leaves by 离开)."""
    found = []
    for table, condition, label in _RECORDS_OF_A_MEMBER:
        args = [member_id] * condition.count("?")
        n = db.execute(f"SELECT count(*) FROM {table} WHERE {condition}", args).fetchone()[0]
        if n:
            found.append(label.format(n=n))
    return found


def remove_member(db: Database, member_id: int) -> RemovedMember:
    """Delete a member entered by mistake, with their honours, in one transaction. Refused with
    the records named when there are any: such a member leaves by 离开 and stays in history."""
    with transaction(db):
        member = get_member(db, member_id)
        blocking = what_keeps_member(db, member_id)
        if blocking:
            raise ValidationError(
                f"{member.name} 已有记录（{'、'.join(blocking)}），不能删除；如已不在本支部，请用「离开登记」（L）。",
                "姓名")
        cur = db.execute("SELECT * FROM members WHERE id = ?", [member_id])
        row = dict(zip([d[0] for d in cur.description], cur.fetchone()))
        cur = db.execute("SELECT * FROM member_honours WHERE member_id = ? ORDER BY id", [member_id])
        names = [d[0] for d in cur.description]
        honours = tuple(dict(zip(names, r)) for r in cur.fetchall())
        db.execute("DELETE FROM member_honours WHERE member_id = ?", [member_id])
        db.execute("DELETE FROM members WHERE id = ?", [member_id])
    return RemovedMember(row, honours)


def restore_removed_member(db: Database, removed: RemovedMember) -> int:
    """Undo `remove_member`: the same row, same id, and the honours back."""
    with transaction(db):
        _insert_row(db, "members", removed.row)
        for honour in removed.honours:
            _insert_row(db, "member_honours", honour)
    return removed.row["id"]


def _insert_row(db: Database, table: str, row: dict) -> None:
    columns = list(row)
    db.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
               [row[c] for c in columns])
