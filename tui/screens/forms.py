"""表格: the catalogue of forms (built-in and the committee's templates) and the 报送事项.

Exports go through the shared flow of tui.screens.export_flow (dialog, worker, progress view);
this screen shows the outcome in its status line and refreshes the deadlines.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.rules.forms import DeadlineStatus
from tui.screens.base import AreaScreen
from tui.store import deadlines as deadline_store
from tui.store import forms as form_store
from tui.store.errors import ValidationError
from tui.widgets.confirm import Confirm
from tui.widgets.form import FieldSpec, FormDialog
from tui.widgets.area_list import AreaList
from tui import clock

PERIOD_LABELS = {"none": "—", "year": "年度", "range": "年度/起止日期", "record": "单条记录"}
STATUS_STYLE = {DeadlineStatus.TODO: "red", DeadlineStatus.EXPORTED: "yellow", DeadlineStatus.SUBMITTED: "green"}


class FormsScreen(AreaScreen):
    AREA = "forms"
    DEFAULT_CSS = """
    FormsScreen #deadline-table { height: auto; max-height: 10; }
    FormsScreen #form-table { height: 1fr; min-height: 6; }
    FormsScreen #form-detail { height: auto; max-height: 8; }
    """
    BINDINGS = [
        Binding("x", "export", "导出表格", tooltip="选择年度或起止日期和保存位置，导出所选表格"),
        Binding("w", "write", "编写栏目", tooltip="编写所选表格中需要书记撰写的段落（每年分开保存）"),
        Binding("v", "fields", "模板字段", tooltip="全部模板字段及本支部的值；所选模板能填和不能填的字段"),
        Binding("i", "install_template", "安装模板", tooltip="把上级下发的 .docx 模板复制到模板文件夹"),
        Binding("o", "export_folder", "导出文件夹"),
        Binding("c", "committee", "汇总报送包", tooltip="打开一个文件夹里各支部的报送包（只读），比较并导出汇总表"),
        Binding("n", "new_deadline", "新增报送事项"),
        Binding("e", "edit_deadline", "编辑报送事项"),
        Binding("s", "submit_deadline", "标记已报送"),
        Binding("u", "reopen_deadline", "撤回状态", tooltip="已报送 → 已导出 → 待办"),
        Binding("delete", "delete_deadline", "删除报送事项", key_display="Del"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.forms: list = []
        self._pending_export: str | None = None
        self._check_cache: dict[tuple[str, float], object] = {}

    def compose_body(self) -> ComposeResult:
        yield Static("报送事项", classes="section-title", id="deadline-title")
        yield AreaList("截止日期", "状态", "事项", "所需表格", "剩余", id="deadline-table")
        yield Static("表格    [dim]回车/X 导出 · W 编写栏目 · V 模板字段 · I 安装模板[/dim]", classes="section-title")
        yield AreaList("编号", "名称", "来源", "期间", "说明", id="form-table")
        yield Static("", id="form-detail", classes="detail")
        yield Static("", id="export-status", classes="area-status")

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#form-table", AreaList).focus()
        if self._pending_export:
            self.call_after_refresh(self.start_export, self._pending_export)
            self._pending_export = None

    def on_screen_resume(self) -> None:
        if self.data_changed():
            self.reload()

    # ── data ──
    def reload(self, keep_form: str | None = None) -> None:
        from tui.export.catalogue import all_forms

        self.forms = all_forms()
        self.reload_deadlines()
        table = self.query_one("#form-table", AreaList)
        keep = keep_form or table.selected_key
        rows = [
            (f.id, f.name, "模板" if f.is_template else "内置", PERIOD_LABELS.get(f.period, f.period),
             f.description or f"导出为 {'/'.join(f.outputs)}")
            for f in self.forms
        ]
        table.set_rows(rows, [f.id for f in self.forms], keep_key=keep)
        self.show_detail()

    def reload_deadlines(self, keep: int | None = None) -> None:
        today = clock.today()
        items = deadline_store.list_deadlines(self.db)
        names = {f.id: f.name for f in self.forms}
        table = self.query_one("#deadline-table", AreaList)
        rows = []
        for d in items:
            when = d.when_text(today)
            if d.is_overdue(today):
                when = Text(when, style="b red")
            elif d.is_open() and d.days_left(today) <= 14:
                when = Text(when, style="b yellow")
            status = Text(d.status, style=STATUS_STYLE[d.status])
            rows.append((d.due_date, status, d.title, "、".join(names.get(f, f) for f in d.forms), when))
        table.set_rows(rows, [d.id for d in items], keep_key=keep or table.selected_key)
        overdue = deadline_store.overdue_deadlines(self.db, today)
        soon = deadline_store.upcoming_deadlines(self.db, today)
        parts = []
        if overdue:
            parts.append(f"[b red]{len(overdue)} 项已逾期[/]")
        if soon:
            parts.append(f"[b yellow]{len(soon)} 项两周内到期[/]")
        summary = "，".join(parts) if parts else ("[dim]没有两周内到期的事项[/dim]" if items else "[dim]没有报送事项：按 N 新增[/dim]")
        self.query_one("#deadline-title", Static).update(f"报送事项    {summary}    [dim]N 新增 · E 编辑 · S 已报送[/dim]")

    def selected_form(self):
        key = self.query_one("#form-table", AreaList).selected_key
        return next((f for f in self.forms if f.id == key), None)

    def selected_deadline(self):
        key = self.query_one("#deadline-table", AreaList).selected_key
        if key is None:
            return None
        try:
            return deadline_store.get_deadline(self.db, key)
        except Exception:  # noqa: BLE001 - deleted meanwhile
            return None

    def _template_check(self, form):
        from tui.export.forms_templates import TemplateError, check_template

        path = Path(form.template)
        try:
            key = (str(path), path.stat().st_mtime)
        except OSError:
            return "模板文件已被移走"
        if key not in self._check_cache:
            try:
                self._check_cache[key] = check_template(path)
            except TemplateError as exc:
                self._check_cache[key] = str(exc)
        return self._check_cache[key]

    def show_detail(self) -> None:
        form = self.selected_form()
        detail = self.query_one("#form-detail", Static)
        if form is None:
            detail.update("")
            return
        year = clock.today().year
        if form.is_template:
            check = self._template_check(form)
            if isinstance(check, str):
                text = f"[red]{check}[/]"
            elif check.ok:
                text = f"[green]可以填写：{len(check.fields)} 个字段全部认识[/]（{'、'.join(check.known[:12])}{'…' if len(check.known) > 12 else ''}）"
            else:
                text = f"[red]{check.unknown_message()}[/]"
            detail.update(f"[b]{form.name}[/b]  {form.template}\n{text}")
        elif form.sections:
            saved = form_store.get_texts(self.db, form.id, year)
            parts = [
                ("[green]✓[/]" if saved.get(s.key, "").strip() else "[red]·[/]") + s.label for s in form.sections
            ]
            detail.update(f"[b]{form.name}[/b]  {form.description}\n{year}年栏目：" + "  ".join(parts) + "  [dim]（W 编写）[/dim]")
        else:
            detail.update(f"[b]{form.name}[/b]  导出为 {'/'.join(form.outputs)}；期间：{PERIOD_LABELS.get(form.period, form.period)}")

    @on(AreaList.RowHighlighted, "#form-table")
    def _form_moved(self) -> None:
        self.show_detail()

    @on(AreaList.RowSelected, "#form-table")
    def _form_chosen(self) -> None:
        self.action_export()

    @on(AreaList.RowSelected, "#deadline-table")
    def _deadline_chosen(self) -> None:
        self.action_edit_deadline()

    # ── hand-off from the 工作台 ──
    def start_export(self, form_id: str) -> None:
        """Select `form_id` and open its export dialog (once the screen is up, if called right
        after switch_mode)."""
        if not self.is_mounted:
            self._pending_export = form_id
            return
        self.reload(keep_form=form_id)
        if self.selected_form() is None or self.selected_form().id != form_id:
            self.notify(f"没有名为「{form_id}」的表格", severity="error")
            return
        self.query_one("#form-table", AreaList).focus()
        self.action_export()

    def action_committee(self) -> None:
        from tui.screens.committee import ask_folder
        from tui.store import forms as form_store

        ask_folder(self.app, str(form_store.export_dir(self.db)))

    # ── export ──
    def action_export(self) -> None:
        if self.focused is self.query_one("#deadline-table") and (d := self.selected_deadline()) and d.forms:
            form = next((f for f in self.forms if f.id == d.forms[0]), None)
        else:
            form = self.selected_form()
        if form is None:
            self.notify("请先在列表中选择一个表格", severity="warning")
            return
        if form.period == "record":
            self.notify(f"「{form.name}」是单条记录的表格，请在对应区域中选中记录后导出", severity="warning")
            return
        from tui.screens.export_flow import open_export

        open_export(self.app, self.db, form.id, on_done=lambda result: self._export_finished(result, form.id))

    def _export_finished(self, result, form_id: str = "") -> None:
        """After the shared export flow has reported: the status line and the deadlines."""
        status = self.query_one("#export-status", Static)
        if result.ok:
            extra = f"；{result.marked} 个报送事项已标记为“已导出”" if result.marked else ""
            status.update(f"[green]已导出「{result.form_name}」：{result.path}[/]{extra}")
        else:
            status.update(f"[red]{result.error}[/]")
        answered = None
        if result.ok and result.marked:
            # Put the deadline this export answered under the cursor: S (已报送) comes next.
            answered = next((d.id for d in deadline_store.list_deadlines(self.db, include_submitted=False)
                             if form_id in d.forms and d.status == DeadlineStatus.EXPORTED), None)
        self.reload_deadlines(keep=answered)

    # ── sections and fields ──
    def action_write(self) -> None:
        from tui.screens.forms_dialogs import SectionEditor

        form = self.selected_form()
        if form is None or not form.sections:
            self.notify("所选表格没有需要撰写的栏目（数字和名单都由程序生成）", severity="warning")
            return
        self.app.push_screen(SectionEditor(self.db, form, clock.today().year), lambda _: self.show_detail())

    def action_fields(self) -> None:
        from tui.export.forms_templates import templates_folder
        from tui.rules.forms import resolve_period
        from tui.screens.forms_dialogs import FieldsScreen, fields_text

        form = self.selected_form()
        check = None
        if form is not None and form.is_template:
            result = self._template_check(form)
            check = None if isinstance(result, str) else result
        self.app.push_screen(FieldsScreen(fields_text(self.db, resolve_period(), check, templates_folder())))

    def action_install_template(self) -> None:
        from tui.export.forms_templates import TemplateError, install_template, templates_folder

        fields = [FieldSpec("path", "模板文件", required=True, placeholder="如 C:\\Users\\me\\Desktop\\申报表.docx")]

        def install(v: dict):
            try:
                return install_template(Path(v["path"].strip().strip('"')).expanduser())
            except TemplateError as exc:
                raise ValidationError(str(exc), "模板文件") from None

        def done(result) -> None:
            if not result:
                return
            dest, check = result
            self.reload()
            msg = f"已安装模板「{dest.stem}」" + ("" if check.ok else "。" + check.unknown_message())
            self.notify(msg, severity="information" if check.ok else "warning", timeout=10)

        self.app.push_screen(
            FormDialog(f"安装模板（模板文件夹：{templates_folder()}）", fields, {}, install), done
        )

    def action_export_folder(self) -> None:
        fields = [FieldSpec("folder", "导出文件夹", required=True)]

        def save(v: dict) -> bool:
            folder = Path(v["folder"].strip()).expanduser()
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ValidationError(f"无法使用文件夹：{folder}（{exc.strerror or exc}）", "导出文件夹") from None
            form_store.remember_export_dir(self.db, folder)
            return True

        self.app.push_screen(
            FormDialog("导出文件夹", fields, {"folder": str(form_store.export_dir(self.db))}, save),
            lambda ok: ok and self.notify(f"导出文件夹：{form_store.export_dir(self.db)}"),
        )

    # ── deadlines ──
    def _deadline_dialog(self, deadline=None) -> None:
        names = {f.id: f.name for f in self.forms}
        fields = [
            FieldSpec("title", "事项", required=True, placeholder="如 “双带头人”工作室申报书"),
            FieldSpec("due_date", "截止日期", "date", required=True),
            FieldSpec("forms", "所需表格", placeholder="表格名称或编号，多个用顿号隔开，如 年度党建工作总结"),
            FieldSpec("notes", "备注", "multiline", height=3, placeholder="如 纸质版加盖基层党组织章，报送党委组织部"),
        ]
        form = self.selected_form()
        values = {"forms": form.name if form and not deadline else ""}
        if deadline:
            values = {"title": deadline.title, "due_date": deadline.due_date,
                      "forms": "、".join(names.get(f, f) for f in deadline.forms), "notes": deadline.notes}

        def save(v: dict) -> int:
            return deadline_store.save_deadline(self.db, v, deadline.id if deadline else None, known_forms=names)

        self.app.push_screen(FormDialog("报送事项", fields, values, save), lambda r: r and self.reload_deadlines())

    def action_new_deadline(self) -> None:
        self._deadline_dialog()

    def action_edit_deadline(self) -> None:
        d = self.selected_deadline()
        if d is None:
            self.notify("没有选中的报送事项", severity="warning")
            return
        self._deadline_dialog(d)

    def action_submit_deadline(self) -> None:
        d = self.selected_deadline()
        if d is None:
            self.notify("没有选中的报送事项", severity="warning")
            return
        fields = [FieldSpec("date", "报送日期", "date", required=True)]

        def save(v: dict) -> bool:
            deadline_store.mark_submitted(self.db, d.id, v["date"])
            return True

        self.app.push_screen(
            FormDialog(f"已报送：{d.title}", fields, {"date": clock.today().isoformat()}, save),
            lambda r: r and self.reload_deadlines(),
        )

    def action_reopen_deadline(self) -> None:
        d = self.selected_deadline()
        if d is not None:
            deadline_store.reopen(self.db, d.id)
            self.reload_deadlines()

    def action_delete_deadline(self) -> None:
        d = self.selected_deadline()
        if d is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                deadline_store.delete_deadline(self.db, d.id)
                self.reload_deadlines()

        self.app.push_screen(Confirm(f"删除报送事项「{d.title}」？"), confirmed)
