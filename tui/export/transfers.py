"""组织关系转接 forms: the 转出 介绍信 draft (存根 / 介绍信 / 回执, 组通字〔2006〕45号 format, 党费交至
and 有效期 in 大写), the yearly 组织关系转接登记表 (.docx/.xlsx) and the 转入党员信息登记 sheet.
The data is gathered here as plain values; python-docx and openpyxl are imported when writing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.export.atomic import ExportError, atomic_write
from tui.export.docx_base import LANDSCAPE_TEXT_WIDTH_MM, OfficialDoc
from tui.export.xlsx import FONT, display_width, set_text, set_widths, thin_border
from tui.rules.cn_upper import upper_month, upper_number
from tui.rules.dates import cn_date
from tui.store import branch as branch_store
from tui.store import members as member_store
from tui.store import transfers as store
from tui import clock

BLANK = "＿＿＿＿＿＿"
CUT = "…………（骑缝盖章处）…………"   # within one 28-character line


@dataclass(frozen=True)
class Letter:
    """What a 介绍信 says, every value already as text."""

    serial: str
    name: str
    gender: str
    age: str
    ethnicity: str
    standing: str           # 正式 / 预备
    from_org: str
    to_org: str
    dues_through: str       # 贰零贰陆年叁月
    valid_days: str         # 叁拾
    date: str               # 2026年3月15日
    phone: str


def _age(birth: str | None, on: str) -> str:
    if not birth:
        return BLANK
    years = int(on[:4]) - int(birth[:4]) - ((on[5:10] if len(on) >= 10 else on[5:7]) < (birth[5:10] if len(birth) >= 10 else birth[5:7]))
    return str(years)


def letter_for(db, member_name: str) -> Letter:
    found = member_store.find_by_name(db, member_name)
    if not found:
        raise ExportError(f"花名册上没有「{member_name}」", "姓名")
    member = found[-1]
    out = store.latest_out(db, member.id)
    if out is None:
        raise ExportError(f"{member.name} 没有转出记录：先登记转出（zhibu transfer out 或党员区域 Z 键）", "姓名")
    branch = branch_store.get_branch(db)
    from_org = "".join(x for x in (branch.parent_org, branch.name) if x) or BLANK
    return Letter(
        serial=out.letter_no or BLANK, name=member.name, gender=member.gender or BLANK,
        age=_age(member.birth_date, out.date), ethnicity=member.ethnicity or BLANK,
        standing="预备" if member.party_status == "预备党员" else "正式",
        from_org=from_org, to_org=out.org, dues_through=upper_month(out.dues_through or out.date[:7]),
        valid_days=upper_number(out.valid_days or store.DEFAULT_VALID_DAYS), date=cn_date(out.date),
        phone=member.phone or BLANK)


def write_letter_docx(path: Path, letter: Letter, *, force: bool = False) -> Path:
    doc = OfficialDoc()
    d = letter
    # 存根
    doc.title("中国共产党党员组织关系介绍信")
    doc.subtitle("（存　根）")
    doc.right(f"第 {d.serial} 号")
    doc.para(f"{d.name}同志系中共{d.standing}党员，组织关系由{d.from_org}转到{d.to_org}。")
    doc.para(f"党费已交到{d.dues_through}。")
    doc.para(f"有效期{d.valid_days}天。")
    doc.right(d.date, right_chars=2)
    doc.para(CUT)
    doc.page_break()   # each part on its own page: cut apart along the 骑缝 and stamped across it
    # 介绍信
    doc.title("中国共产党党员组织关系介绍信")
    doc.right(f"第 {d.serial} 号")
    doc.para(f"{d.to_org}：")
    doc.para(f"{d.name}同志（{d.gender}），{d.age}岁，{d.ethnicity}，系中共{d.standing}党员，身份证号码{BLANK}{BLANK}，"
             f"由{d.from_org}去{d.to_org}，请转接组织关系。")
    doc.para(f"该同志党费已交到{d.dues_through}。")
    doc.para(f"（有效期{d.valid_days}天）")
    doc.right("（党委盖章）", right_chars=2)
    doc.right(d.date, right_chars=2)
    doc.para(f"党员联系电话：{d.phone}")
    doc.para(f"原基层党委通讯地址：{BLANK}{BLANK}")
    doc.para(f"联系电话：{BLANK}　传真：{BLANK}　邮编：{BLANK}")
    doc.para(CUT)
    doc.page_break()
    # 回执
    doc.title("中国共产党党员组织关系介绍信")
    doc.subtitle("（回　执）")
    doc.right(f"第 {d.serial} 号")
    doc.para(f"{d.from_org}：")
    doc.para(f"{d.name}同志的党员组织关系已转达我处，特此回复。")
    doc.right("（基层党委盖章）", right_chars=2)
    doc.right("年　　月　　日", right_chars=2)
    return doc.save(path, force=force)


def export_letter(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    name = params.extra.get("member")
    if not name and params.record_id:
        name = store.get_transfer(db, params.record_id).name
    if not name:
        raise ExportError("请指定党员：--member 姓名", "姓名")
    return write_letter_docx(Path(out), letter_for(db, name), force=force)


# ── the yearly register ──

REGISTER_COLUMNS = ("序号", "姓名", "性别", "党籍", "类型", "日期", "转往/转自党组织", "范围", "方式",
                    "介绍信编号", "党费交至", "回执/档案", "备注")
_REGISTER_WIDTHS = (10, 16, 10, 14, 12, 22, 50, 22, 12, 18, 18, 25, 28)   # landscape, 257 mm


def register_rows(db, year: int) -> list[tuple[str, ...]]:
    people = {m.id: m for m in member_store.list_members(db, include_left=True)}
    rows = []
    for i, t in enumerate(store.list_transfers(db, year=year), start=1):
        m = people.get(t.member_id)
        if t.direction == store.OUT:
            after = f"回执 {cn_date(t.receipt_date)}" if t.receipt_date else "回执未回"
        else:
            after = "档案已核" if t.archive_checked else "档案未核"
        rows.append((str(i), t.name, (m.gender if m else "") or "", m.party_status if m else "", t.direction,
                     cn_date(t.date), t.org, t.scope, t.medium, t.letter_no, cn_date(t.dues_through) if t.dues_through else "",
                     after, t.note))
    return rows


def export_register(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    year = params.year or clock.today().year
    rows = register_rows(db, year)
    outs = sum(r[4] == store.OUT for r in rows)
    return _year_table(db, out, f"{year}年党员组织关系转接登记表", REGISTER_COLUMNS, _REGISTER_WIDTHS, rows,
                       empty=f"{year}年没有组织关系转接。",
                       closing=f"本年度转出 {outs} 人，转入 {len(rows) - outs} 人。", force=force)


# ── 转入党员信息登记 ──

INTAKE_COLUMNS = ("序号", "姓名", "性别", "出生日期", "民族", "党籍", "入党日期", "转正日期", "转自党组织", "转入日期",
                  "介绍信编号", "党费交至", "档案", "党小组", "联系电话")
_INTAKE_WIDTHS = (9, 14, 8, 20, 10, 14, 20, 20, 40, 20, 16, 18, 10, 18, 20)


def intake_rows(db, year: int) -> list[tuple[str, ...]]:
    people = {m.id: m for m in member_store.list_members(db, include_left=True)}
    groups = {g.id: g.name for g in branch_store.list_groups(db)}
    rows = []
    arrivals = [t for t in store.list_transfers(db, year=year) if t.direction == store.IN]
    for i, t in enumerate(arrivals, start=1):
        m = people[t.member_id]
        rows.append((str(i), m.name, m.gender or "", cn_date(m.birth_date), m.ethnicity, m.party_status,
                     cn_date(m.join_date), cn_date(m.full_date), t.org, cn_date(t.date), t.letter_no,
                     cn_date(t.dues_through) if t.dues_through else "", "已核" if t.archive_checked else "未核",
                     groups.get(t.group_id or m.group_id, ""), m.phone))
    return rows


def export_intake(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    year = params.year or clock.today().year
    rows = intake_rows(db, year)
    return _year_table(db, out, f"{year}年转入党员信息登记表", INTAKE_COLUMNS, _INTAKE_WIDTHS, rows,
                       empty=f"{year}年没有转入的党员。", force=force)


def _year_table(db, out, title: str, columns, widths, rows, *, empty: str, closing: str = "",
                force: bool = False) -> Path:
    """A year's list as .xlsx, or as a landscape .docx in the official layout."""
    branch = branch_store.get_branch(db).name
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        return write_table_xlsx(out, title, branch, columns, rows, force=force)
    doc = OfficialDoc()
    doc.landscape()
    doc.title(title)
    doc.subtitle(branch)
    if rows:
        doc.table(columns, rows, widths, font_pt=10.5)
    else:
        doc.para(empty)
    if closing:
        doc.para(closing)
    return doc.save(out, force=force)


