"""谈心谈话记录 (.docx): a period's compendium with its coverage, or one talk's record page.

The builders gather plain data through the store; the writers below take only that data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tui.export.atomic import ExportError
from tui.rules import talks as rules
from tui.rules.asof import as_of
from tui.rules.dates import cn_date, period_bounds
from tui.store.asof import roster_on
from tui.store import branch, talks
from tui.store.errors import NotFoundError
from tui import clock


@dataclass
class TalkRecord:
    date: str
    time: str
    place: str
    talker: str
    targets: str
    present: str
    kind: str
    occasion: str
    relation: str
    topic: str
    content: str
    opinions: str
    followups: list[tuple[str, str, str, str]] = field(default_factory=list)  # what, who, due, state

    def heading(self) -> str:
        return f"{cn_date(self.date)} {self.talker}与{self.targets}谈话"

    def pairs(self) -> list[tuple[str, str]]:
        when = cn_date(self.date) + (f" {self.time}" if self.time else "")
        follow = "\n".join(
            f"{n}. {what}（责任人：{who or '—'}；期限：{cn_date(due) if due else '—'}；{state}）"
            for n, (what, who, due, state) in enumerate(self.followups, 1)
        )
        return [
            ("谈话时间", when), ("谈话地点", self.place),
            ("谈话人", self.talker), ("谈话对象", self.targets),
            ("在场人员", self.present), ("谈话关系", self.relation),
            ("谈话类型", self.kind), ("谈话情形", self.occasion or "无"),
            ("谈话主题", self.topic),
            ("谈话内容", self.content),
            ("对方意见建议", self.opinions),
            ("后续事项", follow or "无"),
        ]


WIDE = ("谈话主题", "谈话内容", "对方意见建议", "后续事项")
SIGNATURES = ("谈话人（签字）：", "谈话对象（签字）：", "记录人（签字）：")
TALL = {"谈话内容": 60, "对方意见建议": 20}


def to_record(t: talks.Talk, committee: set[int]) -> TalkRecord:
    relations = []
    if t.talker_id is not None:
        for target in t.targets:
            if target.member_id is not None:
                relations.append(rules.relation(t.talker_id in committee, target.member_id in committee))
    followups = [
        (f.what, f.who, f.due_date or "", f"已于{cn_date(f.done_date)}完成" if f.done else "未完成")
        for f in t.followups
    ]
    return TalkRecord(
        t.date, t.time, t.place, t.talker_label, t.targets_label, t.present, t.kind, t.occasion,
        "、".join(dict.fromkeys(relations)) or "—", t.topic, t.content, t.opinions, followups,
    )


# ── builders (catalogue entries) ──

def export_talks(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    if params.year is None and not (params.date_from or params.date_to):
        params_year = clock.today().year
    else:
        params_year = params.year
    start, end = period_bounds(params_year, params.date_from, params.date_to, first="0000-01-01", last="9999-12-31")
    if params_year is not None:
        period = f"{params_year}年度"
    else:
        period = f"{cn_date(params.date_from) if params.date_from else '建档以来'}至{cn_date(params.date_to) if params.date_to else '今'}"
    committee = set(branch.get_committee(db).values())
    found = sorted(talks.list_talks(db, date_from=start, date_to=end), key=lambda t: (t.date, t.time, t.id))
    records = [to_record(t, committee) for t in found]
    # The roster as every form counts it for this period (tui.rules.asof), so the figures agree
    # with the annual summary's.
    today = clock.today()
    open_end = today.isoformat() if end == "9999-12-31" else end       # “至今”: today's roster
    day = as_of(min(start, open_end), open_end, today).roster_day
    summary = summary_lines(found, period, set(roster_on(db, day)))
    if params_year is not None:
        summary += coverage_lines(talks.talk_coverage(db, params_year))
    if progress:
        progress(0.3)
    write_talks_docx(Path(out), branch.get_branch(db).name, period, summary, records, force=force)
    if progress:
        progress(1.0)
    return Path(out)


def export_talk(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    if params.record_id is None:
        raise ExportError("请指定要导出的谈话记录（--talk 编号）")
    try:
        t = talks.get_talk(db, params.record_id)
    except NotFoundError as exc:
        raise ExportError(str(exc)) from None
    record = to_record(t, set(branch.get_committee(db).values()))
    write_talk_docx(Path(out), branch.get_branch(db).name, record, force=force)
    return Path(out)


def summary_lines(found: list[talks.Talk], period: str, roster: set[int] | None = None) -> list[str]:
    """The period's talks in a line; 参加谈话的党员 counts those on the period's roster
    (tui.rules.asof), as the annual summary does."""
    if not found:
        return [f"{period}，支部没有谈心谈话记录。"]
    kinds = Counter(t.kind for t in found)
    people = {m for t in found for m in (*t.target_member_ids, t.talker_id) if m is not None}
    if roster is not None:
        people &= roster
    by_kind = "，".join(f"{k}{kinds[k]}次" for k in rules.KINDS if kinds[k])
    occasions = Counter(t.occasion for t in found if t.occasion)
    line = f"{period}，支部共开展谈心谈话{len(found)}次（{by_kind}），{len(people)}名党员参加了谈话。"
    if occasions:
        line += "其中必谈情形：" + "，".join(f"{k}{v}次" for k, v in occasions.items()) + "。"
    return [line]


def coverage_lines(cov: rules.Coverage) -> list[str]:
    """The year's coverage in the annual summary's words, then who is still to be talked with
    (this record is the secretary's working copy)."""
    from tui.export.forms_sentences import coverage_text

    lines = [coverage_text(cov)] if coverage_text(cov) else []
    if cov.missing_committee_pairs:
        lines.append("支委之间还没有谈心的：" + "、".join(f"{cov.name(a)}与{cov.name(b)}" for a, b in cov.missing_committee_pairs) + "。")
    if cov.missing_members:
        lines.append("还没有谈心的党员：" + "、".join(cov.name(m) for m in cov.missing_members) + "。")
    return lines


# ── writers (plain data in) ──

def write_talks_docx(out: Path, branch_name: str, period: str, summary: list[str], records: list[TalkRecord], *, force: bool = False) -> Path:
    from tui.export.docx_base import OfficialDoc

    doc = OfficialDoc()
    doc.title("谈心谈话记录")
    doc.subtitle(f"{branch_name or '党支部'}（{period}）")
    doc.heading1("一、基本情况")
    for line in summary:
        doc.para(line)
    doc.heading1("二、谈话记录")
    if not records:
        doc.para("本期间无谈话记录。")
    for n, record in enumerate(records, 1):
        doc.heading3(f"{n}. {record.heading()}")
        doc.kv_table(record.pairs(), cols=2, wide=WIDE, keep_together=True)
    followups = [(r, f) for r in records for f in r.followups]
    if followups:
        doc.heading1("三、后续事项落实情况")
        rows = [
            (str(n), f[0], f[1], cn_date(f[2]) if f[2] else "—", f[3], cn_date(r.date))
            for n, (r, f) in enumerate(followups, 1)
        ]
        # 五号 and room for “2026年10月31日” on one line: dates broken over three lines read badly.
        doc.table(("序号", "后续事项", "责任人", "期限", "完成情况", "谈话日期"), rows,
                  widths_mm=(12, 38, 16, 29, 32, 29), font_pt=10.5)
    return doc.save(out, force=force)


def write_talk_docx(out: Path, branch_name: str, record: TalkRecord, *, force: bool = False) -> Path:
    from tui.export.docx_base import OfficialDoc

    doc = OfficialDoc()
    doc.title("谈心谈话记录")
    if branch_name:
        doc.subtitle(branch_name)
    doc.kv_table(record.pairs(), cols=2, wide=WIDE, tall=TALL, keep_from="对方意见建议", keep_with_next=True)
    doc.blank()[0].paragraph_format.keep_with_next = True
    doc.signature_lines(SIGNATURES)
    return doc.save(out, force=force)
