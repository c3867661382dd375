"""Hostile roster files, made small in the test: a stray quote, a far cell, a zip bomb, a huge file."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from tui.importers import roster
from tui.importers.roster import RosterFileError, read_roster

HEADER = "姓名,性别,出生日期,入党时间,党员类别,备注\r\n"


def _csv(path: Path, rows: int, stray_at: int | None, note: str = "") -> Path:
    lines = [HEADER]
    for i in range(1, rows + 1):
        name = f"党员{i:04d}"
        remark = ('"' + note) if i == stray_at else note     # a quote opened and never closed
        lines.append(f"{name},男,1985-03-12,2005-06-01,正式党员,{remark}\r\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("note", ["", "x" * 60], ids=["under-the-field-limit", "over-the-field-limit"])
def test_a_stray_quote_in_a_csv_is_refused_naming_its_line(tmp_path, note):
    path = _csv(tmp_path / "花名册.csv", 3000, stray_at=10, note=note)
    with pytest.raises(RosterFileError) as refused:
        read_roster(path)
    message = str(refused.value)
    assert "第 11 行有一个不配对的英文双引号" in message     # line 1 is the header
    assert "未导入任何数据" in message


def test_a_stray_quote_near_the_end_is_found_too(tmp_path):
    path = _csv(tmp_path / "花名册.csv", 3000, stray_at=2995)
    with pytest.raises(RosterFileError, match="第 2996 行"):
        read_roster(path)


def test_a_quoted_multi_line_remark_is_still_one_cell(tmp_path):
    path = tmp_path / "花名册.csv"
    path.write_text(HEADER + '张三,男,1985-03-12,2005-06-01,正式党员,"2019年 获评优秀党员\r\n2021年 获评先进个人"\r\n'
                    + "李四,女,1990-01-02,2012-07-01,正式党员,\r\n", encoding="utf-8")
    preview = read_roster(path)
    assert [r.values["name"] for r in preview.rows] == ["张三", "李四"]
    assert "先进个人" in preview.rows[0].values["note"]


def _roster_xlsx(path: Path) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "出生日期", "入党时间"])
    ws.append(["张三", "男", "1985-03-12", "2005-06-01"])
    ws.append(["李四", "女", "1990-01-02", "2012-07-01"])
    return wb


def test_one_far_cell_is_read_in_a_moment(tmp_path):
    path = tmp_path / "远处的格子.xlsx"
    wb = _roster_xlsx(path)
    wb.active["XFD1048576"] = "x"
    wb.save(path)
    assert path.stat().st_size < 10_000
    started = time.monotonic()
    preview = read_roster(path)
    assert time.monotonic() - started < 5          # was 175 s and 3.2 GB
    assert [r.values["name"] for r in preview.rows] == ["张三", "李四"]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    path = tmp_path / "炸弹.xlsx"
    _roster_xlsx(path).save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z, z.open("xl/media/zeros.bin", "w") as f:
        chunk = b"\0" * 2**20
        for _ in range(roster.MAX_UNPACKED_BYTES // 2**20 + 1):
            f.write(chunk)
    assert path.stat().st_size < 2 * 2**20
    opened = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: opened.append(a))
    with pytest.raises(RosterFileError, match="解压后过大"):
        read_roster(path)
    assert opened == []                            # refused before openpyxl saw it


def test_a_file_past_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(roster, "MAX_FILE_BYTES", 1000)
    path = _csv(tmp_path / "花名册.csv", 100, stray_at=None)
    with pytest.raises(RosterFileError, match="文件过大"):
        read_roster(path)


def test_too_many_rows_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(roster, "MAX_ROWS", 2)
    path = tmp_path / "多.xlsx"
    _roster_xlsx(path).save(path)
    with pytest.raises(RosterFileError, match="超过 2 行"):
        read_roster(path)


def test_merged_group_names_still_fill_down_in_read_only_mode(tmp_path):
    path = tmp_path / "合并.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["党小组", "姓名", "性别", "出生日期"])
    ws.append(["第一小组", "张三", "男", "1985-03-12"])
    ws.append([None, "李四", "女", "1990-01-02"])
    ws.merge_cells("A2:A3")
    wb.save(path)
    preview = read_roster(path)
    assert [r.values.get("group_name") for r in preview.rows] == ["第一小组", "第一小组"]
