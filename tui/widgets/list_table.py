"""A light table for lists: keeps the rows as they are and draws only the lines on screen.

Textual's DataTable renders every cell through Rich and measures every cell it holds, which
costs tens of milliseconds for a screenful and seconds for ten years of records. This one
draws each visible line straight from the row's strings (Textual's Line API), so a list of
any length opens in the time of one screen. Cells are plain strings or Rich `Text` (for a
coloured status); columns are as wide as their widest cell, up to `max_width` cells.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cell = str | Text
PADDING = 1   # blank cells each side of a column, as DataTable draws them
MIN_WIDTH = 8  # a column is narrowed to fit the screen down to this many cells, no further


class ListTable(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("enter", "select_cursor", "选择", show=False),
        Binding("up", "cursor_up", "上一行", show=False),
        Binding("down", "cursor_down", "下一行", show=False),
        Binding("pageup", "page_up", "上一屏", show=False),
        Binding("pagedown", "page_down", "下一屏", show=False),
        Binding("home,ctrl+home", "first", "第一行", show=False),
        Binding("end,ctrl+end", "last", "最后一行", show=False),
    ]
    COMPONENT_CLASSES = {"list-table--header", "list-table--cursor", "list-table--even-row"}
    DEFAULT_CSS = """
    ListTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .list-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        &:dark > .list-table--even-row { background: $surface-darken-1 40%; }
        & > .list-table--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .list-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .list-table--even-row { background: $surface-lighten-1 50%; }
        & > .list-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class RowHighlighted(Message):
        def __init__(self, table: ListTable, cursor_row: int, row_key: object) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.row_key = row_key

        @property
        def control(self) -> ListTable:
            return self.table

    class RowSelected(RowHighlighted):
        pass

    def __init__(self, *columns: str, rows: Sequence[Sequence[Cell | None]] = (), keys: Sequence[object] | None = None,
                 zebra_stripes: bool = True, max_width: int = 60, fit_width: bool = True,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.zebra_stripes = zebra_stripes
        self.max_width = max_width
        self.fit_width = fit_width
        self.columns: list[str] = list(columns)
        self.rows: list[tuple[Cell, ...]] = []
        self.keys: list[object] = []
        self.widths: list[int] = []
        self._cursor = 0
        self._lines: dict[tuple[int, bool], Strip] = {}   # (row, has the cursor) → its drawn line
        self._base: Style | None = None                    # the widget's own style, once per redraw
        self._natural: list[int] = []
        self._keep(rows, keys)
        self._measure()

    def _keep(self, rows: Sequence[Sequence[Cell | None]], keys: Sequence[object] | None) -> None:
        self.rows = [tuple("" if c is None else c if isinstance(c, Text) else str(c) for c in row) for row in rows]
        self.keys = list(keys) if keys is not None else list(range(len(self.rows)))

    # ── data ──

    def add_columns(self, *labels: str) -> None:
        self.columns.extend(labels)
        self._measure()

    def set_rows(self, rows: Sequence[Sequence[Cell | None]], keys: Sequence[object] | None = None, *,
                 keep_key: object = None) -> None:
        """Replace every row; `keys` are handed back by `selected_key` and the messages. The
        cursor stays on `keep_key` if it is still there, else on the same line number."""
        self._keep(rows, keys)
        if keep_key is not None and keep_key in self.keys:
            cursor = self.keys.index(keep_key)
        else:
            cursor = min(self._cursor, len(self.rows) - 1)
        self._measure()
        self._cursor = -1
        self.move_cursor(row=max(cursor, 0))

    def clear(self) -> None:
        self.set_rows([], [])

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def get_row_at(self, index: int) -> list[Cell]:
        return list(self.rows[index])

    @property
    def cursor_row(self) -> int:
        return self._cursor if self.rows else -1

    @property
    def selected_key(self) -> object | None:
        return self.keys[self._cursor] if self.rows else None

    def move_cursor(self, *, row: int) -> None:
        row = max(0, min(row, len(self.rows) - 1))
        moved = row != self._cursor
        self._cursor = row
        self._forget()
        self._scroll_to_cursor()
        self.refresh()
        if moved and self.rows:
            self.post_message(self.RowHighlighted(self, row, self.keys[row]))

    # ── keys ──

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self._cursor - self._page_rows)

    def action_page_down(self) -> None:
        self.move_cursor(row=self._cursor + self._page_rows)

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self.rows) - 1)

    def action_select_cursor(self) -> None:
        if self.rows:
            self.post_message(self.RowSelected(self, self._cursor, self.keys[self._cursor]))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = int(self.scroll_y) + offset.y - 1
        if 0 <= row < len(self.rows):
            if row == self._cursor:
                self.action_select_cursor()
            self.move_cursor(row=row)

    # ── drawing ──

    @property
    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top = int(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif self._cursor > top + self._page_rows - 1:
            self.scroll_to(y=self._cursor - self._page_rows + 1, animate=False)

    def _measure(self) -> None:
        widths = [cell_len(c) for c in self.columns]
        for row in self.rows:
            for i, cell in enumerate(row[: len(widths)]):
                n = cell.cell_len if isinstance(cell, Text) else cell_len(cell)
                if n > widths[i]:
                    widths[i] = n
        self._natural = [min(w, self.max_width) + 2 * PADDING for w in widths]
        self._fit()

    def _fit(self) -> None:
        """The measured widths, the widest columns narrowed (their text cut with "…") until the
        table fits the width it has: the pane below a list shows a row whole, and a secretary
        should not need to scroll sideways."""
        widths = list(self._natural)
        room = self.scrollable_content_region.width if self.fit_width else 0
        if room > 0:
            floor = MIN_WIDTH + 2 * PADDING
            while sum(widths) > room:
                widest = max(range(len(widths)), key=widths.__getitem__)
                others = sorted(widths)[-2] if len(widths) > 1 else floor
                target = max(floor, others, widths[widest] - (sum(widths) - room))
                if target >= widths[widest]:
                    target = widths[widest] - 1
                if target < floor:
                    break  # too many columns for the screen: it scrolls sideways instead
                widths[widest] = target
        self.widths = widths
        self.virtual_size = Size(sum(widths), len(self.rows) + 1)
        self._forget()
        self.refresh()

    def _forget(self) -> None:
        self._lines.clear()
        self._base = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget()

    def _on_resize(self, event: events.Resize) -> None:
        self._fit()
        self._scroll_to_cursor()

    def on_focus(self) -> None:
        self._forget()
        self.refresh()

    def on_blur(self) -> None:
        self._forget()
        self.refresh()

    def _line(self, cells: Sequence[Cell], style: Style) -> Strip:
        segments: list[Segment] = []
        pad = " " * PADDING
        for width, cell in zip(self.widths, cells):
            inner = width - 2 * PADDING
            if isinstance(cell, Text):
                cell_style = style + cell.style if isinstance(cell.style, Style) else style + Style.parse(cell.style)
                text = cell.plain
            else:
                cell_style, text = style, cell
            n = cell_len(text)
            text = set_cell_size(text, inner - 1) + "…" if n > inner else text + " " * (inner - n)
            segments.append(Segment(pad + text + pad, cell_style))
        return Strip(segments, sum(self.widths[: len(cells)]))

    def _row_line(self, index: int, base: Style) -> Strip:
        cursor = index == self._cursor
        cached = self._lines.get((index, cursor))
        if cached is None:
            style = base
            if self.zebra_stripes and index % 2:
                style += self.get_component_rich_style("list-table--even-row")
            if cursor:
                style += self.get_component_rich_style("list-table--cursor")
            cached = self._lines[(index, cursor)] = self._line(self.rows[index], style)
        return cached

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        base = self._base
        if base is None:
            base = self._base = self.rich_style
        if y == 0:
            strip = self._line(self.columns, base + self.get_component_rich_style("list-table--header"))
        else:
            index = scroll_y + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, base)
            strip = self._row_line(index, base)
        return strip.crop_extend(scroll_x, scroll_x + width, base)
