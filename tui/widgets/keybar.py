"""The key bar at the bottom of every area: the screen's keys as one line of text.

Textual's Footer builds a widget per key and rebuilds them on every screen switch, which made
switching areas cost 100–200 ms; the keys of an area screen never change, so one Static does.
"""

from __future__ import annotations

from rich.cells import cell_len
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



SEPARATOR = "  "
MORE = ("F1", "更多按键")
MAX_LINES = 2


def layout_keys(items: list[tuple[str, str]], width: int, max_lines: int = MAX_LINES) -> list[list[tuple[str, str]]]:
    """Keys in lines of at most `width` cells; what does not fit in `max_lines` is left to F1,
    whose hint then ends the last line. No key is ever cut in half."""
    def cells(item: tuple[str, str]) -> int:
        return cell_len(item[0]) + 1 + cell_len(item[1])

    lines: list[list[tuple[str, str]]] = [[]]
    used = 0
    for i, item in enumerate(items):
        need = cells(item) + (len(SEPARATOR) if lines[-1] else 0)
        if used + need <= width:
            lines[-1].append(item)
            used += need
            continue
        if len(lines) == max_lines:
            # F1 shown once: its own item gives way to the hint that ends the line
            lines = [[it for it in line if it[0] != MORE[0]] for line in lines]
            last = lines[-1]
            used = sum(cells(it) for it in last) + len(SEPARATOR) * max(len(last) - 1, 0)
            while last and used + len(SEPARATOR) + cells(MORE) > width:
                used -= cells(last.pop()) + (len(SEPARATOR) if last else 0)
            last.append(MORE)
            return lines
        lines.append([item])
        used = cells(item)
    return lines


def escape(text: str) -> str:
    """Text shown as it is in Textual markup: the talks' "[" key is a key, not a tag."""
    return text.replace("[", "\\[")


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; padding: 0 1; }
    """

    def on_mount(self) -> None:
        shown = [b for b in screen_bindings(type(self.screen)) if b.show]
        shown += [b for b in Binding.make_bindings(type(self.app).BINDINGS) if b.show]
        self.items = [(key_label(b), b.description) for b in shown]
        self._lay_out(self.app.size.width - 2)   # less the padding; on_resize corrects it

    def on_resize(self) -> None:
        self._lay_out(self.size.width)

    def _lay_out(self, width: int) -> None:
        lines = layout_keys(self.items, max(10, width))
        self.styles.height = len(lines)
        self.update("\n".join(
            SEPARATOR.join(f"[b $footer-key-foreground]{escape(k)}[/] {escape(d)}" for k, d in line) for line in lines))


class BindingsBar(Static):
    """Textual's Footer drawn as one line of text: the keys active where the focus is (the
    focused widget's, the screen's, the app's), redrawn when they change; a click on a key
    presses it. The Footer builds a widget per key and styles each two or three times, which
    was half the time a form took to open; its look and its key names are kept."""

    DEFAULT_CSS = """
    BindingsBar { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground;
                  text-wrap: nowrap; text-overflow: clip; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, str]] = []   # (first cell, past last cell, key) per item

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        seen: set[str] = set()
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        at = 0
        for _, binding, enabled, _ in screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key = self.app.get_key_display(binding)
            item = f"[b $footer-key-foreground] {escape(key)} [/]{escape(binding.description)} "
            parts.append(item if enabled else f"[dim]{item}[/dim]")
            width = cell_len(key) + cell_len(binding.description) + 3
            spans.append((at, at + width, binding.key))
            at += width
        self._spans = spans
        self.update("".join(parts))

    def on_click(self, event) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key.split(",")[0])
                return
