"""The committee's view of its branches' 报送包 (read-only): branches × measures, the branches
behind marked ⚠, Enter drills down to one branch's sheets, M writes the merged workbook.

Reading and writing run in thread workers that only post messages; the screen never touches a
branch file (packages only) and never writes into a package.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.errors import ZhibuError
from tui.widgets.form import FieldSpec, FormDialog


class _Opened(Message):
    def __init__(self, view) -> None:
        super().__init__()
        self.view = view


class _Failed(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class _Merged(Message):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


SHOWN_ROWS = 2000      # DataTable measures every cell: a longer sheet is shown in part
ROSTER_CHOICES = ("不合并（只汇总各项指标）", "合并各支部党员名册")


def ask_folder(app, start: str = "") -> None:
    """Ask for the folder of packages, then open the committee's view on it."""
    def check(values: dict) -> str:
        folder = Path(str(values["folder"]).strip()).expanduser()
        if not folder.is_dir():
            raise ZhibuError(f"找不到文件夹：{folder}", "folder")
        return str(folder)

    def chosen(folder: str | None) -> None:
        if folder:
            app.push_screen(CommitteeScreen(Path(folder)))

    app.push_screen(FormDialog("汇总各支部报送包（只读）", [FieldSpec("folder", "报送包所在文件夹", required=True)],
                               {"folder": start}, check), chosen)


class CommitteeScreen(Screen):
    DEFAULT_CSS = """
    #committee-table { height: 1fr; }
    #committee-notes { height: auto; max-height: 6; overflow-y: auto; padding: 0 1; }
    """
    BINDINGS = [
        Binding("enter", "drill", "查看支部", tooltip="逐表查看所选支部的报送包"),
        Binding("m", "merge", "导出汇总表", tooltip="把全部支部合并成一个 .xlsx（不改动任何报送包）"),
        Binding("r", "reload", "重新读取"),
        Binding("escape", "close", "返回"),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.view = None

    def compose(self) -> ComposeResult:
        yield Static(f"报送包汇总：{self.folder}（读取中…）", id="committee-title")
        yield DataTable(id="committee-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="committee-notes")
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self.query_one("#committee-title", Static).update(f"报送包汇总：{self.folder}（读取中…）")
        self._read()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _read(self) -> None:
        from tui.committee.view import open_folder

        try:
            self.post_message(_Opened(open_folder(self.folder)))
        except ZhibuError as exc:
            self.post_message(_Failed(str(exc)))

    @on(_Opened)
    def _show(self, event: _Opened) -> None:
        from tui.committee.view import MEASURES

        self.view = view = event.view
        table = self.query_one("#committee-table", DataTable)
        table.clear(columns=True)
        table.add_columns(*MEASURES)
        for row in view.rows:
            cells = row.cells()
            cells[0] = ("⚠ " if row.flagged else "") + cells[0]
            table.add_row(*cells, key=row.label)
        behind = sum(r.flagged for r in view.rows)
        self.query_one("#committee-title", Static).update(
            f"报送包汇总：{len(view.rows)} 个支部，{behind} 个落后（⚠）  [dim]回车 查看 · M 汇总表[/dim]")
        notes = [f"⚠ {r.label}：{'；'.join(r.flags)}" for r in view.rows if r.flagged] + view.messages
        self.query_one("#committee-notes", Static).update("\n".join(notes) or "全部支部各项达标。")
        table.focus()

    @on(_Failed)
    def _failed(self, event: _Failed) -> None:
        self.query_one("#committee-title", Static).update(f"报送包汇总：{self.folder}")
        self.query_one("#committee-notes", Static).update(event.text)
        self.app.notify(event.text, title="未能读取", severity="error", timeout=10)

    def _selected(self):
        table = self.query_one("#committee-table", DataTable)
        if self.view is None or not self.view.rows:
            return None
        return self.view.rows[table.cursor_row]

    @on(DataTable.RowSelected, "#committee-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_drill()

    def action_drill(self) -> None:
        row = self._selected()
        if row is not None:
            self.app.push_screen(BranchPackageScreen(row))

    def action_merge(self) -> None:
        if self.view is None or not self.view.rows:
            self.app.notify("没有可汇总的报送包", severity="warning")
            return

        def chosen(answer: tuple[str, bool] | None) -> None:
            if answer:
                self._merge(Path(answer[0]), answer[1])

        default = str(self.folder.parent / "报送包汇总.xlsx")
        fields = [FieldSpec("out", "保存为", required=True),
                  FieldSpec("roster", "党员名册", "choice", list(ROSTER_CHOICES), required=True)]
        self.app.push_screen(FormDialog("导出汇总表（.xlsx）", fields, {"out": default, "roster": ROSTER_CHOICES[0]},
                                        lambda v: (str(v["out"]).strip(), v["roster"] == ROSTER_CHOICES[1])), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _merge(self, out: Path, roster: bool) -> None:
        from tui.export.package_merge import write_merged

        try:
            self.post_message(_Merged(write_merged(self.view, out, roster=roster)))
        except ZhibuError as exc:
            self.post_message(_Failed(str(exc)))

    @on(_Merged)
    def _merged(self, event: _Merged) -> None:
        self.app.notify(f"已导出汇总表：{event.path.name}\n文件夹：{event.path.parent}", title="导出完成", timeout=8)

    def action_close(self) -> None:
        self.app.pop_screen()


class BranchPackageScreen(Screen):
    """One branch's package, sheet by sheet (1–9, or [ and ], change the sheet; ←→ scroll it)."""

    DEFAULT_CSS = """
    #branch-sheet { height: 1fr; }
    """

    BINDINGS = [
        Binding("right_square_bracket", "sheet(1)", "下一张表", key_display="]"),
        Binding("left_square_bracket", "sheet(-1)", "上一张表", key_display="["),
        Binding("escape", "close", "返回"),
        *(Binding(str(n), f"goto({n - 1})", f"第{n}张表", show=False) for n in range(1, 10)),
    ]

    def __init__(self, row) -> None:
        super().__init__()
        self.row = row
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="branch-title")
        yield DataTable(id="branch-sheet", zebra_stripes=True, fixed_columns=1)
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        from tui.export.xlsx import text_of

        pkg = self.row.package
        names = pkg.sheets
        name = names[self.index]
        tabs = "  ".join(f"[reverse]{i + 1} {n}[/reverse]" if i == self.index else f"{i + 1} {n}" for i, n in enumerate(names))
        self.query_one("#branch-title", Static).update(
            f"{self.row.label}（{pkg.period_label}，{pkg.path.name}）\n{tabs}")
        table = self.query_one("#branch-sheet", DataTable)
        table.clear(columns=True)
        try:
            sheet = pkg.table(name)
        except ZhibuError as exc:
            self.app.notify(str(exc), severity="error")
            return
        table.add_columns(*sheet.header)
        for r in sheet.rows[:SHOWN_ROWS]:
            table.add_row(*(text_of(v) for v in r))
        if len(sheet.rows) > SHOWN_ROWS:
            self.app.notify(f"「{name}」共 {len(sheet.rows):,} 行，这里显示前 {SHOWN_ROWS:,} 行；全部在导出的汇总表中",
                            timeout=6)
        table.focus()

    def action_sheet(self, step: int) -> None:
        self.index = (self.index + step) % len(self.row.package.sheets)
        self._show()

    def action_goto(self, index: int) -> None:
        if index < len(self.row.package.sheets):
            self.index = index
            self._show()

    def action_close(self) -> None:
        self.app.pop_screen()
