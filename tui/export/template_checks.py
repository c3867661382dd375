"""The mistakes a secretary makes in a committee's .docx template that Jinja itself lets through,
found at `templates add`/`check` with the fix spelled out:

- a misspelt field inside a loop (`{{ m.名字 }}` for `{{ m.姓名 }}`): Jinja only finds it while
  filling, one field at a time;
- braces typed with a Chinese IME (`｛｛ 支部名称 ｝｝`): plain text to Jinja, left in the document;
- a `{% for %}` that spans table rows instead of `{%tr for %}`: an empty row between every member.

Plain functions over the template's preprocessed XML (docxtpl's, one paragraph a line) and its
Jinja syntax trees; no Word or Textual here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

# The items of each list field (tui.export.forms_vars.template_context builds them; a test ties
# the two together).
LIST_ITEM_KEYS: dict[str, tuple[str, ...]] = {
    "党员名单": ("序号", "姓名", "性别", "类别", "党籍", "职称", "学历", "学位", "岗位", "入党日期", "党小组", "职务"),
    "结对名单": ("序号", "模式", "名称", "党员", "对象", "活动次数", "成果数"),
    "成果名单": ("序号", "级别", "类别", "名称", "结对", "日期"),
}
_TAGS = re.compile(r"<[^>]+>")
_FULL_WIDTH = str.maketrans({"｛": "{", "｝": "}", "％": "%"})
# A tag with at least one brace or percent sign typed full-width: ｛｛…｝｝, {{…｝｝, ｛%…%｝ …
_MIXED_TAG = re.compile(r"[{｛]\s*[{｛%％].{0,200}?[}｝%％]\s*[}｝]", re.DOTALL)
_ROW = re.compile(r"<w:tr\b(?:(?!<w:tr\b).)*?</w:tr>", re.DOTALL)       # innermost rows
_BLOCK_OPEN = re.compile(r"\{%-?\s*(for|if)\b(.*?)-?%\}", re.DOTALL)
_BLOCK_CLOSE = re.compile(r"\{%-?\s*end(for|if)\s*-?%\}")


def _text(xml: str) -> str:
    return _TAGS.sub("", xml)


def full_width_problems(sources: Iterable[str]) -> list[str]:
    """Each tag typed with full-width braces or percent signs, with its half-width spelling."""
    found: list[str] = []
    for source in sources:
        for line in source.splitlines():
            for match in _MIXED_TAG.finditer(_text(line)):
                tag = match.group()
                if tag != tag.translate(_FULL_WIDTH):
                    fixed = tag.translate(_FULL_WIDTH)
                    message = f"“{tag[:40]}”用了全角符号（中文输入法），应改为半角“{fixed[:40]}”"
                    if message not in found:
                        found.append(message)
    return found


def table_loop_problems(sources: Iterable[str]) -> list[str]:
    """A {% for %} or {% if %} opened in one table row and closed in another: docxtpl repeats the
    rows holding the tags as empty rows. The fix is {%tr … %}, each on a row of its own."""
    found: list[str] = []
    for source in sources:
        for row in _ROW.findall(source):
            text = _text(row)
            opened = _BLOCK_OPEN.findall(text)
            closed = _BLOCK_CLOSE.findall(text)
            if len(opened) == len(closed):
                continue
            if len(opened) > len(closed):
                kind, rest = opened[-1]
                tag = f"{{% {kind}{rest.rstrip()} %}}"
                message = (f"表格中的“{tag[:40]}”跨行使用，会在每条记录之间多出空行：应写成“{{%tr {kind}{rest.rstrip()} %}}”，"
                           f"结束写成“{{%tr end{kind} %}}”，各占表格的一整行")
            else:
                kind = closed[-1]
                message = f"表格中的“{{% end{kind} %}}”应写成“{{%tr end{kind} %}}”（与 {{%tr {kind} … %}} 配对，各占一整行）"
            if message not in found:
                found.append(message)
    return found


def source_problems(sources: list[str]) -> list[str]:
    """Full-width tags and row-spanning loops, in the order a secretary would fix them."""
    return full_width_problems(sources) + table_loop_problems(sources)


def loop_field_typos(asts: Iterable, items: Mapping[str, tuple[str, ...]] = LIST_ITEM_KEYS) -> list[tuple[str, str | None]]:
    """(`m.名字`, nearest `m.姓名` or None) for each item name a loop over a list field asks for
    that the list's items do not have."""
    from jinja2 import nodes

    found: list[tuple[str, str | None]] = []
    for ast in asts:
        for loop in ast.find_all(nodes.For):
            source = loop.iter
            while isinstance(source, nodes.Filter):   # the sandbox wraps each loop in a bounding filter
                source = source.node
            if not (isinstance(source, nodes.Name) and isinstance(loop.target, nodes.Name)):
                continue
            keys = items.get(source.name)
            if keys is None:
                continue
            var = loop.target.name
            body = [*loop.body, *loop.else_]
            for node in body:
                for ref in _item_refs(node, var):
                    if ref in keys:
                        continue
                    near = difflib.get_close_matches(ref, keys, n=1, cutoff=0.3)
                    entry = (f"{var}.{ref}", f"{var}.{near[0]}" if near else None)
                    if entry not in found:
                        found.append(entry)
    return found


def _item_refs(node, var: str) -> list[str]:
    """`m.x` and `m['x']` under `node`, where `m` is the loop variable."""
    from jinja2 import nodes

    refs = []
    candidates = [node] if isinstance(node, (nodes.Getattr, nodes.Getitem)) else []
    candidates += list(node.find_all((nodes.Getattr, nodes.Getitem)))
    for ref in candidates:
        if not (isinstance(ref.node, nodes.Name) and ref.node.name == var):
            continue
        if isinstance(ref, nodes.Getattr):
            refs.append(ref.attr)
        elif isinstance(ref.arg, nodes.Const) and isinstance(ref.arg.value, str):
            refs.append(ref.arg.value)
    return refs
