"""F1: every key, for the app and for each area."""

from __future__ import annotations

from importlib import import_module

from rich.cells import cell_len
from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.areas import AREAS
from tui.widgets.keybar import key_label, screen_bindings  # noqa: F401 - the palette imports them from here


def _line(keys: str, text: str, width: int = 14) -> str:
    pad = max(1, width - cell_len(keys))  # a Chinese key name takes two cells
    return f"  {escape(keys)}{' ' * pad}{text}"


def help_text(app) -> str:
    lines = ["[b]全局[/b]"]
    for binding in Binding.make_bindings(type(app).BINDINGS):
        lines.append(_line(key_label(binding), binding.description))
    lines.append(_line("Tab/Shift+Tab", "在输入框、列表之间移动；Esc 关闭对话框"))
    lines += ["", "[b]大小写与中文输入法[/b]",
              "  快捷键不分大小写：大写锁定（CapsLock）开着也能用。",
              "  中文标点照样当快捷键：【 】 等于 [ ]，、 等于 /。",
              "  中文输入法打字母时字母先进输入法：按 Shift（或 Ctrl+空格）切到英文再按快捷键，",
              "  或按 Ctrl+P 输入中文词（如「补交」「转正」）找到同一操作。"]
    current = getattr(app, "current_mode", None)
    # The area the secretary is in comes first: that is what F1 is pressed for.
    for a in sorted(AREAS, key=lambda a: a.mode != current):
        lines.append("")
        here = "（当前）" if a.mode == current else ""
        lines.append(f"[b]{a.key.upper()} {a.label}{here}[/b] — {a.help}")
        module, cls = a.screen.split(":")
        for binding in screen_bindings(getattr(import_module(module), cls)):
            lines.append(_line(key_label(binding), binding.description))
    lines += ["", "[b]表单[/b]", _line("Tab/回车", "下一项"), _line("Ctrl+S", "保存"), _line("Esc", "取消"),
              _line("Ctrl+A", "全选输入框中的文字（再输入即替换）"),
              "", "[b]列表[/b]", _line("↑/↓", "移动"), _line("PgUp/PgDn", "上一屏/下一屏"),
              _line("Home/End", "第一行/最后一行"), _line("←/→", "党费台账中换月份；其他列表左右滚动")]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 80; max-width: 100%; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,f1,q", "close", "关闭")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("[b]快捷键一览[/b]  （Esc 关闭）\n")
            yield Static(help_text(self.app), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
