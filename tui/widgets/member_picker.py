"""Choosing a member by typing a few letters of the name, its pinyin or its initials."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.pinyin_search import matches


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    pinyin: str = ""
    initials: str = ""
    detail: str = ""          # shown after the name, e.g. "教工 · 第一党小组"

    @classmethod
    def from_member(cls, member, detail: str = "") -> "Candidate":
        return cls(member.id, member.name, member.pinyin, member.initials, detail)

    def hit(self, query: str) -> bool:
        return not query or matches(query, self.name, self.pinyin, self.initials)


def forward_typing(field, character: str) -> bool:
    """Hand a character to the picker `field` has just opened, if one is on top.

    An input method commits a whole name ("陈雪") as a burst of keys: the first opens the
    picker, the rest still reach the field before the picker is up. Without this each of
    them would open a picker of its own, stacked, each holding one character.
    """
    top = field.app.screen
    if top is field.screen or not hasattr(top, "type_ahead"):
        return False
    top.type_ahead(character)
    return True


def type_ahead(screen, selector: str, text: str) -> None:
    """Append `text` to a picker's query, whether or not its Input exists yet."""
    found = screen.query(selector)
    if not found:
        screen.initial_query += text
        return
    query = found.first(Input)
    query.value += text
    query.cursor_position = len(query.value)


def filter_candidates(candidates: list[Candidate], query: str) -> list[Candidate]:
    query = query.strip().lower()
    return [c for c in candidates if c.hit(query)]


class MemberPicker(ModalScreen[int | None]):
    """Returns the chosen member's id, or None when cancelled."""

    DEFAULT_CSS = """
    MemberPicker { align: center middle; }
    MemberPicker > Vertical { width: 60; height: 24; border: thick $accent; background: $surface; padding: 0 1; }
    MemberPicker OptionList { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "取消"),
        Binding("down", "move(1)", "下一个", show=False),
        Binding("up", "move(-1)", "上一个", show=False),
    ]

    def __init__(self, candidates: list[Candidate], title: str = "选择党员", query: str = "") -> None:
        super().__init__()
        self.candidates = candidates
        self.title_text = title
        self.initial_query = query
        self.shown: list[Candidate] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]{self.title_text}[/b]  输入姓名、拼音或首字母，回车选定")
            yield Input(value=self.initial_query, placeholder="如 zh、zhanghui、张", id="picker-query", select_on_focus=False)
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._refresh(self.initial_query)
        query = self.query_one(Input)
        query.focus()
        query.cursor_position = len(query.value)  # typing on continues the letter that opened the picker

    def type_ahead(self, text: str) -> None:
        """Characters typed before this picker was up (see forward_typing)."""
        type_ahead(self, "#picker-query", text)

    @on(Input.Changed, "#picker-query")
    def _changed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, query: str) -> None:
        self.shown = filter_candidates(self.candidates, query)[:200]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(f"{c.name}  [dim]{c.detail}[/dim]" if c.detail else c.name, id=str(c.id))
            for c in self.shown
        )
        if self.shown:
            options.highlighted = 0

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    @on(Input.Submitted, "#picker-query")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self.shown:
            self.dismiss(self.shown[options.highlighted].id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
