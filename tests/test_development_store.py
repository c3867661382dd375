"""发展党员 records: steps in order, the roster joined on the 支部大会 date, roles and votes checked."""

from __future__ import annotations

import pytest

from tui.rules import development as dev
from tui.store import development as store
from tui.store import members
from tui.store import obligations as home
from tui.store.branch import set_setting
from tui.store.errors import ValidationError

from conftest import FROZEN_TODAY


@pytest.fixture
def branch(db):
    ids = [members.save_member(db, {"name": n, "join_date": j, "party_status": s})
           for n, j, s in (("甲", "2010-01-01", "正式党员"), ("乙", "2012-01-01", "正式党员"),
                           ("丙", "2014-01-01", "正式党员"), ("丁", "2026-03-01", "预备党员"))]
    return db, ids


def _through_14(db, cid):
    for step, day in ((2, "2024-03-20"), (3, "2024-06-01"), (7, "2025-06-10"), (10, "2025-07-01"), (11, "2025-07-10"),
                      (12, "2025-08-01"), (13, "2025-08-10"), (14, "2025-08-20")):
        store.set_step(db, cid, step, day)


def test_an_applicant_is_told_the_talk_is_due_within_a_month(branch):
    db, _ = branch
    cid = store.save_candidate(db, {"name": "张三", "applied": "2026-11-10", "birth_date": "2004-01-01"})
    c = store.get_candidate(db, cid)
    assert c.stage == dev.Stage.APPLICANT
    item = next(o for o in home.home_obligations(db, FROZEN_TODAY) if o.key == f"develop:{cid}:2")
    assert item.status == "due" and "2026年12月10日前" in item.detail


def test_a_step_before_the_one_it_follows_is_refused_and_nothing_is_written(branch):
    db, _ = branch
    cid = store.save_candidate(db, {"name": "张三", "applied": "2024-03-01"})
    with pytest.raises(ValidationError) as err:
        store.set_step(db, cid, 3, "2024-02-01")
    assert err.value.field == "③确定入党积极分子" and "早于「①递交入党申请书」" in str(err.value)
    assert store.get_candidate(db, cid).dates == {1: "2024-03-01"}
    with pytest.raises(ValidationError, match="不能晚于今天"):
        store.set_step(db, cid, 2, "2027-01-01")


def test_a_too_early_step_is_saved_with_a_warning(branch):
    db, _ = branch
    cid = store.save_candidate(db, {"name": "张三", "applied": "2024-03-01"})
    store.set_step(db, cid, 3, "2024-06-01")
    warnings = store.set_step(db, cid, 7, "2025-01-01")
    assert store.get_candidate(db, cid).dates[7] == "2025-01-01"
    assert [w.article for w in warnings] == ["第十三条"]
    assert "2014（待核对2026年修订）" in warnings[0].line()
    assert any(p.step == 7 for p in store.timeline_of(db, store.get_candidate(db, cid)).problems)


def test_a_local_override_changes_the_check_and_the_home(branch):
    db, _ = branch
    set_setting(db, "development.activist_one_year", 6)
    cid = store.save_candidate(db, {"name": "张三", "applied": "2026-01-01"})
    store.set_step(db, cid, 3, "2026-03-01")
    keys = {o.key for o in home.home_obligations(db, FROZEN_TODAY)}
    assert f"develop:{cid}:7" in keys            # six months, not a year, under the local rule
    assert store.set_step(db, cid, 7, "2026-10-01") == []


def test_an_introducer_must_be_a_full_member_on_the_day(branch):
    db, _ = branch
    cid = store.save_candidate(db, {"name": "张三", "applied": "2024-03-01"})
    with pytest.raises(ValidationError) as err:
        store.add_role(db, cid, "入党介绍人", "丁", "2026-06-01")
    assert err.value.field == "入党介绍人" and "不是正式党员" in str(err.value)
    with pytest.raises(ValidationError, match="不在花名册上"):
        store.add_role(db, cid, "培养联系人", "路人", "2026-06-01")
    store.add_role(db, cid, "入党介绍人", "甲", "2026-06-01")
    store.add_role(db, cid, "入党介绍人", "乙", "2026-06-01")
    with pytest.raises(ValidationError, match="最多 2 人"):
        store.add_role(db, cid, "入党介绍人", "丙", "2026-06-01")
    assert store.get_candidate(db, cid).names("入党介绍人") == "甲、乙"


def test_a_vote_without_quorum_or_with_too_many_ballots_is_refused(branch):
    db, _ = branch
    cid = store.save_candidate(db, {"name": "张三", "applied": "2024-03-01"})
    _through_14(db, cid)
    with pytest.raises(ValidationError) as err:
        store.record_vote(db, cid, "接收预备党员", "2025-09-01", dev.Tally(3, 1, 1))
    assert err.value.field == "实到有表决权" and "未超过应到 3 人的半数" in str(err.value)
    with pytest.raises(ValidationError) as err:
        store.record_vote(db, cid, "接收预备党员", "2025-09-01", dev.Tally(3, 3, 3, 1))
    assert err.value.field == "赞成"
    assert store.list_votes(db, cid) == [] and 15 not in store.get_candidate(db, cid).dates


