"""F1: every key, for the app and for each area."""

from __future__ import annotations

from importlib import import_module

from rich.cells import cell_len
from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.areas import AREAS


def screen_bindings(screen_cls: type) -> list[Binding]:
    """The bindings an area screen declares itself (not its widgets', not Textual's)."""
    seen: set[str] = set()
    out: list[Binding] = []
    for cls in screen_cls.__mro__:
        if not cls.__module__.startswith("tui.") or cls in (Screen, ModalScreen):
            continue
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            if binding.description and binding.action not in seen:
                seen.add(binding.action)
                out.append(binding)
    return out


_KEY_NAMES = {
    "enter": "回车", "space": "空格", "delete": "Del", "escape": "Esc", "backspace": "退格", "tab": "Tab",
    "slash": "/", "left_square_bracket": "[", "right_square_bracket": "]", "pageup": "PgUp",
    "pagedown": "PgDn", "up": "↑", "down": "↓", "left": "←", "right": "→", "home": "Home", "end": "End",
}


def _one_key(key: str) -> str:
    *mods, last = key.split("+")
    name = _KEY_NAMES.get(last, last.upper() if len(last) <= 3 else last)
    return "".join(f"{m.capitalize()}+" for m in mods) + name


def key_label(binding: Binding) -> str:
    """The key as the help screen, the footer hints and the palette write it: N, 回车/E, Ctrl+S."""
    if binding.key_display:
        return binding.key_display
    return "/".join(_one_key(k.strip()) for k in binding.key.split(","))


def _line(keys: str, text: str, width: int = 14) -> str:
    pad = max(1, width - cell_len(keys))  # a Chinese key name takes two cells
    return f"  {escape(keys)}{' ' * pad}{text}"


def help_text(app) -> str:
    lines = ["[b]全局[/b]"]
    for binding in Binding.make_bindings(type(app).BINDINGS):
        lines.append(_line(key_label(binding), binding.description))
    lines.append(_line("Tab/Shift+Tab", "在输入框、列表之间移动；Esc 关闭对话框"))
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
              "", "[b]列表[/b]", _line("↑/↓", "移动"), _line("Ctrl+→/←", "翻页（长列表分页显示）")]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 80; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,f1,q", "close", "关闭")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("[b]快捷键一览[/b]  （Esc 关闭）\n")
            yield Static(help_text(self.app), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
