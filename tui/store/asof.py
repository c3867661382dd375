"""The roster on a day, as tui.rules.asof says to count it: the one SQL condition every form's
member counts, member lists and talk coverage use.

On `day`: joined on or before it (a month-only join date counts from the month's first day; no
join date: always in), and not left on or before it. Status on the day: 正式党员 once the
full-membership date has passed (or 正式 with no date), else 预备党员.
"""

from __future__ import annotations

from tui.store.db import Database

# A month-only date ('2024-03') compares as the first of that month.
JOIN = "(CASE WHEN length({a}join_date) = 7 THEN {a}join_date || '-01' ELSE {a}join_date END)"
FULL = "(CASE WHEN length({a}full_date) = 7 THEN {a}full_date || '-01' ELSE {a}full_date END)"


def on_roster(alias: str = "") -> str:
    """SQL condition (two `?`: the day, twice) for a member on the roster on a day."""
    a = f"{alias}." if alias else ""
    return f"({JOIN.format(a=a)} IS NULL OR {JOIN.format(a=a)} <= ?) AND ({a}left_date IS NULL OR {a}left_date > ?)"


def status_on(alias: str = "") -> str:
    """SQL expression (one `?`: the day): 正式党员 / 预备党员 on the day."""
    a = f"{alias}." if alias else ""
    return (f"(CASE WHEN {a}full_date IS NOT NULL AND {FULL.format(a=a)} <= ? THEN '正式党员' "
            f"WHEN {a}party_status = '正式党员' AND {a}full_date IS NULL THEN '正式党员' ELSE '预备党员' END)")


def roster_where(day: str | None, alias: str = "") -> tuple[str, list]:
    """(condition, args): on the roster on `day`, or today's roster (not left) when None."""
    a = f"{alias}." if alias else ""
    if day is None:
        return f"{a}left_date IS NULL", []
    return on_roster(alias), [day, day]


def roster_ids_on(db: Database, day: str) -> list[int]:
    """The ids of everyone on the roster on `day`, in the roster's order: roster_on() without the
    status, read from the roster's index alone (talk coverage at start-up)."""
    return [r[0] for r in db.execute(
        f"SELECT id FROM members WHERE {on_roster()} ORDER BY pinyin, name, id", [day, day])]


def roster_on(db: Database, day: str) -> dict[int, str]:
    """Member id → 正式党员/预备党员 for everyone on the roster on `day`, in the roster's order."""
    rows = db.execute(
        f"SELECT id, {status_on()} FROM members WHERE {on_roster()} ORDER BY pinyin, name, id",
        [day, day, day],
    ).fetchall()
    return dict(rows)
