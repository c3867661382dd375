"""Meetings store: validation, 第N次, quorum, search (short and long words), drafts, 党章第九条."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.store import branch, members
from tui.store import meetings as store
from tui.store.errors import ValidationError

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def branch_db(db):
    branch.save_branch(db, {"name": "测试党支部", "usual_place": "行政楼 305"})
    ids = [members.save_member(db, {"name": n, "join_date": "2010-01-01"}) for n in ("张三", "李四", "王五", "赵六", "钱七")]
    branch.set_committee(db, {"书记": ids[0], "组织委员": ids[1], "宣传委员": ids[2]})
    g1 = branch.save_group(db, "第一党小组", ids[3])
    g2 = branch.save_group(db, "第二党小组")
    for mid, g in zip(ids, (g1, g1, g2, g1, g2)):
        members.save_member(db, {"name": members.get_member(db, mid).name, "group_id": g}, mid)
    db.ids, db.groups = ids, (g1, g2)
    return db


def save(db, kind, date, *, today=TODAY, **extra):
    data = store.new_meeting_defaults(db, kind, extra.pop("group_id", None), today=today)
    data.update(date=date, **extra)
    if "attendance" not in data:
        data["attendance"] = store.expected_attendees(db, kind, data.get("group_id"), date)
    return store.save_meeting(db, data, today=today)


def test_defaults_prefill_place_recorder_and_agenda(branch_db):
    d = store.new_meeting_defaults(branch_db, "支部委员会", today=TODAY)
    assert d["date"] == "2026-11-21"
    assert d["place"] == "行政楼 305"
    assert d["recorder_id"] == branch_db.ids[0]
    assert "研究支部近期工作" in d["agenda"]


def test_expected_attendees_follow_the_kind(branch_db):
    names = lambda kind, g=None: sorted(a.name for a in store.expected_attendees(branch_db, kind, g, "2026-01-01"))
    assert names("支部党员大会") == sorted(["张三", "李四", "王五", "赵六", "钱七"])
    assert names("支部委员会") == sorted(["张三", "李四", "王五"])
    assert names("党小组会", branch_db.groups[1]) == sorted(["王五", "钱七"])


def test_sequence_numbers_follow_date_within_kind_and_year(branch_db):
    late = save(branch_db, "支部委员会", "2025-05-10")
    early = save(branch_db, "支部委员会", "2025-03-01")
    other_year = save(branch_db, "支部委员会", "2026-01-05")
    assembly = save(branch_db, "支部党员大会", "2025-04-01")
    assert store.get_meeting(branch_db, early).seq == 1
    assert store.get_meeting(branch_db, late).seq == 2
    assert store.get_meeting(branch_db, other_year).seq == 1
    assert store.get_meeting(branch_db, assembly).seq == 1
    middle = save(branch_db, "支部委员会", "2025-04-15")
    assert store.get_meeting(branch_db, late).seq == 3
    store.delete_meeting(branch_db, middle)
    assert store.get_meeting(branch_db, late).seq == 2
    rows = {r.id: r.seq for r in store.list_meetings(branch_db, kind="支部委员会", year=2025)}
    assert rows == {early: 1, late: 2}


def test_group_meetings_are_numbered_per_group(branch_db):
    g1, g2 = branch_db.groups
    a = save(branch_db, "党小组会", "2025-02-01", group_id=g1)
    b = save(branch_db, "党小组会", "2025-03-01", group_id=g2)
    c = save(branch_db, "党小组会", "2025-04-01", group_id=g1)
    assert [store.get_meeting(branch_db, i).seq for i in (a, b, c)] == [1, 1, 2]
    assert store.get_meeting(branch_db, c).seq_label == "2025年第一党小组第2次党小组会"


def test_committee_quorum_needs_more_than_half(branch_db):
    att = store.expected_attendees(branch_db, "支部委员会", None, "2025-01-01")
    att[0].status = "请假"
    ok = save(branch_db, "支部委员会", "2025-01-10", attendance=att)
    assert store.get_meeting(branch_db, ok).quorum_ok  # 2 of 3
    att[1].status = "缺席"
    att[1].reason = "出差"
    bad = save(branch_db, "支部委员会", "2025-01-20", attendance=att)
    m = store.get_meeting(branch_db, bad)
    assert (m.expected, m.present) == (3, 1)
    assert not m.quorum_ok
    row = next(r for r in store.list_meetings(branch_db) if r.id == bad)
    assert not row.quorum_ok and row.on_leave == 1 and row.absent == 1
    assert m.by_status("缺席")[0].reason == "出差"


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"date": "2026-11-22"}, "日期", "晚于今天"),
        ({"start_time": "15:00", "end_time": "14:00"}, "结束时间", "应晚于"),
        ({"recorder_id": 99999}, "记录人", "不是本支部党员"),
        ({"recorder_id": None}, "记录人", "不能为空"),
        ({"kind": ""}, "会议类型", "不能为空"),
        ({"date": "2026-02-30"}, "日期", "没有这一天"),
        ({"kind": "党小组会", "group_id": None}, "党小组", "必须选择"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(branch_db, change, field, words):
    data = store.new_meeting_defaults(branch_db, "支部委员会", today=TODAY)
    data["date"] = "2026-11-20"
    data.update(change)
    with pytest.raises(ValidationError) as err:
        store.save_meeting(branch_db, data, today=TODAY)
    assert err.value.field == field
    assert words in str(err.value)
    assert branch_db.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0


def test_recorder_who_left_before_the_meeting_is_refused(branch_db):
    members.record_leaving(branch_db, branch_db.ids[4], "2025-01-01", "转出")
    data = store.new_meeting_defaults(branch_db, "支部党员大会", today=TODAY)
    data.update(date="2025-06-01", recorder_id=branch_db.ids[4])
    with pytest.raises(ValidationError, match="已离开"):
        store.save_meeting(branch_db, data, today=TODAY)


def test_search_finds_two_and_four_character_words_and_skips_deleted(branch_db):
    a = save(branch_db, "支部委员会", "2025-03-01", content="会议研究了发展党员工作，确定两名积极分子。")
    b = save(branch_db, "党课", "2025-04-01", lecture_title="学习党章", content="重温入党誓词。")
    assert [r.id for r in store.search_meetings(branch_db, "党员")] == [a]          # 2 chars: scan
    assert [r.id for r in store.search_meetings(branch_db, "积极分子")] == [a]      # 4 chars: trigram
    assert [r.id for r in store.search_meetings(branch_db, "誓")] == [b]            # 1 char
    assert [r.id for r in store.search_meetings(branch_db, "学习党章")] == [b]      # a field other than content
    assert [r.id for r in store.search_meetings(branch_db, "发展党员 两名")] == [a]  # mixed words: all must match
    assert store.search_meetings(branch_db, "不存在的词语") == []
    assert "积极分子" in store.search_meetings(branch_db, "积极分子")[0].snippet
    store.delete_meeting(branch_db, a)
    assert store.search_meetings(branch_db, "积极分子") == []
    store.undo_delete(branch_db, a)
    assert [r.id for r in store.search_meetings(branch_db, "积极分子")] == [a]


def test_search_follows_edits(branch_db):
    a = save(branch_db, "支部委员会", "2025-03-01", content="研究预算")
    m = store.get_meeting(branch_db, a)
    data = {k: getattr(m, k) for k in store.LABELS}
    data["content"] = "研究换届选举筹备"
    data["attendance"] = m.attendance
    store.save_meeting(branch_db, data, a, today=TODAY)
    assert store.search_meetings(branch_db, "研究预算") == []
    assert [r.id for r in store.search_meetings(branch_db, "换届选举")] == [a]


def test_search_newest_first(branch_db):
    old = save(branch_db, "党课", "2020-03-01", content="学习党史")
    new = save(branch_db, "党课", "2025-03-01", content="学习党史")
    assert [r.id for r in store.search_meetings(branch_db, "学习党史")] == [new, old]


def test_rectifications_and_grades_are_kept(branch_db):
    r = save(branch_db, "组织生活会", "2025-12-01", rectifications=[
        {"problem": "理论学习不够深入", "measure": "每月集中学习", "owner": "张三", "deadline": "2026-06"}])
    m = store.get_meeting(branch_db, r)
    assert m.rectifications[0].deadline == "2026-06" and m.rectifications[0].owner == "张三"
    att = store.expected_attendees(branch_db, "民主评议党员", None, "2025-12-10")
    for a, g in zip(att, ("优秀", "合格", "合格", "基本合格", "合格")):
        a.grade = g
    e = save(branch_db, "民主评议党员", "2025-12-10", attendance=att)
    assert sorted(a.grade for a in store.get_meeting(branch_db, e).attendance) == ["优秀", "合格", "合格", "合格", "基本合格"]
    att[0].grade = "良好"
    with pytest.raises(ValidationError, match="评议等次"):
        save(branch_db, "民主评议党员", "2025-12-11", attendance=att)
    branch.set_setting(branch_db, "meetings.grades", ["优秀", "良好", "合格", "基本合格", "不合格"])
    save(branch_db, "民主评议党员", "2025-12-11", attendance=att)


def test_rectification_needs_a_problem(branch_db):
    with pytest.raises(ValidationError, match="第 1 项"):
        save(branch_db, "组织生活会", "2025-12-01", rectifications=[{"problem": " ", "measure": "x"}])


def test_six_month_flag(branch_db):
    zhang, li, wang, zhao, qian = branch_db.ids
    att = store.expected_attendees(branch_db, "支部党员大会", None, "2026-01-10")
    for a in att:
        a.status = "出席" if a.member_id in (zhang, li, wang) else "缺席"
    save(branch_db, "支部党员大会", "2026-01-10", attendance=att)
    att = store.expected_attendees(branch_db, "支部党员大会", None, "2026-10-10")
    for a in att:
        a.status = "出席" if a.member_id in (zhang, li) else ("请假" if a.member_id == wang else "缺席")
    save(branch_db, "支部党员大会", "2026-10-10", attendance=att)
    flagged = {row[0]: row for row in store.months_without_org_life(branch_db, TODAY)}
    assert zhang not in flagged and li not in flagged
    assert flagged[wang][2:] == ("2026-01-10", 10)             # on leave does not count as attending
    assert flagged[zhao][2:] == (None, 10)                      # counted from the first record
    assert flagged[zhao][1] == "赵六"
    # A member who joined recently is not flagged for time before joining.
    members.save_member(branch_db, {"name": "新党员", "join_date": "2026-10-01"})
    assert "新党员" not in [r[1] for r in store.months_without_org_life(branch_db, TODAY)]
    # Threshold: from 3 months by default; 2 months is not yet flagged.
    assert store.months_without_org_life(branch_db, dt.date(2026, 3, 9)) == []
    assert len(store.months_without_org_life(branch_db, dt.date(2026, 4, 10))) == 5


def test_six_month_flag_on_the_day_the_threshold_is_reached(branch_db):
    """Listed on the day the last attendance is three whole months back, not the day before;
    at a month's end the shorter month counts whole (31 May back to 28 February)."""
    zhang = branch_db.ids[0]
    att = store.expected_attendees(branch_db, "支部党员大会", None, "2026-01-10")
    for a in att:
        a.status = "出席" if a.member_id == zhang else "缺席"
    save(branch_db, "支部党员大会", "2026-01-10", attendance=att)
    att = store.expected_attendees(branch_db, "支部党员大会", None, "2026-02-28")
    for a in att:
        a.status = "出席" if a.member_id == zhang else "缺席"
    save(branch_db, "支部党员大会", "2026-02-28", attendance=att)

    def flagged(day):
        return {row[0]: row[2:] for row in store.months_without_org_life(branch_db, day)}

    assert zhang not in flagged(dt.date(2026, 5, 27))
    assert flagged(dt.date(2026, 5, 28))[zhang] == ("2026-02-28", 3)
    assert flagged(dt.date(2026, 5, 31))[zhang] == ("2026-02-28", 3)


