"""Form builders for the catalogue: one meeting's record, and a period's record book."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tui.export.atomic import ExportError
from tui.rules.dates import cn_date, period_bounds, year_bounds
from tui.store import branch
from tui.store import meetings as store
from tui.store.errors import NotFoundError
from tui import clock


def export_meeting(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.meetings_docx import write_meeting_docx

    if not params.record_id:
        raise ExportError("请指定要导出的会议（--meeting 会议编号，可用 zhibu search 查找）")
    try:
        meeting = store.get_meeting(db, params.record_id)
    except NotFoundError as exc:
        raise ExportError(str(exc)) from None
    return write_meeting_docx(Path(out), branch.get_branch(db).name, meeting, force=force,
                              grades=store.grade_set(db))


def period_of(params, today: dt.date | None = None) -> tuple[str, str, str]:
    """(from, to, label): --from/--to, else --year, else this year."""
    today = today or clock.today()
    if params.date_from or params.date_to:
        start, end = period_bounds(None, params.date_from, params.date_to, first="1900-01-01", last=today.isoformat())
        return start, end, f"{cn_date(params.date_from) or '开始'}至{cn_date(end)}"
    year = params.year or today.year
    return *year_bounds(year), f"{year}年"


def export_minutes(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.meetings_docx import write_minutes_docx

    start, end, label = period_of(params)
    rows = store.period_rows(db, start, end)
    if not rows:
        raise ExportError(f"{label}没有会议记录，未导出")
    # The records are read a batch at a time as the book is written (memory stays flat).
    return write_minutes_docx(Path(out), branch.get_branch(db).name, label, store.load_meetings(db, rows),
                              contents=rows, force=force, progress=progress, grades=store.grade_set(db))
