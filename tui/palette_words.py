"""The words a secretary types into Ctrl+P just before a deadline, for each action.

A command is found by its own title ("党费：登记交费…") and also by these words ("补交"), so
"总结", "转正", "补交", "欠费", "主题党日" each lead somewhere. Keyed by (area mode, action).
"""

from __future__ import annotations

WORDS: dict[tuple[str, str], str] = {
    ("home", "act"): "转正 提醒 逾期 到期 办理",
    ("home", "year"): "三会一课 全年 一览",
    ("members", "new"): "新党员 录入 添加 转入",
    ("members", "edit"): "转正 预备党员 正式党员 修改",
    ("members", "leave"): "转出 去世 离开 组织关系",
    ("members", "statuses"): "出国 出境 访学 流动党员 病休 长期请假 留党察看 失联 停止党籍 恢复党籍 状态",
    ("members", "transfer"): "组织关系 转出 转入 介绍信 回执 转接",
    ("members", "import_roster"): "花名册 excel 名单",
    ("members", "export_roster"): "花名册 excel 名单",
    ("members", "stats"): "党员总数 统计 人数",
    ("meetings", "new"): "支部党员大会 支委会 党小组会 党课 主题党日 组织生活会 民主评议 转正 接收预备党员 三会一课 开会",
    ("meetings", "export_meeting"): "会议记录 打印 签字",
    ("meetings", "export_book"): "党支部工作记录 工作手册 记录本 全年",
    ("meetings", "org_life"): "第九条 不参加组织生活 脱党",
    ("meetings", "frequency"): "三会一课 达标 次数 党课 主题党日",
    ("talks", "new"): "谈心谈话 谈话 入党谈话 提醒谈话",
    ("talks", "toggle_view"): "覆盖 谁和谁谈过 谈心谈话",
    ("talks", "export_year"): "谈心谈话记录 导出",
    ("dues", "pay_dialog"): "补交 交党费 收党费 代交 收据",
    ("dues", "pay_month"): "交党费 收党费",
    ("dues", "mark_month"): "整月 全体 批量 交党费",
    ("dues", "view('arrears')"): "欠费 欠交 未交 补交 催交",
    ("dues", "assess"): "核定 基数 工资 党费标准",
    ("dues", "export"): "公示 台账 核定表 党费 导出",
    ("pairings", "new"): "1+1+1 结对 导师制 教研 企业",
    ("pairings", "export"): "一览表 结对 成果",
    ("forms", "export"): "总结 年度总结 工作总结 申报书 样板支部 报送 上级模板",
    ("forms", "write"): "总结 年度总结 撰写 栏目 申报书",
    ("forms", "committee"): "报送包 汇总 组织员 各支部 学院党委 合并",
    ("forms", "install_template"): "上级模板 模板 word",
    ("forms", "new_deadline"): "截止日期 报送 deadline",
    ("branch", "edit_committee"): "支委会 换届 书记 委员 任期",
    ("branch", "edit_branch"): "支部名称 上级党组织",
    ("backups", "backup_now"): "备份 U盘",
}


def words_for(mode: str, action: str) -> str:
    return WORDS.get((mode, action), "")
