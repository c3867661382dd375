"""Demo "1+1+1" pairings: all three modes every year, with activity logs and outcomes.

Bulk inserts (the large demo has hundreds of pairings); every row obeys the store's rules:
slots of the right kind, members in the branch for the whole pairing, outcomes and
activities inside the pairing's dates.
"""

from __future__ import annotations

import datetime as dt

from tui.demo.members import GIVEN, SURNAMES

COMPETITIONS = [
    ("全国职业院校技能大赛“工业机器人技术应用”赛项", "工业机器人"), ("中国国际大学生创新大赛", "创新大赛"),
    ("“挑战杯”大学生创业计划竞赛", "挑战杯"), ("全国大学生电子设计竞赛", "电子设计"),
    ("大学生创新创业训练计划项目“智能仓储小车”", "大创项目"), ("全国大学生机械创新设计大赛", "机械创新"),
    ("省职业院校技能大赛“数控多轴加工”赛项", "数控加工"), ("全国大学生智能汽车竞赛", "智能车"),
]
COURSES = [
    "《机械制图》精品在线开放课程建设", "《PLC应用技术》课程思政示范课建设", "《数控加工工艺》活页式教材开发",
    "高职“岗课赛证”融通教学改革研究", "《工业机器人编程》精品课程建设", "《电工电子技术》混合式教学改革",
    "专业群“双师型”教学团队建设研究", "《液压与气动技术》虚拟仿真资源建设",
]
ENTERPRISES = [
    ("佛山市顺德区精锐数控设备有限公司", "数控机床主轴热变形补偿"), ("广州恒越智能装备有限公司", "装配线视觉检测系统改造"),
    ("东莞市联丰模具有限公司", "注塑模具随形冷却水路优化"), ("中山市明辉电器有限公司", "电机生产线节拍平衡与能耗分析"),
    ("江门市华腾机械制造有限公司", "焊接机器人离线编程与工装改进"), ("肇庆市星河自动化有限公司", "AGV 调度系统稳定性提升"),
]
OUTCOMES = {
    "mentor": [("竞赛获奖", ("国家级", "省级", "省级", "市级", "校级"), "{short}比赛一等奖"),
               ("竞赛获奖", ("省级", "省级", "校级"), "{short}比赛二等奖"),
               ("荣誉称号", ("省级", "校级", "校级"), "优秀学生干部"),
               ("课题/项目", ("国家级", "省级", "校级"), "大学生创新创业训练计划项目立项"),
               ("专利", ("国家级",), "实用新型专利“一种{short}用夹具”")],
    "teaching": [("精品课程", ("省级", "省级", "校级"), "{course}获评精品课程"),
                 ("教学团队", ("省级", "校级", "校级"), "优秀教学团队"),
                 ("课题/项目", ("省级", "市级", "校级"), "教育教学改革研究项目立项"),
                 ("论文", ("省级", "校级"), "论文“{course}的实践与探索”"),
                 ("竞赛获奖", ("国家级", "省级"), "教师教学能力比赛二等奖")],
    "enterprise": [("技术服务", ("市级", "校级"), "{problem}技术服务"),
                   ("实践基地", ("国家级", "省级", "省级", "校级"), "校外实践教学基地"),
                   ("专利", ("国家级",), "发明专利“{problem}方法”"),
                   ("课题/项目", ("市级", "校级"), "横向课题“{problem}”结题")],
}
ACTIVITIES = {
    "mentor": ["制订训练计划并明确分工", "指导项目方案与技术路线", "组织赛前模拟训练", "结合党史学习开展主题交流",
               "复盘比赛、总结经验", "指导撰写项目申报书"],
    "teaching": ["集体备课，讨论课程标准", "听课评课并交流教学设计", "共同修订教学资源", "研讨课题研究方案",
                 "交流课程思政融入做法", "撰写研究报告"],
    "enterprise": ["赴企业调研，梳理技术难题", "与企业技术人员联合攻关", "现场调试并收集数据", "向企业汇报阶段成果",
                   "宣讲产业政策，交流党建工作", "签订横向课题合同"],
}
PER_YEAR = {"typical": {"mentor": 2, "teaching": 2, "enterprise": 1}, "large": {"mentor": 14, "teaching": 10, "enterprise": 6},
            "xl": {"mentor": 56, "teaching": 40, "enterprise": 24}}
DEPTS = ["机械工程系", "电气工程系", "自动化系", "基础部"]


