"""Demo talks: ten years of 谈心谈话 with realistic gaps, 必谈 talks, outside applicants, follow-ups.

Written with bulk inserts (the large demo has thousands of talks); ids are assigned here so that
targets and follow-ups can be inserted in the same batch.
"""

from __future__ import annotations

import datetime as dt

PLACES = ["行政楼 305 会议室", "书记办公室", "教研室", "党员活动室", "线上（腾讯会议）"]
TIMES = ["09:00", "10:00", "14:00", "14:30", "15:30", "16:00", "19:00"]
TOPICS = {
    "谈心谈话": ["思想工作情况交流", "教学科研与个人发展", "对支部工作的意见建议", "近期工作与生活情况",
               "师德师风与立德树人", "支委会工作分工与配合"],
    "提醒谈话": ["工作作风提醒", "按时参加组织生活提醒", "按时足额交纳党费提醒"],
    "诫勉谈话": ["履职不到位问题"],
    "入党谈话": ["入党动机与对党的认识"],
    "转正谈话": ["预备期表现与转正"],
    "其他": ["民主评议结果反馈"],
}
CONTENT = {
    "谈心谈话": "双方交流了近期思想、工作和生活情况。谈话人肯定了对方在{topic}方面的表现，"
               "希望其继续加强理论学习，发挥党员先锋模范作用。",
    "提醒谈话": "谈话人指出对方近期在{topic}方面存在的不足，提醒其提高认识、及时改正。对方表示接受。",
    "诫勉谈话": "谈话人就{topic}对其进行诫勉，要求其深刻反思、限期整改。对方表示认真整改。",
    "入党谈话": "了解申请人的入党动机、对党的认识和现实表现，介绍党的基本知识和入党程序。",
    "转正谈话": "回顾预备期表现，指出优点和不足，听取本人对转正的认识，提出今后努力方向。",
    "其他": "向对方反馈民主评议结果，肯定成绩，指出需要改进的方面。",
}
OPINIONS = ["", "", "希望支部多组织业务交流活动。", "建议理论学习形式更加灵活。", "无。",
            "希望支部在职称评审方面多给予指导。", "表示接受，会认真改进。"]
FOLLOWUPS = [("提交书面思想汇报", "谈话对象"), ("一个月后回访了解改进情况", "谈话人"),
             ("整理意见建议提交支委会研究", "组织委员"), ("协调解决实际困难", "书记")]
APPLICANTS = "黄晓雯 何志远 罗佳宁 梁思涵 宋宇航 唐梦琪 许昊天 韩雨桐 冯子墨 邓欣然 曹一鸣 彭诗雨".split()
# Taken in turn when the drawn name is already someone's: two applicants of one name would look
# alike in every picker. (No extra draws: the rest of the demo stays as it was.)
MORE_APPLICANTS = "林书瑶 周子轩 吴若曦 郑浩然 王嘉怡 陈博文 刘欣妍 杨一帆 赵语桐 孙明哲 朱可欣 胡景行".split()
UPPER = [("刘建华", "学院党委副书记"), ("陈立新", "学院党委组织员")]


