"""The demo's minutes agree with its roster on their date: everyone a record names was a member
then, 转正 only for a 预备党员 whose year is up, 培养联系人 only a full member, and the 表决权
counts leave 预备党员 out. Checked on demos built on several days, not only the frozen one."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tui.rules.meetings import has_vote


def _roster(db):
    rows = db.execute("SELECT id, name, join_date, left_date, full_date, party_status FROM members").fetchall()
    return {r[0]: r for r in rows}, {r[1]: r[0] for r in rows}


def _on_roster(row, iso: str) -> bool:
    _, _, joined, left, _, _ = row
    return (joined is None or joined <= iso) and (left is None or left > iso)


def _full_on(row, iso: str) -> bool:
    return _on_roster(row, iso) and bool(row[4]) and row[4] <= iso


def problems(db) -> list[str]:
    people, by_name = _roster(db)
    out = []
    meetings = db.execute(
        "SELECT id, kind, date, host_id, recorder_id, lecturer, decisions, votes FROM meetings WHERE deleted_at IS NULL"
    ).fetchall()
    for mid, kind, date, host, recorder, lecturer, decisions, votes in meetings:
        where = f"{date} {kind}#{mid}"
        for role, member in (("主持人", host), ("记录人", recorder)):
            if member is not None and not _on_roster(people[member], date):
                out.append(f"{where}: {role} {people[member][1]} not a member then")
        if lecturer and lecturer in by_name and not _on_roster(people[by_name[lecturer]], date):
            out.append(f"{where}: 主讲人 {lecturer} not a member then")
        marks = db.execute("SELECT member_id, status FROM attendance WHERE meeting_id = ?", [mid]).fetchall()
        for member, _ in marks:
            if not _on_roster(people[member], date):
                out.append(f"{where}: attendee {people[member][1]} not a member then")
        for name in re.findall(r"同意(\S+?)同志按期转为中共正式党员", decisions or ""):
            row = people[by_name[name]]
            full = row[4]
            if not (full and _on_roster(row, date)
                    and (dt.date.fromisoformat(date) - dt.timedelta(days=75)).isoformat() <= full
                    <= (dt.date.fromisoformat(date) + dt.timedelta(days=31)).isoformat()):
                out.append(f"{where}: 转正 of {name} (joined {row[2]}, full {full})")
        for pattern in (r"指定(\S+?)为培养联系人", r"推荐(\S+?)为校级优秀共产党员"):
            for name in re.findall(pattern, decisions or ""):
                if not _full_on(people[by_name[name]], date):
                    out.append(f"{where}: {name} named in “{pattern}” was not a full member then")
        if kind == "支部党员大会" and votes:
            n, m = map(int, re.search(r"应到有表决权的党员(\d+)人，实到(\d+)人", votes).groups())
            vote = [(mb, st) for mb, st in marks
                    if has_vote(people[mb][5], people[mb][4], date) and _full_on(people[mb], date)]
            if (n, m) != (len(vote), sum(st == "出席" for _, st in vote)):
                out.append(f"{where}: 表决权 {n}/{m}, roster says {len(vote)}/{sum(st == '出席' for _, st in vote)}")
    talks = db.execute("SELECT id, date, talker_id FROM talks WHERE deleted_at IS NULL").fetchall()
    for tid, date, talker in talks:
        named = [talker] + [r[0] for r in db.execute(
            "SELECT member_id FROM talk_targets WHERE talk_id = ? AND member_id IS NOT NULL", [tid])]
        for member in named:
            if member is not None and not _on_roster(people[member], date):
                out.append(f"{date} talk#{tid}: {people[member][1]} not a member then")
    return out


def test_the_frozen_demo_minutes_agree_with_its_roster(demo_db):
    found = problems(demo_db)
    assert found == [], "\n".join(found[:20])
    # and it does hold 转正 resolutions and votes to check
    decisions = "\n".join(r[0] for r in demo_db.execute("SELECT decisions FROM meetings"))
    assert "按期转为中共正式党员" in decisions and "培养联系人" in decisions


@pytest.mark.parametrize("day", [dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2026, 6, 30)])
def test_demos_built_on_other_days_agree_too(tmp_path, day, monkeypatch):
    from tui import clock
    from tui.demo import build_demo
    from tui.store.db import close_db, open_db

    monkeypatch.setattr(clock, "_frozen", day)
    path = build_demo(tmp_path / "demo.db", "typical", today=day)
    db = open_db(path)
    try:
        found = problems(db)
    finally:
        close_db(db)
    assert found == [], "\n".join(found[:20])
