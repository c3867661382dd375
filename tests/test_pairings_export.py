"""结对情况一览表: the exported file, reopened, holds the pairings and the right counts."""

from __future__ import annotations

import pytest
from docx import Document
from openpyxl import load_workbook

from tui.export.catalogue import FormParams, get_form
from tui.store import members, people
from tui.store import pairings as store


@pytest.fixture
def branch(db):
    from tui.store.branch import save_branch

    save_branch(db, {"name": "机电学院教工党支部"})
    lead = members.save_member(db, {"name": "张慧", "category": "教工", "join_date": "2008-06"})
    teacher = people.save_person(db, {"name": "=陈老师", "kind": "教师"})   # must stay text in Excel
    pid = store.save_pairing(db, {"mode": "teaching", "title": "制图结对", "lead_id": lead, "person_id": teacher,
                                  "object_text": "《机械制图》精品课程建设", "start_date": "2024-03-01"})
    for kind, level, date in [("精品课程", "省级", "2024-05-01"), ("精品课程", "省级", "2024-09-01"),
                              ("精品课程", "省级", "2024-11-01"), ("教学团队", "省级", "2024-06-01"),
                              ("教学团队", "省级", "2024-07-01"), ("论文", "校级", "2025-02-01")]:
        store.add_outcome(db, pid, {"kind": kind, "level": level, "date": date, "title": f"{kind}（{date}）"})
    store.add_activity(db, pid, "2024-04-01", "集体备课", "2.5")
    old = store.save_pairing(db, {"mode": "teaching", "title": "旧结对", "lead_id": lead, "person_id": teacher,
                                  "object_text": "课题", "start_date": "2020-03-01", "end_date": "2021-01-01",
                                  "status": "已结束"})
    return {"current": pid, "old": old}


def export(db, path, **params):
    return get_form("pairings").build(db, FormParams(**params), path)


def test_xlsx_reopened_has_the_list_and_the_counts(db, branch, tmp_path):
    path = export(db, tmp_path / "结对.xlsx", year=2024)
    wb = load_workbook(path)
    listing = wb["结对一览"]
    assert "2024年度" in listing["A1"].value
    titles = [listing.cell(row=r, column=3).value for r in range(3, listing.max_row + 1)]
    assert titles == ["制图结对"]                                   # the 2020 pairing did not run in 2024
    members_cell = listing.cell(row=3, column=5)
    assert members_cell.data_type == "s" and "普通教师：=陈老师" in members_cell.value
    stats = wb["成果统计"]
    rows = {(stats.cell(row=r, column=1).value, stats.cell(row=r, column=2).value):
            [stats.cell(row=r, column=c).value for c in range(3, 8)] for r in range(3, 8)}
    assert rows[("教研结对", "精品课程")] == [0, 3, 0, 0, 3]
    assert rows[("教研结对", "教学团队")] == [0, 2, 0, 0, 2]
    assert ("教研结对", "论文") not in rows                          # dated 2025
    assert rows[("合计", None)] == [0, 5, 0, 0, 5]
    texts = [c.value for row in stats.iter_rows() for c in row if isinstance(c.value, str)]
    assert "通过教研结对，已建立3门省级精品课程、2个省级教学团队。" in texts
    detail = wb["成果明细"]
    assert detail.max_row == 2 + 5


def test_docx_reopened_has_title_table_counts_and_sentence(db, branch, tmp_path):
    path = export(db, tmp_path / "结对.docx", date_from="2024-01-01", date_to="2025-06-30")
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "“1+1+1”结对情况一览表" in text
    assert "2024年1月1日至2025年6月30日" in text
    assert "通过教研结对，已建立3门省级精品课程、2个省级教学团队，发表1篇校级论文。" in text
    listing, counts, workload = doc.tables
    assert [c.text for c in listing.rows[1].cells][1:3] == ["教研结对", "制图结对\n课程或课题：《机械制图》精品课程建设"]
    assert len(listing.rows) == 2
    by_kind = {r.cells[1].text: [c.text for c in r.cells[2:]] for r in counts.rows[1:]}
    assert by_kind["精品课程"] == ["0", "3", "0", "0", "3"]
    assert by_kind["论文"] == ["0", "0", "0", "1", "1"]
    assert [c.text for c in counts.rows[-1].cells][-1] == "6"
    teaching = next(r for r in workload.rows if r.cells[0].text == "教研结对")
    assert [c.text for c in teaching.cells] == ["教研结对", "1", "1", "1", "2.5", "6"]
    # Seven columns need the page turned: 模式 and the dates must not break letter by letter.
    section = doc.sections[0]
    assert section.page_width > section.page_height
    assert sum(col.width.mm for col in listing.columns) > 250


def test_cli_export_by_year_and_refusal_to_overwrite(db, branch, tmp_path, capsys):
    from tui.__main__ import main
    from tui.store.db import db_path_of

    db_file = str(db_path_of(db))
    out = tmp_path / "一览表.xlsx"
    # The test's own connection holds the one-window lock; the CLI opens the same file.
    from tui.store.db import close_db

    close_db(db)
    assert main(["export", "pairings", "--year", "2024", "-o", str(out), "--db", db_file]) == 0
    assert "已导出「结对情况一览表」" in capsys.readouterr().out
    assert load_workbook(out)["成果统计"]["G3"].value == 3
    assert main(["export", "pairings", "--year", "2024", "-o", str(out), "--db", db_file]) == 1
    assert "文件已存在" in capsys.readouterr().err
    assert main(["export", "pairings", "-o", str(tmp_path / "x.pdf"), "--db", db_file]) == 1


def test_demo_has_all_three_modes_over_several_years(demo_db):
    pairings = store.list_pairings(demo_db)
    assert {p.mode for p in pairings} == {"mentor", "teaching", "enterprise"}
    assert len({p.start_date[:4] for p in pairings}) >= 5
    stats = store.outcome_stats(demo_db)
    assert stats.count() > 20 and len(stats.sentences()) == 3
    for p in pairings[:15]:    # demo rows obey the store's own rules
        store.save_pairing(demo_db, {**store._as_data(p)}, p.id)
        for o in store.list_outcomes(demo_db, p.id):
            assert o.date >= p.start_date


def test_data_modules_import_neither_textual_nor_heavy_libraries():
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys\n"
        "import tui.store.pairings, tui.store.people, tui.rules.pairings, tui.export.pairings, "
        "tui.export.pairings_docx, tui.export.pairings_xlsx, tui.demo.pairings, tui.cli.pairings\n"
        "print(sorted(m for m in ('textual', 'docx', 'openpyxl', 'pypinyin') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], check=True).stdout
    assert out.strip() == "[]"


def test_the_list_counts_the_periods_activities_as_the_totals_do(db, branch, tmp_path):
    store.add_activity(db, branch["current"], "2025-03-01", "听课评课", "2")
    store.add_activity(db, branch["current"], "2025-04-01", "课程研讨", "1.5")
    wb = load_workbook(export(db, tmp_path / "结对.xlsx", year=2025))
    ws = wb["结对一览"]
    assert [ws.cell(row=2, column=c).value for c in (8, 9)] == ["活动次数", "活动学时"]
    assert (ws.cell(row=3, column=8).value, ws.cell(row=3, column=9).value) == (2, 3.5)    # not the 2024 one
    totals = {r[0]: r for r in wb["成果统计"].iter_rows(values_only=True) if r[0] == "教研结对" and r[1] == 1}
    assert totals["教研结对"][3:5] == (2, 3.5)