def generate(db, ctx) -> None:
    rng, today = ctx.rng, ctx.today
    scale = {"typical": 1, "large": 10, "xl": 40}[ctx.size]
    members = {
        row[0]: (row[1], row[2], row[3])
        for row in db.execute("SELECT id, join_date, left_date, full_date FROM members").fetchall()
    }
    committee = [m for m in ctx.committee.values() if m]
    if not committee:
        return
    secretary = ctx.committee.get("书记", committee[0])
    leaders = [r[0] for r in db.execute("SELECT leader_id FROM party_groups WHERE leader_id IS NOT NULL")]

    talks, targets, followups, people = [], [], [], []
    next_id = (db.execute("SELECT max(id) FROM talks").fetchone()[0] or 0) + 1
    next_person = (db.execute("SELECT max(id) FROM people").fetchone()[0] or 0) + 1
    taken = {r[0] for r in db.execute("SELECT name FROM people")}

    def window(member_id: int, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
        joined, left, _ = members[member_id]
        lo = max(start, _day(joined) if joined else start)
        hi = min(end, _day(left) - dt.timedelta(days=1) if left else end)
        return (lo, hi) if lo <= hi else None

    def add(date: dt.date, talker: int | None, member_targets: list[int], *, kind: str = "谈心谈话",
            occasion: str = "", person_targets: tuple[int, ...] = (), upper: tuple[str, str] | None = None) -> None:
        nonlocal next_id
        topic = rng.choice(TOPICS[kind])
        talks.append({
            "id": next_id, "date": date.isoformat(), "time": rng.choice(TIMES), "place": rng.choice(PLACES),
            "talker_id": talker, "talker_name": upper[0] if upper else "", "talker_post": upper[1] if upper else "",
            "kind": kind, "occasion": occasion, "present": "" if rng.random() < 0.8 else "组织委员（记录）",
            "topic": topic, "content": CONTENT[kind].format(topic=topic), "opinions": rng.choice(OPINIONS),
        })
        targets.extend({"talk_id": next_id, "member_id": m, "person_id": None} for m in member_targets)
        targets.extend({"talk_id": next_id, "member_id": None, "person_id": p} for p in person_targets)
        if kind in ("提醒谈话", "诫勉谈话") or rng.random() < 0.12:
            what, who = rng.choice(FOLLOWUPS)
            due = date + dt.timedelta(days=rng.randrange(20, 75))
            # Older follow-ups were done; recent ones are sometimes still open (and overdue).
            done = None
            if due < today - dt.timedelta(days=120) or rng.random() < 0.6:
                done_day = min(due + dt.timedelta(days=rng.randrange(-15, 10)), today)
                done = max(done_day, date).isoformat()
            followups.append({"talk_id": next_id, "what": what, "who": who, "due_date": due.isoformat(), "done_date": done})
        next_id += 1

    for year in range(ctx.first_year, today.year + 1):
        start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
        current = year == today.year
        coverage_rate = 0.85 if current else rng.choice((0.9, 0.95, 1.0))
        # Committee members with each other; the current year still has a pair to do.
        pairs = [(a, b) for i, a in enumerate(committee) for b in committee[i + 1:]]
        for n, (a, b) in enumerate(pairs):
            if (current and n == len(pairs) - 1) or (not current and rng.random() < 0.05):
                continue
            span = _overlap(window(a, start, end), window(b, start, end))
            if span:
                add(_pick(rng, *span), a, [b])
        # Committee members with members: sometimes two or three at once.
        ordinary = [m for m in members if m not in committee and window(m, start, end)]
        rng.shuffle(ordinary)
        todo = [m for m in ordinary if rng.random() < coverage_rate]
        while todo:
            batch = [todo.pop() for _ in range(min(len(todo), rng.choice((1, 1, 1, 2, 3))))]
            spans = [window(m, start, end) for m in batch]
            span = spans[0]
            for s in spans[1:]:
                span = _overlap(span, s)
            if span is None:
                todo.extend(batch[1:])
                batch, span = batch[:1], spans[0]
            able = [c for c in committee if _overlap(span, window(c, start, end))]
            if not able:
                continue
            talker = rng.choice(able)
            span = _overlap(span, window(talker, start, end))
            occasion = rng.choice(["", "", "", "", "", "岗位变动或调入", "受到表彰", "遇到困难"])
            add(_pick(rng, *span), talker, batch, occasion=occasion)
        # Members with members: group leaders with someone from the branch.
        for leader in leaders:
            mine = window(leader, start, end)
            if not mine or rng.random() < 0.3:
                continue
            other = rng.choice(ordinary) if ordinary else None
            span = _overlap(mine, window(other, start, end)) if other and other != leader else None
            if span:
                add(_pick(rng, *span), leader, [other])
        # 必谈: 转正谈话 for those who became full members this year.
        for member_id, (_, _, full_date) in members.items():
            if full_date and full_date[:4] == str(year) and secretary and member_id != secretary:
                day = _day(full_date) - dt.timedelta(days=rng.randrange(7, 20))
                if start <= day <= end:
                    add(day, secretary, [member_id], kind="转正谈话", occasion="入党、转正或延期")
        # 提醒谈话 now and then.
        for _ in range(scale if rng.random() < 0.6 else 0):
            if ordinary:
                target = rng.choice(ordinary)
                span = window(target, start, end)
                if span:
                    add(_pick(rng, *span), secretary, [target], kind="提醒谈话", occasion="出现问题苗头")
        # 入党谈话 with applicants, who are outside the roster.
        for _ in range(rng.randrange(1, 3) * scale):
            name = rng.choice(APPLICANTS) + ("" if scale == 1 else str(rng.randrange(1, 99)))
            if scale == 1 and name in taken:
                name = next((n for n in APPLICANTS + MORE_APPLICANTS if n not in taken), name)
            taken.add(name)
            people.append({"id": next_person, "name": name, "kind": rng.choice(("学生", "教师")),
                           "unit": "", "contact": "", "note": f"{year}年递交入党申请书"})
            add(_pick(rng, start, end), rng.choice(committee), [], kind="入党谈话", person_targets=(next_person,))
            next_person += 1
        # The upper committee talks with the secretary once a year.
        if secretary and window(secretary, start, end):
            add(_pick(rng, start, end), None, [secretary], upper=rng.choice(UPPER))

    db["people"].insert_all(people)
    db["talks"].insert_all(talks, batch_size=500)
    db["talk_targets"].insert_all(targets, batch_size=1000)
    db["talk_followups"].insert_all(followups, batch_size=1000)


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso + "-01" if len(iso) == 7 else iso)


def _overlap(a, b):
    if not a or not b:
        return None
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None


def _pick(rng, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))
