"""A light table for lists: keeps the rows as they are and draws only the lines on screen.

Textual's DataTable renders every cell through Rich and measures every cell it holds, which
costs tens of milliseconds for a screenful and seconds for ten years of records. This one
draws each visible line straight from the row's strings (Textual's Line API), so a list of
any length opens in the time of one screen. Cells are plain strings or Rich `Text` (for a
coloured status); columns are as wide as their widest cell, up to `max_width` cells, and the
widest are narrowed (cut with …) to fit the screen. The cursor is on a row, or with
cursor_type="cell" on one cell (←/→ move it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from operator import itemgetter

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
# A column whose every cell starts with a date ("2026-12-01", "2026-12", "2026年12月1日", a range
# "2026-08-18 起") or is a number (a phone, an amount) is never cut: "2026-12-…" hides the day,
# "1339604…" the number, the one thing the column is for. The other columns are cut first.
WHOLE_CELL = re.compile(r"\d{4}(-\d{1,2}|年\d{1,2}月)|[\d\s.,:/+\-]+$")
WHOLE_SAMPLE = 200  # rows looked at to tell such a column (a list's first screenfuls)


class ListTable(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("enter", "select_cursor", "选择", show=False),
        Binding("up", "cursor_up", "上一行", show=False),
        Binding("down", "cursor_down", "下一行", show=False),
        Binding("pageup", "page_up", "上一屏", show=False),
        Binding("pagedown", "page_down", "下一屏", show=False),
        Binding("home,ctrl+home", "first", "第一行", show=False),
        Binding("end,ctrl+end", "last", "最后一行", show=False),
        Binding("left", "cursor_left", "左一格", show=False),
        Binding("right", "cursor_right", "右一格", show=False),
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

    class CellHighlighted(Message):
        """The cursor moved, in a table with a cell cursor (cursor_type="cell")."""

        def __init__(self, table: ListTable, cursor_row: int, cursor_column: int, row_key: object) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row
            self.cursor_column = cursor_column
            self.row_key = row_key

        @property
        def control(self) -> ListTable:
            return self.table

    class CellSelected(CellHighlighted):
        pass

    def __init__(self, *columns: str, rows: Sequence[Sequence[Cell | None]] = (), keys: Sequence[object] | None = None,
                 zebra_stripes: bool = True, max_width: int = 60, fit_width: bool = True,
                 cursor_type: str = "row", fixed_columns: int = 0,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.fixed_columns = fixed_columns  # the first columns (a name) stay put when the rest scroll
        self.cells = cursor_type == "cell"   # the cursor is on one cell, ←/→ move it
        self.zebra_stripes = zebra_stripes
        self.max_width = max_width
        self.fit_width = fit_width
        self.columns: list[str] = list(columns)
        self.rows: list[tuple[Cell, ...]] = []
        self.keys: list[object] = []
        self.widths: list[int] = []
        self._cursor = 0
        self._column = 0
        self._lines: dict[tuple[int, int], Strip] = {}   # (row, where the cursor is on it) → its line
        self._base: Style | None = None                    # the widget's own style, once per redraw
        self._natural: list[int] = []
        self._room: int | None = None     # the width the columns were fitted to
        self._cell_widths: dict[str, int] = {}  # a cell's text → its width in terminal cells
        self._whole: set[int] = set()  # date and number columns: cut the others first
        self._keep(rows, keys)
        self._measure()

    def _keep(self, rows: Sequence[Sequence[Cell | None]], keys: Sequence[object] | None) -> None:
        self.rows = list(map(tuple, rows))  # a None or a number is made a string by _measure
        self.keys = list(keys) if keys is not None else list(range(len(self.rows)))

    def _as_strings(self) -> None:
        self.rows = [tuple("" if c is None else c if isinstance(c, Text) else str(c) for c in row) for row in self.rows]

    # ── data ──

    def set_columns(self, *labels: str) -> None:
        self.columns = list(labels)
        self._column = min(self._column, max(len(labels) - 1, 0))
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

    @property
    def cursor_column(self) -> int:
        return self._column

    def move_cursor(self, *, row: int | None = None, column: int | None = None) -> None:
        row = max(0, min(self._cursor if row is None else row, len(self.rows) - 1))
        column = max(0, min(self._column if column is None else column, len(self.columns) - 1))
        moved = (row, column) != (self._cursor, self._column)
        self._cursor, self._column = row, column
        self._forget()
        self._scroll_to_cursor()
        self.refresh()
        if moved and self.rows:
            if self.cells:
                self.post_message(self.CellHighlighted(self, row, column, self.keys[row]))
            else:
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

    def action_cursor_left(self) -> None:
        if self.cells:
            self.move_cursor(column=self._column - 1)
        else:
            self.scroll_left(animate=False)

    def action_cursor_right(self) -> None:
        if self.cells:
            self.move_cursor(column=self._column + 1)
        else:
            self.scroll_right(animate=False)

    def action_select_cursor(self) -> None:
        if not self.rows:
            return
        key = self.keys[self._cursor]
        if self.cells:
            self.post_message(self.CellSelected(self, self._cursor, self._column, key))
        else:
            self.post_message(self.RowSelected(self, self._cursor, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = int(self.scroll_y) + offset.y - 1
        column = self._column
        if self.cells:
            fixed = self._fixed_width
            x = offset.x if offset.x < fixed else int(self.scroll_x) + offset.x
            column = 0
            while column < len(self.widths) - 1 and x >= self.widths[column]:
                x -= self.widths[column]
                column += 1
        if 0 <= row < len(self.rows):
            if (row, column) == (self._cursor, self._column):
                self.action_select_cursor()
            self.move_cursor(row=row, column=column)

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
        if self.cells and self.widths and self._column >= self.fixed_columns:
            fixed = self._fixed_width
            left = sum(self.widths[self.fixed_columns: self._column])
            right, width = left + self.widths[self._column], self.scrollable_content_region.width - fixed
            if left < self.scroll_x:
                self.scroll_to(x=left, animate=False)
            elif width and right > self.scroll_x + width:
                self.scroll_to(x=right - width, animate=False)

    @property
    def _fixed_width(self) -> int:
        return sum(self.widths[: self.fixed_columns])

    def _measure(self) -> None:
        """Each column's natural width: its widest cell, in terminal cells. A list re-filtered as
        the secretary types shows the same strings again and again: their widths are kept."""
        known = self._cell_widths
        if len(known) > 200_000:
            known.clear()
        widths = [cell_len(c) for c in self.columns]
        rows = self.rows
        even = len(set(map(len, rows))) <= 1 and (not rows or len(rows[0]) >= len(widths))

        def cells(i: int) -> Iterable[Cell]:  # a column read straight from the rows, not a transposed copy
            return map(itemgetter(i), rows) if even else (row[i] for row in rows if len(row) > i)

        for i, best in enumerate(widths):
            try:  # strings measured before: the usual keystroke
                widest = max(map(known.__getitem__, cells(i)), default=0)
            except (KeyError, TypeError):  # a coloured cell (Text), a new string, a None or a number
                column = [c.plain if isinstance(c, Text) else c for c in cells(i)]
                try:
                    widest = max(map(known.__getitem__, column), default=0)
                except (KeyError, TypeError):
                    if not all(type(c) is str for c in column):
                        self._as_strings()
                        return self._measure()
                    for text in column:
                        if text not in known:
                            known[text] = len(text) if text.isascii() and text.isprintable() else cell_len(text)
                    widest = max(map(known.__getitem__, column), default=0)
            widths[i] = max(best, widest)
        self._natural = [min(w, self.max_width) + 2 * PADDING for w in widths]
        self._whole = {i for i in range(len(widths)) if self._is_whole_column(i)}
        self._room = None
        self._fit()

    def _is_whole_column(self, index: int) -> bool:
        seen = False
        for row in self.rows[:WHOLE_SAMPLE]:
            if index >= len(row):
                return False
            cell = row[index]
            text = cell.plain if isinstance(cell, Text) else cell
            if not text or text in ("—", "-"):
                continue
            if not WHOLE_CELL.match(text):
                return False
            seen = True
        return seen

    def _fit(self, repaint: bool = True) -> None:
        """The measured widths, the widest columns narrowed (their text cut with "…") until the
        table fits the width it has: the pane below a list shows a row whole, and a secretary
        should not need to scroll sideways. Called again as the first line is drawn at a new
        width, so a list is drawn once at its real width, not first at none and then again."""
        room = self.scrollable_content_region.width if self.fit_width else 0
        if room == self._room:
            return
        self._room = room
        widths = list(self._natural)
        if room > 0:
            floor = MIN_WIDTH + 2 * PADDING
            # fixed columns (a name) are never cut: the wrong person would be marked; dates neither
            cuttable = [i for i in range(self.fixed_columns, len(widths)) if i not in self._whole]
            while sum(widths) > room:
                widest = max(cuttable, key=widths.__getitem__, default=None)
                if widest is None:
                    break
                movable = [widths[i] for i in cuttable]
                others = sorted(movable)[-2] if len(movable) > 1 else floor
                target = max(floor, others, widths[widest] - (sum(widths) - room))
                if target >= widths[widest]:
                    target = widths[widest] - 1
                if target < floor:
                    break  # too many columns for the screen: it scrolls sideways instead
                widths[widest] = target
        # Not yet laid out, a table that fits its width claims none of it: no sideways
        # scrollbar shown for the one frame before the widths are fitted.
        wide = sum(widths) if room > 0 or not self.fit_width else 0
        self.widths = widths
        self._forget()
        self._set_virtual_size(Size(wide, len(self.rows) + 1))
        if repaint:
            self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """The virtual size, with a layout of the screen only when it changes what is laid out:
        the table's own height (a list of auto height that is not already at its limit), or a
        scrollbar shown or hidden. A search narrowing a long list is then a repaint, not a layout."""
        old = self.virtual_size
        if size == old:
            return
        shown = self.scrollable_content_region.height
        if not self.is_mounted or not shown:
            self.virtual_size = size
            return
        bars = (self.show_vertical_scrollbar, self.show_horizontal_scrollbar)
        self.set_reactive(ListTable.virtual_size, size)
        self._refresh_scrollbars()
        clamped = old.height > shown and size.height > shown
        if bars != (self.show_vertical_scrollbar, self.show_horizontal_scrollbar) or (
                self.styles.height is not None and self.styles.height.is_auto and not clamped):
            self.refresh(layout=True)
        self._scroll_update(size)

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

    def _line(self, cells: Sequence[Cell], style: Style, cursor: int = -1, cursor_style: Style | None = None) -> Strip:
        """One line; the cell at index `cursor` (a cell cursor) drawn in `cursor_style`."""
        segments: list[Segment] = []
        pad = " " * PADDING
        for i, (width, cell) in enumerate(zip(self.widths, cells)):
            here = style + cursor_style if i == cursor and cursor_style is not None else style
            inner = width - 2 * PADDING
            if isinstance(cell, Text) and cell.spans:
                segments += self._spans(cell, inner, here)
                continue
            if isinstance(cell, Text):
                cell_style = here + (cell.style if isinstance(cell.style, Style) else Style.parse(cell.style))
                text = cell.plain
            else:
                cell_style, text = here, cell
            n = cell_len(text)
            if n > inner:  # (a wide character cut in half leaves a space: the … goes before it)
                cut = set_cell_size(text, inner - 1).rstrip()
                n, text = cell_len(cut) + 1, cut + "…"
            text += " " * (inner - n)
            segments.append(Segment(pad + text + pad, cell_style))
        return Strip(segments, sum(self.widths[: len(cells)]))

    def _spans(self, cell: Text, inner: int, style: Style) -> list[Segment]:
        """A cell of several styles (such as ✓ in green and 补 in red), fitted to `inner` cells."""
        if cell.cell_len > inner:
            cell = cell.copy()
            cell.truncate(inner, overflow="ellipsis")
        body = [Segment(seg.text, style + seg.style if seg.style else style)
                for seg in cell.render(self.app.console) if seg.text]
        body = Segment.adjust_line_length(body, inner, style=style)
        pad = Segment(" " * PADDING, style)
        return [pad, *body, pad]

    def _row_line(self, index: int, base: Style) -> Strip:
        on_row = index == self._cursor
        key = (index, self._column if on_row and self.cells else -1 if not on_row else -2)
        cached = self._lines.get(key)
        if cached is None:
            style = base
            if self.zebra_stripes and index % 2:
                style += self.get_component_rich_style("list-table--even-row")
            cursor_style = self.get_component_rich_style("list-table--cursor") if on_row else None
            if on_row and self.cells:
                cached = self._line(self.rows[index], style, self._column, cursor_style)
            else:
                cached = self._line(self.rows[index], style + cursor_style if cursor_style else style)
            self._lines[key] = cached
        return cached

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self.fit_width and width != self._room:
            self._fit(repaint=False)  # drawing now, at the width it has
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
        fixed = self._fixed_width if self.fixed_columns else 0
        if fixed and scroll_x:
            return Strip.join([strip.crop(0, fixed), strip.crop_extend(fixed + scroll_x, scroll_x + width, base)])
        return strip.crop_extend(scroll_x, scroll_x + width, base)
