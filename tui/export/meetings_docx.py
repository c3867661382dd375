"""会议记录 and 党支部工作记录 (.docx) from plain Meeting records, in the official layout.

Pure: takes the branch name and Meeting dataclasses, writes the file. python-docx is imported
by OfficialDoc when a document is made, never at module import.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from tui.export.docx_base import SIZE_TABLE_PT, TEXT_WIDTH_MM, OfficialDoc
from tui.export.xlsx import display_width
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
LABEL_MM = 26
# A record and its signatures share a page: from 表决情况 on the rows keep together, and a record
# that would not fit at 小四 is set in 五号 with a lower 会议内容 minimum (COMPACT).
KEEP_FROM = ("评议结果", "整改清单", "表决情况", "决议", "主持人签字")
COMPACT_PT = 10.5
COMPACT_TALL = {"会议内容": 30, "主持人签字": 12, "记录人签字": 12}
# Room for the table (mm) under the title and subtitle of a single record, and under the “1.”
# heading in the record book; 225 mm is the GB/T 9704 text block's height.
SINGLE_RECORD_MM, BOOK_RECORD_MM = 225 - 34, 225 - 12
# Line height as a multiple of the font size: the CJK fonts Word and LibreOffice fall back to
# (SimSun, Noto Serif CJK) set lines at up to 1.45 em, so the estimate errs towards 五号.
_LINE_EM, _CELL_PADDING_MM, _PT_MM = 1.45, 3.8, 25.4 / 72


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


def _cell_lines(text: str, width_mm: float, font_pt: float) -> int:
    per_line = max(1, int((width_mm - _CELL_PADDING_MM) / (font_pt * _PT_MM) * 2))  # half-width units
    return sum(max(1, math.ceil(display_width(line) / per_line)) for line in str(text).split("\n"))


def estimated_height_mm(pairs: Sequence[tuple[str, str]], font_pt: float, tall: dict[str, float]) -> float:
    """How tall the record's table comes out (an upper estimate, for choosing the type size)."""
    value_mm = (TEXT_WIDTH_MM - 2 * LABEL_MM) / 2
    line_mm = font_pt * _LINE_EM * _PT_MM
    rows: list[list[tuple[str, str]]] = []
    for label, value in pairs:
        if label in WIDE or not rows or len(rows[-1]) == 2 or rows[-1][0][0] in WIDE:
            rows.append([(label, value)])
        else:
            rows[-1].append((label, value))
    total = 0.0
    for row in rows:
        width = TEXT_WIDTH_MM - LABEL_MM if len(row) == 1 else value_mm
        lines = max(max(_cell_lines(label, LABEL_MM, font_pt), _cell_lines(value, width, font_pt))
                    for label, value in row)
        total += max(lines * line_mm, max(tall.get(label, 0) for label, _ in row)) + 0.5
    return total


def _add_record(doc: OfficialDoc, m, grades: Sequence[str] = (), *, room_mm: float = SINGLE_RECORD_MM) -> None:
    pairs = record_pairs(m, grades)
    font_pt, tall = SIZE_TABLE_PT, TALL
    if estimated_height_mm(pairs, font_pt, tall) > room_mm:
        font_pt, tall = COMPACT_PT, COMPACT_TALL
    keep_from = next((label for label, _ in pairs if label in KEEP_FROM), None)
    doc.kv_table(pairs, cols=2, wide=WIDE, tall=tall, label_mm=LABEL_MM, font_pt=font_pt, keep_from=keep_from)
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


def write_minutes_docx(out: Path, branch_name: str, period_label: str, meetings: Iterable, *, force: bool = False,
                       progress=None, grades: Sequence[str] = (), contents: Sequence | None = None) -> Path:
    """The period's record book: title, a summary, a contents table, then one record per page.

    `meetings` may be read lazily (store.load_meetings) when `contents` gives the list lines
    (kind, date, seq_label, title) of the same meetings in the same order."""
    if contents is None:
        meetings = contents = list(meetings)
    doc = OfficialDoc()
    doc.title("党支部工作记录")
    doc.subtitle(f"{branch_name}（{period_label}）" if branch_name else f"（{period_label}）")
    doc.para(period_summary(contents))
    if contents:
        doc.heading1("一、会议目录")
        doc.table(
            ("序号", "日期", "会议", "议题"),
            ((i, cn_date(m.date), m.seq_label, m.title) for i, m in enumerate(contents, start=1)),
            # 五号, and a date column wide enough for “2025年12月31日” on one line
            widths_mm=(12, 40, 48, 56), font_pt=10.5, nowrap=(1,), streamed=True,
        )
        doc.page_break()
        doc.heading1("二、会议记录")
    total = len(contents)
    for i, m in enumerate(meetings, start=1):
        if i > 1:
            doc.page_break()
        doc.heading3(f"{i}. {m.seq_label}")
        _add_record(doc, m, grades, room_mm=BOOK_RECORD_MM)
        if i % 20 == 0:
            doc.spill()   # finished records leave the tree: memory stays flat however long the period
            if progress:
                progress(0.85 * i / total)
    if progress:
        progress(0.85)   # writing the file is the rest
    written = doc.save(out, force=force)
    if progress:
        progress(1.0)
    return written
