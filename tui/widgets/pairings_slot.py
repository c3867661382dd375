"""A pairing's slot: pick a roster member or an outside person by name/pinyin/initials, or type
a new outside person's name and register them on save ("＋ 新登记普通学生：王小明").

Values are keys: "m:12" (a member), "p:5" (an outside person), "new:王小明" (to be created).
"""

from __future__ import annotations

from tui.widgets.form import PickField
from tui.widgets.member_picker import Candidate, PickerScreen, candidate_label

NEW = "new:"


class SlotPicker(PickerScreen):
    """Returns a slot key: "m:12", "p:5", or "new:王小明"."""

    QUERY_ID = "slot-query"
    OPTIONS_ID = "slot-options"
    PLACEHOLDER = "如 wxm、wangxiaoming、王"

    def __init__(self, options: list[tuple[str, Candidate]], title: str, query: str = "", new_label: str = "") -> None:
        super().__init__(title, query)
        self.options = options
        self.new_label = new_label          # "" when no new person may be typed
        if new_label:
            self.HINT = f"输入姓名、拼音或首字母；列表中没有时回车即新登记为{new_label}"

    def entries(self, query: str) -> list[tuple[str, str]]:
        q = query.strip()
        items = [(key, candidate_label(c)) for key, c in self.options if c.hit(q.lower())][:200]
        if self.new_label and q and not any(c.name == q and c.hit(q.lower()) for _, c in self.options):
            new = (NEW + q, f"＋ 新登记{self.new_label}：{q}")
            # No match: the new entry comes first so Enter registers it.
            items = items + [new] if items else [new]
        return items


class SlotField(PickField):
    """A roster member, an outside person, or a new person typed by name (see SlotPicker)."""

    def __init__(self, label: str, options: list[tuple[str, Candidate]], value: str | None,
                 new_label: str = "", **kwargs) -> None:
        self.label = label
        self.options = options
        self.new_label = new_label
        super().__init__(value, **kwargs)

    def label_of(self, value: str) -> str | None:
        if value.startswith(NEW):
            return f"{value[len(NEW):]} [dim]（保存时新登记为{self.new_label}）[/dim]"
        found = next((c for key, c in self.options if key == value), None)
        return candidate_label(found) if found else None

    def empty_text(self) -> str:
        return f"（回车选择{self.label}）"

    def picker(self, query: str) -> SlotPicker:
        return SlotPicker(self.options, f"选择{self.label}", query, self.new_label)
