"""The roster's store: validation, leaving, honours, statistics, branch profile and committee."""

from __future__ import annotations

import pytest

from tui.store import branch, members
from tui.store.errors import ValidationError


def add(db, name="张慧", **kw):
    data = {"name": name, "category": "教工", "party_status": "正式党员", **kw}
    return members.save_member(db, data)


def test_member_is_saved_with_search_keys_and_normalized_dates(db):
    mid = add(db, "张　慧", birth_date="1985年3月", join_date="2010.6.1", gender="女")
    m = members.get_member(db, mid)
    assert (m.name, m.pinyin, m.initials) == ("张慧", "zhanghui", "zh")
    assert (m.birth_date, m.join_date) == ("1985-03", "2010-06-01")


@pytest.mark.parametrize("field,value,message", [
    ("name", "  ", "「姓名」不能为空"),
    ("birth_date", "1985-13-01", "「出生日期」"),
    ("gender", "未知", "「性别」只能是 男/女"),
    ("party_status", "党员", "「党籍」只能是"),
    ("phone", "138abc", "「手机」不像电话号码"),
    ("phone", "1984-01-01", "「手机」不像电话号码"),
    ("name", "张伟😀", "「姓名」含有姓名中不会出现的字符"),
    ("name", "王@明", "「姓名」含有姓名中不会出现的字符"),
    ("name", "4李", "「姓名」含有姓名中不会出现的字符"),
    ("join_date", "2999-01-01", "「入党日期」不能晚于今天"),
])
def test_bad_input_names_the_field_and_saves_nothing(db, field, value, message):
    data = {"name": "李明", "category": "教工", "party_status": "正式党员", field: value}
    with pytest.raises(ValidationError, match=message):
        members.save_member(db, data)
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_full_date_before_join_date_is_refused(db):
    with pytest.raises(ValidationError, match="转正日期"):
        add(db, join_date="2020-05-01", full_date="2019-05-01")


def test_leaving_keeps_the_member_in_history_and_off_the_committee(db):
    a, b = add(db, "王伟"), add(db, "李娜")
    branch.set_committee(db, {"书记": a, "组织委员": b})
    members.record_leaving(db, b, "2025-07-01", "转出", "调往外院")
    assert [m.name for m in members.list_members(db)] == ["王伟"]
    left = members.get_member(db, b)
    assert (left.left_kind, left.left_reason, left.active) == ("转出", "调往外院", False)
    assert branch.get_committee(db) == {"书记": a}
    assert {m.name for m in members.list_members(db, include_left=True)} == {"王伟", "李娜"}
    members.undo_leaving(db, b)
    assert members.get_member(db, b).active


def test_committee_rules(db):
    a, b = add(db, "王伟"), add(db, "李娜")
    with pytest.raises(ValidationError, match="两个职务"):
        branch.set_committee(db, {"书记": a, "组织委员": a})
    with pytest.raises(ValidationError, match="必须有书记"):
        branch.set_committee(db, {"组织委员": b})
    assert branch.get_committee(db) == {}


def test_statistics_count_what_the_forms_need(db):
    g = add(db, "甲", title="教授", title_grade="正高", degree="博士", education="博士研究生")
    add(db, "乙", title="副教授", title_grade="副高", degree="硕士", education="硕士研究生", party_status="预备党员")
    add(db, "丙", title="讲师", title_grade="中级", category="学生")
    gone = add(db, "丁", title="教授", title_grade="正高")
    members.record_leaving(db, gone, "2025-01-02", "去世")
    members.add_honour(db, g, "园丁奖", "市级", 2020)
    members.add_honour(db, g, "教书育人楷模", "省级", 2022)
    s = members.roster_stats(db)
    assert s.total == 3
    assert s.by_status == {"正式党员": 2, "预备党员": 1}
    assert s.by_category == {"教工": 2, "学生": 1}
    assert s.by_title_grade == {"正高": 1, "副高": 1, "中级": 1}
    assert s.by_degree == {"博士": 1, "硕士": 1}
    assert s.members_with_honours == 1
    assert s.honours_by_level == {"省级": 1, "市级": 1}
    assert ("高级职称", 2) in s.lines()


def test_honour_year_is_checked(db):
    mid = add(db)
    with pytest.raises(ValidationError, match="年份"):
        members.add_honour(db, mid, "园丁奖", "市级", "去年")
    assert members.list_honours(db) == []


