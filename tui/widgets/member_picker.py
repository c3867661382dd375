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


class PickerScreen(ModalScreen):
    """Typing narrows a list; ↑/↓ move, Enter chooses, Esc cancels.

    Subclasses give entries(query) → [(key, label)] and may turn the chosen key into their
    result with result(key).
    """

    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    PickerScreen > Vertical { width: 64; max-width: 100%; height: 24; max-height: 100%; border: thick $accent; background: $surface; padding: 0 1; }
    PickerScreen OptionList { height: 1fr; }
    PickerScreen Label { width: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "取消"),
        Binding("down", "move(1)", "下一个", show=False),
        Binding("up", "move(-1)", "上一个", show=False),
    ]
    QUERY_ID = "picker-query"
    OPTIONS_ID = "picker-options"
    HINT = "输入姓名、拼音或首字母，回车选定"
    PLACEHOLDER = "如 zh、zhanghui、张"

    def __init__(self, title: str, query: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.initial_query = query
        self.shown: list[str] = []

    def entries(self, query: str) -> list[tuple[str, str]]:
        raise NotImplementedError

    def result(self, key: str):
        return key

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]{self.title_text}[/b]  {self.HINT}")
            # Not select-on-focus: the letter that opened the picker must stay when the next one is typed.
            yield Input(value=self.initial_query, placeholder=self.PLACEHOLDER, id=self.QUERY_ID, select_on_focus=False)
            yield OptionList(id=self.OPTIONS_ID)

    def on_mount(self) -> None:
        self._refresh(self.initial_query)
        query = self.query_one(Input)
        query.focus()
        query.cursor_position = len(query.value)  # typing on continues the letter that opened the picker

    def type_ahead(self, text: str) -> None:
        """Characters typed before this picker was up (see forward_typing)."""
        type_ahead(self, f"#{self.QUERY_ID}", text)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, query: str) -> None:
        items = self.entries(query)
        self.shown = [key for key, _ in items]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(label, id=key) for key, label in items)
        if items:
            options.highlighted = 0

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self.shown:
            self.dismiss(self.result(self.shown[options.highlighted]))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.result(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


def candidate_label(c: Candidate) -> str:
    return f"{c.name}  [dim]{c.detail}[/dim]" if c.detail else c.name


class MemberPicker(PickerScreen):
    """Returns the chosen member's id, or None when cancelled."""

    def __init__(self, candidates: list[Candidate], title: str = "选择党员", query: str = "") -> None:
        super().__init__(title, query)
        self.candidates = candidates

    def entries(self, query: str) -> list[tuple[str, str]]:
        return [(str(c.id), candidate_label(c)) for c in filter_candidates(self.candidates, query)[:200]]

    def result(self, key: str) -> int:
        return int(key)
