"""The home's facts, gathered through the areas' own store functions from records those areas
wrote; the settings under the areas' keys; integrity."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys

import pytest

from tui.rules.obligations import Target
from tui.store import branch, dues, meetings, members, talks
from tui.store import deadlines as deadline_store
from tui.store import obligations as store
from tui.store.errors import ValidationError

TODAY = dt.date(2026, 11, 21)


def add_member(db, name, join="2010-01-01", status="正式党员", group_id=None) -> int:
    return members.save_member(db, {"name": name, "join_date": join, "party_status": status, "group_id": group_id})


def add_meeting(db, kind, date, present=(), absent=(), group_id=None) -> int:
    attendance = [{"member_id": m, "name": "", "status": "出席"} for m in present]
    attendance += [{"member_id": m, "name": "", "status": "缺席"} for m in absent]
    recorder = (list(present) + list(absent))[0]
    return meetings.save_meeting(db, {"kind": kind, "date": date, "group_id": group_id, "recorder_id": recorder,
                                      "attendance": attendance}, today=TODAY)


def add_talk(db, talker, targets, date="2026-05-01", followups=()) -> int:
    data = {"date": date, "talker_id": talker, "target_member_ids": list(targets)}
    if followups:
        data["followups"] = list(followups)
    return talks.save_talk(db, data, today=TODAY)


@pytest.fixture
def seeded(db):
    branch.save_branch(db, {"name": "测试支部", "term_start": "2024-03-01", "term_years": 3})
    gid = branch.save_group(db, "第一党小组")
    ids = [add_member(db, f"委员{i}", group_id=gid) for i in range(5)]
    ids += [add_member(db, f"党员{i}", group_id=gid) for i in range(5)]
    branch.set_committee(db, dict(zip(branch.ROLES, ids)))
    return db, ids, gid


def keyed(items):
    return {o.key: o for o in items}


# ── meetings ──


def test_committee_quorum_is_the_meetings_own_attendance(seeded):
    db, ids, _ = seeded
    add_meeting(db, "支部委员会", "2026-10-09", present=ids[:3], absent=ids[3:5])   # 3 of 5
    add_meeting(db, "支部委员会", "2026-11-09", present=ids[:2], absent=ids[2:5])   # 2 of 5
    items = keyed(store.home_obligations(db, TODAY))
    assert items["committee:2026-11"].status == "due"
    assert "2/5" in items["committee:2026-11"].detail
    assert "committee:2026-10" not in items  # held with quorum


def test_deleted_meetings_do_not_count(seeded):
    db, ids, _ = seeded
    meetings.delete_meeting(db, add_meeting(db, "支部委员会", "2026-11-09", present=ids[:5]))
    add_meeting(db, "支部委员会", "2026-10-09", present=ids[:5])
    assert keyed(store.home_obligations(db, TODAY))["committee:2026-11"].status == "due"


def test_group_meeting_and_the_meetings_areas_org_life_list(seeded):
    db, ids, gid = seeded
    add_meeting(db, "党小组会", "2026-11-03", present=ids[:8], group_id=gid)
    add_meeting(db, "主题党日", "2026-06-10", present=ids)
    items = keyed(store.home_obligations(db, TODAY))
    assert items["group:2026-11"].status == "done" and items["group:2026-11"].done_date == "2026-11-03"
    # 党员3 and 党员4 attended nothing since 10 June: five months → urgent
    assert items[f"org-life:{ids[8]}"].status == "overdue"
    assert f"org-life:{ids[0]}" not in items
    listed = {m for m, *_ in meetings.months_without_org_life(db, TODAY)}
    assert {int(k.split(":")[1]) for k in items if k.startswith("org-life:")} == listed


def test_the_org_life_warning_setting_is_the_meetings_one(seeded):
    db, ids, _ = seeded
    add_meeting(db, "主题党日", "2026-09-10", present=ids)            # two months ago for everyone
    assert not [k for k in keyed(store.home_obligations(db, TODAY)) if k.startswith("org-life")]
    meetings.save_settings(db, "优秀,合格,基本合格,不合格", 4, 2)
    assert len([k for k in keyed(store.home_obligations(db, TODAY)) if k.startswith("org-life")]) == 1  # ten share a line
    assert "10 人" in keyed(store.home_obligations(db, TODAY))["org-life"].title


# ── talks ──


def test_talk_coverage_is_the_talks_areas(seeded):
    db, ids, _ = seeded
    for target in ids[1:]:
        add_talk(db, ids[0], [target])
    item = keyed(store.home_obligations(db, TODAY))["talks:2026"]
    cov = talks.talk_coverage(db, 2026, today=TODAY)
    assert item.status == "due" and len(cov.missing_committee_pairs) == 6
    assert "支委之间 4/10 对" in item.detail and "尚未与支委谈话" not in item.detail
    talks.set_coverage_reading(db, "all_pairs")
    item = keyed(store.home_obligations(db, TODAY))["talks:2026"]
    assert "尚未两两谈完" in item.detail


def test_deleted_talks_and_overdue_followups(seeded):
    db, ids, _ = seeded
    tid = add_talk(db, ids[0], [ids[5]], date="2026-09-01",
                   followups=[{"what": "回访", "due_date": "2026-10-01"}, {"what": "以后再说", "due_date": "2026-12-01"}])
    items = keyed(store.home_obligations(db, TODAY))
    assert items["talk-followups"].status == "overdue" and "1 项已过期限" in items["talk-followups"].detail
    assert "回访" in items["talk-followups"].detail and "以后再说" not in items["talk-followups"].detail
    talks.delete_talk(db, tid)
    items = keyed(store.home_obligations(db, TODAY))
    assert "talk-followups" not in items


# ── dues ──


def assess_all(db, ids, year=2026, base_fen=200_000):
    for mid in ids:
        dues.save_assessment(db, mid, year, "在职", base_fen)


def test_dues_arrears_and_this_month_from_the_dues_area(seeded):
    db, ids, _ = seeded
    assess_all(db, ids)
    for mid in ids:
        last = 7 if mid == ids[9] else 10
        dues.pay_months(db, mid, 2026, list(range(1, last + 1)), "2026-10-15", today=TODAY)
    items = keyed(store.home_obligations(db, TODAY))
    assert items[f"dues-arrears:{ids[9]}"].status == "due"
    assert "连续 3 个月" in items[f"dues-arrears:{ids[9]}"].detail
    assert items["dues:2026-11"].status == "due" and "10 人" in items["dues:2026-11"].detail
    # payments deleted in the dues area count no more: 党员3 is three months behind as well
    for p in dues.list_payments(db, ids[8], 2026):
        if p.month in (8, 9, 10):
            dues.delete_payment(db, p.id)
    items = keyed(store.home_obligations(db, TODAY))
    assert f"dues-arrears:{ids[9]}" not in items
    assert items["dues-arrears"].title == "党费欠交提醒（2 人）"
    assert "党员3（3 个月）、党员4（3 个月）" in items["dues-arrears"].detail


def _unpaid_in_the_ledger(db, year: int, month: int) -> list[dues.Unpaid]:
    return [dues.Unpaid(row.member_id, row.name, cell.due_fen, cell.paid_fen)
            for row in dues.ledger(db, year).rows
            if (cell := row.cell(month)).owed and cell.due_fen > 0 and cell.paid_fen < cell.due_fen
            and not cell.deferred]   # an approved absence's month, deferred to the return (local setting)


def test_reminders_equal_the_dues_areas_functions_and_its_ledger(demo_db):
    for today in (TODAY, dt.date(2026, 1, 10), dt.date(2024, 3, 31), dt.date(2027, 1, 10)):
        got = dues.reminders(demo_db, today)
        assert got.arrears == dues.arrears(demo_db, today)
        assert got.unpaid == dues.unpaid_this_month(demo_db, today) == _unpaid_in_the_ledger(demo_db, today.year, today.month)
        assert got.unassessed == dues.unassessed(demo_db, today.year)
    for month in range(1, 13):  # who owes, month by month, is what the ledger shows
        assert dues.who_owes(demo_db, 2025, month) == _unpaid_in_the_ledger(demo_db, 2025, month)
    assert any(dues.who_owes(demo_db, 2026, month) for month in range(1, 12))
    assert dues.reminders(demo_db, TODAY).arrears  # the demo has some: the comparison means something
    assert dues.reminders(demo_db, dt.date(2027, 1, 10)).unassessed  # a new year: nobody assessed yet


def test_a_new_year_asks_for_the_yearly_assessment(demo_db):
    item = keyed(store.home_obligations(demo_db, dt.date(2027, 1, 10)))["dues-assess:2027"]
    assert item.status == "due" and f"尚有 {len(dues.unassessed(demo_db, 2027))} 人未核定2027年党费" in item.detail
    assert (item.action.target, item.action.kwargs) == (Target.DUES_VIEW, {"view": "assess"})
    assert "dues-assess:2026" not in keyed(store.home_obligations(demo_db, TODAY))


def test_dues_are_not_judged_in_a_file_without_a_ledger(seeded):
    db, _, _ = seeded
    assert not [k for k in keyed(store.home_obligations(db, TODAY)) if k.startswith("dues")]


# ── deadlines, 转正, term ──


def test_deadlines_and_term(seeded):
    db, _, _ = seeded
    deadline_store.save_deadline(db, {"title": "工作室申报", "due_date": "2026-12-01", "forms": "studio,summary"})
    deadline_store.save_deadline(db, {"title": "远期", "due_date": "2027-03-01"})
    deadline_store.save_deadline(db, {"title": "过期", "due_date": "2026-11-01"})
    items = keyed(store.home_obligations(db, TODAY))
    found = {o.title: o for o in items.values() if o.key.startswith("deadline:")}
    assert set(found) == {"报送：工作室申报", "报送：过期"}
    assert found["报送：工作室申报"].action.kwargs == {"form_id": "studio"}
    assert found["报送：过期"].status == "overdue"
    assert items["term"].status == "due"  # term ends 2027-03-01: within six months


def test_probation_member(seeded):
    db, _, _ = seeded
    mid = add_member(db, "预备甲", join="2025-12-20", status="预备党员")
    assert keyed(store.home_obligations(db, TODAY))[f"probation:{mid}"].status == "due"


# ── the year at a glance ──


def test_year_view_counts_a_past_year(seeded):
    db, ids, gid = seeded
    for month in range(1, 13):
        add_meeting(db, "支部委员会", f"2019-{month:02d}-10", present=ids[:3], absent=ids[3:5])
    add_meeting(db, "支部党员大会", "2019-05-10", present=ids)
    view = store.year_view(db, 2019, TODAY)
    rows = {r.key: r for r in view.rows}
    assert rows["committee"].summary == "12/12"
    assert rows["general"].summary == "1/4"
    assert [c.text for c in rows["general"].cells][3:6] == ["·", "✓10", "·"]
    assert rows[f"group:{gid}"].summary == "0/12"
    assert rows["lecture"].summary == "0/4"
    assert view.first_year == 2019


def test_year_view_dues_row_is_the_ledgers(seeded):
    db, ids, _ = seeded
    assess_all(db, ids)
    for mid in ids:
        dues.pay_months(db, mid, 2026, [1], "2026-02-01", today=TODAY)
    dues.pay_months(db, ids[0], 2026, [2, 11], "2026-11-01", today=TODAY)
    dues.delete_month_payments(db, ids[1], 2026, 1)             # deleted in the dues area: unpaid again
    row = {r.key: r for r in store.year_view(db, 2026, TODAY).rows}["dues"]
    assert [c.text for c in row.cells][:3] == ["欠1", "欠9", "欠10"]
    assert [c.text for c in row.cells][10:] == ["欠9", ""]       # November is still open, December to come
    assert [c.state for c in row.cells][10] == "open" and row.summary == "0/10"
    assert "dues" not in {r.key for r in store.year_view(db, 2025, TODAY).rows}  # nobody assessed


# ── settings: one set of keys, the areas' own ──


def form(**changes) -> dict:
    values = {"grades": "优秀,合格,不合格", "lectures": "每年 6 次", "warn": "2 个月未参加起提醒", "reading": "支委之间两两谈话；党员之间两两谈话（从严）",
              "student_fen": "0.50", "unemployed_fen": "0.20", "relief_fen": "0.20", "farmer_fen": "1.00",
              "rounding": "向上取整到角（最低 0.10 元）", "local_source": "某党委〔2024〕3号",
              "term_years": "5 年（村、社区党支部一般为 5 年）"}
    values.update(changes)
    return values


def test_settings_round_trip_through_the_areas(db):
    assert store.load_settings(db).lectures_per_year == 4
    store.save_settings(db, store.settings_from_form(form()))
    assert meetings.grade_set(db) == ("优秀", "合格", "不合格")
    assert (meetings.lectures_per_year(db), meetings.warn_months(db)) == (6, 2)
    assert talks.coverage_reading(db) == "all_pairs"
    rules_in_force = dues.ruleset_for(db, 2026)
    assert rules_in_force.fixed_fen("学生") == 50 and rules_in_force.fixed_fen("农民") == 100
    assert rules_in_force.rounding == "up_jiao" and "某党委〔2024〕3号" in rules_in_force.source
    assert branch.get_branch(db).term_years == 5
    assert store.form_values(store.load_settings(db)) == form()
    keys = {k for k, in db.execute("SELECT key FROM settings")}
    assert not keys & {"meetings.lecture_period", "meetings.evaluation_grades", "talks.coverage"}


@pytest.mark.parametrize(("change", "label"), [
    ({"student_fen": "2"}, "学生党员党费"),
    ({"farmer_fen": "abc"}, "农民党员党费"),
    ({"lectures": "13"}, "每年党课次数"),
    ({"warn": "6"}, "组织生活提醒"),
    ({"grades": "合格"}, "评议等次"),
])
def test_a_bad_setting_names_its_field_and_nothing_is_saved(db, change, label):
    with pytest.raises(ValidationError) as err:
        store.settings_from_form(form(**change))
    assert err.value.field == label
    assert branch.get_setting(db, "dues.student_fen") is None


def test_a_bad_stored_setting_falls_back_to_its_default(db):
    branch.set_setting(db, "meetings.lectures_per_year", "weekly")
    branch.set_setting(db, "dues.student_fen", 50)
    s = store.load_settings(db)
    assert (s.lectures_per_year, s.dues_ruleset.fixed_fen("学生")) == (4, 50)


# ── integrity and import hygiene ──


def test_integrity_finds_a_broken_reference(tmp_path):
    from tui.store.db import close_db, open_db

    path = tmp_path / "b.db"
    close_db(open_db(path))
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO attendance (meeting_id, member_id, status) VALUES (99, 98, '出席')")
    conn.commit()
    conn.close()
    db = open_db(path)
    try:
        problems = store.integrity_problems(db)
    finally:
        close_db(db)
    assert problems and "attendance" in problems[0]


def test_store_and_rules_do_not_import_textual():
    code = "import sys, tui.store.obligations, tui.rules.obligations; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_home_screen_does_not_import_heavy_libraries():
    code = ("import sys, tui.app, tui.screens.home, tui.screens.settings; "
            "print(sorted(m for m in ('docx', 'openpyxl', 'pypinyin', 'docxtpl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_home_reads_only_the_meetings_its_rules_look_at_and_judges_them_the_same(demo_db):
    """The 工作台 reads each kind of meeting from the start of its earliest period under review
    (tui.rules.obligations.meeting_windows): four months of 党小组会, not two years. On any day,
    the meeting lines are those that every meeting on file would give."""
    from tui.rules import obligations as rules
    from tui.store.meetings_held import held_meetings

    settings = store.load_settings(demo_db)
    rule_set = store.ruleset(demo_db, settings)
    every = held_meetings(demo_db, "0000-01-01", "9999-12-31")
    day, checked = dt.date(2025, 1, 1), 0
    while day <= dt.date(2027, 3, 31):
        facts = store.gather_facts(demo_db, day, settings, rule_set)
        whole = facts._replace(meetings=store._meeting_facts([m for m in every if m.date <= day.isoformat()]))
        assert rules.meeting_obligations(rule_set, facts) == rules.meeting_obligations(rule_set, whole), day
        assert len(facts.meetings) < len(whole.meetings)
        checked += len(rules.meeting_obligations(rule_set, facts))
        day += dt.timedelta(days=9)
    assert checked > 500   # the comparison covered a great many lines
    windows = rules.meeting_windows(rule_set, TODAY)
    assert windows["党小组会"] == dt.date(2026, 8, 1) and windows["组织生活会"] == dt.date(2025, 1, 1)
