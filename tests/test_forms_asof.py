"""Golden tests of “true on the day it is sent”: the built-in forms exported on the last day of a
month, on the first day of a year and in mid-year, reopened with python-docx. Each says what it
is as of, agrees with every other form for the same period, and has no “（待填写）” unless the
secretary chose it (tui.rules.asof is the one rule)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tui import clock
from tui.export.catalogue import FORMS, FormParams, get_form
from tui.rules.asof import as_of
from tui.store import forms as form_store

DAYS = [
    dt.date(2026, 11, 30),   # the last day of a month: November is not over
    dt.date(2026, 12, 31),   # the last day of the year: December is not over
    dt.date(2027, 1, 1),     # the first day of a year: 2026 is whole
    dt.date(2026, 7, 15),    # mid-year
]


def docx_text(path) -> str:
    import docx

    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append("|".join(c.text for c in row.cells))
    return "\n".join(parts)


def fill_sections(db, year: int) -> None:
    for form in FORMS:
        for s in form.sections:
            if not s.optional:
                form_store.save_text(db, form.id, year, s.key, f"{s.label}（{year}年，书记撰写）。")


def one(pattern: str, text: str) -> str:
    found = re.findall(pattern, text)
    assert found, f"{pattern!r} not in the document"
    assert len(set(found)) == 1, f"{pattern!r} says different things: {found}"
    return found[0]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_form_reads_true_on_the_day_and_agrees_with_the_others(demo_db, tmp_path, monkeypatch, day):
    from tui.export.forms_vars import template_context
    from tui.rules.forms import resolve_period

    monkeypatch.setattr(clock, "_frozen", day)
    for year in (2025, 2026):
        fill_sections(demo_db, year)
    for year in (2025, 2026):
        rule = as_of(f"{year}-01-01", f"{year}-12-31", day)
        params = FormParams(year=year)
        out = {}
        for form_id in ("annual-summary", "dual-leader-application", "model-branch-plan", "dues-notice", "talks"):
            out[form_id] = docx_text(get_form(form_id).build(demo_db, params, tmp_path / f"{form_id}-{year}.docx"))
        summary, dual, plan, notice, talks = (out[k] for k in (
            "annual-summary", "dual-leader-application", "model-branch-plan", "dues-notice", "talks"))

        # nothing unwritten: every part was written, so no placeholder
        assert not any("待填写" in text for text in out.values())

        # as of: the roster of the year's end once it is over, else of the day of filling in
        label = f"截至{year}年12月31日" if year < day.year else f"截至填报日（{day.year}年{day.month}月{day.day}日）"
        assert rule.roster_label == label
        members = int(one(rf"{re.escape(label)}，支部共有党员(\d+)名", summary))
        assert one(r"党员人数\|(\d+)人（" + re.escape(rule.roster_date) + "）", dual) == str(members)
        assert f"人数（{rule.roster_date}）" in plan
        assert one(r"党员总数\|(\d+)人", plan) == str(members)
        assert f"{label}，" in plan
        ctx = template_context(demo_db, resolve_period(year))
        assert ctx["党员总数"] == members == len(ctx["党员名单"]) and ctx["人数截至"] == label
        assert ctx["正式党员数"] + ctx["预备党员数"] == members

        # 党费: through last month in the current year, never the month just begun, never “全年”
        if rule.dues_partial:
            last_y, last_m = rule.dues_through
            assert f"截至{last_y}年{last_m}月，" in summary
            assert notice.count(f"截至{year}年{last_m}月底，") == 1 and "全年" not in notice and "欠交" not in notice
            assert ctx["党费截至"] == f"截至{last_y}年{last_m}月"
        else:
            assert "全年应交党费" in notice and "截至" not in one(r"(.*)名党员应交党费", summary)
        due, paid = one(r"核定人数\|应交（元）\|实交（元）\|收缴率\|自愿多交（元）\n\d+\|([\d.,]+)\|([\d.,]+)", summary)
        total = one(r"\|合计\|\|([\d.,]+)\|([\d.,]+)\|", notice)
        assert (due, paid) == (total[0].replace(",", ""), total[1].replace(",", ""))
        assert ctx["党费应交"] == due and ctx["党费实交"] == paid

        # talks: the talks record and the summary give the same figures for the year
        talked = one(r"(\d+)名党员参加了谈话", summary)
        assert one(r"(\d+)名党员参加了谈话", talks) == talked == str(ctx["谈话覆盖人数"])
        assert one(r"开展谈心谈话(\d+)次，", summary) == one(r"共开展谈心谈话(\d+)次", talks) == str(ctx["谈心谈话次数"])
        coverage = re.search(r"支委之间[^。]*。", summary)
        if coverage:
            assert coverage.group(0) in talks           # the same words in both
        assert "口径" not in talks and "其他党员22人中" not in summary


def test_the_member_list_of_a_past_year_is_that_years_roster(db):
    """2025's 党员名单: not those who joined in 2026; not one who left in 2025 (that is a 转出,
    counted in 转出人数) — the end-of-year roster, as every count of the year."""
    from test_forms_seed import seed
    from tui.export.forms_vars import template_context
    from tui.rules.forms import resolve_period
    from tui.store import members

    seed(db)
    newcomer = members.save_member(db, {"name": "新同志", "category": "教工", "party_status": "预备党员",
                                        "join_date": "2026-03-01"})
    leaver = members.save_member(db, {"name": "调走者", "category": "教工", "party_status": "正式党员",
                                      "join_date": "2015-01-01", "full_date": "2016-01-01"})
    members.record_leaving(db, leaver, "2025-08-01", "转出", "工作调动")
    ctx = template_context(db, resolve_period(2025), today=dt.date(2026, 11, 21))
    names = [m["姓名"] for m in ctx["党员名单"]]
    assert "新同志" not in names and "调走者" not in names
    assert ctx["党员总数"] == len(names) == 6 and ctx["转出人数"] == 1
    this_year = template_context(db, resolve_period(2026), today=dt.date(2026, 11, 21))
    assert "新同志" in [m["姓名"] for m in this_year["党员名单"]] and this_year["党员总数"] == 7
    # a member's 党籍 is as on that day: 刘洋 (admitted 2025-04-10) was still 预备 at the end of 2025
    assert next(m for m in ctx["党员名单"] if m["姓名"] == "刘洋")["党籍"] == "预备党员"
