"""Year-end entry from the 会议 area: the 测评票 of a 民主评议, the materials of a 组织生活会, 学时.

Each dialog lists what is saved, with the counts and checks on top, and adds or edits through a
FormDialog whose save runs the store function (a bad value stays in the dialog, named, unsaved).
All fit 80×24: a one-line header, the list, a one-line key hint.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.rules import yearend as rules
from tui.store import evaluation, life_meeting, study_hours
from tui.store.meetings import grade_set
from tui.widgets.area_list import AreaList
from tui.widgets.form import FieldSpec, FormDialog
from tui.widgets.member_picker import Candidate

_CSS = """
{cls} {{ align: center middle; }}
{cls} > Vertical {{ width: 100%; max-width: 110; height: 100%; max-height: 40; border: thick $accent; background: $surface; padding: 0 1; }}
{cls} .dialog-head {{ height: auto; max-height: 4; }}
{cls} .dialog-keys {{ color: $text-muted; height: 1; }}
{cls} AreaList {{ height: 1fr; }}
"""


class _ListDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "关闭")]
    KEYS = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", classes="dialog-head", id="yearend-head")
            yield AreaList(*self.COLUMNS, id="yearend-list")
            yield Static(self.KEYS, classes="dialog-keys")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(AreaList).focus()

    @property
    def db(self):
        return self.app.db

    def action_close(self) -> None:
        self.dismiss(None)

    def action_settings(self) -> None:
        self.app.push_screen(YearEndSettingsDialog(self.db), self._after)

    def _after(self, message) -> None:
        if message:
            self.reload(keep=self.query_one(AreaList).selected_key)
            self.notify(str(message))


class TallyDialog(_ListDialog):
    """民主评议党员: each member's 测评票 counts, the 支委会's proposal, the 党员大会's result."""

    DEFAULT_CSS = _CSS.format(cls="TallyDialog")
    COLUMNS = ("姓名", "测评人数", "优秀", "合格", "基本合格", "不合格", "支委会建议", "评定", "处置建议")
    KEYS = "回车 录入/修改票数 · I 从统计表导入 · S 年终设置 · Esc 关闭"
    BINDINGS = [
        Binding("e", "edit", "录入票数", key_display="回车/E"),
        Binding("i", "import_sheet", "导入统计表"),
        Binding("s", "settings", "年终设置"),
        Binding("escape", "close", "关闭"),
    ]

    def __init__(self, meeting_id: int, year: int) -> None:
        super().__init__()
        self.meeting_id, self.year = meeting_id, year

    def reload(self, keep: object = None) -> None:
        s = evaluation.evaluation_summary(self.db, self.year, self.meeting_id)
        self.lines = {line.member_id: line for line in s.lines}
        rows = []
        for line in s.lines:
            t = line.tally
            rows.append((line.name, *(("", "", "", "", "", "") if t is None else (
                str(t.voters), str(t.excellent), str(t.qualified), str(t.basic), str(t.unqualified), t.committee_grade)),
                s.final.get(line.member_id, ""), t.procedure if t else ""))
        self.query_one(AreaList).set_rows(rows, [line.member_id for line in s.lines], keep_key=keep)
        counts = "，".join(f"{g}{n}" for g, n in s.counts.items())
        check = f"[b red]{s.excellent_over}[/]" if s.excellent_over else f"优秀未超过{s.share_text}"
        missing = f"；未录入票数 {len(s.missing)} 人" if s.missing else ""
        self.query_one("#yearend-head", Static).update(
            f"[b]{s.meeting.date} 民主评议党员[/b]  参评 {s.evaluated} 人：{counts}{missing}\n{check}")

    @on(AreaList.RowSelected)
    def _row_chosen(self, event: AreaList.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        member_id = self.query_one(AreaList).selected_key
        if member_id is None:
            return
        line = self.lines[member_id]
        t = line.tally
        grades = list(grade_set(self.db))
        fields = [
            FieldSpec("voters", "参加测评人数", required=True),
            *[FieldSpec(key, f"{label}票数") for key, label in rules.TALLY_FIELDS.items()],
            FieldSpec("committee_grade", "支委会建议", "choice", grades),
            FieldSpec("assembly_grade", "党员大会评定", "choice", grades),
            FieldSpec("procedure", "处置建议", "choice", rules.PROCEDURES, placeholder="仅不合格：只记录建议"),
        ]
        values = {k: str(getattr(t, k)) for k in ("voters", *rules.TALLY_FIELDS)} if t else {}
        if t:
            values.update(committee_grade=t.committee_grade, assembly_grade=t.assembly_grade, procedure=t.procedure)

        def save(v: dict) -> str:
            evaluation.save_tallies(self.db, self.meeting_id, [{"member_id": member_id, **v}])
            return f"已保存 {line.name} 的测评票数"

        self.app.push_screen(FormDialog(f"测评票：{line.name}", fields, values, save), self._after)

    def action_import_sheet(self) -> None:
        from pathlib import Path

        fields = [FieldSpec("path", "统计表文件", required=True, placeholder=".csv 或 .xlsx，第一行为表头"),
                  FieldSpec("voters", "参加测评人数", placeholder="表中没有“参加测评人数”一列时填写")]

        def save(v: dict) -> str:
            voters = rules.count_value(v.get("voters"), "参加测评人数") if v.get("voters") else None
            entries = evaluation.read_tally_sheet(Path(v["path"].strip().strip('"')), voters)
            n = evaluation.save_tallies(self.db, self.meeting_id, entries)
            return f"已导入 {n} 名党员的测评票数"

        self.app.push_screen(FormDialog("从测评统计表导入", fields, {}, save), self._after)


class LifeMeetingDialog(_ListDialog):
    """组织生活会: 会前征求意见 and 查摆问题, with the report's counts on top."""

    DEFAULT_CSS = _CSS.format(cls="LifeMeetingDialog")
    COLUMNS = ("类别", "来源/党员", "内容", "原因", "整改措施", "条数")
    KEYS = "O 加征求意见 · P 加查摆问题 · Del 删除 · Esc 关闭"
    BINDINGS = [
        Binding("o", "add_opinion", "加征求意见"),
        Binding("p", "add_problem", "加查摆问题"),
        Binding("delete,d", "delete", "删除", key_display="Del/D"),
        Binding("escape", "close", "关闭"),
    ]

    def __init__(self, meeting_id: int, year: int) -> None:
        super().__init__()
        self.meeting_id, self.year = meeting_id, year

    def reload(self, keep: object = None) -> None:
        r = life_meeting.life_meeting_report(self.db, self.year, self.meeting_id)
        rows, keys = [], []
        for o in r.opinions:
            rows.append(("征求意见", o.source, o.content, "", "", str(o.count)))
            keys.append(("opinion", o.id))
        for who, p in r.problems:
            rows.append(("查摆问题", who, p.problem, p.cause, p.measure, f"批评{p.criticisms}"))
            keys.append(("problem", p.id))
        self.query_one(AreaList).set_rows(rows, keys, keep_key=keep)
        todo = f"\n[dim]未完成：{'；'.join(r.unfinished)}[/dim]" if r.unfinished else ""
        self.query_one("#yearend-head", Static).update(
            f"[b]{r.date} 组织生活会[/b]  应到{r.expected} 实到{r.present}；征求意见{r.opinion_count}条；"
            f"会前谈心谈话{len(r.talks)}次；批评意见{r.criticism_count}条；整改措施{r.measure_count}项{todo}")

    def action_add_opinion(self) -> None:
        fields = [FieldSpec("source", "意见来源", required=True, placeholder="如 党员、群众、学生、服务对象"),
                  FieldSpec("content", "意见内容", "multiline", required=True, height=3),
                  FieldSpec("count", "条数", placeholder="同类意见合并记录时填写，默认1")]

        def save(v: dict) -> str:
            life_meeting.add_opinion(self.db, self.meeting_id, v["source"], v["content"], v.get("count") or 1)
            return "已记下这条意见"

        self.app.push_screen(FormDialog("会前征求意见", fields, {}, save), self._after)

    def action_add_problem(self) -> None:
        from tui.store.members import list_members

        members = [Candidate.from_member(m) for m in list_members(self.db)]
        fields = [FieldSpec("member", "党员", "member", members=members, placeholder="不选即为支委会班子"),
                  FieldSpec("problem", "问题", "multiline", required=True, height=2),
                  FieldSpec("cause", "原因", "multiline", height=2),
                  FieldSpec("measure", "整改措施", "multiline", height=2),
                  FieldSpec("criticisms", "批评意见条数", placeholder="会上收到的批评意见")]

        def save(v: dict) -> str:
            life_meeting.add_problem(self.db, self.meeting_id, v.get("member") or None, v["problem"],
                                     v.get("cause", ""), v.get("measure", ""), v.get("criticisms") or 0)
            return "已记下查摆问题"

        self.app.push_screen(FormDialog("查摆问题", fields, {}, save), self._after)

    def action_delete(self) -> None:
        key = self.query_one(AreaList).selected_key
        if key is None:
            return
        what, record_id = key
        (life_meeting.delete_opinion if what == "opinion" else life_meeting.delete_problem)(self.db, record_id)
        self.reload()
        self.notify("已删除")


class StudyHoursDialog(_ListDialog):
    """学时: each member's hours of the year against the requirement; A adds an outside training."""

    DEFAULT_CSS = _CSS.format(cls="StudyHoursDialog")
    COLUMNS = ("姓名", "职务", "会议次数", "会议学时", "培训学时", "合计", "要求", "差额")
    KEYS = "A 加培训学时（党校、网络学院…）· S 年终设置 · Esc 关闭"
    BINDINGS = [Binding("a", "add", "加培训学时"), Binding("s", "settings", "年终设置"), Binding("escape", "close", "关闭")]

    def __init__(self, year: int) -> None:
        super().__init__()
        self.year = year

    def reload(self, keep: object = None) -> None:
        ledger = study_hours.hours_ledger(self.db, self.year)
        h = rules.hours_text
        rows = [(x.name, x.role, str(x.meetings), h(x.meeting_tenths), h(x.outside_tenths), h(x.total_tenths),
                 str(x.required), h(x.short_tenths) if x.short_tenths else "达标") for x in ledger.lines]
        self.query_one(AreaList).set_rows(rows, [x.member_id for x in ledger.lines], keep_key=keep)
        self.query_one("#yearend-head", Static).update(
            f"[b]{self.year}年学时台账[/b]  {ledger.rule_text}；要求 党员{ledger.required}、书记和支委{ledger.required_leaders}"
            f"（2024—2028年数字未经核实）；未达标 {len(ledger.below)} 人")

    def action_add(self) -> None:
        from tui.store.members import list_members

        members = [Candidate.from_member(m) for m in list_members(self.db)]
        selected = self.query_one(AreaList).selected_key
        fields = [FieldSpec("member", "党员", "member", members=members, required=True),
                  FieldSpec("date", "培训日期", "date", required=True),
                  FieldSpec("kind", "培训类别", "choice", rules.STUDY_KINDS, required=True),
                  FieldSpec("hours", "学时", required=True, placeholder="如 8 或 1.5"),
                  FieldSpec("title", "培训名称")]

        def save(v: dict) -> str:
            study_hours.add_entry(self.db, v["member"], v["date"], v["kind"], v["hours"], v.get("title", ""))
            return "已记下培训学时"

        self.app.push_screen(FormDialog("培训学时", fields, {"member": selected, "kind": "网络学院"}, save), self._after)


class YearEndSettingsDialog(FormDialog):
    """The year end's local rules with their sources (S in the 测评票 and 学时 dialogs)."""

    def __init__(self, db) -> None:
        from tui.store.branch import get_setting
        from tui.store.yearend_settings import LABELS, get_yearend_settings, save_yearend_settings

        current = get_yearend_settings(db)
        rule_names = list(rules.HOURS_RULES.values())
        orders = {"pinyin": "按姓名拼音", "roster": "按花名册顺序"}
        fields = [
            FieldSpec("excellent_share", LABELS["excellent_share"], required=True, placeholder="如 1/3 或 30%"),
            FieldSpec("excellent_source", LABELS["excellent_source"], "multiline", required=True, height=2),
            FieldSpec("problems_share", LABELS["problems_share"], required=True, placeholder="如 1/3"),
            FieldSpec("problems_source", LABELS["problems_source"], "multiline", required=True, height=2),
            FieldSpec("study_required", LABELS["study_required"], required=True),
            FieldSpec("study_required_leaders", LABELS["study_required_leaders"], required=True),
            FieldSpec("study_source", LABELS["study_source"], "multiline", required=True, height=3),
            FieldSpec("hours_rule", LABELS["hours_rule"], "choice", rule_names, required=True),
            FieldSpec("ballot_order", "测评表姓名顺序", "choice", tuple(orders.values()), required=True),
        ]
        values = {k: str(getattr(current, k)) for k in LABELS}
        values["hours_rule"] = current.hours_rule_text
        values["ballot_order"] = orders[get_setting(db, "yearend.ballot_order", "pinyin")]

        def save(v: dict) -> str:
            from tui.store.branch import set_setting

            changes = {k: v[k] for k in LABELS if k in v}
            changes["hours_rule"] = next(k for k, text in rules.HOURS_RULES.items() if text == v["hours_rule"])
            save_yearend_settings(db, changes)
            set_setting(db, "yearend.ballot_order", next(k for k, text in orders.items() if text == v["ballot_order"]))
            return "已保存年终设置"

        super().__init__("年终设置（本地规则及依据）", fields, values, save)
