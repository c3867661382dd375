"""Statuses are StrEnums whose values are exactly the strings the database has always held."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from tui.rules import dues as dues_rules
from tui.rules import meetings as meeting_rules
from tui.rules import obligations as ob
from tui.rules.forms import DeadlineStatus
from tui.rules.meetings import Attendance, OrgLifeLevel
from tui.rules.pairings import PairingStatus
from tui.store import deadlines, pairings
from tui.store import meetings as meeting_store
from tui.store import obligations as ob_store

from conftest import FROZEN_TODAY

SCHEMA = (Path(__file__).resolve().parents[1] / "schema.sql").read_text(encoding="utf-8")


def _check_list(table: str, column: str) -> list[str]:
    body = re.search(rf"CREATE TABLE IF NOT EXISTS {table} \((.*?)\n\);", SCHEMA, re.S).group(1)
    values = re.search(rf"\n\s*{column}\b[^\n]*?CHECK \({column} IN \(([^)]*)\)\)", body).group(1)
    return re.findall(r"'([^']*)'", values)


@pytest.mark.parametrize("enum, table, column", [
    (Attendance, "attendance", "status"),
    (PairingStatus, "pairings", "status"),
    (DeadlineStatus, "deadlines", "status"),
])
def test_each_enum_is_the_schema_check_list(enum, table, column):
    assert [s.value for s in enum] == _check_list(table, column)


def test_values_written_through_the_store_are_the_same_plain_text(demo_db):
    db = demo_db
    deadline = deadlines.save_deadline(db, {"title": "党员信息核对", "due_date": "2026-12-01", "forms": ""})
    deadlines.mark_submitted(db, deadline, "2026-11-20")
    assert db.execute("SELECT status, typeof(status) FROM deadlines WHERE id = ?", [deadline]).fetchone() == ("已报送", "text")
    deadlines.reopen(db, deadline)
    assert db.execute("SELECT status FROM deadlines WHERE id = ?", [deadline]).fetchone() == ("待办",)
    read = deadlines.get_deadline(db, deadline)
    assert read.status == DeadlineStatus.TODO and type(read.status) is str

    ongoing = next(p for p in pairings.list_pairings(db) if p.status == PairingStatus.ONGOING)
    pairings.end_pairing(db, ongoing.id, "2026-11-20")
    assert db.execute("SELECT status, typeof(status) FROM pairings WHERE id = ?", [ongoing.id]).fetchone() == ("已结束", "text")

    meeting = meeting_store.get_meeting(db, db.execute(
        "SELECT id FROM meetings WHERE kind = '支部委员会' AND deleted_at IS NULL ORDER BY date DESC LIMIT 1").fetchone()[0])
    data = {k: getattr(meeting, k) for k in meeting_store.LABELS}
    first = meeting.attendance[0]
    data["attendance"] = [dataclasses.replace(first, status=Attendance.LEAVE, reason="出差"), *meeting.attendance[1:]]
    meeting_store.save_meeting(db, data, meeting.id, today=FROZEN_TODAY)
    assert db.execute("SELECT status, typeof(status) FROM attendance WHERE meeting_id = ? AND member_id = ?",
                      [meeting.id, first.member_id]).fetchone() == ("请假", "text")
    assert meeting_store.get_meeting(db, meeting.id).by_status(Attendance.LEAVE)[0].name == first.name


def test_levels_keep_their_words_and_fine_is_false():
    assert [dues_rules.arrears_level(n) for n in (0, 3, 4, 6)] == ["none", "notice", "warning", "critical"]
    assert dues_rules.ARREARS_LABELS["critical"] == "严重"
    assert [meeting_rules.org_life_level(n, 3) for n in (1, 3, 5, 6)] == ["", "提醒", "紧急", "超期"]
    assert not OrgLifeLevel.FINE and all(level for level in OrgLifeLevel if level is not OrgLifeLevel.FINE)


def test_the_home_lists_only_typed_statuses(demo_db):
    items = ob_store.home_obligations(demo_db, FROZEN_TODAY)
    assert items and all(isinstance(i.status, ob.Status) for i in items)
    assert set(ob.STATUS_LABELS) == set(ob.Status) and set(ob.counts(items)) == set(ob.Status)
    states = {cell.state for row in ob_store.year_view(demo_db, 2026, FROZEN_TODAY).rows for cell in row.cells}
    assert states and all(isinstance(s, ob.CellState) for s in states)
