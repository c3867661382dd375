"""The foundation's command line, as a secretary would run it."""

from __future__ import annotations

import csv

import pytest

from tui.__main__ import main
from tui.store import members
from tui.store.db import close_db, open_db


def test_demo_writes_a_branch_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert main(["demo", str(path)]) == 0
    db = open_db(path)
    try:
        assert 25 <= len(members.list_members(db)) <= 30
    finally:
        close_db(db)
    before = path.stat().st_size
    assert main(["demo", str(path)]) == 1
    assert "文件已存在" in capsys.readouterr().err
    assert path.stat().st_size == before


def _gbk_csv(path, rows):
    with open(path, "w", encoding="gbk", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_import_with_problems_writes_nothing_without_yes(tmp_path, capsys):
    src = tmp_path / "roster.csv"
    _gbk_csv(src, [["姓名", "性别", "入党日期"], ["张慧", "女", "2010-06-01"], ["李明", "男", "2010-13-01"]])
    db_path = tmp_path / "b.db"
    assert main(["import", "members", str(src), "--db", str(db_path)]) == 1
    err = capsys.readouterr()
    assert "第3行" in err.out and "入党日期" in err.out
    assert "未导入任何数据" in err.err
    assert not db_path.exists()
    assert main(["import", "members", str(src), "--yes", "--db", str(db_path)]) == 0
    assert "新增 1 人" in capsys.readouterr().out
    # importing the same file again updates, never duplicates
    assert main(["import", "members", str(src), "--yes", "--db", str(db_path)]) == 0
    assert "更新 0 人，1 人无变化" in capsys.readouterr().out
    db = open_db(db_path)
    try:
        assert [m.name for m in members.list_members(db)] == ["张慧"]
    finally:
        close_db(db)


def test_export_roster_keeps_text_as_text_and_refuses_overwrite(tmp_path, capsys):
    from openpyxl import load_workbook

    db_path = tmp_path / "b.db"
    db = open_db(db_path)
    mid = members.save_member(db, {"name": "张三", "phone": "13812345678"})
    db.execute("UPDATE members SET name = '=1+1' WHERE id = ?", [mid])   # a name from an older file
    close_db(db)
    out = tmp_path / "花名册.xlsx"
    assert main(["export", "roster", "-o", str(out), "--db", str(db_path)]) == 0
    ws = load_workbook(out).active
    cells = [c for row in ws.iter_rows() for c in row if c.value == "=1+1"]
    assert cells and cells[0].data_type == "s"
    assert main(["export", "roster", "-o", str(out), "--db", str(db_path)]) == 1
    assert "已存在" in capsys.readouterr().err
    assert main(["export", "roster", "-o", str(out), "--force", "--db", str(db_path)]) == 0


def test_unknown_form_and_wrong_suffix_are_explained(tmp_path, capsys):
    db_path = tmp_path / "b.db"
    close_db(open_db(db_path))
    assert main(["export", "nosuch", "-o", str(tmp_path / "x.docx"), "--db", str(db_path)]) == 1
    assert "没有名为「nosuch」的表格" in capsys.readouterr().err
    assert main(["export", "roster", "-o", str(tmp_path / "x.docx"), "--db", str(db_path)]) == 1
    assert ".xlsx" in capsys.readouterr().err


def test_missing_file_is_reported(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["import"])
    assert main(["export", "roster", "-o", str(tmp_path / "x.xlsx"), "--db", str(tmp_path / "none.db")]) == 1
    assert "找不到支部文件" in capsys.readouterr().err


def test_command_line_mistakes_are_explained_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["demo", "x.db", "--size", "huge"])
    err = capsys.readouterr().err
    assert "无效的选择" in err and "用法" in err


@pytest.mark.parametrize("argv, expected", [
    ([], (None, False)),
    (["--demo"], (None, True)),
    (["--db", "支部.db"], ("支部.db", False)),
    (["--db=支部.db", "--demo"], ("支部.db", True)),
    (["--db"], None),                 # the full parser says what is missing
    (["--db", "--demo"], None),
    (["members"], None),
    (["--help"], None),
    (["--version"], None),
])
def test_opening_the_app_is_read_without_the_full_parser(argv, expected):
    from tui.__main__ import app_options

    options = app_options(argv)
    assert (options if options is None else (options.db, options.demo)) == expected