def write_table_xlsx(path: Path, title: str, branch: str, columns, rows, *, force: bool = False) -> Path:
    def save(target: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        wb = Workbook()
        ws = wb.active
        ws.title = title[:31]
        set_text(ws.cell(1, 1), f"{branch} {title}".strip()).font = Font(name=FONT, bold=True, size=14)
        border, font = thin_border(), Font(name=FONT, size=11)
        for c, label in enumerate(columns, start=1):
            cell = set_text(ws.cell(2, c), label)
            cell.font, cell.border = Font(name=FONT, bold=True, size=11), border
        for r, row in enumerate(rows, start=3):
            for c, value in enumerate(row, start=1):
                cell = set_text(ws.cell(r, c), value)
                cell.font, cell.border = font, border
                cell.alignment = Alignment(vertical="center", wrap_text=True)
        set_widths(ws, [max([display_width(columns[i])] + [display_width(r[i]) for r in rows]) for i in range(len(columns))])
        ws.page_setup.orientation = "landscape"
        wb.save(target)

    return atomic_write(Path(path), save, force=force)


assert LANDSCAPE_TEXT_WIDTH_MM >= sum(_REGISTER_WIDTHS) and LANDSCAPE_TEXT_WIDTH_MM >= sum(_INTAKE_WIDTHS)
