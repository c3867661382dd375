"""The list of an area: a ListTable holding every row, whose cursor starts on top.

ListTable draws only the lines on screen, so ten years of records open as fast as a screenful
and need no pages. What this adds is the areas' habit: after `set_rows` the cursor is on
`keep_key`, or else on the first row (a search shows its first hit), never left on a line
number of the list before.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.widgets.list_table import Cell, ListTable


class AreaList(ListTable):
    def set_rows(self, rows: Sequence[Sequence[Cell | None]], keys: Sequence[object] | None = None, *,
                 keep_key: object = None) -> None:
        """Replace every row; `keys` are the ids handed back by `selected_key`."""
        self._cursor = 0
        super().set_rows(rows, keys, keep_key=keep_key)

    @property
    def total(self) -> int:
        return len(self.rows)
