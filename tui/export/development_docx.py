"""发展党员 documents (.docx, official layout): the 支部党员大会 record for 接收预备党员 and for 转正
with the tally and the 决议 text for the 志愿书, the 名册, the 卷内目录 and the 填写参考 sheet.

The builders gather plain data through the stores; the writers take only that data. Rules are
labelled 2014（待核对2026年修订）where the document cites them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tui import clock
from tui.export.atomic import ExportError
from tui.rules import development as rules
from tui.rules.dates import cn_date
from tui.store import branch as branch_store
from tui.store import development as store
from tui.store import meetings as meeting_store
from tui.store.errors import NotFoundError

# The order such a meeting follows (domain.md §6).
AGENDA = ("清点人数", "发展对象汇报", "入党介绍人介绍情况", "支委会报告审查、征求意见和公示情况", "讨论",
          "表态", "表决", "宣读决议", "书记总结")
CONFIRM_AGENDA = ("清点人数", "预备党员汇报", "入党介绍人介绍情况", "支委会报告考察意见和公示情况", "讨论",
                  "表态", "表决", "宣读决议", "书记总结")


@dataclass
class MeetingRecord:
    branch: str
    kind: str               # 接收预备党员 | 预备党员转正
    name: str
    date: str
    place: str
    host: str
    recorder: str
    introducers: str
    committee_date: str | None     # ⑫ 支委会审查 (or ㉒ 转正申请 for 转正)
    tally: rules.Tally
    total_members: int
    result: rules.VoteResult
    assessment: str
    resolution: str
    agenda_notes: dict[str, str] = field(default_factory=dict)


def _candidate(db, params) -> store.Candidate:
    if params.record_id is None:
        raise ExportError("请指定发展党员（编号或姓名）")
    try:
        return store.get_candidate(db, params.record_id)
    except NotFoundError as exc:
        raise ExportError(str(exc)) from None


def resolution_text(name: str, kind: str, date: str, branch: str, tally: rules.Tally, total: int,
                    assessment: str, result: rules.VoteResult, *, extended_months: int = 0) -> str:
    """The 决议 for the 志愿书: who, when, the assessment (with shortcomings), the conclusion, and
    党员总数 / 有表决权数 / 实到数 / 赞成 / 反对 / 弃权."""
    verdict = assessment.strip() or "（主要表现、优点和缺点不足未填写：请先在“发展”区域的表决记录中填写评价，再导出）"
    if kind == "接收预备党员":
        conclusion = f"同意接收{name}同志为中共预备党员" if result.passed else f"不同意接收{name}同志为中共预备党员"
        subject = f"讨论{name}同志的入党问题"
    else:
        conclusion = f"同意{name}同志按期转为中共正式党员" if result.passed else f"{name}同志转为正式党员的决议未获通过"
        if result.passed and extended_months:
            conclusion = f"同意{name}同志延长预备期{extended_months}个月"
        subject = f"讨论{name}同志的转正问题"
    return (f"{cn_date(date)}，{branch or '本支部'}召开支部党员大会，{subject}。"
            f"{verdict}"
            f"本支部共有党员{total}名，其中有表决权的正式党员{tally.entitled}名；"
            f"到会有表决权的正式党员{tally.present}名"
            + (f"，因故未到会的有表决权正式党员书面表示赞成{tally.written}名" if tally.written else "")
            + f"。经无记名投票表决，赞成{tally.yes + tally.written}票，反对{tally.no}票，弃权{tally.abstain}票，"
            f"{conclusion}。")


def meeting_record(db, candidate: store.Candidate, kind: str) -> MeetingRecord:
    vote = store.get_vote(db, candidate.id, kind)
    if vote is None:
        raise ExportError(f"{candidate.name}还没有「{kind}」的支部党员大会表决记录：请先在“发展”区域录入表决（V）")
    branch = branch_store.get_branch(db).name
    place = host = recorder = ""
    if vote.meeting_id:
        try:
            m = meeting_store.get_meeting(db, vote.meeting_id)
            place, host, recorder = m.place, m.host_name or "", m.recorder_name or ""
        except (NotFoundError, AttributeError):
            pass
    committee = candidate.dates.get(12 if kind == "接收预备党员" else 22)
    notes = {}
    if kind == "预备党员转正":
        notes["考察"] = probation_line(store.probation_record(db, candidate))
    return MeetingRecord(
        branch=branch, kind=kind, name=candidate.name, date=vote.date, place=place, host=host, recorder=recorder,
        introducers=candidate.names("入党介绍人"), committee_date=committee, tally=vote.tally,
        total_members=vote.total_members, result=vote.result, assessment=vote.assessment,
        resolution=resolution_text(candidate.name, kind, vote.date, branch, vote.tally, vote.total_members,
                                   vote.assessment, vote.result, extended_months=candidate.extended_months),
        agenda_notes=notes,
    )


def write_meeting_docx(out: Path, r: MeetingRecord, publicity_days: int, *, force: bool = False) -> Path:
    from tui.export.docx_base import OfficialDoc

    doc = OfficialDoc()
    doc.title(f"支部党员大会记录\n（{'接收预备党员' if r.kind == '接收预备党员' else '预备党员转正'}）")
    if r.branch:
        doc.subtitle(r.branch)
    doc.kv_table([("时间", cn_date(r.date)), ("地点", r.place), ("主持人", r.host), ("记录人", r.recorder),
                  ("党员总数", f"{r.total_members} 名"), ("应到有表决权", f"{r.tally.entitled} 名"),
                  ("实到有表决权", f"{r.tally.present} 名"), ("议题", f"讨论{r.name}同志的"
                                                          + ("入党问题" if r.kind == "接收预备党员" else "转正问题"))],
                 cols=2, wide=("议题",))
    agenda = AGENDA if r.kind == "接收预备党员" else CONFIRM_AGENDA
    absent = r.tally.entitled - r.tally.present
    quorum = "超过" if r.result.quorum else "未超过"
    texts = {
        agenda[0]: (f"应到会有表决权的正式党员{r.tally.entitled}名，实到{r.tally.present}名，缺席{absent}名"
                    + (f"（其中{r.tally.written}名提交书面意见）" if r.tally.written else "")
                    + f"，到会人数{quorum}应到会有表决权正式党员的半数，会议有效（第二十条，{rules.RULES_LABEL}）。"),
        agenda[1]: f"{r.name}同志汇报对党的认识、入党动机、本人履历、家庭和主要社会关系情况，以及需要向党组织说明的问题。"
        if r.kind == "接收预备党员" else f"{r.name}同志汇报预备期间的思想、学习、工作情况和存在的不足。",
        agenda[2]: f"入党介绍人{r.introducers or '（未登记）'}介绍{r.name}同志的情况，并对其能否入党（转正）表明意见。",
        agenda[3]: (f"支部委员会于{cn_date(r.committee_date)}" if r.committee_date else "支部委员会")
        + f"对{r.name}同志的条件、培养教育情况进行审查，并按规定公示（{publicity_days}个工作日），公示期间未收到异议。"
        + (f"预备期间{r.agenda_notes['考察']}。" if r.agenda_notes.get("考察") else ""),
        agenda[4]: "与会党员对其能否入党（转正）充分讨论，既肯定优点，也指出缺点和不足。",
        agenda[5]: "与会党员逐一表态。",
        agenda[6]: (f"采取无记名投票方式表决：赞成{r.tally.yes}票，反对{r.tally.no}票，弃权{r.tally.abstain}票；"
                    f"书面意见赞成{r.tally.written}份。{r.result.text}（第二十二条，{rules.RULES_LABEL}）。"),
        agenda[7]: "宣读支部党员大会决议（见下）。",
        agenda[8]: "支部书记作总结，对其提出希望和要求。",
    }
    for n, item in enumerate(agenda, 1):
        doc.heading3(f"{n}.{item}")
        doc.para(texts[item])
    doc.page_break()
    doc.title("支部党员大会决议\n（供填入入党志愿书）")
    doc.para(r.resolution)
    doc.blank()
    doc.right(f"支部书记（签名）：　　　　　　\n{cn_date(r.date)}", right_chars=2)
    return doc.save(out, force=force)


def export_admission(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    c = _candidate(db, params)
    return write_meeting_docx(out, meeting_record(db, c, "接收预备党员"), store.branch_rules(db).publicity_days, force=force)


def export_confirmation(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    c = _candidate(db, params)
    return write_meeting_docx(out, meeting_record(db, c, "预备党员转正"), store.branch_rules(db).publicity_days, force=force)


# ── 名册 ──

ROSTER_HEADER = ("序号", "姓名", "性别", "出生日期", "单位/班级", "申请入党", "确定积极分子", "确定发展对象",
                 "接收预备党员", "转正", "培养联系人", "入党介绍人")
ROSTER_GROUPS = ("入党积极分子（新增）", "入党积极分子（存量）", "发展对象", "预备党员")


def roster_groups(db, year: int) -> dict[str, list[tuple[str, ...]]]:
    """The 名册 the committee collects: each group's rows, dated as of the year's end (or today)."""
    groups: dict[str, list[tuple[str, ...]]] = {g: [] for g in ROSTER_GROUPS}
    for c in store.list_candidates(db):
        stage = c.stage
        if stage == rules.Stage.ACTIVIST:
            group = ROSTER_GROUPS[0] if (c.dates.get(3) or "")[:4] == str(year) else ROSTER_GROUPS[1]
        elif stage == rules.Stage.TARGET:
            group = ROSTER_GROUPS[2]
        elif stage == rules.Stage.PROBATIONARY:
            group = ROSTER_GROUPS[3]
        else:
            continue
        d = c.dates
        groups[group].append((
            str(len(groups[group]) + 1), c.name, c.gender or "", c.birth_date or "", c.unit, d.get(1, ""), d.get(3, ""),
            d.get(7, ""), d.get(15, ""), d.get(24, ""), c.names("培养联系人"), c.names("入党介绍人")))
    return groups


def export_roster_docx(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.docx_base import OfficialDoc

    year = params.year or clock.today().year
    groups = roster_groups(db, year)
    doc = OfficialDoc()
    doc.landscape()
    doc.title(f"{year}年发展党员名册")
    branch = branch_store.get_branch(db).name
    if branch:
        doc.subtitle(branch)
    for n, (group, rows) in enumerate(groups.items(), 1):
        doc.heading2(f"（{'一二三四'[n - 1]}）{group}（{len(rows)} 人）")
        if rows:
            doc.table(ROSTER_HEADER, rows, widths_mm=(10, 18, 10, 23, 28, 23, 23, 23, 23, 23, 26, 27), font_pt=10.5)
        else:
            doc.para("无。")
    return doc.save(out, force=force)


def export_roster(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    if out.suffix.lower() == ".xlsx":
        from tui.export.development_xlsx import write_roster_xlsx

        year = params.year or clock.today().year
        return write_roster_xlsx(out, year, branch_store.get_branch(db).name, roster_groups(db, year), force=force)
    return export_roster_docx(db, params, out, force=force)


# ── 卷内目录, 填写参考 ──

ARCHIVE_ITEMS = ((1, "入党申请书"), (2, "入党申请人谈话记录"), (3, "推荐入党积极分子的有关材料、支委会确定积极分子的记录"),
                 (4, "入党积极分子备案报告"), (6, "培养教育考察材料（入党积极分子、发展对象培养教育考察登记表）"),
                 (7, "支委会确定发展对象的记录、备案报告"), (10, "政治审查材料"), (11, "集中培训结业证书"),
                 (12, "支委会审查意见、公示情况报告"), (13, "上级党委预审意见"), (14, "入党志愿书"),
                 (15, "支部党员大会接收预备党员的记录与决议"), (16, "上级党委派人谈话记录"), (17, "上级党委审批意见"),
                 (20, "入党宣誓记录"), (22, "转正申请书"), (23, "支部党员大会讨论转正的记录与决议"),
                 (24, "上级党委审批转正意见"))


def export_archive_index(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.docx_base import OfficialDoc

    c = _candidate(db, params)
    through = (params.extra or {}).get("through")      # the year's archive: materials formed by year end
    dates = {step: d for step, d in c.dates.items() if not through or d <= through}
    doc = OfficialDoc()
    doc.title("卷内目录")
    doc.subtitle(f"{c.name}同志入党材料" + (f"（截至{cn_date(through)}）" if through else ""))
    rows = [(str(n), title, cn_date(dates[step]) if dates.get(step) else "", "", "")
            for n, (step, title) in enumerate(ARCHIVE_ITEMS, 1)]
    doc.table(("序号", "材料名称", "形成日期", "页数", "备注"), rows, widths_mm=(14, 80, 34, 12, 16))
    doc.para("本目录只列材料名称与日期；原件由组织部门按规定归档，本程序不保存扫描件。")
    return doc.save(out, force=force)


def probation_line(record: store.ProbationRecord | None) -> str:
    if record is None:
        return ""
    review = f"；最近一次继续教育考察{cn_date(record.last_review)}" if record.last_review else ""
    return (f"自{cn_date(record.since)}起应参加会议 {record.expected} 次，出席 {record.attended} 次"
            f"（据会议记录）{review}")


def reference_rows(c: store.Candidate, record: store.ProbationRecord | None = None) -> list[tuple[str, str]]:
    rows = [("姓名", c.name), ("性别", c.gender or ""), ("出生日期", cn_date(c.birth_date) if c.birth_date else ""),
            ("单位/班级", c.unit)]
    rows += [(s.title, cn_date(c.dates[s.no]) if c.dates.get(s.no) else "") for s in rules.STEPS]
    rows += [(role, c.names(role)) for role in store.ROLES]
    if record is not None:
        rows.append(("预备期考察", probation_line(record)))
    return rows


def export_reference(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.docx_base import OfficialDoc

    c = _candidate(db, params)
    doc = OfficialDoc()
    doc.title("填写参考")
    doc.subtitle(f"{c.name}：入党申请书、入党志愿书、培养考察表所需日期与姓名")
    doc.para(f"以下日期由支部记录生成，供本人手写或统一印制的表格参照填写（规则依据：{rules.SOURCE}，{rules.RULES_LABEL}）。")
    doc.kv_table(reference_rows(c, store.probation_record(db, c)), cols=1, label_mm=60)
    return doc.save(out, force=force)
