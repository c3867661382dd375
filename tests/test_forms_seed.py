"""Records for the forms tests, written through the record areas' own stores.

The counts below are the ones the forms must print: every test that checks a number checks it
against these rows (see EXPECTED).
"""

from __future__ import annotations

from tui.store import branch as branch_store
from tui.store import dues as dues_store
from tui.store import meetings as meeting_store
from tui.store import members as member_store
from tui.store import pairings as pairing_store
from tui.store import talks as talk_store

YEAR = 2025

# name, gender, title, grade, education, degree, status, join, full
MEMBERS = [
    ("张建国", "男", "教授", "正高", "博士研究生", "博士", "正式党员", "2001-07-01", "2002-07-01"),
    ("李秀英", "女", "副教授", "副高", "硕士研究生", "硕士", "正式党员", "2008-06-15", "2009-06-15"),
    ("王磊", "男", "讲师", "中级", "博士研究生", "博士", "正式党员", "2012-05-20", "2013-05-20"),
    ("赵敏", "女", "讲师", "中级", "硕士研究生", "硕士", "正式党员", "2015-11-01", "2016-11-01"),
    ("陈静", "女", "助教", "初级", "大学本科", "学士", "正式党员", "2024-06-01", "2025-06-01"),
    ("刘洋", "男", "讲师", "中级", "硕士研究生", "硕士", "预备党员", "2025-04-10", None),
]

EXPECTED = {
    "支部党员大会": 4,
    "支部委员会": 12,
    "党课": 3,
    "主题党日": 12,
    "组织生活会": 1,
    "民主评议党员": 1,
    "talks": 5,
    "talk_members": 5,          # 张(talker), 李, 王, 赵, 陈 — 刘 had none
    "due_fen": 0,               # computed in seed()
    "paid_fen": 0,
    "pairings": 3,
    "activities": 4,
    "outcomes": 3,
}


def seed(db, *, with_records: bool = True) -> dict[str, int]:
    """A branch of six members with a year of records in 2025. Returns name → member id."""
    branch_store.save_branch(db, {
        "name": "计算机学院教工第一党支部", "parent_org": "中共某某大学计算机学院委员会", "kind": "教工",
        "founded_date": "2010-09-01", "term_start": "2023-06-01", "term_years": 3,
    })
    ids = {}
    for name, gender, title, grade, edu, degree, status, join, full in MEMBERS:
        ids[name] = member_store.save_member(db, {
            "name": name, "gender": gender, "title": title, "title_grade": grade, "education": edu,
            "degree": degree, "category": "教工", "party_status": status, "join_date": join, "full_date": full,
        })
    branch_store.set_committee(db, {"书记": ids["张建国"], "组织委员": ids["李秀英"], "宣传委员": ids["王磊"]})
    branch_store.save_group(db, "第一党小组", ids["李秀英"])
    member_store.add_honour(db, ids["张建国"], "市级名师", "市级", 2020)
    member_store.add_honour(db, ids["李秀英"], "园丁奖", "市级", 2019)
    member_store.add_honour(db, ids["王磊"], "园丁奖", "市级", 2021)
    if with_records:
        _records(db, ids)
    return ids


def _meeting(db, ids, kind, date, **extra) -> int:
    return meeting_store.save_meeting(db, {"kind": kind, "date": date, "recorder_id": ids["李秀英"], **extra})


