"""The one way every area exports a form of the catalogue.

open_export() asks for the period (when the form has one), the output type (when it has
several), the folder (remembered) and the file name (the default one, kept in step with the
period and type until the user types their own); asks before overwriting; then runs the export
in a thread worker with its own database connection behind a modal progress bar. The worker
only posts messages. The result is told in a notification naming the file, or the Chinese error
(atomic writes leave no half-written file).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, ProgressBar, Select, Static
from textual.widgets.option_list import Option

from tui.errors import ZhibuError
from tui.rules.dates import ascii_digits
from tui.rules.forms import DeadlineStatus
from tui.store.errors import ValidationError
from tui.widgets.confirm import Confirm
from tui.widgets.form import FieldSpec, FormDialog
from tui import clock

OUTPUT_LABELS = {".docx": ".docx（Word/WPS 文字）", ".xlsx": ".xlsx（Excel/WPS 表格）"}
# Forms that count 党费 of a year still running: the secretary may pick the month (tui.rules.asof).
DUES_AS_OF_FORMS = ("annual-summary", "dual-leader-application", "dues-notice")
DUES_THROUGH = "党费统计到"


@dataclass(frozen=True)
class ExportRequest:
    form_id: str
    out: Path
    year: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    record_id: int | None = None
    force: bool = False
    extras: tuple[str, ...] = ()      # 报送包: the roster's extra columns, each chosen
    allow_empty: bool = False     # the secretary chose to keep “（待填写）”
    dues_through: str | None = None   # 'YYYY-MM': count 党费 of the current year through this month

    @property
    def extra(self) -> dict:
        extra: dict = {"allow_empty": self.allow_empty}
        if self.dues_through:
            extra["dues_through"] = self.dues_through
        if self.extras:
            extra["extras"] = self.extras
        return extra


@dataclass(frozen=True)
class ExportResult:
    form_name: str
    path: Path | None = None      # the file written; None when the export failed
    marked: int = 0               # deadlines that turned 已导出
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.path is not None


class ExportProgress(Message):
    def __init__(self, fraction: float) -> None:
        super().__init__()
        self.fraction = fraction


class ExportDone(Message):
    def __init__(self, path: Path, marked: int) -> None:
        super().__init__()
        self.path, self.marked = path, marked


class ExportFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


# ── the entry points ──
def open_export(
    app,
    db,
    form_id: str,
    *,
    year: int | None = None,
    record_id: int | None = None,
    record_label: str = "",
    on_done: Callable[[ExportResult], None] | None = None,
) -> None:
    """Export `form_id`: the request dialog, the overwrite question, the worker, the report.

    `year` presets the period of a year/range form (else this year); `record_id` and
    `record_label` (e.g. "2025-03-05_支部委员会", used in the title and the file name) name the
    one record of a meeting/talk form. `on_done` gets the result after it has been reported."""
    from tui.export.catalogue import get_form
    from tui.store import forms as form_store

    try:
        form = get_form(form_id)
    except KeyError as exc:
        app.notify(exc.args[0], title="未导出", severity="error", timeout=10)
        return
    if form.period == "record" and record_id is None:
        where = {"meeting": "在「会议」（F4）选中该次会议按 X", "talk": "在「谈话」（F5）选中该次谈话按 W",
                 "transfer": "在「党员」（F3）选中该党员按 Z 再按 X"}.get(form.record, "请先选中一条记录")
        app.notify(f"「{form.name}」是单条记录的表格：{where}", severity="warning")
        return

    def write(request: ExportRequest) -> None:
        if request.out.exists():
            def overwrite(yes: bool | None) -> None:
                if yes:
                    run_export(app, db, replace(request, force=True), on_done)

            app.push_screen(Confirm(f"文件已存在：\n{request.out}\n覆盖它吗？", yes="覆盖", no="不覆盖"), overwrite)
            return
        run_export(app, db, request, on_done)

    def checked(request: ExportRequest) -> None:
        """Tell first what is unwritten or short (tui.export.forms_checks); then write."""
        from tui.export.catalogue import FormParams
        from tui.export.forms_checks import preflight
        from tui.screens.export_preflight import CARRY, EXPORT, WRITE, PreflightDialog

        check = preflight(db, form.id, FormParams(year=request.year, date_from=request.date_from,
                                                  date_to=request.date_to, record_id=request.record_id,
                                                  extra=request.extra))
        if check.quiet:
            write(request)
            return

        def answered(choice: str | None) -> None:
            if choice == EXPORT:
                write(replace(request, allow_empty=True))
            elif choice == CARRY:
                started = form_store.carry_forward(db, form.id, check.year, list(check.carried))
                app.notify(f"已用往年文字作开头：{len(started)} 个部分，请检查后再导出", timeout=6)
                checked(request)
            elif choice == WRITE:
                from tui.screens.forms_dialogs import SectionEditor

                app.push_screen(SectionEditor(db, form, check.year), lambda _: checked(request))

        app.push_screen(PreflightDialog(check), answered)

    def chosen(request: ExportRequest | None) -> None:
        if request is None:
            return
        form_store.remember_export_dir(db, request.out.parent)
        checked(request)

    app.push_screen(ExportDialog(db, form, year=year, record_id=record_id, record_label=record_label), chosen)


def choose_and_export(app, db, form_ids: Sequence[str], title: str, **preset) -> None:
    """Let the user pick one of `form_ids` (digit or ↑↓ Enter), then open_export() it."""
    from tui.export.catalogue import get_form

    forms = [get_form(f) for f in form_ids]

    def picked(form_id: str | None) -> None:
        if form_id:
            open_export(app, db, form_id, **preset)

    app.push_screen(FormChooser(title, [(f.id, f.name, "/".join(f.outputs)) for f in forms]), picked)


def run_export(app, db, request: ExportRequest, on_done: Callable[[ExportResult], None] | None = None) -> None:
    """Run `request` behind the progress view and report how it went."""
    from tui.export.catalogue import get_form
    from tui.store.db import db_path_of

    form_name = get_form(request.form_id).name
    db_path = db_path_of(db) or app.db_path

    def finished(result: ExportResult | None) -> None:
        if result is None:
            return
        if result.ok:
            extra = f"；{result.marked} 个报送事项已标记为“已导出”" if result.marked else ""
            app.notify(f"已导出：{result.path.name}{extra}\n文件夹：{result.path.parent}", title="导出完成", timeout=8)
        else:
            app.notify(result.error, title="未导出", severity="error", timeout=10)
        if on_done is not None:
            on_done(result)

    app.push_screen(ExportRunner(request, db_path, form_name), finished)


# ── the request dialog ──
class ExportDialog(FormDialog):
    """The period, output type, folder and file name of one export; dismisses an ExportRequest."""

    def __init__(self, db, form, *, year: int | None = None, record_id: int | None = None, record_label: str = "") -> None:
        from tui.store import forms as form_store
        from tui.store.branch import get_branch

        self.form = form
        self.record_id = record_id
        self.branch_name = get_branch(db).name or "支部"
        self.record_label = record_label
        has_period = form.period in ("year", "range")
        start_year = year or clock.today().year
        fields: list[FieldSpec] = []
        if has_period:
            fields.append(FieldSpec("year", "年度", placeholder=f"如 {start_year}" + ("；填起止日期时留空" if form.period == "range" else "")))
        if form.period == "range":
            fields += [FieldSpec("date_from", "起始日期", "date"), FieldSpec("date_to", "截止日期", "date")]
        if form.id in DUES_AS_OF_FORMS:
            fields.append(FieldSpec("dues_through", DUES_THROUGH, "month",
                                    placeholder="本年度默认统计到上个月；可填本月，如 2026-11"))
        if len(form.outputs) > 1:
            fields.append(FieldSpec("output", "文件类型", "choice", [OUTPUT_LABELS.get(o, o) for o in form.outputs], required=True))
        fields += [FieldSpec("folder", "保存到文件夹", required=True), FieldSpec("filename", "文件名", required=True)]
        fields += _package_fields(form)
        self.auto_name = self.filename_for(self._period_label(str(start_year), "", ""), form.outputs[0])
        values = {
            "year": str(start_year),
            "output": OUTPUT_LABELS.get(form.outputs[0], form.outputs[0]),
            "folder": str(form_store.export_dir(db)),
            "filename": self.auto_name,
            **{f.key: f.choices[0] for f in fields if f.key.startswith("extra_")},
        }
        title = f"导出「{form.name}」" + (f"：{record_label.replace('_', ' ')}" if record_label else "")
        super().__init__(title, fields, values, self.check)

    def on_mount(self) -> None:
        # FormDialog's own on_mount (focus on the first field) runs as well.
        self.query_one("#form-save", Button).label = "导出 Ctrl+S"
        self.query_one("#form-title", Static).update(
            f"{self.form_title}    [dim]Tab/回车 下一项 · Ctrl+S 导出 · Esc 取消[/dim]")
        if self.form.id == "package":
            from tui.export.package_format import CONTENTS

            self.query_one("#form-title", Static).update(
                f"{self.form_title}    [dim]Tab/回车 下一项 · Ctrl+S 导出 · Esc 取消[/dim]\n"
                + "\n".join(f"[dim]· {line}[/dim]" for line in CONTENTS)
                + "\n[dim]其他个人信息默认不含，下面逐列选择“含”才写入。[/dim]")

    def filename_for(self, period_label: str, ext: str) -> str:
        from tui.export.atomic import default_filename

        return default_filename(self.branch_name, self.form.name, period_label, ext)

    def _period_label(self, year: str, date_from: str, date_to: str) -> str:
        """The period part of the default name for what is typed; "" when it cannot tell yet."""
        if self.form.period == "record":
            return self.record_label
        if self.form.period == "none":
            return ""
        try:
            return self._resolve(year, date_from, date_to).label
        except ZhibuError:
            return ""

    def _resolve(self, year_text: str, date_from: str, date_to: str):
        """The period typed; a DateError names the field (年度, 起始日期 or 截止日期)."""
        from tui.rules.forms import resolve_period

        year_text, date_from, date_to = year_text.strip(), date_from.strip(), date_to.strip()
        year = None
        if year_text and not (date_from or date_to):
            if not (ascii_digits(year_text) and len(year_text) <= 4):
                raise ValidationError("「年度」应为四位数年份，如 2025", "年度")
            year = int(year_text)
        return resolve_period(year, date_from or None, date_to or None)

    def _chosen_ext(self, values: dict) -> str:
        label = values.get("output")
        return next((o for o in self.form.outputs if OUTPUT_LABELS.get(o, o) == label), self.form.outputs[0])

    def _refresh_name(self) -> None:
        """Keep the suggested file name in step with the period and type, unless the user typed their own."""
        if not self.is_mounted:
            return
        name_input = self.query_one("#f-filename", Input)
        if name_input.value != self.auto_name:
            return
        v = self.collect()
        self.auto_name = self.filename_for(
            self._period_label(v.get("year") or "", v.get("date_from") or "", v.get("date_to") or ""),
            self._chosen_ext(v),
        )
        name_input.value = self.auto_name

    @on(Input.Changed, "#f-year, #f-date_from, #f-date_to")
    def _period_changed(self) -> None:
        self._refresh_name()

    @on(Select.Changed, "#f-output")
    def _output_changed(self) -> None:
        name_input = self.query_one("#f-filename", Input)
        ext = self._chosen_ext(self.collect())
        typed = name_input.value
        if typed != self.auto_name and typed.lower().endswith(self.form.outputs) and not typed.lower().endswith(ext):
            name_input.value = typed[: typed.rfind(".")] + ext     # the user's own name, the chosen type
            return
        self._refresh_name()

    def check(self, v: dict) -> ExportRequest:
        form = self.form
        period = None
        if form.period in ("year", "range"):
            period = self._resolve(v.get("year") or "", v.get("date_from") or "", v.get("date_to") or "")
        dues_through = self._dues_through(v.get("dues_through") or "", period)
        ext = self._chosen_ext(v)
        name = (v.get("filename") or "").strip().strip('"')
        if name == self.auto_name:
            name = self.filename_for(period.label if period else self.record_label, ext)
        if not name.lower().endswith(tuple(form.outputs)):
            name += ext
        if Path(name).name != name:
            raise ValidationError("「文件名」只写文件名，文件夹请填在上一项", "文件名")
        out_folder = Path((v.get("folder") or "").strip().strip('"')).expanduser()
        try:
            out_folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValidationError(f"无法使用文件夹：{out_folder}（{exc.strerror or exc}）", "保存到文件夹") from None
        if not out_folder.is_dir():
            raise ValidationError(f"不是文件夹：{out_folder}", "保存到文件夹")
        return ExportRequest(
            form.id, out_folder / name,
            year=period.year if period and period.is_year else None,
            date_from=period.start if period and not period.is_year else None,
            date_to=period.end if period and not period.is_year else None,
            record_id=self.record_id,
            extras=tuple(f.key.removeprefix("extra_") for f in self.fields
                         if f.key.startswith("extra_") and v.get(f.key) == f.choices[1]),
            dues_through=dues_through,
        )

    @staticmethod
    def _dues_through(text: str, period) -> str | None:
        """The month typed for 党费统计到: within the period, not after this month."""
        from tui.rules.dates import normalize_date

        if not text.strip():
            return None
        month = normalize_date(text, DUES_THROUGH, allow_month=True)[:7]
        today = clock.today()
        if month > f"{today.year:04d}-{today.month:02d}":
            raise ValidationError(f"「{DUES_THROUGH}」不能晚于本月（{today.year}年{today.month}月）", DUES_THROUGH)
        if period is not None and not (period.start[:7] <= month <= period.end[:7]):
            raise ValidationError(f"「{DUES_THROUGH}」应在统计期间内（{period.title}）", DUES_THROUGH)
        return month


def _package_fields(form) -> list[FieldSpec]:
    """The 报送包's optional roster columns: one explicit choice each, 不含 by default."""
    if form.id != "package":
        return []
    from tui.export.package_format import EXTRA_NO, EXTRA_YES, ROSTER_EXTRAS

    return [FieldSpec(f"extra_{key}", f"名册含{label}", "choice", [EXTRA_NO, EXTRA_YES], required=True)
            for key, label in ROSTER_EXTRAS.items()]


