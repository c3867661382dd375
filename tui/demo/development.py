"""Demo: three people in the 发展党员 pipeline at different stages, dated after the rules except
one too-early step the timeline check finds (孙丽's 发展对象 came 10 months after 积极分子)."""

from __future__ import annotations

import datetime as dt

from tui.rules import development as rules
from tui.store import development as store
from tui.store import dues


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _full_members(db, day: dt.date, count: int) -> list[str]:
    names = [m.name for m in store.full_members_on(db, _iso(day))]
    return names[:count]


def generate(db, ctx) -> None:
    t = ctx.today
    # 1. an applicant, talked with within the month (a student: also a `people` row)
    zhao = store.save_candidate(db, {"name": "赵晓雨", "gender": "女", "birth_date": "2005-04-12", "unit": "计算机2301班",
                                     "applied": _iso(t - dt.timedelta(days=40))})
    store.set_step(db, zhao, 2, _iso(t - dt.timedelta(days=25)))
    store.link_person(db, zhao, "学生")

    # 2. an 积极分子 of a year: the 工作台 says he may become a 发展对象
    qian = store.save_candidate(db, {"name": "钱明", "gender": "男", "birth_date": "1996-09-03", "unit": "软件工程教研室"})
    applied = t - dt.timedelta(days=560)
    activist = t - dt.timedelta(days=375)
    for step, day in ((1, applied), (2, applied + dt.timedelta(days=18)), (3, activist), (4, activist + dt.timedelta(days=7)),
                      (5, activist + dt.timedelta(days=3)), (6, t - dt.timedelta(days=100))):
        store.set_step(db, qian, step, _iso(day))
    for name in _full_members(db, activist, 1):
        store.add_role(db, qian, "培养联系人", name, _iso(activist + dt.timedelta(days=3)))

    # 3. a 预备党员 on the roster since the 支部大会 two months ago, with one too-early step (⑦)
    sun = store.save_candidate(db, {"name": "孙丽", "gender": "女", "birth_date": "2003-01-20", "unit": "计算机2201班"})
    admitted = t - dt.timedelta(days=60)
    activist = admitted - dt.timedelta(days=400)
    target = activist + dt.timedelta(days=300)            # under a year: the check finds it
    plan = [(1, activist - dt.timedelta(days=200)), (2, activist - dt.timedelta(days=180)), (3, activist),
            (4, activist + dt.timedelta(days=7)), (5, activist + dt.timedelta(days=5)), (6, target - dt.timedelta(days=10)),
            (7, target), (8, target + dt.timedelta(days=10)), (9, target + dt.timedelta(days=15)),
            (10, target + dt.timedelta(days=20)), (11, target + dt.timedelta(days=25)),
            (12, admitted - dt.timedelta(days=20)), (13, admitted - dt.timedelta(days=12)),
            (14, admitted - dt.timedelta(days=6))]
    for step, day in plan:
        store.set_step(db, sun, step, _iso(day))
    for name in _full_members(db, activist, 1):
        store.add_role(db, sun, "谈话人", name, _iso(activist - dt.timedelta(days=180)))
        store.add_role(db, sun, "培养联系人", name, _iso(activist + dt.timedelta(days=5)))
    for name in _full_members(db, target, 2):
        store.add_role(db, sun, "入党介绍人", name, _iso(target + dt.timedelta(days=15)))
    entitled = len(store.full_members_on(db, _iso(admitted)))
    present = entitled - 2
    store.record_vote(db, sun, "接收预备党员", _iso(admitted),
                      rules.Tally(entitled, present, present - 1, 0, 1, 1),
                      assessment="该同志入党动机端正，学习刻苦，积极参加志愿服务，担任班级团支书期间工作认真负责。"
                                 "缺点和不足是：理论学习的深度不够，联系同学的面还不够广。")
    member_id = store.get_candidate(db, sun).member_id
    if member_id:   # a student: 0.20 元 a month from the admission month (the dues area's own function)
        dues.save_assessment(db, member_id, t.year, "学生")
    for step, days in ((16, 20), (17, 40), (19, 45), (20, 50)):
        store.set_step(db, sun, step, _iso(admitted + dt.timedelta(days=days)))
