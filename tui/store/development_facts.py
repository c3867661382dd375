"""What the 工作台 needs of the 发展党员 pipeline, read apart from tui.store.development so that
the home's start-up does not load the roster's and people's stores. Same owner (the development
area); read only."""

from __future__ import annotations

from tui.store.db import Database


def home_facts(db: Database) -> list[dict]:
    """{candidate_id, name, dates: ((step, date), …), extended_months} of everyone whose file is
    not archived (㉕)."""
    steps: dict[int, list[tuple[int, str]]] = {}
    for cid, step, date in db.execute("SELECT candidate_id, step, date FROM dev_steps ORDER BY candidate_id, step"):
        steps.setdefault(cid, []).append((step, date))
    out = []
    for cid, name, extended in db.execute("SELECT id, name, extended_months FROM dev_candidates ORDER BY id"):
        dates = tuple(steps.get(cid, ()))
        if any(step == 25 for step, _ in dates):
            continue
        out.append({"candidate_id": cid, "name": name, "dates": dates, "extended_months": extended})
    return out
