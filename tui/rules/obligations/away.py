"""Members away or moving (tui.rules.member_status): an approved absence shown instead of a
党章第九条 warning, the half-year contact with members abroad, 失联 reaching six months, 留党察看
ending, and 转出 letters whose 回执 has not come back within a month."""

from __future__ import annotations

import datetime as dt

from tui.rules import member_status as status_rules
from tui.rules.dates import cn_date
from tui.rules.obligations.facts import BranchFacts
from tui.rules.obligations.records import DONE, DUE, OVERDUE, Action, Obligation, Target, _people_lines

NOTICE_DAYS = 30
RECEIPT_SOURCE = ("《中国共产党党员教育管理工作条例》（2019）第二十五条：接收党组织应在一个月内寄回回执；"
                  "回执未寄回前，原党组织仍负有管理责任")


def _member_action(member_id: int, name: str) -> Action:
    return Action(Target.MEMBER, {"member_id": member_id}, f"查看 {name} 的状态")


def away_obligations(facts: BranchFacts) -> list[Obligation]:
    today = facts.today
    out: list[Obligation] = []
    for f in facts.away:
        action = _member_action(f.member_id, f.name)
        title = f"{f.kind}：{f.name}"
        if f.kind == status_rules.StatusKind.LOST and f.lost_limit:
            days = (f.lost_limit - today).days
            if days <= NOTICE_DAYS:
                status = OVERDUE if days <= 0 else DUE
                detail = (f"{f.described}：失去联系已满六个月，按条例应停止党籍（由支部讨论决定）" if days <= 0 else
                          f"{f.described}：将于{cn_date(f.lost_limit)}满六个月，届时按条例应停止党籍（由支部讨论决定）")
                out.append(Obligation(f"lost:{f.member_id}", title, f"至{cn_date(f.lost_limit)}", status, None,
                                      detail, action, f.source))
            continue
        if f.kind == status_rules.StatusKind.PROBATION and f.end_date:
            end = dt.date.fromisoformat(f.end_date[:10]) if len(f.end_date) >= 10 else None
            if end and 0 <= (end - today).days <= NOTICE_DAYS:
                out.append(Obligation(f"probation-ends:{f.member_id}", title, f"至{cn_date(end)}", DUE, None,
                                      f"{f.described}：察看期将于{cn_date(end)}届满，支部应讨论恢复其党员权利或作出处理",
                                      action, f.source))
            continue
        if not f.excuses and f.kind not in (status_rules.StatusKind.ABROAD, status_rules.StatusKind.MOBILE):
            continue
        what = "联系" if f.kind == status_rules.StatusKind.ABROAD else "报告"
        detail = f.described + ("：经批准的离开，不计入党章第九条的连续月数" if f.excuses else "：尚未记录批准，请补办手续")
        status = DONE if f.excuses else DUE
        if f.contact_due:
            days = (f.contact_due - today).days
            if days < 0:
                status = OVERDUE
                detail += f"；应于{cn_date(f.contact_due)}前{what}（已过 {-days} 天）"
            elif days <= NOTICE_DAYS:
                status = DUE
                detail += f"；应于{cn_date(f.contact_due)}前{what}"
            else:
                detail += f"；下次{what}：{cn_date(f.contact_due)}前"
        out.append(Obligation(f"away:{f.member_id}", title, "截至" + cn_date(today), status, None, detail, action,
                              f.source))
    return out


def receipt_obligations(facts: BranchFacts) -> list[Obligation]:
    out = []
    for r in facts.receipts:
        if facts.today <= r.due:
            continue
        days = (facts.today - r.due).days
        out.append(Obligation(
            f"receipt:{r.member_id}:{r.date}", f"转出回执：{r.name}", f"{cn_date(r.date)}转出", OVERDUE, None,
            f"{cn_date(r.date)}转往{r.org}，回执应于{cn_date(r.due)}前寄回，已逾期 {days} 天：请与接收党组织联系",
            Action(Target.MEMBER, {"member_id": r.member_id}, f"登记 {r.name} 的回执"), RECEIPT_SOURCE))
    return _people_lines(out, "receipts", "转出回执未寄回", "{names}的组织关系介绍信回执逾期未寄回",
                         Action(Target.MEMBER, {}, "查看转出记录"))


ARRIVAL_TALK_DAYS = 30   # a talk with a member just transferred in: within a month (local practice)
TALK_SOURCE = "《中国共产党支部工作条例（试行）》第十九条：谈心谈话；党员工作变动或调入时应当谈话（必谈，本地做法：一个月内）"
ARRIVAL_OCCASION = "岗位变动或调入"


def arrival_obligations(facts: BranchFacts) -> list[Obligation]:
    """A member just transferred in: suggest the 必谈 talk (岗位变动或调入) until one is recorded."""
    out = []
    for a in facts.arrivals:
        if a.talked:
            continue
        due = dt.date.fromisoformat(a.date[:10]) + dt.timedelta(days=ARRIVAL_TALK_DAYS)
        status = OVERDUE if facts.today > due else DUE
        action = Action(Target.NEW_TALK, {"member_ids": [a.member_id], "kind": "谈心谈话", "occasion": ARRIVAL_OCCASION},
                        f"与{a.name}谈话（{ARRIVAL_OCCASION}）")
        out.append(Obligation(f"arrival-talk:{a.member_id}", f"必谈：{a.name}", f"{cn_date(a.date)}转入", status, None,
                              f"{cn_date(a.date)}自{a.org}转入，应于{cn_date(due)}前进行谈心谈话（必谈情形：{ARRIVAL_OCCASION}）",
                              action, TALK_SOURCE))
    return out
