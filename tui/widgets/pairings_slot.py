"""A pairing's slot: pick a roster member or an outside person by name/pinyin/initials, or type
a new outside person's name and register them on save ("＋ 新登记普通学生：王小明").

Values are keys: "m:12" (a member), "p:5" (an outside person), "new:王小明" (to be created).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.widgets.member_picker import Candidate, forward_typing, type_ahead

NEW = "new:"


class SlotPicker(ModalScreen[str | None]):
    DEFAULT_CSS = """
    SlotPicker { align: center middle; }
    SlotPicker > Vertical { width: 64; height: 24; border: thick $accent; background: $surface; padding: 0 1; }
    SlotPicker OptionList { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "取消"),
        Binding("down", "move(1)", "下一个", show=False),
        Binding("up", "move(-1)", "上一个", show=False),
    ]

    def __init__(self, options: list[tuple[str, Candidate]], title: str, query: str = "", new_label: str = "") -> None:
        super().__init__()
        self.options = options
        self.title_text = title
        self.initial_query = query
        self.new_label = new_label          # "" when no new person may be typed
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        hint = f"；列表中没有时回车即新登记为{self.new_label}" if self.new_label else ""
        with Vertical():
            yield Label(f"[b]{self.title_text}[/b]  输入姓名、拼音或首字母{hint}")
            # Not select-on-focus: the letter that opened the picker must stay when the next one is typed.
            yield Input(value=self.initial_query, placeholder="如 wxm、wangxiaoming、王", id="slot-query",
                        select_on_focus=False)
            yield OptionList(id="slot-options")

    def on_mount(self) -> None:
        self._refresh(self.initial_query)
        query = self.query_one(Input)
        query.focus()
        query.cursor_position = len(query.value)

    def type_ahead(self, text: str) -> None:
        """Characters typed before this picker was up (see forward_typing)."""
        type_ahead(self, "#slot-query", text)

    @on(Input.Changed, "#slot-query")
    def _changed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, query: str) -> None:
        q = query.strip()
        hits = [(key, c) for key, c in self.options if c.hit(q.lower())][:200]
        self.shown = [key for key, _ in hits]
        items = [Option(f"{c.name}  [dim]{c.detail}[/dim]" if c.detail else c.name, id=key) for key, c in hits]
        if self.new_label and q and not any(c.name == q for _, c in hits):
            new = Option(f"＋ 新登记{self.new_label}：{q}", id=NEW + q)
            # No match: the new entry comes first so Enter registers it.
            if hits:
                items.append(new)
                self.shown.append(NEW + q)
            else:
                items.insert(0, new)
                self.shown.insert(0, NEW + q)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(items)
        if items:
            options.highlighted = 0

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    @on(Input.Submitted, "#slot-query")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self.shown:
            self.dismiss(self.shown[options.highlighted])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


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
