"""A yes/no question: Y or Enter confirms, N or Esc declines."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class Confirm(ModalScreen[bool]):
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical { width: 64; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    Confirm #confirm-keys { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("y,enter", "answer(True)", "确定"),
        Binding("n,escape", "answer(False)", "取消"),
    ]

    def __init__(self, question: str, yes: str = "确定", no: str = "取消") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            yield Static(f"Y/回车 {self.yes}    N/Esc {self.no}", id="confirm-keys")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
