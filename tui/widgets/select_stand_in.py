"""A compact Select drawn as one line until it is used.

Textual's Select is six widgets (the current value, its label and arrows, a hidden OptionList
overlay), each styled and laid out when a form opens. A form whose choice is seldom changed
(the 党小组 of a 党小组会) shows this instead: it looks like the compact Select and holds its
value; Enter, Space, ↑/↓ or a click put the real Select in its place, opened, with the same
id, options and value. Setting `value` reports Select.Changed as the Select does.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Select


class SelectStandIn(Widget, can_focus=True):
    DEFAULT_CSS = """
    SelectStandIn { height: 1; width: 1fr; background: $surface; color: $foreground; pointer: pointer; }
    SelectStandIn:focus { background-tint: $foreground 5%; }
    SelectStandIn.-empty { color: $foreground 50%; }
    """
    BINDINGS = [Binding("enter,down,space,up", "open", "选择", show=False)]

    class Changed(Select.Changed):
        """As Select.Changed (handlers of Select.Changed receive it), from the stand-in."""

    def __init__(self, options: list[tuple[str, object]], *, value: object = Select.NULL, prompt: str = "Select",
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self.prompt = prompt
        self._value = value
        self.set_class(value is Select.NULL, "-empty")

    @property
    def value(self) -> object:
        return self._value

    @value.setter
    def value(self, value: object) -> None:
        if value == self._value:
            return
        self._value = value
        self.set_class(value is Select.NULL, "-empty")
        self.refresh()
        self.post_message(self.Changed(self, value))

    def render(self) -> Text:
        label = next((text for text, v in self.options if v == self._value), self.prompt)
        room = max(self.size.width - 2, 1)           # the arrow and the space before it
        label = set_cell_size(label, room) if cell_len(label) > room else label + " " * (room - cell_len(label))
        return Text.assemble(label, (" ▼", "dim"))

    async def action_open(self) -> None:
        """The real Select here, opened: what follows is the Select's own behaviour."""
        parent = self.parent
        if parent is None:
            return
        index = parent.children.index(self)
        select = Select(self.options, value=self._value, id=self.id, compact=True, prompt=self.prompt)
        await self.remove()
        await parent.mount(select, before=index if index < len(parent.children) else None)
        select.focus()
        select.expanded = True

    async def on_click(self, event: events.Click) -> None:
        await self.action_open()
