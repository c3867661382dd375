"""The 报送包's fixed layout: sheet names, columns and the schema version, shared by the writer
(tui.export.package) and the reader (tui.importers.package). Documented in docs/package.md.

Version history (a reader keeps every older version readable):
  1  the first layout: amounts in 党费 as text in 元 ("123.45"), no 自愿多交 column, no
     未达标期 column in 三会一课, and no 包含的表 row (it always held the six core sheets).
  2  amounts are numbers in 元 (two decimals), 党费 has 自愿多交（元）, 三会一课 has 未达标期,
     包信息 lists the sheets the package holds (包含的表) and the roster's extra columns.
"""

from __future__ import annotations

FORMAT_NAME = "zhibu报送包"
SCHEMA_VERSION = 2
OLDEST_READABLE = 1

META = "包信息"
BASICS = "基本情况"
ROSTER = "党员名册"
MEETINGS = "三会一课"
DUES = "党费"
TALKS = "谈话"
PAIRINGS = "结对"
DEVELOPMENT = "发展党员"
TRAINING = "学时"

CORE_SHEETS = (BASICS, ROSTER, MEETINGS, DUES, TALKS, PAIRINGS)
# Sheets a package may hold when the branch's zhibu keeps those records (written only then).
OPTIONAL_SHEETS = (DEVELOPMENT, TRAINING)

# 包信息: two columns 项目 | 值, these rows in this order.
META_KEYS = ("格式", "格式版本", "支部名称", "上级党组织", "期间起", "期间止", "统计日",
             "zhibu版本", "导出时间", "包含的表", "党员名册附加列")

# 基本情况: two columns 项目 | 值.
BASICS_KEYS = ("支部名称", "上级党组织", "支部类型", "党员总数", "正式党员", "预备党员", "支委会人数",
               "党小组数", "本届任期开始", "任期（年）", "任期届满", "预备党员待转正（人）", "最早预备期满",
               "学时统计年度", "学时未达标（人）")
# The last two come from the 学时 sheet's last year (empty without one), so the committee's table
# need not read 2,000 rows a branch; packages written before them lack these rows.

ROSTER_COLUMNS = ("序号", "姓名", "性别", "党员类别", "人员类别", "入党日期", "转正日期", "预备期满",
                  "党小组", "支部职务")
# Personal data the secretary may add, one explicit choice each; phone, ID number and talk
# contents are never in a package.
ROSTER_EXTRAS = {
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "education": "学历",
    "degree": "学位",
    "title": "职称",
    "post": "岗位",
}

# 三会一课: 项目, 要求, one column per month of the period ("2025-01"), one per quarter
# ("2025-Q1"), then these.
MEETINGS_HEAD = ("项目", "要求")
MEETINGS_TAIL = ("合计", "应达标期数", "已达标期数", "达标", "未达标期")
MET, NOT_MET, NOT_DUE = "达标", "未达标", "—"

DUES_COLUMNS = ("月份", "应交人数", "已交清人数", "应交（元）", "实交（元）", "自愿多交（元）", "收缴率")
DUES_TOTAL = "合计"

TALKS_COLUMNS = ("年度", "覆盖口径", "支委间应谈（对）", "支委间已谈（对）", "党员应覆盖（人）",
                 "党员已覆盖（人）", "覆盖率", "谈话次数")

PAIRINGS_HEAD = ("模式", "结对数", "进行中", "活动次数", "活动学时", "成果合计")
# then one column per level (tui.rules.pairings.LEVELS: 国家级 省级 市级 校级)
PAIRINGS_TOTAL = "合计"

# 学时: one row a member a year of the period (years with any hours recorded), from the year-end
# 学时台账 (tui.store.study_hours.hours_ledger); hours are numbers with one decimal.
TRAINING_COLUMNS = ("年度", "序号", "姓名", "支部职务", "参加会议（次）", "会议学时", "培训学时", "合计学时",
                    "年度要求", "差额", "达标")

# 发展党员: one row a person in the pipeline during the period (an application, or a later step, on
# or before its end, and not already 正式党员 before its start), at the stage of the period's end
# (tui.rules.development.Stage); only the key dates (on or before the period's end, ISO text), no
# other personal data. Written only when the branch has anyone in the pipeline then.
DEVELOPMENT_COLUMNS = ("序号", "姓名", "阶段", "递交申请书", "确定积极分子", "确定发展对象", "接收预备党员", "转正")
# the 发展党员 steps behind the date columns: ① ③ ⑦ ⑮ (支部党员大会讨论接收) ㉔ (上级党委审批转正)
DEVELOPMENT_STEPS = (1, 3, 7, 15, 24)

# What the export dialog lists as going into a package.
CONTENTS = (
    f"{BASICS}：党员人数、支委会、任期届满、待转正人数",
    f"{ROSTER}：姓名、性别、类别、入党转正日期、党小组、职务",
    "　（不含电话、身份证号、谈话内容）",
    f"{MEETINGS}：按月、按季度的次数与达标情况",
    f"{DUES}：每月应交、实交、收缴率",
    f"{TALKS}：谈心谈话覆盖人数与次数",
    f"{PAIRINGS}：各模式结对数与各级成果",
    f"{DEVELOPMENT}：期间内各发展阶段人员的姓名、阶段与关键日期（不含其他个人信息；期间内有人时）",
    f"{TRAINING}：每名党员全年学时（会议＋培训）与是否达到年度要求（有学时记录的年度）",
    f"{META}：格式版本、期间、zhibu 版本（供上级的 zhibu 读取）",
)
EXTRA_NO, EXTRA_YES = "不含", "含"
