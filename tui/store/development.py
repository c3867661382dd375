"""发展党员 records: people in the pipeline, each step's date, who acted, the votes.

This module owns dev_candidates, dev_steps, dev_roles and dev_votes. People outside the roster
are reached through tui.store.people, the roster through tui.store.members; the rules (order,
intervals, the vote) are tui.rules.development's. Every write is one transaction; a date that
runs backwards, an impossible tally or a 介绍人 who is not a 正式党员 is refused with a Chinese
message naming the field; a rule the 2014 text (not yet checked against the 2026 revision) or a
local setting gives is returned as a warning the secretary may pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from tui import clock
from tui.rules import development as rules
from tui.rules.dates import DateError, cn_date, normalize_date, optional_date
from tui.rules.text import clean_text
from tui.rules import meetings as meeting_rules
from tui.store import meetings as meeting_store
from tui.store import member_status as status_store
from tui.store import members as member_store
from tui.store import people as people_store
from tui.store.branch import get_settings
from tui.store.db import Database, transaction
from tui.store.errors import NotFoundError, ValidationError
from tui.store.records import build, build_one, derived, select_list

ROLES = ("谈话人", "培养联系人", "入党介绍人")
VOTE_KINDS = ("接收预备党员", "预备党员转正")
VOTE_STEP = {"接收预备党员": 15, "预备党员转正": 23}
LABELS = {"name": "姓名", "gender": "性别", "birth_date": "出生日期", "unit": "单位/班级", "note": "备注",
          "extended_months": "延长预备期（月）"}


@dataclass
class Candidate:
    id: int
    name: str
    gender: str | None = None
    birth_date: str | None = None
    unit: str = ""
    person_id: int | None = None
    member_id: int | None = None
    extended_months: int = 0
    note: str = ""
    dates: dict[int, str] = derived(default_factory=dict)
    step_notes: dict[int, str] = derived(default_factory=dict)
    roles: list[Role] = derived(default_factory=list)

    @property
    def stage(self) -> rules.Stage:
        return rules.stage_of(self.dates)

    def names(self, role: str) -> str:
        return "、".join(r.name for r in self.roles if r.role == role)


@dataclass
class Role:
    id: int
    candidate_id: int
    role: str
    name: str
    member_id: int | None = None
    since: str | None = None


@dataclass
class Vote:
    id: int
    candidate_id: int
    kind: str
    date: str
    meeting_id: int | None = None
    total_members: int = 0
    entitled: int = 0
    present: int = 0
    yes: int = 0
    no: int = 0
    abstain: int = 0
    written: int = 0
    assessment: str = ""
    note: str = ""

    @property
    def tally(self) -> rules.Tally:
        return rules.Tally(self.entitled, self.present, self.yes, self.no, self.abstain, self.written)

    @property
    def result(self) -> rules.VoteResult:
        return rules.vote_result(self.tally)


# ── rules in force ──


def branch_rules(db: Database) -> rules.DevelopmentRules:
    return rules.effective_rules(get_settings(db, "development."))


# ── reading ──


def _load(db: Database, where: str = "", args: list | None = None) -> list[Candidate]:
    found = build(Candidate, db.execute(f"SELECT {select_list(Candidate)} FROM dev_candidates {where} ORDER BY id", args or []))
    if not found:
        return found
    by_id = {c.id: c for c in found}
    marks = ",".join("?" * len(by_id))
    for cid, step, date, note in db.execute(
            f"SELECT candidate_id, step, date, note FROM dev_steps WHERE candidate_id IN ({marks})", list(by_id)):
        by_id[cid].dates[step] = date
        if note:
            by_id[cid].step_notes[step] = note
    for role in build(Role, db.execute(
            f"SELECT {select_list(Role)} FROM dev_roles WHERE candidate_id IN ({marks}) ORDER BY id", list(by_id))):
        by_id[role.candidate_id].roles.append(role)
    return found


def list_candidates(db: Database, stage: str | None = None) -> list[Candidate]:
    out = _load(db)
    if stage:
        out = [c for c in out if c.stage == stage]
    return sorted(out, key=lambda c: (rules.STAGES.index(c.stage), c.dates.get(1) or "", c.id))


def get_candidate(db: Database, candidate_id: int) -> Candidate:
    found = _load(db, "WHERE id = ?", [candidate_id])
    if not found:
        raise NotFoundError(f"没有编号为 {candidate_id} 的发展党员记录")
    return found[0]


def find_candidate(db: Database, name_or_id: str) -> Candidate:
    """By name (or number); a name two people share must be given as the number."""
    text = (name_or_id or "").strip()
    if text.isascii() and text.isdigit():
        return get_candidate(db, int(text))
    found = _load(db, "WHERE name = ?", [text])
    if not found:
        raise NotFoundError(f"发展党员名单中没有「{text}」", "姓名")
    if len(found) > 1:
        ids = "、".join(str(c.id) for c in found)
        raise ValidationError(f"名单中有 {len(found)} 个「{text}」，请用编号指定：{ids}", "姓名")
    return found[0]


def list_votes(db: Database, candidate_id: int | None = None) -> list[Vote]:
    where, args = ("WHERE candidate_id = ?", [candidate_id]) if candidate_id else ("", [])
    return build(Vote, db.execute(f"SELECT {select_list(Vote)} FROM dev_votes {where} ORDER BY date, id", args))


def get_vote(db: Database, candidate_id: int, kind: str) -> Vote | None:
    return build_one(Vote, db.execute(f"SELECT {select_list(Vote)} FROM dev_votes WHERE candidate_id = ? AND kind = ?",
                                      [candidate_id, kind]))


def timeline_of(db: Database, candidate: Candidate, today: dt.date | None = None,
                rule_set: rules.DevelopmentRules | None = None) -> rules.Timeline:
    return rules.timeline(candidate.dates, rule_set or branch_rules(db), birth_date=candidate.birth_date,
                          extended_months=candidate.extended_months, today=today or clock.today())


def check_all(db: Database, today: dt.date | None = None) -> list[tuple[Candidate, rules.Timeline]]:
    rule_set = branch_rules(db)
    return [(c, timeline_of(db, c, today, rule_set)) for c in list_candidates(db)]


# ── 正式党员 on a day ──


def full_members_on(db: Database, day: str) -> list[member_store.Member]:
    """Who has a vote (and may be 培养联系人 or 介绍人) on `day`: 正式党员 on the roster then, not
    under 留党察看 or 停止党籍 (tui.store.member_status, its owner). 预备党员 have none."""
    on = set(status_store.roster_ids_on(db, day))
    barred = status_store.no_vote_reasons(db, day)
    return [m for m in member_store.list_members(db, include_left=True)
            if m.id in on and m.id not in barred
            and rules.full_member_on(m.join_date, m.full_date, m.party_status, m.left_date, day)]


def members_on(db: Database, day: str) -> list[member_store.Member]:
    """党员总数 on `day`: the roster then (joined, not left, not under 停止党籍)."""
    on = set(status_store.roster_ids_on(db, day))
    return [m for m in member_store.list_members(db, include_left=True) if m.id in on]


# ── writing ──


def _date(value, label: str, *, required: bool = True, allow_month: bool = False) -> str | None:
    try:
        if required:
            iso = normalize_date(str(value or ""), label)
        else:
            iso = optional_date(value, label, allow_month=allow_month)
    except DateError as exc:
        raise ValidationError(str(exc), label) from None
    if iso and iso > clock.today().isoformat():
        raise ValidationError(f"「{label}」不能晚于今天：{cn_date(iso)}", label)
    return iso


def validate(data: dict) -> dict:
    clean: dict = {}
    name = "".join(clean_text(str(data.get("name") or "")).split())
    if not name:
        raise ValidationError("「姓名」不能为空", "姓名")
    clean["name"] = name
    gender = clean_text(str(data.get("gender") or "")) or None
    if gender not in (None, "男", "女"):
        raise ValidationError(f"「性别」只能是 男/女：“{gender}”", "性别")
    clean["gender"] = gender
    clean["birth_date"] = _date(data.get("birth_date"), "出生日期", required=False, allow_month=True)
    clean["unit"] = clean_text(str(data.get("unit") or ""))
    clean["note"] = clean_text(str(data.get("note") or ""))
    try:
        months = int(str(data.get("extended_months") or 0))
    except ValueError:
        raise ValidationError("「延长预备期（月）」应为整数", "延长预备期（月）") from None
    if months and not 6 <= months <= 12:
        raise ValidationError("「延长预备期（月）」应为 6 至 12 个月（第三十四条：不能少于半年，最长不超过一年）",
                              "延长预备期（月）")
    clean["extended_months"] = months
    if data.get("person_id") is not None:
        clean["person_id"] = data["person_id"]
    return clean


def save_candidate(db: Database, data: dict, candidate_id: int | None = None) -> int:
    """Insert or update a person in the pipeline. `data["applied"]` (新建时) dates step ①."""
    clean = validate(data)
    with transaction(db):
        if clean.get("person_id") is not None and not people_store.exists(db, clean["person_id"]):
            raise ValidationError(f"校外人员编号 {clean['person_id']} 不存在", "关联人员")
        if candidate_id is None:
            candidate_id = db["dev_candidates"].insert(clean).last_pk
        else:
            get_candidate(db, candidate_id)
            clean["updated_at"] = clock.now().isoformat(timespec="seconds")
            db["dev_candidates"].update(candidate_id, clean)
        if data.get("applied"):
            set_step(db, candidate_id, 1, data["applied"])
    return candidate_id


def extend_probation(db: Database, candidate_id: int, months) -> None:
    """延长预备期 (6–12 months, 第三十四条; 0 undoes it): the 转正 dates follow."""
    with transaction(db):
        c = get_candidate(db, candidate_id)
        if not c.dates.get(15):
            raise ValidationError(f"{c.name}还不是预备党员，不能延长预备期", "延长预备期（月）")
        clean = validate({"name": c.name, "gender": c.gender, "birth_date": c.birth_date, "unit": c.unit,
                          "note": c.note, "extended_months": months})
        db["dev_candidates"].update(candidate_id, {"extended_months": clean["extended_months"],
                                                   "updated_at": clock.now().isoformat(timespec="seconds")})


def link_person(db: Database, candidate_id: int, kind: str = "学生") -> int:
    """Link the candidate to a `people` row of the same name and unit (created if new)."""
    with transaction(db):
        c = get_candidate(db, candidate_id)
        person_id = people_store.find_or_create(db, c.name, kind, c.unit)
        db["dev_candidates"].update(candidate_id, {"person_id": person_id})
    return person_id


def set_step(db: Database, candidate_id: int, step: int, date, note: str = "") -> list[rules.Problem]:
    """Date step ①–㉕; returns the warnings (intervals) the secretary may pass. A date before the
    step it follows, or after today, is refused. Dating ⑮ puts the person on the roster as a
    预备党员 from that day; dating ㉔ makes them a 正式党员 at the end of the 预备期."""
    if step not in rules.STEP_NOS:
        raise ValidationError(f"没有第 {step} 步（发展党员共 25 步）", "步骤")
    spec = rules.step_def(step)
    iso = _date(date, spec.title)
    with transaction(db):
        c = get_candidate(db, candidate_id)
        found = rules.check_step(c.dates, step, iso, branch_rules(db), birth_date=c.birth_date,
                                 extended_months=c.extended_months)
        errors = [p for p in found if p.level == rules.ERROR]
        if errors:
            raise ValidationError(errors[0].message + "，未保存", spec.title)
        db["dev_steps"].upsert({"candidate_id": candidate_id, "step": step, "date": iso,
                                "note": clean_text(note or "")}, pk=("candidate_id", "step"))
        c.dates[step] = iso
        if step == 15:
            _admit(db, c, iso)
        if step == 24:
            _confirm(db, c)
    return [p for p in found if p.level != rules.ERROR]


def clear_step(db: Database, candidate_id: int, step: int) -> None:
    with transaction(db):
        get_candidate(db, candidate_id)
        db.execute("DELETE FROM dev_steps WHERE candidate_id = ? AND step = ?", [candidate_id, step])


def _admit(db: Database, c: Candidate, day: str) -> None:
    """On the roster as a 预备党员 from the 支部大会 (预备期 runs from it)."""
    data = {"name": c.name, "gender": c.gender, "birth_date": c.birth_date, "party_status": "预备党员",
            "join_date": day, "full_date": None, "category": "学生" if c.unit and "班" in c.unit else "教工"}
    if c.member_id:
        member_store.save_member(db, {"party_status": "预备党员", "join_date": day, "full_date": None,
                                      "_partial": True}, c.member_id)
        return
    same = [m for m in member_store.find_by_name(db, c.name) if (m.join_date or "")[:7] == day[:7]]
    if len(same) == 1:      # already on the roster from that 支部大会 (an import of an existing branch)
        member_id = same[0].id
    else:
        member_id = member_store.save_member(db, data)
    db["dev_candidates"].update(c.id, {"member_id": member_id})
    c.member_id = member_id


def _confirm(db: Database, c: Candidate) -> None:
    if not c.member_id:
        return
    end = rules.probation_end(c.dates, c.extended_months)
    full = min(end, clock.today()) if end else clock.today()
    member_store.save_member(db, {"party_status": "正式党员", "full_date": full.isoformat(), "_partial": True},
                             c.member_id)


def add_role(db: Database, candidate_id: int, role: str, who: str | int, since=None) -> list[str]:
    """A 谈话人, 培养联系人 or 入党介绍人: a member (id or roster name) or, for the 谈话人, anyone by
    name. A 培养联系人 or 介绍人 must be a 正式党员 on the day (refused otherwise); returns warnings."""
    if role not in ROLES:
        raise ValidationError(f"「角色」只能是 {'/'.join(ROLES)}：“{role}”", "角色")
    with transaction(db):
        c = get_candidate(db, candidate_id)
        default_step = {"谈话人": 2, "培养联系人": 5, "入党介绍人": 9}[role]
        day = _date(since, f"{role}日期", required=False) or c.dates.get(default_step) or clock.today().isoformat()
        member = _member(db, who, role)
        if member is None and role != "谈话人":
            raise ValidationError(f"「{role}」应为本支部花名册上的正式党员：“{who}”不在花名册上", role)
        barred = status_store.no_vote_reasons(db, day, [member.id]).get(member.id) if member is not None else None
        if member is not None and role != "谈话人" and (barred or not rules.full_member_on(
                member.join_date, member.full_date, member.party_status, member.left_date, day)):
            why = ("已离开本支部" if member.left_date and member.left_date <= day
                   else f"处于{barred}期间" if barred and barred != "预备党员" else "不是正式党员")
            raise ValidationError(f"「{role}」{member.name}在{cn_date(day)}{why}，不能担任（{rules.SOURCE}"
                                  f"{'第九条' if role == '培养联系人' else '第十四条'}）", role)
        same = [r for r in c.roles if r.role == role]
        limit = {"培养联系人": 2, "入党介绍人": 2}.get(role)
        if limit and len(same) >= limit:
            raise ValidationError(f"「{role}」已有 {len(same)} 人（{'、'.join(r.name for r in same)}），最多 {limit} 人", role)
        name = member.name if member else clean_text(str(who))
        if not name:
            raise ValidationError(f"「{role}」不能为空", role)
        db["dev_roles"].insert({"candidate_id": candidate_id, "role": role, "name": name,
                                "member_id": member.id if member else None, "since": day})
    return []


def remove_role(db: Database, role_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM dev_roles WHERE id = ?", [role_id])


def _member(db: Database, who: str | int, role: str) -> member_store.Member | None:
    if isinstance(who, int):
        return member_store.get_member(db, who)
    found = member_store.find_by_name(db, clean_text(str(who)))
    if len(found) > 1:
        raise ValidationError(f"花名册上有 {len(found)} 个「{who}」，请用编号指定{role}", role)
    return found[0] if found else None


def record_vote(db: Database, candidate_id: int, kind: str, date, tally: rules.Tally, *,
                assessment: str = "", meeting_id: int | None = None, note: str = "") -> tuple[rules.VoteResult, list[str]]:
    """The 支部党员大会's 表决 on one candidate. An impossible tally or a meeting without its
    quorum is refused; 应到 that differs from the roster's 正式党员 that day is a warning. When it
    passes, step ⑮ (接收) or ㉓ (转正) takes the meeting's date. Returns (result, warnings)."""
    if kind not in VOTE_KINDS:
        raise ValidationError(f"「表决事项」只能是 {'/'.join(VOTE_KINDS)}", "表决事项")
    iso = _date(date, "支部党员大会日期")
    problem = rules.tally_problem(tally)
    if problem:
        raise ValidationError(problem[0] + "，未保存", problem[1])
    result = rules.vote_result(tally)
    if not result.quorum:
        raise ValidationError(result.text + "，未保存", "实到有表决权")
    warnings = []
    with transaction(db):
        c = get_candidate(db, candidate_id)
        voters = full_members_on(db, iso)
        if len(voters) != tally.entitled:
            warnings.append(f"花名册上{cn_date(iso)}有表决权的正式党员为 {len(voters)} 人，与填写的「应到有表决权」"
                            f"{tally.entitled} 人不符（预备党员、受留党察看处分和停止党籍的党员没有表决权），请核对")
        total = len(members_on(db, iso))
        db.execute("DELETE FROM dev_votes WHERE candidate_id = ? AND kind = ?", [candidate_id, kind])
        db["dev_votes"].insert({
            "candidate_id": candidate_id, "kind": kind, "date": iso, "meeting_id": meeting_id,
            "total_members": total, **tally._asdict(), "assessment": clean_text(assessment or ""),
            "note": clean_text(note or "")})
        if result.passed:
            warnings += [p.line().removeprefix(f"{rules.WARNING}：") for p in set_step(db, c.id, VOTE_STEP[kind], iso)]
    return result, warnings


def delete_candidate(db: Database, candidate_id: int) -> None:
    with transaction(db):
        get_candidate(db, candidate_id)
        db.execute("DELETE FROM dev_candidates WHERE id = ?", [candidate_id])


class ProbationRecord(NamedTuple):
    """The 预备党员考察 figures the minutes give: meetings expected at and attended since ⑮."""

    since: str
    expected: int
    attended: int
    last_review: str | None       # ㉑ 继续教育考察 (latest)


def probation_record(db: Database, c: Candidate) -> ProbationRecord | None:
    if not (c.member_id and c.dates.get(15)):
        return None
    since = c.dates[15]
    until = c.dates.get(24) or "9999-12-31"
    seen = [a for a in meeting_store.attendance_history(db, c.member_id) if since <= a.date <= until]
    attended = sum(1 for a in seen if a.status == meeting_rules.Attendance.PRESENT)
    return ProbationRecord(since, len(seen), attended, c.dates.get(21))


def probation_months_left(c: Candidate, today: dt.date) -> int | None:
    end = rules.probation_end(c.dates, c.extended_months)
    if not end:
        return None
    return (end.year - today.year) * 12 + end.month - today.month
