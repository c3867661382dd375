"""The one catalogue of forms: every export the app can make, for the CLI and the 表格 area alike.

A form's builder is "module:function" with the signature
    build(db, params: FormParams, out: Path, *, force: bool = False, progress=None) -> Path
and is imported only when the form is exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path


@dataclass(frozen=True)
class FormParams:
    year: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    record_id: int | None = None          # --meeting / --talk
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class FormSpec:
    id: str
    name: str                             # Chinese, also the default file name's middle part
    builder: str                          # "module:function"
    outputs: tuple[str, ...] = (".docx",)
    period: str = "none"                  # none | year | range (year or from/to) | record
    record: str = ""                      # for period == "record": "meeting" or "talk"
    area: str = ""                        # the area the form belongs to

    def build(self, db, params: FormParams, out: Path, *, force: bool = False, progress=None) -> Path:
        module, func = self.builder.split(":")
        return getattr(import_module(module), func)(db, params, out, force=force, progress=progress)


FORMS: list[FormSpec] = [
    FormSpec("roster", "党员花名册", "tui.export.roster:export_roster", (".xlsx",), area="members"),
    FormSpec("meeting", "会议记录", "tui.export.meetings:export_meeting", period="record", record="meeting", area="meetings"),
    FormSpec("minutes", "党支部工作记录", "tui.export.meetings:export_minutes", period="range", area="meetings"),
]


def get_form(form_id: str) -> FormSpec:
    for form in FORMS:
        if form.id == form_id:
            return form
    known = "、".join(f.id for f in FORMS)
    raise KeyError(f"没有名为「{form_id}」的表格。可用的表格：{known}")
