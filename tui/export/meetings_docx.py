"""会议记录 and 党支部工作记录 (.docx) from plain Meeting records, in the official layout.

Pure: takes the branch name and Meeting dataclasses, writes the file. python-docx is imported
by OfficialDoc when a document is made, never at module import.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tui.export.docx_base import OfficialDoc
from tui.rules.dates import cn_date
from tui.rules.meetings import KINDS

WIDE = ("参会人员", "请假人员及原因", "缺席人员及原因", "列席人员", "议题", "议程", "会议内容",
        "表决情况", "决议", "活动特色")
TALL = {"会议内容": 110, "议题": 14, "议程": 20, "决议": 14, "主持人签字": 14, "记录人签字": 14}


def _names(people, with_reason: bool = False) -> str:
    if not people:
        return "无"
    if with_reason:
        return "、".join(f"{a.name}（{a.reason}）" if a.reason else a.name for a in people)
    return "、".join(a.name for a in people)


def _when(m) -> str:
    span = "—".join(t for t in (m.start_time, m.end_time) if t)
    return f"{cn_date(m.date)} {span}".strip()


def record_pairs(m) -> list[tuple[str, str]]:
    """The label/value pairs of one meeting record, in the paper book's order."""
    present = f"{m.present}人"
    if not m.quorum_ok:
        present += "（未超过应到人数的半数，不符合会议有效人数要求）"
    pairs = [
        ("会议名称", m.seq_label),
        ("会议类型", m.kind + (f"（{m.group_name}）" if m.kind == "党小组会" and m.group_name else "")),
        ("时间", _when(m)),
        ("地点", m.place),
        ("主持人", m.host_name),
        ("记录人", m.recorder_name),
        ("应到人数", f"{m.expected}人"),
        ("实到人数", present),
        ("参会人员", _names(m.by_status("出席"))),
        ("请假人员及原因", _names(m.by_status("请假"), True)),
        ("缺席人员及原因", _names(m.by_status("缺席"), True)),
        ("列席人员", m.guests or "无"),
    ]
    if m.kind == "党课":
        pairs += [("主讲人", m.lecturer), ("党课题目", m.lecture_title)]
    if m.kind == "主题党日":
        pairs += [("活动主题", m.theme), ("活动特色", m.feature)]
    pairs += [
        ("议题", m.topics),
        ("议程", m.agenda),
        ("会议内容", m.content),
        ("表决情况", m.votes or "无"),
        ("决议", m.decisions or "无"),
        ("主持人签字", ""),
        ("记录人签字", ""),
    ]
    return pairs


def _add_record(doc: OfficialDoc, m) -> None:
    doc.kv_table(record_pairs(m), cols=2, wide=WIDE, tall=TALL, label_mm=26)
    if m.kind == "组织生活会" and m.rectifications:
        doc.heading2("（一）整改清单")
        rows = [(i, r.problem, r.measure, r.owner, cn_date(r.deadline), cn_date(r.done_date) or "未完成")
                for i, r in enumerate(m.rectifications, start=1)]
        doc.table(("序号", "问题", "整改措施", "责任人", "时限", "完成情况"), rows, widths_mm=(12, 42, 42, 20, 20, 20))
    graded = [a for a in m.attendance if a.grade]
    if m.kind == "民主评议党员" and graded:
        counts = Counter(a.grade for a in graded)
        doc.heading2("（一）评议结果")
        doc.para("评议结果：" + "，".join(f"{g}{n}人" for g, n in counts.items()) + "。")
        rows = [(i, a.name, a.grade) for i, a in enumerate(graded, start=1)]
        doc.table(("序号", "姓名", "评议等次"), rows, widths_mm=(20, 68, 68))


def write_meeting_docx(out: Path, branch_name: str, meeting, *, force: bool = False) -> Path:
    doc = OfficialDoc()
    doc.title(f"{meeting.kind}会议记录" if meeting.kind != "其他" else "会议记录")
    if branch_name:
        doc.subtitle(branch_name)
    _add_record(doc, meeting)
    return doc.save(out, force=force)


def period_summary(meetings) -> str:
    counts = Counter(m.kind for m in meetings)
    parts = [f"{k}{counts[k]}次" for k in KINDS if counts.get(k)]
    return "本期共召开" + "、".join(parts) + "。" if parts else "本期没有会议记录。"


def write_minutes_docx(out: Path, branch_name: str, period_label: str, meetings, *, force: bool = False, progress=None) -> Path:
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
        _add_record(doc, m)
        if progress and i % 20 == 0:
            progress(i / total)
    return doc.save(out, force=force)
