"""Dated work: deadlines set by the 上级党委, and the 整改清单 items with a 时限."""

from __future__ import annotations

import datetime as dt

from tui.rules.dates import cn_date
from tui.rules.deadline_status import DeadlineStatus
from tui.rules.obligations.facts import BranchFacts
from tui.rules.obligations.periods import parse_day
from tui.rules.obligations.records import DUE, OVERDUE, Action, Obligation, Target
from tui.rules.obligations.ruleset import _TIAOLI, ObligationRuleSet

RECTIFICATION_SOURCE = f"{_TIAOLI}第十七条：组织生活会后制定整改清单，明确责任人和时限，抓好整改落实"


def rectification_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    """组织生活会 整改清单 items past their 时限 (overdue) or due within the deadline window, a line each kind."""
    today = facts.today
    soon = today + dt.timedelta(days=rules.deadline_window_days)
    out = []
    for status, items in ((OVERDUE, [r for r in facts.rectifications if r.due < today]),
                          (DUE, [r for r in facts.rectifications if today <= r.due <= soon])):
        if not items:
            continue
        items = sorted(items, key=lambda r: r.due)
        shown = "；".join(f"{r.problem}（{r.owner or '未定责任人'}，时限{cn_date(r.due)}）" for r in items[:3])
        more = f"；等 {len(items)} 项" if len(items) > 3 else ""
        head = f"{len(items)} 项已过整改时限" if status == OVERDUE else f"{len(items)} 项整改时限将到"
        action = Action(Target.MEETING, {"meeting_id": items[0].meeting_id, "focus": "me-rect"},
                        f"打开{cn_date(items[0].meeting_date)}组织生活会的整改清单（填写完成日期）")
        out.append(Obligation(f"rectifications:{status}", "组织生活会整改", f"截至{cn_date(today)}", status, None,
                              f"{head}：{shown}{more}", action, RECTIFICATION_SOURCE))
    return out


def deadline_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    today = facts.today
    out = []
    for d in sorted(facts.deadlines, key=lambda d: (d.due_date, d.id)):
        if d.status == DeadlineStatus.SUBMITTED:
            continue
        due = parse_day(d.due_date)
        days = (due - today).days
        if days > rules.deadline_window_days:
            continue
        if d.status == DeadlineStatus.EXPORTED:
            action = Action(Target.FORMS, {}, "打开表格（报送后标记已报送）")
        elif d.forms:
            action = Action(Target.EXPORT_FORM, {"form_id": d.forms[0]}, "导出表格")
        else:
            action = Action(Target.FORMS, {}, "打开表格")
        state = "已导出，待报送" if d.status == DeadlineStatus.EXPORTED else "待办"
        if days < 0:
            detail = f"已于{cn_date(due)}截止（逾期 {-days} 天），{state}"
        else:
            detail = f"{cn_date(due)}截止（{'今天' if days == 0 else f'还有 {days} 天'}），{state}"
        out.append(Obligation(f"deadline:{d.id}", f"报送：{d.title}", cn_date(due), OVERDUE if days < 0 else DUE, None, detail,
                              action, "上级党委通知"))
    return out
