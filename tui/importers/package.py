"""Reading a 报送包 (tui.export.package_format), read-only, for the committee's view.

Every schema version from OLDEST_READABLE on is read and brought to the current shape (a v1
package's 党费 amounts were text in 元; its 三会一课 had no 未达标期), so the committee's code
sees one shape. A package is never written to. The same guards as the roster import: a size
limit, a check of the unpacked size (a zip bomb), openpyxl's read-only streaming, a row cap.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from tui.errors import ZhibuError
from tui.export import package_format as fmt
from tui.importers.roster import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, MAX_UNPACKED_BYTES


class PackageError(ZhibuError):
    """A file that cannot be read as a 报送包; the message names the file and why."""


class Table(NamedTuple):
    header: tuple[str, ...]
    rows: list[tuple]

    def dicts(self) -> list[dict]:
        return [dict(zip(self.header, r)) for r in self.rows]

    def column(self, name: str) -> list:
        i = self.header.index(name)
        return [r[i] if i < len(r) else None for r in self.rows]


@dataclass
class Package:
    path: Path
    version: int
    branch: str
    parent_org: str
    date_from: str
    date_to: str
    stat_day: str
    zhibu_version: str
    sheets: tuple[str, ...]
    roster_extras: tuple[str, ...]
    tables: dict[str, Table] = field(default_factory=dict)   # read so far, in the current shape

    @property
    def key(self) -> tuple[str, str]:
        """Which branch this is: its name under its upper organisation."""
        return (self.branch, self.parent_org)

    @property
    def period_label(self) -> str:
        lo, hi = self.date_from, self.date_to
        if lo[5:] == "01-01" and hi[5:] == "12-31" and lo[:4] == hi[:4]:
            return f"{lo[:4]}年"
        return f"{lo}至{hi}"

    @property
    def basics(self) -> dict[str, object]:
        return {r[0]: (r[1] if len(r) > 1 else None) for r in self.tables[fmt.BASICS].rows}

    def table(self, name: str) -> Table:
        """A sheet of the package, read when first asked for (the roster is long)."""
        if name not in self.tables:
            if name not in self.sheets:
                raise PackageError(f"{self.path.name} 中没有工作表「{name}」")
            self.tables[name] = _normalize(name, self.version, _read_tables(self.path, [name])[name], self.path)
        return self.tables[name]


_SUMMARY_SHEETS = (fmt.BASICS, fmt.MEETINGS, fmt.DUES, fmt.TALKS, fmt.PAIRINGS)
# Read with them when the package lists it (a few rows: the committee's 积极分子 count comes from
# it); a package without it still opens.
_OPTIONAL_SUMMARY = (fmt.DEVELOPMENT,)


def read_package(path: Path, *, sheets: tuple[str, ...] | None = None) -> Package:
    """The package's machine sheet and its summary sheets (not the roster: ask .table() for it).
    PackageError with a Chinese message for a damaged, foreign or too new file."""
    path = Path(path)
    _check_file(path)
    wanted = [fmt.META, *(sheets if sheets is not None else (*_SUMMARY_SHEETS, *_OPTIONAL_SUMMARY))]
    grids = _read_tables(path, wanted, optional=True)
    if fmt.META not in grids:
        raise PackageError(f"{path.name} 不是 zhibu 报送包（没有「{fmt.META}」工作表）")
    meta = {str(r[0]).strip(): r[1] if len(r) > 1 else None for r in grids[fmt.META].rows if r and r[0] is not None}
    if grids[fmt.META].header[:1] != ("项目",) or str(meta.get("格式") or "") != fmt.FORMAT_NAME:
        raise PackageError(f"{path.name} 不是 zhibu 报送包（「{fmt.META}」中的格式不是“{fmt.FORMAT_NAME}”）")
    version = _int(meta.get("格式版本"))
    if version is None or version < fmt.OLDEST_READABLE:
        raise PackageError(f"{path.name} 的格式版本“{meta.get('格式版本')}”无法识别，文件可能被改动过")
    if version > fmt.SCHEMA_VERSION:
        raise PackageError(f"{path.name} 由较新的 zhibu（报送包格式版本 {version}）生成，本程序只能读到版本 "
                           f"{fmt.SCHEMA_VERSION}，请升级 zhibu 后再打开")
    listed = str(meta.get("包含的表") or "").strip()
    names = tuple(s for s in listed.split(",") if s) if version >= 2 else fmt.CORE_SHEETS
    missing = [n for n in _SUMMARY_SHEETS if n not in names]
    if missing:
        raise PackageError(f"{path.name} 的「包含的表」中没有「{'、'.join(missing)}」，不是完整的报送包")
    for key in ("支部名称", "期间起", "期间止"):
        if not str(meta.get(key) or "").strip():
            raise PackageError(f"{path.name} 的「{fmt.META}」缺少「{key}」，文件可能被改动过")
    pkg = Package(
        path=path, version=version, branch=str(meta["支部名称"]).strip(), parent_org=str(meta.get("上级党组织") or "").strip(),
        date_from=str(meta["期间起"])[:10], date_to=str(meta["期间止"])[:10], stat_day=str(meta.get("统计日") or "")[:10],
        zhibu_version=str(meta.get("zhibu版本") or ""), sheets=names,
        roster_extras=tuple(s for s in str(meta.get("党员名册附加列") or "").split(",") if s),
    )
    for name in wanted[1:]:
        if name not in names:
            continue
        if name not in grids:
            raise PackageError(f"{path.name} 缺少工作表「{name}」（包信息中列出了它），文件可能被改动过")
        pkg.tables[name] = _normalize(name, version, grids[name], path)
    return pkg


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise PackageError(f"找不到文件：{path}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise PackageError(f"{path.name} 过大（{size / 2**20:,.0f} MB，上限 {MAX_FILE_BYTES // 2**20} MB），不像是报送包")
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PackageError(f"{path.name} 已损坏或不是 .xlsx 文件，无法作为报送包读取") from None
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES or len(parts) > 10_000:
        raise PackageError(f"{path.name} 解压后过大（{unpacked / 2**20:,.0f} MB），不像是报送包，未读取")


def _read_tables(path: Path, names: list[str], *, optional: bool = False) -> dict[str, Table]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad zip or bad XML
        raise PackageError(f"{path.name} 已损坏或不是 .xlsx 文件，无法作为报送包读取") from None
    try:
        out = {}
        for name in names:
            if name not in wb.sheetnames:
                if optional:
                    continue
                raise PackageError(f"{path.name} 缺少工作表「{name}」，文件可能被改动过")
            out[name] = _grid(wb[name], path, name)
        return out
    except PackageError:
        raise
    except Exception:  # noqa: BLE001 - bad XML inside a sheet shows only while streaming it
        raise PackageError(f"{path.name} 已损坏（读取时出错），无法作为报送包读取") from None
    finally:
        wb.close()


def _grid(ws, path: Path, name: str) -> Table:
    rows = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    head = next(rows, None)
    if not head:
        raise PackageError(f"{path.name} 的工作表「{name}」是空的")
    width = len(head)
    while width and head[width - 1] is None:
        width -= 1
    header = tuple(str(h).strip() if h is not None else "" for h in head[:width])
    body = []
    for n, row in enumerate(rows, start=2):
        if n > MAX_ROWS:
            raise PackageError(f"{path.name} 的工作表「{name}」超过 {MAX_ROWS:,} 行，不像是报送包")
        row = tuple(row[:width])
        if any(v is not None and v != "" for v in row):
            body.append(row + (None,) * (width - len(row)))
    return Table(header, body)


_REQUIRED = {
    fmt.BASICS: ("项目", "值"),
    fmt.ROSTER: ("姓名", "党员类别"),
    fmt.MEETINGS: ("项目", "要求", "达标"),
    fmt.DUES: ("月份", "应交（元）", "实交（元）", "收缴率"),
    fmt.TALKS: ("年度", "覆盖率"),
    fmt.PAIRINGS: ("模式", "结对数"),
    fmt.TRAINING: ("年度", "姓名", "合计学时", "达标"),
    fmt.DEVELOPMENT: ("姓名", "阶段"),
}
_MONEY = ("应交（元）", "实交（元）", "自愿多交（元）")


def _normalize(name: str, version: int, table: Table, path: Path) -> Table:
    """`table` as the current version writes it."""
    for col in _REQUIRED.get(name, ()):
        if col not in table.header:
            raise PackageError(f"{path.name} 的工作表「{name}」缺少列「{col}」，文件可能被改动过")
    if name == fmt.MEETINGS and "未达标期" not in table.header:          # version 1
        table = Table((*table.header, "未达标期"), [(*r, "") for r in table.rows])
    if name == fmt.DUES:
        if "自愿多交（元）" not in table.header:                          # version 1
            at = table.header.index("实交（元）") + 1
            table = Table((*table.header[:at], "自愿多交（元）", *table.header[at:]),
                          [(*r[:at], 0, *r[at:]) for r in table.rows])
        idx = [table.header.index(c) for c in _MONEY]
        rows = []
        for n, r in enumerate(table.rows, start=2):
            r = list(r)
            for i in idx:
                r[i] = _yuan(r[i], path, name, n, table.header[i])
            rows.append(tuple(r))
        table = Table(table.header, rows)
    return table


def _yuan(value: object, path: Path, sheet: str, row: int, column: str) -> Decimal:
    """An amount in 元 as a Decimal with two places: a number cell (version 2) or text (version 1)."""
    if value is None or value == "":
        return Decimal("0.00")
    try:
        amount = Decimal(str(value).replace(",", "").strip()).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise PackageError(f"{path.name} 的工作表「{sheet}」第 {row} 行「{column}」不是金额：“{str(value)[:20]}”") from None
    return amount


def fen(amount: Decimal) -> int:
    return int(amount * 100)
