"""The app's areas: one Textual mode each, one function key each, in the order the tab strip shows.

A screen module is imported only when its area is first opened (start-up is a contract).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Area:
    mode: str
    label: str
    key: str
    screen: str          # "module:Class"
    help: str

    def factory(self):
        module, cls = self.screen.split(":")
        return getattr(import_module(module), cls)()


AREAS: list[Area] = [
    Area("members", "党员", "f3", "tui.screens.members:RosterScreen", "党员花名册：查找、录入、导入导出"),
    Area("meetings", "会议", "f4", "tui.screens.meetings:MeetingsScreen", "三会一课、主题党日、组织生活会、民主评议：记录、出勤、搜索、导出"),
    Area("branch", "支部", "f9", "tui.screens.branch:BranchScreen", "支部信息、支委会、党小组"),
]

START_MODE = "members"


def area(mode: str) -> Area:
    return next(a for a in AREAS if a.mode == mode)
