"""The year end on the command line: the archive, 民主评议 tallies, 组织生活会 materials, 学时, 述职.

    zhibu archive --year Y -o FOLDER
    zhibu evaluation tally|import|show --year Y …
    zhibu life-meeting opinion|problem|show --year Y …
    zhibu study-hours add|show …
    zhibu secretary-report section|check --year Y …
    zhibu yearend-settings [--excellent-share 1/3 …]
(the forms themselves: zhibu export evaluation-ballots|evaluation-summary|life-meeting-report|
secretary-report|study-hours --year Y -o FILE)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli.common import UserError, opened, year_arg


def register(subparsers) -> None:
    p = subparsers.add_parser("archive", help="生成某年度的归档文件夹（含卷内目录和压缩包）",
                              description="把某年度的工作记录、谈话、党费、结对、总结、年终报告、学时台账、民主评议结果导出到一个文件夹，"
                                          "并生成卷内目录（序号、文件名称、日期、页数）和同名 .zip")
    p.add_argument("--year", type=year_arg, help="年度（必填）")
    p.add_argument("-o", "--output", required=True, metavar="FOLDER", help="输出文件夹（不存在或为空）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件夹")
    p.add_argument("--estimate-pages", action="store_true", help="不调用 LibreOffice，按文档结构估算页数")
    p.set_defaults(handler=archive)

    ev = subparsers.add_parser("evaluation", help="民主评议党员：录入测评票数", description="民主评议党员的测评票数、支委会建议和党员大会评定")
    what = ev.add_subparsers(dest="what", metavar="操作", required=True)
    t = what.add_parser("tally", help="录入一名党员的测评票数和等次")
    t.add_argument("--year", type=year_arg, help="年度（必填）")
    t.add_argument("--member", required=True, help="党员姓名")
    t.add_argument("--voters", required=True, help="参加测评人数")
    for key, label in (("excellent", "优秀"), ("qualified", "合格"), ("basic", "基本合格"), ("unqualified", "不合格")):
        t.add_argument(f"--{key}", default="0", help=f"{label}票数")
    t.add_argument("--committee", default="", help="支委会建议等次")
    t.add_argument("--assembly", default="", help="党员大会评定等次")
    t.add_argument("--procedure", default="", help="不合格党员的处置建议：限期改正/劝退/除名（只记录，不作决定）")
    t.set_defaults(handler=evaluation_tally)
    i = what.add_parser("import", help="从测评统计表（.csv/.xlsx）导入全部票数")
    i.add_argument("file", help="统计表：第一行表头，含 姓名、优秀、合格、基本合格、不合格（可有 参加测评人数、支委会建议、党员大会评定、处置建议）")
    i.add_argument("--year", type=year_arg, help="年度（必填）")
    i.add_argument("--voters", type=int, help="参加测评人数（表中没有这一列时）")
    i.set_defaults(handler=evaluation_import)
    s = what.add_parser("show", help="查看测评汇总和优秀比例检查")
    s.add_argument("--year", type=year_arg, help="年度（必填）")
    s.set_defaults(handler=evaluation_show)

    lm = subparsers.add_parser("life-meeting", help="组织生活会材料：征求意见、查摆问题", description="组织生活会的会前征求意见和查摆问题")
    what = lm.add_subparsers(dest="what", metavar="操作", required=True)
    o = what.add_parser("opinion", help="记一条会前征求到的意见")
    o.add_argument("--year", type=year_arg, help="年度（必填）")
    o.add_argument("--source", required=True, help="意见来源，如 党员、群众、学生")
    o.add_argument("--content", required=True, help="意见内容")
    o.add_argument("--count", default="1", help="条数（同类意见合并记录时）")
    o.set_defaults(handler=life_opinion)
    pr = what.add_parser("problem", help="记一条查摆问题（不给 --member 即为支委会班子的问题）")
    pr.add_argument("--year", type=year_arg, help="年度（必填）")
    pr.add_argument("--member", help="党员姓名；不填为支委会")
    pr.add_argument("--problem", required=True, help="问题")
    pr.add_argument("--cause", default="", help="原因")
    pr.add_argument("--measure", default="", help="整改措施")
    pr.add_argument("--criticisms", default="0", help="会上收到的批评意见条数")
    pr.set_defaults(handler=life_problem)
    s = what.add_parser("show", help="查看组织生活会材料的统计")
    s.add_argument("--year", type=year_arg, help="年度（必填）")
    s.set_defaults(handler=life_show)

    sh = subparsers.add_parser("study-hours", help="党员学时：录入党校、网络学院等培训", description="党员教育培训学时")
    what = sh.add_subparsers(dest="what", metavar="操作", required=True)
    a = what.add_parser("add", help="记一次支部以外的培训")
    a.add_argument("--member", required=True, help="党员姓名")
    a.add_argument("--date", required=True, help="培训日期")
    a.add_argument("--kind", required=True, help="党校/网络学院/上级调训/其他")
    a.add_argument("--hours", required=True, help="学时，如 8 或 1.5")
    a.add_argument("--title", default="", help="培训名称")
    a.set_defaults(handler=hours_add)
    s = what.add_parser("show", help="查看某年度学时和未达标的党员")
    s.add_argument("--year", type=year_arg, help="年度（必填）")
    s.set_defaults(handler=hours_show)

    sr = subparsers.add_parser("secretary-report", help="书记述职报告：撰写部分与字数检查", description="书记抓基层党建述职报告")
    what = sr.add_subparsers(dest="what", metavar="操作", required=True)
    sec = what.add_parser("section", help="保存述职报告的一个部分")
    sec.add_argument("--year", type=year_arg, help="年度（必填）")
    sec.add_argument("--section", required=True, help="开头/主要做法/存在问题/下步打算")
    sec.add_argument("--text", help="内容")
    sec.add_argument("--file", help="从 UTF-8 文本文件读入内容")
    sec.set_defaults(handler=secretary_section)
    c = what.add_parser("check", help="列出未完成的部分和“存在问题及原因”的占比")
    c.add_argument("--year", type=year_arg, help="年度（必填）")
    c.set_defaults(handler=secretary_check)

    st = subparsers.add_parser("yearend-settings", help="年终工作的本地规则（优秀比例、学时要求等）",
                               description="查看或修改年终工作的本地规则；不带选项时列出当前值和依据")
    st.add_argument("--excellent-share", help="优秀等次占参评党员的上限，如 1/3")
    st.add_argument("--problems-share", help="述职“存在问题及原因”的最低占比，如 1/3")
    st.add_argument("--study-required", help="党员年度学时要求")
    st.add_argument("--study-required-leaders", help="书记和支委年度学时要求")
    st.add_argument("--hours-rule", help="学时计算：hour（按实际小时）或 halfday（半天4学时、一天8学时）")
    st.add_argument("--ballot-order", choices=("pinyin", "roster"), help="测评表姓名顺序：pinyin 按拼音，roster 按花名册")
    st.add_argument("--source", help="以上修改的依据（文件名称）；写入对应设置的依据")
    st.set_defaults(handler=settings)


def _year(args: argparse.Namespace) -> int:
    if args.year is None:
        raise UserError("请给出年度：--year 年份，如 --year 2025")
    return args.year


def _member(db, name: str) -> int:
    from tui.store.members import find_by_name

    found = find_by_name(db, name.strip())
    if not found:
        raise UserError(f"花名册中没有“{name}”")
    if len(found) > 1:
        raise UserError(f"花名册中有 {len(found)} 名“{name}”，请在程序里录入")
    return found[0].id


def archive(args: argparse.Namespace) -> int:
    _year(args)
    from tui.export.yearend_archive import build_archive

    with opened(args) as db:
        result = build_archive(db, args.year, Path(args.output), force=args.force, typeset=not args.estimate_pages)
    print(f"已生成 {args.year} 年度归档：{result.folder}（共 {len(result.entries)} 份文件，"
          f"{sum(e.pages for e in result.entries)} 页），压缩包：{result.zip_path}")
    for e in result.entries:
        print(f"  {e.number:>2}. {e.file}  {e.date}  {e.pages}页")
    for name, why in result.skipped:
        print(f"  未归档：{name}——{why}")
    return 0


def evaluation_tally(args: argparse.Namespace) -> int:
    _year(args)
    from tui.store import evaluation

    with opened(args) as db:
        meeting = evaluation.meeting_of_year(db, args.year)
        evaluation.save_tallies(db, meeting.id, [{
            "member_id": _member(db, args.member), "voters": args.voters, "excellent": args.excellent,
            "qualified": args.qualified, "basic": args.basic, "unqualified": args.unqualified,
            "committee_grade": args.committee, "assembly_grade": args.assembly, "procedure": args.procedure,
        }])
    print(f"已保存 {args.member} 的测评票数（{meeting.date} 民主评议党员）")
    return 0


def evaluation_import(args: argparse.Namespace) -> int:
    _year(args)
    from tui.store import evaluation

    with opened(args) as db:
        meeting = evaluation.meeting_of_year(db, args.year)
        n = evaluation.save_tallies(db, meeting.id, evaluation.read_tally_sheet(Path(args.file), args.voters))
    print(f"已导入 {n} 名党员的测评票数（{meeting.date} 民主评议党员）")
    return 0


def evaluation_show(args: argparse.Namespace) -> int:
    _year(args)
    from tui.store import evaluation

    with opened(args) as db:
        s = evaluation.evaluation_summary(db, args.year)
    print(f"{s.meeting.date} 民主评议党员：参评 {s.evaluated} 人，参加测评 {s.voters} 人")
    print("评定结果：" + "，".join(f"{g}{n}人" for g, n in s.counts.items()))
    print(s.excellent_over or f"优秀人数未超过参评党员的{s.share_text}。")
    for item in s.unfinished:
        print(f"未完成：{item}")
    return 0


def _life_meeting_id(db, year: int) -> int:
    from tui.store.life_meeting import life_meetings

    found = life_meetings(db, year)
    if not found:
        raise UserError(f"{year}年没有“组织生活会”会议记录：请先在「会议」中记下这次组织生活会")
    return found[-1][0]


def life_opinion(args: argparse.Namespace) -> int:
    _year(args)
    from tui.store.life_meeting import add_opinion

    with opened(args) as db:
        add_opinion(db, _life_meeting_id(db, args.year), args.source, args.content, args.count)
    print("已记下这条意见")
    return 0


def life_problem(args: argparse.Namespace) -> int:
    _year(args)
    from tui.store.life_meeting import add_problem

    with opened(args) as db:
        member = _member(db, args.member) if args.member else None
        add_problem(db, _life_meeting_id(db, args.year), member, args.problem, args.cause, args.measure, args.criticisms)
    print(f"已记下{args.member or '支委会'}的查摆问题")
    return 0


def life_show(args: argparse.Namespace) -> int:
    _year(args)
    from tui.store.life_meeting import life_meeting_report

    with opened(args) as db:
        r = life_meeting_report(db, args.year)
    print(f"{r.date} 组织生活会：应到{r.expected}人，实到{r.present}人；征求意见{r.opinion_count}条；"
          f"会前谈心谈话{len(r.talks)}次；查摆问题{len(r.problems)}条；批评意见{r.criticism_count}条；整改措施{r.measure_count}项")
    for item in r.unfinished:
        print(f"未完成：{item}")
    return 0


def hours_add(args: argparse.Namespace) -> int:
    from tui.store.study_hours import add_entry

    with opened(args) as db:
        add_entry(db, _member(db, args.member), args.date, args.kind, args.hours, args.title)
    print(f"已记下 {args.member} 的{args.kind}培训 {args.hours} 学时")
    return 0


def hours_show(args: argparse.Namespace) -> int:
    _year(args)
    from tui.rules.yearend import hours_text
    from tui.store.study_hours import hours_ledger

    with opened(args) as db:
        ledger = hours_ledger(db, args.year)
    print(f"{args.year}年学时（{ledger.rule_text}；要求：党员{ledger.required}、书记和支委{ledger.required_leaders}）")
    for line in ledger.lines:
        mark = f"差{hours_text(line.short_tenths)}" if line.short_tenths else "达标"
        print(f"  {line.name}{('（' + line.role + '）') if line.role else ''}：会议{hours_text(line.meeting_tenths)}"
              f" + 培训{hours_text(line.outside_tenths)} = {hours_text(line.total_tenths)} 学时，{mark}")
    print(f"未达标 {len(ledger.below)} 人。依据：{ledger.source}")
    return 0


def secretary_section(args: argparse.Namespace) -> int:
    _year(args)
    from tui.export.catalogue import get_form
    from tui.store.forms import save_text

    labels = {s.key: s.label for s in get_form("secretary-report").sections}
    if args.section not in labels:
        raise UserError(f"述职报告没有“{args.section}”部分，可用：{'/'.join(labels)}")
    if args.file:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"无法读取 {args.file}：{exc}") from None
    else:
        text = args.text or ""
    if not text.strip():
        raise UserError(f"「{labels[args.section]}」不能为空：请写下内容（未保存）")
    with opened(args) as db:
        save_text(db, "secretary-report", args.year, args.section, text)
    print(f"已保存述职报告的「{labels[args.section]}」（{args.year}年度）")
    return 0


def secretary_check(args: argparse.Namespace) -> int:
    _year(args)
    from tui.export.catalogue import FormParams
    from tui.export.yearend_secretary import build_draft

    with opened(args) as db:
        d = build_draft(db, FormParams(year=args.year, extra={"allow_empty": True}))   # a check, not an export
    for item in d.unfinished:
        print(f"未完成：{item}")
    print(d.share.sentence() + "。")
    return 0 if d.share.ok and not d.unfinished else 1


def settings(args: argparse.Namespace) -> int:
    from tui.store.branch import get_setting, set_setting
    from tui.store.yearend_settings import LABELS, get_yearend_settings, save_yearend_settings

    changes = {k: getattr(args, k) for k in ("excellent_share", "problems_share", "study_required",
                                              "study_required_leaders", "hours_rule") if getattr(args, k) is not None}
    if args.source:
        for key, source in (("excellent_share", "excellent_source"), ("problems_share", "problems_source"),
                            ("study_required", "study_source"), ("study_required_leaders", "study_source")):
            if key in changes:
                changes[source] = args.source
    with opened(args) as db:
        current = save_yearend_settings(db, changes) if changes else get_yearend_settings(db)
        if args.ballot_order:
            set_setting(db, "yearend.ballot_order", args.ballot_order)
        order = get_setting(db, "yearend.ballot_order", "pinyin")
    for key, label in LABELS.items():
        value = getattr(current, key)
        if key == "hours_rule":
            value = current.hours_rule_text
        print(f"{label}：{value}")
    print(f"测评表姓名顺序：{'按姓名拼音' if order == 'pinyin' else '按花名册顺序'}")
    return 0
