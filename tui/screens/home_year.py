"""年度一览: months × obligations for any year, each cell held or not, for showing an inspector."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui.rules import obligations as rules
from tui.screens.base import AreaScreen
from tui.store import obligations as store

CELL_STYLE = {
    rules.HELD: "green",
    rules.WEAK: "bold yellow",
    rules.MISSED: "bold red",
    rules.OPEN: "yellow",
    rules.MET: "dim",
    rules.FUTURE: "dim",
}


NARROW = 100  # columns below which the grid closes up


class YearScreen(AreaScreen):
    AREA = "home"
    BINDINGS = [
        Binding("left,minus", "year(-1)", "上一年", key_display="←", priority=True),
        Binding("right,equals_sign,plus", "year(1)", "下一年", key_display="→", priority=True),
        Binding("t", "this_year", "今年"),
        Binding("escape,q", "close", "返回工作台", key_display="Esc"),
    ]
    DEFAULT_CSS = """
    YearScreen #year-title { height: auto; padding: 0 1; }
    YearScreen #year-grid { height: 1fr; }
    YearScreen #year-legend { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, year: int, today: dt.date) -> None:
        super().__init__()
        self.year = year
        self.today = today
        self.first_year = year

    def compose_body(self) -> ComposeResult:
        yield Static("", id="year-title")
        yield DataTable(id="year-grid", cursor_type="row", zebra_stripes=True)
        yield Static(rules.GRID_LEGEND + "　欠N 党费N人未交　外N 经批准离开N人\n合计：达标期数/应达标期数（党课：已召开/应召开次数；谈心谈话：已覆盖/应覆盖）", id="year-legend")

    def on_mount(self) -> None:
        self.load()
        self.query_one(DataTable).focus()

    def load(self) -> None:
        view = store.year_view(self.db, self.year, self.today)
        self.first_year = view.first_year
        table = self.query_one(DataTable)
        table.clear(columns=True)
        # At 80 columns the twelve months and 合计 must fit (←/→ change the year, so there is no
        # scrolling sideways): months by number, one space between columns, 要求 left out.
        narrow = self.app.size.width < NARROW
        self._narrow = narrow
        table.cell_padding = 0 if narrow else 1
        pad = " " if narrow else ""
        if narrow:
            table.add_columns(" 事项", *[f"{pad}{m:>2}" for m in range(1, 13)], f"{pad}合计")
        else:
            table.add_columns("事项", "要求", *[f"{m}月" for m in range(1, 13)], "合计")
        for row in view.rows:
            cells = [Text(pad + c.text, style=CELL_STYLE.get(c.state, "")) for c in row.cells]
            rule = () if narrow else (row.rule,)
            table.add_row(pad + row.title, *rule, *cells, pad + row.summary, key=row.key)
        span = f"（记录始于 {view.first_year} 年）" if view.first_year < self.year else ""
        self.query_one("#year-title", Static).update(
            f"[b]{self.year} 年度一览[/b]  {span}   [dim]←/→ 换年份 · T 今年 · Esc 返回[/dim]"
        )

    def on_resize(self) -> None:
        if getattr(self, "_narrow", None) is not None and (self.app.size.width < NARROW) != self._narrow:
            self.load()

    def action_year(self, step: int) -> None:
        target = self.year + step
        if target > self.today.year or target < min(self.first_year, self.today.year) - 1:
            self.notify("没有更多年份的记录。")
            return
        self.year = target
        self.load()

    def action_this_year(self) -> None:
        self.year = self.today.year
        self.load()

    def action_close(self) -> None:
        self.app.pop_screen()
