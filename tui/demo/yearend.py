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
    secretary_texts(db, ctx)
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
    spans = {mid: ((j or "")[:10], left) for mid, j, left in conn.execute("SELECT id, join_date, left_date FROM members")}
    for year in (today.year - 1, today.year):
        last_month = 11 if year < today.year else today.month - 1     # only months already over
        if last_month < 3:
            continue
        for member_id in sorted(names):
            if rng.random() < 0.6:
                day = f"{year}-{rng.randint(3, last_month):02d}-15"
                joined, left = spans[member_id]
                if joined > day or (left and left <= day):
                    continue                                          # not in the branch that day
                kind = rng.choice(["网络学院", "党校"])
                hours = rng.choice([4, 8, 12, 16]) if kind == "网络学院" else rng.choice([8, 16, 24])
                conn.execute("INSERT INTO study_entries (member_id, date, kind, title, hours_tenths) VALUES (?, ?, ?, ?, ?)",
                             [member_id, day, kind, "党员网络培训专题" if kind == "网络学院" else "党员骨干集中轮训",
                              hours * 10])


SECRETARY_TEXTS = {
    "主要做法": (
        "一是坚持把政治建设摆在首位，以“三会一课”为基本抓手，落实“第一议题”制度，组织党员系统学习党的创新理论。"
        "二是推动党建与教学科研深度融合，依托“1+1+1”结对把支部建在专业上，组织党员在课程思政、教学改革中当先锋、作表率。"
        "三是严格党员教育管理，按时开展谈心谈话、民主评议和党费收缴，做到底数清、情况明。"
    ),
    "存在问题": (
        "一是理论学习的深度还不够。集中学习以领学、传达为主，研讨交流不够充分，个别党员学用结合不紧，"
        "学习成果转化为推动教学科研工作的实际举措还不多。原因在于支部对学习的组织设计不够精细，"
        "对学习效果缺乏跟踪检查，书记本人带头研讨、带头讲党课的示范作用发挥还不够充分。"
        "二是党建与业务融合的路径还不够宽。结对活动多集中在教研领域，在服务学生成长、社会服务方面的载体还不够丰富，"
        "部分结对的成果还停留在活动层面。原因在于对“双带头人”作用发挥的谋划不够系统，"
        "对结对成效的考核评价还不够具体，激励措施跟进不够。"
        "三是组织生活的质量还有提升空间。“三会一课”个别月份存在集中补开的情况，主题党日形式较为单一，"
        "谈心谈话对青年教师和预备党员的覆盖还不够均衡。原因在于书记统筹教学科研和党建工作的精力分配不够合理，"
        "支委会分工落实、相互提醒的机制还不够健全，对党员日常思想动态的掌握还不够及时、不够深入。"
        "四是党员教育培训的针对性不强。培训内容以通用课程为主，结合学科特点和岗位需要的专题培训较少，"
        "部分党员学时主要依靠网络学院完成。原因在于支部对党员培训需求调研不够，与学院党委、党校的沟通协调不够主动。"
    ),
    "下步打算": (
        "一是完善学习制度，每季度开展一次专题研讨。二是拓展结对载体，推动结对成果落地见效。"
        "三是提高组织生活质量，严格按计划开展“三会一课”，做到谈心谈话全覆盖。"
    ),
}


def secretary_texts(db, ctx) -> None:
    """Last year's 述职 sections, so the demo's draft is complete."""
    db["form_texts"].insert_all(
        [{"form_id": "secretary-report", "year": ctx.today.year - 1, "section": k, "text": v}
         for k, v in SECRETARY_TEXTS.items()],
        pk=("form_id", "year", "section"), replace=True)
