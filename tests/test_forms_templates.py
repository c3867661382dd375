"""The committee's own .docx templates: fields split over runs, typos, broken syntax, bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from test_forms_seed import YEAR, seed
from tui.export.atomic import ExportError
from tui.export.catalogue import FormParams, all_forms, get_form
from tui.export.forms_templates import TemplateError, check_template, install_template, list_templates


def make_template(path: Path, *paragraphs, table_loop: bool = False, footer: str = "") -> Path:
    """A .docx written with python-docx; a paragraph given as a tuple becomes one run per item
    (as Word stores a field it has split, e.g. after a spelling check or a format change)."""
    import docx

    doc = docx.Document()
    for para in paragraphs:
        p = doc.add_paragraph()
        for i, run in enumerate(para if isinstance(para, tuple) else (para,)):
            r = p.add_run(run)
            r.bold = i % 2 == 1          # different formatting keeps Word's runs apart
    if table_loop:
        t = doc.add_table(rows=4, cols=3)
        for cell, text in zip(t.rows[0].cells, ("序号", "姓名", "职称")):
            cell.text = text
        t.cell(1, 0).text = "{%tr for m in 党员名单 %}"
        for cell, text in zip(t.rows[2].cells, ("{{ m.序号 }}", "{{ m.姓名 }}", "{{ m.职称 }}")):
            cell.text = text
        t.cell(3, 0).text = "{%tr endfor %}"
    if footer:
        doc.sections[0].footer.paragraphs[0].text = footer
    doc.save(str(path))
    return path


@pytest.fixture
def seeded(db):
    seed(db)
    return db


def read(path: Path):
    import docx

    return docx.Document(str(path))


def test_split_runs_are_filled(seeded, tmp_path):
    src = make_template(
        tmp_path / "支部基本情况表.docx",
        ("支部：{{ 支部", "名称", " }}", "，书记：{{书记}}"),
        ("{", "{ 党员总数 }", "}人，其中高级职称{{ 高级职称人数 }}人"),
        "党费：{{ 党费情况 }}",
        table_loop=True,
        footer="{{ 支部名称 }}（{{ 年度 }}年）",
    )
    check = check_template(src)
    assert check.ok
    assert check.fields[:3] == ["支部名称", "书记", "党员总数"]
    dest, _ = install_template(src)
    form = get_form("tpl:支部基本情况表")
    assert form.is_template and form.name == "支部基本情况表"
    assert form.id in [f.id for f in all_forms()]
    out = form.build(seeded, FormParams(year=YEAR), tmp_path / "out.docx")
    doc = read(out)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "支部：计算机学院教工第一党支部，书记：张建国"
    assert texts[1] == "6人，其中高级职称2人"
    assert texts[2].startswith("党费：6名党员应交党费645.00元")
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[0] == ["序号", "姓名", "职称"]
    assert rows[1] == ["1", "陈静", "助教"] and len(rows) == 7      # the roster's order (pinyin)
    assert doc.sections[0].footer.paragraphs[0].text == f"计算机学院教工第一党支部（{YEAR}年）"


def test_unknown_fields_are_named_with_the_nearest_known_one(seeded, tmp_path):
    src = make_template(tmp_path / "有错字.docx", "{{ 支部明称 }}：{{ 党员总人数 }}人 {{ 校长 }} {{ 书记 }}")
    check = check_template(src)
    assert check.known == ["书记"]
    assert check.unknown == [("支部明称", "支部名称"), ("党员总人数", "党员总数"), ("校长", None)]
    message = check.unknown_message()
    assert "「支部明称」（是不是「支部名称」？）" in message and "「校长」" in message
    install_template(src)                # installing is allowed: the user sees the list and fixes it
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError, match="3 个无法填写的字段"):
        get_form("tpl:有错字").build(seeded, FormParams(year=YEAR), out)
    assert not out.exists()


def test_broken_syntax_names_the_place(tmp_path):
    src = make_template(tmp_path / "坏.docx", "第一段", "支部：{{ 支部名称 }", "后面")
    with pytest.raises(TemplateError, match="花括号不配对.*支部：\\{\\{ 支部名称 \\}"):
        check_template(src)
    src = make_template(tmp_path / "坏2.docx", "{% for m in 党员名单 %}{{ m.姓名 }}")
    with pytest.raises(TemplateError, match="endfor"):
        check_template(src)
    with pytest.raises(TemplateError):
        install_template(src)
    assert list_templates() == []


def test_files_that_are_not_templates(tmp_path):
    doc = tmp_path / "旧格式.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0 old word")
    with pytest.raises(TemplateError, match="不是 .docx 文件.*另存为"):
        check_template(doc)
    fake = tmp_path / "假的.docx"
    fake.write_text("not a zip")
    with pytest.raises(TemplateError, match="已损坏"):
        check_template(fake)
    other_zip = tmp_path / "压缩包.docx"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(TemplateError, match="已损坏"):
        install_template(other_zip)
    with pytest.raises(TemplateError, match="找不到模板文件"):
        check_template(tmp_path / "没有.docx")


def test_a_list_item_typo_is_refused_without_a_file(seeded, tmp_path):
    src = make_template(tmp_path / "名单.docx", "{% for m in 党员名单 %}{{ m.姓命 }}{% endfor %}")
    install_template(src)
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError, match="「m.姓命」（是不是「m.姓名」？）"):
        get_form("tpl:名单").build(seeded, FormParams(year=YEAR), out)
    assert list(tmp_path.glob("out*")) == []


def test_values_with_markup_characters_and_line_breaks_are_kept(seeded, tmp_path):
    from tui.store.branch import save_branch

    save_branch(seeded, {"name": "A&B <教工> 支部"})
    src = make_template(tmp_path / "特殊.docx", "{{ 支部名称 }}", "{{ 党员队伍情况 }}")
    install_template(src)
    out = get_form("tpl:特殊").build(seeded, FormParams(year=YEAR), tmp_path / "o.docx")
    assert read(out).paragraphs[0].text == "A&B <教工> 支部"


def test_install_refuses_to_replace_unless_forced(tmp_path):
    src = make_template(tmp_path / "表.docx", "{{ 支部名称 }}")
    dest, _ = install_template(src)
    with pytest.raises(TemplateError, match="已存在"):
        install_template(src)
    make_template(src, "{{ 书记 }}")
    install_template(src, force=True)
    assert check_template(dest).fields == ["书记"]


def test_template_export_refuses_to_overwrite(seeded, tmp_path):
    install_template(make_template(tmp_path / "表.docx", "{{ 支部名称 }}"))
    out = tmp_path / "o.docx"
    out.write_bytes(b"keep")
    with pytest.raises(ExportError, match="文件已存在"):
        get_form("tpl:表").build(seeded, FormParams(year=YEAR), out)
    assert out.read_bytes() == b"keep"


def test_cli_templates_add_and_check(tmp_path, capsys):
    from tui.__main__ import main

    good = make_template(tmp_path / "申报表.docx", ("{{ 支部", "名称 }}"), "{{ 党员总数 }}")
    bad = make_template(tmp_path / "错字表.docx", "{{ 支部明称 }}")
    assert main(["templates", "add", str(good)]) == 0
    out = capsys.readouterr().out
    assert "能填写：支部名称、党员总数" in out and "已安装模板" in out
    assert main(["templates", "check", str(bad)]) == 1
    assert "不能填写：支部明称（是不是「支部名称」？）" in capsys.readouterr().out
    assert main(["templates", "add", str(tmp_path / "x.txt")]) == 1
    assert "找不到模板文件" in capsys.readouterr().err
    assert main(["forms"]) == 0
    assert "tpl:申报表" in capsys.readouterr().out
    assert main(["templates"]) == 0
    assert "tpl:申报表  2 个字段，可以填写" in capsys.readouterr().out


def test_the_picked_dues_month_reaches_the_template(seeded, tmp_path):
    from tui import clock

    src = make_template(tmp_path / "党费情况.docx", "{{ 党费截至 }}")
    install_template(src)
    form = get_form("tpl:党费情况")
    year = clock.today().year
    out = form.build(seeded, FormParams(year=year, extra={"dues_through": f"{year}-09"}), tmp_path / "out.docx")
    assert f"{year}年9月" in read(out).paragraphs[0].text
    out = form.build(seeded, FormParams(year=year), tmp_path / "out2.docx", force=True)
    assert f"{year}年9月" not in read(out).paragraphs[0].text
