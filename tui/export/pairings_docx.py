"""结对情况一览表 as an official .docx: the list, the outcome counts by level, the workload,
and the sentences a case write-up quotes."""

from __future__ import annotations

from pathlib import Path

from tui.export.docx_base import TEXT_WIDTH_MM, OfficialDoc

_LIST_HEADER = ("序号", "模式", "结对名称及内容", "结对成员", "起止时间", "活动", "主要成果")
_LIST_WIDTHS = (12, 24, 54, 50, 38, 22, 57)   # the landscape text width, 257 mm; the counts below keep 156
_SMALL = 10.5  # 五号: a dense list would not fit in 小四


def write_pairings_docx(path: Path, report, *, force: bool = False) -> Path:
    doc = OfficialDoc()
    doc.landscape()   # a seven-column 一览表 is unreadable on a portrait page
    doc.title(report.title)
    doc.subtitle(" ".join(p for p in (report.branch_name, report.period) if p))

    doc.heading1("一、结对情况")
    if report.rows:
        rows = [
            (str(i), r["mode"], "\n".join(x for x in (r["title"], r["object"]) if x), r["members"],
             f"{r['period']}\n{r['status']}", r["work"], r["outcomes"] or "—")
            for i, r in enumerate(report.rows, start=1)
        ]
        doc.table(_LIST_HEADER, rows, _LIST_WIDTHS, font_pt=_SMALL)
    else:
        doc.para("本期没有结对。")

    doc.heading1("二、成果统计")
    levels = list(report.levels)
    header = ("模式", "成果类别", *levels, "合计")
    widths = [30, 34] + [(TEXT_WIDTH_MM - 64 - 20) / len(levels)] * len(levels) + [20]
    rows = [(mode, kind, *map(str, per), str(total)) for mode, kind, per, total in report.stats_rows]
    sums = [sum(r[2][i] for r in report.stats_rows) for i in range(len(levels))]
    rows.append(("合计", "", *map(str, sums), str(sum(sums))))
    doc.table(header, rows, widths, font_pt=_SMALL)

    doc.heading1("三、工作量统计")
    header = ("模式", "结对数", "其中进行中", "活动次数", "活动学时", "成果数")
    rows = [(name, str(n), str(ongoing), str(acts), hours, str(outs))
            for name, n, ongoing, acts, hours, outs in report.totals]
    doc.table(header, rows, [36, 24, 24, 24, 24, 24], font_pt=_SMALL)

    doc.heading1("四、成果概述")
    doc.para("\n".join(report.sentences) if report.sentences else "本期尚无登记的成果。")
    return doc.save(path, force=force)
