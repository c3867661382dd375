"""Talk records in the store: saving, bad input refused with nothing saved, coverage, follow-ups."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.store import talks
from tui.store.branch import set_committee
from tui.store.errors import ValidationError
from tui.store.members import save_member

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def branch(db):
    ids = {name: save_member(db, {"name": name, "join_date": "2010-01"}) for name in
           ("张书记", "李组织", "王宣传", "赵一", "钱二", "孙三")}
    set_committee(db, {"书记": ids["张书记"], "组织委员": ids["李组织"], "宣传委员": ids["王宣传"]})
    return ids


def talk(ids, talker, *targets, date="2026-03-05", **extra):
    return {"date": date, "talker_id": ids[talker], "target_member_ids": [ids[t] for t in targets], **extra}


def count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_talk_with_two_targets_and_a_followup_is_saved_and_read_back(db, branch):
    talk_id = talks.save_talk(db, talk(branch, "张书记", "赵一", "钱二", time="14:30", place="305",
                                       kind="提醒谈话", occasion="出现问题苗头", topic="工作作风",
                                       followups=[{"what": "提交整改说明", "who": "赵一", "due_date": "2026-04-01"}]),
                              today=TODAY)
    t = talks.get_talk(db, talk_id)
    assert t.talker_label == "张书记"
    assert t.targets_label == "赵一、钱二"
    assert (t.kind, t.occasion, t.time) == ("提醒谈话", "出现问题苗头", "14:30")
    assert [(f.what, f.due_date, f.done) for f in t.followups] == [("提交整改说明", "2026-04-01", False)]


def test_upper_committee_talker_and_an_outside_target(db, branch):
    talk_id = talks.save_talk(db, {"date": "2026-05-01", "talker_name": "周部长", "talker_post": "学院党委组织部部长",
                                   "new_people": "陈申请、陈申请", "kind": "入党谈话"}, today=TODAY)
    t = talks.get_talk(db, talk_id)
    assert t.talker_label == "周部长（学院党委组织部部长）"
    assert t.targets_label == "陈申请（非党员）"
    assert count(db, "people") == 1
    # The same name again reuses the person instead of adding a twin.
    talks.save_talk(db, {"date": "2026-06-01", "talker_id": branch["张书记"], "new_people": ["陈申请"]}, today=TODAY)
    assert count(db, "people") == 1


@pytest.mark.parametrize("data, message", [
    ({"date": "2026-03-05", "talker_id": "张书记", "target_member_ids": []}, "「谈话对象」至少要有一人"),
    ({"date": "2026-03-05", "talker_id": "张书记", "target_member_ids": ["赵一", "张书记"]}, "谈话人不能同时是谈话对象"),
    ({"date": "2026-03-05", "talker_id": "张书记", "target_member_ids": ["赵一"],
      "followups": [{"what": "回访", "due_date": "2026-03-01"}]}, "「后续期限」2026-03-01 不能早于谈话日期"),
    ({"date": "2026-13-05", "talker_id": "张书记", "target_member_ids": ["赵一"]}, "「谈话日期」不是有效日期"),
    ({"date": "2026-12-25", "talker_id": "张书记", "target_member_ids": ["赵一"]}, "「谈话日期」不能晚于今天"),
    ({"date": "2026-03-05", "target_member_ids": ["赵一"]}, "「谈话人」不能为空"),
    ({"date": "2026-03-05", "talker_id": "张书记", "target_member_ids": ["赵一"], "kind": "闲聊"}, "「谈话类型」只能是"),
    ({"date": "2026-03-05", "talker_id": "张书记", "target_member_ids": ["赵一"],
      "followups": [{"who": "赵一", "due_date": "2026-04-01"}]}, "第1项后续事项的「事项」不能为空"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(db, branch, data, message):
    data = dict(data)
    if "talker_id" in data:
        data["talker_id"] = branch[data["talker_id"]]
    data["target_member_ids"] = [branch[n] for n in data["target_member_ids"]]
    with pytest.raises(ValidationError) as info:
        talks.save_talk(db, data, today=TODAY)
    assert message in str(info.value)
    assert count(db, "talks") == count(db, "talk_targets") == count(db, "talk_followups") == 0


def test_same_outside_person_on_both_sides_is_refused(db, branch):
    with pytest.raises(ValidationError, match="同一人不能与自己谈话"):
        talks.save_talk(db, {"date": "2026-03-05", "talker_name": "周部长", "new_people": "周部长"}, today=TODAY)
    assert count(db, "people") == 0


def test_coverage_for_a_year_follows_talks_and_ignores_deleted_and_other_years(db, branch):
    talks.save_talk(db, talk(branch, "张书记", "李组织", "王宣传"), today=TODAY)
    talks.save_talk(db, talk(branch, "李组织", "赵一", "钱二"), today=TODAY)
    talks.save_talk(db, talk(branch, "王宣传", "孙三", date="2025-06-01"), today=TODAY)
    gone = talks.save_talk(db, talk(branch, "李组织", "王宣传"), today=TODAY)
    talks.delete_talk(db, gone)

    cov = talks.talk_coverage(db, 2026, today=TODAY)
    assert [(cov.name(a), cov.name(b)) for a, b in cov.missing_committee_pairs] == [("李组织", "王宣传")]
    assert [cov.name(m) for m in cov.missing_members] == ["孙三"]

    talks.restore_talk(db, gone)
    assert talks.talk_coverage(db, 2026, today=TODAY).missing_committee_pairs == []

    strict = talks.talk_coverage(db, 2026, "all_pairs", today=TODAY)
    assert len(strict.missing_members) == 3


def test_coverage_reading_is_a_branch_setting(db, branch):
    assert talks.coverage_reading(db) == "default"
    talks.set_coverage_reading(db, "all_pairs")
    assert talks.talk_coverage(db, 2026, today=TODAY).reading == "all_pairs"
    with pytest.raises(ValidationError, match="覆盖口径"):
        talks.set_coverage_reading(db, "whatever")


def test_members_who_left_before_the_year_end_or_joined_after_are_not_counted(db, branch):
    from tui.store.members import record_leaving

    late = save_member(db, {"name": "新来的", "join_date": "2026-02"})
    record_leaving(db, branch["孙三"], "2025-05-01", "转出")
    names = {talks.talk_coverage(db, y, today=TODAY).name(m) for y in (2025,) for m in talks.year_member_ids(db, y, TODAY)}
    assert "孙三" not in names and "新来的" not in names
    assert late in talks.year_member_ids(db, 2026, TODAY)


def test_open_followups_lists_what_is_past_its_date_until_marked_done(db, branch):
    talks.save_talk(db, talk(branch, "张书记", "赵一", followups=[
        {"what": "提交材料", "who": "赵一", "due_date": "2026-04-01"},
        {"what": "回访", "who": "张书记", "due_date": "2026-12-01"},
    ]), today=TODAY)
    overdue = talks.open_followups(db, TODAY)
    assert [(f.what, f.targets, f.talker) for f in overdue] == [("提交材料", "赵一", "张书记")]
    assert overdue[0].overdue and overdue[0].days_overdue == 234
    assert len(talks.open_followups(db, TODAY, overdue_only=False)) == 2
    talks.set_followup_done(db, overdue[0].id, "2026-04-02")
    assert talks.open_followups(db, TODAY) == []
    with pytest.raises(ValidationError, match="不能早于谈话日期"):
        talks.set_followup_done(db, overdue[0].id, "2026-01-01")


def test_editing_replaces_targets_and_keeps_followups_unless_given(db, branch):
    talk_id = talks.save_talk(db, talk(branch, "张书记", "赵一", followups=[{"what": "回访"}]), today=TODAY)
    talks.save_talk(db, talk(branch, "张书记", "钱二", topic="改了"), talk_id, today=TODAY)
    t = talks.get_talk(db, talk_id)
    assert (t.targets_label, t.topic, [f.what for f in t.followups]) == ("钱二", "改了", ["回访"])


def test_list_talks_for_a_member(db, branch):
    talks.save_talk(db, talk(branch, "张书记", "赵一"), today=TODAY)
    talks.save_talk(db, talk(branch, "赵一", "钱二", date="2026-04-01"), today=TODAY)
    talks.save_talk(db, talk(branch, "李组织", "孙三"), today=TODAY)
    found = talks.list_talks(db, year=2026, member_id=branch["赵一"])
    assert [t.date for t in found] == ["2026-04-01", "2026-03-05"]


# ── outside people: a name typed as 其他对象 ──

def _enterprise_pairing(db, lead_id) -> int:
    """A 企业服务 pairing whose enterprise is entered under its contact's name, 张伟."""
    from tui.store import pairings, people

    enterprise = people.save_person(db, {"name": "张伟", "kind": "企业", "unit": "华星机械有限公司"})
    pairings.save_pairing(db, {"mode": "enterprise", "title": "数控改造", "lead_id": lead_id, "person_id": enterprise,
                               "object_text": "数控机床改造", "start_date": "2026-03-01"})
    return enterprise


