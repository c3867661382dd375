"""发展党员 import: an .xlsx of people and their stage dates (the 名册 committees collect, the
sheets other tools keep), read into a preview with each row's problems, then written in ONE
transaction by tui.store.development. The reading follows the roster importer: size limits, the
zip-bomb check, openpyxl read_only, a progress callback for the screen's worker.

Columns are found by their header: 姓名, 性别, 出生日期, 单位/班级, 培养联系人, 入党介绍人, and one column
per step — a step's name or number (⑦, 确定发展对象) or the usual wording of such sheets
(申请入党时间, 确定为积极分子时间, 确定为发展对象时间, 接收为预备党员时间, 转正时间).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tui.errors import ZhibuError
from tui.importers.roster import MAX_FILE_BYTES, RosterFileError, _check_package, _sheet_grid
from tui.rules import development as rules
from tui.rules.dates import DateError, normalize_date
from tui.store import development as store
from tui.store.db import Database, transaction
from tui.store.errors import ValidationError

FIELDS = {"姓名": "name", "性别": "gender", "出生日期": "birth_date", "出生年月": "birth_date", "单位": "unit",
          "班级": "unit", "单位/班级": "unit", "所在单位": "unit", "培养联系人": "培养联系人", "入党介绍人": "入党介绍人",
          "介绍人": "入党介绍人", "备注": "note"}
# the usual wording of the committees' sheets → step
WORDING = ((("申请",), 1), (("谈话",), 2), (("积极分子",), 3), (("发展对象",), 7), (("政审", "政治审查"), 10),
           (("培训",), 11), (("接收", "预备党员", "入党时间", "入党日期"), 15), (("审批",), 17), (("宣誓",), 20),
           (("转正",), 24))
_SPLIT = re.compile(r"[、，,；;\s]+")


class DevelopmentImportError(ZhibuError):
    """The file cannot be used (not found, too big, damaged, no 姓名 column)."""


@dataclass
class ImportRow:
    number: int                        # the row in the sheet
    values: dict
    dates: dict[int, str] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)      # the row is not imported
    warnings: list[str] = field(default_factory=list)      # imported; the secretary may pass them

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class DevelopmentPreview:
    sheet: str
    columns: dict[str, str]            # header → what it was read as
    rows: list[ImportRow]

    @property
    def good(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok]

    def lines(self, limit: int = 30) -> list[str]:
        out = [f"工作表「{self.sheet}」：{len(self.rows)} 行，可导入 {len(self.good)} 行，有问题 {len(self.rows) - len(self.good)} 行",
               "识别的列：" + "、".join(f"{h}→{w}" for h, w in self.columns.items())]
        for r in self.rows[:limit]:
            stage = rules.stage_of(r.dates)
            head = f"第{r.number}行 {r.values.get('name') or '（无姓名）'}（{stage}）"
            if r.problems:
                out.append(f"{head}：不导入——{'；'.join(r.problems)}")
            elif r.warnings:
                out.append(f"{head}：导入，提醒——{'；'.join(r.warnings)}")
            else:
                out.append(f"{head}：导入")
        if len(self.rows) > limit:
            out.append(f"……另有 {len(self.rows) - limit} 行")
        return out


def column_meaning(header: str) -> str | int | None:
    text = re.sub(r"\s+", "", str(header or ""))
    if not text:
        return None
    if text in FIELDS:
        return FIELDS[text]
    if text[0] in rules.CIRCLED:
        return rules.CIRCLED.index(text[0]) + 1
    for s in rules.STEPS:
        if s.label in text:
            return s.no
    for words, step in WORDING:
        if any(w in text for w in words):
            return step
    return None


def read_development(path: Path, progress: Callable[[float], None] | None = None) -> DevelopmentPreview:
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise DevelopmentImportError(f"无法读取 {path.name}：只支持 .xlsx 文件（.xls 请在 Excel/WPS 中另存为 .xlsx）")
    if not path.is_file():
        raise DevelopmentImportError(f"找不到文件：{path.name}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DevelopmentImportError(f"无法读取 {path.name}：文件过大（最大 {MAX_FILE_BYTES // 2**20} MB）")
    import warnings

    import openpyxl

    try:
        _check_package(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except RosterFileError as exc:
        raise DevelopmentImportError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise DevelopmentImportError(f"无法读取 {path.name}：文件已损坏、设置了密码或不是 Excel 文件") from exc
    try:
        for ws in wb.worksheets:
            grid = _sheet_grid(ws, wb.epoch, path.name, progress or (lambda f: None))
            preview = _parse(grid, ws.title)
            if preview is not None:
                return preview
    except RosterFileError as exc:
        raise DevelopmentImportError(str(exc)) from None
    finally:
        wb.close()
    raise DevelopmentImportError(f"无法读取 {path.name}：没有找到含「姓名」和步骤日期（如 确定为积极分子时间）的表头")


def _parse(grid: list[list[object]], sheet: str) -> DevelopmentPreview | None:
    for h, header in enumerate(grid[:20]):
        meanings = {i: column_meaning(v) for i, v in enumerate(header)}
        if "name" not in meanings.values() or not any(isinstance(m, int) for m in meanings.values()):
            continue
        columns = {str(header[i]).strip(): (rules.step_def(m).title if isinstance(m, int) else m)
                   for i, m in meanings.items() if m is not None}
        rows = [_row(cells, h + 2 + n, meanings) for n, cells in enumerate(grid[h + 1:])
                if any(v not in (None, "") for v in cells)]
        return DevelopmentPreview(sheet, columns, rows)
    return None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _row(cells: list[object], number: int, meanings: dict[int, str | int | None]) -> ImportRow:
    row = ImportRow(number, {})
    for i, meaning in meanings.items():
        if meaning is None or i >= len(cells):
            continue
        raw = cells[i]
        if isinstance(meaning, int):
            if raw in (None, ""):
                continue
            label = rules.step_def(meaning).title
            try:
                value = raw.isoformat()[:10] if isinstance(raw, dt.date) else normalize_date(_text(raw), label)
            except DateError as exc:
                row.problems.append(str(exc))
                continue
            row.dates[meaning] = value
        elif meaning in store.ROLES:
            names = [n for n in _SPLIT.split(_text(raw)) if n]
            if names:
                row.roles[meaning] = names
        elif meaning == "birth_date" and raw not in (None, ""):
            try:
                row.values["birth_date"] = (raw.isoformat()[:10] if isinstance(raw, dt.date)
                                            else normalize_date(_text(raw), "出生日期", allow_month=True))
            except DateError as exc:
                row.problems.append(str(exc))
        else:
            row.values[meaning] = _text(raw)
    if not row.values.get("name"):
        row.problems.append("「姓名」为空")
    for p in rules.check_dates(row.dates, birth_date=row.values.get("birth_date")):
        (row.problems if p.level == rules.ERROR else row.warnings).append(p.message)
    return row


def _write(db: Database, preview: DevelopmentPreview) -> int:
    existing = {c.name for c in store.list_candidates(db)}
    count = 0
    for r in preview.good:
        if r.values["name"] in existing:
            raise ValidationError(f"第{r.number}行：「{r.values['name']}」已在发展党员名单中，未导入任何一行", "姓名")
        try:
            cid = store.save_candidate(db, {k: r.values.get(k) for k in ("name", "gender", "birth_date", "unit", "note")})
            for step in sorted(r.dates):
                store.set_step(db, cid, step, r.dates[step])
            for role, names in r.roles.items():
                for name in names:
                    store.add_role(db, cid, role, name)
        except ValidationError as exc:
            raise ValidationError(f"第{r.number}行（{r.values['name']}）：{exc}；未导入任何一行", exc.field) from None
        count += 1
    return count


def apply_development_import(db: Database, preview: DevelopmentPreview) -> int:
    """Write every row without problems, all in one transaction; a row the store refuses
    (a 介绍人 who is not a 正式党员, a date after today) stops the whole import, naming the row."""
    with transaction(db):
        return _write(db, preview)
