"""发展党员 (党员 area, key D): the pipeline — who is at which stage, each step's date, the timeline check, the
支部党员大会's 表决, and the documents. Keys: N 新增申请人, S 记录步骤, R 登记人员, V 表决, X 导出."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from tui import clock
from tui.errors import ZhibuError
from tui.rules import development as rules
from tui.export.development_docx import probation_line
from tui.screens.base import AreaScreen
from tui.store import development as store
from tui.widgets.area_list import AreaList
from tui.widgets.confirm import Confirm
from tui.widgets.form import FieldSpec, FormDialog

STEP_CHOICES = tuple(s.title for s in rules.STEPS)
FORM_IDS = ("dev-admission", "dev-confirmation", "dev-talk", "dev-committee-activist", "dev-committee-target",
            "dev-committee-review", "dev-publicity", "dev-reference", "dev-archive-index")


def detail_markup(c: store.Candidate, tl: rules.Timeline, record: store.ProbationRecord | None = None) -> str:
    lines = [f"[b]{escape(c.name)}[/b]  {tl.stage}  [dim]规则 {rules.RULES_LABEL}[/dim]"]
    dated = [f"{s.title} {c.dates[s.no]}" for s in rules.STEPS if c.dates.get(s.no)]
    lines.append(escape("；".join(dated)) if dated else "尚未记录任何步骤")
    roles = [f"{r}：{c.names(r)}" for r in store.ROLES if c.names(r)]
    if roles:
        lines.append(escape("  ".join(roles)))
    for n in tl.next_steps:
        span = "—".join(d.isoformat() if d else "…" for d in (n.earliest, n.latest))
        lines.append(f"[b]下一步[/b] {escape(rules.step_def(n.step).title)}：{span}  [dim]{escape(n.text)}（{n.article}）[/dim]")
    if record is not None:
        lines.append(f"[b]预备期考察[/b] {escape(probation_line(record))}")
    for p in tl.problems:
        style = "bold red" if p.level == rules.ERROR else "yellow"
        lines.append(f"[{style}]{escape(p.line())}[/]")
    return "\n".join(lines)


@dataclass
class ImportRead(Message):
    """The reading worker's one report: the preview, or the Chinese reason it could not read."""

    preview: object = None
    error: str = ""