def test_the_admitting_vote_puts_the_person_on_the_roster_with_the_probation_running(branch):
    db, _ = branch
    cid = store.save_candidate(db, {"name": "张三", "applied": "2024-03-01", "gender": "男"})
    _through_14(db, cid)
    result, warnings = store.record_vote(db, cid, "接收预备党员", "2025-09-01", dev.Tally(3, 3, 2, 0, 1),
                                         assessment="表现良好。不足是……")
    assert result.passed and warnings == []            # 3 正式党员 on that day; 丁 had not joined
    c = store.get_candidate(db, cid)
    assert c.stage == dev.Stage.PROBATIONARY and c.dates[15] == "2025-09-01"
    m = members.get_member(db, c.member_id)
    assert (m.name, m.party_status, m.join_date) == ("张三", "预备党员", "2025-09-01")
    vote = store.get_vote(db, cid, "接收预备党员")
    assert (vote.total_members, vote.entitled, vote.yes, vote.abstain) == (3, 3, 2, 1)
    # the 预备党员 has no vote: a meeting now counts 3 正式党员 of 5 members
    assert len(store.full_members_on(db, "2026-11-01")) == 3 and len(store.members_on(db, "2026-11-01")) == 5
    _, warnings = store.record_vote(db, cid, "接收预备党员", "2025-09-01", dev.Tally(4, 4, 4))
    assert "有表决权的正式党员为 3 人" in warnings[0]
    store.set_step(db, cid, 17, "2025-10-01")
    store.set_step(db, cid, 22, "2026-08-20")
    store.record_vote(db, cid, "预备党员转正", "2026-09-05", dev.Tally(3, 3, 3))
    store.set_step(db, cid, 24, "2026-10-01")
    m = members.get_member(db, c.member_id)
    assert (m.party_status, m.full_date) == ("正式党员", "2026-09-01")
    assert store.get_candidate(db, cid).stage == dev.Stage.FULL


def test_an_applicant_may_be_a_person_outside_the_roster(branch):
    from tui.store import people

    db, _ = branch
    cid = store.save_candidate(db, {"name": "李同学", "unit": "计算机2301班", "applied": "2026-10-01"})
    pid = store.link_person(db, cid)
    assert people.get_person(db, pid).name == "李同学" and store.get_candidate(db, cid).person_id == pid


def test_bad_input_names_its_field(branch):
    db, _ = branch
    with pytest.raises(ValidationError) as err:
        store.save_candidate(db, {"name": " ", "applied": "2026-01-01"})
    assert err.value.field == "姓名"
    with pytest.raises(ValidationError) as err:
        store.save_candidate(db, {"name": "王", "applied": "2026-13-01"})
    assert err.value.field == "①递交入党申请书"
    assert store.list_candidates(db) == []       # one transaction: the person was not kept either
    with pytest.raises(ValidationError) as err:
        store.save_candidate(db, {"name": "王", "extended_months": 3})
    assert err.value.field == "延长预备期（月）"


def test_the_demo_has_three_stages_and_the_check_finds_the_too_early_step(demo_db):
    found = store.check_all(demo_db, FROZEN_TODAY)
    stages = {c.name: tl.stage for c, tl in found}
    assert stages == {"赵晓雨": dev.Stage.APPLICANT, "钱明": dev.Stage.ACTIVIST, "孙丽": dev.Stage.PROBATIONARY}
    problems = [(c.name, p.step) for c, tl in found for p in tl.problems]
    assert problems == [("孙丽", 7)]
    sun = next(c for c, _ in found if c.name == "孙丽")
    assert members.get_member(demo_db, sun.member_id).party_status == "预备党员"
    keys = {o.key for o in home.home_obligations(demo_db, FROZEN_TODAY)}
    qian = next(c for c, _ in found if c.name == "钱明")
    assert f"develop:{qian.id}:7" in keys


def test_probation_extension_and_the_attendance_since_admission(branch):
    from tui.store import meetings

    db, ids = branch
    cid = store.save_candidate(db, {"name": "张三", "applied": "2024-03-01"})
    with pytest.raises(ValidationError, match="还不是预备党员"):
        store.extend_probation(db, cid, 6)
    _through_14(db, cid)
    store.record_vote(db, cid, "接收预备党员", "2025-09-01", dev.Tally(3, 3, 3))
    with pytest.raises(ValidationError) as err:
        store.extend_probation(db, cid, 3)
    assert err.value.field == "延长预备期（月）"
    store.extend_probation(db, cid, 6)
    c = store.get_candidate(db, cid)
    assert dev.probation_end(c.dates, c.extended_months).isoformat() == "2027-03-01"
    meetings.save_meeting(db, {"kind": "支部党员大会", "date": "2025-10-10", "recorder_id": ids[0], "host_id": ids[0], "attendance": [
        {"member_id": c.member_id, "status": "出席"}, {"member_id": ids[0], "status": "出席"}]})
    meetings.save_meeting(db, {"kind": "支部党员大会", "date": "2025-11-10", "recorder_id": ids[0], "host_id": ids[0], "attendance": [
        {"member_id": c.member_id, "status": "请假", "reason": "出差"}]})
    record = store.probation_record(db, c)
    assert (record.expected, record.attended) == (2, 1)


def test_a_member_under_liudang_chakan_has_no_vote_and_cannot_introduce(branch):
    from tui.store import member_status

    db, ids = branch
    member_status.add_status(db, ids[0], "留党察看", "2026-01-01", "2027-01-01")
    assert {m.name for m in store.full_members_on(db, "2026-06-01")} == {"乙", "丙"}
    assert len(store.full_members_on(db, "2025-06-01")) == 3
    cid = store.save_candidate(db, {"name": "张三", "applied": "2024-03-01"})
    with pytest.raises(ValidationError) as err:
        store.add_role(db, cid, "入党介绍人", "甲", "2026-06-01")
    assert err.value.field == "入党介绍人" and "处于留党察看期间" in str(err.value)
