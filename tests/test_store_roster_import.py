"""Writing an imported roster: the plan the preview shows, and what a re-import changes."""

from __future__ import annotations

from tui.store import members
from tui.store.roster_import import apply_import, describe_plan, plan_import

ROWS = [
    (4, {"name": "张慧", "gender": "女", "birth_date": "1985-03", "group_name": "第一党小组"}),
    (5, {"name": "王芳", "gender": "女", "birth_date": "1986-10"}),
]


def test_the_plan_names_who_is_added_and_writes_nothing(db):
    members.save_member(db, {"name": "王芳", "birth_date": "1986-10"})
    plan = plan_import(db, ROWS)
    assert (plan.added, plan.updated, plan.unchanged) == (1, 1, 0)
    assert plan.added_names == ["张慧"] and plan.updated_names == ["王芳"]
    assert plan.groups_created == ["第一党小组"]
    assert describe_plan(plan) == ["将新增 1 人，更新 1 人；新建党小组 第一党小组", "  新增：张慧", "  更新：王芳"]
    assert [m.name for m in members.list_members(db)] == ["王芳"]
    assert db.execute("SELECT count(*) FROM party_groups").fetchone()[0] == 0
    assert members.find_by_name(db, "王芳")[0].gender is None


def test_importing_the_same_rows_again_changes_nothing_and_says_so(db):
    first = apply_import(db, ROWS)
    assert (first.added, first.updated) == (2, 0)
    again = apply_import(db, ROWS)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    changed = apply_import(db, [(4, {**ROWS[0][1], "phone": "13812345678"}), ROWS[1]])
    assert (changed.updated, changed.unchanged, changed.updated_names) == (1, 1, ["张慧"])


def test_a_member_who_has_left_is_updated_but_stays_left_and_is_marked(db):
    gone = members.save_member(db, {"name": "王芳", "birth_date": "1986-10"})
    members.record_leaving(db, gone, "2026-01-05", "转出", "调往数学学院")
    plan = plan_import(db, [ROWS[1]])
    assert plan.updated_names == ["王芳（已离开）"]
    apply_import(db, [ROWS[1]])
    assert members.get_member(db, gone).left_date == "2026-01-05"
