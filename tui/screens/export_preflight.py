"""Before a form is written: the parts still unwritten and the branch's own shortfalls the
document will state (tui.export.forms_checks), so the secretary acts first. Dismisses with
what to do: "write", "carry", "export", or None (back)."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

WRITE, CARRY, EXPORT = "write", "carry", "export"


class PreflightDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    PreflightDialog { align: center middle; }
    PreflightDialog > Vertical { width: 76; max-width: 100%; height: auto; max-height: 22;
                                 border: thick $warning; background: $surface; padding: 0 1; }
    PreflightDialog VerticalScroll { height: auto; max-height: 16; }
    PreflightDialog .dialog-keys { color: $text-muted; }
    """
    BINDINGS = [
        Binding("w", "write", "填写", tooltip="打开栏目编写，把空着的部分写上"),
        Binding("l", "carry", "用往年文字", tooltip="空着的部分先用往年保存的文字作开头"),
        Binding("e", "export", "仍然导出", tooltip="按现状导出（空着的部分印为“（待填写）”）"),
        Binding("escape", "back", "返回"),
    ]

    def __init__(self, check) -> None:
        super().__init__()
        self.check = check          # tui.export.forms_checks.Preflight

    def compose(self) -> ComposeResult:
        c = self.check
        lines = []
        if c.empty:
            lines.append(f"[b]以下部分还没有填写[/b]，导出后会印为“（待填写）”：")
            for key, label in c.empty:
                year = c.carried.get(key)
                lines.append(f"  · {escape(label)}" + (f"  [dim]（有{year}年的文字可用）[/dim]" if year else ""))
        if c.shortfalls:
            lines.append("[b]文件中会写明的不足[/b]，建议先处理：")
            lines += [f"  · {escape(s)}" for s in c.shortfalls]
        lines += [f"[dim]{escape(n)}[/dim]" for n in c.notes]
        keys = []
        if c.empty:
            keys.append("W 填写")
            if c.carried:
                keys.append("L 用往年文字作开头")
            keys.append("E 保留“（待填写）”导出")
        else:
            keys.append("E/回车 仍然导出")
        keys.append("Esc 返回")
        with Vertical():
            yield Static(f"[b]导出「{escape(c.form_name)}」之前[/b]" + (f"（{c.year}年）" if c.year else ""))
            with VerticalScroll():
                yield Static("\n".join(lines), id="preflight-lines")
            yield Static(" · ".join(keys), classes="dialog-keys")

    def on_key(self, event) -> None:
        if event.key == "enter" and not self.check.empty:
            event.stop()
            self.dismiss(EXPORT)

    def action_write(self) -> None:
        if self.check.empty and self.check.empty[0][0]:
            self.dismiss(WRITE)

    def action_carry(self) -> None:
        if self.check.carried:
            self.dismiss(CARRY)

    def action_export(self) -> None:
        self.dismiss(EXPORT)

    def action_back(self) -> None:
        self.dismiss(None)
