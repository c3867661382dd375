"""The 转出 checklist: what to settle before the 介绍信 goes (dues paid up to 党费交至, posts held).
Apart from tui.store.transfers because it asks the dues area, which itself asks transfers for
the months owed after a 转入."""

from __future__ import annotations

from tui.rules.dates import cn_date
from tui.store import members as member_store
from tui.store.db import Database
from tui.store.dues_reminders import unpaid_months
from tui import clock


def out_checklist(db: Database, member_id: int, dues_through: str | None = None) -> list[str]:
    """What to settle before the letter goes: dues not paid up to 党费交至, posts held, open statuses."""
    member = member_store.get_member(db, member_id)
    through = dues_through or (member.left_date or clock.today().isoformat())[:7]
    out = []
    unpaid = unpaid_months(db, member_id, through)
    if unpaid:
        shown = "、".join(cn_date(m) for m in unpaid[:6]) + ("等" if len(unpaid) > 6 else "")
        out.append(f"党费尚未交清：{shown}（共 {len(unpaid)} 个月），介绍信写“党费已交到{cn_date(through)}”前应补交")
    posts = [r for (r,) in db.execute("SELECT role FROM committee WHERE member_id = ?", [member_id])]
    if posts:
        out.append(f"担任支委会{'、'.join(posts)}：转出后职务空缺，需补选或调整")
    leads = [g for (g,) in db.execute("SELECT name FROM party_groups WHERE leader_id = ?", [member_id])]
    if leads:
        out.append(f"担任{'、'.join(leads)}组长：转出后需另定组长")
    return out


