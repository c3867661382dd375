"""The Jinja2 environment a committee's .docx template runs in: sandboxed and bounded.

A template arrives by e-mail, so it is treated as hostile code. Jinja2's
`ImmutableSandboxedEnvironment` already refuses dunder attributes and mutating methods; on top of
it every render has a deadline, a budget of loop steps, a cap on call depth (a recursive macro)
and caps on the size of any one value and of the whole output. Every check is plain Python in the
render's own thread, so it works the same on Windows.

`template_problems()` reads a template's syntax tree before it is installed and names, in Chinese,
what the sandbox would refuse at export time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Namespace, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from tui.errors import ZhibuError

MAX_VALUE_CHARS = 1_000_000      # any one value: a field, a product, a filter's result
MAX_OUTPUT_CHARS = 8_000_000     # one rendered part (document body, a header, a footer)
MAX_TEXT_NODE_BYTES = 9_000_000  # lxml refuses a text node over 10 MB ("Text node too long")
MAX_LOOP_STEPS = 500_000         # all `for` loops of one render together
MAX_CALL_DEPTH = 40              # macro within macro (a recursive macro stops here)
MAX_SECONDS = 15.0               # one render, whatever it does
MAX_INT_ARG = 100_000            # an integer handed to a filter or method (widths, counts)

_LOOP_FILTER = "_zhibu_bounded_loop"
_CONCAT_FILTER = "_zhibu_bounded_concat"
_WIDTH = re.compile(r"\d{6,}")    # a 6+ digit width/precision inside a format string


class TemplateLimitError(SecurityError, ZhibuError):
    """A render that went past one of the limits; the message is Chinese. A SecurityError so
    Jinja treats it as the sandbox's refusal; fill_template turns it into a TemplateError."""


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple, dict, range)) else 0


