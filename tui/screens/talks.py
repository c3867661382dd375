"""谈话: 谈心谈话 records of a year, and who has (not yet) talked with whom (条例 第十九条)."""

from __future__ import annotations

from collections import Counter

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, DataTable, Static

from tui.pinyin_search import matches
from tui.rules import talks as rules
from tui.screens.base import SearchableAreaScreen
from tui.store import branch as branch_store
from tui.store import members as member_store
from tui.store import people as people_store
from tui.store import talks as store
from tui.widgets.member_picker import Candidate
from tui.widgets.area_list import AreaList
from tui.widgets.search_box import SearchBox
from tui import clock

RECORD_COLUMNS = ("日期", "谈话人", "谈话对象", "类型", "情形", "主题", "后续")
MEMBER_COLUMNS = ("姓名", "类别", "已谈支委", "谈话次数", "最近谈话", "状态")
# What the member list shows: everyone, those the reading still asks a talk of, or those the
# secretary has not talked with ("who have I not talked with this year?").
FILTERS = ("全部党员", "只看未谈", "只看未与书记谈话")


class TalksScreen(SearchableAreaScreen):
    AREA = "talks"
    SEARCH_ID = "talks-search"
    DEFAULT_CSS = """
    TalksScreen ContentSwitcher { height: 1fr; }
    TalksScreen #talks-records, TalksScreen #talks-coverage { height: 1fr; }
    TalksScreen #talks-table { height: 1fr; }
    TalksScreen #talks-detail { height: auto; max-height: 10; }
    TalksScreen #talks-grid { height: auto; max-height: 9; }
    TalksScreen #talks-members { height: 1fr; }
    TalksScreen #talks-summary { height: auto; padding: 0 1; }
    TalksScreen #talks-search { width: 1fr; margin: 0 1; }
    """
    BINDINGS = [
        Binding("n", "new", "新建谈话", tooltip="记录一次谈心谈话"),
        Binding("slash", "search", "搜索", key_display="/",
                tooltip="按谈话人、谈话对象的姓名、拼音或首字母，或主题、内容查找；覆盖情况中查找党员"),
        Binding("enter,e", "edit", "编辑", key_display="回车/E"),
        Binding("t", "talk_with", "与此人谈话", show=False, tooltip="覆盖情况中：以选中的党员为谈话对象新建谈话"),
        Binding("c", "toggle_view", "覆盖情况", tooltip="切换：谈话记录 / 谁和谁谈过"),
        Binding("m", "cycle_filter", "筛选未谈", tooltip="党员列表：全部 / 只看未谈 / 只看未与书记谈话"),
        Binding("left_square_bracket", "year(-1)", "上一年", key_display="["),
        Binding("right_square_bracket", "year(1)", "下一年", key_display="]"),
        Binding("r", "toggle_reading", "覆盖口径", show=False, tooltip="默认：每名党员至少与一名支委谈话；从严：党员两两谈话"),
        Binding("f", "followups", "后续事项", tooltip="未完成的后续事项，可标记完成"),
        Binding("delete", "delete", "删除谈话", key_display="Del"),
        Binding("u", "undo_delete", "撤销删除", show=False),
        Binding("x", "export_year", "导出全年记录", tooltip="谈心谈话记录（.docx）"),
        Binding("w", "export_one", "导出本条记录", show=False, tooltip="单次谈话记录（.docx）"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.today = clock.today()
        self.year = self.today.year
        self.filter = 0
        self.talks: list[store.Talk] = []
        self.coverage: rules.Coverage | None = None
        self.last_deleted: int | None = None
        self._pending_new: list[int] | None = None
        self._pending_kind: str | None = None
        self._pending_occasion: str | None = None
        self._stale: set[str] = set()
        self._category_cache: dict[int, str] | None = None
        self._name_keys: dict[int, tuple[str, str, str]] | None = None   # member id → name, pinyin, initials
        self.search_text = ""
        self.shown: list[store.Talk] = []   # the talks the list shows (the search's finds)

    def compose_body(self) -> ComposeResult:
        yield SearchBox(placeholder="搜索：姓名 / 拼音 / 首字母 / 主题 / 内容（/ 键）", id="talks-search", compact=True)
        yield Static("", id="talks-summary")
        with ContentSwitcher(initial="talks-records"):
            with Vertical(id="talks-records"):
                yield AreaList(*RECORD_COLUMNS, id="talks-table")
                yield Static("", id="talks-detail", classes="detail")
            with Vertical(id="talks-coverage"):
                yield Static("支委之间（✓ 已谈，数字为次数；✗ 未谈）", classes="section-title")
                yield DataTable(id="talks-grid", cursor_type="cell", zebra_stripes=True)
                yield Static("", id="talks-members-title", classes="section-title")
                yield AreaList(*MEMBER_COLUMNS, id="talks-members", fixed_columns=1)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#talks-table").focus()
        if self._pending_new is not None:
            ids, self._pending_new = self._pending_new, None
            self._open_editor(None, ids, self._pending_kind, self._pending_occasion)

    def on_screen_resume(self) -> None:
        if self.data_changed():   # (a screen prepared ahead is shown later than it loaded)
            self._category_cache = None
            self.reload(keep=self.query_one("#talks-table", AreaList).selected_key)

    # ── hand-off from the 工作台 ──
    def start_new(self, member_ids: list[int], kind: str | None = None, occasion: str | None = None) -> None:
        """Open a new talk with these members as 谈话对象 (and the kind, e.g. 提醒谈话; the 必谈
        occasion, e.g. 岗位变动或调入 for a member just transferred in)."""
        if not self.is_mounted:
            self._pending_new, self._pending_kind, self._pending_occasion = list(member_ids), kind, occasion
            return
        self._open_editor(None, list(member_ids), kind, occasion)

    # ── data ──
    @property
    def coverage_view(self) -> bool:
        return self.query_one(ContentSwitcher).current == "talks-coverage"

    @classmethod
    def read_ahead(cls, db) -> tuple:
        today = clock.today()
        return (today.year, store.list_talks(db, year=today.year), branch_store.get_committee(db),
                store.talk_coverage(db, today.year, today=today))

    def reload(self, keep: object = None) -> None:
        ahead = self.read_ahead_result()
        if ahead is not None and ahead[0] == self.year:
            _, self.talks, self.committee, self.coverage = ahead
        else:
            self.talks = store.list_talks(self.db, year=self.year)
            self.committee = branch_store.get_committee(self.db)
            self.coverage = store.talk_coverage(self.db, self.year, today=self.today)
        self._stale = {"talks-records", "talks-coverage"}
        self.refresh_view(keep)
        self.show_summary()

    def refresh_view(self, keep: object = None) -> None:
        """Fill only the view on screen: the other one is filled when it is shown."""
        current = self.query_one(ContentSwitcher).current
        if current in self._stale:
            self._stale.discard(current)
            if current == "talks-records":
                self.show_records(keep)
            else:
                self.show_coverage()

    def show_summary(self) -> None:
        cov = self.coverage
        overdue = len(store.open_followups(self.db, self.today))
        parts = [f"[b]{self.year}年[/b]  谈话 {len(self.talks)} 次"]
        if self.search_text.strip():
            parts[0] += f"（找到 {len(self.shown_talks())} 次）"
        if cov.committee_pairs_total:
            parts.append(f"支委之间 {cov.committee_pairs_done}/{cov.committee_pairs_total} 对")
        parts.append(f"党员 {cov.members_done}/{len(cov.members)} 人已达要求")
        if overdue:
            parts.append(f"[b $warning]逾期后续事项 {overdue} 项（F 查看）[/]")
        line2 = f"[dim]口径：{rules.READINGS[cov.reading]}（R 切换） · [ ] 换年度 · C 切换记录/覆盖情况[/dim]"
        if not self.committee:
            line2 = "[b $warning]尚未设置支委会（F9 支部 → C），无法计算覆盖情况。[/]"
        self.query_one("#talks-summary", Static).update("  ·  ".join(parts) + "\n" + line2)

    def shown_talks(self) -> list[store.Talk]:
        """The year's talks the search finds (all of them without a search)."""
        q = self.search_text.strip().lower()
        if not q:
            return self.talks
        return [t for t in self.talks if self._talk_hit(t, q)]

    def _talk_hit(self, t: store.Talk, q: str) -> bool:
        if any(q in text.lower() for text in (t.topic, t.content, t.opinions, t.kind, t.occasion, t.place,
                                                 t.talker_label, t.targets_label)):
            return True
        return any(self._name_hit(member_id, q) for member_id in (t.talker_id, *(x.member_id for x in t.targets)))

    def _name_hit(self, member_id: int | None, q: str) -> bool:
        """A member found by a piece of the name, the pinyin or the initials (as in 党员)."""
        if member_id is None:
            return False
        if self._name_keys is None:
            self._name_keys = {m.id: (m.name, m.pinyin, m.initials)
                               for m in member_store.list_members(self.db, include_left=True)}
        keys = self._name_keys.get(member_id)
        return keys is not None and matches(q, *keys)

    def search_changed(self, text: str) -> None:
        self.search_text = text
        self._stale = {"talks-records", "talks-coverage"}
        self.refresh_view()
        self.show_summary()

    def show_records(self, keep: object = None) -> None:
        rows = []
        self.shown = self.shown_talks()
        for t in self.shown:
            open_count = len(t.open_followups)
            follow = f"未完成 {open_count}" if open_count else ("已完成" if t.followups else "")
            rows.append((t.date, t.talker_label, t.targets_label, t.kind, t.occasion, t.topic, follow))
        table = self.query_one("#talks-table", AreaList)
        table.set_rows(rows, [t.id for t in self.shown], keep_key=keep)
        self.show_detail()

    def selected_talk(self) -> store.Talk | None:
        talk_id = self.query_one("#talks-table", AreaList).selected_key
        return next((t for t in self.talks if t.id == talk_id), None)

    def show_detail(self) -> None:
        detail = self.query_one("#talks-detail", Static)
        t = self.selected_talk()
        if t is None:
            if self.search_text.strip() and self.talks:
                detail.update(f"[dim]{self.year}年的 {len(self.talks)} 次谈话中没有找到“{self.search_text.strip()}”。"
                              "Esc 清空搜索，[ ] 换年度。[/dim]")
            else:
                detail.update(f"[dim]{self.year}年没有谈话记录。按 N 新建谈话，按 C 查看谁还没谈。[/dim]")
            return
        lines = [
            f"[b]{t.date} {t.time}[/b]  {t.place}  谈话人：{t.talker_label}  谈话对象：{t.targets_label}"
            + (f"  在场：{t.present}" if t.present else ""),
        ]
        if t.content:
            lines.append(f"内容：{t.content}")
        if t.opinions:
            lines.append(f"意见建议：{t.opinions}")
        for f in t.followups:
            state = f"已于 {f.done_date} 完成" if f.done else ("[b $warning]逾期未完成[/]" if f.due_date and f.due_date < self.today.isoformat() else "未完成")
            lines.append(f"后续：{f.what}（{f.who or '—'}，期限 {f.due_date or '—'}）{state}")
        detail.update("\n".join(lines))

    def show_coverage(self) -> None:
        cov = self.coverage
        names = cov.names
        roles = {mid: role for role, mid in self.committee.items()}
        counts = Counter(frozenset(p) for p in store.talk_pairs(self.db, self.year) if p[0] != p[1])

        grid = self.query_one("#talks-grid", DataTable)
        grid.clear(columns=True)
        if cov.committee:
            grid.add_column("支委", key="who")
            for c in cov.committee:
                grid.add_column(names.get(c, "?"), key=str(c))
            for a in cov.committee:
                cells = []
                for b in cov.committee:
                    n = counts.get(frozenset((a, b)), 0)
                    cells.append("—" if a == b else (f"✓ {n}" if n else "✗"))
                grid.add_row(f"{roles.get(a, '')} {names.get(a, '?')}", *cells, key=str(a))

        secretary = self.committee.get("书记")
        stats = store.member_talk_stats(self.db, self.year)
        missing = set(cov.missing_members)
        shown = []
        for m in cov.members:
            if self.filter == 1 and m not in missing:
                continue
            if self.filter == 2 and secretary is not None and cov.talked(m, secretary):
                continue
            if self.search_text.strip() and not self._name_hit(m, self.search_text.strip().lower()):
                continue
            shown.append(m)
        categories = self._categories()
        rows = []
        for m in shown:
            st = stats.get(m, store.MemberTalkStats())
            partners = "、".join(names.get(c, "?") for c in cov.committee_partners(m))
            if cov.reading == "all_pairs" and m in missing:
                state = f"还差 {cov.missing_partner_counts.get(m, 0)} 人"
            else:
                state = "未谈" if m in missing else "已谈"
            rows.append((names.get(m, "?"), categories.get(m, ""), partners or "—", st.count or "", st.last_date or "", state))
        table = self.query_one("#talks-members", AreaList)
        table.set_rows(rows, shown)
        pairs = "；".join(f"{names.get(a)}—{names.get(b)}" for a, b in cov.missing_committee_pairs)
        title = f"党员（{FILTERS[self.filter]}，M 切换；T 与选中党员谈话）  {len(shown)} 人"
        if pairs:
            title += f"    [b]支委间未谈：{pairs}[/b]"
        self.query_one("#talks-members-title", Static).update(title)

    def _categories(self) -> dict[int, str]:
        if self._category_cache is None:
            self._category_cache = {m.id: m.category for m in member_store.list_members(self.db, include_left=True)}
        return self._category_cache

    # ── events (the search box's and the lists' come through SearchableAreaScreen) ──
    def _list_table(self) -> AreaList:
        """The list on screen: the records, or the members of the coverage view."""
        return self.query_one("#talks-members" if self.coverage_view else "#talks-table", AreaList)

    def row_chosen(self) -> None:
        if self.coverage_view:
            self.action_talk_with()
        else:
            self.action_edit()

    # ── actions ──
    def _candidates(self) -> list[Candidate]:
        roles = {mid: role for role, mid in self.committee.items()}
        return [
            Candidate.from_member(m, roles.get(m.id, m.category))
            for m in member_store.list_members(self.db)
        ]

    def _open_editor(self, talk: store.Talk | None, targets: list[int] | None = None, kind: str | None = None,
                     occasion: str | None = None) -> None:
        from tui.screens.talks_dialogs import form_to_store, talk_fields, talk_values
        from tui.widgets.talks_targets import TalkDialog, person_candidate

        members = self._candidates()
        if talk is not None:   # a talk with someone who has since left still shows their name
            known = {c.id for c in members}
            members += [Candidate(t.member_id, t.name) for t in talk.targets if t.member_id and t.member_id not in known]
            if talk.talker_id and talk.talker_id not in known:
                members.append(Candidate(talk.talker_id, talk.talker_member_name))
        people = [person_candidate(p) for p in people_store.list_people(self.db, by_pinyin=False)]
        defaults = {
            "date": self.today.isoformat() if self.year == self.today.year else f"{self.year}-12-31",
            "place": branch_store.get_branch(self.db).usual_place,
            "talker_id": self.committee.get("书记"),
            "kind": kind if kind in rules.KINDS else rules.KINDS[0],
            "targets": targets or [],
        }
        if occasion in rules.OCCASIONS:
            defaults["occasion"] = occasion
        values = talk_values(talk, defaults)
        talk_id = talk.id if talk else None

        def save(v: dict) -> int:
            return store.save_talk(self.db, form_to_store(v, talk), talk_id)

        title = f"编辑谈话记录：{talk.date}" if talk else "新建谈话记录"
        self.app.push_screen(TalkDialog(title, talk_fields(members, members + people), values, save), self._after_save)

    def _after_save(self, talk_id: object) -> None:
        if talk_id is None:
            return
        talk = store.get_talk(self.db, talk_id)
        self.year = int(talk.date[:4])
        self.notify("谈话记录已保存")
        self.reload(keep=talk_id)
        if not self.coverage_view:
            self.query_one("#talks-table").focus()

    def action_new(self) -> None:
        self._open_editor(None)

    def action_edit(self) -> None:
        if self.coverage_view:
            self.action_talk_with()
            return
        talk = self.selected_talk()
        if talk is not None:
            self._open_editor(store.get_talk(self.db, talk.id))

    def action_talk_with(self) -> None:
        if not self.coverage_view:
            self.action_new()
            return
        member_id = self.query_one("#talks-members", AreaList).selected_key
        self._open_editor(None, [member_id] if member_id is not None else [])

    def action_toggle_view(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        if self.coverage_view:
            switcher.current = "talks-records"
            self.refresh_view()
            self.query_one("#talks-table").focus()
        else:
            switcher.current = "talks-coverage"
            self.refresh_view()
            self.query_one("#talks-members").focus()

    def action_cycle_filter(self) -> None:
        self.filter = (self.filter + 1) % len(FILTERS)
        self._stale.add("talks-coverage")
        if self.coverage_view:
            self.refresh_view()
        else:
            self.action_toggle_view()

    def action_year(self, delta: int) -> None:
        year = self.year + delta
        if year > self.today.year:
            self.notify("已经是今年", severity="warning")
            return
        self.year = year
        self.reload()

    def action_toggle_reading(self) -> None:
        readings = list(rules.READINGS)
        new = readings[(readings.index(self.coverage.reading) + 1) % len(readings)]
        store.set_coverage_reading(self.db, new)
        self.notify(f"覆盖口径：{rules.READINGS[new]}")
        self.reload(keep=self.query_one("#talks-table", AreaList).selected_key)

    def action_followups(self) -> None:
        from tui.screens.talks_dialogs import FollowupsDialog

        self.app.push_screen(FollowupsDialog(self.today), lambda changed: changed and self.reload())

    def action_delete(self) -> None:
        from tui.widgets.confirm import Confirm

        talk = self.selected_talk()
        if talk is None or self.coverage_view:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                store.delete_talk(self.db, talk.id)
                self.last_deleted = talk.id
                self.notify("已删除（按 U 撤销）")
                self.reload()

        self.app.push_screen(Confirm(f"删除 {talk.date} {talk.talker_label} 与 {talk.targets_label} 的谈话记录？"), answer)

    def action_undo_delete(self) -> None:
        if self.last_deleted is None:
            self.notify("没有可撤销的删除")
            return
        store.restore_talk(self.db, self.last_deleted)
        talk_id, self.last_deleted = self.last_deleted, None
        self.notify("已恢复")
        self.reload(keep=talk_id)

    def action_export_year(self) -> None:
        from tui.screens.export_flow import open_export

        open_export(self.app, self.db, "talks", year=self.year)

    def action_export_one(self) -> None:
        from tui.screens.export_flow import open_export

        talk = self.selected_talk()
        if talk is None or self.coverage_view:
            self.notify("先在谈话记录中选中一条", severity="warning")
            return
        open_export(self.app, self.db, "talk", record_id=talk.id, record_label=talk.date)