def _records(db, ids) -> None:
    for q in range(4):
        _meeting(db, ids, "支部党员大会", f"{YEAR}-{3 * q + 1:02d}-15")
    committee = ("张建国", "李秀英", "王磊")
    for m in range(1, 13):
        _meeting(db, ids, "支部委员会", f"{YEAR}-{m:02d}-05",
                 attendance=[{"member_id": ids[n], "status": "出席"} for n in committee])
        _meeting(db, ids, "主题党日", f"{YEAR}-{m:02d}-20", theme=f"第{m}月主题")
    _meeting(db, ids, "党课", f"{YEAR}-03-10", lecturer="张建国", lecture_title="学习党章")
    _meeting(db, ids, "党课", f"{YEAR}-07-01", lecturer="张建国", lecture_title="党史")
    _meeting(db, ids, "党课", f"{YEAR}-10-10", lecturer="李秀英", lecture_title="师德")
    _meeting(db, ids, "组织生活会", f"{YEAR}-12-10")
    grades = (("张建国", "优秀"), ("李秀英", "优秀"), ("王磊", "合格"), ("赵敏", "合格"), ("陈静", "合格"))
    _meeting(db, ids, "民主评议党员", f"{YEAR}-12-15",
             attendance=[{"member_id": ids[n], "status": "出席", "grade": g} for n, g in grades])
    # noise that must not count: a deleted meeting, last year's meeting, a 支委会 without quorum
    _meeting(db, ids, "支部委员会", f"{YEAR}-06-25", attendance=[
        {"member_id": ids["张建国"], "status": "出席"}, {"member_id": ids["李秀英"], "status": "请假"},
        {"member_id": ids["王磊"], "status": "请假"}])
    meeting_store.delete_meeting(db, _meeting(db, ids, "党课", f"{YEAR}-05-05", lecturer="王磊"))
    _meeting(db, ids, "主题党日", f"{YEAR - 1}-12-20")

    for i, target in enumerate(("李秀英", "王磊", "赵敏", "陈静", "李秀英")):
        talk_store.save_talk(db, {"date": f"{YEAR}-0{i + 2}-01", "talker_id": ids["张建国"], "topic": "谈心",
                                  "target_member_ids": [ids[target]]})
    talk_store.delete_talk(db, talk_store.save_talk(
        db, {"date": f"{YEAR}-06-01", "talker_id": ids["张建国"], "target_member_ids": [ids["刘洋"]]}))

    # dues: 张/李/王/赵/陈 owe 10.00 a month (0.5% of 2000.00); 刘洋 5.00 from April (admitted 2025-04-10)
    for name in ("张建国", "李秀英", "王磊", "赵敏", "陈静"):
        dues_store.save_assessment(db, ids[name], YEAR, "在职", 200000)
    dues_store.save_assessment(db, ids["刘洋"], YEAR, "在职", 100000)
    pay = dues_store.record_payment
    for name in ("张建国", "李秀英", "王磊", "赵敏"):
        for m in range(1, 13):
            pay(db, ids[name], YEAR, m, 1000, f"{YEAR}-{m:02d}-10")
    for m in range(1, 7):   # 陈静 paid half the year; a payment for July was entered by mistake and undone
        pay(db, ids["陈静"], YEAR, m, 1000, f"{YEAR}-{m:02d}-10")
    dues_store.delete_payment(db, pay(db, ids["陈静"], YEAR, 7, 1000, f"{YEAR}-07-10"))
    for m in range(4, 13):
        pay(db, ids["刘洋"], YEAR, m, 500, f"{YEAR}-{m:02d}-10")
    pay(db, ids["张建国"], YEAR, 7, 100000, f"{YEAR}-07-01", voluntary=True)

    save = pairing_store.save_pairing
    p1 = save(db, {"mode": "mentor", "title": "智能车竞赛团队", "lead_id": ids["王磊"], "second_name": "钱同学",
                   "person_name": "孙同学", "object_text": "智能车竞赛", "start_date": f"{YEAR}-03-01"})
    p2 = save(db, {"mode": "teaching", "title": "数据结构课程建设", "lead_id": ids["李秀英"],
                   "person_name": "周老师", "object_text": "数据结构", "start_date": f"{YEAR - 1}-09-01"})
    p3 = save(db, {"mode": "enterprise", "title": "生产线视觉检测", "lead_id": ids["张建国"],
                   "person_name": "某某科技有限公司", "object_text": "产品表面缺陷检测", "start_date": f"{YEAR}-05-01"})
    save(db, {"mode": "teaching", "title": "已结束的结对", "lead_id": ids["赵敏"], "person_name": "吴老师",
              "object_text": "操作系统", "start_date": f"{YEAR - 3}-01-01", "end_date": f"{YEAR - 2}-12-31",
              "status": "已结束"})
    gone = save(db, {"mode": "teaching", "title": "删除的结对", "lead_id": ids["赵敏"], "person_name": "吴老师",
                     "object_text": "编译原理", "start_date": f"{YEAR}-02-01"})
    pairing_store.add_activity(db, gone, f"{YEAR}-03-01", "活动", "3")
    pairing_store.add_outcome(db, gone, {"kind": "论文", "level": "国家级", "date": f"{YEAR}-04-01", "title": "删除的论文"})
    pairing_store.delete_pairing(db, gone)
    for p, date, hours in ((p1, "04-01", "2"), (p1, "05-01", "2.5"), (p2, "03-15", "3"), (p3, "06-01", "4")):
        pairing_store.add_activity(db, p, f"{YEAR}-{date}", "活动", hours)
    outcome = pairing_store.add_outcome
    outcome(db, p1, {"kind": "竞赛获奖", "level": "省级", "date": f"{YEAR}-10-01", "title": "省智能车竞赛一等奖"})
    outcome(db, p2, {"kind": "精品课程", "level": "省级", "date": f"{YEAR}-11-01", "title": "数据结构省级精品课程"})
    outcome(db, p3, {"kind": "技术服务", "level": "校级", "date": f"{YEAR}-08-01", "title": "视觉检测技术服务"})
    outcome(db, p2, {"kind": "论文", "level": "校级", "date": f"{YEAR - 1}-11-01", "title": "去年的论文"})


# 12 months × 10.00 × 5 members + 9 months × 5.00 (刘洋 from April)
DUE_FEN = 12 * 1000 * 5 + 9 * 500
# 4 members × 12 × 10.00 + 6 × 10.00 (陈静) + 9 × 5.00 (刘洋)
PAID_FEN = 4 * 12 * 1000 + 6 * 1000 + 9 * 500
