"""The branch profile, its committee, its 党小组, and its local settings."""

import json
from typing import NamedTuple

from tui.store.db import Database

from tui.rules.dates import DateError, optional_date, to_date
from tui.rules.obligations import membership as obligation_rules
from tui.store.db import transaction
from tui.store.errors import ValidationError
from tui.store.records import build, build_one, select_list
from tui import clock

KINDS = ("教工", "学生", "机关", "离退休", "混合", "村社区")
ROLES = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")
TERM_YEARS_BY_KIND = {"村社区": 5}


class Branch(NamedTuple):
    name: str = ""
    parent_org: str = ""
    kind: str = "教工"
    founded_date: str | None = None
    term_start: str | None = None
    term_years: int = 3
    usual_place: str = ""

    @property
    def term_end(self) -> str | None:
        """The day the current term ends (start + term_years)."""
        if not self.term_start:
            return None
        start = to_date(self.term_start)
        try:
            return start.replace(year=start.year + self.term_years).isoformat()
        except ValueError:  # 29 February
            return start.replace(year=start.year + self.term_years, day=28).isoformat()


def default_term_years(kind: str) -> int:
    """3 years a term; village and community branches 5."""
    return TERM_YEARS_BY_KIND.get(kind, 3)


class PartyGroup(NamedTuple):
    id: int
    name: str
    leader_id: int | None


def get_branch(db: Database) -> Branch:
    branch = build_one(Branch, db.execute(f"SELECT {select_list(Branch)} FROM branch WHERE id = 1"))
    return branch or Branch()


def is_set_up(db: Database) -> bool:
    return bool(get_branch(db).name)


def save_branch(db: Database, data: dict) -> None:
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    if "name" in clean and not clean["name"]:
        raise ValidationError("「支部名称」不能为空", "支部名称")
    if "kind" in clean and clean["kind"] not in KINDS:
        raise ValidationError(f"「支部类型」只能是 {'/'.join(KINDS)}", "支部类型")
    for key, label in (("founded_date", "成立日期"), ("term_start", "任期开始")):
        if key in clean:
            try:
                # Old branches often know only the month they were founded in.
                clean[key] = optional_date(clean[key], label, allow_month=(key == "founded_date"))
            except DateError as exc:
                raise ValidationError(str(exc), label) from None
            if clean[key] and clean[key] > clock.today().isoformat():
                raise ValidationError(f"「{label}」不能晚于今天", label)
    if "term_years" in clean and clean["term_years"] in ("", None):
        kind = clean.get("kind") or get_branch(db).kind
        clean["term_years"] = default_term_years(kind)
    if "term_years" in clean:
        try:
            clean["term_years"] = int(clean["term_years"])
        except (TypeError, ValueError):
            raise ValidationError("「任期年限」应为 1–5 的整数", "任期年限") from None
        if not 1 <= clean["term_years"] <= 5:
            raise ValidationError("「任期年限」应为 1–5 的整数", "任期年限")
    clean["updated_at"] = clock.now().isoformat(timespec="seconds")
    with transaction(db):
        db["branch"].upsert({"id": 1, **clean}, pk="id")


# ── committee ──

def get_committee(db: Database) -> dict[str, int]:
    """Role → member id, in the official order."""
    rows = dict(db.execute("SELECT role, member_id FROM committee").fetchall())
    return {role: rows[role] for role in ROLES if role in rows}


