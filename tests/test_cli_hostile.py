"""Hostile command-line input: each gets a Chinese message and exit status 1, never a traceback,
and nothing half-written."""

from __future__ import annotations

import pytest

from test_forms_templates import make_template
from tui.__main__ import main


@pytest.fixture
def branch(tmp_path, branch_db):
    from tui.store.db import close_db
    from tui.store.members import save_member

    save_member(branch_db, {"name": "张三", "gender": "男", "birth_date": "1985-03-12", "join_date": "2005-06-01",
                            "party_status": "正式党员", "category": "教工"})
    close_db(branch_db)          # the CLI opens the file itself (one writer at a time)
    return tmp_path / "branch.db"


def _fails(capsys, argv: list[str], message: str) -> str:
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert message in captured.err, captured.err
    assert "Traceback" not in captured.err + captured.out
    return captured.err


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "2025010²"])
def test_check_with_a_date_out_of_range(branch, capsys, date):
    _fails(capsys, ["check", "--date", date, "--db", str(branch)], "不是有效日期")


@pytest.mark.parametrize("argv, message", [
    (["export", "meeting", "--meeting", "12345678901234567890", "-o", "m.docx"], "编号应为正整数"),
    (["export", "talk", "--talk", "99999999999999999999", "-o", "t.docx"], "编号应为正整数"),
    (["export", "annual-summary", "--year", "12345678901234567890", "-o", "a.docx"], "「年度」应为四位数年份"),
    (["export", "annual-summary", "--year", "2025²", "-o", "a.docx"], "「年度」应为四位数年份"),
    (["deadlines", "done", "12345678901234567890"], "编号应为正整数"),
    (["talks", "coverage", "--year", "12345678901234567890"], "「年度」应为四位数年份"),
])
def test_numbers_too_large_or_not_digits(branch, capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    _fails(capsys, [*argv, "--db", str(branch)] if argv[0] != "talks" else argv, message)
    assert not list(tmp_path.glob("*.docx"))


def test_an_output_name_too_long(branch, capsys, tmp_path):
    out = tmp_path / ("长" * 300 + ".xlsx")
    _fails(capsys, ["export", "roster", "-o", str(out), "--db", str(branch)], "文件名过长")
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("source, message", [
    ("{{ 支部名称|no_such_filter }}", "不存在的过滤器：no_such_filter"),
    ("{% include 'other.docx' %}", "{% include %}"),
    ("{{ self.__init__.__globals__ }}", "以下划线开头的内部名称"),
])
def test_templates_add_refuses_with_a_message(tmp_path, capsys, source, message):
    src = make_template(tmp_path / "上级表.docx", source)
    _fails(capsys, ["templates", "add", str(src)], message)
    assert main(["templates"]) == 0
    assert "tpl:上级表" not in capsys.readouterr().out


@pytest.mark.parametrize("source, message", [
    ("{% for x in 党员总数 %}{{ x }}{% endfor %}", "只能用于列表"),
    ("{{ 党员总数 / 0 }}", "除以零"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(党员总数) }}", "层数过深"),
])
def test_template_mistakes_at_export(branch, tmp_path, capsys, source, message):
    src = make_template(tmp_path / "上级表.docx", source)
    assert main(["templates", "add", str(src)]) == 0
    capsys.readouterr()
    out = tmp_path / "填好的表.docx"
    _fails(capsys, ["export", "tpl:上级表", "--year", "2025", "-o", str(out), "--db", str(branch)], message)
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_control_characters_and_fffe_reach_xlsx_and_docx_cleanly(branch, tmp_path, capsys):
    import docx
    import openpyxl

    from tui.store.db import close_db, open_db

    db = open_db(branch)
    with db.conn:
        db.conn.execute("UPDATE members SET name = ?, post = ?", ("张\x00三\ufffe", "教\x0b师\x1f"))
        db.conn.execute("UPDATE branch SET name = ?", ("测试\x00党支部\uffff",))
    close_db(db)
    out = tmp_path / "花名册.xlsx"
    assert main(["export", "roster", "-o", str(out), "--db", str(branch)]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "测试党支部 党员花名册"
    values = [c.value for row in sheet.iter_rows(min_row=3) for c in row if c.value]
    assert "张三" in values and "教师" in values
    src = make_template(tmp_path / "上级表.docx", "{{ 支部名称 }}：{% for m in 党员名单 %}{{ m.姓名 }}{% endfor %}")
    assert main(["templates", "add", str(src)]) == 0
    filled = tmp_path / "填好的表.docx"
    assert main(["export", "tpl:上级表", "--year", "2025", "-o", str(filled), "--db", str(branch)]) == 0
    assert docx.Document(str(filled)).paragraphs[0].text == "测试党支部：张三"
