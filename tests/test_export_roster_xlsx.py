import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tui.export.atomic import ExportError
from tui.export.roster_xlsx import write_roster_xlsx
from tui.importers.roster import read_roster

REPO = Path(__file__).resolve().parents[1]

HEADER = ["序号", "姓名", "性别", "民族", "出生日期", "学历", "学位", "职称", "职称等级", "岗位", "人员类别",
          "党籍", "入党日期", "转正日期", "党小组", "支部职务", "手机", "荣誉", "备注"]

ZHANG = {
    "name": "张慧", "gender": "女", "ethnicity": "汉族", "birth_date": "1985-03-12",
    "education": "博士研究生", "degree": "博士", "title": "副教授", "title_grade": "副高",
    "post": "专任教师", "category": "教工", "party_status": "正式党员", "join_date": "2005-06",
    "full_date": "2006-06", "group_name": "第一党小组", "role": "书记", "phone": "13812345678",
    "honours": "2023年校优秀共产党员；2024年省优秀党务工作者", "note": "",
}
FORMULA = {
    "name": "=1+1", "gender": "男", "ethnicity": "汉族", "birth_date": "2001-09",
    "education": "大学本科", "degree": "学士", "title": "助教", "title_grade": "初级",
    "post": "+辅导员", "category": "学生", "party_status": "预备党员", "join_date": "2023-06-01",
    "group_name": "@学生党小组", "phone": "01088886666", "note": "-备注",
}
STATS = [("党员总数", 2), ("正式党员", 1), ("预备党员", 1), ("高级职称", 1)]


@pytest.fixture
def roster(tmp_path) -> Path:
    path = tmp_path / "花名册.xlsx"
    write_roster_xlsx(path, "计算机学院教工第一党支部", [ZHANG, FORMULA], STATS)
    return path


def test_title_header_and_member_rows(roster):
    ws = load_workbook(roster).worksheets[0]
    assert ws.title == "花名册"
    assert ws["A1"].value == "计算机学院教工第一党支部 党员花名册"
    assert "A1:S1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == HEADER
    assert all(c.font.b for c in ws[2])
    assert [c.value for c in ws[3]] == [
        1, "张慧", "女", "汉族", "1985-03-12", "博士研究生", "博士", "副教授", "副高", "专任教师", "教工",
        "正式党员", "2005-06", "2006-06", "第一党小组", "书记", "13812345678",
        "2023年校优秀共产党员；2024年省优秀党务工作者", None,
    ]
    assert ws.freeze_panes == "A3"
    assert ws.max_row == 4


def test_values_that_look_like_formulas_or_numbers_stay_text(roster):
    ws = load_workbook(roster).worksheets[0]
    name, post, group, phone, note = ws["B4"], ws["J4"], ws["O4"], ws["Q4"], ws["S4"]
    assert (name.value, name.data_type) == ("=1+1", "s")
    assert (post.value, group.value, note.value) == ("+辅导员", "@学生党小组", "-备注")
    assert all(c.data_type == "s" for c in (post, group, note))
    assert (phone.value, phone.data_type) == ("01088886666", "s")
    assert (ws["Q3"].value, ws["Q3"].data_type) == ("13812345678", "s")


def test_chinese_columns_are_wider_than_latin_ones(roster):
    ws = load_workbook(roster).worksheets[0]
    width = {c: ws.column_dimensions[c].width for c in "ABQR"}
    assert width["A"] < width["Q"] < width["R"]  # 序号 < 11-digit phone < long 荣誉 text
    assert width["R"] <= 40


def test_statistics_sheet(roster, tmp_path):
    ws = load_workbook(roster)["统计"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["项目", "人数"], ["党员总数", 2], ["正式党员", 1], ["预备党员", 1], ["高级职称", 1]]
    plain = tmp_path / "无统计.xlsx"
    write_roster_xlsx(plain, "某支部", [ZHANG])
    assert load_workbook(plain).sheetnames == ["花名册"]


def test_round_trip_through_the_importer(roster):
    preview = read_roster(roster)
    assert preview.header_row == 2
    assert preview.ignored_columns == ["序号", "支部职务", "荣誉"]
    # "=1+1" survives the round trip as text, and the importer says it is no name.
    assert [r.problems for r in preview.rows] == [[], ["第4行「姓名」：含有姓名中不会出现的字符：“=+”"]]
    for row, member in zip(preview.rows, [ZHANG, FORMULA], strict=True):
        expected = {k: v for k, v in member.items() if v and k not in ("role", "honours")}
        assert row.values == expected


def test_existing_file_is_kept_unless_forced(roster):
    before = roster.read_bytes()
    with pytest.raises(ExportError, match="文件已存在"):
        write_roster_xlsx(roster, "另一个支部", [FORMULA])
    assert roster.read_bytes() == before
    write_roster_xlsx(roster, "另一个支部", [FORMULA], force=True)
    ws = load_workbook(roster).worksheets[0]
    assert ws["A1"].value == "另一个支部 党员花名册"
    assert [p.name for p in roster.parent.iterdir()] == [roster.name]  # no temp file left


def test_control_characters_do_not_break_the_export(tmp_path):
    path = tmp_path / "花名册.xlsx"
    write_roster_xlsx(path, "某支部", [{"name": "张\x07慧", "phone": 13812345678}])
    ws = load_workbook(path).worksheets[0]
    assert (ws["B3"].value, ws["Q3"].value) == ("张慧", "13812345678")


def test_bad_statistics_are_refused(tmp_path):
    with pytest.raises(ExportError, match="统计项“党员总数”的人数应为整数"):
        write_roster_xlsx(tmp_path / "x.xlsx", "某支部", [], [("党员总数", "两个")])


def test_export_module_does_not_import_heavy_libraries():
    code = ("import sys\nimport tui.export.roster_xlsx\n"
            "assert 'textual' not in sys.modules and 'openpyxl' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
