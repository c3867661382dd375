"""Read a 党员花名册 (.xlsx or .csv) as secretaries actually keep it, without touching the database.

`read_roster` returns a preview: how each column was understood, every row with
its normalized values, the problems found in it (Chinese, naming row and
column), and rows that are not members (footers such as "填表人：李明").
Only non-empty values appear in `ParsedRow.values`; a value with a problem is
left out, so a caller never stores something it could not read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tui import clock
from tui.errors import ZhibuError
from tui.rules.dates import fold_width
from tui.rules.person_checks import life_dates_problem, name_problem, phone_problem


class RosterFileError(ZhibuError):
    """The file as a whole cannot be read; the message is Chinese and names the file."""


@dataclass
class ParsedRow:
    row: int  # the row number the user sees in Excel (1-based)
    values: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    skipped_reason: str | None = None


@dataclass
class RosterPreview:
    mapping: list[tuple[str, str | None]]  # (header as written, canonical key or None)
    rows: list[ParsedRow]
    ignored_columns: list[str]
    warnings: list[str]
    sheet_name: str | None = None  # None for .csv
    header_row: int = 0

    @property
    def members(self) -> list[ParsedRow]:
        """Rows that describe members (with or without problems)."""
        return [r for r in self.rows if r.skipped_reason is None]


FIELD_LABELS: dict[str, str] = {
    "name": "姓名", "gender": "性别", "ethnicity": "民族", "birth_date": "出生日期",
    "education": "学历", "degree": "学位", "title": "职称", "title_grade": "职称等级",
    "post": "岗位", "category": "人员类别", "party_status": "党籍", "join_date": "入党日期",
    "full_date": "转正日期", "group_name": "党小组", "phone": "手机", "note": "备注",
}

_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "党员姓名"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "birth_date": ("出生日期", "出生年月", "出生时间", "出生年月日"),
    "education": ("学历", "文化程度", "最高学历"),
    "degree": ("学位", "最高学位"),
    "title": ("职称", "专业技术职务", "专业技术职称"),
    "title_grade": ("职称等级", "职称级别"),
    "post": ("岗位", "职务", "工作岗位", "现任职务", "行政职务"),
    "category": ("人员类别", "类别", "身份", "人员身份"),
    "party_status": ("党籍", "党员类别", "政治面貌"),
    "join_date": ("入党时间", "入党日期", "入党年月"),
    "full_date": ("转正时间", "转正日期", "转正年月"),
    "group_name": ("党小组", "所在党小组"),
    "phone": ("手机", "手机号", "手机号码", "联系电话", "电话", "电话号码", "联系手机", "联系方式"),
    "note": ("备注",),
}
HEADER_ALIASES: dict[str, str] = {a: key for key, names in _ALIASES.items() for a in names}
# Recognized as header cells (they help find the header row) but not imported.
KNOWN_UNIMPORTED_HEADERS = frozenset({
    "序号", "编号", "支部职务", "党内职务", "荣誉", "获得荣誉", "身份证号", "身份证号码",
    "籍贯", "工号", "学号", "单位", "工作单位", "部门", "年龄", "邮箱", "电子邮箱",
})
DATE_FIELDS = ("birth_date", "join_date", "full_date")
GRADES = ("正高", "副高", "中级", "初级", "无")
CATEGORIES = ("教工", "学生", "离退休", "其他")

TITLE_GRADES: dict[str, str] = {
    **dict.fromkeys(("教授", "研究员", "正高级工程师", "正高级实验师", "主任医师", "编审",
                     "研究馆员", "正高级会计师", "正高级经济师", "正高级讲师"), "正高"),
    **dict.fromkeys(("副教授", "副研究员", "高级工程师", "高级实验师", "副主任医师", "副编审",
                     "副研究馆员", "高级会计师", "高级经济师", "高级讲师"), "副高"),
    **dict.fromkeys(("讲师", "工程师", "助理研究员", "实验师", "主治医师", "会计师", "经济师",
                     "编辑", "馆员"), "中级"),
    **dict.fromkeys(("助教", "助理工程师", "助理实验师", "助理会计师", "助理经济师", "医师",
                     "助理馆员", "技术员"), "初级"),
    "无": "无",
}

_GRADE_SYNONYMS = {"正高级": "正高", "副高级": "副高", "中级职称": "中级", "初级职称": "初级",
                   "员级": "初级", "无职称": "无"}
_PARTY_SYNONYMS = {
    "正式党员": "正式党员", "中共党员": "正式党员", "中国共产党党员": "正式党员", "党员": "正式党员",
    "正式": "正式党员", "预备党员": "预备党员", "中共预备党员": "预备党员", "预备": "预备党员",
}
_GENDER_SYNONYMS = {"男": "男", "男性": "男", "女": "女", "女性": "女"}
_EDUCATION_SYNONYMS = {"博士": "博士研究生", "硕士": "硕士研究生", "本科": "大学本科",
                       "大学": "大学本科", "专科": "大专", "大学专科": "大专",
                       **dict.fromkeys(("高中", "中专", "中技", "技校", "职高", "初中", "小学",
                                        "高中及以下", "中专及以下"), "高中及以下")}
# The 56 nationalities, as rosters often write them without 族 ("汉", "回").
_ETHNICITIES = frozenset(
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺".split())
# 政治面貌 of people who are not (yet) members: such a row is reported and left out.
_NOT_A_MEMBER = re.compile(r"群众|团员|积极分子|发展对象|申请人|民主党派|民革|民盟|民建|民进|农工|致公|九三|台盟|无党派")
# 人员类别 by a word the cell contains, checked in this order ("退休教师" is 离退休).
_CATEGORY_WORDS = (
    ("离退休", ("退休", "离休")),
    ("学生", ("学生", "本科生", "研究生", "硕士生", "博士生")),
    ("教工", ("教工", "教职工", "教师", "在职", "职工")),
    ("其他", ("其他", "其它")),
)

_FOOTER = re.compile(
    r"^(填表人|填报人|审核人|审批人|制表人|制表日期|填表日期|填报日期|报送日期|统计日期|"
    r"负责人|联系人|签字|签名|盖章|单位盖章|支部盖章|注|说明|备注)\s*[:：]"
    r"|^(合计|总计|共计|小计)|[（(]\s*盖章\s*[)）]"
)
_TOTALS = re.compile(r"^(合计|总计|共计|小计)")
_CJK = "\u3400-\u9fff\uf900-\ufaff·"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_HEADER_SCAN_ROWS = 30
_MAX_BLANK_RUN = 500
# Sane sizes for a branch's roster (a 3,000-member roster is under 1 MB): past these a file is a
# mistake or hostile (one far cell XFD1048576, a zip bomb), refused before it is parsed.
MAX_FILE_BYTES = 20 * 2**20
MAX_UNPACKED_BYTES = 100 * 2**20    # all parts of an .xlsx together, uncompressed
MAX_ROWS = 50_000
MAX_COLUMNS = 200
_MAX_CSV_CELL = 20_000          # characters in one CSV cell: a 备注 is never this long
_MAX_CSV_CELL_LINES = 100       # lines in one quoted CSV cell


def read_roster(path: Path, progress: Callable[[float], None] | None = None) -> RosterPreview:
    """Read a roster file into a preview; raises RosterFileError if the file cannot be used.

    `progress(fraction)` is called now and then while a large file is read (from the reading
    thread: a screen forwards it as a message).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".wps"):
        raise RosterFileError(f"无法读取 {path.name}：不支持 {suffix} 格式，请在 Excel/WPS 中另存为 .xlsx 后再导入")
    if suffix not in (".xlsx", ".xlsm", ".csv"):
        raise RosterFileError(f"无法读取 {path.name}：只支持 .xlsx 和 .csv 文件")
    if not path.is_file():
        raise RosterFileError(f"找不到文件：{path.name}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RosterFileError(f"无法读取 {path.name}：{exc.strerror or exc}") from exc
    if size > MAX_FILE_BYTES:
        raise RosterFileError(f"无法读取 {path.name}：文件过大（{size / 2**20:.0f} MB，花名册文件最大 "
                              f"{MAX_FILE_BYTES // 2**20} MB），请确认选对了文件")
    report = progress or (lambda fraction: None)
    if suffix == ".csv":
        return _read_csv(path)
    return _read_xlsx(path, report)


def infer_title_grade(title: str) -> str | None:
    """正高/副高/中级/初级/无 for a known 职称, else None."""
    return TITLE_GRADES.get(_squash(title))


def normalize_header(text: str) -> str:
    """"姓　名\\n" → "姓名": NFKC, no whitespace, no required-field stars or trailing colon."""
    text = unicodedata.normalize("NFKC", str(text))
    text = "".join(text.split()).strip("*:")
    return text


def header_key(text: str) -> str | None:
    """The canonical key a header names, e.g. "出生年月（年.月）" → "birth_date"."""
    h = normalize_header(text)
    if h in HEADER_ALIASES:
        return HEADER_ALIASES[h]
    bare = re.sub(r"\(.*?\)", "", h)
    return HEADER_ALIASES.get(bare)


def _is_known_header(text: str) -> bool:
    return header_key(text) is not None or normalize_header(text) in KNOWN_UNIMPORTED_HEADERS


# --- reading files into a grid of raw cell values -------------------------------------------


def _check_package(path: Path) -> None:
    """Refuse an .xlsx whose parts unpack to more than a roster ever needs (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return                                  # not a zip: openpyxl's own error path says so
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_UNPACKED_BYTES or len(parts) > 10_000:
        raise RosterFileError(
            f"无法读取 {path.name}：文件解压后过大（{unpacked / 2**20:,.0f} MB，上限 {MAX_UNPACKED_BYTES // 2**20} MB），"
            "不像是花名册。请在 Excel/WPS 中只保留花名册所在的工作表，另存后再导入")


def _read_xlsx(path: Path, progress: Callable[[float], None]) -> RosterPreview:
    import warnings

    import openpyxl

    _check_package(path)
    try:
        with warnings.catch_warnings():  # "extension is not supported" and the like
            warnings.simplefilter("ignore")
            # read_only streams the sheet instead of building every cell (a far cell once took 3 GB).
            wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except PermissionError as exc:
        raise RosterFileError(
            f"无法读取 {path.name}：文件被占用或没有权限（如已在 Excel 中打开，请先关闭）") from exc
    except Exception as exc:  # openpyxl raises many kinds for a bad zip or bad XML
        if _is_ole_file(path):  # the container of .xls files and of password-protected .xlsx
            raise RosterFileError(f"无法读取 {path.name}：文件是旧版 .xls 格式或设置了打开密码，"
                                  "请在 Excel/WPS 中另存为 .xlsx（不设密码）后再导入") from exc
        raise RosterFileError(f"无法读取 {path.name}：文件已损坏或不是 Excel 文件") from exc
    try:
        first_with_data: str | None = None
        for ws in wb.worksheets:
            grid = _sheet_grid(ws, wb.epoch, path.name, progress)
            if not any(any(_text(v) for v in row) for row in grid):
                continue
            first_with_data = first_with_data or ws.title
            preview = _parse_grid(grid, path)
            if preview is not None:
                preview.sheet_name = ws.title
                return preview
    except RosterFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet part fails only when it is read
        raise RosterFileError(f"无法读取 {path.name}：文件已损坏或不是 Excel 文件") from exc
    finally:
        wb.close()
    if first_with_data is None:
        raise RosterFileError(f"无法读取 {path.name}：文件里没有任何数据")
    raise _no_header_error(path)


def _is_ole_file(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    except OSError:
        return False


def _sheet_grid(ws, epoch: dt.datetime, name: str, progress: Callable[[float], None]) -> list[list[object]]:
    """The sheet's values, read row by row, as wide as its header (at most MAX_COLUMNS)."""
    head = [[c.value for c in row] for row in ws.iter_rows(max_row=_HEADER_SCAN_ROWS, max_col=MAX_COLUMNS)]
    width = max((max((i + 1 for i, v in enumerate(row) if v not in (None, "")), default=0) for row in head),
                default=0)
    grid: list[list[object]] = []
    if not width:
        return grid
    blank_run = 0
    expected = max(ws.max_row or 0, 1)
    for number, row in enumerate(ws.iter_rows(max_col=width), start=1):
        values = [_xlsx_value(c, epoch) for c in row]
        values += [None] * (width - len(values))
        blank_run = 0 if any(v is not None for v in values) else blank_run + 1
        if blank_run > _MAX_BLANK_RUN:  # formatting to row 1048576 is not data
            break
        if number > MAX_ROWS:
            raise RosterFileError(f"无法读取 {name}：工作表「{ws.title}」超过 {MAX_ROWS:,} 行，不像是花名册")
        if number % 500 == 0:
            progress(min(number / expected, 0.99))
        grid.append(values)
    while grid and not any(v is not None for v in grid[-1]):
        grid.pop()
    # A group name merged down several rows belongs to each of them; copy it down
    # the anchor column only, so a title merged across a row stays in one cell.
    for rng in _merged_ranges(ws):
        r0, c0 = rng.min_row - 1, rng.min_col - 1
        if r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        for r in range(r0 + 1, min(rng.max_row, len(grid))):
            if grid[r][c0] is None:
                grid[r][c0] = grid[r0][c0]
    return grid


def _merged_ranges(ws) -> list:
    """The merged cells of a read-only sheet (openpyxl's read-only mode does not load them):
    streamed from the sheet's XML, keeping only the <mergeCell ref=…> elements."""
    from openpyxl.worksheet.cell_range import CellRange
    from xml.etree.ElementTree import iterparse

    ranges = []
    with ws.parent._archive.open(ws._worksheet_path) as src:
        for _, element in iterparse(src):
            if element.tag.endswith("}mergeCell") and element.get("ref"):
                try:
                    ranges.append(CellRange(element.get("ref")))
                except ValueError:
                    pass
            if not element.tag.endswith(("}mergeCells", "}worksheet")):
                element.clear()
    return ranges


def _xlsx_value(cell, epoch: dt.datetime) -> object:
    v = cell.value
    fmt = str(cell.number_format or "General")
    if isinstance(v, dt.datetime | dt.date):
        day = v.date() if isinstance(v, dt.datetime) else v
        # A format without a day ("yyyy.mm", 'yyyy"年"m"月"') means only the month is known.
        shown = re.sub(r'"[^"]*"|\[[^\]]*\]', "", fmt.lower())
        return day.strftime("%Y-%m") if "d" not in shown else day
    if isinstance(v, dt.time | dt.timedelta):
        return str(v)
    if isinstance(v, float) and not v.is_integer():
        m = re.fullmatch(r"0\.(0+)", fmt.strip())
        if m:  # shown with fixed decimals: "1985.10" must not become 1985.1
            return f"{v:.{len(m.group(1))}f}"
    if isinstance(v, int | float) and not isinstance(v, bool) and epoch != dt.datetime(1899, 12, 30):
        return _Serial1904(v)
    return v


class _Serial1904(float):
    """A number from a workbook using the Mac 1904 date system."""


def _read_csv(path: Path) -> RosterPreview:
    try:
        data = path.read_bytes()
    except PermissionError as exc:
        raise RosterFileError(
            f"无法读取 {path.name}：文件被占用或没有权限（如已在 Excel 中打开，请先关闭）") from exc
    except OSError as exc:
        raise RosterFileError(f"无法读取 {path.name}：{exc.strerror or exc}") from exc
    if not data.strip():
        raise RosterFileError(f"无法读取 {path.name}：文件是空的")
    if b"\x00" in data[:4096]:
        raise RosterFileError(f"无法读取 {path.name}：不是文本格式的 CSV 文件")
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterFileError(f"无法读取 {path.name}：无法识别文件编码（请另存为 UTF-8 或 GBK 编码的 CSV）")
    stray_quote: RosterFileError | None = None
    for delimiter in (",", "\t", ";"):
        try:
            grid = _csv_grid(text, delimiter, path.name)
        except RosterFileError as exc:      # read with the wrong delimiter, or a stray quote
            stray_quote = stray_quote or exc
            continue
        preview = _parse_grid(grid, path)
        if preview is not None:
            return preview
    raise stray_quote or _no_header_error(path)


def _csv_grid(text: str, delimiter: str, name: str) -> list[list[object]]:
    """The rows of a CSV text; a stray `"` that swallows the rows after it is refused with its line.

    A quote opened and never closed makes every following line part of one cell: past the csv
    module's field limit (128 KB) it raises, below it thousands of members silently become one
    member's 备注. A cell that spans many lines, is very long, or holds lines that look like
    rows of their own (as many delimiters as the header has columns) is such a quote.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid: list[list[object]] = []
    columns = 0
    last_line = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return grid
        except csv.Error:
            raise _stray_quote_error(name, last_line + 1) from None
        start, last_line = last_line + 1, reader.line_num
        for cell in row:
            if "\n" not in cell and "\r" not in cell and len(cell) <= _MAX_CSV_CELL:
                continue
            inner = cell.splitlines()
            looks_like_rows = columns >= 3 and any(line.count(delimiter) >= columns - 1 for line in inner[1:])
            if len(cell) > _MAX_CSV_CELL or len(inner) > _MAX_CSV_CELL_LINES or looks_like_rows:
                raise _stray_quote_error(name, start, last_line - start)
        columns = max(columns, sum(1 for c in row if c.strip()))
        grid.append(row)


def _stray_quote_error(name: str, line: int, swallowed: int | None = None) -> RosterFileError:
    after = f"其后的 {swallowed} 行都会被读进同一个格子，" if swallowed else "其后的内容都会被读进同一个格子，"
    return RosterFileError(
        f"无法读取 {name}：第 {line} 行有一个不配对的英文双引号（\"），{after}未导入任何数据。"
        "请在记事本或 Excel/WPS 中改正该行（去掉或配对引号）后另存，再导入")


def _no_header_error(path: Path) -> RosterFileError:
    return RosterFileError(
        f"无法读取 {path.name}：找不到表头行（需要至少3个能识别的列名，如 姓名、性别、出生日期、入党时间）")


# --- understanding the grid ----------------------------------------------------------------


def _parse_grid(grid: list[list[object]], path: Path) -> RosterPreview | None:
    header_idx = next((i for i, row in enumerate(grid[:_HEADER_SCAN_ROWS])
                       if sum(_is_known_header(_text(v)) for v in row) >= 3), None)
    if header_idx is None:
        return None
    headers = [_as_written(v) for v in grid[header_idx]]
    data_start = header_idx + 1
    sub = grid[data_start] if data_start < len(grid) else []
    if _is_sub_header(headers, [_text(v) for v in sub]):
        # Two-level header ("联系方式" over "手机"/"邮箱"): the lower name wins where known.
        for i, t in enumerate(_text(v) for v in sub):
            if i < len(headers) and _is_known_header(t):
                headers[i] = _as_written(sub[i])
            elif i >= len(headers):
                headers.append(_as_written(sub[i]))
        data_start += 1

    warnings: list[str] = []
    mapping: list[tuple[str, str | None]] = []
    columns: dict[str, int] = {}  # canonical key → column index
    labels: dict[str, str] = {}  # canonical key → header as the user knows it
    ignored: list[str] = []
    for i, raw in enumerate(headers):
        if not raw:
            if any(i < len(r) and _text(r[i]) for r in grid[data_start:]):
                warnings.append(f"第{_column_letter(i)}列没有列名，未导入")
            continue
        key = header_key(raw)
        if key is not None and key in columns:
            warnings.append(f"「{normalize_header(raw)}」与「{labels[key]}」都对应{FIELD_LABELS[key]}，"
                            f"只导入「{labels[key]}」列")
            key = None
        mapping.append((raw, key))
        if key is None:
            ignored.append(raw)
        else:
            columns[key] = i
            labels[key] = normalize_header(raw)
    if "name" not in columns:
        raise RosterFileError(f"无法读取 {path.name}：第{header_idx + 1}行是表头，但找不到「姓名」列")

    rows: list[ParsedRow] = []
    section: dict[str, str] = {}  # what a heading row ("第一党小组", "二、离退休党员") says of the rows below
    for idx in range(data_start, len(grid)):
        heading = _section_heading(grid[idx])
        if heading is not None:
            # A group heading keeps the kind above it; a new kind of member starts its groups again.
            section = {**section, **heading} if "group_name" in heading else dict(heading)
            said = "、".join(f"{FIELD_LABELS[k]}「{v}」" for k, v in heading.items())
            rows.append(ParsedRow(idx + 1, skipped_reason=f"分组标题行，以下各行记为{said}"))
            continue
        parsed = _parse_row(grid[idx], idx + 1, columns, labels)
        if parsed is not None:
            if parsed.skipped_reason is None:
                for key, value in section.items():
                    parsed.values.setdefault(key, value)
            rows.append(parsed)
    warnings.extend(_duplicate_name_warnings(rows))
    if not any(r.skipped_reason is None for r in rows):
        warnings.append("表头下面没有找到党员信息")
    return RosterPreview(mapping=mapping, rows=rows, ignored_columns=ignored, warnings=warnings,
                         header_row=header_idx + 1)


_HEADING_NUMBER = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
_HEADING_COUNT = re.compile(r"[（(]\s*(共\s*)?\d+\s*人\s*[)）]$")


def _section_heading(cells: list[object]) -> dict[str, str] | None:
    """A row holding one short text that names a 党小组 or a kind of member, e.g. a merged
    "第一党小组（5人）" or "二、离退休党员": {"group_name": "第一党小组"} / {"category": "离退休"}."""
    filled = [t for t in (_text(v) for v in cells) if t]
    if len(filled) != 1 or len(filled[0]) > 24 or _FOOTER.search(filled[0]):
        return None
    text = _HEADING_COUNT.sub("", _HEADING_NUMBER.sub("", _squash(filled[0])))
    if text.endswith("党小组") and len(text) > 3:
        return {"group_name": text}
    if text.endswith("党员"):
        category = next((cat for cat, words in _CATEGORY_WORDS if any(w in text for w in words)), None)
        if category:
            return {"category": category}
    return None


def _is_sub_header(headers: list[str], sub: list[str]) -> bool:
    new_names = [i for i, t in enumerate(sub)
                 if t and _is_known_header(t) and (i >= len(headers) or not _is_known_header(headers[i]))]
    if not new_names:
        return False
    # Everything else in the row is blank or repeats the header above (merged down).
    return all(not t or _is_known_header(t)
               or (i < len(headers) and normalize_header(t) == normalize_header(headers[i]))
               for i, t in enumerate(sub))


def _parse_row(cells: list[object], row_number: int, columns: dict[str, int],
               labels: dict[str, str]) -> ParsedRow | None:
    texts = [_text(v) for v in cells]
    filled = [t for t in texts if t]
    if not filled:
        return None
    name_idx = columns["name"]
    name_text = texts[name_idx] if name_idx < len(texts) else ""
    footer = next((t for t in filled if _FOOTER.search(t)), None)
    # A totals row ("合计 | 30人") may put its count under 姓名: the 合计 before it decides.
    totals = next((t for t in texts[:name_idx + 1] if _TOTALS.match(t)), None)
    if totals is not None or (footer is not None and (not name_text or _FOOTER.search(name_text))):
        return ParsedRow(row_number, skipped_reason=f"不是党员信息（“{totals or footer}”），未导入")
    if sum(_is_known_header(t) for t in filled) >= 3:
        return ParsedRow(row_number, skipped_reason="重复的表头行，未导入")
    mapped = {key: cells[i] for key, i in columns.items() if i < len(cells) and _text(cells[i])}
    if not mapped:
        if all(re.fullmatch(r"\d+", t) for t in filled):
            return None  # a pre-numbered template row (序号 only): as good as blank
        return ParsedRow(row_number, skipped_reason=f"没有可导入的内容（“{filled[0]}”），未导入")

    status = _text(mapped.get("party_status"))
    if _NOT_A_MEMBER.search(status) and "党员" not in status:
        who = f"{_squash(name_text)}：" if name_text else ""
        return ParsedRow(row_number, skipped_reason=f"{who}{labels['party_status']}为“{status}”，不是党员，未导入")
    row = ParsedRow(row_number)
    for key, raw in mapped.items():
        where = f"第{row_number}行「{labels[key]}」"
        if key == "category" and _squash(_text(raw)) in _PARTY_SYNONYMS:
            # 全国党员管理信息系统 exports write 正式党员/预备党员 under 人员类别: that is the 党籍
            if "party_status" not in mapped:
                row.values["party_status"] = _PARTY_SYNONYMS[_squash(_text(raw))]
            continue
        try:
            row.values[key] = _normalize(key, raw)
        except ValueError as exc:
            row.problems.append(f"{where}：{exc}")
    if "name" not in mapped:
        row.problems.insert(0, f"第{row_number}行「{labels['name']}」：姓名为空")
    if row.values.get("education") == "研究生" and row.values.get("degree") in ("博士", "硕士"):
        row.values["education"] = row.values["degree"] + "研究生"  # the 学位 column says which
    if "title" in row.values and "title_grade" not in row.values and "title_grade" not in mapped:
        grade = infer_title_grade(row.values["title"])
        if grade:
            row.values["title_grade"] = grade
    join, full = row.values.get("join_date"), row.values.get("full_date")
    if join and full and _date_before(full, join):
        row.problems.append(f"第{row_number}行「{labels['full_date']}」：转正日期{full}早于入党日期{join}")
    # The same checks the roster's form makes, so that a row the preview passes also saves.
    if row.values.get("name") and (problem := name_problem(row.values["name"])):
        row.problems.append(f"第{row_number}行「{labels['name']}」：{problem}")
    if (problem := life_dates_problem(row.values.get("birth_date"), join)) is not None:
        row.problems.append(f"第{row_number}行「{labels['join_date']}」：{problem[0]}")
    if row.values.get("phone") and (problem := phone_problem(row.values["phone"])):
        row.problems.append(f"第{row_number}行「{labels['phone']}」：{problem}")
    return row


def _duplicate_name_warnings(rows: list[ParsedRow]) -> list[str]:
    seen: dict[str, list[int]] = {}
    for r in rows:
        name = r.values.get("name")
        if r.skipped_reason is None and name:
            seen.setdefault(name, []).append(r.row)
    return [f"姓名“{name}”重复出现在第{'、'.join(map(str, nums))}行，请确认是否为同一人"
            for name, nums in seen.items() if len(nums) > 1]


def _date_before(a: str, b: str) -> bool:
    """a < b comparing only as precisely as both are known ("2001-03" vs "2001-03-15" is not before)."""
    n = min(len(a), len(b))
    return a[:n] < b[:n]


# --- values --------------------------------------------------------------------------------


def _normalize(key: str, raw: object) -> str:
    """The stored text for one cell; ValueError (Chinese) if it cannot be understood."""
    if key in DATE_FIELDS:
        value = parse_date(raw)
        if value > clock.today().isoformat()[: len(value)]:
            raise ValueError(f"日期{value}晚于今天")
        return value
    text = _text(raw)
    if key == "name":
        return _squash(text)
    if key == "phone":
        return _phone(text)
    if key == "gender":
        value = _GENDER_SYNONYMS.get(_squash(text))
        if value is None:
            raise ValueError(f"性别应为“男”或“女”，不是“{text}”")
        return value
    if key == "party_status":
        value = _PARTY_SYNONYMS.get(_squash(text))
        if value is None:
            raise ValueError(f"无法识别的党籍“{text}”（应为正式党员或预备党员）")
        return value
    if key == "title_grade":
        squashed = _squash(text)
        value = _GRADE_SYNONYMS.get(squashed, squashed)
        if value not in GRADES:
            raise ValueError(f"无法识别的职称等级“{text}”（应为{'/'.join(GRADES)}）")
        return value
    if key == "education":
        squashed = _squash(text)
        if squashed not in _EDUCATION_SYNONYMS and "研究生" in squashed:  # "研究生（博士）"
            level = next((lv for lv in ("博士", "硕士") if lv in squashed), None)
            return f"{level}研究生" if level else text
        return _EDUCATION_SYNONYMS.get(squashed, text)
    if key == "ethnicity":
        squashed = _squash(text)
        return squashed + "族" if squashed in _ETHNICITIES else text
    if key == "degree":
        squashed = _squash(text).removesuffix("学位")
        for level in ("博士", "硕士", "学士"):
            if squashed.endswith(level):
                return level
        return "无" if squashed in ("无", "") else text
    if key == "category":
        value = next((cat for cat, words in _CATEGORY_WORDS if any(w in text for w in words)), None)
        if value is None:
            raise ValueError(f"无法识别的人员类别“{text}”（应为{'/'.join(CATEGORIES)}）")
        return value
    return text


def _text(v: object) -> str:
    """A cell as trimmed text: full-width spaces folded, no spaces between Chinese characters."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        v = int(v) if v.is_integer() else format(v, ".15g")
    elif isinstance(v, dt.date):
        v = v.isoformat()
    s = str(v).replace("\u3000", " ").replace("\xa0", " ")
    s = _SPACE_BETWEEN_CJK.sub("", s.strip())
    return " ".join(s.split()) if "\n" not in s else "\n".join(" ".join(p.split()) for p in s.splitlines())


def _as_written(v: object) -> str:
    """A header as the user typed it, except that line breaks inside a cell become one space."""
    return "" if v is None else re.sub(r"\s*[\r\n]+\s*", " ", str(v).strip())


def _squash(text: str) -> str:
    return "".join(str(text).split())


def _phone(text: str) -> str:
    t = fold_width(text).strip()
    if _SCIENTIFIC.fullmatch(t):
        raise ValueError(f"“{text}”已被 Excel 改成科学计数法，号码无法还原，请把该列设为文本后重新填写")
    if not re.fullmatch(r"[\d\s\-+]+", t, re.ASCII):
        raise ValueError(f"号码只能包含数字：“{text}”")
    return "".join(t.split())


_DATE_PATTERNS = (
    re.compile(r"(\d{4})[.\-/](\d{1,2})(?:[.\-/](\d{1,2}))?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", re.ASCII),
    re.compile(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日?)?", re.ASCII),
    re.compile(r"(\d{4})(\d{2})(\d{2})?", re.ASCII),
)


def parse_date(raw: object) -> str:
    """"1985.3", "1985年3月12日", 198503, an Excel date or serial … → "1985-03" / "1985-03-12".

    Raises ValueError with a Chinese message quoting the value.
    """
    if isinstance(raw, dt.date):
        return raw.isoformat()[:10]
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _date_from_number(raw)
    text = _text(raw)
    s = fold_width(text).strip()
    s = "".join(_TIME_OF_DAY.sub("", s).split())  # "2012-07-01 00:00:00" from a text cell
    if re.fullmatch(r"\d{5}", s, re.ASCII):  # an Excel serial that reached a CSV as text
        return _date_from_number(int(s))
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            return _iso(m.group(1), m.group(2), m.group(3), text)
    if _TWO_DIGIT_YEAR.fullmatch(s):
        raise ValueError(f"无法识别的日期“{text}”（年份请写四位，如 1985.03）")
    raise ValueError(f"无法识别的日期“{text}”")


def _date_from_number(v: float) -> str:
    shown = _text(v)
    whole = int(v)
    if v == whole and 190001 <= whole <= 210012:
        return parse_date(str(whole))  # 198503
    if v == whole and 19000101 <= whole <= 21001231:
        return parse_date(str(whole))  # 19850312
    if v == whole and 1900 <= whole <= 2100:
        raise ValueError(f"无法识别的日期“{shown}”（缺少月份）")
    if 1900 <= v < 2101:  # 1985.03 typed into a number cell
        year, month = shown.split(".")
        if month == "1":
            raise ValueError(f"“{shown}”无法确定是{year}年1月还是10月（Excel 会把“{year}.10”存成“{year}.1”），请核对")
        return _iso(year, month, None, shown)
    if 367 <= v < 73051:  # an Excel serial: 1901 … 2099
        epoch = dt.date(1904, 1, 1) if isinstance(v, _Serial1904) else dt.date(1899, 12, 30)
        return (epoch + dt.timedelta(days=whole)).isoformat()
    if 0 < v < 100:  # 85.3
        raise ValueError(f"无法识别的日期“{shown}”（年份请写四位，如 1985.03）")
    raise ValueError(f"无法识别的日期“{shown}”")


_TIME_OF_DAY = re.compile(r"(?<=\d)(\s+|T)\d{1,2}:\d{2}(:\d{2})?$", re.ASCII)
_TWO_DIGIT_YEAR = re.compile(r"\d{2}[.\-/年]\d{1,2}([.\-/月]\d{1,2}日?)?月?", re.ASCII)


def _iso(year: str, month: str, day: str | None, shown: str) -> str:
    y, m = int(year), int(month)
    if not 1900 <= y <= 2100:
        raise ValueError(f"无法识别的日期“{shown}”（年份{y}不对）")
    if not 1 <= m <= 12:
        raise ValueError(f"无法识别的日期“{shown}”（没有{m}月）")
    if day is None:
        return f"{y:04d}-{m:02d}"
    try:
        return dt.date(y, m, int(day)).isoformat()
    except ValueError:
        raise ValueError(f"无法识别的日期“{shown}”（{m}月没有{int(day)}日）") from None


def _column_letter(index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters
