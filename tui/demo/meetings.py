"""Demo meetings: ten years of 三会一课, 主题党日, 组织生活会 and 民主评议, with attendance.

Written with bulk inserts (the large demo has about 1,800 meetings and 170,000 attendance marks);
the FTS triggers index the text as it goes in.
"""

from __future__ import annotations

import datetime as dt

from tui.rules.meetings import agenda_template

STUDY_BY_YEAR = {
    2016: "“两学一做”学习教育", 2017: "党的十九大精神", 2018: "习近平新时代中国特色社会主义思想",
    2019: "“不忘初心、牢记使命”主题教育", 2020: "党的十九届五中全会精神", 2021: "党史学习教育",
    2022: "党的二十大精神", 2023: "学习贯彻习近平新时代中国特色社会主义思想主题教育",
    2024: "党纪学习教育", 2025: "深入贯彻中央八项规定精神学习教育", 2026: "党的二十届四中全会精神",
}
BUSINESS = [
    ("讨论确定入党积极分子人选", "同意将{p}确定为入党积极分子，指定{a}为培养联系人。"),
    ("研究确定发展对象", "同意将{p}列为发展对象，报学院党委备案。"),
    ("讨论预备党员转正事项", "同意{a}同志按期转为中共正式党员。"),
    ("通报党费收缴情况", "党费按月足额收缴，收缴情况在支部内公示。"),
    ("研究年度党建工作计划", "通过本年度党建工作计划，由组织委员抓好落实。"),
    ("部署师德师风建设工作", "开展师德师风专题学习，每位党员签订师德承诺书。"),
    ("研究课程思政建设", "每个教研室至少建设一门课程思政示范课。"),
    ("研究“1+1+1”结对共建工作", "新增结对三组，年底前形成阶段性成果。"),
    ("研究推荐优秀共产党员", "推荐{a}为校级优秀共产党员。"),
    ("研究谈心谈话安排", "支委分工与党员开展谈心谈话，年内全覆盖。"),
]
LECTURES = [
    "坚定理想信念 做新时代合格党员", "从党史中汲取奋进力量", "严守政治纪律和政治规矩",
    "以高质量党建引领学院高质量发展", "践行教育家精神 办人民满意的教育", "加强作风建设 密切联系群众",
    "学习新党章 遵守新党规", "弘扬伟大建党精神",
]
THEMES = [  # 3 and 4 are for April and July only
    ("重温入党誓词 牢记初心使命", "全体党员面向党旗重温入党誓词"),
    ("参观红色教育基地", "实地参观革命纪念馆，现场讲解"),
    ("志愿服务进社区", "党员教师到社区开展科普和义务辅导"),
    ("清明祭英烈", "网上祭扫与现场缅怀相结合"),
    ("喜迎七一 党员过“政治生日”", "为当月入党的党员赠送政治生日贺卡"),
    ("党员示范课观摩", "党员教师上示范课，学生代表参与评课"),
    ("读书分享会", "党员轮流领读并分享体会"),
    ("安全生产与实验室安全检查", "党员带头排查实验室安全隐患"),
]
PROBLEMS = [
    ("理论学习不够系统深入", "制定学习计划，每月集中学习不少于1次"),
    ("联系服务学生不够经常", "每名党员教师联系一个学生宿舍"),
    ("批评和自我批评辣味不足", "会前充分谈心谈话，会上直奔问题"),
    ("课程思政融入不够自然", "开展课程思政集体备课"),
    ("支部活动形式比较单一", "结合专业特色开展主题党日"),
]
BLANK = {k: "" for k in ("guests", "topics", "votes", "decisions", "lecturer", "lecture_title", "theme", "feature")}
LEAVE_REASONS = ["出差", "外出参加学术会议", "生病", "带学生参加竞赛", "家中有事", "外出授课"]
ABSENT_REASONS = ["临时有课", "未说明原因", "监考冲突"]


def _on(day: dt.date) -> dt.date:
    """Move a Saturday or Sunday to the Friday before."""
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


