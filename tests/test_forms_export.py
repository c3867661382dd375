"""Golden tests: export each built-in form, reopen the .docx, check its text, tables, fonts, margins."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_forms_seed import YEAR, seed
from tui.export.atomic import ExportError
from tui.export.catalogue import FORMS, FormParams, all_forms, get_form
from tui.store import deadlines as dl
from tui.store import forms as form_store

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BUILT_IN = ("annual-summary", "dual-leader-application", "model-branch-plan", "case-study")
ALLOW_EMPTY = FormParams(year=YEAR, extra={"allow_empty": True})


@pytest.fixture
def seeded(db):
    seed(db)
    return db


@pytest.fixture
def seeded_path(tmp_path) -> str:
    """A seeded branch file, closed (the CLI takes the one-window lock)."""
    from tui.store.db import close_db, open_db

    path = tmp_path / "cli.db"
    db = open_db(path)
    seed(db)
    close_db(db)
    return str(path)


def reopen(path: Path):
    import docx

    return docx.Document(str(path))


def body_text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def table_rows(doc) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def style_east_asia(paragraph) -> str | None:
    style = paragraph.style
    while style is not None:
        rfonts = style.element.find(f"{W}rPr/{W}rFonts")
        if rfonts is not None and rfonts.get(f"{W}eastAsia"):
            return rfonts.get(f"{W}eastAsia")
        style = style.base_style
    return None


def export(db, form_id: str, tmp_path: Path, **params) -> Path:
    out = tmp_path / f"{form_id}.docx"
    # The golden tests look at the whole layout, placeholders included: the secretary chose them.
    return get_form(form_id).build(db, FormParams(**({"year": YEAR, "extra": {"allow_empty": True}} | params)), out)


def assert_official_layout(doc) -> None:
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.bottom_margin.mm) == 35
    assert round(section.left_margin.mm) == 28 and round(section.right_margin.mm) == 26
    title = next(p for p in doc.paragraphs if p.style.name == "公文标题")
    assert style_east_asia(title) == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.style.name == "公文正文" and p.text)
    assert style_east_asia(body) == "仿宋_GB2312"
    heading = next(p for p in doc.paragraphs if p.style.name == "公文一级标题")
    assert style_east_asia(heading) == "黑体" and heading.text.startswith("一、")
    footer_xml = doc.sections[0].footer._element.xml
    assert "— " in footer_xml and " PAGE " in footer_xml
    lang = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"


def test_catalogue_lists_every_form_once():
    ids = [f.id for f in FORMS]
    assert len(ids) == len(set(ids))
    for form_id in BUILT_IN:
        form = get_form(form_id)
        assert form.sections and form.outputs == (".docx",)
    assert [f.id for f in all_forms()] == ids         # no templates installed yet
    with pytest.raises(KeyError, match="没有名为「nope」的表格"):
        get_form("nope")


def test_annual_summary_numbers_match_the_records(seeded, tmp_path):
    form_store.save_text(seeded, "annual-summary", YEAR, "主要做法", "坚持“三会一课”制度。\n推进党建与业务融合。")
    form_store.save_text(seeded, "annual-summary", YEAR, "存在问题", "理论学习深度不够。")
    doc = reopen(export(seeded, "annual-summary", tmp_path))
    text = body_text(doc)
    assert "计算机学院教工第一党支部\n2025年度党建工作总结" in text
    assert "2025年度，支部开展主题党日12次、党课3次、谈心谈话5次、“1+1+1”结对3个。" in text
    # the 支委会 without quorum (2025-06-25) is not counted, as on the 工作台, and the text says so
    assert "召开支部党员大会4次、支部委员会12次，讲党课3次（主讲人：张建国2次、李秀英1次），开展主题党日活动12次，" \
           "召开组织生活会1次，开展民主评议党员。另有1次支委会到会委员未过半数，未计入。" \
           "参加民主评议的党员5人，其中优秀2人、合格3人。" in text
    assert "开展谈心谈话5次，5名党员参加了谈话，占党员总数的83.3%。" in text
    # coverage as the talks area measures it: 李秀英 and 王磊 (both 支委) have not talked
    assert "支委之间已谈心2对（应谈3对），2名党员已与支委谈心，还有1名党员尚未与支委谈心。" in text
    assert "口径" not in text and "其他党员" not in text
    assert "6名党员应交党费645.00元，实交585.00元，收缴率90.7%；另有自愿多交党费1000.00元。" in text
    assert "开展结对活动4次、累计11.5小时，取得成果3项（省级2项、校级1项）" in text
    assert "支部共有党员6名，其中正式党员5名、预备党员1名" in text
    assert "发展党员1名（刘洋），预备党员转正1名（陈静）" in text
    # the secretary's paragraphs, each line its own paragraph; unwritten parts say so
    assert "坚持“三会一课”制度。\n推进党建与业务融合。" in text
    assert "理论学习深度不够。" in text
    assert "下一步工作打算\n（待填写）" in text
    assert "特色与亮点" not in text                  # optional and empty: left out
    tables = table_rows(doc)
    meetings = {row[0]: row[1] for row in tables[0][1:]}
    assert meetings["支部党员大会"] == "4" and meetings["主题党日"] == "12" and meetings["党小组会"] == "0"
    assert tables[1][1] == ["6", "645.00", "585.00", "90.7%", "1000.00"]
    assert tables[2][1:] == [
        ["导师制团队", "1个", "2次", "4.5小时", "1项"], ["教研结对", "1个", "1次", "3小时", "1项"],
        ["企业服务", "1个", "1次", "4小时", "1项"], ["合计", "3个", "4次", "11.5小时", "3项"],
    ]
    assert tables[3][1] == ["项数", "0", "2", "0", "1", "3"]
    assert_official_layout(doc)


def test_dual_leader_application(seeded, tmp_path):
    form_store.save_text(seeded, "dual-leader-application", YEAR, "工作室名称", "“智算先锋”书记工作室")
    form_store.save_text(seeded, "dual-leader-application", YEAR, "第一年目标", "建成学习制度体系。")
    doc = reopen(export(seeded, "dual-leader-application", tmp_path))
    text = body_text(doc)
    cover = {row[0]: row[2] for row in table_rows(doc)[0]}
    assert cover["工作室名称"] == "“智算先锋”书记工作室"
    assert cover["负责人"] == "张建国" and cover["填报日期"] == "2026年11月21日"
    assert set(cover) >= {"所在党支部", "所属党委", "联系电话"}
    assert "有正式党员5人、预备党员1人，党支部书记张建国，支部委员李秀英、王磊。" in text
    assert "高级职称2人、中级职称3人；博士2人、硕士3人" in text
    # Filed on 2026-11-21: the two plan years are the next two, whatever year the figures are from.
    assert "（一）第一年度（2027年）\n建成学习制度体系。" in text
    assert "（二）第二年度（2028年）\n（待填写）" in text
    cells = {row[i]: row[i + 1] for row in table_rows(doc)[1] for i in range(0, len(row), 2)}
    assert cells["支部名称"] == "计算机学院教工第一党支部"
    assert cells["书记姓名"] == "张建国"
    assert cells["党员人数"] == "6人（截至2025年12月31日）" and cells["高级职称"] == "2人"
    assert "市级名师" in cells["所获荣誉"]
    assert_official_layout(doc)


def test_model_branch_plan_profile_from_the_roster(seeded, tmp_path):
    form_store.save_text(seeded, "model-branch-plan", YEAR, "建设目标", "打造“进取型”支部。")
    doc = reopen(export(seeded, "model-branch-plan", tmp_path))
    text = body_text(doc)
    assert "一、党组织简介" in text
    assert "获得市级“园丁奖”的党员2人，获得“市级名师”的党员1人" in text
    assert "三、建设目标\n打造“进取型”支部。" in text
    stats = dict(table_rows(doc)[0][1:])
    assert stats["正式党员"] == "5人" and stats["博士"] == "2人" and stats["获得荣誉的党员"] == "3人"
    assert_official_layout(doc)


def test_case_study_counts_pairings_and_outcomes(seeded, tmp_path):
    doc = reopen(export(seeded, "case-study", tmp_path))
    text = body_text(doc)
    assert "支部组建“1+1+1”结对3个（导师制团队1个、教研结对1个、企业服务1个）" in text
    assert "取得成果3项（省级2项、校级1项）。通过导师制团队，已获得1项省级竞赛奖项。" \
           "通过教研结对，已建立1门省级精品课程。通过企业服务，已完成1项校级技术服务。" in text
    assert "删除的" not in text                      # the deleted pairing and its outcome
    pairings, outcomes = table_rows(doc)
    assert [r[1] for r in pairings[1:]] == ["智能车竞赛团队", "数据结构课程建设", "生产线视觉检测"]
    assert pairings[1][2] == "王磊、钱同学" and pairings[1][3] == "孙同学"
    assert [r[2] for r in outcomes[1:]] == ["视觉检测技术服务", "省智能车竞赛一等奖", "数据结构省级精品课程"]
    assert outcomes[1][4] == "2025年8月"
    assert doc.tables[-1].columns[4].width.mm >= 24      # “2025年8月” on one line in 小四
    assert_official_layout(doc)


def test_a_period_with_no_records_is_refused_without_a_file(seeded, tmp_path):
    for form_id in ("annual-summary", "case-study"):
        with pytest.raises(ExportError, match="2030年度.*没有"):
            export(seeded, form_id, tmp_path, year=2030)
    assert list(tmp_path.glob("*.docx")) == []


def test_no_branch_or_no_members_is_refused(db, tmp_path):
    with pytest.raises(ExportError, match="支部名称"):
        export(db, "model-branch-plan", tmp_path)
    from tui.store.branch import save_branch

    save_branch(db, {"name": "空支部"})
    with pytest.raises(ExportError, match="花名册中没有党员"):
        export(db, "model-branch-plan", tmp_path)
    assert list(tmp_path.glob("*.docx")) == []


def test_existing_file_is_not_overwritten_unless_forced(seeded, tmp_path):
    out = tmp_path / "总结.docx"
    out.write_bytes(b"keep me")
    with pytest.raises(ExportError, match="文件已存在"):
        get_form("annual-summary").build(seeded, ALLOW_EMPTY, out)
    assert out.read_bytes() == b"keep me"
    get_form("annual-summary").build(seeded, ALLOW_EMPTY, out, force=True)
    assert "党建工作总结" in body_text(reopen(out))


def test_unwritable_folder_is_a_clear_message(seeded, tmp_path):
    with pytest.raises(ExportError, match="文件夹不存在"):
        export(seeded, "annual-summary", tmp_path / "nope")


def test_export_marks_the_deadline_exported(seeded, tmp_path):
    a = dl.save_deadline(seeded, {"title": "年度总结报送", "due_date": "2026-01-10", "forms": "annual-summary"})
    b = dl.save_deadline(seeded, {"title": "案例报送", "due_date": "2026-01-10", "forms": "case-study"})
    export(seeded, "annual-summary", tmp_path)
    assert dl.get_deadline(seeded, a).status == "已导出"
    assert dl.get_deadline(seeded, b).status == "待办"


def test_progress_is_reported(seeded, tmp_path):
    seen = []
    get_form("case-study").build(seeded, ALLOW_EMPTY, tmp_path / "c.docx", progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)


# ── the command line ──


def run_cli(*argv) -> int:
    from tui.__main__ import main

    return main(list(argv))


def test_cli_export_forms_and_deadlines(seeded_path, tmp_path, capsys):
    path = seeded_path
    assert run_cli("forms") == 0
    out = capsys.readouterr().out
    assert "annual-summary" in out and "年度党建工作总结" in out and "模板" in out

    target = tmp_path / "总结.docx"
    assert run_cli("deadlines", "add", "年度总结", "--due", "2026-01-10", "--forms", "annual-summary", "--db", path) == 0
    # unwritten parts: refused, named, nothing written
    assert run_cli("export", "annual-summary", "--year", str(YEAR), "-o", str(target), "--db", path) == 1
    err = capsys.readouterr().err
    assert "还有3个部分没有填写：主要工作和做法、存在的问题和不足、下一步工作打算" in err and "--allow-empty" in err
    assert "支委之间还有1对没有谈心：" in err            # the branch's shortfall, told first
    assert not target.exists()
    assert run_cli("export", "annual-summary", "--year", str(YEAR), "-o", str(target), "--db", path,
                   "--allow-empty") == 0
    assert target.exists()
    assert run_cli("export", "annual-summary", "--year", str(YEAR), "-o", str(target), "--db", path,
                   "--allow-empty") == 1
    assert "文件已存在" in capsys.readouterr().err
    assert run_cli("export", "annual-summary", "--year", "2030", "-o", str(tmp_path / "x.docx"), "--db", path) == 1
    assert "没有任何记录" in capsys.readouterr().err and not (tmp_path / "x.docx").exists()

    assert run_cli("deadlines", "--db", path) == 0
    assert "已导出  年度总结" in capsys.readouterr().out
    assert run_cli("deadlines", "done", "1", "--date", "2026-01-08", "--db", path) == 0
    assert run_cli("deadlines", "--all", "--db", path) == 0
    assert "已报送  年度总结（已于2026-01-08报送）" in capsys.readouterr().out
    assert run_cli("deadlines", "add", "x", "--due", "2026-01-10", "--forms", "nope", "--db", path) == 1
    assert "没有这些表格：nope" in capsys.readouterr().err


def test_cli_vars_lists_every_field_with_a_value(seeded_path, capsys):
    from tui.export.forms_vars import FIELDS

    path = seeded_path
    assert run_cli("vars", "--year", str(YEAR), "--db", path) == 0
    out = capsys.readouterr().out
    for f in FIELDS:
        assert f"{{{{ {f.name} }}}}" in out
    assert "{{ 支部名称 }}  计算机学院教工第一党支部" in out
    assert "{{ 主题党日次数 }}  12" in out
    assert "{{ 党费收缴率 }}  90.7%" in out


def test_forms_modules_import_no_textual_and_no_office_libraries():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import tui.store.summary, tui.store.forms, tui.store.deadlines, tui.rules.forms\n"
        "import tui.export.catalogue, tui.export.forms_builtin, tui.export.forms_templates, tui.export.forms_vars\n"
        "import tui.cli.forms\n"
        "tui.export.catalogue.all_forms()\n"
        "loaded = [m for m in ('textual', 'docx', 'docxtpl', 'jinja2', 'openpyxl') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("form_id", BUILT_IN)
def test_unwritten_parts_are_refused_and_named_unless_chosen(seeded, tmp_path, form_id):
    """No “（待填写）” leaves unless the secretary chose it; written parts ship without one."""
    from tui.export.forms_checks import preflight

    form = get_form(form_id)
    check = preflight(seeded, form_id, FormParams(year=YEAR))
    required = [s for s in form.sections if not s.optional]
    assert [label for _, label in check.empty] == [s.label for s in required]
    with pytest.raises(ExportError, match=f"还有{len(required)}个部分没有填写"):
        get_form(form_id).build(seeded, FormParams(year=YEAR), tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()
    # last year's text as the start: carried into this year, then nothing is empty
    for s in required:
        form_store.save_text(seeded, form_id, YEAR - 1, s.key, f"{s.label}：去年的文字。")
    assert preflight(seeded, form_id, FormParams(year=YEAR)).carried.keys() == {s.key for s in required}
    assert form_store.carry_forward(seeded, form_id, YEAR, [s.key for s in required]) == [s.key for s in required]
    assert preflight(seeded, form_id, FormParams(year=YEAR)).empty == []
    text = body_text(reopen(get_form(form_id).build(seeded, FormParams(year=YEAR), tmp_path / "y.docx")))
    assert "待填写" not in text and f"{required[0].label}：去年的文字。" in text