def test_branch_term_end_and_validation(db):
    branch.save_branch(db, {"name": "教工第一党支部", "term_start": "2024-03-01", "term_years": 3})
    assert branch.get_branch(db).term_end == "2027-03-01"
    with pytest.raises(ValidationError, match="支部名称"):
        branch.save_branch(db, {"name": " "})
    with pytest.raises(ValidationError, match="任期开始"):
        branch.save_branch(db, {"term_start": "2024-02-30"})
    assert branch.get_branch(db).name == "教工第一党支部"


def test_a_failed_write_rolls_back_everything(db):
    from tui.store.db import transaction

    with pytest.raises(RuntimeError):
        with transaction(db):
            add(db, "王伟")
            members.add_honour(db, 1, "园丁奖")
            raise RuntimeError("power cut")
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM member_honours").fetchone()[0] == 0


def test_a_title_typed_without_its_grade_gets_the_grade(db):
    mid = add(db, "甲", title="副教授")
    add(db, "乙", title="辅导员")
    assert members.get_member(db, mid).title_grade == "副高"
    assert ("高级职称", 1) in members.roster_stats(db).lines()
    members.save_member(db, {"title": "研究员", "title_grade": "", "_partial": True}, mid)
    assert members.get_member(db, mid).title_grade == "正高"
    members.save_member(db, {"title": "教授", "title_grade": "副高", "_partial": True}, mid)  # a choice stays
    assert members.get_member(db, mid).title_grade == "副高"


def test_honour_year_as_people_type_it(db):
    mid = add(db)
    members.add_honour(db, mid, "优秀共产党员", "校级", "2021年")
    members.add_honour(db, mid, "园丁奖", "", "２０２２")
    assert sorted(h.year for h in members.list_honours(db)) == [2021, 2022]


def test_honours_without_a_level_count_with_other(db):
    mid = add(db)
    members.add_honour(db, mid, "先进个人", "其他", 2020)
    members.add_honour(db, mid, "优秀党员", "", 2021)
    assert members.roster_stats(db).honours_by_level == {"其他": 2}


def test_branch_founded_in_a_month_and_term_by_kind(db):
    branch.save_branch(db, {"name": "某村党支部", "kind": "村社区", "founded_date": "1998.7",
                            "term_start": "2024-03-01", "term_years": ""})
    b = branch.get_branch(db)
    assert (b.founded_date, b.term_years, b.term_end) == ("1998-07", 5, "2029-03-01")
    branch.save_branch(db, {"kind": "教工", "term_years": ""})
    assert branch.get_branch(db).term_years == 3
    branch.save_branch(db, {"term_years": "4"})
    assert branch.get_branch(db).term_years == 4
    with pytest.raises(ValidationError, match="任期开始"):
        branch.save_branch(db, {"term_start": "2024.3"})


def test_a_probationary_member_cannot_sit_on_the_committee(db):
    full = add(db, "甲")
    probationary = add(db, "乙", party_status="预备党员")
    with pytest.raises(ValidationError, match="须为正式党员"):
        branch.set_committee(db, {"书记": full, "组织委员": probationary})
    assert branch.get_committee(db) == {}
    assert branch.committee_shortfall(7, 2) and branch.committee_shortfall(6, 1) is None
    assert branch.committee_shortfall(9, 3) is None


@pytest.mark.parametrize("name", ["𠮷野", "䶮", "买买提·艾力", "欧阳娜娜", "Anna", "张〇", "张伟2"])
def test_real_names_with_rare_characters_are_saved(db, name):
    mid = members.save_member(db, {"name": name, "join_date": "2010-06-01"})
    assert members.get_member(db, mid).name == name


@pytest.mark.parametrize("phone", ["13812345678", "138 1234 5678", "138-1234-5678", "+8613812345678",
                                   "0571-88888888", "057188888888", "0571-88888888-123", "6123"])
def test_phones_of_every_usual_shape_are_saved(db, phone):
    mid = members.save_member(db, {"name": "李明", "phone": phone})
    assert members.get_member(db, mid).phone == phone


@pytest.mark.parametrize("birth, join, message", [
    ("1990-05-01", "1985-07-01", "「入党日期」不能早于「出生日期」"),
    ("1990-05", "2007-06", "未满 18 周岁"),
])
def test_join_date_must_fit_the_birth_date(db, birth, join, message):
    with pytest.raises(ValidationError, match=message) as err:
        members.save_member(db, {"name": "李明", "birth_date": birth, "join_date": join})
    assert err.value.field == "入党日期"
    assert members.list_members(db) == []