def generate(db, ctx) -> None:
    rng, today = ctx.rng, ctx.today
    people = db.execute("SELECT id, name, join_date, left_date, group_id FROM members").fetchall()
    names = {p[0]: p[1] for p in people}
    full_dates = dict(db.execute("SELECT id, full_date FROM members").fetchall())
    committee = [m for m in ctx.committee.values()]
    secretary = ctx.committee.get("书记")
    recorder = ctx.committee.get("组织委员", secretary)
    leaders = dict(db.execute("SELECT id, leader_id FROM party_groups").fetchall())
    group_names = dict(db.execute("SELECT id, name FROM party_groups").fetchall())
    place = db.execute("SELECT usual_place FROM branch").fetchone()[0] or "会议室"
    # Two members drift away lately, so the 党章第九条 warning has something to show.
    active_now = [p[0] for p in people if p[3] is None and p[0] not in committee]
    drifting = {active_now[-1]: today - dt.timedelta(days=130), active_now[-2]: today - dt.timedelta(days=165)}

    def present_at(day: dt.date, group: int | None = None, only: list[int] | None = None) -> list[int]:
        iso = day.isoformat()
        out = []
        for mid, _, joined, left, gid in people:
            if joined and joined > iso or left and left <= iso:
                continue
            if group is not None and gid != group:
                continue
            if only is not None and mid not in only:
                continue
            out.append(mid)
        return out

    def full_member_on(member: int, iso: str) -> bool:
        return bool(present_at(dt.date.fromisoformat(iso), only=[member])) and bool(full_dates[member]) \
            and full_dates[member] <= iso

    def fit(business: str, decision: str, drawn: int, day: dt.date) -> tuple[str, str, int]:
        """The item as drawn, with a person the roster allows on `day`: 转正 only for a 预备党员
        whose year is up (else the item gives way to the year's plan); a 培养联系人 or a person
        recommended, a full member on the roster then. Draws nothing, so the stream stays."""
        if "{a}" not in decision:
            return business, decision, drawn
        at = ctx.member_ids.index(drawn)
        order = ctx.member_ids[at:] + ctx.member_ids[:at]
        iso = day.isoformat()
        if "转正" in business:
            lo, hi = (day - dt.timedelta(days=75)).isoformat(), (day + dt.timedelta(days=31)).isoformat()
            due = [m for m in order if full_dates[m] and lo <= full_dates[m] <= hi and present_at(day, only=[m])]
            if due:
                return business, decision, due[0]
            business, decision = BUSINESS[4]
            return business, decision, drawn
        return business, decision, next((m for m in order if full_member_on(m, iso)), drawn)

    def voters(expected: list[int], day: dt.date) -> list[int]:
        """预备党员 have no vote (党章第五条): the 正式党员 among `expected` on `day`."""
        return [m for m in expected if full_member_on(m, day.isoformat())]

    next_id = (db.execute("SELECT max(id) FROM meetings").fetchone()[0] or 0) + 1
    meetings, attendance, evaluations, rectifications = [], [], [], []

    def add(kind: str, day: dt.date, expected: list[int], *, group: int | None = None, host=None,
            override: dict | None = None, **text) -> int:
        nonlocal next_id
        if day > today or not expected:
            return 0
        mid = next_id
        next_id += 1
        start = rng.choice(("14:00", "14:30", "15:00", "16:00", "12:30"))
        hours = 1 if kind in ("支部委员会", "党小组会") else 2
        end = f"{int(start[:2]) + hours:02d}:{start[3:]}"
        override = override or {}
        chairs = {host, recorder}     # who chairs and who takes the minutes are there
        present = leave = 0
        marks = []
        for member in expected:
            r = rng.random()
            if member in override:
                status, reason = override[member]
            elif member in drifting and day >= drifting[member]:
                status, reason = ("请假", "出国访学") if member == active_now[-1] else ("缺席", "")
            elif r < 0.86:
                status, reason = "出席", ""
            elif r < 0.96:
                status, reason = "请假", rng.choice(LEAVE_REASONS)
            else:
                status, reason = "缺席", rng.choice(ABSENT_REASONS)
            if member in chairs and member not in override and not (member in drifting and day >= drifting[member]):
                status, reason = "出席", ""     # drawn all the same: the random stream stays as it was
            marks.append([member, status, reason])
        if kind == "支部委员会" and not override:
            # A 支委会 that would miss its quorum is put off in life: the demo holds it with the committee.
            for mark in marks:
                if sum(m[1] == "出席" for m in marks) * 2 > len(marks):
                    break
                mark[1:] = ["出席", ""]
        for member, status, reason in marks:
            present += status == "出席"
            leave += status == "请假"
            attendance.append((mid, member, status, reason))
        there = [member for member, status, _ in marks if status == "出席"]
        n, m = len(expected), present
        if kind == "支部党员大会":       # 表决: only 正式党员 have a vote
            n, m = len(voters(expected, day)), len(voters(there, day))
        if host not in there and host in expected and there:
            host = there[0]      # a 组长 who is away: a member who is there chairs in his place
        body = _content(rng, kind, host, names, expected, there, text.get("topics", ""), day.year)
        meetings.append({
            **BLANK, "id": mid, "kind": kind, "group_id": group, "date": day.isoformat(), "start_time": start,
            "end_time": end, "place": text.pop("place", place), "host_id": host, "recorder_id": recorder,
            "agenda": agenda_template(kind), "content": body,
            "votes": text.pop("votes", "").format(n=n, m=m), **text,
            "expected_count": n, "present_count": m, "leave_count": leave,
        })
        return mid

    for year in range(ctx.first_year, today.year + 1):
        study = STUDY_BY_YEAR.get(year, "习近平新时代中国特色社会主义思想")
        for month in range(1, 13):
            first = dt.date(year, month, 1)
            # 支部委员会, early each month
            business, decision = rng.choice(BUSINESS)
            p, drawn = _outsider(rng), rng.choice(ctx.member_ids)
            expected = [m for m in committee if m in present_at(first)]
            no_quorum = year == ctx.first_year + 3 and month == 5     # one meeting without quorum
            day = _on(first + dt.timedelta(days=rng.randrange(2, 8)))
            business, decision, a = fit(business, decision, drawn, day)
            add("支部委员会", day, expected, host=secretary,
                topics=f"学习{study}\n{business}", decisions=decision.format(p=p, a=names[a]),
                votes="应到支委{n}人，实到{m}人，一致同意。",
                override={m: ("请假", "外出参加学术会议") for m in expected[1:]} if no_quorum else None)
            # 主题党日, around the 15th
            any_month = (0, 1, 2, 5, 6, 7)
            theme, feature = THEMES[{4: 3, 7: 4}.get(month, any_month[(year * 12 + month) % len(any_month)])]
            add("主题党日", _on(dt.date(year, month, 15)), present_at(dt.date(year, month, 15)), host=secretary,
                topics=theme, theme=theme, feature=feature)
            # 党小组会, late each month, per group
            for gid in ctx.group_ids:
                day = _on(dt.date(year, month, 20) + dt.timedelta(days=rng.randrange(0, 6)))
                add("党小组会", day, present_at(day, gid), group=gid, host=leaders.get(gid) or secretary,
                    topics=f"{group_names[gid]}学习{study}", place=rng.choice((place, "教研室", "线上（腾讯会议）")))
            if month % 3 == 0:
                # 支部党员大会 and 党课, each quarter
                day = _on(dt.date(year, month, 8))
                business, decision = rng.choice(BUSINESS[:3] + BUSINESS[4:5])
                p, drawn = _outsider(rng), rng.choice(ctx.member_ids)
                business, decision, a = fit(business, decision, drawn, day)
                add("支部党员大会", day, present_at(day), host=secretary, topics=f"{business}\n学习{study}",
                    decisions=decision.format(p=p, a=names[a]),
                    votes="应到有表决权的党员{n}人，实到{m}人；赞成{m}票，反对0票，弃权0票。")
                day = _on(dt.date(year, month, 25))
                lecturer = secretary if month == 6 else rng.choice(committee)
                title = LECTURES[(year + month) % len(LECTURES)]
                add("党课", day, present_at(day), host=secretary, topics=title, lecturer=names[lecturer], lecture_title=title)
            if month in (4, 10):
                day = _on(dt.date(year, month, 12))
                add("其他", day, present_at(day), host=secretary, topics=f"专题学习：{study}")
        # 组织生活会 and 民主评议党员, December
        day = _on(dt.date(year, 12, 10))
        mid = add("组织生活会", day, present_at(day), host=secretary, topics=f"{year}年度组织生活会",
                  decisions="形成支部整改清单，明确责任人和完成时限。")
        if mid:
            for n, (problem, measure) in enumerate(rng.sample(PROBLEMS, 3)):
                done = (day + dt.timedelta(days=120)).isoformat() if day + dt.timedelta(days=120) < today else None
                if year == today.year - 1 and n == 2:
                    done = None      # one item of last year's list lags behind: the 工作台 has it overdue
                rectifications.append((mid, problem, measure, names[rng.choice(committee)], f"{year + 1}-06", done))
        day = _on(dt.date(year, 12, 17))
        expected = present_at(day)
        mid = add("民主评议党员", day, expected, host=secretary, topics=f"{year}年度民主评议党员")
        if mid:
            for member in expected:
                r = rng.random()
                evaluations.append((mid, member, "优秀" if r < 0.2 else ("基本合格" if r > 0.98 else "合格")))

    db["meetings"].insert_all(meetings, batch_size=500)
    conn = db.conn
    conn.executemany("INSERT INTO attendance (meeting_id, member_id, status, reason) VALUES (?, ?, ?, ?)", attendance)
    conn.executemany("INSERT INTO evaluations (meeting_id, member_id, grade) VALUES (?, ?, ?)", evaluations)
    conn.executemany(
        "INSERT INTO rectifications (meeting_id, problem, measure, owner, deadline, done_date) VALUES (?, ?, ?, ?, ?, ?)",
        rectifications,
    )


