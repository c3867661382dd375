"""Ready sentences and tables from the counts: “开展主题党日12次、党课16次”. Pure: no database."""

from __future__ import annotations

from tui.rules.dates import cn_date
from tui.rules.forms import percent
from tui.rules.money import yuan_cn


def _join(parts: list[str], sep: str = "、") -> str:
    return sep.join(p for p in parts if p)


def hours_text(tenths: int) -> str:
    whole, tenth = divmod(tenths, 10)
    return f"{whole}.{tenth}小时" if tenth else f"{whole}小时"


def _in_period(s) -> str:
    return "本年度" if s.period.is_year else "期间"


def meetings_sentence(s) -> str:
    """“2025年度，支部召开支部党员大会4次、支部委员会12次…，讲党课5次（…），开展主题党日12次…”.
    A 支委会 without its quorum is not counted (as on the 工作台); the sentence says so."""
    m = s.meetings
    clauses = []
    held = _join([f"{kind}{m[kind]}次" for kind in ("支部党员大会", "支部委员会", "党小组会") if m.get(kind)])
    if held:
        clauses.append(f"召开{held}")
    if m.get("党课"):
        who = _join([f"{name}{n}次" for name, n in s.lecturers.items()])
        clauses.append(f"讲党课{m['党课']}次" + (f"（主讲人：{who}）" if who else ""))
    if m.get("主题党日"):
        clauses.append(f"开展主题党日活动{m['主题党日']}次")
    if m.get("组织生活会"):
        clauses.append(f"召开组织生活会{m['组织生活会']}次")
    if m.get("民主评议党员"):
        clauses.append("开展民主评议党员" + ("" if m["民主评议党员"] == 1 else f"{m['民主评议党员']}次"))
    if m.get("其他"):
        titles = list(dict.fromkeys(t for t in getattr(s, "other_titles", []) if t))     # each once
        if len(titles) == 1:
            clauses.append(f"开展“{titles[0]}”{m['其他']}次")
        elif titles:
            shown = "".join(f"“{t}”" for t in titles[:3]) + ("等" if len(titles) > 3 else "")
            clauses.append(f"开展{shown}活动共{m['其他']}次")
        else:
            clauses.append(f"开展专题学习等活动{m['其他']}次")
    weak = getattr(s, "weak_committee", [])
    note = (f"另有{len(weak)}次支委会到会委员未过半数，未计入。" if weak else "")
    if not clauses:
        return f"{s.period.title}，支部未记录会议和组织生活。" + note
    return f"{s.period.title}，支部" + "，".join(clauses) + "。" + note


def evaluation_sentence(s) -> str:
    if not s.evaluation:
        return ""
    total = sum(s.evaluation.values())
    parts = _join([f"{grade}{n}人" for grade, n in s.evaluation.items()])
    return f"参加民主评议的党员{total}人，其中{parts}。"


def talks_sentence(s) -> str:
    if not s.talks:
        return f"{_in_period(s)}未记录谈心谈话。"
    return (
        f"开展谈心谈话{s.talks}次，{s.talk_members}名党员参加了谈话，"
        f"占党员总数的{percent(s.talk_members, s.members_at_end)}。" + coverage_sentence(s)
    )


def coverage_sentence(s) -> str:
    """条例第十九条 coverage, the talks area's figures, as a secretary writes it."""
    return coverage_text(s.coverage)


def coverage_text(cov) -> str:
    """“支委之间两两开展了谈心谈话，每名党员都与支委谈了心。” or, short of that,
    “支委之间已谈心4对（应谈6对），20名党员已与支委谈心，还有2名党员尚未与支委谈心。”"""
    if cov is None:
        return ""
    parts = []
    if cov.committee_pairs_total:
        done, total = cov.committee_pairs_done, cov.committee_pairs_total
        parts.append("支委之间两两开展了谈心谈话" if done == total else f"支委之间已谈心{done}对（应谈{total}对）")
    if cov.members:
        whom = "相互" if cov.reading == "all_pairs" else "与支委"
        left = len(cov.members) - cov.members_done
        if not left:
            parts.append("每名党员都" + ("与其他党员谈了心" if cov.reading == "all_pairs" else "与支委谈了心"))
        else:
            parts.append(f"{cov.members_done}名党员已{whom}谈心，还有{left}名党员尚未{whom}谈心")
    return "，".join(parts) + "。" if parts else ""


