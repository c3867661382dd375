"""结对: the "1+1+1" pairings by mode and year; set one up in a minute, log its work as it
happens, record its outcomes, and read off the counts a case write-up needs."""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from tui.pinyin_search import matches
from tui.rules.dates import year_bounds
from tui.rules.pairings import MODES, PairingStatus, hours_text
from tui.screens.base import SearchableAreaScreen
from tui.screens.export_flow import open_export
from tui.screens.pairings_dialogs import (
    ModeChooser,
    PairingForm,
    PeopleDialog,
    RecordsDialog,
    StatsDialog,
    activity_dialog,
    outcome_dialog,
    pairing_fields,
    slot_values,
)
from tui.store import members as member_store
from tui.store import pairings as store
from tui.store import people as people_store
from tui.widgets.confirm import Confirm
from tui.widgets.form import FieldSpec, FormDialog
from tui.widgets.member_picker import Candidate, MemberPicker
from tui.widgets.area_list import AreaList
from tui import clock

COLUMNS = ("模式", "结对名称", "结对成员", "起止时间", "活动", "学时", "成果")


def _short(text: str, cells: int) -> str:
    """Cut to `cells` terminal cells (a Chinese character takes two); the detail shows it whole."""
    if cell_len(text) <= cells:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > cells - 1:
            break
        out += ch
    return out + "…"


