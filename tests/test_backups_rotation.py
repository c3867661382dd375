"""The rotation rule over a simulated year of daily use, and a few hand-checked cases."""

from __future__ import annotations

import datetime as dt

from tui.rules.backup_rotation import RotationPolicy, backups_to_delete, backups_to_keep


def _year_of_daily_use(start: dt.date, days: int) -> set[dt.datetime]:
    """Two backups a day (opening, closing), pruned after each day as the app does."""
    kept: set[dt.datetime] = set()
    for i in range(days):
        day = start + dt.timedelta(days=i)
        kept |= {dt.datetime.combine(day, dt.time(9, 0)), dt.datetime.combine(day, dt.time(17, 30))}
        kept = backups_to_keep(kept)
    return kept


def test_a_year_of_daily_use_keeps_dailies_weeklies_monthlies():
    start = dt.date(2025, 11, 22)
    kept = sorted(_year_of_daily_use(start, 365), reverse=True)
    last_day = start + dt.timedelta(days=364)

    assert len(kept) == 7 + 8 + 12
    # Every kept backup is the last one of its day.
    assert all(k.time() == dt.time(17, 30) for k in kept)
    # The 7 most recent days, one each.
    assert [k.date() for k in kept[:7]] == [last_day - dt.timedelta(days=i) for i in range(7)]
    # Every one of the 8 weeks before the dailies still has its Sunday backup.
    first_daily = kept[6].date()
    monday = first_daily - dt.timedelta(days=first_daily.weekday())
    for w in range(1, 9):
        sunday = monday - dt.timedelta(days=7 * (w - 1) + 1)
        assert dt.datetime.combine(sunday, dt.time(17, 30)) in kept
    # Every one of the 12 months before this one still has a backup: about a year back.
    months = {(k.year, k.month) for k in kept}
    assert {(2025, 11), (2025, 12)} | {(2026, m) for m in range(1, 11)} <= months
    assert kept[-1].date() == dt.date(2025, 11, 30)


def test_pruning_every_day_keeps_the_same_set_as_pruning_once():
    start = dt.date(2025, 1, 1)
    every_day = _year_of_daily_use(start, 200)
    all_stamps = {
        dt.datetime.combine(start + dt.timedelta(days=i), t)
        for i in range(200) for t in (dt.time(9, 0), dt.time(17, 30))
    }
    assert every_day == backups_to_keep(all_stamps)


def test_after_months_away_the_last_backups_are_still_kept():
    stamps = [dt.datetime(2025, 3, d, 18) for d in range(1, 21)] + [dt.datetime(2025, 9, 1, 9)]
    kept = backups_to_keep(stamps)
    assert dt.datetime(2025, 9, 1, 9) in kept
    # The six days before the long absence are still the "recent dailies".
    assert {dt.datetime(2025, 3, d, 18) for d in range(15, 21)} <= kept


def test_small_case_by_hand():
    policy = RotationPolicy(dailies=2, weeklies=1, monthlies=1)
    stamps = [
        dt.datetime(2026, 1, 10, 9), dt.datetime(2026, 1, 10, 18),   # Sat: newest of the day is 18:00
        dt.datetime(2026, 1, 9, 12),                                  # Fri
        dt.datetime(2026, 1, 8, 12),                                  # Thu, same week: not a new week
        dt.datetime(2026, 1, 2, 12),                                  # previous week
        dt.datetime(2025, 12, 20, 12),                                # December
        dt.datetime(2025, 11, 20, 12),                                # beyond the one monthly
    ]
    assert backups_to_keep(stamps, policy) == {
        dt.datetime(2026, 1, 10, 18), dt.datetime(2026, 1, 9, 12),
        dt.datetime(2026, 1, 2, 12), dt.datetime(2025, 12, 20, 12),
    }
    assert dt.datetime(2026, 1, 10, 9) in backups_to_delete(stamps, policy)


def test_nothing_in_nothing_out_and_one_is_always_kept():
    assert backups_to_keep([]) == set()
    only = dt.datetime(2026, 5, 1, 8)
    assert backups_to_keep([only], RotationPolicy(0, 0, 0)) == {only}


def test_backup_code_outside_the_screen_does_not_import_textual():
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys, tui.store.backups, tui.rules.backup_rotation, tui.cli.backups; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[1], check=True)
    assert out.stdout.strip() == "False"