def test_attendance_history_newest_first(branch_db):
    zhang = branch_db.ids[0]
    a = save(branch_db, "支部委员会", "2025-01-10", topics="研究年度计划")
    att = store.expected_attendees(branch_db, "党课", None, "2025-02-10")
    att[[x.member_id for x in att].index(zhang)].status = "请假"
    att[[x.member_id for x in att].index(zhang)].reason = "生病"
    b = save(branch_db, "党课", "2025-02-10", lecture_title="学习新党章", attendance=att)
    history = store.attendance_history(branch_db, zhang)
    assert [(h.meeting_id, h.status, h.title) for h in history] == [(b, "请假", "学习新党章"), (a, "出席", "研究年度计划")]
    assert history[0].reason == "生病"
    assert store.attendance_history(branch_db, branch_db.ids[4]) == [store.attendance_history(branch_db, branch_db.ids[4])[0]]


def test_drafts_round_trip(branch_db):
    d = store.save_draft(branch_db, {"kind": "支部委员会", "content": "草稿内容", "attendance": [store.Attendee(1, "张三", "请假")]})
    store.save_draft(branch_db, {"kind": "支部委员会", "content": "草稿内容更多"}, d)
    drafts = store.list_drafts(branch_db)
    assert len(drafts) == 1 and drafts[0].data["content"] == "草稿内容更多"
    store.delete_draft(branch_db, d)
    assert store.list_drafts(branch_db) == []


