"""Start-up and home-computation benchmark on the large demo branch (~500 members, ten years).

    python bench/startup.py [--db PATH] [--runs N]

1. Builds the large demo (unless --db names an existing file): ten years of every area, written
   by the areas' own demo steps.
2. Times the obligations computation (gathering through the areas' store functions + rules),
   median of N runs, with a breakdown per store call, and the year at a glance.
3. Times start-up to the first screen, from launching a fresh process: a bare Textual app
   versus `zhibu --db` on the large demo, through the command's own code. Reports the median
   of the pairs' ratios (contract: ≤ 1.3).
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

# A fixed day, so the demo and the home's work are the same on every run.
TODAY = dt.date(2026, 11, 21)

# Each prints, once its first screen is drawn, the wall clock and the main thread's CPU time.
BARE = """
import time
from textual.app import App
from textual.widgets import Footer, Static
class Bare(App):
    def compose(self):
        yield Static("hello")
        yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.painted)
    def painted(self):
        print(f"PAINTED {time.time()} {time.thread_time()}", flush=True)
        self.exit()
Bare().run(headless=True, size=(120, 40))
"""

# zhibu as the `zhibu` command runs it (tui.__main__.main: check in a thread, open, the home),
# with one change made as tui.app is imported: the app runs headless and stops once drawn.
ZHIBU = """
import importlib.abc, importlib.machinery, sys, time

def headless(module):
    class Bench(module.ZhibuApp):
        def run(self, **kw):
            return super().run(headless=True, size=(120, 40))
        def on_mount(self):
            self.call_after_refresh(self.painted)
        def painted(self):
            table = self.screen.query("#home-items")
            if table and table.first().row_count:
                print(f"PAINTED {time.time()} {time.thread_time()}", flush=True)
                self.exit()
            else:
                self.call_after_refresh(self.painted)
    module.ZhibuApp = Bench

class Patch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "tui.app":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            headless(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Patch())
from tui.__main__ import main
main(["--db", sys.argv[1]])
"""


def _to_paint(code: str, *args: str, env: dict[str, str]) -> tuple[float, float]:
    """(seconds from launching a fresh process to its first screen, the main thread's CPU)."""
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True, capture_output=True,
                         text=True, env=env).stdout
    painted, cpu = next(line for line in out.splitlines() if line.startswith("PAINTED")).split()[1:]
    return float(painted) - start, float(cpu)


def startup(path: Path, runs: int) -> None:
    """Bare Textual and zhibu, launched in turn (so a busy moment hits both), after one warm-up
    each that writes the .pyc files an installed copy has. The day's backup is taken in the
    warm-up, so the runs measure an ordinary opening."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["ZHIBU_HOME"] = tempfile.mkdtemp(prefix="zhibu-bench-home-")
    env["ZHIBU_TODAY"] = TODAY.isoformat()
    bare, zhibu = [], []
    for i in range(runs + 1):
        b, z = _to_paint(BARE, env=env), _to_paint(ZHIBU, str(path), env=env)
        if i:
            bare.append(b)
            zhibu.append(z)
    med = statistics.median
    ratio = med(z[0] / b[0] for b, z in zip(bare, zhibu))
    print(f"start-up to first screen (median of {runs}): bare Textual {med(b[0] for b in bare) * 1000:.0f} ms, "
          f"zhibu home {med(z[0] for z in zhibu) * 1000:.0f} ms; ratio of each pair, median: {ratio:.2f} "
          f"(contract ≤ 1.30)")
    print(f"  main thread CPU: bare {med(b[1] for b in bare) * 1000:.0f} ms, zhibu {med(z[1] for z in zhibu) * 1000:.0f} ms")


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
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    from tui.store.db import close_db, open_db

    path = args.db or Path(tempfile.mkdtemp(prefix="zhibu-bench-")) / "large.db"
    if not path.exists():
        from tui.demo import build_demo

        start = time.perf_counter()
        build_demo(path, "large", today=TODAY)
        print(f"large demo written in {time.perf_counter() - start:.1f} s: {path}")
    db = open_db(path)
    try:
        today = TODAY
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

    startup(path, args.runs)

if __name__ == "__main__":
    main()
