"""The built-in forms: 年度党建工作总结, “双带头人”工作室申报书, 样板支部建设计划, 特色案例.

Each builder gathers plain data from the store (`gather`), then a pure writer lays it out in the
official layout through OfficialDoc and writes it atomically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tui.export.atomic import ExportError
from tui.export.forms_checks import empty_sections
from tui.export import forms_sentences as say
from tui.rules.dates import cn_date
from tui import clock

CN_NUMBERS = "一二三四五六七八九十"


@dataclass
class FormData:
    form_id: str
    form_name: str
    branch_name: str
    parent_org: str
    branch_kind: str
    founded_date: str
    period: object          # tui.rules.forms.Period
    summary: object         # tui.store.summary.PeriodSummary
    stats: object           # tui.store.members.RosterStats
    committee: dict[str, str]
    secretary: object       # tui.store.summary.SecretaryProfile | None
    honours: list
    pairings: list
    group_count: int
    texts: dict[str, str]
    today: dt.date


def gather(db, form_id: str, params, *, today: dt.date | None = None) -> FormData:
    """Everything a built-in form prints, as plain values. Raises ExportError with a Chinese message."""
    from tui.export.catalogue import get_form
    from tui.rules.dates import DateError
    from tui.rules.forms import resolve_period
    from tui.store import forms as form_store
    from tui.store import summary
    from tui.store.branch import get_branch, list_groups
    from tui.store.members import roster_stats

    spec = get_form(form_id)
    today = today or clock.today()
    try:
        period = resolve_period(params.year, params.date_from, params.date_to, today=today)
    except DateError as exc:
        raise ExportError(str(exc)) from None
    branch = get_branch(db)
    if not branch.name:
        raise ExportError("尚未填写支部名称，无法生成表格。请先在「支部」（F9）中填写支部信息。")
    if roster_stats(db).total == 0:
        raise ExportError("花名册中没有党员，无法生成表格。请先在「党员」（F3）中录入或导入花名册。")
    s = summary.period_summary(db, period, today=today, dues_through=params.dues_through)
    stats = roster_stats(db, s.as_of)           # the roster the period's figures count (tui.rules.asof)
    data = FormData(
        form_id=spec.id,
        form_name=spec.name,
        branch_name=branch.name,
        parent_org=branch.parent_org,
        branch_kind=branch.kind,
        founded_date=branch.founded_date or "",
        period=period,
        summary=s,
        stats=stats,
        committee=summary.committee_names(db),
        secretary=summary.secretary_profile(db),
        honours=summary.honour_counts(db, s.as_of),
        pairings=summary.pairing_rows(db, period) if form_id == "case-study" else [],
        group_count=len(list_groups(db)),
        texts=form_store.get_texts(db, spec.id, period.year),
        today=today,
    )
    where = f"{period.title}（{period.start}至{period.end}）"
    if form_id == "annual-summary" and s.record_count == 0:
        raise ExportError(
            f"{where}没有任何记录（会议、谈话、党费、结对、党员发展），无法生成「{spec.name}」。请检查年度或起止日期。"
        )
    if form_id == "case-study" and not (s.pairing_activities or s.outcomes):
        raise ExportError(f"{where}没有“1+1+1”结对活动或成果记录，无法生成「{spec.name}」的成果成效。请检查年度或起止日期。")
    if not params.allow_empty:
        empty = empty_sections(db, spec, period.year)
        if empty:
            raise ExportError(
                f"「{spec.name}」（{period.year}年）还有{len(empty)}个部分没有填写：{'、'.join(label for _, label in empty)}。"
                "请先在「表格」中按 W 填写（可用往年文字作为开头）；确需保留“（待填写）”时，命令行加 --allow-empty。"
            )
    return data


def _build(db, form_id: str, writer, params, out: Path, force: bool, progress) -> Path:
    if progress:
        progress(0.05)
    data = gather(db, form_id, params)
    if progress:
        progress(0.3)
    return writer(data, Path(out), force=force, progress=progress)


def export_annual_summary(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    return _build(db, "annual-summary", write_annual_summary, params, out, force, progress)


def export_dual_leader(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    return _build(db, "dual-leader-application", write_dual_leader, params, out, force, progress)


def export_model_branch(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    return _build(db, "model-branch-plan", write_model_branch, params, out, force, progress)


def export_case_study(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    return _build(db, "case-study", write_case_study, params, out, force, progress)


# ── writers: plain data in, a .docx out ──


class _Headings:
    """“一、” “二、” … numbered as they are written, so an omitted part leaves no gap."""

    def __init__(self, doc) -> None:
        self.doc, self.n = doc, 0

    def __call__(self, text: str) -> None:
        self.doc.heading1(f"{CN_NUMBERS[self.n]}、{text}")
        self.n += 1


def _text(data: FormData, key: str, hint: str = "") -> str:
    return data.texts.get(key, "").strip() or f"（待填写{('：' + hint) if hint else ''}）"


def _sign_off(doc, data: FormData) -> None:
    doc.blank(1)
    doc.right(f"{data.branch_name}\n{cn_date(data.today)}", right_chars=4)


def _save(doc, out: Path, force: bool, progress) -> Path:
    if progress:
        progress(0.7)
    path = doc.save(out, force=force)
    if progress:
        progress(1.0)
    return path


def write_annual_summary(data: FormData, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.docx_base import OfficialDoc

    s = data.summary
    doc = OfficialDoc()
    doc.title(f"{data.branch_name}\n{data.period.title}党建工作总结")
    h = _Headings(doc)

    h("基本情况")
    if data.texts.get("概述", "").strip():
        doc.para(data.texts["概述"])
    if lead := say.overview_sentence(s):
        doc.para(lead)
    doc.para(say.members_sentence(s, moves=False))     # the moves have their own part below

    h("主要工作和做法")
    doc.para(_text(data, "主要做法", "主要工作和做法"))

    h("工作开展情况")
    doc.heading2("（一）组织生活")
    doc.para(say.meetings_sentence(s) + say.evaluation_sentence(s))
    doc.table(("活动", "次数", "说明"), say.meeting_table_rows(s), (32, 18, 106))
    doc.heading2("（二）谈心谈话")
    doc.para(say.talks_sentence(s))
    doc.heading2("（三）党费收缴")
    doc.para(say.dues_sentence(s))
    if s.dues_due_fen or s.dues_paid_fen:
        from tui.rules.dues import collection_rate
        from tui.rules.money import format_fen

        doc.table(
            ("核定人数", "应交（元）", "实交（元）", "收缴率", "自愿多交（元）"),
            [(f"{s.dues_members}", format_fen(s.dues_due_fen), format_fen(s.dues_paid_fen),
              collection_rate(s.dues_due_fen, s.dues_paid_fen), format_fen(s.dues_voluntary_fen))],
        )
    doc.heading2("（四）“1+1+1”结对")
    doc.para(say.pairings_sentence(s))
    if s.pairings_total or s.outcomes:
        totals = s.outcome_stats.totals
        rows = [
            (s.mode_names[code], f"{t.pairings}个", f"{t.activities}次", say.hours_text(t.hours), f"{t.outcomes}项")
            for code, t in totals.items()
        ]
        all_ = s.outcome_stats.total
        rows.append(("合计", f"{all_.pairings}个", f"{all_.activities}次", say.hours_text(all_.hours), f"{all_.outcomes}项"))
        doc.table(("结对模式", "结对数", "活动次数", "活动时长", "成果"), rows, (40, 26, 28, 32, 30))
        levels = s.outcomes_by_level
        doc.table(("成果级别", *levels.keys(), "合计"), [("项数", *[str(n) for n in levels.values()], str(len(s.outcomes)))])
    doc.heading2("（五）党员发展与管理")
    doc.para(say.members_moves_sentence(s))
    moves = [("发展党员", s.joined), ("预备党员转正", s.made_full)] + [(f"{k}", v) for k, v in s.left.items()]
    if any(names for _, names in moves):
        doc.table(("事项", "人数", "姓名"), [(k, f"{len(v)}名", "、".join(v)) for k, v in moves if v], (36, 20, 100))

    if data.texts.get("特色亮点", "").strip():
        h("特色与亮点")
        doc.para(data.texts["特色亮点"])
    h("存在的问题和不足")
    doc.para(_text(data, "存在问题"))
    h("下一步工作打算")
    doc.para(_text(data, "下步打算"))
    _sign_off(doc, data)
    return _save(doc, out, force, progress)


def plan_years(filed: dt.date) -> tuple[int, int]:
    """The two years a 申报书 plans: from the filing date, not from the year whose figures it
    reports (a current, unfinished year would plan from the year after next). Filed in the
    first half of a year, the work starts that year; later, the next."""
    first = filed.year if filed.month <= 6 else filed.year + 1
    return first, first + 1


def write_dual_leader(data: FormData, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.docx_base import OfficialDoc

    s, st, sec = data.summary, data.stats, data.secretary
    y1, y2 = plan_years(data.today)
    doc = OfficialDoc()
    doc.title_page()
    doc.blank(3)
    doc.title("“双带头人”教师党支部书记工作室\n申报书")
    doc.blank(3)
    name = data.texts.get("工作室名称", "").strip() or f"{data.branch_name}书记工作室"
    doc.cover_lines([
        ("工作室名称", name),
        ("所在党支部", data.branch_name),
        ("所属党委", data.parent_org),
        ("负责人", sec.name if sec else ""),
        ("联系电话", sec.phone if sec else ""),
        ("填报日期", cn_date(data.today)),
    ])
    doc.page_break()

    h = _Headings(doc)
    h("基本情况")
    senior = st.by_title_grade.get("正高", 0) + st.by_title_grade.get("副高", 0)
    doctors = max(st.by_degree.get("博士", 0), st.by_education.get("博士研究生", 0))
    members = "、".join(f"{role}{n}" for role, n in data.committee.items())
    pairs = [
        ("支部名称", data.branch_name), ("支部类型", f"{data.branch_kind}党支部"),
        ("成立时间", cn_date(data.founded_date) or "—"),
        ("党员人数", f"{st.total}人（{s.rule.roster_date}）"),
        ("正式党员", f"{st.by_status.get('正式党员', 0)}人"), ("预备党员", f"{st.by_status.get('预备党员', 0)}人"),
        ("高级职称", f"{senior}人"), ("博士学位", f"{doctors}人"),
        ("党小组", f"{data.group_count}个"), ("支委会", members or "—"),
    ]
    if sec:
        pairs += [
            ("书记姓名", sec.name), ("性别", sec.gender or "—"),
            ("出生年月", cn_date(sec.birth_date[:7]) if sec.birth_date else "—"),
            ("入党时间", cn_date(sec.join_date) or "—"),
            ("学历学位", "／".join(x for x in (sec.education, sec.degree) if x) or "—"),
            ("职称", sec.title or "—"), ("岗位", sec.post or "—"),
            ("所获荣誉", "；".join(sec.honours) or "—"),
        ]
    doc.kv_table(pairs, cols=2, wide=("支委会", "所获荣誉"))

    h("支部基本情况")
    doc.para(say.profile_sentence(data.branch_name, st, data.committee, data.honours, as_of=s.rule.roster_label))
    doc.para(say.meetings_sentence(s) + say.talks_sentence(s))
    if s.pairings_total:
        doc.para(say.pairings_sentence(s))
    if data.texts.get("支部简介", "").strip():
        doc.para(data.texts["支部简介"])

    h("支部书记基本情况")
    if sec:
        bits = [f"{sec.name}，{sec.gender or ''}".rstrip("，")]
        if sec.title:
            bits.append(sec.title)
        if sec.join_date:
            bits.append(f"{cn_date(sec.join_date)}入党")
        line = "，".join(bits) + "。"
        if sec.honours:
            line += f"曾获{'、'.join(sec.honours)}。"
        doc.para(line)
    else:
        doc.para("（未设置支部书记：请在「支部」（F9）中设置支委会）")
    doc.para(_text(data, "书记简介", "书记的教学科研业绩、党建工作经历"))

    h("建设思路")
    doc.para(_text(data, "总体思路"))
    h("年度目标与实施计划")
    doc.heading2(f"（一）第一年度（{y1}年）")
    doc.para(_text(data, "第一年目标"))
    doc.heading2(f"（二）第二年度（{y2}年）")
    doc.para(_text(data, "第二年目标"))
    h("预期成果")
    doc.para(_text(data, "预期成果", "每年至少1—2项代表性成果"))
    h("支持保障措施")
    doc.para(_text(data, "支持措施"))
    h("推荐意见")
    opinion = "\n\n\n负责人（签字）：　　　　　　（盖章）\n\n年　　月　　日"
    doc.kv_table(
        [("基层党委意见", opinion), ("学校党委意见", opinion)],
        cols=1, wide=("基层党委意见", "学校党委意见"), tall={"基层党委意见": 55, "学校党委意见": 55},
        keep_together=True,
    )
    return _save(doc, out, force, progress)


def write_model_branch(data: FormData, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.docx_base import OfficialDoc

    doc = OfficialDoc()
    doc.title(f"{data.branch_name}\n样板支部建设计划")
    h = _Headings(doc)
    h("党组织简介")
    doc.para(say.profile_sentence(data.branch_name, data.stats, data.committee, data.honours,
                                  as_of=data.summary.rule.roster_label))
    if data.texts.get("简介补充", "").strip():
        doc.para(data.texts["简介补充"])
    doc.table(("项目", f"人数（{data.summary.rule.roster_date}）"), say.roster_table_rows(data.stats), (78, 78))
    for key, label in (("总体思路", "总体思路"), ("建设目标", "建设目标"), ("建设方案", "建设方案")):
        h(label)
        doc.para(_text(data, key))
    h(f"年度目标（{data.period.year}年）")
    doc.para(_text(data, "年度目标"))
    for key, label in (("预期成果", "预期成果"), ("工作保障", "工作保障")):
        h(label)
        doc.para(_text(data, key))
    _sign_off(doc, data)
    return _save(doc, out, force, progress)


def write_case_study(data: FormData, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.docx_base import OfficialDoc

    s = data.summary
    doc = OfficialDoc()
    title = data.texts.get("案例标题", "").strip() or "探索“1+1+1”党建工作模式"
    doc.title(title)
    doc.subtitle(data.branch_name)
    h = _Headings(doc)
    h("背景情况")
    doc.para(_text(data, "背景情况"))
    h("主要做法")
    doc.para(_text(data, "主要做法"))
    if data.pairings:
        doc.table(
            ("模式", "结对", "党员", "结对对象", "活动"),
            [(p.mode, p.title, "、".join(x for x in (p.lead, p.second) if x), p.person or p.object_text, f"{p.activities}次")
             for p in data.pairings],
            (26, 48, 30, 34, 18),
        )
    h("成果成效")
    doc.para(say.pairings_sentence(s))
    if s.outcomes:
        doc.table(
            ("级别", "类别", "成果", "结对", "时间"),
            [(o.level, o.kind, o.title, o.pairing, cn_date(o.date[:7])) for o in s.outcomes],
            (20, 26, 48, 38, 24),   # “2026年1月” on one line
        )
    if data.texts.get("成果成效", "").strip():
        doc.para(data.texts["成果成效"])
    h("经验启示")
    doc.para(_text(data, "经验启示"))
    return _save(doc, out, force, progress)
