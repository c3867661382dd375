""""1+1+1" 结对情况一览表 with its outcome statistics (.docx or .xlsx).

The builder gathers plain data through the store (PairingsReport) and hands it to the writer
for the file's extension; the writers know nothing of the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tui.export.atomic import ExportError
from tui.export.pairings_docx import write_pairings_docx
from tui.export.pairings_xlsx import write_pairings_xlsx
from tui.rules.dates import cn_date, year_bounds
from tui.rules.pairings import LEVELS, hours_text
from tui.store import pairings as store
from tui.store.branch import get_branch

FORM_TITLE = "“1+1+1”结对情况一览表"


@dataclass
class PairingsReport:
    branch_name: str
    period: str                                  # "2025年度", "2024年3月1日至2025年2月28日", "全部"
    rows: list[dict] = field(default_factory=list)           # one per pairing, text values
    stats_rows: list[tuple[str, str, list[int], int]] = field(default_factory=list)  # mode, kind, per level, total
    totals: list[tuple[str, int, int, int, str, int]] = field(default_factory=list)  # mode, pairings, ongoing, activities, hours, outcomes
    sentences: list[str] = field(default_factory=list)
    outcomes: list[dict] = field(default_factory=list)       # every outcome in the period
    levels: tuple[str, ...] = LEVELS
    title: str = FORM_TITLE


def period_label(year: int | None, date_from: str | None, date_to: str | None) -> str:
    if year is not None:
        return f"{year}年度"
    if date_from and date_to:
        return f"{cn_date(date_from)}至{cn_date(date_to)}"
    if date_from:
        return f"{cn_date(date_from)}以来"
    if date_to:
        return f"截至{cn_date(date_to)}"
    return "全部"


def gather(db, year: int | None = None, date_from: str | None = None, date_to: str | None = None) -> PairingsReport:
    configs = store.mode_configs(db)
    if year is not None:
        date_from, date_to = year_bounds(year)
    pairings = store.list_pairings(db, date_from=date_from, date_to=date_to)
    outcomes = store.outcomes_in_period(db, date_from, date_to)
    stats = store.outcome_stats(db, date_from, date_to)
    work = store.activity_totals(db, date_from, date_to)   # in the period, so the rows add up to the totals
    report = PairingsReport(get_branch(db).name, period_label(year, date_from, date_to))
    for p in pairings:
        cfg = configs[p.mode]
        slots = [f"{cfg.lead}：{p.lead_name}"]
        if cfg.second and p.second_name:
            slots.append(f"{cfg.second}：{p.second_name}")
        if p.person_name:
            unit = f"（{p.person_unit}）" if p.person_unit and p.mode != "enterprise" else ""
            slots.append(f"{cfg.person}：{p.person_name}{unit}")
        found = outcomes.get(p.id, [])
        acts, tenths = work.get(p.id, (0, 0))
        tenths = int(tenths or 0)
        report.rows.append({
            "mode": p.mode_name,
            "title": p.title,
            "object": f"{cfg.object}：{p.object_text}" if p.object_text else "",
            "members": "\n".join(slots),
            "period": f"{cn_date(p.start_date)}至{cn_date(p.end_date) if p.end_date else '今'}",
            "status": p.status,
            "work": "{}次/{}学时".format(acts, hours_text(tenths)),
            "activities": acts,
            "hours": tenths / 10 if tenths % 10 else tenths // 10,
            "outcomes": "\n".join(f"{o.level}{o.kind}：{o.title}" for o in found),
        })
        for o in found:
            report.outcomes.append({"mode": p.mode_name, "pairing": p.title, "kind": o.kind, "level": o.level,
                                    "iso_date": o.date, "date": cn_date(o.date), "title": o.title,
                                    "evidence": o.evidence})
    report.outcomes.sort(key=lambda o: (o["iso_date"], o["pairing"]))
    report.stats_rows = stats.table()
    for mode, name in stats.mode_names.items():
        t = stats.totals[mode]
        report.totals.append((name, t.pairings, t.ongoing, t.activities, hours_text(t.hours), t.outcomes))
    report.sentences = stats.sentences()
    return report


def export_pairings(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    out = Path(out)
    report = gather(db, params.year, params.date_from, params.date_to)
    suffix = out.suffix.lower()
    if suffix == ".docx":
        write_pairings_docx(out, report, force=force)
    elif suffix == ".xlsx":
        write_pairings_xlsx(out, report, force=force)
    else:
        raise ExportError(f"结对情况一览表只能导出为 .docx 或 .xlsx，不能是 {suffix or '无扩展名'}")
    if progress:
        progress(1.0)
    return out