class DevelopmentScreen(AreaScreen):
    AREA = "members"      # shown over the 党员 area (F3, D): the tab strip keeps its ten keys at 80 columns
    BINDINGS = [
        Binding("escape", "back", "返回花名册", key_display="Esc"),
        Binding("n", "new", "新增申请人", tooltip="录入入党申请人和递交申请书日期"),
        Binding("e", "edit", "编辑", tooltip="姓名、性别、出生日期、单位/班级、备注"),
        Binding("s", "step", "记录步骤", tooltip="记录①–㉕中某一步的日期；早于规定的会提醒，可保留"),
        Binding("r", "role", "登记人员", tooltip="谈话人、培养联系人、入党介绍人"),
        Binding("v", "vote", "表决", tooltip="支部党员大会接收预备党员或转正的表决"),
        Binding("x", "export", "导出", tooltip="支部大会记录及决议、谈话记实、支委会记录、公示、填写参考、卷内目录"),
        Binding("i", "import", "导入", tooltip="从 .xlsx 导入人员和各阶段日期：先预览，逐行列出问题"),
    ]
    DEFAULT_CSS = """
    DevelopmentScreen #dev-list { height: 1fr; }
    DevelopmentScreen #dev-detail-box { height: 9; border-top: solid $accent 40%; }
    DevelopmentScreen #dev-detail { padding: 0 1; }
    """

    def compose_body(self) -> ComposeResult:
        yield Static(f"发展党员（规则：{rules.SOURCE}，{rules.RULES_LABEL}）", classes="section-title")
        yield AreaList("姓名", "阶段", "最近一步", "下一步", "提醒", id="dev-list")
        with VerticalScroll(id="dev-detail-box"):
            yield Static("", id="dev-detail")

    def __init__(self, candidate_id: int | None = None) -> None:
        super().__init__()
        self._start = candidate_id

    def on_mount(self) -> None:
        super().on_mount()
        self.reload(keep=self._start)
        self.query_one(AreaList).focus()

    def on_screen_resume(self) -> None:
        if self.data_changed():
            self.reload(keep=self.selected_id)

    def reload(self, keep: int | None = None) -> None:
        self.found = {c.id: (c, tl) for c, tl in store.check_all(self.db, clock.today())}
        rows = []
        for c, tl in self.found.values():
            last = max(c.dates) if c.dates else None
            nxt = tl.next_steps[0] if tl.next_steps else None
            due = ""
            if nxt:
                due = rules.step_def(nxt.step).title + (f" 至{nxt.latest.isoformat()}" if nxt.latest
                                                        else f" 自{nxt.earliest.isoformat()}" if nxt.earliest else "")
            rows.append((c.name, str(tl.stage), f"{rules.step_def(last).title} {c.dates[last]}" if last else "—", due,
                         str(len(tl.problems)) if tl.problems else ""))
        self.query_one(AreaList).set_rows(rows, list(self.found), keep_key=keep)
        self.show_detail()

    @property
    def selected_id(self) -> int | None:
        return self.query_one(AreaList).selected_key if self.found else None

    def selected(self) -> store.Candidate | None:
        key = self.selected_id
        return self.found[key][0] if key in self.found else None

    def show_detail(self) -> None:
        key = self.selected_id
        if key in self.found:
            c, tl = self.found[key]
            text = detail_markup(c, tl, store.probation_record(self.db, c))
        else:
            text = "名单为空：按 N 新增入党申请人。"
        self.query_one("#dev-detail", Static).update(text)

    def on_list_table_row_highlighted(self, event) -> None:
        self.show_detail()

    def show_candidate(self, candidate_id: int) -> None:
        """The 工作台 opens one person's record here."""
        self.reload(keep=candidate_id)

    def action_back(self) -> None:
        self.app.pop_screen()

    def _need(self) -> store.Candidate | None:
        c = self.selected()
        if c is None:
            self.notify("请先在名单中选择一个人", severity="warning")
        return c

    def _saved(self, result) -> None:
        if not result:
            return
        cid, warnings = result
        for w in warnings:
            self.notify(f"{w}——可以保留，已保存。", title="提醒", severity="warning", timeout=12)
        self.reload(keep=cid)

    def action_new(self) -> None:
        fields = [
            FieldSpec("name", "姓名", required=True),
            FieldSpec("gender", "性别", "choice", ("男", "女")),
            FieldSpec("birth_date", "出生日期", "date"),
            FieldSpec("unit", "单位/班级"),
            FieldSpec("applied", "申请书日期", "date", required=True, placeholder="递交入党申请书的日期"),
        ]

        def save(v: dict):
            cid = store.save_candidate(self.db, v)
            c = store.get_candidate(self.db, cid)
            due = [f"应在{n.latest.isoformat()}前派人谈话（{n.article}，{rules.RULES_LABEL}）"
                   for n in store.timeline_of(self.db, c).next_steps if n.step == 2 and n.latest]
            return cid, due

        self.app.push_screen(FormDialog("新增入党申请人", fields, {}, save), self._saved)

    def action_edit(self) -> None:
        c = self._need()
        if c is None:
            return
        fields = [
            FieldSpec("name", "姓名", required=True),
            FieldSpec("gender", "性别", "choice", ("男", "女")),
            FieldSpec("birth_date", "出生日期", "month"),
            FieldSpec("unit", "单位/班级"),
            FieldSpec("note", "备注"),
        ]
        values = {"name": c.name, "gender": c.gender, "birth_date": c.birth_date, "unit": c.unit, "note": c.note}

        def save(v: dict):
            store.save_candidate(self.db, {**v, "extended_months": c.extended_months}, c.id)
            return c.id, []

        self.app.push_screen(FormDialog(f"编辑：{c.name}", fields, values, save), self._saved)

    def action_step(self) -> None:
        c = self._need()
        if c is None:
            return
        nxt = self.found[c.id][1].next_steps
        ready = [n for n in nxt if n.earliest and n.earliest <= clock.today()] or list(nxt)
        suggested = rules.step_def(ready[0].step).title if ready else None
        fields = [
            FieldSpec("step", "步骤", "choice", STEP_CHOICES, required=True),
            FieldSpec("date", "日期", "date", required=True),
            FieldSpec("note", "备注"),
        ]

        def save(v: dict):
            step = STEP_CHOICES.index(v["step"]) + 1
            return c.id, [p.line() for p in store.set_step(self.db, c.id, step, v["date"], v.get("note") or "")]

        self.app.push_screen(FormDialog(f"记录步骤：{c.name}", fields, {"step": suggested}, save), self._saved)

    def action_role(self) -> None:
        c = self._need()
        if c is None:
            return
        fields = [
            FieldSpec("role", "角色", "choice", store.ROLES, required=True),
            FieldSpec("who", "姓名", required=True, placeholder="本支部正式党员的姓名（谈话人可为上级人员）"),
            FieldSpec("since", "日期", "date", placeholder="留空：该步骤的日期"),
        ]

        def save(v: dict):
            store.add_role(self.db, c.id, v["role"], v["who"], v.get("since") or None)
            return c.id, []

        self.app.push_screen(FormDialog(f"登记人员：{c.name}", fields, {}, save), self._saved)

    def action_vote(self) -> None:
        c = self._need()
        if c is None:
            return
        kind = "预备党员转正" if c.dates.get(15) else "接收预备党员"
        today = clock.today().isoformat()
        fields = [
            FieldSpec("kind", "表决事项", "choice", store.VOTE_KINDS, required=True),
            FieldSpec("date", "大会日期", "date", required=True),
            FieldSpec("entitled", "应到有表决权", required=True, placeholder="有表决权的正式党员人数"),
            FieldSpec("present", "实到有表决权", required=True),
            FieldSpec("yes", "赞成", required=True),
            FieldSpec("no", "反对"),
            FieldSpec("abstain", "弃权"),
            FieldSpec("written", "书面意见", placeholder="未到会者书面表示赞成的份数"),
            FieldSpec("assessment", "评价", "multiline", height=3),
        ]
        values = {"kind": kind, "date": today, "entitled": str(len(store.full_members_on(self.db, today))),
                  "no": "0", "abstain": "0", "written": "0"}

        def save(v: dict):
            numbers = []
            for key, label in (("entitled", "应到有表决权"), ("present", "实到有表决权"), ("yes", "赞成"),
                               ("no", "反对"), ("abstain", "弃权"), ("written", "书面意见")):
                text = str(v.get(key) or "0").strip()
                if not (text.isascii() and text.isdigit()):
                    raise store.ValidationError(f"「{label}」应为非负整数：“{text}”", label)
                numbers.append(int(text))
            result, warnings = store.record_vote(self.db, c.id, v["kind"], v["date"], rules.Tally(*numbers),
                                                 assessment=v.get("assessment") or "")
            self.notify(result.text, title="表决结果")
            return c.id, warnings

        self.app.push_screen(FormDialog(f"支部党员大会表决：{c.name}", fields, values, save), self._saved)

    def action_export(self) -> None:
        from tui.screens.export_flow import choose_and_export

        c = self.selected()
        if c is None:
            choose_and_export(self.app, self.db, ("dev-roster",), "导出发展党员表格")
            return
        choose_and_export(self.app, self.db, FORM_IDS, f"导出：{c.name}（名册：按 Esc 后在“表格”区域导出）",
                          record_id=c.id, record_label=c.name)

    # ── import ──
    def action_import(self) -> None:
        fields = [FieldSpec("path", "文件", required=True, placeholder="发展党员名册 .xlsx 的完整路径")]
        self.app.push_screen(FormDialog("导入发展党员", fields, {}), self._read_chosen)

    def _read_chosen(self, values: dict | None) -> None:
        if values:
            self.notify("正在读取……")
            self._read(Path(str(values["path"]).strip().strip('"')))

    @work(thread=True, exclusive=True, exit_on_error=False, group="development-read")
    def _read(self, path: Path) -> None:
        from tui.importers.development import read_development

        try:
            self.post_message(ImportRead(preview=read_development(path)))
        except ZhibuError as exc:
            self.post_message(ImportRead(error=str(exc)))
        except Exception as exc:  # noqa: BLE001 - reported, never a traceback
            self.post_message(ImportRead(error=f"无法读取 {path.name}：{type(exc).__name__}"))

    @on(ImportRead)
    def _import_read(self, message: ImportRead) -> None:
        if message.error:
            self.notify(message.error, title="未导入", severity="error", timeout=12)
            return
        preview = message.preview
        if not preview.good:
            self.notify("\n".join(preview.lines(8)), title="没有可导入的行", severity="warning", timeout=15)
            return
        question = "\n".join(preview.lines(8)) + "\n\n导入可导入的行？（一次写入，任何一行出错则全部不写）"

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            from tui.importers.development import apply_development_import

            try:
                count = apply_development_import(self.db, preview)
            except ZhibuError as exc:
                self.notify(str(exc), title="未导入", severity="error", timeout=15)
                return
            self.notify(f"已导入 {count} 人。")
            self.reload()

        self.app.push_screen(Confirm(question, yes="导入", no="取消"), answer)
