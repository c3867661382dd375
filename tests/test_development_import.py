"""发展党员 import: headers as the committees write them, a preview with each row's problems,
one transaction."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from tui.importers.development import DevelopmentImportError, apply_development_import, read_development
from tui.store import development as store
from tui.store import members
from tui.store.errors import ValidationError


def _sheet(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年发展党员名册"])
    ws.append(["序号", "姓名", "性别", "出生年月", "班级", "申请入党时间", "确定为积极分子时间", "确定为发展对象时间",
               "接收为预备党员时间", "入党介绍人"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def roster(db):
    for name in ("甲", "乙"):
        members.save_member(db, {"name": name, "join_date": "2010-01-01"})
    return db


def test_preview_reads_dates_and_lists_each_rows_problems(roster, tmp_path):
    path = _sheet(tmp_path / "名册.xlsx", [
        [1, "王一", "男", "2004-05", "计算机2301班", dt.date(2024, 3, 1), "2024-09-01", "2025-10-08", None, None],
        [2, "李二", "女", None, "计算机2302班", "2024-03-01", "2023-09-01", None, None, None],
        [3, None, None, None, None, "2024-03-01", None, None, None, None],
        [4, "赵三", "女", None, "", "2024-03-01", "2024-05-01", "2025-01-01", None, None],
        [5, "钱四", "男", None, "", "2023-01-01", "2023-06-01", "2024-07-01", "2025-06-01", "甲、乙"],
    ])
    preview = read_development(path)
    rows = {r.number: r for r in preview.rows}
    assert rows[3].dates == {1: "2024-03-01", 3: "2024-09-01", 7: "2025-10-08"} and rows[3].ok
    assert "早于「①递交入党申请书」" in rows[4].problems[0]
    assert rows[5].problems == ["「姓名」为空"]
    assert rows[6].ok and "不足 12 个月" in rows[6].warnings[0]
    assert rows[7].roles == {"入党介绍人": ["甲", "乙"]}
    assert "可导入 3 行，有问题 2 行" in preview.lines()[0]
    assert apply_development_import(roster, preview) == 3
    names = {c.name: c for c in store.list_candidates(roster)}
    assert set(names) == {"王一", "赵三", "钱四"}
    assert names["钱四"].stage == "预备党员" and members.find_by_name(roster, "钱四")[0].join_date == "2025-06-01"


def test_a_row_the_store_refuses_stops_the_whole_import(roster, tmp_path):
    path = _sheet(tmp_path / "名册.xlsx", [
        [1, "王一", "男", None, "", "2024-03-01", None, None, None, None],
        [2, "钱四", "男", None, "", "2023-01-01", "2023-06-01", "2024-07-01", None, "丙"],
    ])
    with pytest.raises(ValidationError, match="第4行（钱四）.*未导入任何一行"):
        apply_development_import(roster, read_development(path))
    assert store.list_candidates(roster) == []


def test_a_file_that_cannot_be_used_says_why(tmp_path):
    with pytest.raises(DevelopmentImportError, match="只支持 .xlsx"):
        read_development(tmp_path / "a.xls")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(DevelopmentImportError, match="已损坏"):
        read_development(bad)
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(DevelopmentImportError, match="没有找到含「姓名」"):
        read_development(tmp_path / "x.xlsx")
