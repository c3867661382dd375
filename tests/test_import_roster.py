import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from tui.importers.roster import RosterFileError, parse_date, read_roster

REPO = Path(__file__).resolve().parents[1]

HEADER = ["序号", "姓 名", "性别", "民族", "出生\n年月", "学历", "学位", "职称", "政治面貌",
          "入党时间", "转正时间", "所在党小组", "联系电话", "支部职务", "备注"]


def _serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def _messy_workbook(path: Path) -> None:
    """A roster the way secretaries send it: title rows, odd headers, every date style."""
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(["计算机学院教工第一党支部党员花名册"])
    ws.merge_cells("A1:O1")
    ws.append(["填报日期：2024年3月1日", None, None, None, None, None, None, None, None, None, None, "单位（盖章）"])
    ws.merge_cells("A2:K2")
    ws.append(HEADER)
    rows = [
        # row 4
        [1, "张　慧", "女", "汉族", dt.datetime(1985, 3, 12), "博士研究生", "博士", "副教授", "中共党员",
         "2005.06", "2006.06", "第一党小组", 13812345678.0, "书记", None],
        # row 5: the group cell is merged down from row 4
        [2, "王小明", "男", "汉族", "1985.03", "硕士", "硕士", "讲师", "中共预备党员",
         "2023-6-1", None, None, 13900001111, None, "  调入  "],
        # row 6: blank
        [None] * 15,
        # row 7: impossible birth date
        [3, "李四", "男", "回族", "1985-13-01", "大学本科", "学士", "教授", "正式党员",
         "1985/3/12", "1986年3月12日", "第二党小组", None, None, None],
        [4, "赵六", "男性", "汉族", "1985.3", "大学本科", "学士", "助教", "党员",
         "1985年3月", "198603", "第二党小组", None, None, None],
        [5, "钱七", "M", "汉族", "1985年3月12日", "大专", "无", "工程师", "中国共产党党员",
         _serial(dt.date(2001, 7, 1)), "19850312", "第二党小组", None, None, None],
        [6, None, "女", "汉族", "198503", None, None, None, "正式党员",
         None, None, None, None, None, None],
        [7, "张慧", "女", "汉族", "19850312", None, None, None, "预备党员",
         "1985年2月30日", None, None, None, None, None],
        # row 12: a month-only Excel date
        [8, "孙八", "男", "汉族", dt.datetime(1990, 10, 1), None, None, None, "正式党员",
         1999.1, 2000.12, None, "138 0000 1111", None, None],
        [None] * 15,
        ["填表人：李明", None, None, None, "审核人：", None, None, None, None, None, None, None, None, None, None],
        ["合计：8人"],
    ]
    for row in rows:
        ws.append(row)
    ws.merge_cells("L4:L5")
    ws["E12"].number_format = "yyyy.mm"
    ws.merge_cells("A15:O15")
    wb.save(path)


@pytest.fixture
def messy(tmp_path) -> Path:
    path = tmp_path / "花名册.xlsx"
    _messy_workbook(path)
    return path


def _row(preview, number):
    return next(r for r in preview.rows if r.row == number)


def test_header_row_is_found_below_title_rows_and_mapped(messy):
    preview = read_roster(messy)
    assert preview.header_row == 3
    assert preview.sheet_name == "花名册"
    assert preview.mapping == [
        ("序号", None), ("姓 名", "name"), ("性别", "gender"), ("民族", "ethnicity"),
        ("出生 年月", "birth_date"), ("学历", "education"), ("学位", "degree"), ("职称", "title"),
        ("政治面貌", "party_status"), ("入党时间", "join_date"), ("转正时间", "full_date"),
        ("所在党小组", "group_name"), ("联系电话", "phone"), ("支部职务", None), ("备注", "note"),
    ]
    assert preview.ignored_columns == ["序号", "支部职务"]


