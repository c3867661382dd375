"""Template mistakes found at `templates add`/`check`, with the fix: misspelt loop fields, braces
typed full-width with a Chinese IME, {% for %} spanning table rows. And a template as WPS saves
it (fields split over runs with w:proofErr and bookmarks in between, a text box, a table loop)
fills like any other. The test .docx files are built with python-docx plus raw XML."""

from __future__ import annotations


import docx
import pytest
from docx.oxml import parse_xml

from test_forms_seed import YEAR, seed
from tui.export.forms_templates import TemplateError, check_template, fill_template, install_template
from tui.export.forms_vars import template_context
from tui.export.template_checks import LIST_ITEM_KEYS
from tui.rules.forms import resolve_period

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W_NS}" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"')


@pytest.fixture
def seeded(db):
    seed(db)
    return db


def table_with_loop(doc, first: str, item_row: tuple[str, ...], last: str):
    t = doc.add_table(rows=4, cols=len(item_row))
    for cell, text in zip(t.rows[0].cells, ("序号", "姓名", "职称")):
        cell.text = text
    t.cell(1, 0).text = first
    for cell, text in zip(t.rows[2].cells, item_row):
        cell.text = text
    t.cell(3, 0).text = last
    return t


def append_xml(doc, xml: str) -> None:
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(xml))     # before the final sectPr


def wps_paragraph(*pieces: str) -> str:
    """A paragraph as WPS writes one: each piece its own run, a w:proofErr pair and a bookmark
    between them (WPS's spell check and its “上次编辑位置” bookmark)."""
    runs = []
    for i, piece in enumerate(pieces):
        runs.append(f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:lang w:eastAsia="zh-CN"/></w:rPr>'
                    f'<w:t xml:space="preserve">{piece}</w:t></w:r>')
        if i == 0:
            runs.append('<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="_GoBack"/>'
                        '<w:bookmarkEnd w:id="0"/>')
        elif i == 1:
            runs.append('<w:proofErr w:type="spellEnd"/>')
    return f'<w:p {NS}><w:pPr><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:pPr>{"".join(runs)}</w:p>'


def text_box(text: str) -> str:
    """A floating text box as WPS and Word 2010+ save it: a wps:txbx with a VML fallback, both
    holding the same paragraph."""
    inner = f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    return (
        f'<w:p {NS}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2743200" cy="457200"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        '<wp:docPr id="1" name="文本框 1"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2743200" cy="457200"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f'<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><v:shape id="文本框 1" style="width:216pt;height:36pt">'
        f'<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
        '</mc:AlternateContent></w:r></w:p>'
    )


def test_a_wps_template_fills_split_fields_text_boxes_and_table_loops(seeded, tmp_path):
    doc = docx.Document()
    append_xml(doc, wps_paragraph("支部：{{ ", "支部", "名称 }}"))
    append_xml(doc, wps_paragraph("{", "{ 党员总数 }", "}名党员"))
    append_xml(doc, text_box("书记：{{ 书记 }}"))
    table_with_loop(doc, "{%tr for m in 党员名单 %}", ("{{ m.序号 }}", "{{ m.姓名 }}", "{{ m.职称 }}"),
                    "{%tr endfor %}")
    src = tmp_path / "WPS模板.docx"
    doc.save(str(src))

    check = check_template(src)
    assert check.ok, check.unknown
    assert {"支部名称", "党员总数", "书记", "党员名单"} <= set(check.fields)

    out = fill_template(src, template_context(seeded, resolve_period(YEAR)), tmp_path / "out.docx")
    filled = docx.Document(str(out))
    texts = [p.text for p in filled.paragraphs]
    assert "支部：计算机学院教工第一党支部" in texts
    assert "6名党员" in texts
    boxes = filled.element.body.findall(f".//{{{W_NS}}}txbxContent")
    assert len(boxes) == 2                                       # the box and its VML fallback
    assert all("".join(t.text for t in box.iter(f"{{{W_NS}}}t")) == "书记：张建国" for box in boxes)
    rows = [[c.text for c in r.cells] for r in filled.tables[0].rows]
    assert rows[0] == ["序号", "姓名", "职称"]
    assert len(rows) == 1 + 6 and all(r[1] for r in rows[1:])      # one row per member, none empty
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, 7)]
    assert "{{" not in out.read_bytes().decode("latin-1")


