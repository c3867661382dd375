"""本地设置: the branch's local rules (党课 frequency, student dues, grades, talk coverage, term)."""

from __future__ import annotations

from tui.rules import obligations as rules
from tui.rules.money import format_fen
from tui.store import obligations as store
from tui.widgets.form import FieldSpec, FormDialog

TERM_CHOICES = ("1", "2", "3", "4", "5")


def settings_fields() -> list[FieldSpec]:
    return [
        FieldSpec("lecture_period", "党课频次", "choice", tuple(rules.PERIOD_LABELS.values()), required=True),
        FieldSpec("student_dues", "学生每月党费", required=True, placeholder="元，如 0.20（部分高校 0.50）"),
        FieldSpec("grades", "评议等次", "choice", tuple(rules.GRADE_SETS), required=True),
        FieldSpec("coverage", "谈话覆盖口径", "choice", tuple(rules.COVERAGE_READINGS.values()), required=True),
        FieldSpec("term_years", "任期年限", "choice", TERM_CHOICES, required=True),
    ]


def settings_values(settings: rules.LocalSettings) -> dict:
    return {
        "lecture_period": rules.PERIOD_LABELS[settings.lecture_period],
        "student_dues": format_fen(settings.student_dues_fen),
        "grades": settings.grade_set_label,
        "coverage": rules.COVERAGE_READINGS[settings.talk_coverage],
        "term_years": str(settings.term_years),
    }


class SettingsDialog(FormDialog):
    """Edits the local settings; dismisses with True when saved, None when cancelled."""

    def __init__(self, db) -> None:
        self.db = db

        def save(values: dict) -> bool:
            store.save_settings(db, store.settings_from_form(values))
            return True

        title = f"本地设置（全国规定：{rules.REGULATIONS_2018.name}）"
        super().__init__(title, settings_fields(), settings_values(store.load_settings(db)), save)
