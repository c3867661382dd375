"""F1: every key, for the app and for each area."""

from __future__ import annotations

from importlib import import_module

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


def _key(binding: Binding) -> str:
    return (binding.key_display or binding.key).replace("ctrl+", "Ctrl+").upper() if len(binding.key) <= 3 else (
        binding.key_display or binding.key.replace("ctrl+", "Ctrl+").replace("shift+", "Shift+")
    )


def help_text(app) -> str:
    lines = ["[b]全局[/b]"]
    for binding in Binding.make_bindings(type(app).BINDINGS):
        lines.append(f"  {_key(binding):<12} {binding.description}")
    lines.append("  Tab/Shift+Tab 在输入框、列表之间移动；Esc 关闭对话框")
    for a in AREAS:
        lines.append("")
        lines.append(f"[b]{a.key.upper()} {a.label}[/b] — {a.help}")
        module, cls = a.screen.split(":")
        for binding in screen_bindings(getattr(import_module(module), cls)):
            lines.append(f"  {_key(binding):<12} {binding.description}")
    lines += ["", "[b]表单[/b]", "  Tab/回车      下一项", "  Ctrl+S       保存", "  Esc          取消",
              "", "[b]列表[/b]", "  ↑/↓          移动", "  Ctrl+→/←     翻页（长列表分页显示）"]
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