def test_values_are_normalized(messy):
    preview = read_roster(messy)
    assert _row(preview, 4).values == {
        "name": "张慧", "gender": "女", "ethnicity": "汉族", "birth_date": "1985-03-12",
        "education": "博士研究生", "degree": "博士", "title": "副教授", "title_grade": "副高",
        "party_status": "正式党员", "join_date": "2005-06", "full_date": "2006-06",
        "group_name": "第一党小组", "phone": "13812345678",
    }
    assert _row(preview, 4).problems == []
    assert _row(preview, 5).values == {
        "name": "王小明", "gender": "男", "ethnicity": "汉族", "birth_date": "1985-03",
        "education": "硕士研究生", "degree": "硕士", "title": "讲师", "title_grade": "中级",
        "party_status": "预备党员", "join_date": "2023-06-01", "group_name": "第一党小组",
        "phone": "13900001111", "note": "调入",
    }
    assert _row(preview, 8).values["birth_date"] == "1985-03"
    assert _row(preview, 8).values["gender"] == "男"
    assert _row(preview, 8).values["party_status"] == "正式党员"
    assert _row(preview, 8).values["join_date"] == "1985-03"
    assert _row(preview, 8).values["full_date"] == "1986-03"
    assert _row(preview, 8).values["title_grade"] == "初级"
    assert _row(preview, 9).values["birth_date"] == "1985-03-12"
    assert _row(preview, 9).values["join_date"] == "2001-07-01"
    assert _row(preview, 9).values["title_grade"] == "中级"
    assert _row(preview, 10).values["birth_date"] == "1985-03"
    assert _row(preview, 11).values["birth_date"] == "1985-03-12"
    assert _row(preview, 7).values["join_date"] == "1985-03-12"
    assert _row(preview, 7).values["full_date"] == "1986-03-12"
    assert _row(preview, 7).values["title_grade"] == "正高"
    assert _row(preview, 12).values["birth_date"] == "1990-10"
    assert _row(preview, 12).values["full_date"] == "2000-12"
    assert _row(preview, 12).values["phone"] == "13800001111"


def test_problems_name_row_and_column(messy):
    preview = read_roster(messy)
    assert _row(preview, 7).problems == ["第7行「出生年月」：无法识别的日期“1985-13-01”（没有13月）"]
    assert "birth_date" not in _row(preview, 7).values
    assert _row(preview, 9).problems == [
        "第9行「性别」：性别应为“男”或“女”，不是“M”",
        "第9行「转正时间」：转正日期1985-03-12早于入党日期2001-07-01",
        "第9行「入党时间」：「入党日期」时未满 18 周岁（出生于 1985-03-12），请核对两个日期",
    ]
    assert _row(preview, 8).problems == ["第8行「入党时间」：「入党日期」不能早于「出生日期」"]
    assert _row(preview, 10).problems == ["第10行「姓名」：姓名为空"]
    assert _row(preview, 11).problems == ["第11行「入党时间」：无法识别的日期“1985年2月30日”（2月没有30日）"]
    # Excel stores a typed "1999.10" as the number 1999.1: that cannot be trusted.
    assert _row(preview, 12).problems == [
        "第12行「入党时间」：“1999.1”无法确定是1999年1月还是10月（Excel 会把“1999.10”存成“1999.1”），请核对"]
    assert all(_row(preview, n).problems == [] for n in (4, 5))


def test_duplicate_names_are_warned_naming_both_rows(messy):
    preview = read_roster(messy)
    assert "姓名“张慧”重复出现在第4、11行，请确认是否为同一人" in preview.warnings


def test_blank_rows_vanish_and_footers_are_reported(messy):
    preview = read_roster(messy)
    numbers = [r.row for r in preview.rows]
    assert 6 not in numbers and 13 not in numbers
    assert _row(preview, 14).skipped_reason == "不是党员信息（“填表人：李明”），未导入"
    assert _row(preview, 15).skipped_reason == "不是党员信息（“合计：8人”），未导入"
    assert [r.row for r in preview.members] == [4, 5, 7, 8, 9, 10, 11, 12]


