"""The fields a committee's template may use ({{ 支部名称 }} …), each with this branch's value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tui.export import forms_sentences as say
from tui import clock


@dataclass(frozen=True)
class Field:
    name: str
    description: str
    is_list: bool = False      # a list of rows for {% for … %}; item keys in the description


FIELDS: tuple[Field, ...] = (
    Field("支部名称", "党支部全称"),
    Field("上级党委", "上级党组织"),
    Field("支部类型", "如 教工党支部"),
    Field("成立日期", "支部成立日期"),
    Field("任期开始", "本届支委会任期开始日期"),
    Field("任期届满", "本届支委会任期届满日期"),
    Field("书记", "支部书记姓名"),
    Field("副书记", "副书记姓名（无则为空）"),
    Field("组织委员", "组织委员姓名"),
    Field("宣传委员", "宣传委员姓名"),
    Field("纪检委员", "纪检委员姓名"),
    Field("支委会成员", "如 书记张三、组织委员李四"),
    Field("党小组数", "党小组个数"),
    Field("人数截至", "党员人数统计到哪一天：往年为年末（截至2025年12月31日），本年为填报日（截至填报日（…））"),
    Field("党费截至", "本年党费统计到哪个月，如 截至2026年10月（整年统计时为空）"),
    Field("党员总数", "在册党员人数（按「人数截至」那一天的名册）"),
    Field("正式党员数", "正式党员人数"),
    Field("预备党员数", "预备党员人数"),
    Field("教工党员数", "人员类别为教工的党员人数"),
    Field("学生党员数", "人员类别为学生的党员人数"),
    Field("离退休党员数", "离退休党员人数"),
    Field("女党员数", "女党员人数"),
    Field("高级职称人数", "正高与副高职称人数"),
    Field("正高职称人数", "正高职称人数"),
    Field("副高职称人数", "副高职称人数"),
    Field("中级职称人数", "中级职称人数"),
    Field("博士人数", "博士（学位或学历）人数"),
    Field("硕士人数", "硕士（学位或学历）人数"),
    Field("获荣誉党员数", "获得过荣誉的党员人数"),
    Field("荣誉情况", "如 获得“市级名师”的党员2人，……"),
    Field("党组织简介", "按花名册统计的一段简介（正式党员N人、高级职称N人、博士N人、荣誉……）"),
    Field("年度", "导出时选择的年度"),
    Field("起始日期", "统计期间的第一天"),
    Field("截止日期", "统计期间的最后一天"),
    Field("统计期间", "如 2025年度"),
    Field("填表日期", "今天，如 2025年3月1日"),
    Field("党员大会次数", "支部党员大会次数"),
    Field("支委会次数", "支部委员会会议次数"),
    Field("党小组会次数", "党小组会次数"),
    Field("党课次数", "党课次数"),
    Field("党课主讲人", "如 张三2次、李四1次"),
    Field("主题党日次数", "主题党日次数"),
    Field("组织生活会次数", "组织生活会次数"),
    Field("民主评议次数", "民主评议党员次数"),
    Field("评议优秀人数", "民主评议为优秀的人数"),
    Field("评议合格人数", "民主评议为合格的人数"),
    Field("评议基本合格人数", "民主评议为基本合格的人数"),
    Field("评议不合格人数", "民主评议为不合格的人数"),
    Field("谈心谈话次数", "谈心谈话次数"),
    Field("谈话覆盖人数", "参加谈心谈话的党员人数"),
    Field("谈话覆盖率", "参加谈心谈话的党员占党员总数的比例"),
    Field("谈话覆盖情况", "如 支委之间两两开展了谈心谈话，每名党员都与支委谈了心（按年度导出时；按支部工作条例第十九条）"),
    Field("党费应交", "应交党费，单位元，如 1234.50"),
    Field("党费实交", "实交党费，单位元"),
    Field("党费收缴率", "如 98.5%"),
    Field("自愿多交党费", "自愿多交的党费，单位元"),
    Field("结对总数", "“1+1+1”结对个数"),
    Field("导师制团队数", "导师制团队个数"),
    Field("教研结对数", "教研结对个数"),
    Field("企业服务数", "企业服务结对个数"),
    Field("结对活动次数", "结对活动次数"),
    Field("结对成果数", "结对成果项数"),
    Field("国家级成果数", "国家级成果项数"),
    Field("省级成果数", "省级成果项数"),
    Field("市级成果数", "市级成果项数"),
    Field("校级成果数", "校级成果项数"),
    Field("成果情况", "如 已建立3门省级精品课程，获得2项校级竞赛奖项"),
    Field("发展党员数", "期间发展（入党）的人数"),
    Field("转正人数", "期间预备党员转正的人数"),
    Field("转出人数", "期间转出的人数"),
    Field("组织生活情况", "一句话：召开支部党员大会N次、……"),
    Field("谈心谈话情况", "一句话：开展谈心谈话N次……"),
    Field("党费情况", "一句话：应交党费……收缴率……"),
    Field("结对情况", "一句话：组建“1+1+1”结对N个……"),
    Field("党员队伍情况", "一句话：支部共有党员N名……"),
    Field("党员名单", "「人数截至」那一天在册的党员（期间离开的不列入），逐行：序号 姓名 性别 类别 党籍 职称 学历 学位 岗位 入党日期 党小组 职务", is_list=True),
    Field("结对名单", "结对，逐行：序号 模式 名称 党员 对象 活动次数 成果数", is_list=True),
    Field("成果名单", "结对成果，逐行：序号 级别 类别 名称 结对 日期", is_list=True),
)

FIELD_NAMES = tuple(f.name for f in FIELDS)


def template_context(db, period, *, today: dt.date | None = None, dues_through=None) -> dict[str, object]:
    """Every field's value for this branch over `period` (a tui.rules.forms.Period)."""
    from tui.rules.dates import cn_date
    from tui.rules.dues import collection_rate
    from tui.rules.forms import percent
    from tui.rules.money import format_fen
    from tui.rules.pairings import ENTERPRISE, MENTOR, TEACHING
    from tui.store import summary
    from tui.store.branch import get_branch, list_groups
    from tui.store.members import roster_stats

    today = today or clock.today()
    b = get_branch(db)
    # Every count over one roster: the period's, as tui.rules.asof says (year-end, or 填报日).
    s = summary.period_summary(db, period, today=today, dues_through=dues_through)
    st = roster_stats(db, s.as_of)
    committee = summary.committee_names(db)
    honours = summary.honour_counts(db, s.as_of)
    senior_full = st.by_title_grade.get("正高", 0)
    senior_deputy = st.by_title_grade.get("副高", 0)
    levels = s.outcomes_by_level
    women = summary.women_count(db, s.as_of)
    pairings = summary.pairing_rows(db, period)
    ctx: dict[str, object] = {
        "支部名称": b.name,
        "上级党委": b.parent_org,
        "支部类型": f"{b.kind}党支部",
        "成立日期": cn_date(b.founded_date),
        "任期开始": cn_date(b.term_start),
        "任期届满": cn_date(b.term_end),
        **{role: committee.get(role, "") for role in ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")},
        "支委会成员": "、".join(f"{role}{name}" for role, name in committee.items()),
        "党小组数": len(list_groups(db)),
        "党员总数": st.total,
        "正式党员数": st.by_status.get("正式党员", 0),
        "预备党员数": st.by_status.get("预备党员", 0),
        "教工党员数": st.by_category.get("教工", 0),
        "学生党员数": st.by_category.get("学生", 0),
        "离退休党员数": st.by_category.get("离退休", 0),
        "女党员数": women,
        "高级职称人数": senior_full + senior_deputy,
        "正高职称人数": senior_full,
        "副高职称人数": senior_deputy,
        "中级职称人数": st.by_title_grade.get("中级", 0),
        "博士人数": max(st.by_degree.get("博士", 0), st.by_education.get("博士研究生", 0)),
        "硕士人数": max(st.by_degree.get("硕士", 0), st.by_education.get("硕士研究生", 0)),
        "获荣誉党员数": st.members_with_honours,
        "荣誉情况": "，".join(f"获得{say._quote(h.title, h.level)}的党员{h.members}人" for h in honours),
        "党组织简介": say.profile_sentence(b.name, st, committee, honours, as_of=s.rule.roster_label),
        "人数截至": s.rule.roster_label,
        "党费截至": s.rule.dues_label,
        "年度": period.year,
        "起始日期": cn_date(period.start),
        "截止日期": cn_date(period.end),
        "统计期间": period.title,
        "填表日期": cn_date(today.isoformat()),
        "党员大会次数": s.meetings["支部党员大会"],
        "支委会次数": s.meetings["支部委员会"],
        "党小组会次数": s.meetings["党小组会"],
        "党课次数": s.meetings["党课"],
        "党课主讲人": "、".join(f"{n}{c}次" for n, c in s.lecturers.items()),
        "主题党日次数": s.meetings["主题党日"],
        "组织生活会次数": s.meetings["组织生活会"],
        "民主评议次数": s.meetings["民主评议党员"],
        "评议优秀人数": s.evaluation.get("优秀", 0),
        "评议合格人数": s.evaluation.get("合格", 0),
        "评议基本合格人数": s.evaluation.get("基本合格", 0),
        "评议不合格人数": s.evaluation.get("不合格", 0),
        "谈心谈话次数": s.talks,
        "谈话覆盖人数": s.talk_members,
        "谈话覆盖率": percent(s.talk_members, s.members_at_end),
        "谈话覆盖情况": say.coverage_sentence(s),
        "党费应交": format_fen(s.dues_due_fen),
        "党费实交": format_fen(s.dues_paid_fen),
        "党费收缴率": collection_rate(s.dues_due_fen, s.dues_paid_fen),
        "自愿多交党费": format_fen(s.dues_voluntary_fen),
        "结对总数": s.pairings_total,
        "导师制团队数": s.pairings[MENTOR],
        "教研结对数": s.pairings[TEACHING],
        "企业服务数": s.pairings[ENTERPRISE],
        "结对活动次数": s.pairing_activities,
        "结对成果数": len(s.outcomes),
        "国家级成果数": levels["国家级"],
        "省级成果数": levels["省级"],
        "市级成果数": levels["市级"],
        "校级成果数": levels["校级"],
        "成果情况": say.outcomes_phrase(s),
        "发展党员数": len(s.joined),
        "转正人数": len(s.made_full),
        "转出人数": len(s.left.get("转出", [])),
        "组织生活情况": say.meetings_sentence(s) + say.evaluation_sentence(s),
        "谈心谈话情况": say.talks_sentence(s),
        "党费情况": say.dues_sentence(s),
        "结对情况": say.pairings_sentence(s),
        "党员队伍情况": say.members_sentence(s),
        "党员名单": summary.member_list(db, s.as_of),
        "结对名单": [
            {"序号": i, "模式": p.mode, "名称": p.title, "党员": "、".join(x for x in (p.lead, p.second) if x),
             "对象": p.person or p.object_text, "活动次数": p.activities, "成果数": p.outcomes}
            for i, p in enumerate(pairings, start=1)
        ],
        "成果名单": [
            {"序号": i, "级别": o.level, "类别": o.kind, "名称": o.title, "结对": o.pairing, "日期": cn_date(o.date)}
            for i, o in enumerate(s.outcomes, start=1)
        ],
    }
    return ctx


def example_text(value: object, limit: int = 40) -> str:
    """A value as one short line for listings."""
    if isinstance(value, list):
        if not value:
            return "（空列表）"
        first = value[0]
        return f"共{len(value)}行，如：" + " ".join(f"{k}={v}" for k, v in list(first.items())[:4])
    text = str(value).replace("\n", " ")
    if text == "":
        return "（空）"
    return text if len(text) <= limit else text[: limit - 1] + "…"
