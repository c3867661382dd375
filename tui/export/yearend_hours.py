"""学时台账: each member's training hours of the year, and who is below the yearly requirement."""

from __future__ import annotations

from pathlib import Path

from tui.export.atomic import ExportError
from tui.export.yearend_common import branch_name, suffix_of, year_of
from tui.rules.yearend import STUDY_KINDS, hours_text
from tui.store.study_hours import HoursLedger, hours_ledger

HEADER = ["序号", "姓名", "职务", "参加会议（次）", "会议学时", *STUDY_KINDS, "合计学时", "年度要求", "差额"]


def ledger_rows(ledger: HoursLedger) -> list[list[str]]:
    return [
        [str(n), line.name, line.role, str(line.meetings), hours_text(line.meeting_tenths),
         *[hours_text(line.outside.get(k, 0)) if line.outside.get(k) else "" for k in STUDY_KINDS],
         hours_text(line.total_tenths), str(line.required),
         hours_text(line.short_tenths) if line.short_tenths else "达标"]
        for n, line in enumerate(ledger.lines, start=1)
    ]


def ledger_notes(ledger: HoursLedger) -> list[str]:
    notes = [
        f"计算方法：参加支部会议按会议起止时间计学时（{ledger.rule_text}），加上党校、网络学院等培训学时。",
        f"年度要求：党员{ledger.required}学时，书记和支委{ledger.required_leaders}学时。依据：{ledger.source}",
    ]
    if ledger.untimed_meetings:
        notes.append(f"本年有{ledger.untimed_meetings}次会议未记录起止时间，未计入学时；补记时间后重新导出。")
    below = ledger.below
    notes.append(f"未达到年度要求的{len(below)}人：" + ("、".join(f"{x.name}（差{hours_text(x.short_tenths)}学时）" for x in below) if below else "无") + "。")
    return notes


def export_study_hours(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    suffix = suffix_of(out, (".xlsx", ".docx"))
    year = year_of(params)
    branch = branch_name(db)
    ledger = hours_ledger(db, year)
    if not any(line.total_tenths for line in ledger.lines):
        raise ExportError(f"{year}年没有可计学时的会议（出席且有起止时间）或培训记录，未导出学时台账", "年度")
    from tui.export.dues_tables import Table, write_docx, write_xlsx

    table = Table("学时台账", f"{branch}{year}年度党员教育培训学时台账", HEADER, ledger_rows(ledger),
                  notes=ledger_notes(ledger),
                  widths_mm=[12, 24, 22, 22, 20, *[18] * len(STUDY_KINDS), 20, 20, 18], font_pt=10.5)
    if suffix == ".xlsx":
        return write_xlsx(Path(out), [table], force=force)
    return write_docx(Path(out), table, landscape=True, force=force)
