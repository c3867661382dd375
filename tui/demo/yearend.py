"""Demo year end: the 测评票 of each 民主评议, 组织生活会 materials, outside training hours.

Its own random stream, so the steps before it keep theirs."""

from __future__ import annotations

import random

OPINION_SOURCES = ["党员", "教职工群众", "学生", "服务对象"]
OPINIONS = [
    "理论学习形式可以更加多样，增加研讨交流环节",
    "支部活动与教学科研结合还不够紧密",
    "希望多开展面向青年教师的帮带活动",
    "党员联系学生的渠道还可以拓宽",
    "支部工作信息公开可以更及时",
]
SELF_PROBLEMS = [
    ("理论学习不够系统深入", "学习的主动性、自觉性不够，满足于完成规定动作", "制定个人学习计划，每月精读一篇原著"),
    ("联系服务学生不够经常", "忙于教学科研，对学生思想动态关注不够", "每学期至少与所指导学生谈心一次"),
    ("先锋模范作用发挥不够充分", "对自己要求不够严格，标准不够高", "在课程思政和教学改革中主动承担任务"),
    ("批评与自我批评不够大胆", "存在好人主义思想", "在组织生活中坦诚提出意见"),
]
COMMITTEE_PROBLEMS = [
    ("“三会一课”质量有待提高", "会议形式较为单一，议题准备不够充分", "提前确定议题，每次会议安排研讨发言"),
    ("党建与业务融合不够紧密", "对“双带头人”作用发挥的路径思考不够", "围绕专业建设开展主题党日和结对活动"),
]


def generate(db, ctx) -> None:
    rng = random.Random(20261121)
    conn = db.conn
    names = dict(conn.execute("SELECT id, name FROM members").fetchall())
    for (mid,) in conn.execute("SELECT id FROM meetings WHERE kind = '民主评议党员' ORDER BY id").fetchall():
        grades = dict(conn.execute("SELECT member_id, grade FROM evaluations WHERE meeting_id = ?", [mid]).fetchall())
        voters = conn.execute("SELECT count(*) FROM attendance WHERE meeting_id = ? AND status = '出席'", [mid]).fetchone()[0]
        rows = []
        for member_id, grade in grades.items():
            blank = rng.randint(0, 1)
            rest = voters - blank
            if grade == "优秀":
                excellent = rng.randint(rest // 2 + 1, rest)
                basic = 0
            elif grade == "基本合格":
                excellent, basic = 0, rng.randint(rest // 2 + 1, rest)
            else:
                excellent = rng.randint(0, rest // 3)
                basic = rng.randint(0, 1)
            qualified = rest - excellent - basic
            rows.append((mid, member_id, voters, excellent, qualified, basic, 0, grade, grade))
        conn.executemany(
            "INSERT INTO evaluation_tallies (meeting_id, member_id, voters, excellent, qualified, basic, unqualified, "
            "committee_grade, assembly_grade) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    for mid, day in conn.execute("SELECT id, date FROM meetings WHERE kind = '组织生活会' ORDER BY id").fetchall():
        for content in rng.sample(OPINIONS, 3):
            conn.execute("INSERT INTO life_meeting_opinions (meeting_id, source, content, count) VALUES (?, ?, ?, ?)",
                         [mid, rng.choice(OPINION_SOURCES), content, rng.randint(1, 4)])
        for problem, cause, measure in COMMITTEE_PROBLEMS:
            conn.execute("INSERT INTO life_meeting_problems (meeting_id, member_id, problem, cause, measure, criticisms) "
                         "VALUES (?, NULL, ?, ?, ?, ?)", [mid, problem, cause, measure, rng.randint(1, 3)])
        present = [r[0] for r in conn.execute(
            "SELECT member_id FROM attendance WHERE meeting_id = ? AND status = '出席' ORDER BY member_id", [mid])]
        for member_id in present:
            problem, cause, measure = rng.choice(SELF_PROBLEMS)
            conn.execute("INSERT INTO life_meeting_problems (meeting_id, member_id, problem, cause, measure, criticisms) "
                         "VALUES (?, ?, ?, ?, ?, ?)", [mid, member_id, problem, cause, measure, rng.randint(1, 2)])
    today = ctx.today
    for year in (today.year - 1, today.year):
        for member_id in sorted(names):
            if rng.random() < 0.6:
                month = rng.randint(3, 11 if year < today.year else today.month - 1)
                kind = rng.choice(["网络学院", "党校"])
                hours = rng.choice([4, 8, 12, 16]) if kind == "网络学院" else rng.choice([8, 16, 24])
                conn.execute("INSERT INTO study_entries (member_id, date, kind, title, hours_tenths) VALUES (?, ?, ?, ?, ?)",
                             [member_id, f"{year}-{month:02d}-15", kind,
                              "党员网络培训专题" if kind == "网络学院" else "党员骨干集中轮训", hours * 10])