def _outsider(rng) -> str:
    return rng.choice("陈林黄周吴徐孙马朱胡") + rng.choice("晓子思雨嘉梓欣") + rng.choice("涵轩萱宁睿琪")


def _content(rng, kind: str, host: int | None, names: dict, expected: list[int], there: list[int],
             topics: str, year: int) -> str:
    study = STUDY_BY_YEAR.get(year, "习近平新时代中国特色社会主义思想")
    # Drawn from everyone expected, so the random stream (and the demo steps after this one) stays
    # as it was; then whoever was not there gives way to someone who was.
    drawn = rng.sample(expected, min(3, len(expected)))
    speakers = [m for m in drawn if m in there]
    speakers += [m for m in there if m not in speakers][: len(drawn) - len(speakers)]
    chair = names.get(host, "书记")
    lines = [f"{chair}同志主持会议，介绍本次会议议题：{topics.replace(chr(10), '；')}。"]
    lines.append(f"会议首先集中学习了{study}的有关内容，{chair}同志领学重要论述并作简要解读。")
    remarks = [
        "要把学习成果转化为做好教书育人工作的实际行动",
        "结合专业课程挖掘思政元素，做到润物无声",
        "党员要在教学科研中发挥先锋模范作用",
        "对照先进找差距，在服务学生上下功夫",
        "要严格落实“三会一课”制度，提高组织生活质量",
    ]
    said = [rng.choice(remarks) for _ in drawn]       # one draw per slot, whoever fills it
    for mid, remark in zip(speakers, said):
        lines.append(f"{names[mid]}同志发言，认为{remark}。")
    if kind == "组织生活会":
        lines.append("支部书记代表支委会作对照检查，党员逐一发言，开展批评和自我批评，气氛严肃认真。")
    if kind == "民主评议党员":
        lines.append("党员逐一进行个人自评，开展互评和民主测评，支委会根据测评情况提出评议等次建议。")
    lines.append(f"会议最后，{chair}同志作总结，要求大家抓好落实。")
    return "\n".join(lines)
