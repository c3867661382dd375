"""How far a 报送事项 has got (tui.rules.forms re-exports it): apart so that the 工作台's
deadlines load this and not the forms' period rules."""

from enum import StrEnum


class DeadlineStatus(StrEnum):
    """How far a 报送事项 has got, 待办 → 已导出 → 已报送 (deadlines.status holds the value)."""

    TODO = "待办"
    EXPORTED = "已导出"
    SUBMITTED = "已报送"