class _Bounded(NodeTransformer):
    """Loops iterate through the loop budget; `~` joins through the size check."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        node = self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _LOOP_FILTER, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        node = self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), _CONCAT_FILTER, [], [], None, None,
                            lineno=node.lineno)


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """One render's environment: build a new one for every render (it carries the budgets)."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "/", "//"})

    def __init__(self, *, strict: bool = False, seconds: float = MAX_SECONDS) -> None:
        kwargs: dict[str, Any] = {"autoescape": True, "undefined": StrictUndefined} if strict else {}
        super().__init__(finalize=self._printable, **kwargs)
        self.deadline = time.monotonic() + seconds
        self.loop_steps = 0
        self.depth = 0
        self.filters = {name: self._guarded_filter(f) for name, f in self.filters.items()}
        self.filters[_LOOP_FILTER] = self._bounded_loop
        self.filters[_CONCAT_FILTER] = self._bounded_concat
        self.globals["range"] = self._range
        self.globals["namespace"] = self._namespace
        self.globals.pop("lipsum", None)

    # --- budgets -------------------------------------------------------------------------------

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(f"填写时间超过 {MAX_SECONDS:g} 秒，已停止（模板中的循环或计算过多）")

    def _printable(self, value: Any) -> Any:
        """`{{ value }}`: a list of lists is measured before it is turned into text."""
        self.tick()
        if isinstance(value, (list, tuple, dict, set, frozenset)) and _text_length(value, MAX_VALUE_CHARS) > MAX_VALUE_CHARS:
            raise TemplateLimitError(f"模板生成的内容过长（超过 {MAX_VALUE_CHARS:,} 个字符），已停止")
        return value

    def _check_value(self, value: Any) -> Any:
        if _size(value) > MAX_VALUE_CHARS:
            raise TemplateLimitError(f"模板生成的内容过长（超过 {MAX_VALUE_CHARS:,} 个字符），已停止")
        return value

    def _bounded_loop(self, iterable: Iterable) -> Iterator:
        try:
            iterator = iter(iterable)
        except TypeError:
            raise TemplateLimitError(f"{{% for %}} 只能用于列表，这里是一个{_kind(iterable)}") from None
        for item in iterator:
            self.loop_steps += 1
            if self.loop_steps > MAX_LOOP_STEPS:
                raise TemplateLimitError(f"模板中的循环次数过多（超过 {MAX_LOOP_STEPS:,} 次），已停止")
            self.tick()
            yield item

    def _bounded_concat(self, parts: list) -> str:
        """`a ~ b ~ c`, refused before it is built when it would be too long."""
        if sum(len(str(p)) for p in parts) > MAX_VALUE_CHARS:
            raise TemplateLimitError(f"模板生成的内容过长（超过 {MAX_VALUE_CHARS:,} 个字符），已停止")
        return markup_join(parts) if self.autoescape else str_join(parts)

    def _namespace(self, *args, **kwargs) -> Namespace:
        _check_args(args, kwargs)
        for value in kwargs.values():
            self._check_value(value)
        env = self

        class BoundedNamespace(Namespace):
            """`{% set ns.text = ns.text ~ ns.text %}` in a loop is refused before it doubles too far."""

            def __setitem__(self, name: str, value: Any) -> None:
                env._check_value(value)
                super().__setitem__(name, value)

        return BoundedNamespace(*args, **kwargs)

    def _range(self, *args: int) -> range:
        for n in args:
            if isinstance(n, int) and abs(n) > MAX_INT_ARG:
                raise TemplateLimitError(f"range 的数值过大（{n}），已停止")
        return range(*args)

    def concat(self, parts: Iterable[str]) -> str:   # noqa: D102 - every output goes through here
        out: list[str] = []
        total = 0
        for i, part in enumerate(parts):
            total += len(part)
            if total > MAX_OUTPUT_CHARS:
                raise TemplateLimitError(f"模板生成的文档过大（超过 {MAX_OUTPUT_CHARS:,} 个字符），已停止")
            if i % 1024 == 0:
                self.tick()
            out.append(part)
        text = "".join(out)
        if total > MAX_TEXT_NODE_BYTES // 4:
            longest = max(text.split("<"), key=len)
            if len(longest.encode("utf-8")) > MAX_TEXT_NODE_BYTES:
                raise TemplateLimitError("一段文字过长（Word 文档的一段文字不能超过约 1000 万字节），已停止")
        return text

    # --- the sandbox's hooks -------------------------------------------------------------------

    def _parse(self, source, name, filename):
        """Every `for` loop iterates through the budgeted loop filter."""
        return _Bounded().visit(super()._parse(source, name, filename))

    def _load_template(self, name, globals):  # noqa: A002 - Jinja's own signature
        """{% include %}, {% import %} and {% extends %} end here: a template reads no other file."""
        raise TemplateLimitError("模板不能引用其他文件（{% include %}、{% import %}、{% extends %}）")

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.tick()
        return super().getitem(obj, argument)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - the sandbox's own signature
        __self.tick()
        _check_args(args, kwargs)
        for value in (*args, *kwargs.values()):
            __self._check_value(value)
        if getattr(__obj, "__name__", "") in ("format", "format_map", "replace", "join") \
                and isinstance(getattr(__obj, "__self__", None), str):
            _check_str_method(__obj, args)
        __self.depth += 1
        try:
            if __self.depth > MAX_CALL_DEPTH:
                raise TemplateLimitError(f"模板中的宏调用层数过深（超过 {MAX_CALL_DEPTH} 层，可能是递归调用），已停止")
            return __self._check_value(super().call(__context, __obj, *args, **kwargs))
        finally:
            __self.depth -= 1

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "*":
            n, seq = (left, right) if isinstance(left, int) else (right, left)
            if isinstance(n, int) and _size(seq) * max(n, 0) > MAX_VALUE_CHARS:
                raise TemplateLimitError(f"模板中的乘法结果过长（超过 {MAX_VALUE_CHARS:,} 个字符），已停止")
        elif operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 100:
                raise TemplateLimitError(f"模板中的乘方过大（{right} 次方），已停止")
        elif operator == "%" and isinstance(left, str) and _WIDTH.search(left):
            raise TemplateLimitError("模板中的格式宽度过大，已停止")
        try:
            return self._check_value(super().call_binop(context, operator, left, right))
        except ZeroDivisionError:
            raise TemplateLimitError("模板中有除以零的计算") from None

    def _guarded_filter(self, func):
        skip = 2 if hasattr(func, "jinja_pass_arg") else 1     # the environment/context, the value

        def guarded(*args, **kwargs):
            self.tick()
            value, rest = (args[skip - 1], args[skip:]) if len(args) >= skip else (None, ())
            _check_args(rest, kwargs)
            for arg in (*rest, *kwargs.values()):
                self._check_value(arg)
            _check_filter(func.__name__, value, rest, kwargs)
            return self._check_value(func(*args, **kwargs))

        # Jinja passes the environment/context to filters that ask for it by these markers.
        for marker in ("jinja_pass_arg",):
            if hasattr(func, marker):
                setattr(guarded, marker, getattr(func, marker))
        guarded.__name__ = func.__name__
        return guarded


