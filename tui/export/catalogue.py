"""The one catalogue of forms: every export the app can make, for the CLI and the 表格 area alike.

A form's builder is "module:function" with the signature
    build(db, params: FormParams, out: Path, *, force: bool = False, progress=None) -> Path
and is imported only when the form is exported. The committee's own .docx templates in the
templates folder join the built-in forms through all_forms().
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from importlib import import_module
from pathlib import Path

from tui.rules.asof import parse_month


@dataclass(frozen=True)
class FormParams:
    year: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    record_id: int | None = None          # --meeting / --talk
    extra: dict = field(default_factory=dict)

    @property
    def dues_through(self) -> tuple[int, int] | None:
        """The month the secretary picked to count a running year's 党费 through
        (extra['dues_through'], 'YYYY-MM'); None: through last month (tui.rules.asof)."""
        return parse_month((self.extra or {}).get("dues_through"))

    @property
    def allow_empty(self) -> bool:
        """The secretary chose to let unwritten parts print as “（待填写）”."""
        return bool((self.extra or {}).get("allow_empty"))


@dataclass(frozen=True)
class Section:
    """A part of a form the secretary writes (saved per form, year and section)."""

    key: str
    label: str
    hint: str = ""
    one_line: bool = False
    optional: bool = False                # left out (or given a default) when empty, never “（待填写）”


@dataclass(frozen=True)
class FormSpec:
    id: str
    name: str                             # Chinese, also the default file name's middle part
    builder: str                          # "module:function"
    outputs: tuple[str, ...] = (".docx",)
    period: str = "none"                  # none | year | range (year or from/to) | record
    record: str = ""                      # for period == "record": "meeting", "talk" or "transfer"
    area: str = ""                        # the area the form belongs to
    sections: tuple[Section, ...] = ()    # the parts the secretary writes, in document order
    template: str = ""                    # a committee's .docx template: its path
    description: str = ""

    @property
    def is_template(self) -> bool:
        return bool(self.template)

    def build(self, db, params: FormParams, out: Path, *, force: bool = False, progress=None) -> Path:
        if self.template:
            params = replace(params, extra={**params.extra, "template": self.template})
        from tui.export.docx_base import grid_mode

        module, func = self.builder.split(":")
        with grid_mode(params.extra.get("grid")):  # "lines": the document grid without the 28-character pitch
            written = getattr(import_module(module), func)(db, params, out, force=force, progress=progress)
        from tui.store.deadlines import mark_exported

        mark_exported(db, self.id, year=params.year)
        return written


_S = Section
FORMS: list[FormSpec] = [
    FormSpec("roster", "党员花名册", "tui.export.roster:export_roster", (".xlsx",), area="members"),
    FormSpec("meeting", "会议记录", "tui.export.meetings:export_meeting", period="record", record="meeting", area="meetings"),
    FormSpec("minutes", "党支部工作记录", "tui.export.meetings:export_minutes", period="range", area="meetings"),
    FormSpec("talks", "谈心谈话记录", "tui.export.talks:export_talks", period="range", area="talks"),
    FormSpec("talk", "谈话记录", "tui.export.talks:export_talk", period="record", record="talk", area="talks"),
    FormSpec("dues-assessment", "党费核定表", "tui.export.dues:export_assessment", (".xlsx", ".docx"), period="year", area="dues"),
    FormSpec("dues-ledger", "党费收缴台账", "tui.export.dues:export_ledger", (".xlsx", ".docx"), period="year", area="dues"),
    FormSpec("dues-notice", "年度党费收缴情况公示", "tui.export.dues:export_notice", (".docx",), period="year", area="dues"),
    FormSpec("transfer-letter", "党员组织关系介绍信", "tui.export.transfers:export_letter", period="record",
             record="transfer", area="members",
             description="转出介绍信草稿：存根、介绍信、回执三联，党费交至与有效期大写（组通字〔2006〕45号格式），盖章处留空"),
    FormSpec("transfers", "党员组织关系转接登记表", "tui.export.transfers:export_register", (".docx", ".xlsx"),
             period="year", area="members", description="一年中的转出与转入：日期、转往/转自、介绍信编号、党费交至、回执"),
    FormSpec("transfer-intake", "转入党员信息登记表", "tui.export.transfers:export_intake", (".docx", ".xlsx"),
             period="year", area="members", description="一年中转入的党员：基本信息、转自、党费交至、档案核查、党小组"),
    FormSpec("package", "报送包", "tui.export.package:export_package", (".xlsx",), period="range", area="forms",
             description="报送上级党委的固定格式工作簿：基本情况、党员名册（不含电话、身份证号、谈话内容）、三会一课、党费、谈话、结对"),
    FormSpec("pairings", "结对情况一览表", "tui.export.pairings:export_pairings", (".docx", ".xlsx"), period="range", area="pairings"),
    FormSpec(
        "annual-summary", "年度党建工作总结", "tui.export.forms_builtin:export_annual_summary",
        period="range", area="forms", description="按记录统计的三会一课、谈心谈话、党费、结对等，连同书记撰写的段落",
        sections=(
            _S("概述", "总体情况", "开头段落：本年度支部工作的总体情况（统计数字由程序自动写入）", optional=True),
            _S("主要做法", "主要工作和做法", "围绕理论学习、组织建设、党建与业务融合等写具体做法"),
            _S("特色亮点", "特色与亮点", "可不填；不填则不出现此部分", optional=True),
            _S("存在问题", "存在的问题和不足"),
            _S("下步打算", "下一步工作打算"),
        ),
    ),
    FormSpec(
        "dual-leader-application", "“双带头人”教师党支部书记工作室申报书",
        "tui.export.forms_builtin:export_dual_leader", period="year", area="forms",
        description="支部概况、书记概况、两年建设计划、年度目标、预期成果、支持保障措施",
        sections=(
            _S("工作室名称", "工作室名称", "如 “XX”教师党支部书记工作室", one_line=True, optional=True),
            _S("支部简介", "支部基本情况（补充）", "支部特色、学科专业背景等；人数、职称等由程序统计", optional=True),
            _S("书记简介", "支部书记教学科研情况", "书记的教学科研业绩、党建工作经历"),
            _S("总体思路", "建设思路"),
            _S("第一年目标", "第一年度目标与实施计划"),
            _S("第二年目标", "第二年度目标与实施计划"),
            _S("预期成果", "预期成果", "每年至少1—2项代表性成果"),
            _S("支持措施", "支持保障措施"),
        ),
    ),
    FormSpec(
        "model-branch-plan", "样板支部建设计划", "tui.export.forms_builtin:export_model_branch",
        period="year", area="forms", description="党组织简介（按花名册统计）、总体思路、建设目标、建设方案、年度目标、预期成果、工作保障",
        sections=(
            _S("简介补充", "党组织简介（补充）", "人数、职称、学历、荣誉由程序统计，这里补充其他情况", optional=True),
            _S("总体思路", "总体思路"),
            _S("建设目标", "建设目标"),
            _S("建设方案", "建设方案"),
            _S("年度目标", "年度目标"),
            _S("预期成果", "预期成果"),
            _S("工作保障", "工作保障"),
        ),
    ),
    FormSpec(
        "case-study", "特色案例", "tui.export.forms_builtin:export_case_study",
        period="range", area="forms", description="背景情况、主要做法、成果成效（结对与活动统计）、经验启示",
        sections=(
            _S("案例标题", "案例题目", "如 探索“1+1+1”党建工作模式 推动高水平专业发展", one_line=True, optional=True),
            _S("背景情况", "背景情况"),
            _S("主要做法", "主要做法"),
            _S("成果成效", "成果成效（补充）", "结对、活动、成果的数字由程序统计，这里补充其他成效", optional=True),
            _S("经验启示", "经验启示"),
        ),
    ),
    FormSpec("minutes-paper", "党支部工作记录（粘贴版）", "tui.export.yearend_paperbook:export_minutes_paper",
             period="range", area="meetings",
             description="每次会议单独一页，无页码和页眉，留出粘贴边距，用于粘贴到纸质《党支部工作手册》"),
    FormSpec("evaluation-ballots", "民主评议党员测评表", "tui.export.yearend_evaluation:export_ballots",
             period="year", area="meetings", description="无记名测评票，打印后发给参加测评的党员"),
    FormSpec("evaluation-summary", "民主评议党员测评结果汇总表", "tui.export.yearend_evaluation:export_evaluation_summary",
             (".docx", ".xlsx"), period="year", area="meetings",
             description="每名党员的测评票数、支委会建议和党员大会评定，连同民主评议党员情况报告（含优秀比例检查）"),
    FormSpec("life-meeting-report", "组织生活会情况报告", "tui.export.yearend_life:export_life_meeting_report",
             period="year", area="meetings", description="应到实到、征求意见、谈心谈话、查摆问题、批评意见条数、整改措施项数"),
    FormSpec(
        "secretary-report", "书记抓基层党建述职报告", "tui.export.yearend_secretary:export_secretary_report",
        period="year", area="forms", description="按记录统计的组织生活、谈心谈话、党费、发展、结对，连同书记撰写的部分",
        sections=(
            _S("开头", "开头", "可不填：述职的开头段落", optional=True),
            _S("主要做法", "主要做法和成效", "抓基层党建的具体做法和取得的成效（统计数字由程序自动写入）"),
            _S("存在问题", "存在问题及原因", "问题和原因都要写；一般要求不少于全文的三分之一"),
            _S("下步打算", "下一步工作思路"),
        ),
    ),
    FormSpec("study-hours", "党员教育培训学时台账", "tui.export.yearend_hours:export_study_hours",
             (".xlsx", ".docx"), period="year", area="meetings",
             description="参加会议学时和党校、网络学院等培训学时，列出未达到年度要求的党员"),
]


def template_forms() -> list[FormSpec]:
    """The committee's own templates in the templates folder, as forms."""
    from tui.export.forms_templates import list_templates

    return [
        FormSpec(t.form_id, t.name, "tui.export.forms_templates:export_template", period="range",
                 area="forms", template=str(t.path), description="上级党委下发的模板")
        for t in list_templates()
    ]


def all_forms() -> list[FormSpec]:
    """Built-in forms, then the installed templates."""
    return [*FORMS, *template_forms()]


def get_form(form_id: str) -> FormSpec:
    for form in FORMS:
        if form.id == form_id:
            return form
    templates = template_forms()
    for form in templates:
        if form_id in (form.id, form.id.removeprefix("tpl:"), form.name):
            return form
    known = "、".join(f.id for f in [*FORMS, *templates])
    raise KeyError(f"没有名为「{form_id}」的表格。可用的表格：{known}")
