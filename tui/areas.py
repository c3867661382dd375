"""The app's areas: one Textual mode each, one function key each, in the order the tab strip shows.

A screen module is imported only when its area is first opened (start-up is a contract).
"""

from __future__ import annotations

from importlib import import_module
from typing import NamedTuple


class Area(NamedTuple):
    mode: str
    label: str
    key: str
    screen: str          # "module:Class"
    help: str

    def screen_class(self) -> type:
        module, cls = self.screen.split(":")
        return getattr(import_module(module), cls)

    def factory(self):
        return self.screen_class()()


AREAS: list[Area] = [
    Area("home", "工作台", "f2", "tui.screens.home:HomeScreen", "今天应办与逾期的事项、年度一览、本地设置"),
    Area("members", "党员", "f3", "tui.screens.members:RosterScreen", "党员花名册：查找、录入、导入导出"),
    Area("meetings", "会议", "f4", "tui.screens.meetings:MeetingsScreen", "三会一课、主题党日、组织生活会、民主评议：记录、出勤、搜索、导出"),
    Area("talks", "谈话", "f5", "tui.screens.talks:TalksScreen", "谈心谈话：记录、年度覆盖情况、后续事项"),
    Area("dues", "党费", "f6", "tui.screens.dues:DuesScreen", "党费：年初核定、收缴台账、欠交提醒"),
    Area("pairings", "结对", "f7", "tui.screens.pairings:PairingsScreen", "“1+1+1”结对：导师制团队、教研结对、企业服务，活动与成果"),
    Area("forms", "表格", "f8", "tui.screens.forms:FormsScreen", "表格与报送事项：年度总结、申报书、上级模板，截止日期"),
    Area("branch", "支部", "f9", "tui.screens.branch:BranchScreen", "支部信息、支委会、党小组"),
    Area("backups", "备份", "f10", "tui.screens.backups:BackupsScreen", "备份与恢复：立即备份、从备份恢复、撤销恢复"),
]

START_MODE = "home"


def area(mode: str) -> Area:
    return next(a for a in AREAS if a.mode == mode)
