"""谈话's dialogs: the talk form's fields, the open follow-ups."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.rules import talks as rules
from tui.store import talks as store
from tui.widgets.form import FieldSpec
from tui.widgets.member_picker import Candidate
from tui.widgets.area_list import AreaList


def talk_fields(members: list[Candidate], targets: list[Candidate]) -> list[FieldSpec]:
    return [
        FieldSpec("date", "谈话日期", "date", required=True),
        FieldSpec("time", "时间", "time"),
        FieldSpec("place", "地点"),
        FieldSpec("talker_id", "谈话人", "member", members=members),
        FieldSpec("targets", "谈话对象", "targets", members=targets, required=True),
        FieldSpec("new_people", "其他对象", placeholder="不在花名册上的人（如入党申请人），多人用顿号隔开"),
        FieldSpec("talker_name", "上级谈话人", placeholder="谈话人是上级党组织人员时填写姓名（谈话人留空）"),
        FieldSpec("talker_post", "职务", placeholder="如 学院党委副书记"),
        FieldSpec("present", "在场人员"),
        FieldSpec("kind", "谈话类型", "choice", rules.KINDS, required=True),
        FieldSpec("occasion", "谈话情形", "choice", rules.OCCASIONS, placeholder="必谈情形，无则不选"),
        FieldSpec("topic", "谈话主题"),
        FieldSpec("content", "谈话内容", "multiline", height=4),
        FieldSpec("opinions", "对方意见建议", "multiline", height=2),
        FieldSpec("fu_what", "后续事项", placeholder="需要跟进的事，无则留空"),
        FieldSpec("fu_who", "责任人"),
        FieldSpec("fu_due", "后续期限", "date"),
        FieldSpec("fu_done", "完成日期", "date"),
    ]


def talk_values(talk: store.Talk | None, defaults: dict) -> dict:
    """The form's values for an existing talk, or the defaults for a new one."""
    if talk is None:
        return dict(defaults)
    values = {k: getattr(talk, k) for k in (
        "date", "time", "place", "talker_id", "talker_name", "talker_post", "present", "kind", "topic",
        "content", "opinions")}
    values["occasion"] = talk.occasion or None
    values["targets"] = [t.member_id if t.member_id is not None else -t.person_id for t in talk.targets]
    if talk.followups:
        first = talk.followups[0]
        values.update(fu_what=first.what, fu_who=first.who, fu_due=first.due_date, fu_done=first.done_date)
    return values


def form_to_store(values: dict, talk: store.Talk | None) -> dict:
    """The form's values as save_talk's data; follow-ups after the first are kept as they are."""
    targets = values.get("targets") or []
    data = {k: values.get(k) for k in (
        "date", "time", "place", "talker_id", "talker_name", "talker_post", "present", "kind", "occasion",
        "topic", "content", "opinions", "new_people")}
    data["target_member_ids"] = [t for t in targets if t > 0]
    data["target_person_ids"] = [-t for t in targets if t < 0]
    first = {"what": values.get("fu_what"), "who": values.get("fu_who"),
             "due_date": values.get("fu_due"), "done_date": values.get("fu_done")}
    rest = [vars(f) for f in talk.followups[1:]] if talk else []
    data["followups"] = [first, *rest]
    return data


_DIALOG_CSS = """
{cls} {{ align: center middle; }}
{cls} > Vertical {{ width: 110; max-width: 100%; height: {height}; max-height: 100%; border: thick $accent; background: $surface; padding: 0 1; }}
{cls} .dialog-keys {{ color: $text-muted; }}
{cls} .dialog-error {{ color: $error; }}
"""


class FollowupsDialog(ModalScreen[bool]):
    """Open follow-ups, overdue first; Enter/Space marks the highlighted one done today."""

    DEFAULT_CSS = _DIALOG_CSS.format(cls="FollowupsDialog", height="80%") + "FollowupsDialog AreaList { height: 1fr; }"
    BINDINGS = [
        Binding("enter,space", "done", "标记完成"),
        Binding("u", "undo", "撤销"),
        Binding("escape,f", "close", "关闭"),
    ]

    def __init__(self, today: dt.date) -> None:
        super().__init__()
        self.today = today
        self.changed = False
        self.marked: list[int] = []      # marked done here, latest last: U opens them again

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]未完成的后续事项[/b]（逾期的在前）")
            yield AreaList("期限", "状态", "后续事项", "责任人", "谈话日期", "谈话人", "谈话对象", id="followups-table")
            yield Static("回车/空格 标记为今天完成 · U 撤销上一次标记 · Esc 关闭", classes="dialog-keys")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(AreaList).focus()

    def reload(self, keep: int | None = None) -> None:
        items = store.open_followups(self.app.db, self.today, overdue_only=False)
        rows = [
            (f.due_date or "—", _state(f), f.what, f.who, f.talk_date, f.talker, f.targets)
            for f in items
        ]
        self.query_one(AreaList).set_rows(rows, [f.id for f in items], keep_key=keep)

    @on(AreaList.RowSelected)
    def action_done(self) -> None:
        followup_id = self.query_one(AreaList).selected_key
        if followup_id is None:
            return
        store.set_followup_done(self.app.db, followup_id, self.today.isoformat())
        self.marked.append(followup_id)
        self.changed = True
        self.app.notify("已标记完成（按 U 撤销）")
        self.reload()

    def action_undo(self) -> None:
        if not self.marked:
            self.app.notify("没有可撤销的标记")
            return
        followup_id = self.marked.pop()
        store.set_followup_done(self.app.db, followup_id, None)
        self.app.notify("已撤销，重新列为未完成")
        self.reload(keep=followup_id)

    def action_close(self) -> None:
        self.dismiss(self.changed)


def _state(f: store.OpenFollowup) -> str:
    if f.days_overdue is None:
        return "未定期限"
    if f.overdue:
        return f"逾期 {f.days_overdue} 天"
    return "今天到期" if f.days_overdue == 0 else f"还有 {-f.days_overdue} 天"
