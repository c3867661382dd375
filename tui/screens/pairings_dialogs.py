"""The pairings area's dialogs: choosing a mode, the pairing form with its slots, the outcome
statistics, the activity/outcome records of one pairing, outside people."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.errors import ZhibuError
from tui.rules.pairings import LEVELS, PairingStatus, hours_text, triad_text
from tui.store import pairings as store
from tui.store import people
from tui.store.pairings import person_use_counts
from tui.widgets.confirm import Confirm
from tui.widgets.form import FieldSpec, FormDialog
from tui.widgets.member_picker import Candidate
from tui.widgets.area_list import AreaList
from tui.widgets.pairings_slot import SlotField
from tui import clock

_DIALOG_CSS = """
{cls} {{ align: center middle; }}
{cls} > Vertical {{ width: 100; max-width: 100%; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }}
{cls} VerticalScroll {{ height: 1fr; }}
{cls} .dialog-keys {{ color: $text-muted; }}
{cls} .dialog-error {{ color: $error; }}
"""


def activity_dialog(db, pairing_id: int, activity=None) -> FormDialog:
    if activity is None:
        values = {"date": clock.today().isoformat()}
        save = lambda v: store.add_activity(db, pairing_id, v["date"], v["what"], v.get("hours"))  # noqa: E731
        title = "记录活动"
    else:
        values = {"date": activity.date, "what": activity.what, "hours": hours_text(activity.hours)}
        save = lambda v: store.update_activity(db, activity.id, v["date"], v["what"], v.get("hours"))  # noqa: E731
        title = "编辑活动"
    p = store.get_pairing(db, pairing_id)
    return FormDialog(f"{title}：{p.title}", activity_fields(), values, save)


def outcome_dialog(db, pairing_id: int, outcome=None) -> FormDialog:
    p = store.get_pairing(db, pairing_id)
    fields = outcome_fields(store.outcome_kinds(db), LEVELS)
    if outcome is None:
        return FormDialog(f"添加成果：{p.title}", fields, {}, lambda v: store.add_outcome(db, pairing_id, v))
    return FormDialog(f"编辑成果：{p.title}", fields, dict(outcome.__dict__),
                      lambda v: store.update_outcome(db, outcome.id, v))


class ModeChooser(ModalScreen[str | None]):
    """1/2/3 or ↑↓ Enter: which kind of pairing to set up."""

    DEFAULT_CSS = """
    ModeChooser { align: center middle; }
    ModeChooser > Vertical { width: 84; max-width: 100%; height: 14; border: thick $accent; background: $surface; padding: 0 1; }
    ModeChooser OptionList { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "取消"),
        Binding("1", "choose(0)", show=False),
        Binding("2", "choose(1)", show=False),
        Binding("3", "choose(2)", show=False),
    ]

    def __init__(self, configs: dict) -> None:
        super().__init__()
        self.configs = list(configs.values())

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]新建结对：选择模式[/b]  按 1/2/3 或 ↑↓ 回车 · Esc 取消")
            yield OptionList(*[
                Option(f"{i}. {c.name}：{triad_text(c)}\n   [dim]{c.aims}[/dim]", id=c.code)
                for i, c in enumerate(self.configs, start=1)
            ])

    def action_choose(self, index: int) -> None:
        self.dismiss(self.configs[index].code)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass
class SlotSpec(FieldSpec):
    options: list[tuple[str, Candidate]] = field(default_factory=list)
    new_label: str = ""


class PairingForm(FormDialog):
    """FormDialog with slot fields (member, outside person, or a new person typed by name)."""

    def _widget_for(self, spec: FieldSpec) -> Widget:
        if isinstance(spec, SlotSpec):
            return SlotField(spec.label, spec.options, self.values.get(spec.key), spec.new_label, id=f"f-{spec.key}")
        return super()._widget_for(spec)


