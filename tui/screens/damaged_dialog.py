"""The dialog shown when the file's check finds damage (tui.screens.file_check): saving has
stopped; R rebuilds the indexes when they are all that is wrong, B opens the 备份 area."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.store.file_checks import only_indexes_damaged


class DamagedDialog(ModalScreen[str | None]):
    """The check found damage: say so, say that nothing will be saved, and offer the way out."""

    DEFAULT_CSS = """
    DamagedDialog { align: center middle; }
    DamagedDialog > Vertical { width: 76; height: auto; max-height: 22; border: thick $error; background: $surface; padding: 1 2; }
    DamagedDialog #damaged-keys { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("r", "choose('reindex')", "重建索引"),
        Binding("b", "choose('backups')", "打开备份"),
        Binding("escape,q", "choose('')", "关闭"),
    ]

    def __init__(self, problems: list[str]) -> None:
        super().__init__()
        self.problems = problems
        self.index_only = only_indexes_damaged(problems)

    def compose(self) -> ComposeResult:
        lines = ["[b]支部文件检查发现损坏[/b]", "", "为保护数据，程序已停止保存：可以查看，但任何修改都不会写入。"]
        lines += [f"  · {escape(p)}" for p in self.problems[:5]]
        if self.index_only:
            lines += ["", "只有索引损坏，记录本身完好。按 R 重建索引（会先另存一份当前文件），检查通过后即可继续保存。"]
        else:
            lines += ["", "请按 B 打开「备份」，用最新的备份恢复（当前文件会另存，不会删除）。"]
        keys = ("R 重建索引　" if self.index_only else "") + "B 打开备份　Esc 关闭（只查看，不保存）"
        with Vertical():
            yield Static("\n".join(lines), markup=True)
            yield Static(keys, id="damaged-keys")

    def action_choose(self, choice: str) -> None:
        if choice == "reindex" and not self.index_only:
            return
        self.dismiss(choice or None)
