"""Every action the 工作台 offers opens a screen method that accepts its arguments.

The home's actions are typed targets (rules.obligations.Target), resolved in one place
(tui.screens.home.OPENERS). Renaming a screen method, or changing what it takes, fails here
instead of showing the secretary a toast."""

from __future__ import annotations

import inspect

import pytest

from tui.areas import AREAS
from tui.rules.obligations import Target
from tui.screens.home import OPENERS, opener
from tui.store import deadlines
from tui.store import obligations as store
from tui.store.db import transaction

from conftest import FROZEN_TODAY


def test_every_target_has_one_opener_in_an_area_of_the_app():
    assert set(OPENERS) == set(Target)
    modes = {a.mode for a in AREAS}
    for target in Target:
        assert target.area in modes, target
        method = opener(target)
        assert method is None or callable(method), target


def _craft(db) -> None:
    """Turn the demo into a branch where the kinds the demo lacks also come up: a deadline with
    no form and one already exported, members without an assessment for the year, several long
    without 组织生活, several three months behind with their dues, and no 支委会 set."""
    with transaction(db):
        members = [r[0] for r in db.execute(
            "SELECT id FROM members WHERE left_date IS NULL ORDER BY id LIMIT 14")]
        db.execute(f"DELETE FROM attendance WHERE member_id IN ({','.join(map(str, members[:7]))})")
        db.execute(f"DELETE FROM dues_assessments WHERE year = 2026 AND member_id IN ({members[7]}, {members[8]})")
        db.execute(f"DELETE FROM dues_payments WHERE year = 2026 AND month >= 8 "
                   f"AND member_id IN ({','.join(map(str, members[9:14]))})")
        db.execute("DELETE FROM committee")
    deadlines.save_deadline(db, {"title": "党员信息核对", "due_date": "2026-11-28", "forms": ""})
    exported = deadlines.save_deadline(db, {"title": "年度总结", "due_date": "2026-11-30", "forms": ""})
    db["deadlines"].update(exported, {"status": "已导出", "exported_at": "2026-11-20T10:00:00"})


def _actions(db):
    return [(item.key, item.action) for item in store.home_obligations(db, FROZEN_TODAY) if item.action]


@pytest.fixture
def every_action(demo_db):
    found = _actions(demo_db)
    _craft(demo_db)
    return found + _actions(demo_db)


def test_every_action_on_the_demo_and_a_crafted_branch_binds_to_its_screen_method(every_action):
    assert {action.target for _, action in every_action} == set(Target), "each kind of action comes up"
    for key, action in every_action:
        method = opener(action.target)
        if method is None:
            assert not action.kwargs, key
            continue
        inspect.signature(method).bind(None, **dict(action.kwargs))  # None stands for the screen


def test_a_renamed_method_or_a_changed_signature_is_caught(every_action, monkeypatch):
    from tui.screens.talks import TalksScreen

    key, action = next((k, a) for k, a in every_action if a.target is Target.NEW_TALK)
    monkeypatch.setattr(TalksScreen, "start_new", lambda self, member_ids: None)  # lost its `kind`
    kwargs = {**action.kwargs, "kind": "提醒谈话"}
    with pytest.raises(TypeError):
        inspect.signature(opener(Target.NEW_TALK)).bind(None, **kwargs)
    monkeypatch.delattr(TalksScreen, "start_new")
    with pytest.raises(AttributeError):
        opener(Target.NEW_TALK)