GBK_CSV = (
    "某某党支部党员花名册,,,,,,,\r\n"
    "姓　名,性别,出生年月,入党日期,转正日期,党员类别,手机号,备注\r\n"
    "张　慧,女,1985.03,2005-6-1,2006/6/1,正式党员,13812345678,\r\n"
    ",,,,,,,\r\n"
    "王小明,男,1985年3月12日,1985-13-01,,预备党员,1.38123E+10,外单位转入\r\n"
    "填表人：李明,,,,,,,\r\n"
)


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_in_any_encoding_excel_saves(tmp_path, encoding):
    path = tmp_path / "花名册.csv"
    path.write_bytes(GBK_CSV.encode(encoding))
    preview = read_roster(path)
    assert preview.header_row == 2
    assert preview.mapping == [
        ("姓　名", "name"), ("性别", "gender"), ("出生年月", "birth_date"), ("入党日期", "join_date"),
        ("转正日期", "full_date"), ("党员类别", "party_status"), ("手机号", "phone"), ("备注", "note"),
    ]
    assert _row(preview, 3).values == {
        "name": "张慧", "gender": "女", "birth_date": "1985-03", "join_date": "2005-06-01",
        "full_date": "2006-06-01", "party_status": "正式党员", "phone": "13812345678",
    }
    assert _row(preview, 5).values == {
        "name": "王小明", "gender": "男", "birth_date": "1985-03-12", "party_status": "预备党员",
        "note": "外单位转入",
    }
    assert _row(preview, 5).problems == [
        "第5行「入党日期」：无法识别的日期“1985-13-01”（没有13月）",
        "第5行「手机号」：“1.38123E+10”已被 Excel 改成科学计数法，号码无法还原，请把该列设为文本后重新填写",
    ]
    assert _row(preview, 6).skipped_reason == "不是党员信息（“填表人：李明”），未导入"
    assert [r.row for r in preview.rows] == [3, 5, 6]


def test_broken_xlsx_names_the_file(tmp_path):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(os.urandom(2048))
    with pytest.raises(RosterFileError) as err:
        read_roster(path)
    assert str(err.value) == "无法读取 花名册.xlsx：文件已损坏或不是 Excel 文件"


@pytest.mark.parametrize(("name", "fragment"), [("花名册.xls", "另存为 .xlsx"), ("花名册.docx", "只支持 .xlsx 和 .csv")])
def test_other_formats_are_refused_with_advice(tmp_path, name, fragment):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    with pytest.raises(RosterFileError, match=fragment) as err:
        read_roster(path)
    assert name in str(err.value)


def test_sheet_without_a_header_is_refused(tmp_path):
    path = tmp_path / "名单.xlsx"
    wb = Workbook()
    wb.active.append(["张慧", "女"])
    wb.active.append(["王小明", "男"])
    wb.save(path)
    with pytest.raises(RosterFileError, match="名单.xlsx：找不到表头行"):
        read_roster(path)


