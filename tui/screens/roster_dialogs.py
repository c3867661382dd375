"""The roster's dialogs: statistics, importing a spreadsheet (with preview)."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

_DIALOG_CSS = """
{cls} {{ align: center middle; }}
{cls} > Vertical {{ width: 96; max-width: 100%; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }}
{cls} VerticalScroll {{ height: 1fr; }}
{cls} .dialog-keys {{ color: $text-muted; }}
{cls} .dialog-error {{ color: $error; }}
"""


class StatsDialog(ModalScreen[None]):
    DEFAULT_CSS = _DIALOG_CSS.format(cls="StatsDialog")
    BINDINGS = [Binding("escape,enter,s", "close", "关闭")]

    def __init__(self, stats) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        lines = [f"  {label:　<12}{count:>5}" for label, count in self.stats.lines() if count or label == "党员总数"]
        with Vertical():
            yield Static("[b]党员统计（在册）[/b]")
            with VerticalScroll():
                yield Static("\n".join(lines))
            yield Static("Esc 关闭", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)


def _received_folders(home: Path) -> list[Path]:
    """Where WeChat and QQ on Windows put files received in chats (rosters mostly arrive so):
    the two newest month folders of each account."""
    out: list[Path] = []
    for docs in (home / "Documents", home / "文档"):
        patterns = ("WeChat Files/*/FileStorage/File/*", "xwechat_files/*/msg/file/*")
        for pattern in patterns:
            try:
                months = sorted((p for p in docs.glob(pattern) if p.is_dir()), key=lambda p: p.name, reverse=True)
            except OSError:
                continue
            out += months[:2]
        out += list(docs.glob("Tencent Files/*/FileRecv"))
    return out


def spreadsheet_candidates(limit: int = 30, home: Path | None = None) -> list[Path]:
    """.xlsx/.csv files in the places a secretary saves downloads, newest first (top level only)."""
    home = home or Path.home()
    folders = [Path.cwd(), home]
    for base in (home, home / "OneDrive"):  # Windows may keep Desktop and Documents in OneDrive
        folders += [base / "Desktop", base / "桌面", base / "Downloads", base / "下载", base / "Documents", base / "文档"]
    folders += _received_folders(home)
    found: dict[Path, float] = {}
    for folder in folders:
        try:
            for path in folder.iterdir():
                if path.suffix.lower() in (".xlsx", ".csv") and path.is_file() and not path.name.startswith("~$"):
                    found[path.resolve()] = path.stat().st_mtime
        except OSError:
            continue
    return sorted(found, key=found.get, reverse=True)[:limit]


class RosterRead(Message):
    """The reading worker's news: a fraction read, then the preview or a Chinese error."""

    def __init__(self, path: Path, *, fraction: float | None = None, preview=None, error: str | None = None) -> None:
        super().__init__()
        self.path, self.fraction, self.preview, self.error = path, fraction, preview, error


