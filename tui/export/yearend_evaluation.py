"""民主评议党员 forms: the 测评表 to print, the 测评结果汇总表 and the 民主评议党员情况报告."""

from __future__ import annotations

from pathlib import Path

from tui.export.yearend_common import branch_name, not_found_as_export, suffix_of, unfinished_note, year_of
from tui.rules import yearend as rules
from tui.rules.dates import cn_date
from tui.store import evaluation as store
from tui.store.branch import get_setting
from tui.store.errors import NotFoundError
from tui.store.meetings import grade_set

ORDER_KEY = "yearend.ballot_order"       # "pinyin" (default) or "roster"


def ballot_names(db, year: int) -> list[str]:
    """Those to be evaluated, in the order the branch chose (姓名拼音 or 花名册顺序)."""
    try:
        meeting = store.meeting_of_year(db, year)
        names = [line.name for line in store.evaluation_lines(db, meeting.id)]
    except NotFoundError:
        names = []
    if not names:   # the ballot is printed before the meeting: everyone in the branch at the year's end
        from tui.store.summary import members_at

        ids = sorted(members_at(db, f"{year}-12-31"))
        rows = dict(db.execute("SELECT id, name FROM members").fetchall())
        names = [rows[i] for i in ids]
    if get_setting(db, ORDER_KEY, "pinyin") == "pinyin":
        from tui.pinyin_search import name_keys

        names.sort(key=lambda n: name_keys(n)[0])
    return names


def export_ballots(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.docx_base import OfficialDoc
    from tui.store.yearend_settings import get_yearend_settings

    suffix_of(out, (".docx",))
    year = year_of(params)
    branch = branch_name(db)
    grades = grade_set(db)
    names = ballot_names(db, year)
    settings = get_yearend_settings(db)
    doc = OfficialDoc()
    doc.title(f"{branch}\n{year}年度民主评议党员测评表")
    doc.para(f"说明：1. 本表无记名填写。2. 请在每名党员对应的等次栏内划“√”，每人只选一个等次，"
             f"未划或多划视为无效。3. 评为“优秀”的人数不超过参评党员的{rules.share_text(settings.excellent_share)}。")
    width = (156 - 14 - 34) / len(grades)
    doc.table(("序号", "姓名", *grades), [(str(i), n, *[""] * len(grades)) for i, n in enumerate(names, 1)],
              (14, 34, *[width] * len(grades)), font_pt=12)
    doc.blank(1)
    doc.right("测评时间：    年  月  日", right_chars=2)
    return doc.save(out, force=force)


def summary_rows(s: store.EvaluationSummary) -> list[list[str]]:
    rows = []
    for n, line in enumerate(s.lines, start=1):
        t = line.tally
        votes = [str(v) for v in t.tally.by_grade().values()] if t else ["", "", "", ""]
        rows.append([str(n), line.name, str(t.voters) if t else "", *votes,
                     t.committee_grade if t else "", s.final.get(line.member_id, ""),
                     (t.procedure if t else "") or ""])
    return rows


SUMMARY_HEADER = ["序号", "姓名", "参加测评人数", "优秀", "合格", "基本合格", "不合格", "支委会建议等次", "评定等次", "处置建议"]


def report_paragraphs(s: store.EvaluationSummary, branch: str) -> list[str]:
    counts = "，".join(f"{g}{n}名" for g, n in s.counts.items())
    share = s.counts.get("优秀", 0) * 100 / s.evaluated if s.evaluated else 0
    paras = [
        f"根据上级党组织关于开展{s.year}年度民主评议党员工作的部署，{branch}于{cn_date(s.meeting.date)}召开支部党员大会，"
        f"按照个人自评、党员互评、民主测评、组织评定的程序开展民主评议党员工作。",
        f"本次参加评议的党员{s.evaluated}名，参加民主测评{s.voters}人。经民主测评和支委会研究提出意见，"
        f"支部党员大会评定：{counts}。评定为优秀的党员占参评党员的{share:.1f}%。",
    ]
    if s.excellent_over:
        paras.append(f"【需注意】{s.excellent_over}，请支委会按规定复核。（依据：{s.share_source}）")
    else:
        paras.append(f"评定为优秀的人数未超过参评党员的{s.share_text}（依据：{s.share_source}）。")
    if s.procedures:
        paras.append("对评定为不合格的党员，支部提出处置建议（报上级党组织按程序办理，本表不作决定）："
                     + "；".join(f"{name}：{p}" for name, p in s.procedures) + "。")
    elif s.counts.get("不合格", 0):
        paras.append(f"评定为不合格的党员{s.counts['不合格']}名，尚未记录处置建议（限期改正、劝退或除名）。")
    return paras


@not_found_as_export
def export_evaluation_summary(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    suffix = suffix_of(out, (".docx", ".xlsx"))
    year = year_of(params)
    branch = branch_name(db)
    s = store.evaluation_summary(db, year)
    rows = summary_rows(s)
    if suffix == ".xlsx":
        from tui.export.dues_tables import Table, write_xlsx

        tables = [
            Table("测评结果汇总表", f"{branch}{year}年度民主评议党员测评结果汇总表", SUMMARY_HEADER, rows,
                  subtitle=f"评议时间：{cn_date(s.meeting.date)}", notes=s.unfinished),
            Table("评定结果统计", f"{year}年度民主评议党员评定结果统计", ["等次", "人数"],
                  [[g, str(n)] for g, n in s.counts.items()] + [["合计", str(sum(s.counts.values()))]],
                  notes=report_paragraphs(s, branch)),
        ]
        return write_xlsx(Path(out), tables, force=force)
    from tui.export.docx_base import OfficialDoc

    doc = OfficialDoc()
    doc.title(f"{branch}\n{year}年度民主评议党员测评结果汇总表")
    unfinished_note(doc, s.unfinished)
    doc.para(f"评议时间：{cn_date(s.meeting.date)}，参评党员{s.evaluated}名，参加测评{s.voters}人。")
    doc.table(SUMMARY_HEADER, rows, (10, 19, 15, 12, 12, 14, 12, 22, 18, 22), font_pt=10.5, cell_margin_mm=0.8)
    doc.page_break()
    doc.title(f"{branch}\n关于{year}年度民主评议党员情况的报告")
    for text in report_paragraphs(s, branch):
        doc.para(text)
    doc.table(("等次", *s.counts.keys(), "合计"), [("人数", *[str(n) for n in s.counts.values()], str(sum(s.counts.values())))])
    doc.blank(1)
    doc.right(f"{branch}\n{cn_date(s.meeting.date)}", right_chars=4)
    return doc.save(out, force=force)
