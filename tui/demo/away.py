"""Demo members away or moving: 周悦's approved 出国访学 (the member the meetings mark 请假 for it),
one 留党察看 period, and the 转出 letters of those who moved out (the latest 回执 still out)."""

from __future__ import annotations

import datetime as dt

from tui.store import member_status, transfers

ORGS = ("中共某某大学信息学院教工第二党支部", "中共某某市教育局机关党支部", "中共某某职业技术学院计算机系教工党支部")


def generate(db, ctx) -> None:
    today = ctx.today
    abroad = db.execute(
        "SELECT a.member_id FROM attendance a JOIN meetings m ON m.id = a.meeting_id WHERE a.reason = '出国访学' "
        "ORDER BY m.date LIMIT 1").fetchone()
    if abroad:
        start = dt.date(today.year, 5, 1) if today.month > 5 else dt.date(today.year - 1, 11, 1)
        member_status.add_status(
            db, abroad[0], "出国（境）", start.isoformat(), purpose="出国访学",
            approval="中共某某学院委员会 院党字〔2026〕12号", approval_date=(start - dt.timedelta(days=12)).isoformat(),
            note="赴英国某大学访学一年，保留组织关系；党费经支部同意回国后一次补交")
        member_status.save_away_settings(db, "补交", 6)
        period = member_status.list_statuses(db, abroad[0])[-1]
        member_status.record_contact(db, period.id, (today - dt.timedelta(days=60)).isoformat())
    committee = set(ctx.committee.values())
    active = [r[0] for r in db.execute(
        "SELECT id FROM members WHERE left_date IS NULL AND party_status = '正式党员' ORDER BY id").fetchall()
        if r[0] not in committee and (not abroad or r[0] != abroad[0])]
    if active:
        member_status.add_status(
            db, active[len(active) // 3], "留党察看", (today - dt.timedelta(days=300)).isoformat()[:8] + "01",
            (today + dt.timedelta(days=20)).isoformat(), approval="中共某某学院纪律检查委员会 院纪字〔2025〕3号",
            note="留党察看一年")
    left = db.execute("SELECT id, left_date FROM members WHERE left_kind = '转出' ORDER BY left_date").fetchall()
    for i, (member_id, left_date) in enumerate(left):
        receipt = None
        if i < len(left) - 1 or (today - dt.date.fromisoformat(left_date)).days < 20:
            receipt = (dt.date.fromisoformat(left_date) + dt.timedelta(days=12)).isoformat()
        db["transfers"].insert({
            "member_id": member_id, "direction": transfers.OUT, "date": left_date, "org": ORGS[i % len(ORGS)],
            "scope": transfers.SCOPES[i % 3], "medium": transfers.MEDIA[i % 2],
            "letter_no": f"{left_date[:4]}0{i + 1:02d}", "dues_through": left_date[:7], "valid_days": 30,
            "receipt_date": receipt, "note": "工作调动",
        })
