"""Records for the forms tests, inserted straight into the record areas' tables.

The counts below are the ones the forms must print: every test that checks a number checks it
against these rows (see EXPECTED).
"""

from __future__ import annotations

from tui.store import branch as branch_store
from tui.store import members as member_store
from tui.store.db import transaction

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


def _meeting(db, kind, date, **extra) -> int:
    return db["meetings"].insert({"kind": kind, "date": date, **extra}).last_pk


def _records(db, ids) -> None:
    with transaction(db):
        for q in range(4):
            _meeting(db, "支部党员大会", f"{YEAR}-{3 * q + 1:02d}-15")
        for m in range(1, 13):
            _meeting(db, "支部委员会", f"{YEAR}-{m:02d}-05")
            _meeting(db, "主题党日", f"{YEAR}-{m:02d}-20", theme=f"第{m}月主题")
        _meeting(db, "党课", f"{YEAR}-03-10", lecturer="张建国", lecture_title="学习党章")
        _meeting(db, "党课", f"{YEAR}-07-01", lecturer="张建国", lecture_title="党史")
        _meeting(db, "党课", f"{YEAR}-10-10", lecturer="李秀英", lecture_title="师德")
        _meeting(db, "组织生活会", f"{YEAR}-12-10")
        ev = _meeting(db, "民主评议党员", f"{YEAR}-12-15")
        for name, grade in (("张建国", "优秀"), ("李秀英", "优秀"), ("王磊", "合格"), ("赵敏", "合格"), ("陈静", "合格")):
            db["evaluations"].insert({"meeting_id": ev, "member_id": ids[name], "grade": grade})
        # noise that must not count: a deleted meeting, last year's meeting
        _meeting(db, "党课", f"{YEAR}-05-05", lecturer="王磊", deleted_at="2025-05-06")
        _meeting(db, "主题党日", f"{YEAR - 1}-12-20")

        for i, target in enumerate(("李秀英", "王磊", "赵敏", "陈静", "李秀英")):
            t = db["talks"].insert({"date": f"{YEAR}-0{i + 2}-01", "talker_id": ids["张建国"], "topic": "谈心"}).last_pk
            db["talk_targets"].insert({"talk_id": t, "member_id": ids[target]})
        t = db["talks"].insert({"date": f"{YEAR}-06-01", "talker_id": ids["张建国"], "deleted_at": "2025-06-02"}).last_pk
        db["talk_targets"].insert({"talk_id": t, "member_id": ids["刘洋"]})

        # dues: 张/李/王/赵/陈 pay 10.00 a month all year; 刘 pays 5.00 from April (admitted 2025-04-10)
        for name in ("张建国", "李秀英", "王磊", "赵敏", "陈静"):
            db["dues_assessments"].insert({"member_id": ids[name], "year": YEAR, "category": "在职",
                                           "base_fen": 100000, "rate_bp": 100, "monthly_fen": 1000})
        db["dues_assessments"].insert({"member_id": ids["刘洋"], "year": YEAR, "category": "在职",
                                       "base_fen": 50000, "rate_bp": 100, "monthly_fen": 500})
        for name in ("张建国", "李秀英", "王磊", "赵敏"):
            for m in range(1, 13):
                db["dues_payments"].insert({"member_id": ids[name], "year": YEAR, "month": m,
                                            "amount_fen": 1000, "paid_date": f"{YEAR}-{m:02d}-10"})
        for m in range(1, 7):   # 陈静 paid half the year
            db["dues_payments"].insert({"member_id": ids["陈静"], "year": YEAR, "month": m,
                                        "amount_fen": 1000, "paid_date": f"{YEAR}-{m:02d}-10"})
        for m in range(4, 13):
            db["dues_payments"].insert({"member_id": ids["刘洋"], "year": YEAR, "month": m,
                                        "amount_fen": 500, "paid_date": f"{YEAR}-{m:02d}-10"})
        db["dues_payments"].insert({"member_id": ids["张建国"], "year": YEAR, "month": 7, "amount_fen": 100000,
                                    "paid_date": f"{YEAR}-07-01", "voluntary": 1})

        student = db["people"].insert({"name": "孙同学", "kind": "学生"}).last_pk
        teacher = db["people"].insert({"name": "周老师", "kind": "教师"}).last_pk
        company = db["people"].insert({"name": "某某科技有限公司", "kind": "企业"}).last_pk
        p1 = db["pairings"].insert({"mode": "导师制团队", "title": "智能车竞赛团队", "lead_id": ids["王磊"],
                                    "member2_id": None, "person_id": student, "start_date": f"{YEAR}-03-01"}).last_pk
        p2 = db["pairings"].insert({"mode": "教研结对", "title": "数据结构课程建设", "lead_id": ids["李秀英"],
                                    "person_id": teacher, "object_text": "数据结构", "start_date": f"{YEAR - 1}-09-01"}).last_pk
        p3 = db["pairings"].insert({"mode": "企业服务", "title": "生产线视觉检测", "lead_id": ids["张建国"],
                                    "person_id": company, "start_date": f"{YEAR}-05-01"}).last_pk
        db["pairings"].insert({"mode": "教研结对", "title": "已结束的结对", "lead_id": ids["赵敏"],
                               "start_date": f"{YEAR - 3}-01-01", "end_date": f"{YEAR - 2}-12-31", "status": "已结束"})
        for p, date, hours in ((p1, "04-01", 20), (p1, "05-01", 25), (p2, "03-15", 30), (p3, "06-01", 40)):
            db["pairing_activities"].insert({"pairing_id": p, "date": f"{YEAR}-{date}", "what": "活动", "hours": hours})
        db["pairing_outcomes"].insert({"pairing_id": p1, "kind": "竞赛获奖", "level": "省级", "date": f"{YEAR}-10-01", "title": "省智能车竞赛一等奖"})
        db["pairing_outcomes"].insert({"pairing_id": p2, "kind": "精品课程", "level": "省级", "date": f"{YEAR}-11-01", "title": "数据结构省级精品课程"})
        db["pairing_outcomes"].insert({"pairing_id": p3, "kind": "横向课题", "level": "校级", "date": f"{YEAR}-08-01", "title": "视觉检测横向课题"})
        db["pairing_outcomes"].insert({"pairing_id": p2, "kind": "论文", "level": "校级", "date": f"{YEAR - 1}-11-01", "title": "去年的论文"})


# 12 months × 10.00 × 5 members + 9 months × 5.00 (刘洋 from April)
DUE_FEN = 12 * 1000 * 5 + 9 * 500
# 4 members × 12 × 10.00 + 6 × 10.00 (陈静) + 9 × 5.00 (刘洋)
PAID_FEN = 4 * 12 * 1000 + 6 * 1000 + 9 * 500
