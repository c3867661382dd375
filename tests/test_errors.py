"""One root for every error the user reads: ZhibuError, carrying the field it is about.

The command line prints any ZhibuError as 错误：… and exits 1; a form puts the message in the dialog
and focuses the field the error names (exc.field), never a field guessed from the message."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Static

import tui
from tui.__main__ import main
from tui.cli.common import run_verb
from tui.errors import InputError, ZhibuError
from tui.export.atomic import ExportError
from tui.rules import dues as dues_rules
from tui.rules import obligations as obligation_rules
from tui.rules.dates import DateError, normalize_date, normalize_time
from tui.rules.forms import resolve_period
from tui.rules.money import MoneyError, parse_yuan
from tui.rules.pairings import parse_hours
from tui.store import dues as dues_store
from tui.store import members
from tui.store.errors import StoreError, ValidationError
from tui.widgets.form import FieldSpec, FormDialog

# Exceptions of tui that are not for the user: control flow that never leaves its module.
# A failed rebuild is an sqlite3 error the migration runner turns into its Chinese MigrationError.
NOT_FOR_THE_USER = {"tui.store.roster_import._DryRun", "tui.store.migration_ops.RebuildError"}


def _tui_exception_classes() -> list[type]:
    found = []
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == info.name and issubclass(cls, BaseException):
                found.append(cls)
    return found


def test_every_error_of_zhibu_derives_from_the_one_root():
    classes = _tui_exception_classes()
    names = {f"{c.__module__}.{c.__qualname__}" for c in classes}
    # the walk really sees the errors of every layer
    assert {"tui.store.errors.StoreError", "tui.rules.dates.DateError", "tui.export.atomic.ExportError",
            "tui.importers.roster.RosterFileError", "tui.cli.common.UserError",
            "tui.export.forms_templates.TemplateError", "tui.rules.dues.DuesError"} <= names
    strays = sorted(n for c, n in zip(classes, (f"{c.__module__}.{c.__qualname__}" for c in classes))
                    if not issubclass(c, ZhibuError) and n not in NOT_FOR_THE_USER)
    assert strays == []


def test_the_root_carries_message_and_field_and_input_errors_stay_value_errors():
    exc = ZhibuError("「姓名」不能为空", "姓名")
    assert (str(exc), exc.message, exc.field) == ("「姓名」不能为空", "「姓名」不能为空", "姓名")
    assert ZhibuError("无").field is None
    for cls in (DateError, MoneyError, dues_rules.DuesError, obligation_rules.RulesError):
        assert issubclass(cls, InputError) and issubclass(cls, ValueError)
    assert issubclass(ValidationError, StoreError) and issubclass(StoreError, ZhibuError)


@pytest.mark.parametrize("call, field", [
    (lambda: normalize_date("2025-02-30", "入党日期"), "入党日期"),
    (lambda: normalize_date("", "转正日期"), "转正日期"),
    (lambda: normalize_date("2025-13", "时限", allow_month=True), "时限"),
    (lambda: normalize_time("25:00", "开始时间"), "开始时间"),
    (lambda: resolve_period(2025, "2025-01-01", None), "年度"),
    (lambda: resolve_period(None, "2025-05-01", "2025-01-01"), "截止日期"),
    (lambda: resolve_period(None, "2025-05-40", None), "起始日期"),
    (lambda: resolve_period(1800), "年度"),
    (lambda: parse_yuan("abc", "月应交"), "月应交"),
    (lambda: parse_hours("-2", "活动学时"), "活动学时"),
    (lambda: dues_rules.monthly_due("在职", 0), "计算基数"),
    (lambda: dues_rules.monthly_due("其他", 0), "月应交"),
    (lambda: dues_rules.normalize_category("教工"), "党费类别"),
    (lambda: dues_rules.Reduction(500, " "), "批准文号"),
    (lambda: dues_rules.assessed_base({"gross_salary": -1}), None),  # unknown key: no field
    (lambda: obligation_rules.settings_from_values({"dues.rounding": "nope"}), "党费取整方式"),
    (lambda: obligation_rules.settings_from_values({"dues.student_fen": 10**9}), "学生党员每月党费"),
])
def test_rules_errors_name_their_field(call, field):
    with pytest.raises(ZhibuError) as caught:
        call()
    assert caught.value.field == field


def test_dues_store_names_the_form_field_from_the_rules_field(db):
    member_id = members.save_member(db, {"name": "张慧", "join_date": "2010-06-01"})
    with pytest.raises(ValidationError, match="计算基数不能为 0") as caught:
        dues_store.save_assessment(db, member_id, 2026, "在职", 0)
    assert caught.value.field == "税后基数"  # what the assessment dialog calls it
    with pytest.raises(ValidationError, match="高于按规定应交") as caught:
        dues_store.assess_from_form(db, member_id, 2026, {
            "category": "学生", "reduction": "5", "reduction_ref": "校党委〔2026〕1号"})
    assert caught.value.field == "少交/免交金额"
    breakdown_label = dues_rules.BREAKDOWN_FIELDS[0].label
    with pytest.raises(ValidationError) as caught:
        dues_store.save_assessment(db, member_id, 2026, "在职", 0,
                                   breakdown={dues_rules.BREAKDOWN_FIELDS[0].key: -100})
    assert caught.value.field == breakdown_label


# ── the command line ──

def test_the_command_line_prints_any_zhibu_error_and_reports_a_bug_as_a_crash(capsys, isolated_home):
    def fails(_args):
        raise ExportError("磁盘空间不足，未写入 a.docx")

    assert run_verb(fails, None) == 1
    assert capsys.readouterr().err == "错误：磁盘空间不足，未写入 a.docx\n"

    def bug(_args):
        raise RuntimeError("a bug, not a message")

    # A bug is not shown as a message for the user (nor as a traceback, which can hold members'
    # data): it is reported as a crash, its traceback in an owner-only log (tests/test_crash_report.py).
    assert run_verb(bug, None) == 1
    err = capsys.readouterr().err
    assert not err.startswith("错误：") and "a bug, not a message" not in err
    assert "支部工作台出错" in err and "logs" in err


def test_the_command_line_catches_no_error_by_its_class_name():
    cli = Path(tui.__file__).parent
    for path in [cli / "__main__.py", *(cli / "cli").glob("*.py")]:
        assert "__name__ in" not in path.read_text(encoding="utf-8"), path


def test_a_bad_date_on_the_command_line_is_one_chinese_line(tmp_path, capsys):
    db_path = tmp_path / "b.db"
    assert main(["demo", str(db_path)]) == 0
    capsys.readouterr()
    out = tmp_path / "x.docx"
    assert main(["export", "annual-summary", "--from", "2025-02-30", "-o", str(out), "--db", str(db_path)]) == 1
    assert capsys.readouterr().err == "错误：「起始日期」不是有效日期：“2025-02-30”（没有这一天）\n"
    assert main(["check", "--date", "2026-11-31", "--db", str(db_path)]) == 1
    assert "「日期」不是有效日期" in capsys.readouterr().err
    assert not out.exists()


# ── a form ──

class _FormApp(App):
    def __init__(self, dialog: FormDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.result = "open"

    def on_mount(self) -> None:
        self.push_screen(self.dialog, lambda r: setattr(self, "result", r))


async def test_a_form_shows_the_error_and_focuses_the_field_it_names():
    def save(values: dict) -> object:
        if values["end"] < values["start"]:
            raise DateError("「结束日期」不能早于「开始日期」", "结束日期")
        return values

    fields = [FieldSpec("title", "名称"), FieldSpec("start", "开始日期", "date"), FieldSpec("end", "结束日期", "date")]
    dialog = FormDialog("测试", fields, {"title": "一", "start": "2026-05-01", "end": "2026-01-01"}, save)
    app = _FormApp(dialog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.focused.id == "f-title"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result == "open"  # nothing saved, the dialog stays
        assert str(dialog.query_one("#form-error", Static).render()) == "「结束日期」不能早于「开始日期」"
        assert app.focused.id == "f-end"


async def test_a_form_lets_an_error_that_is_not_for_the_user_through():
    def save(values: dict) -> object:
        raise KeyError("bug")

    app = _FormApp(FormDialog("测试", [FieldSpec("title", "名称")], {"title": "一"}, save))
    with pytest.raises(KeyError):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
