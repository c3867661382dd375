"""民主评议党员 as it is held: per member the 测评票 counts, the 支委会's proposal, the 党员大会's result.

The table evaluation_tallies is this module's. The final grade the meetings area already keeps
(evaluations) follows the 党员大会's result when one is entered, so the year's summary and the
meeting record read the same grade.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from tui.rules import yearend as rules
from tui.store.db import Database, transaction
from tui.store.errors import NotFoundError, ValidationError
from tui.store.meetings import grade_set
from tui.store.records import build, select_list

KIND = "民主评议党员"


@dataclass
class TallyRow:
    meeting_id: int
    member_id: int
    voters: int
    excellent: int
    qualified: int
    basic: int
    unqualified: int
    committee_grade: str
    assembly_grade: str
    procedure: str
    note: str

    @property
    def tally(self) -> rules.Tally:
        return rules.Tally(self.voters, self.excellent, self.qualified, self.basic, self.unqualified)


@dataclass
class EvaluationLine:
    """One member of the evaluation, with the name and the tallies if entered."""

    member_id: int
    name: str
    is_leader: bool
    tally: TallyRow | None


@dataclass
class EvaluationMeeting:
    id: int
    date: str
    topics: str


def evaluation_meetings(db: Database, year: int) -> list[EvaluationMeeting]:
    return build(EvaluationMeeting, db.execute(
        "SELECT id, date, topics FROM meetings WHERE kind = ? AND deleted_at IS NULL "
        "AND substr(date, 1, 4) = ? ORDER BY date, id", [KIND, str(year)]))


def meeting_of_year(db: Database, year: int, meeting_id: int | None = None) -> EvaluationMeeting:
    found = evaluation_meetings(db, year)
    if meeting_id is not None:
        found = [m for m in found if m.id == meeting_id]
    if not found:
        raise NotFoundError(f"{year}年没有“民主评议党员”会议记录：请先在「会议」中记下这次评议", "会议")
    return found[-1]


def tallies(db: Database, meeting_id: int) -> dict[int, TallyRow]:
    rows = build(TallyRow, db.execute(
        f"SELECT {select_list(TallyRow)} FROM evaluation_tallies WHERE meeting_id = ?", [meeting_id]))
    return {r.member_id: r for r in rows}


def evaluation_lines(db: Database, meeting_id: int) -> list[EvaluationLine]:
    """Who is evaluated: those expected at the meeting (its attendance rows), plus anyone tallied."""
    saved = tallies(db, meeting_id)
    ids = [r[0] for r in db.execute("SELECT member_id FROM attendance WHERE meeting_id = ?", [meeting_id])]
    ids += [m for m in saved if m not in ids]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    names = dict(db.execute(f"SELECT id, name FROM members WHERE id IN ({marks})", ids).fetchall())
    leaders = {r[0] for r in db.execute("SELECT member_id FROM committee")}
    lines = [EvaluationLine(m, names.get(m, str(m)), m in leaders, saved.get(m)) for m in ids]
    return sorted(lines, key=lambda line: line.member_id)


def save_tallies(db: Database, meeting_id: int, entries: list[dict]) -> int:
    """Save the tallies of several members at once: every entry checked first, then one transaction.

    An entry: member_id (or name), voters, excellent, qualified, basic, unqualified,
    committee_grade, assembly_grade, procedure, note. Returns how many were saved."""
    row = db.execute("SELECT kind FROM meetings WHERE id = ? AND deleted_at IS NULL", [meeting_id]).fetchone()
    if row is None:
        raise NotFoundError(f"没有编号为 {meeting_id} 的会议", "会议")
    if row[0] != KIND:
        raise ValidationError(f"编号 {meeting_id} 的会议是“{row[0]}”，测评票只能记在“民主评议党员”会议上", "会议")
    grades = grade_set(db)
    by_name = {name: mid for mid, name in db.execute("SELECT id, name FROM members")}
    names = {mid: name for name, mid in by_name.items()}
    clean: list[dict] = []
    seen: set[int] = set()
    for n, entry in enumerate(entries, start=1):
        member_id = entry.get("member_id")
        if member_id is None:
            name = str(entry.get("name", "")).strip()
            if name not in by_name:
                raise ValidationError(f"第 {n} 行：花名册中没有“{name}”", "姓名")
            member_id = by_name[name]
        if member_id not in names:
            raise ValidationError(f"第 {n} 行：没有编号为 {member_id} 的党员", "姓名")
        if member_id in seen:
            raise ValidationError(f"{names[member_id]} 出现了两次", "姓名")
        seen.add(member_id)
        who = names[member_id]
        tally = rules.check_tally(who, entry.get("voters"), entry)
        committee = rules.check_grade(who, entry.get("committee_grade", ""), grades, "支委会建议等次")
        assembly = rules.check_grade(who, entry.get("assembly_grade", ""), grades, "党员大会评定等次")
        procedure = str(entry.get("procedure") or "").strip()
        if procedure and procedure not in rules.PROCEDURES:
            raise ValidationError(f"{who}的「处置建议」只能是 {'/'.join(rules.PROCEDURES)}", "处置建议")
        if procedure and "不合格" not in (committee, assembly):
            raise ValidationError(f"{who}未被评为不合格，不需要「处置建议」", "处置建议")
        clean.append({
            "meeting_id": meeting_id, "member_id": member_id, "voters": tally.voters,
            "excellent": tally.excellent, "qualified": tally.qualified, "basic": tally.basic,
            "unqualified": tally.unqualified, "committee_grade": committee, "assembly_grade": assembly,
            "procedure": procedure, "note": str(entry.get("note") or "").strip(),
        })
    with transaction(db):
        for item in clean:
            db["evaluation_tallies"].upsert(item, pk=("meeting_id", "member_id"))
            if item["assembly_grade"]:
                db.execute(
                    "INSERT INTO evaluations (meeting_id, member_id, grade) VALUES (?, ?, ?) "
                    "ON CONFLICT (meeting_id, member_id) DO UPDATE SET grade = excluded.grade",
                    [meeting_id, item["member_id"], item["assembly_grade"]])
    return len(clean)


# A tally sheet: a .csv or .xlsx with a header row naming these columns (others are ignored).
SHEET_COLUMNS = {"姓名": "name", "参加测评人数": "voters", "优秀": "excellent", "合格": "qualified",
                 "基本合格": "basic", "不合格": "unqualified", "支委会建议": "committee_grade",
                 "党员大会评定": "assembly_grade", "处置建议": "procedure", "备注": "note"}


def read_tally_sheet(path: Path, voters: int | None = None) -> list[dict]:
    """Rows of a tally sheet (.csv UTF-8/GBK or .xlsx) as entries for save_tallies."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"找不到统计表：{path}", "统计表")
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        ws = load_workbook(path, read_only=True, data_only=True).active
        rows = [["" if v is None else str(v).strip() for v in r] for r in ws.iter_rows(values_only=True)]
    elif path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError("统计表不是 UTF-8 或 GBK 编码的 CSV", "统计表")
        rows = [[c.strip() for c in r] for r in csv.reader(text.splitlines())]
    else:
        raise ValidationError("统计表只能是 .csv 或 .xlsx", "统计表")
    rows = [r for r in rows if any(r)]
    if not rows or "姓名" not in rows[0]:
        raise ValidationError("统计表第一行应为表头，至少有“姓名”和各等次票数（优秀、合格、基本合格、不合格）", "统计表")
    header = rows[0]
    entries = []
    for r in rows[1:]:
        entry = {SHEET_COLUMNS[h]: (r[i] if i < len(r) else "") for i, h in enumerate(header) if h in SHEET_COLUMNS}
        if voters is not None and not entry.get("voters"):
            entry["voters"] = voters
        entries.append(entry)
    return entries