def pairing_fields(cfg, leads: list[tuple[str, Candidate]], seconds: list[tuple[str, Candidate]],
                   persons: list[tuple[str, Candidate]]) -> list[FieldSpec]:
    fields: list[FieldSpec] = [
        FieldSpec("title", "结对名称", required=True, placeholder="如 智能车竞赛导师团队（2025）"),
        SlotSpec("lead", cfg.lead, "slot", required=True, options=leads),
    ]
    if cfg.second:
        fields.append(SlotSpec("second", cfg.second, "slot", required=True, options=seconds,
                               new_label=f"{cfg.second}（外支部学生党员）"))
    fields += [
        SlotSpec("person", cfg.person, "slot", required=True, options=persons, new_label=cfg.person),
        FieldSpec("object_text", cfg.object, required=cfg.code != "mentor",
                  placeholder={"mentor": "如 全国职业院校技能大赛“工业机器人技术应用”赛项",
                               "teaching": "如 《机械制图》精品课程建设",
                               "enterprise": "如 数控机床主轴热变形补偿"}[cfg.code]),
        FieldSpec("goal", "目标", "multiline", height=2, placeholder=cfg.aims),
        FieldSpec("start_date", "开始日期", "date", required=True),
        FieldSpec("end_date", "结束日期", "date", placeholder="可空；已结束的结对必填"),
        FieldSpec("status", "状态", "choice", tuple(PairingStatus), required=True),
    ]
    return fields


def slot_values(values: dict) -> dict:
    """Form values → store keys: "m:3" → second_member_id, "p:5" → person_id, "new:…" → a name."""
    data = {k: v for k, v in values.items() if k not in ("lead", "second", "person")}
    lead = values.get("lead") or ""
    data["lead_id"] = int(lead[2:]) if lead.startswith("m:") else None
    for slot, member_key, person_key, name_key in (
        ("second", "second_member_id", "second_person_id", "second_name"),
        ("person", None, "person_id", "person_name"),
    ):
        key = values.get(slot) or ""
        if key.startswith("m:") and member_key:
            data[member_key] = int(key[2:])
        elif key.startswith("p:"):
            data[person_key] = int(key[2:])
        elif key.startswith("new:"):
            data[name_key] = key[4:]
    return data


def activity_fields() -> list[FieldSpec]:
    return [
        FieldSpec("date", "活动日期", "date", required=True),
        FieldSpec("what", "活动内容", "multiline", height=3, required=True, placeholder="如 指导项目方案与技术路线"),
        FieldSpec("hours", "学时", placeholder="如 2 或 1.5"),
    ]


def outcome_fields(kinds, levels) -> list[FieldSpec]:
    return [
        FieldSpec("kind", "成果类别", "choice", kinds, required=True),
        FieldSpec("level", "级别", "choice", levels, required=True),
        FieldSpec("date", "获得日期", "date", required=True),
        FieldSpec("title", "成果名称", required=True, placeholder="如 省职业院校技能大赛一等奖"),
        FieldSpec("evidence", "佐证材料", placeholder="如 获奖证书复印件存支部档案"),
    ]


class StatsDialog(ModalScreen[None]):
    """Outcome counts by mode × kind × level for a period, and the sentences to quote."""

    DEFAULT_CSS = _DIALOG_CSS.format(cls="StatsDialog")
    BINDINGS = [Binding("escape,enter,s", "close", "关闭")]

    def __init__(self, stats, period: str) -> None:
        super().__init__()
        self.stats = stats
        self.period = period

    def compose(self) -> ComposeResult:
        counts = Table("模式", "成果类别", *LEVELS, "合计", box=None, padding=(0, 2))
        for col in counts.columns[2:]:
            col.justify = "right"
        for mode, kind, per, total in self.stats.table():
            counts.add_row(mode, kind, *map(str, per), str(total))
        if not self.stats.table():
            counts.add_row("（本期没有登记成果）")
        work = Table("模式", "结对", "其中进行中", "活动次数", "学时", "成果", box=None, padding=(0, 2))
        for col in work.columns[1:]:
            col.justify = "right"
        for mode, t in self.stats.totals.items():
            work.add_row(self.stats.mode_names[mode], str(t.pairings), str(t.ongoing), str(t.activities),
                         hours_text(t.hours), str(t.outcomes))
        with Vertical():
            yield Static(f"[b]“1+1+1”成果统计（{self.period}）[/b]")
            with VerticalScroll():
                yield Static(counts, id="stats-table")
                yield Static("")
                yield Static(work, id="stats-work")
                yield Static("")
                yield Static("[b]可直接引用：[/b]\n" + ("\n".join(self.stats.sentences()) or "（无）"), id="stats-sentences")
            yield Static("Esc 关闭", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)