def test_a_talk_target_typed_as_zhang_wei_is_not_the_enterprise_zhang_wei(db, branch):
    from tui.store import people

    enterprise = _enterprise_pairing(db, branch["赵一"])
    talk_id = talks.save_talk(db, {"date": "2026-06-01", "talker_id": branch["张书记"], "new_people": "张伟",
                                   "kind": "入党谈话"}, today=TODAY)
    [target] = talks.get_talk(db, talk_id).targets
    assert target.person_id != enterprise
    assert (target.name, people.get_person(db, target.person_id).kind) == ("张伟", "其他")
    assert talks.get_talk(db, talk_id).targets_label == "张伟（非党员）"
    # The enterprise keeps its pairing and no talk; the applicant talked to again is the same person.
    again = talks.save_talk(db, {"date": "2026-07-01", "talker_id": branch["张书记"], "new_people": ["张伟"]}, today=TODAY)
    assert talks.get_talk(db, again).targets[0].person_id == target.person_id
    assert count(db, "people") == 2
    assert db.execute("SELECT count(*) FROM talk_targets WHERE person_id = ?", [enterprise]).fetchone()[0] == 0


@pytest.mark.parametrize("known, linked", [
    ([("学生", "机电2101班")], True),                              # the one student of that name
    ([("教师", "机械工程系")], True),
    ([("学生", "机电2101班"), ("学生", "机电2202班")], False),    # two: not guessed, a new person
    ([("企业", "华星机械有限公司")], False),                       # an enterprise is never talked to
])
def test_a_typed_name_links_to_the_one_individual_of_that_name(db, branch, known, linked):
    from tui.store import people

    ids = [people.save_person(db, {"name": "张伟", "kind": kind, "unit": unit}) for kind, unit in known]
    talk_id = talks.save_talk(db, {"date": "2026-06-01", "talker_id": branch["张书记"], "new_people": "张伟"}, today=TODAY)
    [target] = talks.get_talk(db, talk_id).targets
    if linked:
        assert target.person_id == ids[0]
    else:
        assert target.person_id not in ids
        assert people.get_person(db, target.person_id).kind == "其他"


def test_talks_and_pairings_read_and_write_people_only_through_the_people_store():
    from pathlib import Path

    store = Path(__file__).resolve().parent.parent / "tui" / "store"
    for name in ("talks.py", "talks_coverage.py", "pairings.py"):
        text = (store / name).read_text(encoding="utf-8")
        assert "FROM people" not in text and '["people"]' not in text and "INTO people" not in text, name
