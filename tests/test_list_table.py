"""The line-based list every area shows: fits the screen, keeps the cursor, acts on Enter."""

from __future__ import annotations

from rich.text import Text
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


class Grid(App):
    def __init__(self, table: ListTable) -> None:
        super().__init__()
        self.table = table
        self.chosen: list[tuple[object, int]] = []

    def compose(self):
        yield self.table

    def on_list_table_cell_selected(self, message: ListTable.CellSelected) -> None:
        self.chosen.append((message.row_key, message.cursor_column))


async def test_a_cell_cursor_moves_by_arrow_keys_and_enter_names_the_cell():
    months = [f"{m}月" for m in range(1, 13)]
    rows = [(f"党员{i}", *[Text.from_markup("[green]✓[/][red]补[/]")] * 12) for i in range(5)]
    app = Grid(ListTable("姓名", *months, rows=rows, keys=list("abcde"), cursor_type="cell"))
    async with app.run_test(size=(40, 10)) as pilot:   # too narrow for twelve months: it scrolls
        app.table.focus()
        await pilot.press("down", *["right"] * 11, "enter")
        await pilot.pause()
        assert app.chosen == [("b", 11)] and app.table.cursor_column == 11
        assert app.table.scroll_x > 0   # the 11月 column was scrolled into view
        strip = app.table.render_line(2)
        colours = {seg.style.color.name for seg in strip if seg.text.strip() in ("✓", "补") and seg.style and seg.style.color}
        assert {"green", "red"} <= colours   # one cell, two colours


async def test_fixed_columns_stay_when_the_months_scroll_at_80_columns(demo_db):
    """At 80×24 the 党费 ledger scrolls to December and every row still shows its whole name."""
    from tests.conftest import make_app
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        table = app.screen.query_one("#dues-table")
        for _ in range(14):
            await pilot.press("right")
        await pilot.pause()
        assert table.scroll_x > 0
        first_names = [str(table.render_line(y + 1).text).split()[0] for y in range(3)]
        expected = [str(table.rows[int(table.scroll_y) + y][0]) for y in range(3)]
        assert first_names == expected
        header = str(table.render_line(0).text)
        assert header.split()[:2] == ["姓名", "月应交"] and "12月" in header


async def test_dates_and_numbers_are_never_cut_the_other_columns_are():
    rows = [("2026-11-25", "很长的会议名称" * 3, "13800138000", "2025-06-06～2026-03-03")] * 3
    app = One(ListTable("日期", "会议", "手机", "起止", rows=rows))
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        line = "".join(seg.text for seg in app.table.render_line(1))
        assert line.startswith(" 2026-11-25 ") and "13800138000" in line and "2025-06-06～2026-03-03" in line
        assert "…" in line and sum(app.table.widths) <= 60          # the meeting's name gave way


async def test_a_list_of_names_with_fixed_columns_keeps_the_name_whole():
    rows = [("欧阳建国（已离开）", "说明" * 30)] * 3
    app = One(ListTable("姓名", "说明", rows=rows, fixed_columns=1))
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        line = "".join(seg.text for seg in app.table.render_line(1))
        assert line.startswith(" 欧阳建国（已离开） ")
