"""The secretary's own paragraphs of each form (per form, year and section), and the export folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.store.db import Database

from tui.store.db import transaction
from tui.store.errors import ValidationError
from tui import clock

EXPORT_DIR_KEY = "forms.export_dir"


@dataclass
class SectionText:
    text: str
    year: int | None        # the year the text was saved under; None when there is none
    carried: bool = False   # True when offered from an earlier year


def get_texts(db: Database, form_id: str, year: int) -> dict[str, str]:
    """Section → text saved for exactly this form and year."""
    return dict(db.execute(
        "SELECT section, text FROM form_texts WHERE form_id = ? AND year = ?", [form_id, year]
    ).fetchall())


def starting_text(db: Database, form_id: str, year: int, section: str) -> SectionText:
    """This year's text if saved, else the latest earlier year's (offered as the start)."""
    row = db.execute(
        "SELECT text, year FROM form_texts WHERE form_id = ? AND section = ? AND year <= ? "
        "ORDER BY year DESC LIMIT 1",
        [form_id, section, year],
    ).fetchone()
    if row is None:
        return SectionText(text="", year=None)
    text, saved_in = row
    return SectionText(text=text, year=saved_in, carried=saved_in != year)


def save_text(db: Database, form_id: str, year: int, section: str, text: str) -> None:
    if not form_id or not section:
        raise ValidationError("未指定表格或栏目", "栏目")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError("「年度」应为四位数年份", "年度") from None
    if not 1949 <= year <= 2200:
        raise ValidationError(f"「年度」不是有效年份：{year}", "年度")
    text = (text or "").replace("\r\n", "\n").rstrip()
    with transaction(db):
        db["form_texts"].upsert(
            {"form_id": form_id, "year": year, "section": section, "text": text,
             "updated_at": clock.now().isoformat(timespec="seconds")},
            pk=("form_id", "year", "section"),
        )


def carry_forward(db: Database, form_id: str, year: int, sections: list[str]) -> list[str]:
    """Start each of `sections` that is empty for `year` from the latest earlier year's text, in
    one transaction; the sections so started."""
    started = []
    with transaction(db):
        for section in sections:
            if get_texts(db, form_id, year).get(section, "").strip():
                continue
            start = starting_text(db, form_id, year, section)
            if start.carried and start.text.strip():
                db["form_texts"].upsert(
                    {"form_id": form_id, "year": int(year), "section": section, "text": start.text,
                     "updated_at": clock.now().isoformat(timespec="seconds")},
                    pk=("form_id", "year", "section"),
                )
                started.append(section)
    return started


def saved_years(db: Database, form_id: str) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT year FROM form_texts WHERE form_id = ? ORDER BY year DESC", [form_id]
    ).fetchall()]


def export_dir(db: Database) -> Path:
    """The folder exports go to: the last one used, else the default exports folder."""
    from tui.paths import exports_dir
    from tui.store.branch import get_setting

    saved = get_setting(db, EXPORT_DIR_KEY)
    if saved and Path(saved).is_dir():
        return Path(saved)
    return exports_dir()


def remember_export_dir(db: Database, folder: Path) -> None:
    from tui.store.branch import set_setting

    set_setting(db, EXPORT_DIR_KEY, str(Path(folder)))
