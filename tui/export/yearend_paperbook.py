"""The 党支部工作记录 for the paper book: each meeting on its own page, to be cut out and pasted into
the committee's printed 党支部工作手册.

No title page, no contents, no page numbers and no running header (the printed book has its own);
margins wider than the official layout's so that the sheet can be trimmed and pasted. The record
of each meeting is laid out exactly as in the 工作记录 (tui.export.meetings_docx).
"""

from __future__ import annotations

from pathlib import Path

from tui.export.atomic import ExportError
from tui.store import branch
from tui.store import meetings as store

# Margins (mm) of a sheet to paste: top, bottom, left (the pasting edge), right.
PASTE_MARGINS_MM = (30, 30, 35, 25)


def export_minutes_paper(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.meetings import period_of

    start, end, label = period_of(params)
    meetings = store.meetings_in_period(db, start, end)
    if not meetings:
        raise ExportError(f"{label}没有会议记录，未导出")
    return write_paper_book(Path(out), branch.get_branch(db).name, meetings, force=force, progress=progress,
                            grades=store.grade_set(db))


def write_paper_book(out: Path, branch_name: str, meetings, *, force: bool = False, progress=None,
                     grades=()) -> Path:
    from docx.shared import Mm

    from tui.export.docx_base import OfficialDoc
    from tui.export.meetings_docx import _add_record

    doc = OfficialDoc()
    section = doc.document.sections[0]
    top, bottom, left, right = PASTE_MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    for part in (section.footer, section.header, section.first_page_footer, section.even_page_footer):
        part.is_linked_to_previous = False
        for p in list(part.paragraphs):
            for child in list(p._p):
                if child.tag.endswith("}r") or child.tag.endswith("}fldSimple"):
                    p._p.remove(child)
    total = len(meetings)
    for i, m in enumerate(meetings, start=1):
        if i > 1:
            doc.page_break()
        doc.heading3(m.seq_label)
        _add_record(doc, m, grades)
        if progress and i % 20 == 0:
            progress(i / total)
    return doc.save(out, force=force)
