"""A committee template is hostile code: payloads are refused at install and cannot run at export."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from test_forms_templates import make_template, read
from tui.export import forms_templates
from tui.export.forms_templates import TemplateError, check_template, fill_template, list_templates


def payloads(marker: Path) -> dict[str, str]:
    m = str(marker).replace("\\", "/")
    return {
        "code": "{{ self.__init__.__globals__.__builtins__.__import__('pathlib').Path('%s').write_text('x') }}" % m,
        "code-via-cycler": "{{ cycler.__init__.__globals__.os.popen('echo x > %s').read() }}" % m,
        "file-via-open": "{{ namespace.__init__.__globals__['__builtins__']['open']('%s').read() }}" % __file__,
        "file-via-attr": "{{ ''|attr('__class__')|attr('__mro__') }}",
        "file-via-include": "{%% include '%s' %%}" % __file__.replace("\\", "/"),
        "huge-string": '{{ "x" * 300000000 }}',
        "recursion": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
        "doubling": '{% set ns = namespace(s="x") %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
        "nested-loops": "{% for a in range(99999) %}{% for b in range(99999) %}很长{% endfor %}{% endfor %}",
        "wide-format": '{{ "%999999999d"|format(1) }}',
        "width-method": '{{ "x".center(300000000) }}',
        "list-of-lists": "{% set a = [0] * 999999 %}{% set b = [a] * 999999 %}{{ b }}",
        "join-of-lists": "{% set a = [0] * 999999 %}{% set b = [a] * 999999 %}{{ b|join }}",
    }


CONTEXT = {"支部名称": "教工第一党支部", "党员名单": [{"姓名": "张三"}, {"姓名": "李四"}]}


@pytest.mark.parametrize("name", list(payloads(Path("m"))))
def test_templates_add_refuses_or_export_stops_every_payload(name, tmp_path, monkeypatch, capsys):
    from tui.__main__ import main

    marker = tmp_path / "marker.txt"
    payload = payloads(marker)[name]
    src = make_template(tmp_path / f"{name}.docx", "支部：{{ 支部名称 }}", payload)
    started = time.monotonic()

    # 1. `templates add` refuses what the sandbox would refuse, with a Chinese message; the render
    #    limits (size, loops, depth) are checked again at export, so step 2 covers every payload.
    code = main(["templates", "add", str(src)])
    if code:
        assert "不能使用" in capsys.readouterr().err
        assert list_templates() == []

    # 2. Even with the install check bypassed, the render itself refuses and writes nothing.
    monkeypatch.setattr("tui.export.template_sandbox.template_problems", lambda tree, env: [])
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError, match="无法填写|不能使用") as refused:
        fill_template(src, CONTEXT, out)
    assert "Traceback" not in str(refused.value)
    if name == "file-via-include":
        assert "不能引用其他文件" in str(refused.value)
    assert not out.exists() and not list(tmp_path.glob(".out*"))
    assert not marker.exists()
    assert time.monotonic() - started < 10


def test_install_names_what_is_refused(tmp_path):
    src = make_template(tmp_path / "t.docx", "{{ self.__init__.__globals__ }}", "{{ 支部名称|nosuch }}",
                        "{% include 'x.docx' %}")
    with pytest.raises(TemplateError) as refused:
        check_template(src)
    text = str(refused.value)
    assert "__globals__" in text and "__init__" in text
    assert "不存在的过滤器：nosuch" in text
    assert "{% include %}" in text


def test_a_normal_template_still_renders_with_loops_and_filters(tmp_path):
    src = make_template(
        tmp_path / "正常.docx",
        "{{ 支部名称|upper }}，{{ \"%.1f\"|format(12.345) }}，{{ 支部名称 ~ \"（盖章）\" }}",
        "{% set ns = namespace(n=0) %}{% for m in 党员名单 %}{% set ns.n = ns.n + 1 %}{% endfor %}共{{ ns.n }}人",
        "{% for m in 党员名单 %}{{ loop.index }}.{{ m.姓名 }} {% endfor %}",
        table_loop=False,
    )
    out = fill_template(src, CONTEXT, tmp_path / "o.docx")
    texts = [p.text for p in read(out).paragraphs]
    assert texts[0] == "教工第一党支部，12.3，教工第一党支部（盖章）"
    assert texts[1] == "共2人"
    assert texts[2].strip() == "1.张三 2.李四"


@pytest.mark.parametrize("source, message", [
    ("{{ 1 / 0 }}", "除以零"),
    ("{% for x in 党员总数 %}{{ x }}{% endfor %}", "只能用于列表"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "层数过深"),
])
def test_runtime_mistakes_get_a_chinese_message(tmp_path, source, message):
    src = make_template(tmp_path / "t.docx", source)
    with pytest.raises(TemplateError, match=message):
        fill_template(src, {"党员总数": 5}, tmp_path / "o.docx")
    assert not (tmp_path / "o.docx").exists()


def test_a_field_too_long_for_word_is_refused_by_name(tmp_path):
    src = make_template(tmp_path / "t.docx", "{{ 支部名称 }}")
    with pytest.raises(TemplateError, match="字段「支部名称」的内容过长"):
        fill_template(src, {"支部名称": "党" * 10_000_000}, tmp_path / "o.docx")
    # Four long fields in one paragraph pass the per-field check but make one text node lxml refuses.
    src = make_template(tmp_path / "t4.docx", "{{ a }}{{ a }}{{ a }}{{ a }}")
    with pytest.raises(TemplateError, match="一段文字过长"):
        fill_template(src, {"a": "党" * 900_000}, tmp_path / "o.docx")
    assert not (tmp_path / "o.docx").exists()


def test_the_environment_is_the_sandbox():
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    assert isinstance(forms_templates._environment(strict=True), ImmutableSandboxedEnvironment)
