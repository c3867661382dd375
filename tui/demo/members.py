"""Demo roster: members who joined over ten years, a few who left, groups, committee, honours."""

from __future__ import annotations

import datetime as dt

from tui.demo import GROUPS, SIZES
from tui.store import branch, members

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单缪"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国宇浩婷雪琳晨欣悦睿博文哲思远佳怡子涵梓轩雨萱梦瑶嘉懿昊然慧宁"
TITLES = [("教授", "正高"), ("副教授", "副高"), ("副教授", "副高"), ("讲师", "中级"), ("讲师", "中级"),
          ("讲师", "中级"), ("助教", "初级"), ("高级实验师", "副高"), ("实验师", "中级"), ("工程师", "中级")]
POSTS = ["专任教师", "专任教师", "专任教师", "辅导员", "实验员", "教学秘书", "系主任", "专业带头人"]
HONOURS = [("市级名师", "市级"), ("校级名师", "校级"), ("教书育人楷模", "省级"), ("园丁奖", "市级"),
           ("五一劳动奖章", "省级"), ("技能大赛金牌教练", "市级"), ("优秀共产党员", "校级"), ("优秀党务工作者", "校级")]
ETHNICITIES = ["汉族"] * 18 + ["回族", "满族", "蒙古族", "壮族"]


def _name(rng, used: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if name not in used:
            used.add(name)
            return name


def _numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 24 → 二十四."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return (("" if tens < 2 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones or not tens else "")


def _date(rng, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def generate(db, ctx) -> None:
    rng, today = ctx.rng, ctx.today
    n = SIZES[ctx.size]
    name = "计算机学院教工第一党支部" if ctx.size == "typical" else "机电学院联合党支部（规模测试）"
    branch.save_branch(db, {
        "name": name, "parent_org": "中共某某学院委员会", "kind": "教工",
        "founded_date": f"{ctx.first_year - 6}-09-01",
        "term_start": (today - dt.timedelta(days=365 * 2 + 200)).isoformat(),
        "term_years": 3, "usual_place": "行政楼 305 会议室",
    })
    group_count = GROUPS[ctx.size]
    ctx.group_ids = [branch.save_group(db, f"第{_numeral(i + 1)}党小组") for i in range(group_count)]
    used: set[str] = set()
    history_start = dt.date(ctx.first_year, 1, 1)
    for i in range(n):
        is_student = ctx.size != "typical" and i % 4 == 3
        title, grade = ("", "") if is_student else rng.choice(TITLES)
        if is_student:
            birth = _date(rng, dt.date(today.year - 24, 1, 1), dt.date(today.year - 19, 1, 1))
        else:
            birth = _date(rng, dt.date(today.year - 60, 1, 1), dt.date(today.year - 27, 1, 1))
        if i % 9 == 0:   # recent joiners: some still 预备党员
            joined = _date(rng, today - dt.timedelta(days=700), today - dt.timedelta(days=30))
        else:
            joined = _date(rng, max(dt.date(birth.year + 19, birth.month, min(birth.day, 28)), history_start.replace(year=history_start.year - 15)), today - dt.timedelta(days=400))
        probation = (today - joined).days < 365
        phd = not is_student and rng.random() < 0.25
        member_id = members.save_member(db, {
            "name": _name(rng, used),
            "gender": rng.choice(members.GENDERS),
            "ethnicity": rng.choice(ETHNICITIES),
            "birth_date": birth.isoformat(),
            "education": "大学本科" if is_student else ("博士研究生" if phd else rng.choice(["硕士研究生", "硕士研究生", "大学本科"])),
            "degree": "" if is_student else ("博士" if phd else rng.choice(["硕士", "硕士", "学士"])),
            "title": title, "title_grade": grade,
            "post": "学生" if is_student else rng.choice(POSTS),
            "category": "学生" if is_student else ("离退休" if i % 29 == 5 else "教工"),
            "party_status": "预备党员" if probation else "正式党员",
            "join_date": joined.isoformat(),
            "full_date": None if probation else (joined + dt.timedelta(days=366)).isoformat(),
            "group_id": ctx.group_ids[i % group_count],
            "phone": f"13{rng.randrange(10**8, 10**9)}",
        })
        ctx.member_ids.append(member_id)
    active = list(ctx.member_ids)
    for member_id in rng.sample(ctx.member_ids[1:], max(2, n // 12)):   # transfers out over the years
        member = members.get_member(db, member_id)
        start = max(dt.date.fromisoformat(member.join_date) + dt.timedelta(days=30), history_start)
        if start < today:
            members.record_leaving(db, member_id, _date(rng, start, today).isoformat(), "转出", "工作调动，转往兄弟单位党支部")
            active.remove(member_id)
    seniors = [members.get_member(db, m) for m in active]
    seniors = sorted((m for m in seniors if m.party_status == "正式党员" and m.category == "教工"), key=lambda m: m.join_date)
    full = [m.id for m in seniors]
    ctx.committee = dict(zip(branch.ROLES, full[:5]))
    del ctx.committee["副书记"]
    branch.set_committee(db, ctx.committee)
    leaders = set(ctx.committee.values())
    for group in branch.list_groups(db):      # each 组长 is a member of the group they lead
        leader = next((m.id for m in seniors if m.group_id == group.id and m.id not in leaders), None)
        if leader is not None:
            leaders.add(leader)
            branch.save_group(db, group.name, leader, group.id)
    for member_id in rng.sample(active, max(3, n // 5)):
        title, level = rng.choice(HONOURS)
        members.add_honour(db, member_id, title, level, rng.randrange(ctx.first_year, today.year + 1))