class ImportDialog(ModalScreen[bool]):
    """Step 1: the file's path (typed, or chosen from the files found). Step 2: the preview.
    Ctrl+S imports the sound rows, all at once."""

    DEFAULT_CSS = _DIALOG_CSS.format(cls="ImportDialog")
    BINDINGS = [Binding("escape", "cancel", "取消"), Binding("ctrl+s", "confirm", "确认导入", priority=True)]

    def __init__(self) -> None:
        super().__init__()
        self.preview = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]导入花名册[/b]  支持 .xlsx 与 .csv；表头上方可有标题行，列名可不同，日期格式不限。")
            yield Input(placeholder=r"文件路径，如 D:\党支部\花名册.xlsx 或 ~/花名册.xlsx", id="import-path")
            yield OptionList(id="import-found")
            yield ProgressBar(total=100, show_eta=False, id="import-progress")
            with VerticalScroll():
                yield Static("", id="import-preview")
            yield Static("", id="import-error", classes="dialog-error")
            yield Static("输入路径后回车预览，或 Tab 到下方找到的文件中选择 · Ctrl+S 确认导入 · Esc 取消（确认前不写入任何数据）", classes="dialog-keys")

    def on_mount(self) -> None:
        found = self.query_one("#import-found", OptionList)
        self.found = spreadsheet_candidates()
        found.add_options(Option(f"{escape(p.name)}  [dim]{escape(str(p.parent))}[/dim]") for p in self.found)
        found.display = bool(self.found)
        if self.found:
            found.highlighted = 0
        found.styles.height = min(6, len(self.found)) + 2
        self.query_one(ProgressBar).display = False
        self.query_one(Input).focus()

    @on(OptionList.OptionSelected, "#import-found")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.query_one(Input).value = str(self.found[event.option_index])
        self.load()

    @on(Input.Submitted, "#import-path")
    def load(self) -> None:
        """Read the file in a thread worker: a large or hostile file never blocks the screen."""
        raw = self.query_one(Input).value.strip().strip('"')
        error = self.query_one("#import-error", Static)
        path = Path(raw).expanduser()
        self.preview = None
        self.reading = path
        self.query_one("#import-preview", Static).update("")
        if not raw or not path.is_file():
            error.update(f"找不到文件：{escape(raw)}")
            return
        error.update(f"正在读取 {escape(path.name)} …")
        bar = self.query_one(ProgressBar)
        bar.update(progress=0)
        bar.display = True
        self._read(path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-read")
    def _read(self, path: Path) -> None:
        from tui.importers.roster import RosterFileError, read_roster

        try:
            preview = read_roster(path, progress=lambda f: self.post_message(RosterRead(path, fraction=f)))
        except RosterFileError as exc:
            self.post_message(RosterRead(path, error=str(exc)))
        except MemoryError:
            self.post_message(RosterRead(path, error=f"无法读取 {path.name}：文件过大，内存不足"))
        except Exception as exc:  # noqa: BLE001 - whatever a damaged file raises, the dialog stays
            self.post_message(RosterRead(path, error=f"无法读取 {path.name}：{type(exc).__name__}"))
        else:
            self.post_message(RosterRead(path, preview=preview))

    @on(RosterRead)
    def _read_news(self, message: RosterRead) -> None:
        if message.path != getattr(self, "reading", None):
            return                               # news of a file the user has since replaced
        bar = self.query_one(ProgressBar)
        if message.fraction is not None:
            bar.update(progress=round(message.fraction * 100))
            return
        bar.display = False
        if message.error:
            self.query_one("#import-error", Static).update(escape(message.error))
            return
        self._show(message.preview)

    def _show(self, preview) -> None:
        from tui.cli.members import describe_preview
        from tui.store.errors import StoreError
        from tui.store.roster_import import describe_plan, plan_import

        error = self.query_one("#import-error", Static)
        shown = self.query_one("#import-preview", Static)
        self.preview = preview
        good = self.good_rows()
        bad = [r for r in self.preview.rows if r.problems]
        error.update("")
        plan: list[str] = []
        if good:
            try:
                plan = describe_plan(plan_import(self.app.db, good))
            except StoreError as exc:
                error.update(escape(f"不能导入：{exc}"))
        summary = f"[b]可导入 {len(good)} 行[/b]；有问题 {len(bad)} 行（不导入）。" + ("Ctrl+S 导入可导入的行。" if good else "")
        # Everything below comes from the file: shown as text, never read as markup.
        shown.update(summary + "\n" + escape("\n".join(plan + describe_preview(self.preview))))

    def good_rows(self) -> list[tuple[int, dict]]:
        if not self.preview:
            return []
        return [(r.row, r.values) for r in self.preview.rows if not r.problems and not r.skipped_reason]

    def action_confirm(self) -> None:
        from tui.store.backups import backup_before
        from tui.store.errors import StoreError
        from tui.store.roster_import import apply_import

        rows = self.good_rows()
        if not rows:
            self.query_one("#import-error", Static).update("没有可导入的行：先输入文件路径并回车预览。")
            return
        try:
            backup_before(self.app.db, "导入")
            result = apply_import(self.app.db, rows)
        except StoreError as exc:
            self.query_one("#import-error", Static).update(escape(f"未导入任何数据：{exc}"))
            return
        self.app.notify(f"已导入：新增 {result.added} 人，更新 {result.updated} 人"
                        + (f"，{result.unchanged} 人无变化" if result.unchanged else ""))
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class HonoursDialog(ModalScreen[bool]):
    """One member's honours: N adds one, Del removes the highlighted one (a typo is not forever)."""

    DEFAULT_CSS = _DIALOG_CSS.format(cls="HonoursDialog") + """
    HonoursDialog > Vertical { height: auto; max-height: 80%; }
    HonoursDialog OptionList { height: auto; max-height: 20; }
    """
    BINDINGS = [
        Binding("n", "add", "添加荣誉"),
        Binding("delete,d", "remove", "删除荣誉", key_display="Del"),
        Binding("escape", "close", "关闭"),
    ]

    def __init__(self, member_id: int, member_name: str) -> None:
        super().__init__()
        self.member_id = member_id
        self.member_name = member_name
        self.changed = False
        self.honour_ids: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"[b]荣誉：{escape(self.member_name)}[/b]")
            yield OptionList(id="honour-list")
            yield Static("", id="honour-empty", classes="dialog-keys")
            yield Static("N 添加 · Del 删除所选 · Esc 关闭", classes="dialog-keys")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def reload(self) -> None:
        from tui.store.members import list_honours

        honours = list_honours(self.app.db, self.member_id)
        self.honour_ids = [h.id for h in honours]
        box = self.query_one(OptionList)
        box.clear_options()
        box.add_options(Option(escape(f"{h.title}（{h.level or '—'}{' ' + str(h.year) if h.year else ''}）"))
                        for h in honours)
        box.display = bool(honours)
        if honours:
            box.highlighted = 0
        self.query_one("#honour-empty", Static).update("" if honours else "还没有荣誉。按 N 添加。")

    def action_add(self) -> None:
        from tui.store import members as store
        from tui.widgets.form import FieldSpec, FormDialog

        fields = [
            FieldSpec("title", "荣誉名称", required=True, placeholder="如 上海市园丁奖"),
            FieldSpec("level", "级别", "choice", store.HONOUR_LEVELS),
            FieldSpec("year", "年份", placeholder="如 2023"),
        ]

        def save(values: dict) -> int:
            return store.add_honour(self.app.db, self.member_id, values["title"], values.get("level") or "", values.get("year"))

        def saved(result: object) -> None:
            if result:
                self.changed = True
                self.reload()
                self.query_one(OptionList).focus()

        self.app.push_screen(FormDialog(f"添加荣誉：{self.member_name}", fields, {}, save), saved)

    def action_remove(self) -> None:
        from tui.store.members import delete_honour
        from tui.widgets.confirm import Confirm

        box = self.query_one(OptionList)
        if not self.honour_ids or box.highlighted is None:
            return
        honour_id = self.honour_ids[box.highlighted]
        label = str(box.get_option_at_index(box.highlighted).prompt)

        def answered(yes: bool | None) -> None:
            if yes:
                delete_honour(self.app.db, honour_id)
                self.changed = True
                self.reload()

        self.app.push_screen(Confirm(f"删除荣誉「{label}」？", yes="删除"), answered)

    def action_close(self) -> None:
        self.dismiss(self.changed)
