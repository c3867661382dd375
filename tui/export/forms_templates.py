"""The upper committee's own .docx forms with {{ 支部名称 }}-style fields, filled with docxtpl.

docxtpl first merges fields that Word split over several runs, so the same preprocessed XML is
what we parse to list a template's fields and to report typos before anything is written.
"""

from __future__ import annotations

import difflib
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tui.export import template_checks
from tui.export.atomic import ExportError, atomic_write

_ID_UNSAFE = re.compile(r"[\s,，、;；]+")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class TemplateError(ExportError):
    """A template that cannot be used; the message is Chinese and names the problem."""


@dataclass(frozen=True)
class TemplateInfo:
    path: Path

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def form_id(self) -> str:
        return "tpl:" + _ID_UNSAFE.sub("_", self.path.stem)


@dataclass
class TemplateCheck:
    name: str
    fields: list[str]                                   # every field used, in order of appearance
    known: list[str] = field(default_factory=list)
    unknown: list[tuple[str, str | None]] = field(default_factory=list)   # (field, nearest known name)

    @property
    def ok(self) -> bool:
        return not self.unknown

    def unknown_message(self) -> str:
        parts = [f"「{name}」" + (f"（是不是「{near}」？）" if near else "") for name, near in self.unknown]
        return f"模板「{self.name}」中有 {len(self.unknown)} 个无法填写的字段：{'、'.join(parts)}。" \
               "请在 Word/WPS 中改正字段名（可用字段见 zhibu vars）。"


def templates_folder() -> Path:
    from tui.paths import templates_dir

    return templates_dir()


def list_templates(folder: Path | None = None) -> list[TemplateInfo]:
    folder = folder or templates_folder()
    if not folder.is_dir():
        return []
    return [
        TemplateInfo(p) for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.suffix.lower() == ".docx" and p.is_file() and not p.name.startswith(("~$", "."))
    ]


def _open_template(path: Path):
    """A DocxTemplate for `path`, or a TemplateError saying why the file is not usable."""
    path = Path(path)
    if not path.is_file():
        raise TemplateError(f"找不到模板文件：{path}")
    if path.suffix.lower() != ".docx":
        hint = "（Word 97-2003 的 .doc 请先在 Word/WPS 中“另存为” .docx）" if path.suffix.lower() in (".doc", ".wps") else ""
        raise TemplateError(f"「{path.name}」不是 .docx 文件，不能作为模板{hint}")
    if not zipfile.is_zipfile(path):
        raise TemplateError(f"「{path.name}」已损坏或不是真正的 .docx 文件，无法打开")
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(str(path))
    try:
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a damaged package
        raise TemplateError(f"「{path.name}」已损坏，无法作为 Word 文档打开（{type(exc).__name__}）") from None
    return tpl


def _preprocessed_parts(tpl) -> list[str]:
    """Body, headers and footers as docxtpl renders them, one paragraph per line."""
    from docx.oxml import parse_xml

    parts = [tpl.patch_xml(tpl.xml_to_string(tpl.docx._element.body))]
    for rel in tpl.docx._part.rels.values():
        if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and not rel.is_external:
            parts.append(tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob))))
    return [re.sub(r"<w:p([ >])", r"\n<w:p\1", xml) for xml in parts]


_JINJA_MESSAGES = (
    ("unexpected end of template", "有 {% … %} 没有对应的结束标记（如缺少 {% endfor %} 或 {% endif %}）"),
    ("unexpected '}'", "花括号不配对（应为 {{ 字段名 }}）"),
    ("unexpected char", "字段中有不能识别的字符"),
    ("expected token 'end of print statement'", "{{ }} 中只能写一个字段名（字段名中不能有空格或标点）"),
    ("unexpected end of print statement", "{{ }} 中缺少字段名"),
    ("encountered unknown tag", "{% %} 中有不认识的指令"),
)


