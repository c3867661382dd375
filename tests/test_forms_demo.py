"""The annual summary of the demo branch, every number checked against the records themselves.

The expected values are counted here straight from the tables (skipping soft-deleted rows), so
the test follows the demo as it grows and fails when a form miscounts.
"""

from __future__ import annotations

import datetime as dt

from tui.export.catalogue import FormParams, get_form
from tui.rules.forms import resolve_period
from tui.rules.money import format_fen
from tui.store import dues, meetings, talks
from tui.store.summary import period_summary
from tui.store.db import transaction

TODAY = dt.date(2026, 11, 21)          # the demo's date


def one(db, sql: str, *args):
    return db.execute(sql, args).fetchone()[0]


def records_of(db, year: int) -> dict:
    """The year's numbers, counted from the tables without the stores."""
    y = str(year)
    meeting_counts = dict(db.execute(
        "SELECT kind, count(*) FROM meetings WHERE deleted_at IS NULL AND substr(date, 1, 4) = ? GROUP BY kind", [y]
    ).fetchall())
    lecturers = dict(db.execute(
        "SELECT lecturer, count(*) FROM meetings WHERE deleted_at IS NULL AND kind = '党课' "
        "AND substr(date, 1, 4) = ? GROUP BY lecturer", [y]
    ).fetchall())
    grades = dict(db.execute(
        "SELECT e.grade, count(*) FROM evaluations e JOIN meetings m ON m.id = e.meeting_id "
        "WHERE m.deleted_at IS NULL AND substr(m.date, 1, 4) = ? GROUP BY e.grade", [y]
    ).fetchall())
    live = "p.deleted_at IS NULL"
    return {
        "meetings": meeting_counts,
        "lecturers": lecturers,
        "grades": grades,
        "talks": one(db, "SELECT count(*) FROM talks WHERE deleted_at IS NULL AND substr(date, 1, 4) = ?", y),
        "pairings": dict(db.execute(
            f"SELECT mode, count(*) FROM pairings p WHERE {live} AND start_date <= ? "
            "AND (end_date IS NULL OR end_date >= ?) GROUP BY mode", [f"{y}-12-31", f"{y}-01-01"]
        ).fetchall()),
        "activities": db.execute(
            f"SELECT count(*), coalesce(sum(a.hours), 0) FROM pairing_activities a JOIN pairings p ON p.id = a.pairing_id "
            f"WHERE {live} AND substr(a.date, 1, 4) = ?", [y]
        ).fetchone(),
        "levels": dict(db.execute(
            f"SELECT o.level, count(*) FROM pairing_outcomes o JOIN pairings p ON p.id = o.pairing_id "
            f"WHERE {live} AND substr(o.date, 1, 4) = ? GROUP BY o.level", [y]
        ).fetchall()),
        "joined": {r[0] for r in db.execute("SELECT name FROM members WHERE substr(join_date, 1, 4) = ?", [y])},
        "made_full": {r[0] for r in db.execute("SELECT name FROM members WHERE substr(full_date, 1, 4) = ?", [y])},
        "left": {r[0] for r in db.execute("SELECT name FROM members WHERE substr(left_date, 1, 4) = ?", [y])},
        "paid": one(db, "SELECT coalesce(sum(amount_fen), 0) FROM dues_payments WHERE deleted_at IS NULL "
                        "AND voluntary = 0 AND year = ?", year),
    }


def test_every_number_of_last_year_matches_the_records(demo_db):
    year = TODAY.year - 1
    s = period_summary(demo_db, resolve_period(year), today=TODAY)
    r = records_of(demo_db, year)
    assert {k: v for k, v in s.meetings.items() if v} == r["meetings"]
    assert sum(r["meetings"].values()) > 50                      # the demo has a full year of them
    assert s.lecturers == r["lecturers"]
    assert s.evaluation == r["grades"] and sum(r["grades"].values()) > 0
    assert s.talks == r["talks"] > 0
    cov = talks.talk_coverage(demo_db, year, today=TODAY)
    assert (s.coverage.committee_pairs_done, s.coverage.members_done) == (cov.committee_pairs_done, cov.members_done)
    due, paid, _, voluntary, assessed = dues.year_totals(demo_db, year)
    assert (s.dues_due_fen, s.dues_paid_fen, s.dues_voluntary_fen, s.dues_members) == (due, paid, voluntary, assessed)
    assert paid == r["paid"] and due > paid > 0
    assert {k: v for k, v in s.pairings.items() if v} == r["pairings"]
    assert (s.pairing_activities, s.pairing_hours_tenths) == r["activities"]
    assert {k: v for k, v in s.outcomes_by_level.items() if v} == r["levels"]
    assert set(s.joined) == r["joined"] and set(s.made_full) == r["made_full"]
    assert {n for names in s.left.values() for n in names} == r["left"]
    # the kinds the secretary reports on
    assert s.meetings["党小组会"] == sum(s.group_meetings.values())
    assert len(meetings.list_meetings(demo_db, kind="主题党日", year=year)) == s.meetings["主题党日"]


