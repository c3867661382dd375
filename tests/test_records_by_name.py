"""Records are read by column name: a table whose columns come in another order reads back the same.

The demo branch (every area filled, plus a deleted talk and pairing, a member who left and a
draft) is read through the store functions; then every table is rebuilt with its columns in
reverse order, and everything is read again and must be equal. A record built by position
(`Talk(*row)`) would come back with its fields shifted.
"""

from __future__ import annotations

import pickle
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FROZEN_TODAY
from tui.rules.forms import Period
from tui.store import branch, deadlines, dues, forms, meetings, members, obligations, pairings, people, summary, talks
from tui.store.db import close_db, open_db

YEARS = range(FROZEN_TODAY.year - 3, FROZEN_TODAY.year + 1)


def _everything(db) -> dict:
    """Every record of every table, as the store functions give them."""
    out: dict = {}
    out["branch"] = (branch.get_branch(db), branch.list_groups(db), branch.get_committee(db), branch.get_settings(db))
    roster = members.list_members(db, include_left=True)
    out["members"] = roster
    out["member"] = [members.get_member(db, m.id) for m in roster]
    out["by_name"] = [members.find_by_name(db, m.name) for m in roster]
    out["honours"] = members.list_honours(db)
    out["stats"] = members.roster_stats(db)
    rows = meetings.list_meetings(db)
    out["meeting_rows"] = rows
    out["meetings"] = [meetings.get_meeting(db, r.id) for r in rows]
    out["meetings_held"] = meetings.held_meetings(db, "0000-01-01", "9999-12-31")
    out["rectifications"] = meetings.open_rectifications(db)
    out["org_life"] = meetings.months_without_org_life(db, FROZEN_TODAY)
    out["attendance"] = [meetings.attendance_history(db, m.id) for m in roster]
    out["drafts"] = meetings.list_drafts(db)
    out["draft"] = [meetings.get_draft(db, d.id) for d in out["drafts"]]
    found = talks.list_talks(db, include_deleted=True)
    out["talks"] = found
    out["talk"] = [talks.get_talk(db, t.id) for t in found]
    out["followups"] = talks.open_followups(db, FROZEN_TODAY, overdue_only=False)
    out["talk_stats"] = [talks.member_talk_stats(db, y) for y in YEARS]
    out["coverage"] = [talks.talk_coverage(db, y, today=FROZEN_TODAY) for y in YEARS]
    everyone = people.list_people(db)
    out["people"] = (everyone, people.list_people(db, by_pinyin=False))
    out["person"] = [people.get_person(db, p.id) for p in everyone]
    listed = pairings.list_pairings(db) + pairings.list_pairings(db, deleted=True)
    out["pairings"] = listed
    out["pairing"] = [pairings.get_pairing(db, p.id, include_deleted=True) for p in listed]
    out["activities"] = [pairings.list_activities(db, p.id) for p in listed]
    out["outcomes"] = [pairings.list_outcomes(db, p.id) for p in listed]
    out["outcomes_in_period"] = pairings.outcomes_in_period(db)
    out["outcome_stats"] = pairings.outcome_stats(db)
    out["assessments"] = [dues.list_assessments(db, y) for y in YEARS]
    out["assessment"] = [dues.get_assessment(db, m.id, FROZEN_TODAY.year) for m in roster]
    out["payments"] = [dues.list_payments(db, m.id) for m in roster]
    out["ledgers"] = [dues.ledger(db, y) for y in YEARS]
    out["unassessed"] = [dues.unassessed(db, y) for y in YEARS]
    out["reminders"] = dues.reminders(db, FROZEN_TODAY)
    out["deadlines"] = deadlines.list_deadlines(db)
    out["deadline"] = [deadlines.get_deadline(db, d.id) for d in out["deadlines"]]
    out["form_texts"] = [forms.starting_text(db, "annual_report", FROZEN_TODAY.year, s)
                         for s in ("总结", "计划", "工作总结")]
    out["home"] = obligations.home_obligations(db, FROZEN_TODAY)
    out["facts"] = obligations.gather_facts(db, FROZEN_TODAY)
    out["year_view"] = obligations.year_view(db, FROZEN_TODAY.year, FROZEN_TODAY)
    period = Period(f"{FROZEN_TODAY.year}-01-01", f"{FROZEN_TODAY.year}-12-31", FROZEN_TODAY.year,
                    str(FROZEN_TODAY.year))
    out["summary"] = summary.period_summary(db, period, today=FROZEN_TODAY)
    out["summary_parts"] = (summary.honour_counts(db), summary.secretary_profile(db), summary.member_list(db),
                            summary.pairing_rows(db, period))
    return out