class PairingsScreen(SearchableAreaScreen):
    AREA = "pairings"
    SEARCH_ID = "pairings-search"
    BINDINGS = [
        Binding("slash", "search", "搜索", key_display="/", tooltip="按结对名称、成员姓名、拼音或首字母查找"),
        Binding("n", "new", "新建结对", tooltip="导师制团队、教研结对或企业服务"),
        Binding("enter,e", "edit", "编辑", key_display="回车/E"),
        Binding("c", "copy", "续建", tooltip="以选中的结对为底稿新建（新学年同一团队继续）"),
        Binding("a", "add_activity", "记录活动", tooltip="为选中的结对记一次活动（日期、内容、学时）"),
        Binding("o", "add_outcome", "添加成果", tooltip="竞赛获奖、精品课程、专利……及其级别"),
        Binding("r", "records", "活动与成果", tooltip="查看、修改、删除选中结对的活动与成果"),
        Binding("f", "finish", "结束结对", show=False),
        Binding("m", "cycle_mode", "切换模式"),
        Binding("y", "cycle_year", "切换年度"),
        Binding("w", "by_member", "按党员查看", show=False, tooltip="只看某位党员参加的结对；再按一次恢复"),
        Binding("s", "stats", "成果统计", tooltip="按模式、类别、级别统计本年度（或全部）成果"),
        Binding("p", "people", "校外人员", show=False, tooltip="普通学生、普通教师、企业"),
        Binding("x", "export", "导出一览表", tooltip="结对情况一览表（含成果统计）.docx/.xlsx"),
        Binding("delete", "delete", "删除结对", key_display="Del", show=False),
        Binding("u", "undo_delete", "撤销删除", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.mode_filter: str | None = None
        self.year: int | None = clock.today().year
        self.member_filter: int | None = None
        self.pairings: list[store.Pairing] = []
        self.deleted: list[int] = []

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="area-toolbar"):
            yield Input(placeholder="搜索：结对名称 / 成员姓名 / 拼音（/ 键）", id="pairings-search", compact=True)
            yield Static("", id="pairings-filter", classes="area-status")
        yield AreaList(*COLUMNS, id="pairings-table")
        yield Static("", id="pairings-detail", classes="detail")

    def on_mount(self) -> None:
        ahead = self.read_ahead_result()
        self.reload(ahead=ahead)
        self.query_one(AreaList).focus()
        every = ahead[3] if ahead is not None else store.list_pairings(self.db)
        names = sorted({n for p in every for n in p.names()})
        # Pinyin keys of outside people are not stored: compute them off the main thread, so the
        # first search keystroke does not pay for importing pypinyin.
        self.run_worker(lambda: [people_store.search_keys(n) for n in names], thread=True,
                        exclusive=True, exit_on_error=False, group="pairings-pinyin")

    def on_screen_resume(self) -> None:
        if self.data_changed():
            self.reload(keep=self.query_one(AreaList).selected_key)

    # ── data ──
    @classmethod
    def read_ahead(cls, db) -> tuple:
        year = clock.today().year
        return year, store.mode_configs(db), store.list_pairings(db, year), store.list_pairings(db)

    def reload(self, keep: object = None, *, ahead: tuple | None = None) -> None:
        if ahead is not None and (ahead[0], self.mode_filter, self.member_filter) == (self.year, None, None):
            self.configs, self.pairings = ahead[1], ahead[2]
        else:
            self.configs = store.mode_configs(self.db)
            self.pairings = store.list_pairings(self.db, self.year, mode=self.mode_filter, member_id=self.member_filter)
        self.apply_filter(self.query_one("#pairings-search", Input).value, keep=keep)

    def apply_filter(self, query: str, keep: object = None) -> None:
        q = query.strip().lower()
        shown = [p for p in self.pairings if not q or self._hit(p, q)]
        rows = [
            (p.mode_name, _short(p.title, 26), _short("、".join(p.names()), 28),
             f"{p.start_date}～{p.end_date}" if p.status == PairingStatus.ENDED else f"{p.start_date} 起（进行中）",
             str(p.activity_count), hours_text(p.hours), str(p.outcome_count))
            for p in shown
        ]
        table = self.query_one(AreaList)
        table.set_rows(rows, [p.id for p in shown], keep_key=keep)
        parts = [f"{self.year}年" if self.year else "全部年度",
                 self.configs[self.mode_filter].name if self.mode_filter else "全部模式"]
        if self.member_filter:
            parts.append(member_store.get_member(self.db, self.member_filter).name + "参加的")
        self.query_one("#pairings-filter", Static).update(
            f"{' · '.join(parts)}：{len(shown)} 个结对  [dim]Y 年度 · M 模式 · W 按党员[/dim]")
        self.show_detail()

    @staticmethod
    def _hit(p: store.Pairing, q: str) -> bool:
        if q in p.title.lower() or q in p.object_text.lower():
            return True
        return any(matches(q, name, *people_store.search_keys(name)) for name in p.names())

    def show_detail(self) -> None:
        detail = self.query_one("#pairings-detail", Static)
        key = self.query_one(AreaList).selected_key
        if key is None:
            detail.update("[dim]没有结对。按 N 新建（导师制团队 / 教研结对 / 企业服务），Y 切换年度。[/dim]")
            return
        p = store.get_pairing(self.db, key)
        cfg = self.configs[p.mode]
        slots = [f"{cfg.lead} {p.lead_name}"]
        if cfg.second:
            slots.append(f"{cfg.second} {p.second_name or '—'}")
        slots.append(f"{cfg.person} {p.person_name or '—'}{('（' + p.person_unit + '）') if p.person_unit else ''}")
        lines = [f"[b]{p.title}[/b]  {p.mode_name} · {p.period} · {p.status}", "  ".join(slots)]
        if p.object_text:
            lines.append(f"{cfg.object}：{p.object_text}")
        if p.goal:
            lines.append(f"目标：{p.goal}")
        acts = store.list_activities(self.db, p.id)[:3]
        if acts:
            lines.append("近期活动：" + "；".join(f"{a.date} {a.what}（{hours_text(a.hours)}学时）" for a in acts))
        outs = store.list_outcomes(self.db, p.id)
        if outs:
            lines.append("成果：" + "；".join(f"{o.level}{o.kind}「{o.title}」{o.date}" for o in outs[:4])
                         + (f" 等 {len(outs)} 项" if len(outs) > 4 else ""))
        detail.update("\n".join(lines))

    def search_changed(self, text: str) -> None:
        self.apply_filter(text)

    def _selected_id(self) -> int | None:
        key = self.query_one(AreaList).selected_key
        if key is None:
            self.notify("先选中一个结对（或按 N 新建）", severity="warning")
        return key

    def _after_save(self, result: object) -> None:
        if result is not None and result is not False:
            self.notify("已保存")
            self.reload(keep=self.query_one(AreaList).selected_key if isinstance(result, bool) else result)
            self.query_one(AreaList).focus()

    # ── the pairing form ──
    def _slot_options(self, mode: str) -> tuple[list, list, list]:
        active = member_store.list_members(self.db)
        leads = [(f"m:{m.id}", Candidate.from_member(m, m.category + (" · " + m.title if m.title else "")))
                 for m in active if m.category != "学生"]
        seconds: list = []
        if mode == "mentor":
            seconds = [(f"m:{m.id}", Candidate.from_member(m, "学生党员 · 本支部")) for m in active if m.category == "学生"]
            # Outside students who were a 学生党员 before come first, marked 外支部; the others
            # (ordinary students, applicants) are not party members and are not marked so.
            known = store.second_person_ids(self.db)
            students = people_store.list_people(self.db, "学生")
            seconds += [(f"p:{p.id}", Candidate(p.id, p.name, p.pinyin, p.initials,
                                                p.describe() + (" · 外支部学生党员" if p.id in known else "")))
                        for p in sorted(students, key=lambda p: p.id not in known)]
        kind = {"mentor": "学生", "teaching": "教师", "enterprise": "企业"}[mode]
        persons = [(f"p:{p.id}", Candidate(p.id, p.name, p.pinyin, p.initials, p.describe()))
                   for p in people_store.list_people(self.db, kind)]
        return leads, seconds, persons

    def _pairing_form(self, mode: str, pairing: store.Pairing | None = None, *, copy: bool = False):
        cfg = self.configs[mode]
        fields = pairing_fields(cfg, *self._slot_options(mode))
        if pairing is None:
            values = {"status": PairingStatus.ONGOING, "start_date": clock.today().isoformat()}
            title, pairing_id = f"新建{cfg.name}", None
        else:
            values = dict(pairing.__dict__)
            values["lead"] = f"m:{pairing.lead_id}"
            values["second"] = (f"m:{pairing.second_member_id}" if pairing.second_member_id
                                else f"p:{pairing.second_person_id}" if pairing.second_person_id else None)
            values["person"] = f"p:{pairing.person_id}" if pairing.person_id else None
            title, pairing_id = f"编辑{cfg.name}：{pairing.title}", pairing.id
            if copy:
                this = str(clock.today().year)
                values.update(title=re.sub(r"(19|20)\d\d", this, pairing.title), start_date=clock.today().isoformat(),
                              end_date=None, status=PairingStatus.ONGOING)
                title, pairing_id = f"续建{cfg.name}（以「{pairing.title}」为底稿）", None

        def save(v: dict) -> int:
            return store.save_pairing(self.db, {**slot_values(v), "mode": mode}, pairing_id)

        return PairingForm(title, fields, values, save)

    def start_new(self, mode: str | None = None) -> None:
        """Open the new-pairing form for `mode` (a code or name), or ask for the mode first."""
        if mode:
            self.app.push_screen(self._pairing_form(store.mode_code(self.db, mode)), self._after_save)
        else:
            self.action_new()

    # ── actions ──
    def action_new(self) -> None:
        def chosen(mode: str | None) -> None:
            if mode:
                self.app.push_screen(self._pairing_form(mode), self._after_save)

        self.app.push_screen(ModeChooser(self.configs), chosen)

    def action_edit(self) -> None:
        key = self._selected_id()
        if key is not None:
            p = store.get_pairing(self.db, key)
            self.app.push_screen(self._pairing_form(p.mode, p), self._after_save)

    def action_copy(self) -> None:
        key = self._selected_id()
        if key is not None:
            p = store.get_pairing(self.db, key)
            self.app.push_screen(self._pairing_form(p.mode, p, copy=True), self._after_save)

    def action_add_activity(self) -> None:
        key = self._selected_id()
        if key is not None:
            self.app.push_screen(activity_dialog(self.db, key), lambda r: self._after_save(key if r is not None else None))

    def action_add_outcome(self) -> None:
        key = self._selected_id()
        if key is not None:
            self.app.push_screen(outcome_dialog(self.db, key), lambda r: self._after_save(key if r is not None else None))

    def action_records(self) -> None:
        key = self._selected_id()
        if key is not None:
            self.app.push_screen(RecordsDialog(key), lambda changed: self.reload(keep=key))

    def action_finish(self) -> None:
        key = self._selected_id()
        if key is None:
            return
        p = store.get_pairing(self.db, key)
        fields = [FieldSpec("end_date", "结束日期", "date", required=True)]

        def save(v: dict) -> int:
            store.end_pairing(self.db, key, v["end_date"])
            return key

        self.app.push_screen(FormDialog(f"结束结对：{p.title}", fields, {"end_date": clock.today().isoformat()}, save),
                             self._after_save)

    def action_cycle_mode(self) -> None:
        order = [None, *MODES]
        self.mode_filter = order[(order.index(self.mode_filter) + 1) % len(order)]
        self.reload()

    def action_cycle_year(self) -> None:
        years = store.pairing_years(self.db)
        this = clock.today().year
        order: list[int | None] = [this, *[y for y in years if y != this], None]
        self.year = order[(order.index(self.year) + 1) % len(order)] if self.year in order else this
        self.reload()

    def action_by_member(self) -> None:
        if self.member_filter is not None:
            self.member_filter = None
            self.reload()
            return

        def chosen(member_id: int | None) -> None:
            if member_id is not None:
                self.member_filter = member_id
                self.year = None
                self.reload()

        everyone = member_store.list_members(self.db, include_left=True)
        self.app.push_screen(MemberPicker([Candidate.from_member(m, m.category) for m in everyone], "按党员查看结对"), chosen)

    def action_stats(self) -> None:
        if self.year:
            stats = store.outcome_stats(self.db, *year_bounds(self.year))
        else:
            stats = store.outcome_stats(self.db)
        self.app.push_screen(StatsDialog(stats, f"{self.year}年度" if self.year else "全部"))

    def action_people(self) -> None:
        self.app.push_screen(PeopleDialog(), lambda _: self.reload(keep=self.query_one(AreaList).selected_key))

    def action_export(self) -> None:
        open_export(self.app, self.db, "pairings", year=self.year)

    def action_delete(self) -> None:
        key = self._selected_id()
        if key is None:
            return
        p = store.get_pairing(self.db, key)

        def answer(yes: bool | None) -> None:
            if yes:
                store.delete_pairing(self.db, key)
                self.deleted.append(key)
                self.notify(f"已删除「{p.title}」。按 U 撤销")
                self.reload()

        self.app.push_screen(Confirm(f"删除结对「{p.title}」及其 {p.activity_count} 条活动、{p.outcome_count} 项成果？（可按 U 撤销）"), answer)

    def action_undo_delete(self) -> None:
        if not self.deleted:
            self.notify("没有可撤销的删除")
            return
        key = self.deleted.pop()
        store.restore_pairing(self.db, key)
        self.notify("已恢复")
        self.reload(keep=key)
