"""What the secretary should know before a form leaves the office: the parts still unwritten
(they would print “（待填写）”), and the branch's own shortfalls the document will state
(支委之间未谈心的, 未与支委谈心的党员, a 支委会 without quorum, 党费未交清 …), worded as a
secretary says them. The export dialog, `zhibu export` and `zhibu check` show these first.

Reads only; no Textual.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tui.export.atomic import ExportError
from tui.export.catalogue import get_form
from tui.export.dues import dues_months
from tui.rules import meetings as meeting_rules
from tui.rules.dates import DateError, cn_date
from tui.rules.forms import resolve_period
from tui.rules.money import yuan_cn
from tui.store import dues as dues_store
from tui.store import forms as form_store
from tui.store.branch import get_committee
from tui.store.summary import period_summary
from tui import clock

# Forms whose documents state the period's talks, meetings and 党费 (built from the summary).
SUMMARY_FORMS = ("annual-summary", "dual-leader-application")


@dataclass
class Preflight:
    form_name: str
    year: int | None
    empty: list[tuple[str, str]] = field(default_factory=list)       # (section key, label) unwritten
    carried: dict[str, int] = field(default_factory=dict)            # section key → earlier year with text
    shortfalls: list[str] = field(default_factory=list)              # the branch's gaps, as sentences
    notes: list[str] = field(default_factory=list)                   # as-of notes (“党费统计截至…”)

    @property
    def has_empty(self) -> bool:
        return bool(self.empty)

    @property
    def quiet(self) -> bool:
        """Nothing to tell before writing."""
        return not (self.empty or self.shortfalls)

    def empty_text(self) -> str:
        return "、".join(label for _, label in self.empty)

    def lines(self) -> list[str]:
        out = []
        if self.empty:
            out.append(f"尚未填写（将印为“（待填写）”）：{self.empty_text()}")
        out += [f"请先处理：{s}" for s in self.shortfalls]
        out += self.notes
        return out


def empty_sections(db, form, year: int) -> list[tuple[str, str]]:
    """The form's sections that print “（待填写）” when empty and have no text for `year`."""
    texts = form_store.get_texts(db, form.id, year)
    return [(sec.key, sec.label) for sec in form.sections if not sec.optional and not texts.get(sec.key, "").strip()]


def preflight(db, form_id: str, params, *, today: dt.date | None = None) -> Preflight:
    """Everything to say before exporting `form_id` with `params` (tui.export.catalogue.FormParams).
    Period errors are left to the export itself (it names the field)."""
    today = today or clock.today()
    form = get_form(form_id)
    period = _period(params, today) if form.period in ("year", "range") else None
    out = Preflight(form.name, period.year if period else None)
    if period is None:
        return out
    if form.sections:
        out.empty = empty_sections(db, form, period.year)
        for key, _ in out.empty:
            start = form_store.starting_text(db, form.id, period.year, key)
            if start.carried and start.text.strip():
                out.carried[key] = start.year
        if form_id == "dual-leader-application":
            if "书记" not in get_committee(db):
                out.empty.append(("", "支部书记（在「支部」中设置支委会）"))
    if form_id in SUMMARY_FORMS or form.is_template:     # a committee template fills the same figures
        s = period_summary(db, period, today=today, dues_through=params.dues_through)
        if form_id == "annual-summary" and s.record_count == 0:
            return Preflight(form.name, period.year)     # the export itself says there is nothing to sum up
        out.shortfalls = summary_shortfalls(s)
        if s.rule.dues_partial:
            out.notes.append(f"党费按已结束的月份统计：{s.rule.dues_label or '无'}；人数{s.rule.roster_label}。")
    elif form_id == "dues-notice" and period.is_year:      # a public notice names who is behind
        out.shortfalls = dues_shortfalls(db, period.year, today, params.dues_through)
    return out


def _period(params, today: dt.date):
    try:
        return resolve_period(params.year, params.date_from, params.date_to, today=today)
    except DateError:
        return None


def summary_shortfalls(s) -> list[str]:
    """The period's gaps the summary will state, worded for the secretary."""
    out: list[str] = []
    cov = s.coverage
    if cov is not None:
        if cov.missing_committee_pairs:
            pairs = "、".join(f"{cov.name(a)}与{cov.name(b)}" for a, b in cov.missing_committee_pairs)
            out.append(f"支委之间还有{len(cov.missing_committee_pairs)}对没有谈心：{pairs}。")
        if cov.missing_members:
            who = "、".join(cov.name(m) for m in cov.missing_members)
            whom = "其他党员" if cov.reading == "all_pairs" else "支委"
            out.append(f"还有{len(cov.missing_members)}名党员没有与{whom}谈心：{who}。")
    if s.weak_committee:
        days = "、".join(cn_date(d) for d in s.weak_committee)
        out.append(f"{days}的支委会到会委员未过半数，不计入召开次数。")
    if s.period.is_year:
        elapsed = 12 if s.rule.complete else int(s.rule.today[5:7]) - 1
        for kind in meeting_rules.YEARLY_MINIMUM:
            if kind == "党小组会":
                continue    # per group: the 工作台 and F4 C say which group
            due = meeting_rules.due_by(kind, elapsed)
            if s.meetings.get(kind, 0) < due:
                out.append(f"{kind}召开{s.meetings.get(kind, 0)}次，按规定{'全年' if elapsed == 12 else '到目前'}应召开{due}次。")
    if s.dues_due_fen > s.dues_paid_fen:
        label = s.rule.dues_label or s.period.title
        out.append(f"{label}，党费尚有{yuan_cn(s.dues_due_fen - s.dues_paid_fen)}未交清（见党费收缴台账）。")
    return out


def dues_shortfalls(db, year: int, today: dt.date, picked=None) -> list[str]:
    """Members the 公示 will show as not fully paid, by name."""
    try:
        through = dues_months(year, today, picked)
    except ExportError as exc:
        return [str(exc)]
    book = dues_store.ledger(db, year)
    behind = [r.name for r in book.rows if sum(r.due[:through]) > sum(r.paid[:through])]
    if not behind:
        return []
    label = f"截至{year}年{through}月底" if through < 12 else f"{year}年"
    return [f"{label}还有{len(behind)}名党员未交清党费：{'、'.join(behind)}。"]
