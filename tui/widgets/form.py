"""One dialog for every record form: labelled fields from a spec, Ctrl+S saves, Esc cancels.

The dialog never writes: it hands the values to `on_save`, which calls the store.
A ZhibuError (ValidationError, DateError …) is shown in the dialog, naming the field, and the
dialog stays open with everything typed still there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from tui.errors import ZhibuError
from tui.widgets.member_picker import Candidate, MemberPicker, forward_typing


@dataclass
class FieldSpec:
    key: str
    label: str
    kind: str = "text"          # text | date | month | time | choice | multiline | member
    choices: Sequence[str] = ()  # for choice
    members: list[Candidate] = field(default_factory=list)  # for member
    # for member, instead of `members`: called the first time the list is needed (the picker
    # opens), so a form over a large roster does not build every candidate to show one name
    load_members: Callable[[], list[Candidate]] | None = None
    placeholder: str = ""
    required: bool = False
    height: int = 5             # lines, for multiline


class PickField(Static, can_focus=True):
    """A field whose value is chosen in a picker: Enter, Space or typing opens it; Delete clears.

    Subclasses give label_of(value) (None when nothing is chosen), empty_text() and
    picker(query) (a PickerScreen whose result becomes the value).
    """

    DEFAULT_CSS = """
    PickField { height: 1; width: 1fr; padding: 0 1; background: $boost; }
    PickField:focus { background: $accent 30%; }
    """
    BINDINGS = [
        Binding("enter,space", "pick", "选择", show=False),
        Binding("delete,backspace", "clear", "清除", show=False),
    ]

    class Changed(Message):
        def __init__(self, field: PickField) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> PickField:
            return self.field

    def __init__(self, value, **kwargs) -> None:
        super().__init__(**kwargs)
        self.value = value

    def label_of(self, value) -> str | None:
        raise NotImplementedError

    def empty_text(self) -> str:
        raise NotImplementedError

    def picker(self, query: str):
        raise NotImplementedError

    def on_mount(self) -> None:
        self._render_value()

    def set_value(self, value) -> None:
        self.value = value
        self._render_value()

    def _render_value(self) -> None:
        label = self.label_of(self.value) if self.value is not None else None
        self.update(label or f"[dim]{self.empty_text()}[/dim]")

    def action_pick(self, query: str = "") -> None:
        def chosen(value) -> None:
            # the focus stays here: Tab moves on, as from every other field (a habitual Tab
            # after the choice must not skip the next one)
            if value is not None:
                self.set_value(value)
                self.post_message(self.Changed(self))

        self.app.push_screen(self.picker(query), chosen)

    def action_clear(self) -> None:
        self.set_value(None)
        self.post_message(self.Changed(self))

    def on_key(self, event) -> None:
        if event.character and event.character.isprintable() and not event.character.isspace():
            event.stop()
            if not forward_typing(self, event.character):
                self.action_pick(event.character)


class MemberField(PickField):
    """A member, chosen by name, pinyin or initials. `names` (id → name) shows the chosen one
    before the candidates are read (see FieldSpec.load_members)."""

    def __init__(self, spec: FieldSpec, value: int | None, *, names: dict[int, str] | None = None, **kwargs) -> None:
        self.spec = spec
        self.names = names or {}
        super().__init__(value, **kwargs)

    def candidates(self) -> list[Candidate]:
        if not self.spec.members and self.spec.load_members is not None:
            self.spec.members = self.spec.load_members()
        return self.spec.members

    def label_of(self, value: int) -> str | None:
        if value in self.names:
            return self.names[value]
        return next((c.name for c in self.candidates() if c.id == value), None)

    def empty_text(self) -> str:
        return f"（回车选择{self.spec.label}）"

    def picker(self, query: str) -> MemberPicker:
        return MemberPicker(self.candidates(), f"选择{self.spec.label}", query)


class FormDialog(ModalScreen[object]):
    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog > Vertical { width: 90%; max-width: 110; height: auto; max-height: 95%; border: thick $accent; background: $surface; }
    FormDialog #form-title { dock: top; padding: 0 1; text-style: bold; background: $accent 20%; width: 1fr; }
    FormDialog #form-body { height: auto; max-height: 100%; padding: 1 1 0 1; }
    FormDialog .form-row { height: auto; margin-bottom: 1; }
    FormDialog .form-label { width: 14; padding: 0 1 0 0; text-align: right; }
    FormDialog .form-row > Input, FormDialog .form-row > Select { width: 1fr; }
    FormDialog .form-row > TextArea { width: 1fr; }
    FormDialog #form-foot { dock: bottom; height: auto; }
    FormDialog #form-error { color: $error; padding: 0 1; height: auto; max-height: 3; }
    FormDialog #form-preview { padding: 0 1; height: auto; max-height: 2; color: $text-accent; }
    FormDialog #form-preview.-empty { display: none; }
    FormDialog #form-buttons { height: 3; align: right middle; padding: 0 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "保存", priority=True),
        Binding("escape", "cancel", "取消"),
    ]

    def __init__(
        self,
        title: str,
        fields: list[FieldSpec],
        values: dict | None = None,
        on_save: Callable[[dict], object] | None = None,
        preview: Callable[[dict], str] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.values = dict(values or {})
        self.on_save = on_save
        self.preview = preview          # what the values typed so far come to, shown as they change
        self._error_key: str | None = None  # the field the error shown is about ("" : the form)
        self._error_values: dict = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"{self.form_title}    [dim]Tab/回车 下一项 · Ctrl+S 保存 · Esc 取消[/dim]", id="form-title")
            with VerticalScroll(id="form-body"):
                for spec in self.fields:
                    label = spec.label + ("*" if spec.required else "")
                    with Horizontal(classes="form-row"):
                        yield Label(label, classes="form-label")
                        yield self._widget_for(spec)
            with Vertical(id="form-foot"):  # docked: the save button stays on screen however long the form
                yield Static("", id="form-preview", classes="-empty")
                yield Static("", id="form-error").set_styles("display: none;")
                with Horizontal(id="form-buttons"):
                    yield Button("保存 Ctrl+S", variant="primary", id="form-save")
                    yield Button("取消 Esc", id="form-cancel")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).can_focus = False
        if self.fields:
            self.query_one(f"#f-{self.fields[0].key}").focus()
        self._update_preview()

    def _update_preview(self) -> None:
        if self.preview is None:
            return
        shown = self.query_one("#form-preview", Static)
        shown.update(Text(self.preview(self.collect())))  # typed text, shown as typed (no markup)
        shown.remove_class("-empty")

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    @on(PickField.Changed)
    def _field_changed(self, event) -> None:
        """A change to the field an error is about clears the error (it may be fixed now);
        the preview follows every change."""
        key = (event.control.id or "").removeprefix("f-")
        if self._error_key is not None and self._error_key in ("", key) and self.collect() != self._error_values:
            self._set_error("")
            self._error_key = None
        if self.is_mounted:
            self._update_preview()

    def _widget_for(self, spec: FieldSpec) -> Widget:
        value = self.values.get(spec.key)
        wid = f"f-{spec.key}"
        if spec.kind == "choice":
            options = [(c, c) for c in spec.choices]
            initial = value if value in spec.choices else Select.NULL
            return Select(options, value=initial, id=wid, allow_blank=not spec.required or initial is Select.NULL, prompt="（请选择）", compact=True)
        if spec.kind == "multiline":
            area = TextArea(str(value or ""), id=wid, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            area.styles.height = spec.height + 2
            return area
        if spec.kind == "member":
            return MemberField(spec, value, id=wid)
        placeholder = spec.placeholder or {
            "date": "如 2024-03-05",
            "month": "如 2024-03 或 2024-03-05",
            "time": "如 14:30",
        }.get(spec.kind, "")
        return Input("" if value is None else str(value), placeholder=placeholder, id=wid, compact=True)

    def collect(self) -> dict:
        out = {}
        for spec in self.fields:
            widget = self.query_one(f"#f-{spec.key}")
            if isinstance(widget, Select):
                out[spec.key] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, TextArea):
                out[spec.key] = widget.text
            else:
                out[spec.key] = widget.value
        return out

    def _set_error(self, message: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(Text(message))  # may quote what was typed: never read as markup
        error.display = bool(message)  # no empty line above the buttons: at 80×24 every line counts

    def show_error(self, message: str, field_label: str | None = None) -> None:
        self._set_error(message)
        self._error_key = ""
        self._error_values = self.collect()  # what was there when the error was found
        if field_label:
            for spec in self.fields:
                if spec.label == field_label or spec.key == field_label:
                    self._error_key = spec.key
                    widget = self.query_one(f"#f-{spec.key}")
                    widget.focus()
                    if isinstance(widget, Input):
                        # selected, also when the field had the focus already (a second error):
                        # what is typed next replaces the wrong value instead of joining it
                        widget.select_all()
                    break

    def action_save(self) -> None:
        values = self.collect()
        for spec in self.fields:
            if spec.required and values.get(spec.key) in (None, ""):
                self.show_error(f"「{spec.label}」不能为空", spec.key)
                return
        if self.on_save is None:
            self.dismiss(values)
            return
        try:
            result = self.on_save(values)
        except ZhibuError as exc:  # shown beside its field; nothing saved
            self.show_error(str(exc), exc.field)
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