def test_a_misspelt_loop_field_is_named_with_its_fix_before_anything_is_written(seeded, tmp_path):
    doc = docx.Document()
    table_with_loop(doc, "{%tr for m in 党员名单 %}", ("{{ m.序号 }}", "{{ m.名字 }}", "{{ m['党小祖'] }}"),
                    "{%tr endfor %}")
    src = tmp_path / "名单.docx"
    doc.save(str(src))
    check = check_template(src)
    assert not check.ok
    assert check.unknown == [("m.名字", "m.姓名"), ("m.党小祖", "m.党小组")]
    assert "「m.名字」（是不是「m.姓名」？）" in check.unknown_message()
    assert "「m.党小祖」（是不是「m.党小组」？）" in check.unknown_message()
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError) as info:
        fill_template(src, template_context(seeded, resolve_period(YEAR)), out)
    assert "m.名字" in str(info.value) and "m.党小祖" in str(info.value)      # both at once
    assert not out.exists()


def test_full_width_braces_are_refused_with_the_half_width_spelling(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("支部：｛｛ 支部名称 ｝｝")
    p = doc.add_paragraph()
    p.add_run("人数：{{ 党员总数 ")
    p.add_run("｝｝").bold = True                                 # half typed, half IME
    doc.add_paragraph("｛％ if 党员总数 ％｝有党员｛％ endif ％｝")
    src = tmp_path / "全角.docx"
    doc.save(str(src))
    with pytest.raises(TemplateError) as info:
        check_template(src)
    message = str(info.value)
    assert "“｛｛ 支部名称 ｝｝”用了全角符号（中文输入法），应改为半角“{{ 支部名称 }}”" in message
    assert "应改为半角“{{ 党员总数 }}”" in message
    assert "“{% if 党员总数 %}”" in message
    with pytest.raises(TemplateError):
        install_template(src, folder=tmp_path / "templates")
    assert not (tmp_path / "templates" / "全角.docx").exists()


def test_a_for_spanning_table_rows_is_refused_with_the_tr_spelling(tmp_path):
    doc = docx.Document()
    table_with_loop(doc, "{% for m in 党员名单 %}", ("{{ m.序号 }}", "{{ m.姓名 }}", "{{ m.职称 }}"),
                    "{% endfor %}")
    src = tmp_path / "表格循环.docx"
    doc.save(str(src))
    with pytest.raises(TemplateError) as info:
        check_template(src)
    message = str(info.value)
    assert "“{% for m in 党员名单 %}”跨行使用，会在每条记录之间多出空行" in message
    assert "应写成“{%tr for m in 党员名单 %}”，结束写成“{%tr endfor %}”" in message


def test_a_loop_within_one_cell_is_fine(seeded, tmp_path):
    doc = docx.Document()
    t = doc.add_table(rows=1, cols=1)
    t.cell(0, 0).text = "{% for m in 党员名单 %}{{ m.姓名 }}、{% endfor %}"
    src = tmp_path / "一格.docx"
    doc.save(str(src))
    assert check_template(src).ok
    out = fill_template(src, template_context(seeded, resolve_period(YEAR)), tmp_path / "out.docx")
    assert docx.Document(str(out)).tables[0].cell(0, 0).text.startswith("陈静、")


def test_cli_check_names_the_loop_typo(tmp_path, capsys):
    from tui.__main__ import main

    doc = docx.Document()
    table_with_loop(doc, "{%tr for p in 结对名单 %}", ("{{ p.序号 }}", "{{ p.名字 }}", "{{ p.活动数 }}"),
                    "{%tr endfor %}")
    src = tmp_path / "结对.docx"
    doc.save(str(src))
    assert main(["templates", "check", str(src)]) == 1
    out = capsys.readouterr().out
    assert "不能填写：p.名字（是不是「p.名称」？）" in out
    assert "不能填写：p.活动数（是不是「p.活动次数」？）" in out


def test_list_item_keys_are_the_contexts(seeded):
    context = template_context(seeded, resolve_period(YEAR))
    for name, keys in LIST_ITEM_KEYS.items():
        assert context[name], name
        assert set(context[name][0]) == set(keys), name
