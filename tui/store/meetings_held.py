"""Meetings as the 工作台 and the year at a glance see them: which were held when (with their
quorum), who has gone months without 组织生活 (党章第九条), and which 整改 items are still open.
Part of the meetings area (tui.store.meetings re-exports them); apart so that opening the app
loads these and not the whole area.
"""

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from tui.store.db import Database

from tui.rules import meetings as rules
from tui.rules.dates import to_date
from tui.rules.obligations.periods import add_months
from tui.store import member_status
from tui.store.records import build
from tui.store.transfer_facts import arrivals
from tui import clock


def warn_months(db: Database) -> int:
    from tui.store.branch import get_setting

    return int(get_setting(db, "meetings.org_life_warn_months", rules.ORG_LIFE_WARN_MONTHS))


class HeldMeeting(NamedTuple):
    """What the 工作台 and the year at a glance judge a meeting by (no titles, no numbering)."""

    id: int
    kind: str
    date: str
    group_id: int | None
    expected: int
    present: int

    @property
    def quorum_ok(self) -> bool:
        return rules.counts_as_held(self.kind, self.expected, self.present)


_HELD = ("SELECT id, kind, date, group_id, expected_count AS expected, present_count AS present FROM meetings "
         "WHERE deleted_at IS NULL AND date >= ? AND date <= ? {also} ORDER BY date DESC, start_time DESC, id DESC")


def held_meetings(db: Database, date_from: str, date_to: str) -> list[HeldMeeting]:
    """The meetings held from `date_from` to `date_to` (inclusive), newest first."""
    return build(HeldMeeting, db.execute(_HELD.format(also=""), [date_from, date_to]))


def held_meetings_since(db: Database, since: Mapping[str, str], date_to: str) -> list[HeldMeeting]:
    """The meetings of the kinds in `since` (kind → first day, ISO) held from that day to `date_to`,
    newest first: the 工作台 reads four months of 党小组会, not two years of them."""
    if not since:
        return []
    by_day: dict[str, list[str]] = {}
    for kind, day in since.items():
        by_day.setdefault(day, []).append(kind)
    where = " OR ".join(f"(date >= ? AND kind IN ({','.join('?' * len(kinds))}))" for kinds in by_day.values())
    args = [a for day, kinds in by_day.items() for a in (day, *kinds)]
    return build(HeldMeeting, db.execute(_HELD.format(also=f"AND ({where})"), [min(since.values()), date_to, *args]))


def meeting_years(db: Database) -> list[int]:
    rows = db.execute(
        "SELECT DISTINCT substr(date, 1, 4) FROM meetings WHERE deleted_at IS NULL ORDER BY 1 DESC"
    ).fetchall()
    return [int(r[0]) for r in rows]


def months_without_org_life(db: Database, today: dt.date | None = None,
                            members: list[tuple[int, str, str | None]] | None = None,
                            ) -> list[tuple[int, str, str | None, int]]:
    """Members at risk under 党章 第九条: (member_id, name, last date attended or None, months).

    Listed from the warning threshold (setting meetings.org_life_warn_months, default 3) on, the
    longest first. A member who never attended counts from the later of joining and the first
    meeting in the file, so a fresh file does not flag everyone. An approved absence (出国（境）,
    流动党员, 长期病休 … with its approval: tui.rules.member_status) is a good reason: a member it
    covers today is not listed, and after it the count starts again from its end; after a 转入 the
    count starts on the 转入 date. `members`: (id, name, join_date) of those on the roster today,
    in roster order, when the caller has read them.
    """
    today = today or clock.today()
    first = db.execute("SELECT min(date) FROM meetings WHERE deleted_at IS NULL").fetchone()[0]
    if first is None:
        return []
    threshold = warn_months(db)
    iso = today.isoformat()
    if members is None:
        members = db.execute(
            "SELECT id, name, join_date FROM members WHERE left_date IS NULL ORDER BY pinyin, name, id"
        ).fetchall()
    kinds = ",".join("?" * len(rules.ORG_LIFE_KINDS))
    # Who attended within the threshold (index on date): they cannot be listed, whatever their
    # last date, so most members are settled here without a full scan or a sort.
    recent: set[int] = {r[0] for r in db.execute(
        "SELECT DISTINCT a.member_id FROM meetings mt JOIN attendance a ON a.meeting_id = mt.id "
        f"WHERE mt.date > ? AND mt.date <= ? AND mt.deleted_at IS NULL AND a.status = '出席' AND mt.kind IN ({kinds})",
        [_months_before(today, threshold).isoformat(), iso, *rules.ORG_LIFE_KINDS],
    )}
    periods = member_status.periods_by_member(db)
    arrived = arrivals(db)
    out = []
    for member_id, name, join_date in members:
        if member_id in recent:
            continue
        own = periods.get(member_id, [])
        if any(p.excuses and p.covers(iso) for p in own):
            continue
        last_date = db.execute(
            "SELECT max(mt.date) FROM attendance a JOIN meetings mt ON mt.id = a.meeting_id "
            f"WHERE a.member_id = ? AND a.status = '出席' AND mt.deleted_at IS NULL AND mt.date <= ? AND mt.kind IN ({kinds})",
            [member_id, iso, *rules.ORG_LIFE_KINDS],
        ).fetchone()[0]
        if last_date:
            since = to_date(last_date)
        else:
            since = max(to_date(first), to_date(join_date) if join_date else to_date(first))
        restarts = [to_date(p.end_date) for p in own if p.excuses and p.end_date and p.end_date <= iso]
        if member_id in arrived:
            restarts.append(to_date(arrived[member_id][0]))
        since = max([since, *restarts])
        if since > today:
            continue
        months = rules.months_between(since, today)
        if months >= threshold:
            out.append((member_id, name, last_date, months))
    out.sort(key=lambda t: -t[3])
    return out


def _months_before(today: dt.date, months: int) -> dt.date:
    """The day `months` calendar months before `today` (the month's last day when it is shorter):
    a date after it is fewer than `months` whole months before `today` (rules.months_between),
    and it or any date before it is not."""
    return add_months(today, -months)


# ── 整改清单 still open ──

class OpenRectification(NamedTuple):
    meeting_id: int
    meeting_date: str
    problem: str
    owner: str
    deadline: str          # "2026-06" (by the end of that month) or "2026-06-15"


def open_rectifications(db: Database) -> list[OpenRectification]:
    """整改清单 items with a 时限 and no 完成日期, of meetings not deleted, earliest 时限 first."""
    return build(OpenRectification, db.execute(
        "SELECT mt.id AS meeting_id, mt.date AS meeting_date, r.problem, r.owner, r.deadline FROM rectifications r "
        "JOIN meetings mt ON mt.id = r.meeting_id WHERE mt.deleted_at IS NULL AND r.done_date IS NULL "
        "AND r.deadline IS NOT NULL AND r.deadline != '' ORDER BY r.deadline, r.id"
    ))