def test_this_year_counts_dues_up_to_this_month(demo_db):
    s = period_summary(demo_db, resolve_period(TODAY.year), today=TODAY)
    totals = dues.year_totals(demo_db, TODAY.year, through_month=TODAY.month - 1)
    assert (s.dues_due_fen, s.dues_paid_fen) == (totals.due_fen, totals.paid_fen)
    assert s.dues_through == f"{TODAY.year}-{TODAY.month - 1:02d}"     # the month just begun is not owed yet
    assert s.as_of == TODAY.isoformat()


def test_the_exported_summary_says_the_records_numbers(demo_db, tmp_path):
    import docx

    year = TODAY.year - 1
    r = records_of(demo_db, year)
    themes = meetings.list_meetings(demo_db, kind="主题党日", year=year)
    meetings.delete_meeting(demo_db, themes[0].id)            # a deleted record is not counted
    out = get_form("annual-summary").build(demo_db, FormParams(year=year), tmp_path / "s.docx")
    doc = docx.Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    n_themes = r["meetings"]["主题党日"] - 1
    assert f"开展主题党日{n_themes}次" in text
    assert f"召开支部党员大会{r['meetings']['支部党员大会']}次、支部委员会{r['meetings']['支部委员会']}次" in text
    order = period_summary(demo_db, resolve_period(year), today=TODAY).lecturers      # first lecture first
    who = "、".join(f"{name}{r['lecturers'][name]}次" for name in order)
    assert f"讲党课{r['meetings']['党课']}次（主讲人：{who}）" in text
    assert f"开展谈心谈话{r['talks']}次" in text
    due, paid, rate, _, assessed = dues.year_totals(demo_db, year)
    assert f"{assessed}名党员应交党费{format_fen(due)}元，实交{format_fen(paid)}元，收缴率{rate}" in text
    assert f"取得成果{sum(r['levels'].values())}项" in text
    assert "待填写" not in text.split("四、")[0]                 # the demo carries last year's texts
    assert text.count(f"发展党员{len(r['joined'])}名") == 1     # the roster's moves are said once
    table = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert table["主题党日"] == str(n_themes)


def test_the_roster_ids_on_a_day_are_the_roster_on_that_day(demo_db):
    """Talk coverage counts from the roster's index alone (roster_ids_on), or from the roster the
    工作台 has read (tui.rules.asof.on_roster); the forms count with the status (roster_on): the
    same people in the same order, on any day, month-only join dates and leaving days included."""
    from tui.rules.asof import on_roster
    from tui.store.asof import roster_ids_on, roster_on
    from tui.store.dues_reminders import roster_spans

    with transaction(demo_db):   # a month-only join date, and someone leaving on the day asked about
        demo_db.execute("UPDATE members SET join_date = '2020-06' WHERE id = (SELECT min(id) FROM members)")
        demo_db.execute("UPDATE members SET left_date = '2020-06-30', left_kind = '转出' "
                        "WHERE id = (SELECT max(id) FROM members WHERE left_date IS NULL)")
    spans = roster_spans(demo_db)
    for day in ("2020-05-31", "2020-06-01", "2020-06-30", f"{TODAY.year - 1}-12-31", TODAY.isoformat()):
        ids = roster_ids_on(demo_db, day)
        assert ids == list(roster_on(demo_db, day)) and len(ids) > 10
        assert ids == [m.id for m in spans if on_roster(m.join_date, m.left_date, day)]
