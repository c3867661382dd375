"""组织生活会情况报告: the meeting with its materials counted (征求意见, 谈心谈话, 查摆问题, 整改清单)."""

from __future__ import annotations

from pathlib import Path

from tui.export.yearend_common import branch_name, not_found_as_export, suffix_of, unfinished_note, year_of
from tui.rules.dates import cn_date
from tui.store import life_meeting as store


@not_found_as_export
def export_life_meeting_report(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.docx_base import OfficialDoc

    suffix_of(out, (".docx",))
    year = year_of(params)
    branch = branch_name(db)
    r = store.life_meeting_report(db, year)
    doc = OfficialDoc()
    doc.title(f"{branch}\n关于召开{year}年度组织生活会情况的报告")
    unfinished_note(doc, r.unfinished)
    committee = [p for who, p in r.problems if who == store.COMMITTEE]
    personal = [(who, p) for who, p in r.problems if who != store.COMMITTEE]
    doc.para(
        f"{branch}于{cn_date(r.date)}召开{year}年度组织生活会。支部应到党员{r.expected}名，实到{r.present}名"
        + (f"，{'、'.join(r.absent_names)}未参加" if r.absent_names else "")
        + f"。会议由支委会作对照检查，党员逐一发言，开展批评和自我批评，共提出批评意见{r.criticism_count}条，"
        f"形成整改措施{r.measure_count}项。现将有关情况报告如下。"
    )
    doc.heading1("一、会前准备情况")
    doc.heading2("（一）征求意见")
    if r.opinions:
        by_source = "，".join(f"{src}{n}条" for src, n in r.opinion_sources.items())
        doc.para(f"会前通过多种方式广泛征求意见建议，共收集意见建议{r.opinion_count}条（{by_source}），归纳如下。")
        doc.table(("序号", "来源", "意见建议", "条数"),
                  [(str(i), o.source, o.content, str(o.count)) for i, o in enumerate(r.opinions, 1)], (14, 30, 94, 18))
    else:
        doc.para("（尚未录入会前征求意见）")
    doc.heading2("（二）谈心谈话")
    doc.para(f"{cn_date(r.season_start)}至{cn_date(r.date)}，支部开展谈心谈话{len(r.talks)}次，"
             f"参会党员中有{r.talk_members}名参加了谈心谈话（共{r.members}名）。")
    if r.talks:
        doc.table(("日期", "谈话人", "谈话对象"), [(cn_date(d), a, b) for d, a, b in r.talks], (36, 40, 80))
    doc.heading1("二、查摆问题情况")
    doc.heading2("（一）支委会班子查摆的问题")
    if committee:
        doc.table(("序号", "问题", "原因", "整改措施"),
                  [(str(i), p.problem, p.cause, p.measure) for i, p in enumerate(committee, 1)], (14, 46, 46, 50))
    else:
        doc.para("（尚未录入支委会查摆问题）")
    doc.heading2("（二）党员个人查摆的问题")
    if personal:
        doc.table(("姓名", "问题", "原因", "整改措施", "批评意见"),
                  [(who, p.problem, p.cause, p.measure, f"{p.criticisms}条") for who, p in personal], (22, 40, 38, 40, 16))
    else:
        doc.para("（尚未录入党员个人查摆问题）")
    doc.heading1("三、整改落实情况")
    if r.rectifications:
        doc.para(f"会后，支部针对查摆出的问题制定整改清单，共{r.measure_count}项，明确责任人和完成时限。")
        doc.table(("序号", "问题", "整改措施", "责任人", "完成时限", "完成情况"),
                  [(str(i), x.problem, x.measure, x.owner, cn_date(x.deadline), cn_date(x.done_date) or "整改中")
                   for i, x in enumerate(r.rectifications, 1)], (12, 38, 44, 20, 22, 20))
    else:
        doc.para("（尚未录入整改清单）")
    doc.blank(1)
    doc.right(f"{branch}\n{cn_date(r.date)}", right_chars=4)
    return doc.save(out, force=force)
