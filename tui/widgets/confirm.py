"""A yes/no question: Y confirms, N or Esc declines; Enter gives the default answer, which is
"yes" unless the question is about throwing work away (default=False: Enter keeps it)."""

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
        Binding("y", "answer(True)", "确定"),
        Binding("n,escape", "answer(False)", "取消"),
        Binding("enter", "default", "默认", show=False),
    ]

    def __init__(self, question: str, yes: str = "确定", no: str = "取消", *, default: bool = True) -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            if self.default:
                keys = f"Y/回车 {self.yes}    N/Esc {self.no}"
            else:  # the destructive answer takes its own key; Enter is the safe one
                keys = f"回车/N/Esc {self.no}    Y {self.yes}"
            yield Static(keys, id="confirm-keys")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_default(self) -> None:
        self.dismiss(self.default)
