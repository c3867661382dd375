"""本地设置: the branch's local rules, all in one dialog, stored under the areas' own keys.

Opened with S on the 工作台 and on 会议. meetings.grades, meetings.lectures_per_year,
meetings.org_life_warn_months, talks.coverage_reading, dues.* (tui.rules.dues.DUES_SETTINGS) and
branch.term_years; each is written through its own area's store function.
"""

from __future__ import annotations

from textual.widgets import Static

from tui.rules import dues as dues_rules
from tui.rules import member_status as away_rules
from tui.rules import obligations as rules
from tui.rules import talks as talk_rules
from tui.store import member_status as away_store
from tui.store import obligations as store
from tui.widgets.form import FieldSpec, FormDialog

_L = store.FORM_LABELS
_FEN_HINT = "元/月，全国标准 0.20，本地可定 0.20–1.00"
HINT = ("[dim]党费为每人每月金额（元）：全国标准 0.20，本地可定 0.20–1.00。\n"
        "组织生活提醒：未参加组织生活几个月起在工作台提醒（党章第九条为 6 个月）。\n"
        "离开期间党费、联系间隔：经批准出国（境）等离开期间的本地做法（各地不一）。\n"
        "这些设置同时用于会议、谈话、党费和支部各区域。[/dim]")
CONTACT_CHOICES = {n: f"每 {n} 个月" + ("（条例：至少每半年一次）" if n == 6 else "") for n in range(1, 7)}


def settings_fields() -> list[FieldSpec]:
    return [
        FieldSpec("grades", _L["grades"], required=True, placeholder="民主评议党员的等次，用逗号分开，如 优秀,合格,基本合格,不合格"),
        FieldSpec("lectures", _L["lectures"], "choice", tuple(store.LECTURE_CHOICES.values()), required=True),
        FieldSpec("warn", _L["warn"], "choice", tuple(store.WARN_CHOICES.values()), required=True),
        FieldSpec("reading", _L["reading"], "choice", tuple(talk_rules.READINGS.values()), required=True),
        FieldSpec("student_fen", _L["student_fen"], required=True, placeholder=_FEN_HINT + "（部分高校 0.50）"),
        FieldSpec("unemployed_fen", _L["unemployed_fen"], required=True, placeholder=_FEN_HINT),
        FieldSpec("relief_fen", _L["relief_fen"], required=True, placeholder=_FEN_HINT + "（低保、生活困难）"),
        FieldSpec("farmer_fen", _L["farmer_fen"], required=True, placeholder=_FEN_HINT),
        FieldSpec("rounding", _L["rounding"], "choice", tuple(dues_rules.ROUNDING_MODES.values()), required=True),
        FieldSpec("local_source", _L["local_source"], placeholder="本地党费规定的文号，如 某党委〔2024〕3号（可不填）"),
        FieldSpec("term_years", _L["term_years"], "choice", tuple(store.TERM_CHOICES.values()), required=True),
        FieldSpec("away_dues", "离开期间党费", "choice", tuple(away_rules.DUES_MODES.values()), required=True),
        FieldSpec("contact", "联系间隔", "choice", tuple(CONTACT_CHOICES.values()), required=True),
    ]


def away_values(db) -> dict[str, str]:
    months = away_store.contact_months(db)
    return {"away_dues": away_rules.DUES_MODES[away_store.dues_mode(db)],
            "contact": CONTACT_CHOICES.get(months, CONTACT_CHOICES[away_rules.DEFAULT_CONTACT_MONTHS])}


class SettingsDialog(FormDialog):
    """Edits every local setting; dismisses with True when saved, None when cancelled."""

    DEFAULT_CSS = "SettingsDialog #settings-hint { width: 1fr; height: auto; padding: 0 1; }"

    def __init__(self, db) -> None:
        self.db = db

        def save(values: dict) -> bool:
            settings = store.settings_from_form(values)
            mode = away_rules.check_dues_mode(values.get("away_dues") or "")
            months = next((n for n, label in CONTACT_CHOICES.items() if label == values.get("contact")), None)
            months = away_rules.check_contact_months(months if months is not None else values.get("contact"))
            store.save_settings(db, settings)
            away_store.save_away_settings(db, mode, months)
            return True

        title = f"本地设置（全国规定：{rules.REGULATIONS_2018.name}）"
        values = {**store.form_values(store.load_settings(db)), **away_values(db)}
        super().__init__(title, settings_fields(), values, save)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#form-title").parent.mount(Static(HINT, id="settings-hint"), after="#form-title")