@dataclass
class EvaluationSummary:
    year: int
    meeting: EvaluationMeeting
    grades: tuple[str, ...]
    lines: list[EvaluationLine]
    final: dict[int, str]                 # member id → 党员大会 result, else 支委会 proposal, else the stored grade
    counts: dict[str, int]                # grade → members, the branch's grade order
    evaluated: int
    voters: int                           # the most ballots any member received (those who took part)
    excellent_over: str | None            # the ≤ share check's message, None when within it
    share_text: str
    share_source: str
    missing: list[str]                    # members without tallies
    procedures: list[tuple[str, str]]     # (name, proposal) for 不合格

    @property
    def unfinished(self) -> list[str]:
        out = []
        if self.missing:
            out.append(f"尚未录入测评票的党员 {len(self.missing)} 人：{'、'.join(self.missing)}")
        no_grade = [line.name for line in self.lines if not self.final.get(line.member_id)]
        if no_grade:
            out.append(f"尚无评定等次的党员 {len(no_grade)} 人：{'、'.join(no_grade)}")
        return out


def evaluation_summary(db: Database, year: int, meeting_id: int | None = None) -> EvaluationSummary:
    from tui.store.yearend_settings import get_yearend_settings

    meeting = meeting_of_year(db, year, meeting_id)
    grades = grade_set(db)
    lines = evaluation_lines(db, meeting.id)
    stored = dict(db.execute("SELECT member_id, grade FROM evaluations WHERE meeting_id = ?", [meeting.id]).fetchall())
    final: dict[int, str] = {}
    for line in lines:
        t = line.tally
        final[line.member_id] = (t.assembly_grade or t.committee_grade if t else "") or stored.get(line.member_id, "")
    counts = {g: 0 for g in grades}
    for grade in final.values():
        if grade:
            counts[grade] = counts.get(grade, 0) + 1
    settings = get_yearend_settings(db)
    evaluated = len(lines)
    return EvaluationSummary(
        year=year, meeting=meeting, grades=grades, lines=lines, final=final, counts=counts,
        evaluated=evaluated,
        voters=max((line.tally.voters for line in lines if line.tally), default=0),
        excellent_over=rules.excellent_check(evaluated, counts.get("优秀", 0), settings.excellent_share),
        share_text=rules.share_text(settings.excellent_share), share_source=settings.excellent_source,
        missing=[line.name for line in lines if line.tally is None],
        procedures=[(line.name, line.tally.procedure) for line in lines if line.tally and line.tally.procedure],
    )