def _syntax_message(name: str, exc, source: str) -> str:
    what = next((cn for en, cn in _JINJA_MESSAGES if en in str(exc.message).lower()), f"写法有误（{exc.message}）")
    lines = source.splitlines()
    near = ""
    if exc.lineno and 0 < exc.lineno <= len(lines):
        near = re.sub(r"<[^>]+>", "", lines[exc.lineno - 1]).strip()
    where = f"，位置在“{near[:40]}”附近" if near else ""
    return f"模板「{name}」的字段写法有误：{what}{where}"


def _environment(strict: bool = False):
    """A fresh sandbox for every parse or render: it carries that render's time and size budgets."""
    from tui.export.template_sandbox import TemplateSandbox

    return TemplateSandbox(strict=strict)


def check_template(path: Path, known: tuple[str, ...] | None = None) -> TemplateCheck:
    """The template's fields, split into the ones zhibu can fill and the ones it cannot."""
    from jinja2 import TemplateSyntaxError, meta

    from tui.export.forms_vars import FIELD_NAMES
    from tui.export.template_sandbox import template_problems

    known = FIELD_NAMES if known is None else known
    path = Path(path)
    tpl = _open_template(path)
    env = _environment()
    used: list[str] = []
    sources = _preprocessed_parts(tpl)
    asts = []
    if mistakes := template_checks.source_problems(sources):
        raise TemplateError(f"模板「{path.stem}」需要改正：" + "；".join(mistakes) + "。")
    for source in sources:
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as exc:
            raise TemplateError(_syntax_message(path.stem, exc, source)) from None
        asts.append(ast)
        problems = template_problems(ast, env)
        if problems:
            raise TemplateError(f"模板「{path.stem}」不能使用：" + "；".join(problems) + "。请改正后再安装。")
        undeclared = meta.find_undeclared_variables(ast)
        # find_undeclared_variables returns a set: recover the order the fields appear in.
        for match in re.finditer(r"[^\W\d]\w*", " ".join(_jinja_spans(source))):
            if match.group() in undeclared and match.group() not in used:
                used.append(match.group())
        used += sorted(v for v in undeclared if v not in used)
    check = TemplateCheck(path.stem, used)
    for name in used:
        if name in known:
            check.known.append(name)
        else:
            near = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
            check.unknown.append((name, near[0] if near else None))
    check.unknown += template_checks.loop_field_typos(asts)     # {{ m.名字 }} inside a loop
    return check


def _jinja_spans(source: str) -> list[str]:
    return re.findall(r"\{[{%](.*?)[}%]\}", source, flags=re.DOTALL)


def install_template(src: Path, *, force: bool = False, folder: Path | None = None) -> tuple[Path, TemplateCheck]:
    """Copy a checked template into the templates folder. Refuses to replace one unless `force`."""
    src = Path(src)
    check = check_template(src)            # raises for a file that is not a usable template
    folder = folder or templates_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TemplateError(f"无法创建模板文件夹：{folder}（{exc.strerror or exc}）") from None
    dest = folder / (src.stem + ".docx")
    if dest.exists() and not force:
        raise TemplateError(f"模板「{dest.stem}」已存在，如需替换请确认（命令行加 --force）")
    atomic_write(dest, lambda tmp: shutil.copyfile(src, tmp), force=True)
    return dest, check


