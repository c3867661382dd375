"""The 表格 area's dialogs: writing a form's sections, and the list of template fields."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tui.store import forms as store


class SectionEditor(ModalScreen[bool]):
    """Write the parts of a form the secretary writes, per year. Dismisses True if anything was saved."""

    DEFAULT_CSS = """
    SectionEditor { align: center middle; }
    SectionEditor > Vertical { width: 96%; height: 94%; border: thick $accent; background: $surface; }
    SectionEditor #editor-title { padding: 0 1; text-style: bold; background: $accent 20%; }
    SectionEditor #editor-top { height: 1; padding: 0 1; }
    SectionEditor #editor-top Label { width: auto; padding: 0 1 0 0; }
    SectionEditor #editor-year { width: 12; }
    SectionEditor #editor-body { height: 1fr; }
    SectionEditor #editor-sections { width: 30; height: 1fr; }
    SectionEditor #editor-right { width: 1fr; height: 1fr; }
    SectionEditor #editor-hint { color: $text-muted; padding: 0 1; height: auto; }
    SectionEditor #editor-text { height: 1fr; }
    SectionEditor #editor-status { padding: 0 1; height: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "保存本栏", priority=True),
        Binding("escape", "close", "保存并关闭"),
        Binding("f6", "next_section", "下一栏", priority=True),
        # Tab goes back and forth between the section list and the text, as the title says;
        # the year is reached with Shift+Tab from the list (typing there by accident was lost).
        Binding("tab", "toggle_focus", "切换栏目列表/正文", show=False, priority=True),
    ]

    def __init__(self, db, form, year: int) -> None:
        super().__init__()
        self.db = db
        self.form = form
        self.year = year
        self.current = 0
        self.loaded_text = ""
        self.saved_any = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"编写「{self.form.name}」    [dim]Tab 切换栏目列表/正文 · F6 下一栏 · Ctrl+S 保存 · Esc 保存并关闭[/dim]",
                id="editor-title",
            )
            with Horizontal(id="editor-top"):
                yield Label("年度")
                yield Input(str(self.year), id="editor-year", compact=True)
                yield Static("  [dim]改年度后回车：每年的文字分开保存[/dim]")
            with Horizontal(id="editor-body"):
                yield OptionList(id="editor-sections")
                with Vertical(id="editor-right"):
                    yield Static("", id="editor-hint")
                    yield TextArea("", id="editor-text", soft_wrap=True, tab_behavior="focus")
            yield Static("", id="editor-status")
            yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._refresh_list()
        self._load(0)
        self.query_one(TextArea).focus()

    # ── data ──
    def _section_state(self, key: str) -> str:
        found = store.starting_text(self.db, self.form.id, self.year, key)
        if not found.text:
            return "未填写"
        if found.carried:
            return f"可沿用{found.year}年"
        return "已填写"

    def _refresh_list(self) -> None:
        options = self.query_one(OptionList)
        highlighted = self.current
        options.clear_options()
        for s in self.form.sections:
            state = self._section_state(s.key)
            mark = {"已填写": "[green]✓[/]", "未填写": "[red]·[/]"}.get(state, "[yellow]↺[/]")
            options.add_option(Option(f"{mark} {s.label}  [dim]{state}[/dim]", id=s.key))
        options.highlighted = highlighted

    def _load(self, index: int) -> None:
        self.current = index
        section = self.form.sections[index]
        found = store.starting_text(self.db, self.form.id, self.year, section.key)
        area = self.query_one(TextArea)
        area.load_text(found.text)
        self.loaded_text = found.text      # what the editor showed; a change to it is saved
        hint = section.hint or ""
        if section.one_line:
            hint = (hint + "；" if hint else "") + "只写一行"
        self.query_one("#editor-hint", Static).update(f"[b]{section.label}[/b]  {hint}")
        if found.carried:
            self._status(f"[yellow]本栏{self.year}年尚未填写，已带出{found.year}年的文字作为起点：修改后按 Ctrl+S 保存为{self.year}年[/]")
        elif found.text:
            self._status(f"{self.year}年 · 已保存")
        else:
            self._status(f"{self.year}年 · 未填写")

    def _status(self, text: str) -> None:
        self.query_one("#editor-status", Static).update(text)

    def _save_current(self, *, explicit: bool = False) -> bool:
        text = self.query_one(TextArea).text
        if not explicit and text.rstrip() == self.loaded_text.rstrip():
            return False      # unchanged (a text carried from last year stays unsaved until edited)
        section = self.form.sections[self.current]
        if section.one_line:
            text = " ".join(line.strip() for line in text.splitlines() if line.strip())
        store.save_text(self.db, self.form.id, self.year, section.key, text)
        self.loaded_text = text
        self.saved_any = True
        self._status(f"[green]已保存：{section.label}（{self.year}年）[/]")
        self._refresh_list()
        return True

    # ── actions ──
    def action_save(self) -> None:
        self._save_current(explicit=True)

    def action_close(self) -> None:
        self._save_current()
        self.dismiss(self.saved_any)

    def action_toggle_focus(self) -> None:
        if isinstance(self.focused, TextArea):
            self.query_one(OptionList).focus()
        else:
            self.query_one(TextArea).focus()

    def action_next_section(self) -> None:
        self._save_current()
        self._load((self.current + 1) % len(self.form.sections))
        self.query_one(OptionList).highlighted = self.current

    @on(OptionList.OptionHighlighted, "#editor-sections")
    def _pick(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if index is not None and index != self.current:
            self._save_current()
            self._load(index)

    @on(OptionList.OptionSelected, "#editor-sections")
    def _open(self) -> None:
        self.query_one(TextArea).focus()

    @on(Input.Submitted, "#editor-year")
    def _year(self, event: Input.Submitted) -> None:
        try:
            year = int(event.value.strip())
            if not 1949 <= year <= 2200:
                raise ValueError
        except ValueError:
            self._status("[red]「年度」应为四位数年份，如 2025[/]")
            return
        self._save_current()
        self.year = year
        self._refresh_list()
        self._load(self.current)
        self.query_one(TextArea).focus()


class FieldsScreen(ModalScreen[None]):
    """Every template field with this branch's value; for one template, which it can and cannot fill."""

    DEFAULT_CSS = """
    FieldsScreen { align: center middle; }
    FieldsScreen > VerticalScroll { width: 96%; height: 92%; border: thick $accent; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q,v", "close", "关闭")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.text, id="fields-text", markup=False)
        yield Footer(show_command_palette=False)

    def action_close(self) -> None:
        self.dismiss(None)


def fields_text(db, period, check=None, folder=None) -> str:
    """The text FieldsScreen shows: a template's check, then every field with its value."""
    from tui.export.forms_vars import FIELDS, example_text, template_context

    lines = []
    if check is not None:
        lines.append(f"模板「{check.name}」共 {len(check.fields)} 个字段")
        if check.known:
            lines.append("  能填写：" + "、".join(check.known))
        for name, near in check.unknown:
            lines.append(f"  不能填写：{name}" + (f"（是不是「{near}」？）" if near else "（没有相近的字段名）"))
        lines.append("")
    ctx = template_context(db, period)
    lines.append(f"全部可用字段（{period.title}的值）。在 Word/WPS 模板中写作 {{{{ 字段名 }}}}；"
                 "列表写在表格中：{%tr for x in 党员名单 %} … {{ x.姓名 }} … {%tr endfor %}")
    if folder is not None:
        lines.append(f"模板文件夹：{folder}（把上级下发的 .docx 放进去，或按 I 安装）")
    lines.append("")
    for f in FIELDS:
        lines.append(f"{{{{ {f.name} }}}}  {example_text(ctx[f.name])}")
        lines.append(f"      {f.description}")
    lines.append("")
    lines.append("Esc 关闭")
    return "\n".join(lines)
