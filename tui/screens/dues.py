"""党费: the monthly ledger (members × months), the yearly assessment, and who is behind.

The ledger is a grid with a cell cursor: move to a member's month and press Space to record
that month as paid, Q for the whole quarter, M to record the month for everyone at once.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from tui.errors import ZhibuError
from tui.pinyin_search import matches
from tui.rules import dues as rules
from tui.rules.money import format_fen
from tui.screens.base import AreaScreen
from tui.store import dues as store
from tui.store import members as member_store
from tui.widgets.confirm import Confirm
from tui.widgets.form import FieldSpec, FormDialog
from tui.widgets.area_list import AreaList
from tui import clock

MONTH_COLUMNS = tuple(f"{m}月" for m in range(1, 13))
LEDGER_COLUMNS = ("姓名", "月应交", *MONTH_COLUMNS, "全年应交", "全年实交", "备注")
FIRST_MONTH_COLUMN = 2
ASSESS_COLUMNS = ("姓名", "类别", "税后基数", "比例", "月应交", "少交/免交", "备注")
ARREARS_COLUMNS = ("姓名", "连续未交", "级别", "自何月起", "说明")
VIEWS = {"ledger": "收缴台账", "assess": "年初核定", "arrears": "欠交提醒"}
LEVEL_STYLE = {rules.ArrearsLevel.NOTICE: "yellow", rules.ArrearsLevel.WARNING: "bold dark_orange", rules.ArrearsLevel.CRITICAL: "bold red"}


def cell_text(row: store.LedgerRow, i: int, *, past: bool) -> str:
    """Month i+1 of the grid: ✓ paid, 欠 unpaid and late, 缓 deferred during an approved absence,
    the amount if partly paid, + voluntary."""
    if not row.owed[i]:
        return "[dim]—[/]"
    due, paid = row.due[i], row.paid[i]
    if due == 0 and not paid:
        return "[dim]·[/]"
    if paid >= due:
        mark = "[green]✓[/]" + ("[red]补[/]" if row.backpay[i] else "")
    elif paid:
        mark = f"[yellow]{format_fen(paid)}[/]"
    elif row.deferred[i]:
        mark = "[dim]缓[/]" if past else ""     # an approved absence: 补交 on return (本地设置)
    else:
        mark = "[red]欠[/]" if past else ""
    return mark + ("[cyan]+[/]" if row.voluntary[i] else "")


@lru_cache(maxsize=1024)
def _marked(markup: str) -> Text:
    """A month cell as styled text: a few dozen distinct cells among thousands, parsed once each
    (the table never changes a cell's Text)."""
    return Text.from_markup(markup)


class DuesScreen(AreaScreen):
    AREA = "dues"
    DEFAULT_CSS = """
    DuesScreen #dues-table, DuesScreen #dues-list { height: 1fr; }
    DuesScreen #dues-detail { height: 5; }
    """
    BINDINGS = [
        Binding("space", "pay_month", "交一个月", key_display="空格", tooltip="按月应交登记光标所在月份已交"),
        Binding("p", "pay_dialog", "登记交费…", tooltip="填写金额、日期、方式、代交人、收据"),
        Binding("q", "pay_quarter", "交一个季度", tooltip="登记光标所在季度尚未交的月份"),
        Binding("m", "mark_month", "整月登记", tooltip="本月已按核定金额交纳的全体党员一次登记"),
        Binding("v", "voluntary", "自愿多交", tooltip="另行记录的自愿多交党费"),
        Binding("x,delete", "undo_month", "撤销交费", key_display="X/Del"),
        Binding("u", "undo_batch", "撤销整月登记", tooltip="把最近一次整月登记（M）整批撤销"),
        Binding("a", "assess", "核定", tooltip="年初核定：类别、税后基数或工资明细、少交/免交"),
        Binding("c", "carry_forward", "沿用上年核定", tooltip="为尚未核定的党员沿用上年数据"),
        Binding("1", "view('ledger')", "台账"),
        Binding("2", "view('assess')", "核定表"),
        Binding("3", "view('arrears')", "欠交"),
        Binding("left_square_bracket", "year(-1)", "上一年", key_display="["),
        Binding("right_square_bracket", "year(1)", "下一年", key_display="]"),
        Binding("slash", "search", "搜索", key_display="/"),
        Binding("escape", "clear_search", "清空搜索", show=False, tooltip="清空搜索框，回到列表"),
        Binding("e", "export", "导出", tooltip="党费核定表、收缴台账、年度公示"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.today = clock.today()
        self.year = self.today.year
        self.view = "ledger"
        self.book: store.Ledger | None = None
        self.last_method = "转账"
        self.last_collector = ""
        self._pending_member: int | None = None
        self._ready = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="area-toolbar"):
            yield Input(placeholder="搜索：姓名 / 拼音 / 首字母（/ 键）", id="dues-search", compact=True)
            yield Static("", id="dues-status", classes="area-status")
        yield Static("", id="dues-totals", classes="detail")
        yield AreaList(*LEDGER_COLUMNS, id="dues-table", cursor_type="cell",
                       fixed_columns=FIRST_MONTH_COLUMN)  # 姓名 and 月应交 stay when the months scroll   # the cursor is on one month
        yield AreaList(id="dues-list", max_width=200, fit_width=False, fixed_columns=1)  # the 说明 is a whole sentence: ← → scroll to it
        yield Static("", id="dues-detail", classes="detail")

    def on_mount(self) -> None:
        self.reload()
        self._ready = True
        self.current_table().focus()
        if self._pending_member is not None:
            self.show_member(self._pending_member)

    def on_screen_resume(self) -> None:
        if self._ready and self.data_changed():
            self.reload(keep=self.current_table().selected_key)

    # ── contract for the 工作台 ──
    def show_member(self, member_id: int) -> None:
        """Focus `member_id` in the ledger of the current year, on the current month."""
        self._pending_member = member_id
        if not self._ready:
            return
        self._pending_member = None
        self.view, self.year = "ledger", self.today.year
        self.query_one("#dues-search", Input).value = ""
        self.reload(keep=member_id)
        table = self.query_one("#dues-table", AreaList)
        table.move_cursor(column=FIRST_MONTH_COLUMN + self.today.month - 1)
        table.focus()

    # ── data ──
    def current_table(self) -> AreaList:
        """The ledger grid (a cursor on one month), or the plain list of the other two views."""
        return self.query_one("#dues-table" if self.view == "ledger" else "#dues-list", AreaList)

    @classmethod
    def read_ahead(cls, db) -> store.Ledger:
        return store.ledger(db, clock.today().year)

    def reload(self, keep: object = None) -> None:
        ahead = self.read_ahead_result()
        self.book = ahead if ahead is not None and ahead.year == self.year else store.ledger(self.db, self.year)
        grid, plain = self.query_one("#dues-table", AreaList), self.query_one("#dues-list", AreaList)
        had_focus = self.focused in (grid, plain)
        column = grid.cursor_column
        grid.display = self.view == "ledger"
        plain.display = not grid.display
        if self.view != "ledger":
            plain.set_columns(*(ASSESS_COLUMNS if self.view == "assess" else ARREARS_COLUMNS))
        self.apply_filter(keep=keep)
        if self.view == "ledger":
            if keep is None and column < FIRST_MONTH_COLUMN:
                column = FIRST_MONTH_COLUMN + (self.today.month - 1 if self.year == self.today.year else 0)
            grid.move_cursor(column=column)
        if had_focus:
            self.current_table().focus()
        self.show_totals()

    def _rows(self) -> tuple[list[tuple], list[int]]:
        query = self.query_one("#dues-search", Input).value.strip().lower()
        pinyin = {m.id: (m.pinyin, m.initials) for m in member_store.list_members(self.db, include_left=True)} if query else {}

        def hit(member_id: int, name: str) -> bool:
            return not query or matches(query, name, *pinyin.get(member_id, ("", "")))

        assert self.book is not None
        if self.view == "ledger":
            rows, keys = [], []
            past = [self._is_past(m) for m in range(1, 13)]
            for r in self.book.rows:
                if not hit(r.member_id, r.name):
                    continue
                rows.append((
                    r.name + ("（已离开）" if r.left_date else ""),
                    format_fen(r.assessment.monthly_fen) if r.assessment else Text("未核定", style="dim"),
                    *(_marked(cell_text(r, i, past=past[i])) for i in range(12)),
                    format_fen(r.due_fen), format_fen(r.paid_fen), "；".join(r.notes),
                ))
                keys.append(r.member_id)
            return rows, keys
        if self.view == "assess":
            rows, keys = [], []
            for r in self.book.rows:
                if not hit(r.member_id, r.name):
                    continue
                a = r.assessment
                if a is None:
                    rows.append((r.name, Text("未核定", style="red"), "", "", "", "", "按 A 核定"))
                else:
                    base = format_fen(a.base_fen, thousands=True) if a.category in (rules.SALARIED, rules.RETIRED) else "—"
                    rows.append((r.name, a.category, base, a.rate_text, format_fen(a.monthly_fen), a.reduction_text,
                                 "；".join(filter(None, (a.explanation if a.reduction_fen is None else "", a.note)))))
                keys.append(r.member_id)
            return rows, keys
        rows, keys = [], []
        for a in store.arrears(self.db, self.today):
            if not hit(a.member_id, a.name):
                continue
            rows.append((a.name, f"{a.months_unpaid_in_a_row} 个月", Text(a.label, style=LEVEL_STYLE.get(a.level, "")),
                         a.since, a.message))
            keys.append(a.member_id)
        return rows, keys

    def _is_past(self, month: int) -> bool:
        return (self.year, month) < (self.today.year, self.today.month)

    def apply_filter(self, keep: object = None) -> None:
        rows, keys = self._rows()
        table = self.current_table()
        table.set_rows(rows, keys, keep_key=keep)   # (the ledger's cursor stays on its month)
        self.query_one("#dues-status", Static).update(
            f"[b]{self.year} 年 · {VIEWS[self.view]}[/b]  {len(keys)} 人   [dim]1 台账 · 2 核定表 · 3 欠交 · [ ] 换年[/dim]"
        )
        self.show_detail()

    def show_totals(self) -> None:
        book = self.book
        assert book is not None
        rate = book.rate_text
        if self.year == self.today.year:
            # The months to come are not owed yet: the rate so far is the one the 年度总结 quotes.
            month = self.today.month
            so_far = rules.collection_rate(sum(book.month_due[:month]), sum(book.month_paid[:month]))
            rate = f"{rate}（截至{month}月 {so_far}）"
        line = (
            f"全年应交 {format_fen(book.due_fen, thousands=True)} 元  实交 {format_fen(book.paid_fen, thousands=True)} 元  "
            f"收缴率 {rate}  自愿多交 {format_fen(book.voluntary_fen, thousands=True)} 元"
        )
        if self.year == self.today.year:
            month = self.today.month
            owing = [r for r in book.rows if r.owed[month - 1] and r.due[month - 1] > 0]
            paid = sum(1 for r in owing if r.paid[month - 1] >= r.due[month - 1])
            line += f"  本月已交 {paid}/{len(owing)} 人"
        missing = sum(1 for r in book.rows if r.assessment is None and r.belongs)
        if missing:
            line += f"   [red]{missing} 人未核定（按 2 查看，C 沿用上年）[/]"
        self.query_one("#dues-totals", Static).update(line)

    def selected_member(self) -> int | None:
        key = self.current_table().selected_key
        return key if isinstance(key, int) else None

    def selected_month(self) -> int:
        table = self.query_one("#dues-table", AreaList)
        if self.view == "ledger" and FIRST_MONTH_COLUMN <= table.cursor_column < FIRST_MONTH_COLUMN + 12:
            return table.cursor_column - FIRST_MONTH_COLUMN + 1
        return self.today.month if self.year == self.today.year else 1

    def show_detail(self) -> None:
        detail = self.query_one("#dues-detail", Static)
        member_id = self.selected_member()
        if member_id is None or self.book is None:
            detail.update("[dim]没有党员。先在 F3 党员 中录入花名册。[/dim]" if not self.book or not self.book.rows else "")
            return
        row = self.book.row_of(member_id)
        if row is None:
            detail.update("")
            return
        a = row.assessment
        lines = [f"[b]{row.name}[/b]  " + (f"{a.category} · {a.explanation}{'（' + a.note + '）' if a.note else ''} · 月应交 {format_fen(a.monthly_fen)} 元" if a else f"{self.year} 年未核定（按 A 核定）")]
        if self.view == "ledger":
            month = self.selected_month()
            cell = row.cell(month)
            if not cell.owed:
                lines.append(f"{month}月：不在本支部，无须交纳")
            else:
                payments = [p for p in store.list_payments(self.db, member_id, self.year) if p.month == month]
                text = f"{month}月：应交 {format_fen(cell.due_fen)} 元，已交 {format_fen(cell.paid_fen)} 元"
                for p in payments:
                    kind = "自愿多交 " if p.voluntary else ""
                    who = f"，{p.proxy_name}代交" if p.proxy_name else ""
                    by = f"，收款人 {p.collector}" if p.collector else ""
                    late = "，[red]补交超过六个月[/]" if p.backpay_over_limit and not p.voluntary else ""
                    text += f"\n  {kind}{format_fen(p.amount_fen)} 元 {p.paid_date} {p.method}{who}{by}{late}" + (f" 收据 {p.receipt}" if p.receipt else "")
                lines.append(text)
        detail.update("\n".join(lines))

    @on(Input.Changed, "#dues-search")
    def _search(self) -> None:
        self.apply_filter()

    @on(Input.Submitted, "#dues-search")
    def _search_done(self) -> None:
        self.current_table().focus()

    @on(AreaList.CellHighlighted)
    @on(AreaList.RowHighlighted)
    def _highlighted(self) -> None:
        self.show_detail()

    @on(AreaList.RowSelected)
    @on(AreaList.CellSelected)
    def _selected(self) -> None:
        if self.view == "ledger":
            self.action_pay_dialog()
        elif self.view == "assess":
            self.action_assess()
        else:
            member_id = self.selected_member()
            if member_id is not None:
                self.view = "ledger"
                self.reload(keep=member_id)
                self.query_one("#dues-table", AreaList).move_cursor(column=FIRST_MONTH_COLUMN + self.today.month - 1)

    # ── views and years ──
    def action_view(self, view: str) -> None:
        if view != self.view:
            self.view = view
            self.reload(keep=self.selected_member())

    def action_year(self, delta: int) -> None:
        year = self.year + delta
        if 1921 <= year <= self.today.year + 1:
            self.year = year
            self.reload(keep=self.selected_member())

    def action_search(self) -> None:
        self.query_one("#dues-search", Input).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#dues-search", Input)
        if search.value:
            with search.prevent(Input.Changed):
                search.value = ""
            self.apply_filter()
        self.current_table().focus()

    # ── payments ──
    def _after(self, message: str, member_id: int | None) -> None:
        self.notify(message)
        grid = self.query_one("#dues-table", AreaList)
        column = grid.cursor_column
        self.reload(keep=member_id)
        if self.view == "ledger":
            grid.move_cursor(column=column)
        self.current_table().focus()

    def _need_ledger(self) -> bool:
        if self.view != "ledger":
            self.notify("请先按 1 回到收缴台账", severity="warning")
            return False
        return self.selected_member() is not None

    def _safely(self, work) -> None:
        try:
            work()
        except ZhibuError as exc:
            self.notify(str(exc), severity="error", timeout=8)

    def action_pay_month(self) -> None:
        if not self._need_ledger():
            return
        member_id, month = self.selected_member(), self.selected_month()

        def work() -> None:
            months, total = store.pay_months(self.db, member_id, self.year, [month], self._today_text(),
                                             self.last_method, collector=self.last_collector)
            if months:
                self._after(f"已登记 {month}月 党费 {format_fen(total)} 元" + self._late(month, clock.today()), member_id)
            else:
                self.notify(f"{month}月 无须再交（已交清或不在本支部）", severity="warning")

        self._safely(work)

    def action_pay_quarter(self) -> None:
        if not self._need_ledger():
            return
        member_id, month = self.selected_member(), self.selected_month()
        first = (month - 1) // 3 * 3 + 1
        quarter = [first, first + 1, first + 2]

        def work() -> None:
            months, total = store.pay_months(self.db, member_id, self.year, quarter, self._today_text(),
                                             self.last_method, collector=self.last_collector)
            if months:
                shown = "、".join(str(m) for m in months)
                self._after(f"已登记第{(first + 2) // 3}季度（{shown}月）党费，共 {format_fen(total)} 元", member_id)
            else:
                self.notify("本季度无须再交（已交清或不在本支部）", severity="warning")

        self._safely(work)

    def _late(self, month: int, paid_on: dt.date) -> str:
        if rules.is_backpay_over_limit((self.year, month), paid_on):
            return f"；注意：补交超过{rules.BACKPAY_LIMIT_MONTHS}个月，已在台账备注中注明"
        return ""

    def _today_text(self) -> str:
        return clock.today().isoformat()

    def _payment_fields(self, *, voluntary: bool = False) -> list[FieldSpec]:
        return [
            FieldSpec("amount", "金额", required=True, placeholder="元，如 120.50"),
            FieldSpec("paid_date", "交纳日期", "date", required=True),
            FieldSpec("method", "方式", "choice", store.METHODS, required=True),
            FieldSpec("proxy_name", "代交人", placeholder="方式为代交时填写"),
            FieldSpec("receipt", "收据/凭证号"),
            FieldSpec("collector", "收款人"),
            FieldSpec("note", "备注", placeholder="如 七一自愿多交" if voluntary else ""),
        ]

    def action_pay_dialog(self) -> None:
        if not self._need_ledger() or self.book is None:
            return
        member_id, month = self.selected_member(), self.selected_month()
        row = self.book.row_of(member_id)
        cell = row.cell(month) if row else store.MonthCell()
        owed = max(cell.due_fen - cell.paid_fen, 0)
        values = {"amount": format_fen(owed) if owed else "", "paid_date": self._today_text(),
                  "method": self.last_method, "collector": self.last_collector}

        def save(v: dict) -> int:
            payment_id = store.pay_from_form(self.db, member_id, self.year, month, v)
            self.last_method, self.last_collector = v.get("method") or "转账", v.get("collector") or ""
            return payment_id

        def done(payment_id) -> None:
            if payment_id is None:
                return
            paid = next((p for p in store.list_payments(self.db, member_id, self.year) if p.id == payment_id), None)
            late = self._late(month, dt.date.fromisoformat(paid.paid_date)) if paid else ""
            self._after("已登记交费" + late, member_id)

        title = f"登记交费：{row.name if row else ''} {self.year}年{month}月"
        self.app.push_screen(FormDialog(title, self._payment_fields(), values, save), done)

    def action_voluntary(self) -> None:
        if not self._need_ledger() or self.book is None:
            return
        member_id, month = self.selected_member(), self.selected_month()
        row = self.book.row_of(member_id)
        values = {"paid_date": self._today_text(), "method": self.last_method, "collector": self.last_collector}

        def save(v: dict) -> int:
            return store.pay_from_form(self.db, member_id, self.year, month, v, voluntary=True)

        def done(result) -> None:
            if result is None:
                return
            big = any(p.id == result and p.amount_fen > rules.NATIONAL_2008.monthly_ceiling_fen
                      for p in store.list_payments(self.db, member_id, self.year))
            self._after("已记录自愿多交党费" + ("；单笔超过1000元的自愿多交党费按规定全额上缴中央" if big else ""), member_id)

        title = f"自愿多交：{row.name if row else ''} {self.year}年{month}月（另行记录，不计入应交）"
        self.app.push_screen(FormDialog(title, self._payment_fields(voluntary=True), values, save), done)

    def action_mark_month(self) -> None:
        if self.view != "ledger":
            self.notify("请先按 1 回到收缴台账", severity="warning")
            return
        month = self.selected_month()
        candidates = store.month_candidates(self.db, self.year, month)
        if not candidates:
            self.notify(f"{self.year}年{month}月 没有待登记的党员", severity="warning")
            return
        total = sum(fen for _, _, fen in candidates)
        fields = [
            FieldSpec("paid_date", "交纳日期", "date", required=True),
            FieldSpec("method", "方式", "choice", store.METHODS[:2], required=True),
            FieldSpec("collector", "收款人"),
        ]
        values = {"paid_date": self._today_text(), "method": "转账" if self.last_method == "代交" else self.last_method,
                  "collector": self.last_collector}

        def save(v: dict) -> store.MonthBatch:
            return store.mark_month_paid(self.db, self.year, month, v.get("paid_date") or "",
                                         v.get("method") or "转账", collector=v.get("collector") or "")

        def done(batch) -> None:
            if batch:
                self.last_batch = batch
                self._after(f"已为 {batch.count} 人登记 {month}月 党费，共 {format_fen(batch.total_fen, thousands=True)} 元"
                            "（登记错了按 U 整批撤销）", self.selected_member())

        title = (f"整月登记：{self.year}年{month}月，{len(candidates)} 人按核定金额，共 "
                 f"{format_fen(total, thousands=True)} 元（未交的人事后按 X 撤销；整批登记错了按 U 撤销）")
        behind = self._behind_before(month, {member_id for member_id, _, _ in candidates})
        if behind:
            title += f"。注意：{'、'.join(behind)} 此前月份尚未交清，请核实本月是否已交"
        self.app.push_screen(FormDialog(title, fields, values, save), done)

    def _behind_before(self, month: int, member_ids: set[int]) -> list[str]:
        """Names among `member_ids` with an owed month before `month` of this year not paid in full."""
        assert self.book is not None
        return [r.name for r in self.book.rows if r.member_id in member_ids
                and any(r.owed[i] and r.paid[i] < r.due[i] for i in range(month - 1))]

    def action_undo_batch(self) -> None:
        batch = getattr(self, "last_batch", None)
        if batch is None:
            self.notify("没有可撤销的整月登记（只能撤销本次打开后做的最近一次）", severity="warning")
            return

        def answer(yes: bool | None) -> None:
            if yes:
                undone = store.undo_month_batch(self.db, batch)
                self.last_batch = None
                self._after(f"已撤销 {batch.year}年{batch.month}月 的整月登记：{undone} 笔（保留在文件中备查）",
                            self.selected_member())

        self.app.push_screen(Confirm(
            f"撤销刚才的整月登记（{batch.year}年{batch.month}月，{batch.count} 人，共 "
            f"{format_fen(batch.total_fen, thousands=True)} 元）？"), answer)

    def action_undo_month(self) -> None:
        if not self._need_ledger() or self.book is None:
            return
        member_id, month = self.selected_member(), self.selected_month()
        row = self.book.row_of(member_id)
        if row is None or not row.paid[month - 1]:
            self.notify(f"{month}月 没有交费记录", severity="warning")
            return

        def answer(yes: bool | None) -> None:
            if yes:
                ids = store.delete_month_payments(self.db, member_id, self.year, month)
                self._after(f"已撤销 {len(ids)} 笔交费记录（保留在文件中备查）", member_id)

        fen = format_fen(row.paid[month - 1])
        self.app.push_screen(Confirm(f"撤销 {row.name} {self.year}年{month}月 的交费 {fen} 元？"), answer)

    # ── assessment ──
    def _assessment_fields(self) -> list[FieldSpec]:
        fields = [
            FieldSpec("category", "党费类别", "choice", rules.CATEGORIES, required=True),
            FieldSpec("base", "税后基数", placeholder="在职：税后月收入；离退休：离退休费合计。或填下列明细"),
        ]
        fields += [FieldSpec(f.key, ("−" if f.sign < 0 else "") + f.label, placeholder="元") for f in rules.BREAKDOWN_FIELDS]
        fields += [
            FieldSpec("amount", "月应交", placeholder="仅「其他」类别：支部决定的金额"),
            FieldSpec("reduction", "少交/免交金额", placeholder="经批准后每月交纳金额；免交填 0"),
            FieldSpec("reduction_ref", "批准文号", placeholder="上级党委批准文号"),
            FieldSpec("note", "备注"),
        ]
        return fields

    def _assessment_values(self, member_id: int) -> tuple[dict, str]:
        current = store.get_assessment(self.db, member_id, self.year)
        source = current or store.get_assessment(self.db, member_id, self.year - 1)
        if source is None:
            member = member_store.get_member(self.db, member_id)
            return {"category": store.default_category(member.category)}, ""
        values: dict = {"category": source.category}
        if source.breakdown:
            values.update({k: format_fen(v) for k, v in source.breakdown.items()})
        elif source.base_fen and source.category in (rules.SALARIED, rules.RETIRED):
            values["base"] = format_fen(source.base_fen)
        if source.category == rules.OTHER:
            values["amount"] = format_fen(source.monthly_fen)
        if source.reduction_fen is not None:
            values["reduction"] = format_fen(source.reduction_fen)
            values["reduction_ref"] = source.reduction_ref
        if current is not None:
            values["note"] = current.note
        return values, "" if current else ("（沿用上年数据，请核对）" if source else "")

    def action_assess(self) -> None:
        member_id = self.selected_member()
        if member_id is None:
            return
        name = member_store.get_member(self.db, member_id).name
        values, hint = self._assessment_values(member_id)

        def save(v: dict) -> store.Assessment:
            return store.assess_from_form(self.db, member_id, self.year, v)

        def done(result) -> None:
            if isinstance(result, store.Assessment):
                self._after(f"{name} {self.year} 年月应交 {format_fen(result.monthly_fen)} 元：{result.explanation}", member_id)

        def preview(v: dict) -> str:  # base, rate and 月应交 as the fields change, before saving
            return store.preview_from_form(self.db, self.year, v)

        self.app.push_screen(FormDialog(f"{self.year} 年党费核定：{name}{hint}", self._assessment_fields(), values, save,
                                        preview=preview), done)

    def action_carry_forward(self) -> None:
        todo = store.unassessed(self.db, self.year)
        if not todo:
            self.notify(f"{self.year} 年全部党员均已核定")
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            result = store.carry_forward(self.db, self.year)
            parts = [f"沿用上年 {result.carried} 人", f"按固定标准 {result.fixed} 人"]
            if result.missing:
                parts.append(f"仍需填写基数 {len(result.missing)} 人：{'、'.join(result.missing[:8])}")
            if result.reductions:
                parts.append(f"上年少交/免交未沿用（须重新批准）：{'、'.join(result.reductions[:8])}")
            if result.failed:
                parts.append("未能核定：" + "；".join(result.failed[:3]))
            self.view = "assess"
            self._after("；".join(parts), self.selected_member())

        self.app.push_screen(Confirm(f"为 {len(todo)} 名尚未核定 {self.year} 年党费的党员沿用上年核定（按今年规则重算）？"), answer)

    # ── export ──
    def action_export(self) -> None:
        from tui.screens.export_flow import choose_and_export

        choose_and_export(self.app, self.db, ("dues-ledger", "dues-assessment", "dues-notice"),
                          f"导出 {self.year} 年党费表格", year=self.year)