def dues_sentence(s) -> str:
    """The 党费 line, as of the months tui.rules.asof counts: “截至2026年10月，…”."""
    rule = getattr(s, "rule", None)
    label = rule.dues_label if rule is not None else (f"截至{cn_date(s.dues_through[:7])}" if s.dues_through else "")
    if rule is not None and not rule.dues_months:
        return f"{label}，暂无应交党费的月份。"
    if not s.dues_due_fen and not s.dues_paid_fen:
        return f"{_in_period(s)}未记录党费核定和收缴。"
    from tui.rules.dues import collection_rate

    lead = f"{label}，" if label else ""
    text = (
        f"{lead}{s.dues_members}名党员应交党费{yuan_cn(s.dues_due_fen)}，实交{yuan_cn(s.dues_paid_fen)}，"
        f"收缴率{collection_rate(s.dues_due_fen, s.dues_paid_fen)}"
    )
    if s.dues_voluntary_fen:
        text += f"；另有自愿多交党费{yuan_cn(s.dues_voluntary_fen)}"
    return text + "。"


def outcomes_phrase(s) -> str:
    """“已建立1门省级精品课程，获得1项省级竞赛奖项” (the pairings area's wording)."""
    return s.achievement_sentence


def pairings_sentence(s) -> str:
    total = s.pairings_total
    if not total and not s.outcomes:
        return f"{_in_period(s)}未记录“1+1+1”结对。"
    modes = _join([f"{name}{n}个" for name, n in s.pairings_by_name.items() if n])
    text = f"支部组建“1+1+1”结对{total}个" + (f"（{modes}）" if modes else "")
    if s.pairing_activities:
        text += f"，开展结对活动{s.pairing_activities}次"
        if s.pairing_hours_tenths:
            text += f"、累计{hours_text(s.pairing_hours_tenths)}"
    if s.outcomes:
        levels = _join([f"{level}{n}项" for level, n in s.outcomes_by_level.items() if n])
        text += f"，取得成果{len(s.outcomes)}项（{levels}）"
    return text + "。" + "".join(s.achievement_sentences)


def members_sentence(s, *, moves: bool = True) -> str:
    """How many members at the period's end, and (unless moves=False) how the roster moved."""
    rule = getattr(s, "rule", None)
    label = rule.roster_label if rule is not None else f"截至{cn_date(s.as_of or s.period.end)}"
    text = (
        f"{label}，支部共有党员{s.members_at_end}名，"
        f"其中正式党员{s.full_at_end}名、预备党员{s.probationary_at_end}名。"
    )
    return text + members_moves_sentence(s) if moves else text


def members_moves_sentence(s) -> str:
    moves = []
    if s.joined:
        moves.append(f"发展党员{len(s.joined)}名（{'、'.join(s.joined)}）")
    if s.made_full:
        moves.append(f"预备党员转正{len(s.made_full)}名（{'、'.join(s.made_full)}）")
    for kind, names in s.left.items():
        verb = {"转出": "转出组织关系", "去世": "党员去世"}.get(kind, "党员离开支部")
        moves.append(f"{verb}{len(names)}名（{'、'.join(names)}）")
    if not moves:
        return f"{_in_period(s)}党员队伍无变动。"
    return _in_period(s) + "，".join(moves) + "。"


def overview_sentence(s) -> str:
    """The line an annual summary leads with: “2025年度，支部开展主题党日12次、党课16次…”."""
    m = s.meetings
    parts = [f"{kind}{m[kind]}次" for kind in ("主题党日", "党课") if m.get(kind)]
    if s.talks:
        parts.append(f"谈心谈话{s.talks}次")
    if s.pairings_total:
        parts.append(f"“1+1+1”结对{s.pairings_total}个")
    return f"{s.period.title}，支部开展{_join(parts)}。" if parts else ""