class RecordsDialog(ModalScreen[bool]):
    """One pairing's activity log and outcomes. Tab switches list; A/O add; Enter edits; Del deletes."""

    DEFAULT_CSS = _DIALOG_CSS.format(cls="RecordsDialog") + """
    RecordsDialog AreaList { height: 1fr; }
    RecordsDialog .section-title { text-style: bold; background: $accent 15%; }
    """
    BINDINGS = [
        Binding("escape", "close", "关闭"),
        Binding("a", "add_activity", "记录活动"),
        Binding("o", "add_outcome", "添加成果"),
        Binding("enter,e", "edit", "编辑"),
        Binding("delete", "delete", "删除", key_display="Del"),
    ]

    def __init__(self, pairing_id: int) -> None:
        super().__init__()
        self.pairing_id = pairing_id
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="records-title")
            yield Static("活动记录", classes="section-title")
            yield AreaList("日期", "活动内容", "学时", id="records-activities")
            yield Static("成果", classes="section-title")
            yield AreaList("日期", "类别", "级别", "成果名称", "佐证材料", id="records-outcomes")
            yield Static("A 记录活动 · O 添加成果 · 回车 编辑 · Del 删除 · Tab 切换列表 · Esc 关闭", classes="dialog-keys")

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#records-activities", AreaList).focus()

    @property
    def db(self):
        return self.app.db

    def reload(self) -> None:
        p = store.get_pairing(self.db, self.pairing_id)
        self.query_one("#records-title", Static).update(
            f"[b]{p.title}[/b]  {p.mode_name} · {p.period} · 活动 {p.activity_count} 次 {hours_text(p.hours)} 学时 · 成果 {p.outcome_count} 项")
        acts = store.list_activities(self.db, self.pairing_id)
        self.query_one("#records-activities", AreaList).set_rows(
            [(a.date, a.what.replace("\n", " "), hours_text(a.hours)) for a in acts], [a.id for a in acts])
        outs = store.list_outcomes(self.db, self.pairing_id)
        self.query_one("#records-outcomes", AreaList).set_rows(
            [(o.date, o.kind, o.level, o.title, o.evidence) for o in outs], [o.id for o in outs])

    def _after(self, result) -> None:
        if result is not None:
            self.changed = True
            self.reload()

    def action_add_activity(self) -> None:
        self.app.push_screen(activity_dialog(self.db, self.pairing_id), self._after)

    def action_add_outcome(self) -> None:
        self.app.push_screen(outcome_dialog(self.db, self.pairing_id), self._after)

    @on(AreaList.RowSelected)
    def _row_chosen(self) -> None:
        self.action_edit()     # the table takes Enter before the screen's binding sees it

    def _focused_table(self) -> AreaList:
        focused = self.focused
        return focused if isinstance(focused, AreaList) else self.query_one("#records-activities", AreaList)

    def action_edit(self) -> None:
        table = self._focused_table()
        key = table.selected_key
        if key is None:
            return
        if table.id == "records-activities":
            a = next(a for a in store.list_activities(self.db, self.pairing_id) if a.id == key)
            dialog = activity_dialog(self.db, self.pairing_id, a)
        else:
            o = next(o for o in store.list_outcomes(self.db, self.pairing_id) if o.id == key)
            dialog = outcome_dialog(self.db, self.pairing_id, o)
        self.app.push_screen(dialog, self._after)

    def action_delete(self) -> None:
        table = self._focused_table()
        key = table.selected_key
        if key is None:
            return
        is_activity = table.id == "records-activities"

        def answer(yes: bool | None) -> None:
            if yes:
                (store.delete_activity if is_activity else store.delete_outcome)(self.db, key)
                self._after(True)

        self.app.push_screen(Confirm(f"删除这条{'活动记录' if is_activity else '成果'}？"), answer)

    def action_close(self) -> None:
        self.dismiss(self.changed)


