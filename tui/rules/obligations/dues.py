"""党费: this month's unpaid, not yet assessed, and the arrears the dues area flags."""

from __future__ import annotations

import datetime as dt

from tui.rules import dues as dues_rules
from tui.rules.obligations.facts import BranchFacts
from tui.rules.obligations.periods import add_months
from tui.rules.obligations.records import (
    DONE,
    DUE,
    OVERDUE,
    Action,
    Obligation,
    Target,
    _name_list,
    _people_lines,
)

DUES_SOURCE = "中组发〔2008〕3号：党员应按月交纳党费；党章第九条"
URGENT_MONTHS = dues_rules.PARTY_CONSTITUTION_MONTHS - 1   # one month left: each person a line of their own


def dues_obligations(facts: BranchFacts) -> list[Obligation]:
    """This month's unpaid (one line), and the arrears the dues area flags (level above none):
    from five months on each person has a line; three and four months share one."""
    if not facts.dues_kept and not facts.arrears and not facts.unassessed:
        return []  # the ledger is not kept in this file: nothing to judge
    today = facts.today
    out = []
    if facts.unassessed:
        names = _name_list([n for _, n in facts.unassessed])
        out.append(Obligation(f"dues-assess:{today.year}", "党费核定", f"{today.year}年", DUE, None,
                              f"尚有 {len(facts.unassessed)} 人未核定{today.year}年党费（年初核定）：{names}",
                              Action(Target.DUES_VIEW, {"view": "assess"}, "打开党费核定表"),
                              "中组发〔2008〕3号：党费基数每年核定一次"))
    key, period = f"dues:{today.year}-{today.month:02d}", f"{today.year}年{today.month}月"
    if facts.unpaid:
        first_id, first_name = facts.unpaid[0]
        action = Action(Target.DUES_MEMBER, {"member_id": first_id}, f"查看 {first_name} 的党费")
        detail = f"本月尚有 {len(facts.unpaid)} 人未交：{_name_list([n for _, n in facts.unpaid])}"
        out.append(Obligation(key, "党费收缴", period, DUE, None, detail, action, DUES_SOURCE))
    elif facts.dues_kept:
        out.append(Obligation(key, "党费收缴", period, DONE, None, "本月党费已全部交纳", None, DUES_SOURCE))
    flagged = sorted((a for a in facts.arrears if a.level != dues_rules.ArrearsLevel.NONE and not a.excused),
                     key=lambda a: -a.months)
    prev = add_months(dt.date(today.year, today.month, 1), -1)
    upto = f"截至{prev.year}年{prev.month}月"
    urgent = []
    for a in (a for a in flagged if a.months >= URGENT_MONTHS):
        action = Action(Target.DUES_MEMBER, {"member_id": a.member_id}, f"查看 {a.name} 的党费")
        urgent.append(Obligation(f"dues-arrears:{a.member_id}", f"党费：{a.name}", upto, OVERDUE, None,
                                 a.message or dues_rules.arrears_message(a.months), action, DUES_SOURCE))
    out += _people_lines(urgent, "dues-urgent", "党费：连续五个月以上未交",
                         "{names}已连续五个月以上未交纳党费（党章第九条：无正当理由连续六个月不交纳的，视为自行脱党）",
                         Action(Target.DUES_VIEW, {"view": "arrears"}, "查看欠交名单"))
    rest = [a for a in flagged if a.months < URGENT_MONTHS]
    if len(rest) == 1:
        a = rest[0]
        action = Action(Target.DUES_MEMBER, {"member_id": a.member_id}, f"查看 {a.name} 的党费")
        out.append(Obligation(f"dues-arrears:{a.member_id}", f"党费：{a.name}", upto, DUE, None,
                              a.message or dues_rules.arrears_message(a.months), action, DUES_SOURCE))
    elif rest:
        names = _name_list([f"{a.name}（{a.months} 个月）" for a in rest])
        detail = f"连续 3 个月以上未交纳党费：{names}，请及时提醒（党章第九条：连续六个月不交纳视为自行脱党）"
        action = Action(Target.DUES_VIEW, {"view": "arrears"}, "查看欠交名单")
        out.append(Obligation("dues-arrears", f"党费欠交提醒（{len(rest)} 人）", upto, DUE, None, detail, action, DUES_SOURCE))
    for a in (a for a in facts.arrears if a.excused):   # an approved absence: a reminder, never 第九条
        action = Action(Target.DUES_MEMBER, {"member_id": a.member_id}, f"查看 {a.name} 的党费")
        out.append(Obligation(f"dues-arrears:{a.member_id}", f"党费：{a.name}", upto, DUE, None, a.message, action,
                              "中组发〔2008〕3号：党员应按月交纳党费（经批准离开期间不适用党章第九条）"))
    return out
