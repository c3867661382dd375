"""The talk form: FormDialog plus a 谈话对象 field that holds several people, all by keyboard.

In the targets field Enter (or typing a name) opens the member picker again and again; Backspace
removes the last one. Outside people (applicants …) are in the same picker with negative ids.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from tui.widgets.form import FieldSpec, FormDialog
from tui.widgets.member_picker import Candidate, MemberPicker, forward_typing


class TargetsField(Static, can_focus=True):
    """Value: a list of ids; a member's id, or minus an outside person's id."""

    DEFAULT_CSS = """
    TargetsField { height: auto; min-height: 1; width: 1fr; padding: 0 1; background: $boost; }
    TargetsField:focus { background: $accent 30%; }
    """
    BINDINGS = [
        Binding("enter,space,plus", "pick", "添加谈话对象", show=False),
        Binding("backspace,delete,minus", "remove_last", "删除最后一个", show=False),
    ]

    def __init__(self, spec: FieldSpec, value: list[int] | None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.value: list[int] = list(value or [])

    def on_mount(self) -> None:
        self.render_value()

    def names(self) -> list[str]:
        by_id = {c.id: c.name + ("（非党员）" if c.id < 0 else "") for c in self.spec.members}
        return [by_id.get(v, f"#{v}") for v in self.value]

    def render_value(self) -> None:
        hint = "[dim]回车或输入姓名添加 · 退格删除最后一个[/dim]"
        chosen = "、".join(self.names())
        self.update(f"{chosen}  {hint}" if chosen else f"[dim]（回车选择{self.spec.label}，可选多人）[/dim]")

    def add(self, target_id: int) -> None:
        if target_id not in self.value:
            self.value.append(target_id)
        self.render_value()

    def action_pick(self, query: str = "") -> None:
        remaining = [c for c in self.spec.members if c.id not in self.value]

        def chosen(target_id: int | None) -> None:
            if target_id is not None:
                self.add(target_id)
            self.focus()

        self.app.push_screen(MemberPicker(remaining, f"添加{self.spec.label}", query), chosen)

    def action_remove_last(self) -> None:
        if self.value:
            self.value.pop()
        self.render_value()

    def on_key(self, event) -> None:
        if event.character and event.character.isprintable() and not event.character.isspace() \
                and event.character not in "+-":
            event.stop()
            if not forward_typing(self, event.character):
                self.action_pick(event.character)


class TalkDialog(FormDialog):
    """FormDialog that understands FieldSpec(kind="targets")."""

    def _widget_for(self, spec: FieldSpec) -> Widget:
        if spec.kind == "targets":
            return TargetsField(spec, self.values.get(spec.key), id=f"f-{spec.key}")
        return super()._widget_for(spec)


def person_candidate(person) -> Candidate:
    # No pinyin keys: computing them would import pypinyin (~0.3 s) when the form opens;
    # outside people are found by typing part of the name.
    return Candidate(-person.id, person.name, "", "", f"非党员 · {person.kind}")
