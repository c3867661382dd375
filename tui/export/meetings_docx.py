"""会议记录 and 党支部工作记录 (.docx) from plain Meeting records, in the official layout.

Pure: takes the branch name and Meeting dataclasses, writes the file. python-docx is imported
by OfficialDoc when a document is made, never at module import.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from tui.export.docx_base import OfficialDoc
from tui.rules.dates import cn_date
from tui.rules.meetings import DEFAULT_GRADES, KINDS, Attendance

WIDE = ("会议名称", "参会人员", "缺席人员及原因", "列席人员", "主讲人", "党课题目", "活动主题", "活动特色",
        "议题", "议程", "会议内容", "评议结果", "整改清单", "表决情况", "决议")
# Minimum heights (mm): room to read or sign, small enough that a usual record fits on one page.
TALL = {"会议内容": 45, "主持人签字": 14, "记录人签字": 14}
# What the paper book calls each kind's record.
TITLES = {"支部党员大会": "支部党员大会会议记录", "支部委员会": "支部委员会会议记录", "党小组会": "党小组会议记录",
          "党课": "党课记录", "主题党日": "主题党日活动记录", "组织生活会": "组织生活会会议记录",
          "民主评议党员": "民主评议党员会议记录", "其他": "会议记录"}
NO_VOTE_KINDS = ("党课", "主题党日")


def record_title(kind: str) -> str:
    return TITLES.get(kind, "会议记录")


def _names(people) -> str:
    return "、".join(a.name for a in people) or "无"


def _missing(m) -> str:
    """缺席人员及原因: everyone not present, 请假 or 缺席, with the reason (the paper form's one line)."""
    parts = []
    for a in m.attendance:
        if a.status == Attendance.PRESENT:
            continue
        why = "：".join(x for x in (a.status, a.reason) if x)
        parts.append(f"{a.name}（{why}）")
    return "、".join(parts) or "无"


def _when(m) -> str:
    span = "—".join(t for t in (m.start_time, m.end_time) if t)
    return f"{cn_date(m.date)} {span}".strip()


def ordered_grades(graded, grades: Sequence[str] = ()) -> list[tuple[str, int]]:
    """(grade, count) in the grade set's order (best first), grades outside the set last."""
    counts = Counter(a.grade for a in graded)
    order = list(grades) or list(DEFAULT_GRADES)
    known = [(g, counts[g]) for g in order if counts.get(g)]
    return known + [(g, n) for g, n in counts.items() if g not in order]


def record_pairs(m, grades: Sequence[str] = ()) -> list[tuple[str, str]]:
    """The label/value pairs of one meeting record, in the paper book's order."""
    present = f"{m.present}人"
    if not m.quorum_ok:
        present += "（未超过应到人数的半数，不符合会议有效人数要求）"
    pairs = [
        ("会议名称", m.seq_label),
        ("时间", _when(m)),
        ("地点", m.place),
        ("主持人", m.host_name),
        ("记录人", m.recorder_name),
        ("应到人数", f"{m.expected}人"),
        ("实到人数", present),
    ]
    if m.kind == "党课":
        pairs += [("主讲人", m.lecturer), ("党课题目", m.lecture_title)]
    if m.kind == "主题党日":
        pairs += [("活动主题", m.theme), ("活动特色", m.feature)]
    pairs += [
        ("参会人员", _names(m.by_status(Attendance.PRESENT))),
        ("缺席人员及原因", _missing(m)),
        ("列席人员", m.guests or "无"),
        ("议题", m.topics),
        ("议程", m.agenda),
        ("会议内容", m.content),
    ]
    graded = [a for a in m.attendance if a.grade]
    if m.kind == "民主评议党员":
        summary = "，".join(f"{g}{n}人" for g, n in ordered_grades(graded, grades))
        ungraded = len(m.attendance) - len(graded)
        if ungraded:
            summary += ("，" if summary else "") + f"未评定{ungraded}人"
        pairs.append(("评议结果", (summary + "（名单见附件）") if graded else (summary or "无")))
    if m.kind == "组织生活会":
        n = len(m.rectifications)
        pairs.append(("整改清单", f"共{n}项（见附件）" if n else "无"))
    if m.kind not in NO_VOTE_KINDS or m.votes or m.decisions:
        pairs += [("表决情况", m.votes or "无"), ("决议", m.decisions or "无")]
    pairs += [("主持人签字", ""), ("记录人签字", "")]
    return pairs


def _add_record(doc: OfficialDoc, m, grades: Sequence[str] = ()) -> None:
    doc.kv_table(record_pairs(m, grades), cols=2, wide=WIDE, tall=TALL, label_mm=26)
    # Attachments follow the signatures, as GB/T 9704 puts 附件 after the 正文.
    if m.kind == "组织生活会" and m.rectifications:
        doc.heading2("附件：整改清单")
        rows = [(i, r.problem, r.measure, r.owner, cn_date(r.deadline), cn_date(r.done_date) or "未完成")
                for i, r in enumerate(m.rectifications, start=1)]
        doc.table(("序号", "问题", "整改措施", "责任人", "时限", "完成情况"), rows, widths_mm=(12, 38, 38, 20, 24, 24))
    if m.kind == "民主评议党员" and any(a.grade for a in m.attendance):
        doc.heading2("附件：民主评议党员结果")
        rows = [(i, a.name, a.grade or "未评定") for i, a in enumerate(m.attendance, start=1)]
        doc.table(("序号", "姓名", "评议等次"), rows, widths_mm=(20, 68, 68))


def write_meeting_docx(out: Path, branch_name: str, meeting, *, force: bool = False,
                       grades: Sequence[str] = ()) -> Path:
    doc = OfficialDoc()
    doc.title(record_title(meeting.kind))
    if branch_name:
        doc.subtitle(branch_name)
    _add_record(doc, meeting, grades)
    return doc.save(out, force=force)


def period_summary(meetings) -> str:
    counts = Counter(m.kind for m in meetings)
    parts = [f"{k}{counts[k]}次" for k in KINDS if counts.get(k)]
    return "本期共召开" + "、".join(parts) + "。" if parts else "本期没有会议记录。"


def write_minutes_docx(out: Path, branch_name: str, period_label: str, meetings, *, force: bool = False,
                       progress=None, grades: Sequence[str] = ()) -> Path:
    """The period's record book: title, a summary, a contents table, then one record per page."""
    doc = OfficialDoc()
    doc.title("党支部工作记录")
    doc.subtitle(f"{branch_name}（{period_label}）" if branch_name else f"（{period_label}）")
    doc.para(period_summary(meetings))
    if meetings:
        doc.heading1("一、会议目录")
        doc.table(
            ("序号", "日期", "会议", "议题"),
            [(i, cn_date(m.date), m.seq_label, m.title) for i, m in enumerate(meetings, start=1)],
            widths_mm=(14, 34, 54, 54),
        )
        doc.page_break()
        doc.heading1("二、会议记录")
    total = len(meetings)
    for i, m in enumerate(meetings, start=1):
        if i > 1:
            doc.page_break()
        doc.heading3(f"{i}. {m.seq_label}")
        _add_record(doc, m, grades)
        if progress and i % 20 == 0:
            progress(i / total)
    return doc.save(out, force=force)
