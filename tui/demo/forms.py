"""Demo 表格 data: last years' written sections (offered as this year's start) and 报送事项."""

from __future__ import annotations

import datetime as dt

SUMMARY_TEXTS = {
    "概述": "支部坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实学院党委关于基层党建工作的部署要求，"
            "牢固树立“抓党建、聚人心、强管理、夯服务”的工作思路，推动党建和业务两手抓、两促进。",
    "主要做法": "（一）抓理论学习，提高党员政治能力。“三会一课”突出政治学习和党性锻炼，每月开展主题党日，做到形式多样、氛围庄重。\n"
                "（二）抓组织建设，强化支部政治功能。落实组织生活会、谈心谈话、民主评议党员等基本制度，规范党费收缴。\n"
                "（三）抓融合发展，推进“1+1+1”党建工作模式。以导师制团队、教研结对、企业服务带动人才培养和教学科研。",
    "存在问题": "一是理论学习的深度和系统性有待加强；二是党建与业务融合的载体还不够丰富；三是青年教师发展党员工作需进一步推进。",
    "下步打算": "一是完善“2+1”学习制度，提高学习实效；二是深化“1+1+1”结对，培育标志性成果；三是加强对青年骨干教师的政治引领。",
}

PLAN_TEXTS = {
    "总体思路": "深入贯彻落实新时代党的建设总要求，着眼于保持基层党支部的先进性和战斗堡垒作用，"
                "用争创“党建工作样板支部”来促进专业建设、推动事业发展。",
    "建设目标": "坚持以打造“进取型”支部为抓手、以“在岗立业、争先竞优”行动为落脚点，切实发挥党支部的战斗堡垒作用和党员先锋模范作用。",
    "工作保障": "支部书记履行第一责任人职责，支委分工负责；学院在经费、场地、时间上给予保障。",
}


def generate(db, ctx) -> None:
    today: dt.date = ctx.today
    last = today.year - 1
    rows = [
        {"form_id": "annual-summary", "year": y, "section": k, "text": v}
        for y in (last - 1, last) for k, v in SUMMARY_TEXTS.items()
    ]
    rows += [{"form_id": "model-branch-plan", "year": last, "section": k, "text": v} for k, v in PLAN_TEXTS.items()]
    db["form_texts"].insert_all(rows, pk=("form_id", "year", "section"), replace=True)

    def day(offset: int) -> str:
        return (today + dt.timedelta(days=offset)).isoformat()

    base = {"notes": "", "status": "待办", "exported_at": None, "submitted_date": None}
    db["deadlines"].insert_all([base | d for d in [
        {"title": f"{last}年度党建工作总结", "due_date": f"{today.year}-01-15", "forms": "annual-summary",
         "notes": "报送学院党委办公室，电子版与纸质版各一份", "status": "已报送",
         "exported_at": f"{today.year}-01-10T10:00:00", "submitted_date": f"{today.year}-01-12"},
        {"title": "“双带头人”教师党支部书记工作室申报书", "due_date": day(9),
         "forms": "dual-leader-application",
         "notes": "申报书电子和纸质版（需加盖基层党组织章）及相关支撑材料，下班前报送党委组织部"},
        {"title": "“1+1+1”特色案例征集", "due_date": day(-3), "forms": "case-study",
         "notes": "每个支部报送1篇，3000字以内"},
        {"title": f"{today.year}年度党建工作总结", "due_date": f"{today.year + 1}-01-15", "forms": "annual-summary"},
    ]])
