"""Pairings store: setting up triads, the checks that refuse bad slots, logs and outcomes."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import FROZEN_TODAY
from tui import clock
from tui.rules.pairings import achievement_sentence, hours_text, parse_hours
from tui.store import members, people
from tui.store import pairings as store
from tui.store.errors import ValidationError


@pytest.fixture
def roster(db):
    ids = {
        "teacher": members.save_member(db, {"name": "张慧", "category": "教工", "join_date": "2008-06"}),
        "teacher2": members.save_member(db, {"name": "刘强", "category": "教工", "join_date": "2012-06"}),
        "student": members.save_member(db, {"name": "李明", "category": "学生", "join_date": "2024-05-20",
                                            "party_status": "预备党员"}),
        "gone": members.save_member(db, {"name": "赵军", "category": "教工", "join_date": "2001-01"}),
    }
    members.record_leaving(db, ids["gone"], "2024-06-30", "转出", "调往兄弟学院")
    return ids


def mentor(roster, **over) -> dict:
    data = {"mode": "导师制团队", "title": "智能车竞赛导师团队", "lead_id": roster["teacher"],
            "second_member_id": roster["student"], "person_name": "王小明", "object_text": "全国大学生智能汽车竞赛",
            "start_date": "2025-03-01"}
    data.update(over)
    return data


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_mentor_team_with_a_new_outside_student(db, roster):
    pid = store.save_pairing(db, mentor(roster, person_name_unit=""))
    p = store.get_pairing(db, pid)
    assert (p.mode, p.mode_name, p.status) == ("mentor", "导师制团队", "进行中")
    assert p.names() == ["张慧", "李明", "王小明"]
    student = people.get_person(db, p.person_id)
    assert (student.name, student.kind) == ("王小明", "学生")
    # The same outside student is reused, not registered twice.
    again = store.save_pairing(db, mentor(roster, title="第二个团队"))
    assert store.get_pairing(db, again).person_id == p.person_id
    assert count(db, "people") == 1


def test_teaching_pair_needs_a_course_or_topic(db, roster):
    teacher = people.save_person(db, {"name": "陈老师", "kind": "教师", "unit": "机械工程系"})
    with pytest.raises(ValidationError) as err:
        store.save_pairing(db, {"mode": "teaching", "title": "制图结对", "lead_id": roster["teacher2"],
                                "person_id": teacher, "start_date": "2025-03-01"})
    assert err.value.field == "课程或课题"
    pid = store.save_pairing(db, {"mode": "teaching", "title": "制图结对", "lead_id": roster["teacher2"],
                                  "person_id": teacher, "object_text": "《机械制图》精品课程建设",
                                  "start_date": "2025-03-01", "second_member_id": roster["student"]})
    # A second member is meaningless outside the mentor mode and is not kept.
    assert store.get_pairing(db, pid).second_member_id is None


@pytest.mark.parametrize("over, field, words", [
    ({"lead_id": "student"}, "教工党员", "人员类别是学生"),
    ({"second_member_id": "teacher2"}, "学生党员", "人员类别是教工"),
    ({"second_member_id": "teacher"}, "学生党员", "同一人"),
    ({"lead_id": "gone"}, "教工党员", "已于 2024-06-30 离开本支部"),
    ({"lead_id": 9999}, "教工党员", "在册党员"),
    ({"title": "  "}, "结对名称", "不能为空"),
    ({"start_date": "2025-02-30"}, "开始日期", "没有这一天"),
    ({"end_date": "2025-01-01"}, "结束日期", "不能早于"),
    ({"status": "已结束"}, "结束日期", "须填写"),
    ({"mode": "师徒结对"}, "结对模式", "只能是"),
    ({"person_name": ""}, "普通学生", "不能为空"),
])
def test_bad_pairing_is_refused_and_nothing_is_saved(db, roster, over, field, words):
    over = {k: roster.get(v, v) if isinstance(v, str) and k.endswith("_id") else v for k, v in over.items()}
    with pytest.raises(ValidationError) as err:
        store.save_pairing(db, mentor(roster, **over))
    assert err.value.field == field
    assert words in str(err.value)
    assert count(db, "pairings") == 0
    assert count(db, "people") == 0        # the typed-in student was not registered either


def test_outside_person_of_the_wrong_kind_is_refused(db, roster):
    firm = people.save_person(db, {"name": "精锐数控有限公司", "kind": "企业"})
    with pytest.raises(ValidationError, match="应是类别为学生的校外人员：精锐数控有限公司 的类别是企业"):
        store.save_pairing(db, mentor(roster, person_name="", person_id=firm))


def test_member_who_left_may_stay_in_a_pairing_that_ended_before(db, roster):
    pid = store.save_pairing(db, mentor(roster, lead_id=roster["gone"], start_date="2023-03-01",
                                        end_date="2024-01-15", status="已结束"))
    assert store.get_pairing(db, pid).lead_name == "赵军"
    with pytest.raises(ValidationError, match="离开本支部"):
        store.save_pairing(db, mentor(roster, lead_id=roster["gone"], start_date="2023-03-01"))


def test_activities_hours_and_date_range(db, roster):
    pid = store.save_pairing(db, mentor(roster))
    store.add_activity(db, pid, "2025-03-05", "制订训练计划", "1.5")
    store.add_activity(db, pid, "2025.4.2", "赛前模拟训练", "２")
    p = store.get_pairing(db, pid)
    assert (p.activity_count, hours_text(p.hours)) == (2, "3.5")
    for date, what, hours, field in [("2025-02-28", "早了", "1", "活动日期"), ("2025-03-09", "", "1", "活动内容"),
                                     ("2025-03-09", "x", "两小时", "学时"), ("2025-03-09", "x", "-1", "学时")]:
        with pytest.raises(ValidationError) as err:
            store.add_activity(db, pid, date, what, hours)
        assert err.value.field == field
    assert store.get_pairing(db, pid).activity_count == 2


def test_outcome_dated_before_the_pairing_began_is_refused(db, roster):
    pid = store.save_pairing(db, mentor(roster))
    with pytest.raises(ValidationError) as err:
        store.add_outcome(db, pid, {"kind": "竞赛获奖", "level": "省级", "date": "2025-02-01", "title": "省赛一等奖"})
    assert err.value.field == "获得日期"
    assert "早于结对开始日期 2025-03-01" in str(err.value)
    for bad, field in [({"kind": "奖状"}, "成果类别"), ({"level": "区级"}, "级别"), ({"title": ""}, "成果名称")]:
        with pytest.raises(ValidationError) as err:
            store.add_outcome(db, pid, {"kind": "竞赛获奖", "level": "省级", "date": "2025-06-01", "title": "省赛一等奖", **bad})
        assert err.value.field == field
    assert count(db, "pairing_outcomes") == 0
    store.add_outcome(db, pid, {"kind": "竞赛获奖", "level": "省级", "date": "2025-06-01", "title": "省赛一等奖"})
    # Moving the start past an existing outcome would orphan it.
    with pytest.raises(ValidationError, match="开始日期"):
        store.save_pairing(db, mentor(roster, start_date="2025-07-01"), pid)


def test_list_by_year_mode_and_member_and_soft_delete(db, roster):
    a = store.save_pairing(db, mentor(roster, start_date="2023-09-01", end_date="2024-06-30", status="已结束"))
    b = store.save_pairing(db, mentor(roster, title="新团队", lead_id=roster["teacher2"], start_date="2025-03-01"))
    assert [p.id for p in store.list_pairings(db, 2024)] == [a]
    assert [p.id for p in store.list_pairings(db, 2025)] == [b]
    assert {p.id for p in store.list_pairings(db)} == {a, b}
    assert [p.id for p in store.list_pairings(db, member_id=roster["teacher2"])] == [b]
    assert {p.id for p in store.list_pairings(db, member_id=roster["student"])} == {a, b}
    assert store.list_pairings(db, mode="教研结对") == []
    assert store.pairing_years(db)[-1] == 2023
    store.delete_pairing(db, b)
    assert [p.id for p in store.list_pairings(db)] == [a]
    store.restore_pairing(db, b)
    assert {p.id for p in store.list_pairings(db)} == {a, b}


def test_end_pairing(db, roster):
    pid = store.save_pairing(db, mentor(roster))
    store.add_activity(db, pid, "2025-05-01", "训练", "2")
    with pytest.raises(ValidationError, match="结束日期"):
        store.end_pairing(db, pid, "2025-04-01")
    store.end_pairing(db, pid, "2025-12-31")
    p = store.get_pairing(db, pid)
    assert (p.status, p.end_date) == ("已结束", "2025-12-31")


def test_mode_names_and_kinds_are_settings(db, roster):
    from tui.store.branch import set_setting

    set_setting(db, "pairings.mode_names", {"mentor": "师生导学团队"})
    set_setting(db, "pairings.slot_labels", {"mentor": {"lead": "导师"}})
    set_setting(db, "pairings.outcome_kinds", ["竞赛获奖", "志愿服务"])
    pid = store.save_pairing(db, mentor(roster, mode="师生导学团队"))
    assert store.get_pairing(db, pid).mode_name == "师生导学团队"
    with pytest.raises(ValidationError, match="「导师」"):
        store.save_pairing(db, mentor(roster, lead_id=roster["student"]))
    store.add_outcome(db, pid, {"kind": "志愿服务", "level": "校级", "date": "2025-06-01", "title": "防疫志愿者"})
    with pytest.raises(ValidationError, match="成果类别"):
        store.add_outcome(db, pid, {"kind": "专利", "level": "国家级", "date": "2025-06-01", "title": "x"})


def test_people_search_by_pinyin_and_duplicates(db):
    wang = people.save_person(db, {"name": "王小明", "kind": "学生", "unit": "机电2301班"})
    people.save_person(db, {"name": "单丽", "kind": "教师"})
    assert [p.id for p in people.search_people(db, "wxm")] == [wang]
    assert [p.name for p in people.search_people(db, "wangxiao")] == ["王小明"]
    assert [p.name for p in people.search_people(db, "shanli")] == ["单丽"]
    assert [p.name for p in people.search_people(db, "2301")] == ["王小明"]
    with pytest.raises(ValidationError, match="已有校外人员「王小明」"):
        people.save_person(db, {"name": "王小明", "kind": "学生", "unit": "机电2301班"})
    people.save_person(db, {"name": "王小明", "kind": "学生", "unit": "机电2302班"})  # a namesake, told apart
    with pytest.raises(ValidationError, match="类别"):
        people.save_person(db, {"name": "某人", "kind": "家长"})


def test_person_in_use_cannot_be_deleted(db, roster):
    pid = store.save_pairing(db, mentor(roster))
    person_id = store.get_pairing(db, pid).person_id
    with pytest.raises(ValidationError, match="已用于结对"):
        people.delete_person(db, person_id)
    spare = people.save_person(db, {"name": "闲置", "kind": "学生"})
    people.delete_person(db, spare)
    assert count(db, "people") == 1


def test_hours_are_tenths_without_floats():
    assert [parse_hours(x) for x in ("", "2", "1.5", "0.25", "１.５", "3小时")] == [0, 20, 15, 3, 15, 30]
    assert hours_text(35) == "3.5" and hours_text(40) == "4"
    with pytest.raises(ValueError):
        parse_hours("abc")


def test_sentence_groups_by_verb_and_orders_levels():
    text = achievement_sentence({("精品课程", "省级"): 3, ("教学团队", "省级"): 2, ("教学团队", "校级"): 5,
                                 ("竞赛获奖", "国家级"): 1, ("论文", "校级"): 0})
    assert text == "已建立3门省级精品课程、2个省级教学团队、5个校级教学团队，获得1项国家级竞赛奖项"
    assert achievement_sentence({}) == ""


def test_a_running_pairing_reaches_todays_year_in_the_year_filter(db, roster):
    store.save_pairing(db, mentor(roster, start_date="2025-03-01"))        # not ended
    assert store.pairing_years(db) == [2026, 2025]                           # the frozen 2026-11-21
    clock.freeze(dt.date(2028, 1, 5))                                        # the clock's today, not SQLite's
    try:
        assert store.pairing_years(db) == [2028, 2027, 2026, 2025]
    finally:
        clock.freeze(FROZEN_TODAY)