def _rand_date(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def generate(db, ctx) -> None:
    rng, today = ctx.rng, ctx.today
    roster = db.execute("SELECT id, category, join_date, left_date FROM members").fetchall()
    used: set[str] = set()
    people: list[dict] = []

    def person(kind: str, unit: str, name: str | None = None) -> int:
        if name is None:
            while True:
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
                if name not in used:
                    used.add(name)
                    break
        for p in people:
            if p["name"] == name and p["kind"] == kind:
                return p["id"]
        pid = len(people) + 1 + (db.execute("SELECT coalesce(max(id), 0) FROM people").fetchone()[0])
        people.append({"id": pid, "name": name, "kind": kind, "unit": unit,
                       "contact": f"13{rng.randrange(10**8, 10**9)}" if kind != "企业" else "",
                       "note": "已递交入党申请书" if kind != "企业" and rng.random() < 0.15 else ""})
        return pid

    def eligible(category: str, start: dt.date, end: dt.date | None) -> list[int]:
        out = []
        for mid, cat, joined, left in roster:
            if cat != category or not joined or joined > start.isoformat():
                continue
            if left and (end is None or left <= end.isoformat()):
                continue
            out.append(mid)
        return out

    pairings, activities, outcomes = [], [], []
    next_id = db.execute("SELECT coalesce(max(id), 0) FROM pairings").fetchone()[0] + 1
    teachers_pool = [person("教师", rng.choice(DEPTS)) for _ in range(max(4, len(roster) // 6))]
    for year in range(ctx.first_year, today.year + 1):
        for mode, count in PER_YEAR[ctx.size].items():
            for _ in range(count):
                start = _rand_date(rng, dt.date(year, 3, 1), dt.date(year, 10, 31))
                if start >= today:
                    continue
                end = start + dt.timedelta(days=rng.choice((270, 300, 365, 540)))
                ongoing = end >= today
                leads = eligible("教工", start, None if ongoing else end)
                if not leads:
                    continue
                row = {"id": next_id, "mode": mode, "lead_id": rng.choice(leads), "start_date": start.isoformat(),
                       "end_date": None if ongoing else end.isoformat(), "status": "进行中" if ongoing else "已结束",
                       "second_member_id": None, "second_person_id": None}
                if mode == "mentor":
                    comp, short = rng.choice(COMPETITIONS)
                    students = eligible("学生", start, None if ongoing else end)
                    if students:
                        row["second_member_id"] = rng.choice(students)
                    else:
                        row["second_person_id"] = person("学生", f"{year % 100:02d}级学生党支部", None)
                    row["person_id"] = person("学生", f"机电{year % 100:02d}{rng.randrange(1, 5):02d}班")
                    row.update(title=f"{short}导师团队（{year}）", object_text=comp,
                               goal="以赛促学，培育标志性竞赛成果，引导学生向党组织靠拢")
                    fill = {"short": short}
                elif mode == "teaching":
                    course = rng.choice(COURSES)
                    row["person_id"] = rng.choice(teachers_pool)
                    topic = course.split("》")[0].lstrip("《") if "》" in course else course[:8]
                    row.update(title=f"{topic}结对（{year}）", object_text=course,
                               goal="党员教师带动普通教师共同建设课程、开展课题研究")
                    fill = {"course": course.split("》")[0] + "》" if "》" in course else course[:10]}
                else:
                    firm, problem = rng.choice(ENTERPRISES)
                    row["person_id"] = person("企业", "", firm)
                    row.update(title=f"{problem}（{firm[3:7] if firm[2] == '市' else firm[:4]}）", object_text=problem,
                               goal="发挥党员先锋作用，解决企业技术难题，深化校企合作")
                    fill = {"problem": problem}
                pairings.append(row)
                last = min(today, end)
                for _ in range(rng.randrange(3, 9)):
                    activities.append({"pairing_id": next_id, "date": _rand_date(rng, start, last).isoformat(),
                                       "what": rng.choice(ACTIVITIES[mode]), "hours": rng.choice((10, 15, 20, 20, 30, 40))})
                choices = list(OUTCOMES[mode])
                rng.shuffle(choices)           # a team does not win the same thing twice
                for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                    first = start + dt.timedelta(days=60)
                    if first >= today or not choices:
                        break
                    kind, levels, template = choices.pop()
                    outcomes.append({"pairing_id": next_id, "kind": kind, "level": rng.choice(levels),
                                     "date": _rand_date(rng, first, min(today, end + dt.timedelta(days=90))).isoformat(),
                                     "title": template.format(**{"course": "", "problem": "", "short": "", **fill}),
                                     "evidence": "获奖证书/立项文件复印件存支部档案"})
                next_id += 1
    db["people"].insert_all(people)
    db["pairings"].insert_all(pairings)
    db["pairing_activities"].insert_all(activities)
    db["pairing_outcomes"].insert_all(outcomes)
