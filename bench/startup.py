"""Start-up and home-computation benchmark on the large demo branch (~500 members, ten years).

    python bench/startup.py [--db PATH] [--runs N]

1. Builds the large demo (unless --db names an existing file): ten years of every area, written
   by the areas' own demo steps.
2. Times the obligations computation (gathering through the areas' store functions + rules),
   median of N runs, with a breakdown per store call, and the year at a glance.
3. Times start-up to first paint, as wall time of a fresh process: a bare Textual app versus
   zhibu opening on the home with the large demo. Reports the ratio (contract: ≤ 1.3).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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


def _median_ms(call, runs: int) -> float:
    times = []
    for _ in range(max(runs, 3)):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def _store_calls(db, today: dt.date):
    """The areas' store calls the home makes, one by one."""
    from tui.rules.obligations import window_start
    from tui.store import deadlines, dues, meetings, talks

    return [
        ("meetings.held_meetings (window)", lambda: meetings.held_meetings(
            db, window_start(today).isoformat(), today.isoformat())),
        ("meetings.months_without_org_life", lambda: meetings.months_without_org_life(db, today)),
        ("talks.talk_coverage", lambda: talks.talk_coverage(db, today.year, today=today)),
        ("talks.open_followups", lambda: talks.open_followups(db, today)),
        ("dues.reminders", lambda: dues.reminders(db, today)),
        ("(dues.arrears + dues.unpaid_this_month, not used)", lambda: (dues.arrears(db, today), dues.unpaid_this_month(db, today))),
        ("deadlines.upcoming + overdue", lambda: (deadlines.upcoming_deadlines(db, today, 14), deadlines.overdue_deadlines(db, today))),
    ]


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
        from tui.rules import obligations as rules
        from tui.store import obligations as store

        gather, compute, totals = [], [], []
        for _ in range(max(args.runs, 5)):
            t0 = time.perf_counter()
            settings = store.load_settings(db)
            facts = store.gather_facts(db, today, settings)
            t1 = time.perf_counter()
            items = rules.home_obligations(store.ruleset(db, settings), facts)
            t2 = time.perf_counter()
            gather.append(t1 - t0)
            compute.append(t2 - t1)
            totals.append(t2 - t0)
        n = rules.counts(items)
        counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("members", "meetings", "attendance", "talks", "dues_payments")}
        print("rows: " + ", ".join(f"{t} {c}" for t, c in counts.items()))
        print(f"items: overdue {n['overdue']}, due {n['due']}, done {n['done']}")
        print(f"obligations: gather {statistics.median(gather) * 1000:.1f} ms + rules "
              f"{statistics.median(compute) * 1000:.1f} ms = {statistics.median(totals) * 1000:.1f} ms (median; budget 50)")
        for label, call in _store_calls(db, today):
            print(f"  {label}: {_median_ms(call, args.runs):.1f} ms")
        for year in (today.year, today.year - 1, today.year - 5):
            print(f"year at a glance ({year}): {_median_ms(lambda y=year: store.year_view(db, y, today), 3):.1f} ms")
    finally:
        close_db(db)

    bare = wall(BARE, runs=args.runs)
    zhibu = wall(ZHIBU, str(path), runs=args.runs)
    print(f"start-up to first paint (median of {args.runs}): bare Textual {bare * 1000:.0f} ms, "
          f"zhibu home {zhibu * 1000:.0f} ms, ratio {zhibu / bare:.2f} (contract ≤ 1.30)")


if __name__ == "__main__":
    main()
