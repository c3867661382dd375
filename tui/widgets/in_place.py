"""Updating a Static without laying out the whole screen when its size does not change.

`Static.update` asks for a layout of the screen every time, in case the new text needs another
size. A list's count ("找到 12 条") and detail pane change on every search keystroke and cursor
move, and a layout of an area screen costs more than the search itself; so the new text is put
in place and a layout asked for only when the text needs more or fewer lines (or, for a widget
of auto width, other columns) than it has. A detail pane under a list, refilled at every search
keystroke, is updated with `shrink=False`: it grows when a record needs more lines, but a shorter
one is shown in the height it has (the rest blank) until the screen is next laid out anyway.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


def update_in_place(static: Static, content: VisualType, *, shrink: bool = True) -> None:
    if static.is_mounted and isinstance(content, str) and content == static.content:
        return  # the same text again (the same meeting on top after one more key): nothing to draw
    static.update(content, layout=False)
    region = static.content_region
    if not static.is_mounted or not region.width:
        static.refresh(layout=True)
        return
    styles = static.styles
    width = region.width
    if styles.width is not None and styles.width.is_auto:
        width = static.get_content_width(static.container_size, static.app.size)
        if width != region.width:
            static.refresh(layout=True)
            return
    if styles.height is None or not styles.height.is_auto:
        return
    needed = static.get_content_height(static.container_size, static.app.size, width)
    if needed == region.height or (needed < region.height and not shrink):
        return
    limit = styles.max_height
    at_limit = limit is not None and limit.is_cells and static.outer_size.height >= limit.value
    if needed > region.height and at_limit:
        return
    static.refresh(layout=True)