def test_header_without_a_name_column_is_refused(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text("序号,性别,民族,出生日期\n1,女,汉族,1985.03\n", encoding="utf-8")
    with pytest.raises(RosterFileError, match="找不到「姓名」列"):
        read_roster(path)


def test_first_sheet_with_data_is_used_and_template_numbering_is_blank(tmp_path):
    path = tmp_path / "花名册.xlsx"
    wb = Workbook()
    wb.active.title = "说明"
    ws = wb.create_sheet("名单")
    ws.append(["序号", "名字", "性别", "职称", "职称级别"])
    ws.append([1, "张慧", "女", "教授", "正高级"])
    ws.append([2, "王小明", "男", "研究员", None])
    for n in range(3, 30):  # a template numbered in advance, left empty
        ws.append([n])
    wb.save(path)
    preview = read_roster(path)
    assert preview.sheet_name == "名单"
    assert [r.row for r in preview.rows] == [2, 3]
    assert preview.rows[0].values["title_grade"] == "正高"
    assert preview.rows[1].values["title_grade"] == "正高"
    assert preview.warnings == []


def test_two_level_header(tmp_path):
    path = tmp_path / "花名册.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "入党时间", "联系方式", None])
    ws.append([None, None, None, "手机", "邮箱"])
    ws.append(["张慧", "女", "2005.06", "13812345678", "zh@example.edu.cn"])
    for col in "ABC":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("D1:E1")
    wb.save(path)
    preview = read_roster(path)
    assert dict(preview.mapping)["手机"] == "phone"
    assert preview.ignored_columns == ["邮箱"]
    assert [r.row for r in preview.rows] == [3]
    assert preview.rows[0].values == {"name": "张慧", "gender": "女", "join_date": "2005-06", "phone": "13812345678"}


def test_number_cells_shown_with_two_decimals_keep_october(tmp_path):
    path = tmp_path / "花名册.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "出生年月", "入党时间"])
    ws.append(["张慧", "女", 1985.1, 2005.1])
    ws["C2"].number_format = "0.00"
    ws["D2"].number_format = "0.00"
    wb.save(path)
    preview = read_roster(path)
    assert preview.rows[0].values["birth_date"] == "1985-10"
    assert preview.rows[0].problems == []


def test_reading_does_not_import_textual():
    code = ("import sys\nimport tui.importers.roster\n"
            "assert 'textual' not in sys.modules and 'openpyxl' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


def test_values_the_roster_would_refuse_are_problems(tmp_path):
    path = tmp_path / "花名册.csv"
    path.write_text(
        "姓名,类别,职称,职称等级,手机,入党日期\n"
        "张慧,退休教师,教授,,13812345678,2005.06\n"
        "王小明,本科生党员,,,,\n"
        "李四,在职,讲师,中级,0571-88886666,\n"
        "赵六,外聘,副教授,高级,13812345678（办）,2099-01\n",
        encoding="utf-8",
    )
    rows = read_roster(path).rows
    assert [r.values.get("category") for r in rows] == ["离退休", "学生", "教工", None]
    assert rows[0].values["title_grade"] == "正高"
    assert rows[3].problems == [
        "第5行「类别」：无法识别的人员类别“外聘”（应为教工/学生/离退休/其他）",
        "第5行「职称等级」：无法识别的职称等级“高级”（应为正高/副高/中级/初级/无）",
        "第5行「手机」：号码只能包含数字：“13812345678（办）”",
        "第5行「入党日期」：日期2099-01晚于今天",
    ]
    assert rows[3].values == {"name": "赵六", "title": "副教授"}


def test_rows_without_problems_pass_the_store_validation(messy):
    from tui.store.members import validate

    good = [r for r in read_roster(messy).members if not r.problems]
    assert [r.row for r in good] == [4, 5]
    for r in good:
        validate({**r.values})  # raises ValidationError on anything the database would refuse


# From 1910: the serials of mid-1905 (1900…2100) read as a bare year, which is refused.
@given(st.dates(min_value=dt.date(1910, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_written_form_of_a_day_reads_back_the_same(day):
    y, m, d = day.year, day.month, day.day
    for form in (f"{y}-{m}-{d}", f"{y}/{m}/{d}", f"{y}.{m:02d}.{d:02d}", f"{y}年{m}月{d}日",
                 f"{y}{m:02d}{d:02d}", int(f"{y}{m:02d}{d:02d}"), _serial(day), dt.datetime(y, m, d)):
        assert parse_date(form) == day.isoformat(), form
    for form in (f"{y}.{m}", f"{y}.{m:02d}", f"{y}-{m}", f"{y}年{m}月", f"{y}{m:02d}", int(f"{y}{m:02d}")):
        assert parse_date(form) == day.isoformat()[:7], form


def test_old_xls_saved_as_xlsx_gets_advice(tmp_path):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(1024))
    with pytest.raises(RosterFileError, match="花名册.xlsx：文件是旧版 .xls 格式或设置了打开密码"):
        read_roster(path)


def test_a_totals_row_with_its_count_under_the_name_is_not_a_member(tmp_path):
    path = tmp_path / "花名册.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "性别", "出生年月"])
    ws.append([1, "张慧", "女", "1985.03"])
    ws.append(["合计", "1人", None, None])
    wb.save(path)
    preview = read_roster(path)
    assert [r.values.get("name") for r in preview.members] == ["张慧"]
    assert preview.rows[1].skipped_reason == "不是党员信息（“合计”），未导入"


def test_people_who_are_not_members_are_reported_not_imported(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text(
        "姓名,性别,政治面貌,入党时间\n"
        "周杰,男,中共预备党员,2025.06\n"
        "王五,男,入党积极分子,\n"
        "冯伟,男,共青团员,\n"
        "郑爽,女,群众,\n",
        encoding="utf-8",
    )
    preview = read_roster(path)
    assert [r.values.get("name") for r in preview.members] == ["周杰"]
    assert [r.skipped_reason for r in preview.rows[1:]] == [
        "王五：政治面貌为“入党积极分子”，不是党员，未导入",
        "冯伟：政治面貌为“共青团员”，不是党员，未导入",
        "郑爽：政治面貌为“群众”，不是党员，未导入",
    ]
    assert all(not r.problems for r in preview.rows)


@pytest.mark.parametrize(("written", "expected"), [
    ("2012-07-01 00:00:00", "2012-07-01"), ("2012/7/1 0:00", "2012-07-01"), ("2012-07-01T08:30:00", "2012-07-01"),
])
def test_a_date_typed_with_a_time_of_day_reads(written, expected):
    assert parse_date(written) == expected


@pytest.mark.parametrize(("written", "reason"), [
    ("85.3", "年份请写四位，如 1985.03"), (85.3, "年份请写四位，如 1985.03"), ("1983.13", "没有13月"),
    ("1988-02-30", "2月没有30日"), ("198513", "没有13月"),
])
def test_a_date_that_cannot_be_read_says_why(written, reason):
    with pytest.raises(ValueError) as err:
        parse_date(written)
    assert str(err.value).endswith(f"（{reason}）")


def test_ethnicity_and_education_as_rosters_write_them(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text("姓名,民族,学历,学位\n张慧,汉,研究生（博士）,\n王芳,回族,中专,\n李明,穿青人,研究生,\n"
                    "吴丽,汉族,研究生,硕士学位\n", encoding="utf-8")
    rows = read_roster(path).rows
    assert [(r.values["ethnicity"], r.values["education"]) for r in rows] == [
        ("汉族", "博士研究生"), ("回族", "高中及以下"), ("穿青人", "研究生"), ("汉族", "硕士研究生")]


def test_heading_rows_put_the_members_below_them_in_their_group_and_kind(tmp_path):
    path = tmp_path / "花名册.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "性别", "出生年月", "转正年月", "联系手机"])
    ws.append(["一、在职教工党员（3人）"])
    ws.merge_cells("A2:F2")
    ws.append([None, "第一党小组"])                        # typed into the 姓名 column
    ws.append([1, "张慧", "女", "1985.03", "2006.06", "13812345678"])
    ws.append([2, "王芳", "女", "1986.10", None, None])
    ws.append(["（二）第二党小组(共1人)"])
    ws.append([3, "李明", "男", "1979.03", None, None])
    ws.append(["二、离退休党员"])
    ws.append([4, "褚卫", "男", "1950.02", None, None])
    wb.save(path)
    preview = read_roster(path)
    got = {r.values["name"]: (r.values.get("group_name"), r.values.get("category")) for r in preview.members}
    assert got == {"张慧": ("第一党小组", "教工"), "王芳": ("第一党小组", "教工"),
                   "李明": ("第二党小组", "教工"), "褚卫": (None, "离退休")}
    assert _row(preview, 3).skipped_reason == "分组标题行，以下各行记为党小组「第一党小组」"
    assert _row(preview, 4).values["full_date"] == "2006-06" and _row(preview, 4).values["phone"] == "13812345678"


def test_party_status_written_under_people_category_is_the_party_status(tmp_path):
    # 全国党员管理信息系统 exports put 正式党员/预备党员 under 人员类别: not a row problem
    path = tmp_path / "花名册.csv"
    path.write_text(
        "姓名,人员类别,入党时间\n张伟,正式党员,2001-07-01\n赵磊,预备党员,2025-06-01\n王芳,正式,2008-06\n李四,外聘,\n",
        encoding="utf-8",
    )
    rows = read_roster(path).rows
    assert [r.values.get("party_status") for r in rows] == ["正式党员", "预备党员", "正式党员", None]
    assert [r.problems for r in rows[:3]] == [[], [], []]
    assert rows[3].problems == ["第5行「人员类别」：无法识别的人员类别“外聘”（应为教工/学生/离退休/其他）"]
