"""书记抓基层党建述职报告: a draft from the year's records plus the secretary's own sections.

The counted part comes from the same summary the 年度党建工作总结 uses (meetings by kind, talks and
their coverage, dues, development, pairings); the shortfalls of the 三会一课 from the meetings area.
The secretary's sections are saved per year like every built-in form's (form_texts). The draft
measures “存在问题及原因” against the whole text and says whether it meets the rule's share.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.export import forms_sentences as say
from tui.export.atomic import ExportError
from tui.rules import yearend as rules
from tui.rules.dates import cn_date
from tui import clock

FORM_ID = "secretary-report"
PROBLEMS = "存在问题"


@dataclass
class SecretaryDraft:
    branch: str
    year: int
    secretary: str
    counted: list[tuple[str, list[str]]]    # (heading, paragraphs) built from the records
    texts: dict[str, str]                   # section key → the secretary's text
    labels: dict[str, str]                  # section key → label
    optional: tuple[str, ...]               # sections that may stay empty
    share: rules.ShareReport
    share_source: str

    @property
    def unfinished(self) -> list[str]:
        return [f"「{self.labels[k]}」尚未填写" for k in self.labels
                if k not in self.optional and not self.texts.get(k, "").strip()]


def shortfall_sentence(report: list[tuple]) -> str:
    """From tui.store.meetings.frequency_report: rows starting (kind, 党小组, held, due so far, …)."""
    short = [f"{kind}{('（' + group + '）') if group else ''}应开{due}次、实开{held}次"
             for kind, group, held, due, *_ in report if held < due]
    if not short:
        return "“三会一课”均达到规定次数。"
    return "未达到规定次数的有：" + "；".join(short) + "。"


def build_draft(db, params) -> SecretaryDraft:
    from tui.export.catalogue import get_form
    from tui.export.forms_builtin import gather
    from tui.store.meetings import frequency_report
    from tui.store.yearend_settings import get_yearend_settings

    data = gather(db, FORM_ID, params)
    s = data.summary
    if s.record_count == 0:
        raise ExportError(f"{data.period.title}没有任何记录（会议、谈话、党费、结对、党员发展），无法生成述职报告的统计部分。请检查年度。", "年度")
    year = data.period.year
    counted = [
        ("组织生活开展情况", [say.meetings_sentence(s) + say.evaluation_sentence(s),
                          shortfall_sentence(frequency_report(db, year))]),
        ("谈心谈话情况", [say.talks_sentence(s)]),
        ("党费收缴情况", [say.dues_sentence(s)]),
    ]
    if s.joined or s.made_full or s.left:
        counted.append(("党员发展与管理", [say.members_moves_sentence(s)]))
    counted.append(("“1+1+1”结对情况", [say.pairings_sentence(s)]))
    spec = get_form(FORM_ID)
    labels = {sec.key: sec.label for sec in spec.sections}
    texts = {k: v for k, v in data.texts.items() if k in labels}
    settings = get_yearend_settings(db)
    whole = sum(rules.text_length(p) for _, paras in counted for p in paras)
    whole += sum(rules.text_length(t) for t in texts.values())
    share = rules.ShareReport(rules.text_length(texts.get(PROBLEMS, "")), whole, settings.problems_share)
    secretary = data.secretary.name if data.secretary else ""
    optional = tuple(sec.key for sec in spec.sections if sec.optional)
    return SecretaryDraft(data.branch_name, year, secretary, counted, texts, labels, optional, share,
                          settings.problems_source)


def export_secretary_report(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.docx_base import OfficialDoc
    from tui.export.yearend_common import suffix_of, unfinished_note

    suffix_of(out, (".docx",))
    if not params.year and not (params.date_from or params.date_to):
        raise ExportError("请指定述职的年度（--year）", "年度")
    d = build_draft(db, params)
    doc = OfficialDoc()
    doc.title(f"{d.branch}书记\n{d.year}年度抓基层党建工作述职报告")
    if d.secretary:
        doc.subtitle(d.secretary)
    unfinished = list(d.unfinished)
    if not d.share.ok:
        unfinished.append(d.share.sentence() + "（依据：" + d.share_source + "）")
    unfinished_note(doc, unfinished)
    if d.texts.get("开头", "").strip():
        doc.para(d.texts["开头"])
    doc.heading1("一、履行抓基层党建工作职责情况")
    for n, (heading, paras) in enumerate(d.counted, start=1):
        doc.heading2(f"（{'一二三四五六七八九十'[n - 1]}）{heading}")
        for p in paras:
            doc.para(p)
    doc.heading2(f"（{'一二三四五六七八九十'[len(d.counted)]}）主要做法和成效")
    doc.para(d.texts.get("主要做法", "").strip() or "（待填写）")
    doc.heading1("二、存在问题及原因")
    doc.para(d.texts.get(PROBLEMS, "").strip() or "（待填写：存在的问题，以及问题的原因）")
    doc.heading1("三、下一步工作思路")
    doc.para(d.texts.get("下步打算", "").strip() or "（待填写）")
    doc.blank(1)
    today = clock.today()
    signed = today if today.year <= d.year else f"{d.year}-12-31"
    doc.right(f"{d.secretary}\n{cn_date(signed)}", right_chars=4)
    return doc.save(out, force=force)
