"""Start-up and home-computation benchmark on the large demo branch (~500 members, ten years).

    python bench/startup.py [--db PATH] [--runs N]

1. Builds the large demo (unless --db names an existing file) and, when it has no meetings yet,
   fills ten years of meetings, attendance, talks and dues payments by direct inserts, so the
   home's queries run against realistic volumes even before the other areas' demo steps exist.
2. Times the obligations computation (store gathering + rules), median of N runs.
3. Times start-up to first paint, as wall time of a fresh process: a bare Textual app versus
   zhibu opening on the home with the large demo. Reports the ratio (contract: ≤ 1.3).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE = """
from textual.app import App
from textual.widgets import Footer, Static
class Bare(App):
    def compose(self):
        yield Static("hello")
        yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.exit)
Bare().run(headless=True, size=(120, 40))
"""

ZHIBU = """
import sys
from pathlib import Path
from tui.store.db import close_db, open_db
from tui.app import ZhibuApp
path = Path(sys.argv[1])
db = open_db(path)
import tui.app
class Bench(ZhibuApp):
    CSS_PATH = Path(tui.app.__file__).with_name("app.tcss")
    def on_mount(self):
        self.set_interval(0.002, self._painted)
    def _painted(self):
        table = self.screen.query("#home-items")
        if table and table.first().row_count:
            self.call_after_refresh(self.exit)
Bench(db, path).run(headless=True, size=(120, 40))
close_db(db)
"""

ORG_KINDS_MONTHLY = ("支部委员会", "主题党日")


def fill(db, today: dt.date, years: int = 10, seed: int = 7) -> None:
    """Ten years of meetings, attendance, talks and dues, inserted directly (bench data only)."""
    from tui.store.db import transaction

    rng = random.Random(seed)
    members = db.execute("SELECT id, group_id, join_date, left_date FROM members").fetchall()
    committee = [r[0] for r in db.execute("SELECT member_id FROM committee")]
    groups = [r[0] for r in db.execute("SELECT id FROM party_groups")]
    first = today.year - years + 1

    def active(day: str):
        return [m for m in members if (m[2] or "") <= day and (m[3] is None or m[3] > day)]

    meetings, attendance, talks, targets, payments = [], [], [], [], []
    mid = tid = 0

    def meeting(kind, day, people, group=None):
        nonlocal mid
        mid += 1
        meetings.append((mid, kind, group, day))
        for p in people:
            if rng.random() < 0.9:
                attendance.append((mid, p, "出席"))

    for year in range(first, today.year + 1):
        for month in range(1, 13):
            day = dt.date(year, month, rng.randrange(3, 26))
            if day > today:
                break
            iso = day.isoformat()
            people = [m[0] for m in active(iso)]
            meeting("支部委员会", iso, committee)
            meeting("主题党日", iso, people)
            for g in groups:
                meeting("党小组会", iso, [m[0] for m in active(iso) if m[1] == g], g)
            if month % 3 == 0:
                meeting("支部党员大会", iso, people)
                meeting("党课", iso, people)
            if month == 12:
                meeting("组织生活会", iso, people)
                meeting("民主评议党员", iso, people)
            for m in people:
                if (year, month) != (today.year, today.month) and rng.random() < 0.97:
                    payments.append((m, year, month, 500, iso))
        for m in [x[0] for x in active(f"{year}-06-30")]:
            tid += 1
            talks.append((tid, f"{year}-{rng.randrange(1, 12):02d}-15", rng.choice(committee)))
            targets.append((tid, m))
    with transaction(db):
        db.conn.executemany("INSERT INTO meetings (id, kind, group_id, date) VALUES (?, ?, ?, ?)", meetings)
        db.conn.executemany("INSERT INTO attendance (meeting_id, member_id, status) VALUES (?, ?, ?)", attendance)
        db.conn.executemany("INSERT INTO talks (id, date, talker_id) VALUES (?, ?, ?)", talks)
        db.conn.executemany("INSERT INTO talk_targets (talk_id, member_id) VALUES (?, ?)", targets)
        db.conn.executemany(
            "INSERT INTO dues_payments (member_id, year, month, amount_fen, paid_date) VALUES (?, ?, ?, ?, ?)", payments
        )
    print(f"filled: {len(meetings)} meetings, {len(attendance)} attendance, {len(talks)} talks, {len(payments)} payments")


def wall(code: str, *args: str, runs: int) -> float:
    """Median wall time of a fresh process; one warm-up run first writes the .pyc files, as an
    installed copy has them (PYTHONDONTWRITEBYTECODE is dropped for the same reason)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True, capture_output=True, env=env)
        if i:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a large demo file (built if missing)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from tui.store.db import close_db, open_db

    path = args.db or Path(tempfile.mkdtemp(prefix="zhibu-bench-")) / "large.db"
    if not path.exists():
        from tui.demo import build_demo

        start = time.perf_counter()
        build_demo(path, "large")
        print(f"large demo written in {time.perf_counter() - start:.1f} s: {path}")
    db = open_db(path)
    try:
        today = dt.date.today()
        if not db.execute("SELECT count(*) FROM meetings").fetchone()[0]:
            fill(db, today)
        from tui.rules import obligations as rules
        from tui.store import obligations as store

        gather, compute, totals = [], [], []
        for _ in range(max(args.runs, 5)):
            t0 = time.perf_counter()
            facts = store.gather_facts(db, today)
            settings = store.load_settings(db)
            t1 = time.perf_counter()
            items = rules.home_obligations(store.ruleset(db, settings), facts, settings)
            t2 = time.perf_counter()
            gather.append(t1 - t0)
            compute.append(t2 - t1)
            totals.append(t2 - t0)
        n = rules.counts(items)
        members = db.execute("SELECT count(*) FROM members").fetchone()[0]
        print(f"members {members}; items: overdue {n['overdue']}, due {n['due']}, done {n['done']}")
        print(f"obligations: gather {statistics.median(gather) * 1000:.1f} ms + rules "
              f"{statistics.median(compute) * 1000:.1f} ms = {statistics.median(totals) * 1000:.1f} ms (median)")
        t0 = time.perf_counter()
        store.year_view(db, today.year - 3, today)
        print(f"year at a glance ({today.year - 3}): {(time.perf_counter() - t0) * 1000:.1f} ms")
    finally:
        close_db(db)

    bare = wall(BARE, runs=args.runs)
    zhibu = wall(ZHIBU, str(path), runs=args.runs)
    print(f"start-up to first paint (median of {args.runs}): bare Textual {bare * 1000:.0f} ms, "
          f"zhibu home {zhibu * 1000:.0f} ms, ratio {zhibu / bare:.2f} (contract ≤ 1.30)")


if __name__ == "__main__":
    main()
