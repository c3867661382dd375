"""The search box above a list: an Input whose typing repaints it instead of laying out the screen.

Textual's Input sets its virtual size (its scroll range) on every change of its value, and a
virtual size is declared to need a layout of the whole screen: on an area screen that costs more
than the search itself. A search box has a fixed width, so the change is made in place.
"""

from __future__ import annotations

from textual.widgets import Input


class SearchBox(Input):
    _in_place = False

    def _watch_value(self, value: str) -> None:
        if self.styles.auto_dimensions:  # sized by its text: the screen must be laid out
            super()._watch_value(value)
            return
        self._in_place = True
        try:
            super()._watch_value(value)
        finally:
            self._in_place = False
        self._scroll_update(self.virtual_size)

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):
        return super().refresh(*regions, repaint=repaint, layout=layout and not self._in_place, recompose=recompose)