def test_settings_are_checked_and_kept(branch_db):
    store.save_settings(branch_db, "优秀，合格，不合格", "6", "2")
    assert store.grade_set(branch_db) == ("优秀", "合格", "不合格")
    assert store.lectures_per_year(branch_db) == 6 and store.warn_months(branch_db) == 2
    with pytest.raises(ValidationError, match="提醒月数"):
        store.save_settings(branch_db, "优秀,合格", 4, 6)
    with pytest.raises(ValidationError, match="评议等次"):
        store.save_settings(branch_db, "合格", 4, 3)


def test_frequency_report_counts_against_what_is_due(branch_db):
    for month in (1, 2, 3):
        save(branch_db, "支部委员会", f"2026-{month:02d}-05")
    save(branch_db, "党小组会", "2026-01-20", group_id=branch_db.groups[0])
    report = {(k, g): (held, due) for k, g, held, due, _ in store.frequency_report(branch_db, 2026, dt.date(2026, 5, 10))}
    assert report[("支部委员会", "")] == (3, 4)          # January–April are over
    assert report[("支部党员大会", "")] == (0, 1)        # the first quarter is over
    assert report[("党小组会", "第一党小组")] == (1, 4)
    assert report[("党小组会", "第二党小组")] == (0, 4)
    assert report[("组织生活会", "")] == (0, 0)


