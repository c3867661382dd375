"""Outcome statistics by mode × kind × level for a period: the numbers a case write-up quotes."""

from __future__ import annotations

import pytest

from tui.store import members, people
from tui.store import pairings as store


@pytest.fixture
def branch(db):
    lead = members.save_member(db, {"name": "张慧", "category": "教工", "join_date": "2008-06"})
    student = members.save_member(db, {"name": "李明", "category": "学生", "join_date": "2020-05"})
    teacher = people.save_person(db, {"name": "陈老师", "kind": "教师"})
    firm = people.save_person(db, {"name": "精锐数控", "kind": "企业"})
    mentor = store.save_pairing(db, {"mode": "mentor", "title": "导师团队", "lead_id": lead, "second_member_id": student,
                                     "person_name": "王小明", "start_date": "2023-03-01"})
    teaching = store.save_pairing(db, {"mode": "teaching", "title": "制图结对", "lead_id": lead, "person_id": teacher,
                                       "object_text": "《机械制图》", "start_date": "2023-09-01",
                                       "end_date": "2024-12-31", "status": "已结束"})
    service = store.save_pairing(db, {"mode": "enterprise", "title": "热变形补偿", "lead_id": lead, "person_id": firm,
                                      "object_text": "主轴热变形", "start_date": "2024-01-01"})
    outcomes = [
        (teaching, "精品课程", "省级", "2024-03-01"), (teaching, "精品课程", "省级", "2024-06-01"),
        (teaching, "精品课程", "省级", "2024-12-31"), (teaching, "教学团队", "省级", "2024-05-01"),
        (teaching, "教学团队", "省级", "2024-07-01"), (teaching, "教学团队", "校级", "2023-12-01"),
        (mentor, "竞赛获奖", "国家级", "2024-08-01"), (mentor, "竞赛获奖", "省级", "2023-11-01"),
        (service, "实践基地", "国家级", "2024-10-01"), (service, "技术服务", "市级", "2025-01-01"),
    ]
    for pid, kind, level, date in outcomes:
        store.add_outcome(db, pid, {"kind": kind, "level": level, "date": date, "title": f"{kind}{date}"})
    store.add_activity(db, mentor, "2023-12-20", "训练", "2")
    store.add_activity(db, mentor, "2024-01-05", "训练", "1.5")
    store.add_activity(db, teaching, "2024-04-01", "集体备课", "3")
    return {"mentor": mentor, "teaching": teaching, "service": service}


def test_counts_by_mode_kind_and_level_within_the_year(db, branch):
    stats = store.outcome_stats(db, "2024-01-01", "2024-12-31")
    assert stats.count("teaching", "精品课程", "省级") == 3      # both ends of the year count
    assert stats.count("teaching", "教学团队", "省级") == 2
    assert stats.count("teaching", "教学团队", "校级") == 0      # dated 2023
    assert stats.count("mentor") == 1
    assert stats.count(kind="竞赛获奖") == 1
    assert stats.count(level="国家级") == 2
    assert stats.count("enterprise", "技术服务") == 0            # dated 2025
    assert stats.count() == 7


def test_sentences_for_a_case_write_up(db, branch):
    stats = store.outcome_stats(db, "2024-01-01", "2024-12-31")
    assert stats.sentence("teaching") == "已建立3门省级精品课程、2个省级教学团队"
    assert stats.sentences() == [
        "通过导师制团队，已获得1项国家级竞赛奖项。",
        "通过教研结对，已建立3门省级精品课程、2个省级教学团队。",
        "通过企业服务，已建立1个国家级实践基地。",
    ]


def test_table_rows_per_level(db, branch):
    stats = store.outcome_stats(db)
    rows = {(mode, kind): (per, total) for mode, kind, per, total in stats.table()}
    assert rows[("教研结对", "教学团队")] == ([0, 2, 0, 1], 3)
    assert rows[("企业服务", "技术服务")] == ([0, 0, 1, 0], 1)
    assert sum(total for _, total in rows.values()) == 10


def test_totals_of_pairings_activities_and_hours_per_mode(db, branch):
    stats = store.outcome_stats(db, "2024-01-01", "2024-12-31")
    m, t, e = stats.totals["mentor"], stats.totals["teaching"], stats.totals["enterprise"]
    assert (m.pairings, m.ongoing, m.activities, m.hours, m.outcomes) == (1, 1, 1, 15, 1)
    assert (t.pairings, t.ongoing, t.activities, t.hours, t.outcomes) == (1, 0, 1, 30, 5)
    assert (e.pairings, e.outcomes) == (1, 1)
    later = store.outcome_stats(db, "2025-01-01", "2025-12-31")
    assert later.totals["teaching"].pairings == 0               # ended 2024-12-31
    assert later.total.pairings == 2


def test_a_deleted_pairing_counts_no_more(db, branch):
    store.delete_pairing(db, branch["teaching"])
    stats = store.outcome_stats(db, "2024-01-01", "2024-12-31")
    assert stats.count("teaching") == 0
    assert stats.totals["teaching"].pairings == 0
    assert all("精品课程" not in s for s in stats.sentences())


def test_renamed_mode_shows_in_sentences(db, branch):
    from tui.store.branch import set_setting

    set_setting(db, "pairings.mode_names", {"teaching": "党员教师结对"})
    stats = store.outcome_stats(db, "2024-01-01", "2024-12-31")
    assert "通过党员教师结对，已建立3门省级精品课程、2个省级教学团队。" in stats.sentences()


def test_projects_read_as_prose_not_as_a_form_label():
    from tui.rules.pairings import achievement_sentence

    text = achievement_sentence({("课题/项目", "市级"): 1, ("课题/项目", "校级"): 2, ("精品课程", "省级"): 3})
    assert text == "已建立3门省级精品课程，获批1项市级课题（项目）、2项校级课题（项目）"
