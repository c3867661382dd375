"""The key bar at the bottom of every area: the screen's keys as one line of text.

Textual's Footer builds a widget per key and rebuilds them on every screen switch, which made
switching areas cost 100–200 ms; the keys of an area screen never change, so one Static does.
"""

from __future__ import annotations

from rich.markup import escape
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


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



class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; padding: 0 1; }
    """

    def on_mount(self) -> None:
        shown = [b for b in screen_bindings(type(self.screen)) if b.show]
        shown += [b for b in Binding.make_bindings(type(self.app).BINDINGS) if b.show]
        self.update("  ".join(f"[b $footer-key-foreground]{escape(key_label(b))}[/] {escape(b.description)}" for b in shown))
