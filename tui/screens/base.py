"""What every area screen shares: the tab strip of areas on top, the footer of keys below."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.area_prep import data_generation
from tui.areas import AREAS
from tui.widgets.keybar import KeyBar


class AreaTabs(Static):
    DEFAULT_CSS = """
    AreaTabs { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, current: str) -> None:
        super().__init__(id="area-tabs")
        self.current = current

    def on_mount(self) -> None:
        self.refresh_tabs()

    def on_resize(self) -> None:
        self.refresh_tabs()

    def refresh_tabs(self) -> None:
        width = self.size.width or self.app.size.width
        roomy = width >= 100  # at 80 columns the tabs close up so that F10 备份 still shows
        parts = []
        for a in AREAS:
            key = a.key.upper()
            if a.mode == self.current:
                parts.append(f"[reverse b] {key} {a.label} [/]")
            elif roomy:
                parts.append(f" [dim]{key}[/dim] {a.label} ")
            else:
                parts.append(f"[dim]{key}[/dim] {a.label}")
        tabs = "".join(parts) if roomy else " ".join(parts)
        branch = getattr(self.app, "branch_title", "")
        tail = (f"   [b]{branch}[/b]" if branch else "") + "   [dim]F1 帮助 · Ctrl+P 命令[/dim]"
        self.update(tabs + (tail if roomy else ""))


class AreaScreen(Screen):
    """Base for an area's main screen. Subclasses set AREA (the mode name) and compose_body()."""

    AREA = ""
    read_ahead_data: tuple[tuple[int, int], object] | None = None   # (generation, data) read ahead

    @classmethod
    def read_ahead(cls, db) -> object:
        """What this screen's first showing reads, by plain store calls on `db`: the app calls it
        in a thread, on a connection of its own, while the home is idle (tui/area_prep.py), and
        the screen takes it through read_ahead_result(). None: nothing worth reading ahead."""
        return None

    @classmethod
    def prepare_more(cls, app) -> None:
        """What else the area's first use needs, readied on the UI thread in one step while the
        home is idle (tui/area_prep.py), such as 会议's editor. Nothing by default."""

    def read_ahead_result(self) -> object:
        """The data read ahead for this screen (once), or None if there is none or anything has
        been written since it was read: the caller then reads it itself."""
        ahead, self.read_ahead_data = self.read_ahead_data, None
        if ahead is None or ahead[0] != self.data_generation():
            return None
        return ahead[1]

    async def on_event(self, event: events.Event) -> None:
        # The app closing while this screen mounts (an area being prepared in the background
        # when the secretary quits): Textual then mounts none of its widgets (Widget.mount: a
        # node is not attached once the app exits; its shutdown closes them half mounted), and
        # an on_mount filling them would fail on the way out.
        if isinstance(event, events.Mount) and not (self.is_attached and self.app.is_running):
            return
        await super().on_event(event)

    def compose(self) -> ComposeResult:
        yield AreaTabs(self.AREA)
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # Subclasses load their data in their own on_mount (Textual calls both).
        self._seen_generation = self.data_generation()

    def data_generation(self) -> tuple[int, int]:
        """Changes this app made, and commits by other connections (export workers, the CLI)."""
        return data_generation(self.db)

    def data_changed(self) -> bool:
        """True once after anything was written since the last call: coming back to an area
        re-reads its records only then, so switching areas stays quick."""
        now = self.data_generation()
        changed = now != getattr(self, "_seen_generation", None)
        self._seen_generation = now
        return changed

    @property
    def db(self):
        return self.app.db


class SearchableAreaScreen(AreaScreen):
    """An area whose main view is a AreaList with a search box above and a detail pane below.

    Subclasses set SEARCH_ID and implement search_changed(text) and show_detail(); Enter on a
    row calls row_chosen() (by default action_edit()).
    """

    SEARCH_ID = ""
    BINDINGS = [Binding("escape", "clear_search", "清空搜索", show=False, tooltip="清空搜索框，回到列表")]

    def search_changed(self, text: str) -> None:
        raise NotImplementedError

    def show_detail(self) -> None:
        raise NotImplementedError

    def row_chosen(self) -> None:
        self.action_edit()

    def action_search(self) -> None:
        self.query_one(f"#{self.SEARCH_ID}", Input).focus()

    def action_clear_search(self) -> None:
        """Esc: leave the search box and clear it, so the next key is a hotkey on the whole list."""
        search = self.query_one(f"#{self.SEARCH_ID}", Input)
        if search.value:
            with search.prevent(Input.Changed):
                search.value = ""
            self.search_changed("")
        self._list_table().focus()

    @on(Input.Changed)
    def _search_changed(self, event: Input.Changed) -> None:
        if event.input.id == self.SEARCH_ID:
            self.search_changed(event.value)

    @on(Input.Submitted)
    def _search_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == self.SEARCH_ID:
            self._list_table().focus()

    def on_list_table_row_highlighted(self, event) -> None:
        if event.table is self._list_table():
            self.show_detail()

    def on_list_table_row_selected(self, event) -> None:
        if event.table is self._list_table():
            self.row_chosen()

    def _list_table(self):
        from tui.widgets.area_list import AreaList

        return self.query_one(AreaList)
