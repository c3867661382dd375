"""发展党员 documents from other areas' records: the 入党申请人谈话记实 (from the 入党谈话 talk), the
支委会 records for 确定积极分子 / 发展对象 / 审查 with their quorum, and the 公示 notice with its
window in working days. Plain data gathered through the stores; rules labelled 2014（待核对2026年修订）."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tui.export.atomic import ExportError
from tui.rules import development as rules
from tui.rules import meetings as meeting_rules
from tui.rules.dates import cn_date
from tui.store import branch as branch_store
from tui.store import development as store
from tui.store import meetings as meeting_store
from tui.store import talks as talk_store
from tui.store.errors import NotFoundError


def _candidate(db, params) -> store.Candidate:
    if params.record_id is None:
        raise ExportError("请指定发展党员（编号或姓名）")
    try:
        return store.get_candidate(db, params.record_id)
    except NotFoundError as exc:
        raise ExportError(str(exc)) from None


# ── 入党申请人谈话记实 ──


def application_talk(db, c: store.Candidate) -> talk_store.Talk | None:
    """The 入党谈话 with this person (by their `people` row, else by name), nearest after ①."""
    start = c.dates.get(1) or "0000-01-01"
    found = [t for t in talk_store.list_talks(db, date_from=start) if t.kind == "入党谈话"
             and any((c.person_id and tg.person_id == c.person_id) or tg.name == c.name for tg in t.targets)]
    return min(found, key=lambda t: (t.date, t.id)) if found else None


def export_application_talk(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.docx_base import OfficialDoc

    c = _candidate(db, params)
    talk = application_talk(db, c)
    talker = talk.talker_label() if talk else c.names("谈话人")
    date = talk.date if talk else c.dates.get(2)
    within = ""
    if c.dates.get(1) and date:
        limit = rules.next_steps({1: c.dates[1]})[0].latest
        within = "（在一个月内）" if date <= limit.isoformat() else f"（超过一个月：应于{cn_date(limit)}前，第七条，{rules.RULES_LABEL}）"
    doc = OfficialDoc()
    doc.title("入党申请人谈话记实")
    branch = branch_store.get_branch(db).name
    if branch:
        doc.subtitle(branch)
    pairs = [("申请人", c.name), ("性别", c.gender or ""), ("出生日期", cn_date(c.birth_date) if c.birth_date else ""),
             ("单位/班级", c.unit), ("递交申请书", cn_date(c.dates.get(1)) if c.dates.get(1) else ""),
             ("谈话时间", (cn_date(date) if date else "") + within), ("谈话人", talker or ""),
             ("谈话地点", talk.place if talk else ""),
             ("谈话内容", talk.content if talk else "（未找到“入党谈话”记录：请在“谈话”区域录入后重新导出）"),
             ("申请人意见", talk.opinions if talk else ""),
             ("谈话人意见", "")]
    doc.kv_table(pairs, cols=2, wide=("谈话时间", "谈话内容", "申请人意见", "谈话人意见"),
                 tall={"谈话内容": 70, "谈话人意见": 25})
    doc.blank()
    doc.right("谈话人（签字）：　　　　　　\n申请人（签字）：　　　　　　", right_chars=2)
    return doc.save(out, force=force)


# ── 支委会 records ──

COMMITTEE_ITEMS = {
    3: ("确定入党积极分子", "经党员推荐、群团组织推优，支部委员会研究，同意确定{name}同志为入党积极分子，报上级党委备案。",
        "第八条"),
    7: ("确定发展对象", "{name}同志经过一年以上培养教育和考察，听取党小组、培养联系人、党员和群众意见，"
        "支部委员会研究，同意确定为发展对象，报上级党委备案。", "第十三条"),
    12: ("发展对象审查", "支部委员会对{name}同志的条件、培养教育情况进行审查，政治审查结论合格，集中培训合格，"
         "同意将其列为拟发展对象并进行公示，报上级党委预审。", "第十八条"),
}


def committee_meeting_on(db, day: str | None):
    if not day:
        return None
    rows = meeting_store.list_meetings(db, kind="支部委员会", date_from=day, date_to=day)
    return rows[0] if rows else None


def _committee_export(db, params, out: Path, step: int, *, force: bool) -> Path:
    from tui.export.docx_base import OfficialDoc

    c = _candidate(db, params)
    title, decision, article = COMMITTEE_ITEMS[step]
    day = c.dates.get(step)
    if not day:
        raise ExportError(f"{c.name}还没有「{rules.step_def(step).title}」的日期：请先记录该步骤")
    meeting = committee_meeting_on(db, day)
    size = len(branch_store.get_committee(db))
    expected, present = (meeting.expected, meeting.present) if meeting else (size, None)
    if present is None:
        quorum = f"未找到{cn_date(day)}的支部委员会会议记录：应到支委{expected}人，实到人数请补填（过半数方可开会）"
    elif meeting_rules.has_quorum(expected, present):
        quorum = f"应到支委{expected}人，实到{present}人，超过半数，会议有效"
    else:
        quorum = f"应到支委{expected}人，实到{present}人，未超过半数，会议不能作出决定"
    doc = OfficialDoc()
    doc.title(f"支部委员会会议记录\n（{title}）")
    branch = branch_store.get_branch(db).name
    if branch:
        doc.subtitle(branch)
    doc.kv_table([("时间", cn_date(day)), ("地点", meeting.place if meeting else ""),
                  ("主持人", meeting.host_name if meeting else ""), ("到会情况", quorum),
                  ("议题", f"研究{c.name}同志{title}事宜"),
                  ("讨论情况", f"培养联系人：{c.names('培养联系人') or '—'}；入党介绍人：{c.names('入党介绍人') or '—'}。"),
                  ("决定", decision.format(name=c.name))],
                 cols=2, wide=("到会情况", "议题", "讨论情况", "决定"), tall={"讨论情况": 40})
    doc.para(f"依据：{rules.SOURCE}{article}（{rules.RULES_LABEL}）。")
    doc.blank()
    doc.right("记录人（签字）：　　　　　　\n支部书记（签字）：　　　　　　", right_chars=2)
    return doc.save(out, force=force)


def export_committee_activist(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    return _committee_export(db, params, out, 3, force=force)


def export_committee_target(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    return _committee_export(db, params, out, 7, force=force)


def export_committee_review(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    return _committee_export(db, params, out, 12, force=force)


# ── 公示 ──


def working_days_after(day: dt.date, count: int) -> dt.date:
    """The last of `count` working days (Monday–Friday) starting the day after `day`.
    Public holidays are not known here: the notice says to check them."""
    current, left = day, count
    while left:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def publicity_subject(c: store.Candidate) -> tuple[str, int]:
    """What the notice is for and the step it follows."""
    if c.dates.get(15):
        return "拟转为正式党员", 22 if c.dates.get(22) else 15
    if c.dates.get(12):
        return "拟接收为预备党员", 12
    if c.dates.get(7):
        return "拟确定为发展对象", 7
    raise ExportError(f"{c.name}尚未确定为发展对象：不需要公示")


def export_publicity(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.docx_base import OfficialDoc

    c = _candidate(db, params)
    subject, step = publicity_subject(c)
    days = store.branch_rules(db).publicity_days
    start_after = dt.date.fromisoformat(c.dates[step])
    first = working_days_after(start_after, 1)
    last = working_days_after(start_after, days)
    branch = branch_store.get_branch(db).name or "本支部"
    doc = OfficialDoc()
    doc.title(f"关于{c.name}同志{subject}的公示")
    doc.para(f"经{branch}支部委员会研究，{c.name}同志{subject}。现将有关情况公示如下：")
    doc.para(f"{c.name}，{c.gender or ''}{'，' if c.gender else ''}"
             f"{c.birth_date[:7].replace('-', '年') + '月生，' if c.birth_date else ''}{c.unit + '，' if c.unit else ''}"
             f"{cn_date(c.dates[1]) + '递交入党申请书，' if c.dates.get(1) else ''}"
             f"{cn_date(c.dates[3]) + '被确定为入党积极分子' if c.dates.get(3) else ''}"
             f"{'，' + cn_date(c.dates[7]) + '被确定为发展对象' if c.dates.get(7) else ''}"
             f"{'，' + cn_date(c.dates[15]) + '经支部党员大会接收为预备党员' if c.dates.get(15) else ''}。")
    doc.para(f"公示时间：{cn_date(first)}至{cn_date(last)}（{days}个工作日；遇法定节假日顺延，请核对）。")
    doc.para("公示期间，党员和群众可通过来电、来信、来访等方式向党支部反映情况。反映问题应实事求是，"
             "以真实姓名反映的将予以保密。")
    doc.blank(2)
    doc.right(f"{branch}\n{cn_date(start_after)}", right_chars=4)
    return doc.save(out, force=force)