class PeopleDialog(ModalScreen[bool]):
    """Outside people: search by name/pinyin/initials, N new, Enter edit, Del delete (if unused)."""

    DEFAULT_CSS = _DIALOG_CSS.format(cls="PeopleDialog") + "PeopleDialog AreaList { height: 1fr; }"
    BINDINGS = [
        Binding("escape", "close", "关闭"),
        Binding("n", "new", "新登记"),
        Binding("enter,e", "edit", "编辑"),
        Binding("delete", "delete", "删除", key_display="Del"),
        Binding("slash", "search", "搜索", key_display="/"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]校外人员[/b]  普通学生、普通教师、企业：可在多个结对中重复选用")
            yield Input(placeholder="搜索：姓名 / 拼音 / 首字母 / 单位（/ 键）", id="people-search")
            yield AreaList("姓名/名称", "类别", "单位/班级", "联系方式", "参加结对", "备注", id="people-table")
            yield Static("N 新登记 · 回车 编辑 · Del 删除 · / 搜索 · Esc 关闭", classes="dialog-keys")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(AreaList).focus()

    def reload(self, keep=None) -> None:
        query = self.query_one("#people-search", Input).value
        found = people.search_people(self.app.db, query)
        uses = person_use_counts(self.app.db)
        self.query_one(AreaList).set_rows(
            [(p.name, p.kind, p.unit, p.contact, str(uses.get(p.id, 0)), p.note) for p in found],
            [p.id for p in found], keep_key=keep)

    @on(Input.Changed, "#people-search")
    def _search(self) -> None:
        self.reload()

    @on(Input.Submitted, "#people-search")
    def _search_done(self) -> None:
        self.query_one(AreaList).focus()

    def action_search(self) -> None:
        self.query_one("#people-search", Input).focus()

    @on(AreaList.RowSelected)
    def _row_chosen(self) -> None:
        self.action_edit()     # the table takes Enter before the screen's binding sees it

    def _form(self, person=None) -> FormDialog:
        fields = [
            FieldSpec("name", "姓名/名称", required=True),
            FieldSpec("kind", "类别", "choice", people.KINDS, required=True),
            FieldSpec("unit", "单位/班级", placeholder="如 机电2301班、机械工程系"),
            FieldSpec("contact", "联系方式"),
            FieldSpec("note", "备注", placeholder="如 已递交入党申请书"),
        ]
        values = {"kind": "学生"} if person is None else dict(person.__dict__)
        pid = None if person is None else person.id
        return FormDialog("新登记校外人员" if person is None else f"编辑：{person.name}", fields, values,
                          lambda v: people.save_person(self.app.db, v, pid))

    def action_new(self) -> None:
        self.app.push_screen(self._form(), lambda r: r is not None and self.reload(keep=r))

    def action_edit(self) -> None:
        key = self.query_one(AreaList).selected_key
        if key is not None:
            self.app.push_screen(self._form(people.get_person(self.app.db, key)),
                                 lambda r: r is not None and self.reload(keep=r))

    def action_delete(self) -> None:
        key = self.query_one(AreaList).selected_key
        if key is None:
            return
        person = people.get_person(self.app.db, key)

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                people.delete_person(self.app.db, key)
            except ZhibuError as exc:
                self.app.notify(str(exc), severity="error")
                return
            self.reload()

        self.app.push_screen(Confirm(f"删除校外人员「{person.name}」？"), answer)

    def action_close(self) -> None:
        self.dismiss(True)