def meeting_table_rows(s) -> list[tuple[str, str, str]]:
    """活动 | 次数 | 说明."""
    m = s.meetings
    lecturers = _join([f"{n}（{c}次）" for n, c in s.lecturers.items()])
    groups = _join([f"{g}{c}次" for g, c in s.group_meetings.items()])
    themes = _join([t for _, t in s.themes if t][:6]) + ("等" if len([t for _, t in s.themes if t]) > 6 else "")
    notes = {
        "党小组会": groups,
        "党课": f"主讲人：{lecturers}" if lecturers else "",
        "主题党日": f"主题：{themes}" if themes else "",
        "民主评议党员": _join([f"{g}{n}人" for g, n in s.evaluation.items()]),
    }
    rows = []
    for kind, n in m.items():
        if kind == "其他" and not n:
            continue
        rows.append((kind, str(n), notes.get(kind, "")))
    return rows


def profile_sentence(branch_name: str, stats, committee: dict[str, str], honours, *, as_of: str = "") -> str:
    """党组织简介 (seed 004): 正式党员N人，书记、委员，高级职称N人…，获得…的党员N人. `as_of`
    (tui.rules.asof's roster label, “截至2025年12月31日”) leads when given."""
    full = stats.by_status.get("正式党员", 0)
    prob = stats.by_status.get("预备党员", 0)
    lead = f"{as_of}，" if as_of else ""
    text = f"{lead}{branch_name}有正式党员{full}人" + (f"、预备党员{prob}人" if prob else "") + "。"
    secretary = committee.get("书记")
    others = [name for role, name in committee.items() if role != "书记"]
    if secretary:
        text = text[:-1] + f"，党支部书记{secretary}" + (f"，支部委员{'、'.join(others)}" if others else "") + "。"
    senior = stats.by_title_grade.get("正高", 0) + stats.by_title_grade.get("副高", 0)
    middle = stats.by_title_grade.get("中级", 0)
    doctors = max(stats.by_degree.get("博士", 0), stats.by_education.get("博士研究生", 0))
    masters = max(stats.by_degree.get("硕士", 0), stats.by_education.get("硕士研究生", 0))
    groups = []
    titles = _join([f"高级职称{senior}人" if senior else "", f"中级职称{middle}人" if middle else ""])
    if titles:
        groups.append(titles)
    degrees = _join([f"博士{doctors}人" if doctors else "", f"硕士{masters}人" if masters else ""])
    if degrees:
        groups.append(degrees)
    honour_parts = [f"获得{_quote(h.title, h.level)}的党员{h.members}人" for h in honours]
    if honour_parts:
        groups.append("，".join(honour_parts))
    if groups:
        text += "支部党员中" + "；".join(groups) + "。"
    return text


def _quote(title: str, level: str) -> str:
    shown = f"“{title}”"
    if level and level != "其他" and not title.startswith(level[:1]):
        shown = f"{level}{shown}"
    return shown


def roster_table_rows(stats) -> list[tuple[str, str]]:
    rows = [("党员总数", stats.total)]
    rows += [(k, v) for k, v in stats.by_status.items()]
    rows += [(f"{k}党员", v) for k, v in stats.by_category.items()]
    senior = stats.by_title_grade.get("正高", 0) + stats.by_title_grade.get("副高", 0)
    rows += [("高级职称", senior), ("中级职称", stats.by_title_grade.get("中级", 0))]
    rows += [("博士", max(stats.by_degree.get("博士", 0), stats.by_education.get("博士研究生", 0)))]
    rows += [("硕士", max(stats.by_degree.get("硕士", 0), stats.by_education.get("硕士研究生", 0)))]
    rows += [("获得荣誉的党员", stats.members_with_honours)]
    return [(k, f"{v}人") for k, v in rows]
