"""The demo branch: a realistic branch with ten years of history, for trying and for scale.

`typical` is about 30 members; `large` about 500 (the scale test for every area); `xl` 2,000 members
over twenty years in 24 党小组 (the benchmarks' upper size). Each area adds
its records through one step in DEMO_STEPS, run in order inside one transaction per step.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from tui import clock

SIZES = {"typical": 30, "large": 500, "xl": 2000}
YEARS = 10
YEARS_BY_SIZE = {"xl": 20}
GROUPS = {"typical": 3, "large": 12, "xl": 24}

# "module:function", each taking (db, ctx: DemoContext)
DEMO_STEPS: list[str] = [
    "tui.demo.members:generate",
    "tui.demo.meetings:generate",
    "tui.demo.talks:generate",
    "tui.demo.dues:generate",
    "tui.demo.pairings:generate",
    "tui.demo.forms:generate",
    "tui.demo.away:generate",
    "tui.demo.yearend:generate",
]


@dataclass
class DemoContext:
    size: str
    today: dt.date
    rng: random.Random
    years: int = YEARS
    member_ids: list[int] = field(default_factory=list)      # everyone, left included
    committee: dict[str, int] = field(default_factory=dict)   # role → member id
    group_ids: list[int] = field(default_factory=list)

    @property
    def first_year(self) -> int:
        return self.today.year - self.years + 1


def build_demo(path: Path, size: str = "typical", *, today: dt.date | None = None, seed: int = 20240226, progress=None) -> Path:
    """Write a fresh demo branch to `path` (which must not exist)."""
    from tui.store.db import close_db, open_db, transaction

    if size not in SIZES:
        raise ValueError(f"演示支部规模只能是 {'/'.join(SIZES)}")
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"文件已存在：{path}（演示支部只写入新文件）")
    ctx = DemoContext(size=size, today=today or clock.today(), rng=random.Random(seed),
                      years=YEARS_BY_SIZE.get(size, YEARS))
    db = open_db(path)
    try:
        for i, step in enumerate(DEMO_STEPS):
            module, func = step.split(":")
            with transaction(db):
                getattr(import_module(module), func)(db, ctx)
            if progress:
                progress((i + 1) / len(DEMO_STEPS))
    finally:
        close_db(db)
    return path
