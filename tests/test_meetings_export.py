"""Exports: reopen the .docx and check every field of the record, the fonts and the language."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.export.atomic import ExportError
from tui.export.catalogue import FormParams, get_form
from tui.store import branch, members
from tui.store import meetings as store

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def recorded(db):
    branch.save_branch(db, {"name": "计算机学院教工第一党支部", "usual_place": "行政楼 305"})
    ids = [members.save_member(db, {"name": n, "join_date": "2010-01-01"}) for n in ("张三", "李四", "王五", "赵六")]
    branch.set_committee(db, {"书记": ids[0], "组织委员": ids[1], "宣传委员": ids[2]})
    att = store.expected_attendees(db, "组织生活会", None, "2025-12-10")
    marks = {"王五": ("请假", "出差"), "赵六": ("缺席", "临时有课")}
    for a in att:
        a.status, a.reason = marks.get(a.name, ("出席", ""))
    data = store.new_meeting_defaults(db, "组织生活会")
    data.update(
        date="2025-12-10", start_time="14:00", end_time="16:30", host_id=ids[0], recorder_id=ids[1],
        guests="学院党委组织员陈老师", topics="2025年度组织生活会", agenda="一、对照检查\n二、批评与自我批评",
        content="张三同志代表支委会作对照检查。\n党员逐一发言。", votes="无需表决",
        decisions="形成整改清单", attendance=att,
        rectifications=[{"problem": "理论学习不够深入", "measure": "每月集中学习", "owner": "李四", "deadline": "2026-06"}],
    )
    mid = store.save_meeting(db, data)
    other = store.new_meeting_defaults(db, "支部委员会")
    other.update(date="2025-03-01", topics="研究年度计划", content="会议研究了年度计划。",
                 attendance=store.expected_attendees(db, "支部委员会", None, "2025-03-01"))
    store.save_meeting(db, other)
    db.meeting_id = mid
    return db


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def east_asia(style) -> str | None:
    while style is not None:
        rfonts = style.element.find(f"{W}rPr/{W}rFonts")
        if rfonts is not None and rfonts.get(f"{W}eastAsia"):
            return rfonts.get(f"{W}eastAsia")
        style = style.base_style
    return None


def test_meeting_record_holds_every_field_in_official_fonts(recorded, tmp_path):
    import docx

    out = get_form("meeting").build(recorded, FormParams(record_id=recorded.meeting_id), tmp_path / "记录.docx")
    document = docx.Document(str(out))
    text = all_text(document)
    for expected in (
        "组织生活会会议记录", "计算机学院教工第一党支部", "2025年第1次组织生活会", "2025年12月10日 14:00—16:30",
        "行政楼 305", "张三", "李四", "应到人数", "4人", "实到人数", "2人", "王五（请假：出差）、赵六（缺席：临时有课）",
        "学院党委组织员陈老师", "2025年度组织生活会", "一、对照检查", "张三同志代表支委会作对照检查。", "党员逐一发言。",
        "无需表决", "形成整改清单", "主持人签字", "记录人签字",
        "整改清单", "理论学习不够深入", "每月集中学习", "2026年6月", "未完成",
    ):
        assert expected in text, expected
    title = document.paragraphs[0]
    assert title.text == "组织生活会会议记录"
    assert east_asia(title.style) == "方正小标宋简体"
    cell_paragraph = document.tables[0].rows[0].cells[0].paragraphs[0]
    assert east_asia(cell_paragraph.style) == "仿宋_GB2312"
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    # The paper form: one 缺席人员及原因 line (请假 is a reason), and the signatures close the record,
    # the 整改清单 following as its 附件.
    labels = [row.cells[0].text for row in document.tables[0].rows]
    assert "请假人员及原因" not in labels and labels[-1] == "主持人签字"
    assert labels.index("整改清单") < labels.index("主持人签字")
    body = [p.text for p in document.paragraphs]
    assert "附件：整改清单" in body


def test_each_kind_is_titled_as_the_paper_book_names_it(recorded, tmp_path):
    import docx

    ids = {}
    for kind, extra in (("党课", {"lecturer": "张三", "lecture_title": "弘扬伟大建党精神"}),
                        ("主题党日", {"theme": "重温入党誓词", "feature": "面向党旗宣誓"}),
                        ("党小组会", {})):
        data = store.new_meeting_defaults(recorded, kind)
        if kind == "党小组会":
            gid = branch.save_group(recorded, "第一党小组")
            data["group_id"] = gid
        data.update(date="2025-05-08", **extra)
        ids[kind] = store.save_meeting(recorded, data)
    titles = {}
    texts = {}
    for kind, mid in ids.items():
        out = get_form("meeting").build(recorded, FormParams(record_id=mid), tmp_path / f"{mid}.docx")
        document = docx.Document(str(out))
        titles[kind] = document.paragraphs[0].text
        texts[kind] = all_text(document)
    assert titles == {"党课": "党课记录", "主题党日": "主题党日活动记录", "党小组会": "党小组会议记录"}
    assert "弘扬伟大建党精神" in texts["党课"] and "主讲人" in texts["党课"]
    assert "表决情况" not in texts["党课"] and "表决情况" not in texts["主题党日"]
    assert "重温入党誓词" in texts["主题党日"] and "面向党旗宣誓" in texts["主题党日"]


def test_evaluation_lists_every_member_in_grade_order(recorded, tmp_path):
    import docx

    att = store.expected_attendees(recorded, "民主评议党员", None, "2025-12-20")
    grades = {"张三": "合格", "李四": "优秀", "王五": "合格"}          # 赵六 not graded yet
    for a in att:
        a.grade = grades.get(a.name, "")
    data = store.new_meeting_defaults(recorded, "民主评议党员")
    data.update(date="2025-12-20", attendance=att)
    mid = store.save_meeting(recorded, data)
    out = get_form("meeting").build(recorded, FormParams(record_id=mid), tmp_path / "评议.docx")
    document = docx.Document(str(out))
    text = all_text(document)
    assert "优秀1人，合格2人，未评定1人" in text
    result = document.tables[-1]
    assert [c.text for c in result.rows[0].cells] == ["序号", "姓名", "评议等次"]
    rows = {r.cells[1].text: r.cells[2].text for r in result.rows[1:]}
    assert rows == {"张三": "合格", "李四": "优秀", "王五": "合格", "赵六": "未评定"}


def test_record_book_for_a_year_lists_meetings_oldest_first(recorded, tmp_path):
    import docx

    out = get_form("minutes").build(recorded, FormParams(year=2025), tmp_path / "工作记录.docx")
    document = docx.Document(str(out))
    text = all_text(document)
    assert "党支部工作记录" in text and "计算机学院教工第一党支部（2025年）" in text
    assert "本期共召开支部委员会1次、组织生活会1次。" in text
    assert text.index("1. 2025年第1次支部委员会") < text.index("2. 2025年第1次组织生活会")
    assert "会议研究了年度计划。" in text and "理论学习不够深入" in text
    with pytest.raises(ExportError, match="2019年没有会议记录"):
        get_form("minutes").build(recorded, FormParams(year=2019), tmp_path / "空.docx")


def test_no_quorum_is_written_on_the_record(recorded, tmp_path):
    import docx

    att = store.expected_attendees(recorded, "支部委员会", None, "2025-04-01")
    for a in att[1:]:
        a.status = "请假"
    data = store.new_meeting_defaults(recorded, "支部委员会")
    data.update(date="2025-04-01", attendance=att)
    mid = store.save_meeting(recorded, data)
    out = get_form("meeting").build(recorded, FormParams(record_id=mid), tmp_path / "m.docx")
    assert "不符合会议有效人数要求" in all_text(docx.Document(str(out)))


def test_cli_search_and_export(recorded, tmp_path, capsys, monkeypatch):
    from tui.__main__ import main
    from tui.store.db import close_db, db_path_of

    path = db_path_of(recorded)
    close_db(recorded)                                   # the CLI opens the file itself
    assert main(["search", "对照检查", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2025-12-10" in out and "组织生活会" in out and "共 1 条" in out
    assert main(["search", "计划", "--db", str(path)]) == 0
    assert "研究年度计划" in capsys.readouterr().out
    assert main(["search", "没有的词", "--db", str(path)]) == 1
    target = tmp_path / "one.docx"
    assert main(["export", "meeting", "--meeting", "1", "-o", str(target), "--db", str(path)]) == 0
    assert target.exists()
    assert main(["export", "meeting", "--meeting", "1", "-o", str(target), "--db", str(path)]) == 1
    assert "已存在" in capsys.readouterr().err


def test_large_period_export_is_quick_enough_to_be_usable(demo_db, tmp_path):
    """Not a timing assertion: the typical demo's whole last year exports and reopens."""
    import docx

    year = dt.date(2026, 11, 21).year - 1
    out = get_form("minutes").build(demo_db, FormParams(year=year), tmp_path / "book.docx")
    document = docx.Document(str(out))
    assert len(document.tables) > 50
