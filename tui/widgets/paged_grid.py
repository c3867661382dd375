"""A DataTable that shows one page of a long grid at a time: the 党费 ledger, whose cursor is on
one month of one member (a cell), which the line-based ListTable does not have.

DataTable measures every cell it holds, so a long table takes seconds to paint. This keeps
every row in memory as plain strings and gives the table one page; moving past the last row
(or PageDown on it) turns the page.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

PAGE_SIZE = 100


class PagedGrid(DataTable):
    BINDINGS = [
        Binding("ctrl+pagedown,ctrl+right", "next_page", "下一页", show=False),
        Binding("ctrl+pageup,ctrl+left", "prev_page", "上一页", show=False),
    ]

    class PageChanged(Message):
        def __init__(self, table: "PagedGrid") -> None:
            super().__init__()
            self.table = table

    def __init__(self, *args, page_size: int = PAGE_SIZE, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(*args, **kwargs)
        self.page_size = page_size
        self.page = 0
        self._all_rows: list[tuple[str, ...]] = []
        self._keys: list[object] = []

    # ── data ──
    def set_rows(self, rows: Sequence[Sequence[object]], keys: Sequence[object], *, keep_key: object = None) -> None:
        """Replace every row; `keys` are the ids handed back by `selected_key`."""
        self._all_rows = [tuple("" if c is None else str(c) for c in row) for row in rows]
        self._keys = list(keys)
        target = 0
        if keep_key is not None and keep_key in self._keys:
            target = self._keys.index(keep_key)
        self._show_page(target // self.page_size, target % self.page_size)

    @property
    def total(self) -> int:
        return len(self._all_rows)

    @property
    def page_count(self) -> int:
        return max(1, -(-len(self._all_rows) // self.page_size))

    @property
    def selected_key(self) -> object | None:
        if not self._all_rows or self.row_count == 0:
            return None
        index = self.page * self.page_size + self.cursor_row
        return self._keys[index] if 0 <= index < len(self._keys) else None

    def count_label(self) -> str:
        if self.page_count <= 1:
            return f"共 {self.total} 条"
        return f"共 {self.total} 条 · 第 {self.page + 1}/{self.page_count} 页（Ctrl+→/← 翻页）"

    def _show_page(self, page: int, cursor: int = 0) -> None:
        page = max(0, min(page, self.page_count - 1))
        self.page = page
        start = page * self.page_size
        self.clear()
        chunk = self._all_rows[start : start + self.page_size]
        self.add_rows(chunk)
        if chunk:
            self.move_cursor(row=min(cursor, len(chunk) - 1))
        self.post_message(self.PageChanged(self))

    # ── paging ──
    def action_next_page(self) -> None:
        if self.page + 1 < self.page_count:
            self._show_page(self.page + 1, 0)

    def action_prev_page(self) -> None:
        if self.page > 0:
            self._show_page(self.page - 1, self.page_size - 1)

    def action_cursor_down(self) -> None:
        if self.cursor_row >= self.row_count - 1 and self.page + 1 < self.page_count:
            self.action_next_page()
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.cursor_row == 0 and self.page > 0:
            self.action_prev_page()
            return
        super().action_cursor_up()
