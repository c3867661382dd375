"""The home's SQL: facts gathered from rows seeded straight into the tables, settings, integrity."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys

import pytest

from tui.store import branch
from tui.store import obligations as store
from tui.store.errors import ValidationError

TODAY = dt.date(2026, 11, 21)


def add_member(db, name, join="2010-01-01", status="正式党员", group_id=None, left=None) -> int:
    return db["members"].insert({
        "name": name, "join_date": join, "party_status": status, "group_id": group_id,
        "left_date": left, "left_kind": "转出" if left else None,
    }).last_pk


def add_meeting(db, kind, date, present=(), group_id=None, deleted=False) -> int:
    mid = db["meetings"].insert({"kind": kind, "date": date, "group_id": group_id,
                                 "deleted_at": "2026-01-01" if deleted else None}).last_pk
    for member_id in present:
        db["attendance"].insert({"meeting_id": mid, "member_id": member_id, "status": "出席"})
    return mid


@pytest.fixture
def seeded(db):
    db["branch"].insert({"id": 1, "name": "测试支部", "term_start": "2024-03-01", "term_years": 3})
    gid = db["party_groups"].insert({"name": "第一党小组"}).last_pk
    ids = [add_member(db, f"委员{i}", group_id=gid) for i in range(5)]
    ids += [add_member(db, f"党员{i}", group_id=gid) for i in range(5)]
    for role, mid in zip(branch.ROLES, ids):
        db["committee"].insert({"role": role, "member_id": mid})
    return db, ids, gid


def keyed(items):
    return {o.key: o for o in items}


def test_committee_meeting_without_quorum_is_not_done(seeded):
    db, ids, _ = seeded
    add_meeting(db, "支部委员会", "2026-10-09", present=ids[:3])       # 3 of 5: quorum
    add_meeting(db, "支部委员会", "2026-11-09", present=ids[:2] + ids[6:9])  # 2 of 5 committee members
    items = keyed(store.home_obligations(db, TODAY))
    assert items["committee:2026-11"].status == "due"
    assert "2/5" in items["committee:2026-11"].detail
    assert "committee:2026-10" not in items  # held with quorum


def test_deleted_meetings_do_not_count(seeded):
    db, ids, _ = seeded
    add_meeting(db, "支部委员会", "2026-11-09", present=ids[:5], deleted=True)
    add_meeting(db, "支部委员会", "2026-10-09", present=ids[:5])
    assert keyed(store.home_obligations(db, TODAY))["committee:2026-11"].status == "due"


def test_group_meeting_and_org_life(seeded):
    db, ids, gid = seeded
    add_meeting(db, "党小组会", "2026-11-03", present=ids[:8], group_id=gid)
    add_meeting(db, "主题党日", "2026-06-10", present=ids)
    items = keyed(store.home_obligations(db, TODAY))
    assert items[f"group:{gid}:2026-11"].status == "done"
    assert items[f"group:{gid}:2026-11"].done_date == "2026-11-03"
    # 党员5 and 党员6 attended nothing since 10 June: five months → urgent
    assert items[f"org-life:{ids[8]}"].status == "overdue"
    assert f"org-life:{ids[0]}" not in items


def test_talk_coverage_from_talk_targets(seeded):
    db, ids, _ = seeded
    for target in ids[1:]:
        tid = db["talks"].insert({"date": "2026-05-01", "talker_id": ids[0]}).last_pk
        db["talk_targets"].insert({"talk_id": tid, "member_id": target})
    item = keyed(store.home_obligations(db, TODAY))["talks:2026"]
    # every member talked with the 书记; pairs among the other four committee members are missing
    assert item.status == "due"
    assert "委员之间未谈" in item.detail and "尚未谈话" not in item.detail


def test_dues_arrears_from_payments(seeded):
    db, ids, _ = seeded
    for mid in ids:
        last = 7 if mid == ids[9] else 10
        db["dues_payments"].insert_all(
            {"member_id": mid, "year": 2026, "month": m, "amount_fen": 100, "paid_date": f"2026-{m:02d}-15"}
            for m in range(1, last + 1)
        )
    items = keyed(store.home_obligations(db, TODAY))
    assert items[f"dues-arrears:{ids[9]}"].status == "due"
    assert "连续 3 个月" in items[f"dues-arrears:{ids[9]}"].detail
    assert items["dues:2026-11"].status == "due" and "10 人" in items["dues:2026-11"].detail


def test_deadlines_and_term(seeded):
    db, _, _ = seeded
    db["deadlines"].insert({"title": "工作室申报", "due_date": "2026-12-01", "forms": "studio,summary"})
    db["deadlines"].insert({"title": "远期", "due_date": "2027-03-01"})
    items = keyed(store.home_obligations(db, TODAY))
    deadline = next(o for o in items.values() if o.key.startswith("deadline:"))
    assert deadline.action.kwargs == {"form_id": "studio"}
    assert len([o for o in items.values() if o.key.startswith("deadline:")]) == 1
    assert items["term"].status == "due"  # term ends 2027-03-01: within six months


def test_probation_member(seeded):
    db, _, _ = seeded
    mid = add_member(db, "预备甲", join="2025-12-20", status="预备党员")
    assert keyed(store.home_obligations(db, TODAY))[f"probation:{mid}"].status == "due"


def test_year_view_counts_past_year(seeded):
    db, ids, gid = seeded
    for month in range(1, 13):
        add_meeting(db, "支部委员会", f"2019-{month:02d}-10", present=ids[:3])
    add_meeting(db, "支部党员大会", "2019-05-10")
    view = store.year_view(db, 2019, TODAY)
    rows = {r.key: r for r in view.rows}
    assert rows["committee"].summary == "12/12"
    assert rows["general"].summary == "1/4"
    assert [c.text for c in rows["general"].cells][3:6] == ["·", "✓10", "·"]
    assert rows[f"group:{gid}"].summary == "0/12"
    assert view.first_year == 2019


def test_settings_round_trip(db):
    assert store.load_settings(db).lecture_period == "quarter"
    s = store.settings_from_form({"lecture_period": "每月", "student_dues": "0.50", "grades": "三档（优秀/合格/不合格）",
                                  "coverage": "委员之间两两谈话；每名党员都与书记谈话", "term_years": "5"})
    store.save_settings(db, s)
    again = store.load_settings(db)
    assert (again.lecture_period, again.student_dues_fen, again.talk_coverage, again.term_years) == ("month", 50, "secretary", 5)
    assert branch.get_setting(db, "dues.student_fen") == 50
    assert branch.get_branch(db).term_years == 5
    with pytest.raises(ValidationError, match="学生每月党费"):
        store.settings_from_form({"lecture_period": "每月", "student_dues": "2", "grades": "三档（优秀/合格/不合格）",
                                  "coverage": "委员之间两两谈话；每名党员都与书记谈话", "term_years": "5"})


def test_a_bad_stored_setting_falls_back_to_its_default(db):
    branch.set_setting(db, "meetings.lecture_period", "weekly")
    branch.set_setting(db, "dues.student_fen", 50)
    s = store.load_settings(db)
    assert (s.lecture_period, s.student_dues_fen) == ("quarter", 50)


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
    code = ("import sys, tui.app, tui.screens.home; "
            "print(sorted(m for m in ('docx', 'openpyxl', 'pypinyin', 'docxtpl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
