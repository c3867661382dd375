"""The line-based list every area shows: fits the screen, keeps the cursor, acts on Enter."""

from __future__ import annotations

from textual.app import App

from tui.widgets.list_table import ListTable


class One(App):
    def __init__(self, table: ListTable) -> None:
        super().__init__()
        self.table = table
        self.chosen: list[object] = []

    def compose(self):
        yield self.table

    def on_list_table_row_selected(self, message: ListTable.RowSelected) -> None:
        self.chosen.append(message.row_key)


def rows(n: int) -> list[tuple[str, str]]:
    return [(f"第{i}行", "很长的说明文字" * 8) for i in range(n)]


async def test_a_wide_list_is_narrowed_to_the_screen_and_cut_with_an_ellipsis():
    app = One(ListTable("名称", "说明", rows=rows(3), keys=["a", "b", "c"]))
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        assert sum(app.table.widths) <= 60
        line = "".join(seg.text for seg in app.table.render_line(1))
        assert line.rstrip().endswith("…") and line.startswith(" 第0行")


async def test_a_list_that_cannot_fit_keeps_its_columns_and_scrolls_sideways():
    app = One(ListTable("名称", "说明", rows=rows(3), fit_width=False))
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        assert sum(app.table.widths) > 60


async def test_the_cursor_moves_by_key_and_enter_hands_back_the_rows_key():
    app = One(ListTable("名称", "说明", rows=rows(500), keys=list(range(500))))
    async with app.run_test(size=(60, 10)) as pilot:
        app.table.focus()
        await pilot.press("down", "down", "enter")
        await pilot.press("end", "enter")
        await pilot.pause()
        assert app.chosen == [2, 499]
        assert app.table.scroll_y > 0  # the last row was scrolled into view
        app.table.set_rows(rows(10), list(range(10)), keep_key=7)
        assert app.table.selected_key == 7
