"""A pairing's slot: pick a roster member or an outside person by name/pinyin/initials, or type
a new outside person's name and register them on save ("＋ 新登记普通学生：王小明").

Values are keys: "m:12" (a member), "p:5" (an outside person), "new:王小明" (to be created).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Static

from tui.widgets.member_picker import Candidate, PickerScreen, candidate_label, forward_typing

NEW = "new:"


class SlotPicker(PickerScreen):
    """Returns a slot key: "m:12", "p:5", or "new:王小明"."""

    QUERY_ID = "slot-query"
    OPTIONS_ID = "slot-options"
    PLACEHOLDER = "如 wxm、wangxiaoming、王"

    def __init__(self, options: list[tuple[str, Candidate]], title: str, query: str = "", new_label: str = "") -> None:
        super().__init__(title, query)
        self.options = options
        self.new_label = new_label          # "" when no new person may be typed
        if new_label:
            self.HINT = f"输入姓名、拼音或首字母；列表中没有时回车即新登记为{new_label}"

    def entries(self, query: str) -> list[tuple[str, str]]:
        q = query.strip()
        items = [(key, candidate_label(c)) for key, c in self.options if c.hit(q.lower())][:200]
        if self.new_label and q and not any(c.name == q and c.hit(q.lower()) for _, c in self.options):
            new = (NEW + q, f"＋ 新登记{self.new_label}：{q}")
            # No match: the new entry comes first so Enter registers it.
            items = items + [new] if items else [new]
        return items


class SlotField(Static, can_focus=True):
    """Shows the chosen member or person; Enter, Space or typing opens the picker."""

    DEFAULT_CSS = """
    SlotField { height: 1; width: 1fr; padding: 0 1; background: $boost; }
    SlotField:focus { background: $accent 30%; }
    """
    BINDINGS = [
        Binding("enter,space", "pick", "选择", show=False),
        Binding("delete,backspace", "clear", "清除", show=False),
    ]

    def __init__(self, label: str, options: list[tuple[str, Candidate]], value: str | None,
                 new_label: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.label = label
        self.options = options
        self.value = value
        self.new_label = new_label

    def on_mount(self) -> None:
        self._render_value()

    def _render_value(self) -> None:
        if self.value and self.value.startswith(NEW):
            self.update(f"{self.value[len(NEW):]} [dim]（保存时新登记为{self.new_label}）[/dim]")
            return
        found = next((c for key, c in self.options if key == self.value), None)
        if found:
            self.update(f"{found.name}  [dim]{found.detail}[/dim]" if found.detail else found.name)
        else:
            self.update(f"[dim]（回车选择{self.label}）[/dim]")

    def action_pick(self, query: str = "") -> None:
        def chosen(key: str | None) -> None:
            if key is not None:
                self.value = key
                self._render_value()
                self.screen.focus_next()

        self.app.push_screen(SlotPicker(self.options, f"选择{self.label}", query, self.new_label), chosen)

    def action_clear(self) -> None:
        self.value = None
        self._render_value()

    def on_key(self, event) -> None:
        if event.character and event.character.isprintable() and not event.character.isspace():
            event.stop()
            if not forward_typing(self, event.character):
                self.action_pick(event.character)