def _text_length(value: Any, budget: int) -> int:
    """About how long `str(value)` would be, counted without building it; stops past `budget`."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, dict):
        items: Iterable = (x for pair in value.items() for x in pair)
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    else:
        return len(str(value)) if isinstance(value, (int, float, bool)) or value is None else 16
    total = 2
    for item in items:
        total += 2 + _text_length(item, budget - total)
        if total > budget:
            break
    return total


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "是非值"
    if isinstance(value, (int, float)):
        return "数字"
    return "单个值"


def _check_args(args: tuple, kwargs: dict) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT_ARG:
            raise TemplateLimitError(f"模板中的数值过大（{value}），已停止")


def _check_filter(name: str, value: Any, args: tuple, kwargs: dict) -> None:
    """The filters whose result can be far larger than their input, checked before they run."""
    if name == "do_format" and isinstance(value, str) and _WIDTH.search(value):
        raise TemplateLimitError("模板中的格式宽度过大，已停止")
    if name in ("do_replace", "do_join"):
        if name == "do_replace":
            _check_str_method(getattr(str(value), "replace"), args[:2] if len(args) >= 2
                              else (kwargs.get("old", ""), kwargs.get("new", "")))
        elif isinstance(value, (list, tuple, str)):
            sep = str(args[0] if args else kwargs.get("d", ""))
            if len(sep) * len(value) + _text_length(list(value), MAX_VALUE_CHARS) > MAX_VALUE_CHARS:
                raise TemplateLimitError(f"模板生成的内容过长（超过 {MAX_VALUE_CHARS:,} 个字符），已停止")
    if name == "do_indent":
        width = args[0] if args else kwargs.get("width", 4)
        pad = len(width) if isinstance(width, str) else int(width or 0)
        if pad * (str(value).count("\n") + 1) > MAX_VALUE_CHARS:
            raise TemplateLimitError(f"模板生成的内容过长（超过 {MAX_VALUE_CHARS:,} 个字符），已停止")


def _check_str_method(method, args: tuple) -> None:
    text: str = method.__self__
    name = method.__name__
    if name in ("format", "format_map") and _WIDTH.search(text):
        raise TemplateLimitError("模板中的格式宽度过大，已停止")
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        grows = (text.count(args[0]) if args[0] else len(text) + 1) * len(args[1])
        if len(text) + grows > MAX_VALUE_CHARS:
            raise TemplateLimitError(f"模板生成的内容过长（超过 {MAX_VALUE_CHARS:,} 个字符），已停止")
    if name == "join" and args:
        items = args[0]
        if isinstance(items, (list, tuple)) and len(text) * len(items) > MAX_VALUE_CHARS:
            raise TemplateLimitError(f"模板生成的内容过长（超过 {MAX_VALUE_CHARS:,} 个字符），已停止")


# --- what a template may contain, read from its syntax tree before it is installed --------------

def template_problems(tree: nodes.Template, env: TemplateSandbox) -> list[str]:
    """Chinese descriptions of what in `tree` the sandbox would refuse, or [] when it is clean."""
    problems: list[str] = []
    if any(True for _ in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends))):
        problems.append("不能使用 {% include %}、{% import %} 或 {% extends %}（模板只能使用本文件中的内容）")
    names: set[str] = set()
    for node in tree.find_all(nodes.Getattr):
        if node.attr.startswith("_"):
            names.add(node.attr)
    for node in tree.find_all(nodes.Getitem):
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str) and node.arg.value.startswith("_"):
            names.add(node.arg.value)
    for node in tree.find_all(nodes.Filter):
        if node.name == "attr":
            names |= {a.value for a in node.args if isinstance(a, nodes.Const) and isinstance(a.value, str)
                      and a.value.startswith("_")}
    for node in tree.find_all(nodes.Name):
        if node.name.startswith("_"):
            names.add(node.name)
    if names:
        problems.append("使用了以下划线开头的内部名称：" + "、".join(sorted(names)) + "（模板不允许访问程序内部）")
    unknown_filters = sorted({n.name for n in tree.find_all(nodes.Filter) if n.name not in env.filters})
    if unknown_filters:
        problems.append("使用了不存在的过滤器：" + "、".join(unknown_filters))
    unknown_tests = sorted({n.name for n in tree.find_all(nodes.Test) if n.name not in env.tests})
    if unknown_tests:
        problems.append("使用了不存在的判断：" + "、".join(unknown_tests))
    return problems