def set_committee(db: Database, assignment: dict[str, int | None]) -> None:
    """Replace the committee. One member may hold one post only."""
    chosen = {r: m for r, m in assignment.items() if m}
    for role in chosen:
        if role not in ROLES:
            raise ValidationError(f"没有「{role}」这个职务", role)
    ids = list(chosen.values())
    if len(ids) != len(set(ids)):
        raise ValidationError("同一名党员不能在支委会中担任两个职务", "支委会")
    if ids and "书记" not in chosen:
        raise ValidationError("支委会必须有书记", "书记")
    with transaction(db):
        for role, member_id in chosen.items():
            row = db.execute(
                "SELECT left_date, party_status FROM members WHERE id = ?", [member_id]
            ).fetchone()
            if row is None:
                raise ValidationError(f"「{role}」不是本支部党员", role)
            if row[0] is not None:
                raise ValidationError(f"「{role}」已离开本支部", role)
            if row[1] != "正式党员":  # 党章 第七条: 预备党员没有被选举权
                raise ValidationError(f"「{role}」须为正式党员（预备党员没有被选举权）", role)
        db.execute("DELETE FROM committee")
        for role, member_id in chosen.items():
            db["committee"].insert({"role": role, "member_id": member_id})


def full_member_count(db: Database) -> int:
    """正式党员 on the roster now: what the committee rule counts."""
    return db.execute(
        "SELECT count(*) FROM members WHERE left_date IS NULL AND party_status = '正式党员'"
    ).fetchone()[0]


def committee_shortfall(full_members: int, committee_size: int) -> str | None:
    """A warning when a branch that should have a committee has none, fewer than 3 or more than 7."""
    return obligation_rules.committee_shortfall(full_members, committee_size)


def committee_size_rule(full_members: int) -> str:
    """What the 条例 asks of the committee for a branch of this many 正式党员."""
    if full_members >= 7:
        return "正式党员7人以上，应设支部委员会（3–5人，不超过7人）"
    if full_members >= 3:
        return "正式党员不足7人，可只设书记（必要时设副书记）"
    return "正式党员不足3人，不能单独成立党支部"


# ── 党小组 ──

def list_groups(db: Database) -> list[PartyGroup]:
    return build(PartyGroup, db.execute(f"SELECT {select_list(PartyGroup)} FROM party_groups ORDER BY id"))


def save_group(db: Database, name: str, leader_id: int | None = None, group_id: int | None = None) -> int:
    name = (name or "").strip()
    if not name:
        raise ValidationError("「党小组名称」不能为空", "党小组名称")
    with transaction(db):
        clash = db.execute(
            "SELECT id FROM party_groups WHERE name = ? AND id IS NOT ?", [name, group_id]
        ).fetchone()
        if clash:
            raise ValidationError(f"已有名为「{name}」的党小组", "党小组名称")
        if leader_id is not None:
            row = db.execute("SELECT left_date FROM members WHERE id = ?", [leader_id]).fetchone()
            if row is None or row[0] is not None:
                raise ValidationError("「组长」必须是在册党员", "组长")
        if group_id is None:
            return db["party_groups"].insert({"name": name, "leader_id": leader_id}).last_pk
        db["party_groups"].update(group_id, {"name": name, "leader_id": leader_id})
        return group_id


def group_sizes(db: Database) -> dict[int, int]:
    """Group id → members on the roster in it."""
    return dict(db.execute(
        "SELECT group_id, count(*) FROM members WHERE left_date IS NULL AND group_id IS NOT NULL GROUP BY group_id"
    ).fetchall())


def delete_group(db: Database, group_id: int) -> None:
    with transaction(db):
        in_use = db.execute(
            "SELECT count(*) FROM members WHERE group_id = ? AND left_date IS NULL", [group_id]
        ).fetchone()[0]
        if in_use:
            raise ValidationError(f"该党小组还有 {in_use} 名党员，请先调整他们的党小组", "党小组")
        db.execute("DELETE FROM party_groups WHERE id = ?", [group_id])


# ── settings ──

def get_setting(db: Database, key: str, default=None):
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def get_settings(db: Database, prefix: str = "") -> dict:
    rows = db.execute(
        "SELECT key, value FROM settings WHERE key LIKE ? ESCAPE '\\'",
        [prefix.replace("_", "\\_").replace("%", "\\%") + "%"],
    ).fetchall()
    return {k: json.loads(v) for k, v in rows}


def set_setting(db: Database, key: str, value) -> None:
    with transaction(db):
        db["settings"].upsert({"key": key, "value": json.dumps(value, ensure_ascii=False)}, pk="key")
