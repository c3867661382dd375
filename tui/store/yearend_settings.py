"""The year end's local rules, kept as branch settings (key prefix "yearend.") with their sources."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from tui.rules import yearend as rules
from tui.store.branch import get_settings, set_setting
from tui.store.db import Database, transaction
from tui.store.errors import ValidationError

PREFIX = "yearend."


@dataclass(frozen=True)
class YearEndSettings:
    excellent_share: Fraction = rules.EXCELLENT_SHARE
    excellent_source: str = rules.EXCELLENT_SOURCE
    problems_share: Fraction = rules.PROBLEMS_SHARE
    problems_source: str = rules.PROBLEMS_SOURCE
    study_required: int = rules.STUDY_REQUIRED
    study_required_leaders: int = rules.STUDY_REQUIRED_LEADERS
    study_source: str = rules.STUDY_SOURCE
    hours_rule: str = rules.HOURS_RULE

    @property
    def hours_rule_text(self) -> str:
        return rules.HOURS_RULES[self.hours_rule]


LABELS = {
    "excellent_share": "优秀比例上限", "excellent_source": "优秀比例依据",
    "problems_share": "存在问题及原因最低占比", "problems_source": "述职占比依据",
    "study_required": "党员年度学时要求", "study_required_leaders": "书记和支委年度学时要求",
    "study_source": "学时要求依据", "hours_rule": "学时计算方法",
}


def get_yearend_settings(db: Database) -> YearEndSettings:
    saved = get_settings(db, PREFIX)
    values = {}
    for key in LABELS:
        if PREFIX + key not in saved:
            continue
        value = saved[PREFIX + key]
        values[key] = Fraction(value) if key.endswith("_share") else value
    return YearEndSettings(**values)


def save_yearend_settings(db: Database, changes: dict[str, object]) -> YearEndSettings:
    """Check every changed value first (a Chinese message naming the setting), then save all at once."""
    clean: dict[str, object] = {}
    for key, value in changes.items():
        if key not in LABELS:
            raise ValidationError(f"没有名为「{key}」的年终设置", key)
        label = LABELS[key]
        if key.endswith("_share"):
            clean[key] = str(rules.parse_share(value, label))
        elif key.startswith("study_required"):
            n = rules.count_value(value, label, limit=500)
            if n == 0:
                raise ValidationError(f"「{label}」应大于0", label)
            clean[key] = n
        elif key == "hours_rule":
            if value not in rules.HOURS_RULES:
                raise ValidationError(f"「{label}」只能是 {'/'.join(rules.HOURS_RULES)}（{'；'.join(rules.HOURS_RULES.values())}）", label)
            clean[key] = value
        else:
            text = str(value or "").strip()
            if not text:
                raise ValidationError(f"「{label}」不能为空：请写明依据", label)
            clean[key] = text
    with transaction(db):
        for key, value in clean.items():
            set_setting(db, PREFIX + key, value)
    return get_yearend_settings(db)