def test_store_and_export_modules_do_not_import_textual_or_docx():
    import subprocess
    import sys

    code = ("import sys; import tui.store.meetings, tui.rules.meetings, tui.export.meetings, tui.export.meetings_docx, "
            "tui.cli.meetings, tui.demo.meetings; "
            "print(sorted(m for m in ('textual', 'docx', 'openpyxl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_frequency_report_counts_held_as_the_home_does(branch_db):
    """A 支委会 without its quorum is not held here either (rules.counts_as_held); the yearly
    meetings report their whole-year minimum, so 0 held is never called 已达到 by the dialog."""
    save(branch_db, "支部委员会", "2026-01-05")
    attendance = store.expected_attendees(branch_db, "支部委员会", None, "2026-02-05")
    weak = [{"member_id": a.member_id, "name": a.name, "status": "出席" if i == 0 else "请假"}
            for i, a in enumerate(attendance)]
    save(branch_db, "支部委员会", "2026-02-05", attendance=weak)
    report = {(k, g): rest for k, g, *rest in store.frequency_report(branch_db, 2026, dt.date(2026, 5, 10))}
    assert report[("支部委员会", "")] == [1, 4, 12]
    assert report[("组织生活会", "")] == [0, 0, 1]      # not due yet, and not met
    from tui.store.obligations import home_obligations

    committee = [o for o in home_obligations(branch_db, dt.date(2026, 3, 10)) if o.title == "支委会" and "2月" in o.period]
    assert committee and committee[0].status != "done"     # the 工作台 agrees: February was missed