def fill_template(template: Path, context: dict, out: Path, *, force: bool = False, progress=None) -> Path:
    """Render `template` with `context` and write it to `out` atomically (unknown fields refused)."""
    from jinja2 import TemplateError as JinjaError
    from jinja2.exceptions import SecurityError

    from tui.export.template_sandbox import TemplateLimitError

    template = Path(template)
    check = check_template(template, tuple(context))
    if not check.ok:
        raise TemplateError(check.unknown_message())
    if progress:
        progress(0.5)
    out = Path(out)
    if out.exists() and not force:
        raise ExportError(f"文件已存在：{out.name}，如需覆盖请确认（命令行加 --force）")
    _check_sizes(context)
    tpl = _open_template(template)
    try:
        tpl.render(_listing(context), jinja_env=_environment(strict=True))
    except TemplateLimitError as exc:
        raise TemplateError(f"模板「{template.stem}」无法填写：{exc}") from None
    except SecurityError:
        raise TemplateError(f"模板「{template.stem}」无法填写：模板试图访问程序内部，已拒绝") from None
    except JinjaError as exc:
        raise TemplateError(f"模板「{template.stem}」无法填写：{_undefined_message(exc)}") from None
    except RecursionError:
        raise TemplateError(f"模板「{template.stem}」无法填写：模板中的调用层数过深，已停止") from None
    except MemoryError:
        raise TemplateError(f"模板「{template.stem}」无法填写：生成的内容过大，内存不足") from None
    except SyntaxError as exc:      # lxml's XMLSyntaxError: "Text node too long" and the like
        what = "一段文字过长（Word 文档的一段文字不能超过约 1000 万字节）" if "too long" in str(exc) \
            else f"生成的文档结构有误（{_plain(exc)}）"
        raise TemplateError(f"模板「{template.stem}」无法填写：{what}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        raise TemplateError(f"模板「{template.stem}」无法填写：模板中的写法或内容不能处理（{_plain(exc)}）") from None
    if progress:
        progress(0.8)
    atomic_write(out, lambda tmp: tpl.save(str(tmp)), force=force)
    if progress:
        progress(1.0)
    return out


def _plain(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:120]}"


def _check_sizes(context: dict) -> None:
    """A field too long for Word (lxml refuses a text node over 10 MB) is refused by name."""
    from tui.export.template_sandbox import MAX_VALUE_CHARS

    def too_long(value) -> bool:
        if isinstance(value, str):
            return len(value) > MAX_VALUE_CHARS
        if isinstance(value, dict):
            return any(too_long(v) for v in value.values())
        if isinstance(value, (list, tuple)):
            return any(too_long(v) for v in value)
        return False

    for name, value in context.items():
        if too_long(value):
            raise TemplateError(f"字段「{name}」的内容过长（超过 {MAX_VALUE_CHARS:,} 个字符），无法写入 Word 文档，"
                                "请先缩短相关记录")


def _listing(context: dict) -> dict:
    """Multi-line text keeps its line breaks in Word; characters XML cannot hold (NUL, control
    characters, U+FFFE) are dropped, in list items too."""
    from docxtpl import Listing

    def clean(value):
        if isinstance(value, str):
            return _XML_ILLEGAL.sub("", value)
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    cleaned = {k: clean(v) for k, v in context.items()}
    return {k: Listing(v) if isinstance(v, str) and "\n" in v else v for k, v in cleaned.items()}


def _undefined_message(exc) -> str:
    text = str(exc)
    match = re.search(r"has no attribute '([^']+)'", text)
    if match:
        return f"列表中没有「{match.group(1)}」这一项（见 zhibu vars 中各列表的项目）"
    match = re.search(r"'([^']+)' is undefined", text)
    if match:
        return f"没有名为「{match.group(1)}」的字段"
    return text


def export_template(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    """The catalogue's builder for a template form (params.extra["template"] is its path)."""
    from tui.export.forms_vars import template_context
    from tui.rules.dates import DateError
    from tui.rules.forms import resolve_period

    template = params.extra.get("template")
    if not template:
        raise TemplateError("未指定模板文件")
    try:
        period = resolve_period(params.year, params.date_from, params.date_to)
    except DateError as exc:
        raise ExportError(str(exc)) from None
    if progress:
        progress(0.1)
    context = template_context(db, period, dues_through=params.dues_through)
    if progress:
        progress(0.3)
    return fill_template(Path(template), context, Path(out), force=force, progress=progress)