def _reverse_columns(path: Path) -> list[str]:
    """Rebuild every table with its columns in reverse order (a scratch file: constraints go)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts_%'")]
    conn.execute("BEGIN")
    for table in tables:
        cols = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        assert len(cols) > 1 or table == "settings", table
        conn.execute(f"CREATE TABLE reordered AS SELECT {', '.join(reversed(cols))} FROM {table}")
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE reordered RENAME TO {table}")
        after = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        assert after == cols[::-1]
    conn.execute("COMMIT")
    conn.close()
    return tables


@pytest.fixture
def demo_copy(tmp_path, demo_path) -> Path:
    path = tmp_path / "reorder.db"
    shutil.copy(demo_path, path)
    db = open_db(path)
    try:
        # What the demo lacks: a deleted talk and pairing, a member who left, a draft, a setting.
        talk = talks.list_talks(db)[0]
        talks.delete_talk(db, talk.id)
        pairings.delete_pairing(db, pairings.list_pairings(db)[0].id)
        leaver = members.list_members(db)[-1]
        members.record_leaving(db, leaver.id, "2026-10-08", "转出", "调往外校")
        meetings.save_draft(db, {"kind": "支部委员会", "content": "半截的记录",
                                 "attendance": [meetings.Attendee(member_id=leaver.id, name=leaver.name)]})
        talks.set_coverage_reading(db, talks.coverage_reading(db))
    finally:
        close_db(db)
    return path


# Read in a child process whose records' SELECT lists come in reverse order of their fields:
# a record built by position from such a row would have every field shifted.
_READ_REVERSED = """
import pickle, sys
from tui.store import records
_columns = records.columns
records.columns = lambda record: tuple(reversed(_columns(record)))
from tests.test_records_by_name import _everything
from tui.store.db import close_db, open_db
db = open_db(sys.argv[1], migrate=False)
try:
    out = _everything(db)
finally:
    close_db(db)
with open(sys.argv[2], "wb") as f:
    pickle.dump(out, f)
"""


def test_every_record_reads_back_the_same_with_columns_reordered(demo_copy, tmp_path):
    db = open_db(demo_copy)
    try:
        before = _everything(db)
    finally:
        close_db(db)
    # The reading has substance: every area's records are there, deleted ones included.
    assert len(before["members"]) > 20 and any(not m.active for m in before["members"])
    assert len(before["meetings"]) > 100 and any(m.rectifications for m in before["meetings"])
    assert any(t.deleted_at for t in before["talks"]) and any(t.followups for t in before["talks"])
    assert any(t.targets and t.targets[-1].person_id for t in before["talks"])
    assert any(p.deleted_at for p in before["pairings"]) and before["people"][0]
    assert any(before["payments"]) and any(before["assessments"]) and before["deadlines"]
    assert before["drafts"] and before["honours"] and before["rectifications"]

    reordered = _reverse_columns(demo_copy)
    assert {"members", "meetings", "attendance", "rectifications", "talks", "talk_targets", "talk_followups",
            "people", "pairings", "pairing_activities", "pairing_outcomes", "dues_assessments",
            "dues_payments", "branch", "party_groups", "deadlines", "member_honours", "meeting_drafts",
            "form_texts", "committee", "evaluations"} <= set(reordered)

    db = open_db(demo_copy, migrate=False)
    try:
        after = _everything(db)
    finally:
        close_db(db)
    for key in before:
        assert after[key] == before[key], key

    result = tmp_path / "reversed.pickle"
    root = Path(__file__).resolve().parent.parent
    child = subprocess.run([sys.executable, "-c", _READ_REVERSED, str(demo_copy), str(result)], cwd=root,
                           capture_output=True, text=True)
    assert child.returncode == 0, child.stderr[-3000:]
    with open(result, "rb") as f:
        reversed_selects = pickle.load(f)
    for key in before:
        assert reversed_selects[key] == before[key], key


# The review hook's check, kept as a test: no record is built from a row by position.
POSITIONAL = re.compile(r"\b[A-Z][A-Za-z]+\(\*(row|r|rec|record)\)")


def test_no_record_is_built_by_position():
    root = Path(__file__).resolve().parent.parent / "tui"
    found = [f"{path.relative_to(root.parent)}:{n}: {line.strip()}"
             for path in root.rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if POSITIONAL.search(line)]
    assert found == []


def test_build_fills_by_name_whatever_the_order_and_number_of_columns():
    """build() passes a row as it is only when its columns are the record's fields in order;
    fewer columns leave the rest at their defaults, and columns in another order go by name."""
    import dataclasses
    import sqlite3
    from typing import NamedTuple

    from tui.store.records import build

    class Pair(NamedTuple):
        a: int
        b: str = "默认"

    @dataclasses.dataclass
    class Trio:
        a: int
        b: str = "默认"
        c: int = 0

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a INTEGER, b TEXT, c INTEGER)")
    conn.execute("INSERT INTO t VALUES (1, '甲', 7)")
    assert build(Pair, conn.execute("SELECT a, b FROM t")) == [Pair(1, "甲")]
    assert build(Pair, conn.execute("SELECT a FROM t")) == [Pair(1, "默认")]
    assert build(Pair, conn.execute("SELECT b, a FROM t")) == [Pair(1, "甲")]
    assert build(Trio, conn.execute("SELECT a, b FROM t")) == [Trio(1, "甲", 0)]
    assert build(Trio, conn.execute("SELECT c, a FROM t")) == [Trio(1, "默认", 7)]
    assert build(Trio, conn.execute("SELECT a, b, c FROM t WHERE a = 2")) == []