class FormChooser(ModalScreen[str | None]):
    """Digits 1–9 pick a form at once; ↑/↓ and Enter work too."""

    DEFAULT_CSS = """
    FormChooser { align: center middle; }
    FormChooser > Vertical { width: 60; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    FormChooser OptionList { height: auto; max-height: 12; }
    FormChooser .dialog-keys { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, title: str, choices: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices      # (form id, name, outputs)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"[b]{self.title_text}[/b]")
            yield OptionList(*[Option(f"{i}  {name}  [dim]{outputs}[/dim]", id=fid)
                               for i, (fid, name, outputs) in enumerate(self.choices, 1)])
            yield Static("数字键或 ↑↓ 回车 选择 · Esc 取消", classes="dialog-keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_key(self, event) -> None:
        if event.character and ascii_digits(event.character) and 1 <= int(event.character) <= len(self.choices):
            event.stop()
            self.dismiss(self.choices[int(event.character) - 1][0])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


# ── the progress view and its worker ──
class ExportRunner(ModalScreen[ExportResult]):
    """A modal progress bar while the worker writes the file; dismisses with the result."""

    DEFAULT_CSS = """
    ExportRunner { align: center middle; }
    ExportRunner > Vertical { width: 72; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    ExportRunner ProgressBar { margin-top: 1; }
    ExportRunner #export-file { color: $text-muted; }
    """

    def __init__(self, request: ExportRequest, db_path: Path, form_name: str) -> None:
        super().__init__()
        self.request, self.db_path, self.form_name = request, db_path, form_name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"[b]正在导出「{self.form_name}」…[/b]")
            yield Static(str(self.request.out), id="export-file", markup=False)
            yield ProgressBar(total=100, show_eta=False, id="export-progress")

    def on_mount(self) -> None:
        self._export()

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _export(self) -> None:
        from tui.export.catalogue import FormParams, get_form
        from tui.store import deadlines as deadline_store
        from tui.store.db import close_db, open_db

        request = self.request
        try:
            db = open_db(self.db_path, lock=False, migrate=False)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            self.post_message(ExportFailed(str(exc) if isinstance(exc, ZhibuError) else f"无法打开数据文件：{exc}"))
            return
        try:
            form = get_form(request.form_id)
            before = {d.id for d in deadline_store.list_deadlines(db) if d.status == DeadlineStatus.EXPORTED}
            params = FormParams(year=request.year, date_from=request.date_from, date_to=request.date_to,
                                record_id=request.record_id, extra=request.extra)
            written = form.build(
                db, params, request.out, force=request.force,
                progress=lambda f: self.post_message(ExportProgress(f)),
            )
            after = {d.id for d in deadline_store.list_deadlines(db) if d.status == DeadlineStatus.EXPORTED}
            self.post_message(ExportDone(Path(written), len(after - before)))
        except (ZhibuError, KeyError, ValueError) as exc:
            self.post_message(ExportFailed(exc.args[0] if isinstance(exc, KeyError) else str(exc)))
        except Exception as exc:  # noqa: BLE001 - shown to the user; the file was not written
            self.post_message(ExportFailed(f"导出失败：{type(exc).__name__}: {exc}"))
        finally:
            close_db(db)

    def on_export_progress(self, message: ExportProgress) -> None:
        self.query_one(ProgressBar).update(progress=round(message.fraction * 100))

    def on_export_done(self, message: ExportDone) -> None:
        self.query_one(ProgressBar).update(progress=100)
        self.dismiss(ExportResult(self.form_name, message.path, message.marked))

    def on_export_failed(self, message: ExportFailed) -> None:
        self.dismiss(ExportResult(self.form_name, error=message.message))
