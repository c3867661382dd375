"""The official-document (.docx) base every exporter builds on: GB/T 9704-2012 layout.

Layout lives in named paragraph styles (公文正文, 公文标题 …) so a secretary who edits the
document in Word/WPS can restyle it consistently; runs carry formatting only where a single
run differs (bold table headers, a non-default table font size).

python-docx is imported inside functions only: start-up time is a contract.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.export.atomic import ExportError, atomic_write
from tui import clock

_XMLNS = re.compile(rb' xmlns:\w+="[^"]*"')
_SPILL_MARK = "\u2063zhibu-spilled-blocks\u2063"
STREAMED_TABLE_CHARS = 1_000_000   # a table's rows above this much XML are written out, not parsed

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

__all__ = [
    "ExportError",
    "OfficialDoc",
    "GRID_CHARS",
    "GRID_LINES",
    "grid_mode",
    "set_east_asian_font",
    "TEXT_WIDTH_MM",
    "LANDSCAPE_TEXT_WIDTH_MM",
]

# --- GB/T 9704-2012 numbers (domain.md §7) -------------------------------------------------
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
LANDSCAPE_MARGIN_SIDE_MM = 20
LANDSCAPE_TEXT_WIDTH_MM = PAGE_HEIGHT_MM - 2 * LANDSCAPE_MARGIN_SIDE_MM  # 257
HEADER_DISTANCE_MM = 15
FOOTER_DISTANCE_MM = 25  # puts the page number about 7 mm below the text block
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
PAGE_NUMBER_INDENT_CHARS = 1  # GB/T 9704: 单页码居右空一字，双页码居左空一字
WORD_COMPATIBILITY_MODE = "15"  # Word 2013 and later; 14 opens in 兼容模式

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEADING1 = "黑体"
FONT_HEADING2 = "楷体_GB2312"
FONT_HEADING3 = "仿宋_GB2312"
FONT_PAGE_NUMBER = "宋体"
FONT_TABLE = "仿宋_GB2312"

SIZE_TITLE_PT = 22  # 2号
SIZE_BODY_PT = 16  # 3号
SIZE_PAGE_NUMBER_PT = 14  # 4号
SIZE_TABLE_PT = 12  # 小四; 五号 is 10.5
LINE_EXACT_PT = 28
TITLE_LINE_EXACT_PT = 35  # 22 pt glyphs would be clipped at 28 pt

# The document grid: "chars" is Word's 页面设置 > 文档网格 “指定行和字符网格” (28 characters a line);
# "lines" keeps the 22 lines but lets characters take their own width (LibreOffice spreads a
# 16 pt character grid to 18–19 characters a line). Chosen per export by the setting export.grid.
GRID_CHARS, GRID_LINES = "chars", "lines"
_GRID: ContextVar[str] = ContextVar("zhibu_docx_grid", default=GRID_CHARS)


@contextmanager
def grid_mode(mode: str | None) -> Iterator[None]:
    """Build the documents inside the block with document grid `mode` (chars or lines)."""
    token = _GRID.set(GRID_LINES if mode == GRID_LINES else GRID_CHARS)
    try:
        yield
    finally:
        _GRID.reset(token)


def word_twips(mm: float) -> int:
    """A length as Word stores one typed in centimetres: rounded to 0.1 pt, then to twips."""
    return round(round(mm * 72 / 25.4, 1) * 20)


def grid_char_space(text_width_twips: int, chars: int = CHARS_PER_LINE, size_pt: float = SIZE_BODY_PT) -> int:
    """w:charSpace (1/4096 pt added to the font size) for `chars` characters a line, floored as
    Word floors it, so the grid never comes out a hair too wide and Word sets one fewer."""
    return math.floor((text_width_twips / 20 / chars - size_pt) * 4096)


# What Word shows when a GB2312-era font is not installed (plain Windows 10/11 lacks them).
FONT_FALLBACKS = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "宋体",
    "黑体": "SimHei",
    "宋体": "SimSun",
}

# --- paragraph styles: (style id, name shown in Word) ---------------------------------------
STYLE_TITLE = ("ZbTitle", "公文标题")
STYLE_SUBTITLE = ("ZbSubtitle", "公文副标题")
STYLE_BODY = ("ZbBody", "公文正文")
STYLE_HEADING1 = ("ZbHeading1", "公文一级标题")
STYLE_HEADING2 = ("ZbHeading2", "公文二级标题")
STYLE_HEADING3 = ("ZbHeading3", "公文三级标题")
STYLE_RIGHT = ("ZbRight", "公文落款")
STYLE_TABLE_TEXT = ("ZbTableText", "表格文字")
STYLE_PAGE_NUMBER = ("ZbPageNumber", "公文页码")

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NSDECL = f'xmlns:w="{_W_NS}"'
_W = "{%s}" % _W_NS
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_LEADING_SPACE = re.compile(r"^[ \t\u3000]+")


def set_east_asian_font(target: Any, name: str) -> None:
    """Set `name` as the font of a run or a style for Chinese and Latin text alike.

    python-docx's `font.name` writes only w:ascii/w:hAnsi, so Word/WPS keep drawing
    Chinese characters in the template's (Japanese) face. Theme attributes win over
    explicit names, so they are removed.
    """
    rpr = target.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(_W + attr, None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(_W + attr, name)
    rfonts.set(_W + "hint", "eastAsia")


def _clean(value: object) -> str:
    """Any cell or paragraph value as literal text that XML can hold."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _XML_ILLEGAL.sub("", text)


def _escape(text: str) -> str:
    # Not xml.sax.saxutils.escape: importing it pulls in urllib, http and ssl at start-up.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _rfonts_xml(name: str) -> str:
    return (
        f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" '
        'w:hint="eastAsia"/>'
    )


def _style_xml(
    style: tuple[str, str],
    *,
    font: str,
    size_pt: float,
    based_on: str = "Normal",
    jc: str | None = None,
    first_line_chars: int | None = None,
    line_exact_pt: float | None = None,
    after_pt: float = 0,
    outline_level: int | None = None,
    keep_next: bool = False,
    snap_to_grid: bool = True,
    bold: bool = False,
) -> str:
    style_id, name = style
    ppr = []
    if keep_next:
        ppr.append("<w:keepNext/>")
    if not snap_to_grid:
        ppr.append('<w:snapToGrid w:val="0"/>')
    if line_exact_pt is not None:
        line = f'w:line="{round(line_exact_pt * 20)}" w:lineRule="exact"'
    else:
        line = 'w:line="240" w:lineRule="auto"'
    ppr.append(f'<w:spacing w:before="0" w:after="{round(after_pt * 20)}" {line}/>')
    if first_line_chars is not None:
        # Chars for Word/WPS; the twips value is the fallback for other readers.
        twips = round(first_line_chars / 100 * size_pt * 20)
        ppr.append(f'<w:ind w:firstLineChars="{first_line_chars}" w:firstLine="{twips}"/>')
    if jc:
        ppr.append(f'<w:jc w:val="{jc}"/>')
    if outline_level is not None:
        ppr.append(f'<w:outlineLvl w:val="{outline_level}"/>')
    half_points = round(size_pt * 2)
    return (
        f'<w:style {_NSDECL} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/><w:qFormat/>'
        f"<w:pPr>{''.join(ppr)}</w:pPr>"
        f'<w:rPr>{_rfonts_xml(font)}{"<w:b/><w:bCs/>" if bold else ""}'
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
        "</w:style>"
    )


def _all_style_xml() -> list[str]:
    body = STYLE_BODY[0]
    return [
        _style_xml(STYLE_BODY, font=FONT_BODY, size_pt=SIZE_BODY_PT, jc="both",
                   first_line_chars=200, line_exact_pt=LINE_EXACT_PT),
        _style_xml(STYLE_TITLE, font=FONT_TITLE, size_pt=SIZE_TITLE_PT, jc="center",
                   first_line_chars=0, line_exact_pt=TITLE_LINE_EXACT_PT, after_pt=LINE_EXACT_PT,
                   keep_next=True, snap_to_grid=False, outline_level=0),
        _style_xml(STYLE_SUBTITLE, font=FONT_BODY, size_pt=SIZE_BODY_PT,
                   jc="center", first_line_chars=0, line_exact_pt=LINE_EXACT_PT,
                   after_pt=LINE_EXACT_PT, keep_next=True),
        _style_xml(STYLE_HEADING1, font=FONT_HEADING1, size_pt=SIZE_BODY_PT, based_on=body,
                   outline_level=1, keep_next=True),
        _style_xml(STYLE_HEADING2, font=FONT_HEADING2, size_pt=SIZE_BODY_PT, based_on=body,
                   outline_level=2, keep_next=True),
        _style_xml(STYLE_HEADING3, font=FONT_HEADING3, size_pt=SIZE_BODY_PT, based_on=body,
                   outline_level=3, keep_next=True, bold=True),
        _style_xml(STYLE_RIGHT, font=FONT_BODY, size_pt=SIZE_BODY_PT, based_on=body,
                   jc="right", first_line_chars=0),
        _style_xml(STYLE_TABLE_TEXT, font=FONT_TABLE, size_pt=SIZE_TABLE_PT, jc="left",
                   first_line_chars=0, snap_to_grid=False),
        _style_xml(STYLE_PAGE_NUMBER, font=FONT_PAGE_NUMBER, size_pt=SIZE_PAGE_NUMBER_PT,
                   jc="center", first_line_chars=0, snap_to_grid=False),
    ]


def _doc_defaults_xml() -> str:
    half_points = SIZE_BODY_PT * 2
    return (
        f"<w:docDefaults {_NSDECL}><w:rPrDefault><w:rPr>{_rfonts_xml(FONT_BODY)}"
        f'<w:kern w:val="2"/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "</w:pPrDefault></w:docDefaults>"
    )


def _font_table_entries() -> bytes:
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        for name, alt in FONT_FALLBACKS.items()
    )
    return entries.encode("utf-8")


class OfficialDoc:
    """A Word document in the official layout, built from plain strings.

    Call the element methods in reading order, then `save()`. `document` exposes the
    underlying python-docx Document for anything this class does not cover.
    """

    def __init__(self) -> None:
        import docx

        self._doc: Document = docx.Document()
        self._page_break_pending = False
        self._last_title: Paragraph | None = None
        self._spilled: Any = None   # a temporary file of finished blocks' XML (see spill())
        self._fix_for_chinese()
        self._drop_template_leftovers()
        self._set_up_page()
        self._add_page_number_footers()

    @property
    def document(self) -> Document:
        return self._doc

    def landscape(self) -> None:
        """Turn the page for wide tables (ledgers, 一览表): A4 landscape, 20 mm side margins,
        no 28-character grid (it is for portrait body text). Call before adding content."""
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm

        section = self._doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
        section.left_margin = section.right_margin = Mm(LANDSCAPE_MARGIN_SIDE_MM)
        section.top_margin, section.bottom_margin = Mm(25), Mm(22)
        section.footer_distance = Mm(12)
        grid = section._sectPr.find(_W + "docGrid")
        if grid is not None:
            section._sectPr.remove(grid)

    # --- text -------------------------------------------------------------------------------

    def title(self, text: str) -> Paragraph:
        """2号 方正小标宋简体, centred; a newline in `text` starts a new title line."""
        p = self._paragraph(STYLE_TITLE, _clean(text).strip())
        self._last_title = p
        if not self._doc.core_properties.title:
            self._doc.core_properties.title = _clean(text).replace("\n", "")[:200]
        return p

    def subtitle(self, text: str) -> Paragraph:
        """A centred 3号 line right under the title (e.g. “——教工第一党支部”)."""
        from docx.shared import Pt

        if self._last_title is not None and self._last_is(self._last_title):
            self._last_title.paragraph_format.space_after = Pt(0)
        return self._paragraph(STYLE_SUBTITLE, _clean(text).strip())

    def para(self, text: str) -> list[Paragraph]:
        """Body text; each non-empty line of `text` becomes its own indented paragraph."""
        return [self._paragraph(STYLE_BODY, line) for line in _lines(text)]

    def heading1(self, text: str) -> Paragraph:
        """“一、…” in 黑体."""
        return self._paragraph(STYLE_HEADING1, _one_line(text))

    def heading2(self, text: str) -> Paragraph:
        """“（一）…” in 楷体_GB2312."""
        return self._paragraph(STYLE_HEADING2, _one_line(text))

    def heading3(self, text: str) -> Paragraph:
        """“1.…” in 仿宋_GB2312, bold."""
        return self._paragraph(STYLE_HEADING3, _one_line(text))

    def right(self, text: str, *, right_chars: int = 0) -> list[Paragraph]:
        """Right-aligned lines (signature, 署名, date); `right_chars=4` gives GB/T's 右空四字."""
        from docx.shared import Pt

        paragraphs = [self._paragraph(STYLE_RIGHT, line) for line in _lines(text)]
        if right_chars:
            for p in paragraphs:
                ind = p._p.get_or_add_pPr().get_or_add_ind()
                ind.set(_W + "rightChars", str(right_chars * 100))
                p.paragraph_format.right_indent = Pt(right_chars * SIZE_BODY_PT)
        return paragraphs

    def blank(self, lines: int = 1) -> list[Paragraph]:
        """Empty body lines (GB/T's 空一行 before 附件, 空二行 before 署名)."""
        return [self._paragraph(STYLE_BODY, "") for _ in range(lines)]

    def page_break(self) -> None:
        """Start the next element on a new page."""
        self._page_break_pending = True

    def title_page(self) -> None:
        """The first page is a cover and carries no page number. The pages after it go on from
        “— 2 —”: restarting at 1 would put odd numbers on even sheets, and LibreOffice and Word
        disagree on which side such a number goes."""
        section = self._doc.sections[0]
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False  # an empty footer of its own

    def cover_lines(self, pairs: Sequence[tuple[str, object]], *, label_mm: float = 34,
                    value_mm: float = 110) -> Table:
        """A cover's “工作室名称：＿＿＿＿” lines in 3号: labels spread to one width, each value on
        a rule (a bottom border), an empty value left as a rule to write on."""
        rule = '<w:tcBorders><w:bottom w:val="single" w:sz="6" w:space="0" w:color="auto"/></w:tcBorders>'
        size = round(SIZE_BODY_PT * 2)
        rpr = f'<w:rPr><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
        label_w, value_w = _twips(label_mm), _twips(value_mm)

        def cell(text: str, width: int, jc: str, borders: str = "") -> str:
            body = f'<w:r>{rpr}<w:t xml:space="preserve">{_escape(text)}</w:t></w:r>' if text else ""
            return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{borders}<w:vAlign w:val="bottom"/></w:tcPr>'
                    f'<w:p><w:pPr><w:pStyle w:val="{STYLE_TABLE_TEXT[0]}"/><w:jc w:val="{jc}"/>{rpr}</w:pPr>{body}</w:p></w:tc>')

        rows = "".join(
            f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{_twips(13)}" w:hRule="atLeast"/></w:trPr>'
            f'{cell(_one_line(label), label_w, "distribute")}{cell("：", _twips(6), "left")}'
            f'{cell(_one_line(value), value_w, "center", rule)}</w:tr>'
            for label, value in pairs
        )
        return self._insert_table([label_w, _twips(6), value_w], rows, borders=False)

    def signature_lines(self, labels: Sequence[str], *, indent_chars: int = 7, end_chars: int = 2,
                        date_line: bool = True) -> list[Paragraph]:
        """Lines to sign on: “谈话人（签字）：＿＿＿＿” ruled to `end_chars` from the right margin,
        then “日期：＿＿年＿月＿日”. The rule is an underscore tab leader, not trailing spaces:
        Word, WPS and LibreOffice all draw it, whatever the font, and nothing strips it."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
        from docx.shared import Twips

        char = _twips(SIZE_BODY_PT * 25.4 / 72)
        start, end = indent_chars * char, self._text_width_twips() - end_chars * char
        rows = [(f"{_one_line(label)}\t", [end]) for label in labels]
        if date_line:
            span = end - start
            rows.append(("日期：\t年\t月\t日", [start + span * 11 // 20, start + span * 15 // 20, end - char]))
        paragraphs = []
        for i, (text, stops) in enumerate(rows):
            p = self._paragraph(STYLE_RIGHT, "")
            fmt = p.paragraph_format
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            fmt.left_indent = Twips(start)
            fmt.keep_with_next = i < len(rows) - 1
            for pos in stops:
                fmt.tab_stops.add_tab_stop(Twips(pos), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.LINES)
            run = p.add_run()
            for j, piece in enumerate(text.split("\t")):
                if j:
                    run.add_tab()
                if piece:
                    run.add_text(piece)
            paragraphs.append(p)
        return paragraphs

    # --- tables -----------------------------------------------------------------------------

    def table(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence[object]],
        widths_mm: Sequence[float] | None = None,
        font_pt: float = SIZE_TABLE_PT,
        cell_margin_mm: float | None = None,
        nowrap: Collection[int] = (),
        streamed: bool = False,
    ) -> Table | None:
        """A bordered table; the bold header row repeats on every page. Values are literal text.
        Returns the table, or None for a streamed or long one, which is written out rather than
        kept (see _insert_table).

        `cell_margin_mm` narrows the cells' left and right padding (Word's default is 1.9 mm)
        for dense tables such as a ledger with twelve month columns. Body cells of the columns
        in `nowrap` (0-based) are not wrapped (a date broken as “2025年1月8 / 日” reads badly).
        `streamed` writes the rows straight to the spilled blocks (see spill()) instead of the
        tree, one row at a time, and returns None: a record book's contents of twenty years
        (thousands of rows) would otherwise be held whole, as text and then as a tree.
        """
        ncols = len(header)
        if ncols == 0:
            raise ValueError("表格至少要有一列表头")
        if widths_mm is None:
            widths_mm = [TEXT_WIDTH_MM / ncols] * ncols
        if len(widths_mm) != ncols:
            raise ValueError(f"表格列宽有 {len(widths_mm)} 个，表头有 {ncols} 列")
        widths = [_twips(w) for w in widths_mm]
        header_cells = "".join(
            _cell_xml(h, w, bold=True, jc="center", font_pt=font_pt) for h, w in zip(header, widths)
        )
        made: dict[tuple[str, int], str] = {}   # a ledger repeats “—”, amounts and dates down its columns

        def cell(c: int, value: object, width: int) -> str:
            if type(value) is not str or len(value) > 24:   # only short texts repeat: memory stays small
                return _cell_xml(value, width, font_pt=font_pt, nowrap=c in nowrap)
            xml = made.get((value, c))
            if xml is None:
                xml = made[value, c] = _cell_xml(value, width, font_pt=font_pt, nowrap=c in nowrap)
            return xml

        def body_rows() -> Iterator[str]:
            for n, row in enumerate(rows, start=1):
                if len(row) != ncols:
                    raise ValueError(f"表格第 {n} 行有 {len(row)} 格，表头有 {ncols} 列")
                yield _row_xml("".join([cell(c, v, w) for c, (v, w) in enumerate(zip(row, widths))]))

        head = _row_xml(header_cells, repeat_header=True)
        if streamed:
            self._stream_table(widths, chain((head,), body_rows()), cell_margin_mm=cell_margin_mm)
            return None
        return self._insert_table(widths, head + "".join(body_rows()), cell_margin_mm=cell_margin_mm)

    def kv_table(
        self,
        pairs: Sequence[tuple[str, object]],
        cols: int = 2,
        *,
        wide: Collection[str] = (),
        tall: Mapping[str, float] | None = None,
        label_mm: float = 25,
        font_pt: float = SIZE_TABLE_PT,
        keep_together: bool = False,
        keep_from: str | None = None,
        keep_with_next: bool = False,
    ) -> Table | None:
        """A label | value grid like a paper record page, `cols` pairs per row.

        A label in `wide` gets a row of its own whose value spans the rest of the row
        (会议内容, 缺席人员及原因); `tall` gives such rows a minimum height in mm so
        there is room to read or write. A short last row stretches its last value.
        `keep_together` keeps the table on one page with what precedes it (one record of a
        compendium under its heading) unless it is longer than a page. `keep_from` keeps the
        row holding that label and every row after it on one page (决议 with the signatures);
        `keep_with_next` keeps the last row with the paragraph after the table (signature lines).
        """
        if cols < 1:
            raise ValueError("每行至少放一组“项目—内容”")
        value_mm = (TEXT_WIDTH_MM - cols * label_mm) / cols
        if value_mm <= 0:
            raise ValueError(f"标签列宽 {label_mm} 毫米太宽，放不下 {cols} 组")
        label_w, value_w = _twips(label_mm), _twips(value_mm)
        tall = dict(tall or {})
        grid_span = 2 * cols
        rows_xml: list[str] = []

        def flush(group: list[tuple[str, object]]) -> None:
            if not group:
                return
            cells = []
            for i, (label, value) in enumerate(group):
                last = i == len(group) - 1
                span = 1 + (grid_span - 2 * len(group) if last else 0)
                width = value_w * ((span + 1) // 2) + label_w * ((span - 1) // 2)
                top = label in tall
                cells.append(_cell_xml(label, label_w, jc="center", font_pt=font_pt))
                cells.append(
                    _cell_xml(value, width, span=span, font_pt=font_pt, valign="top" if top else "center")
                )
            height = max((tall.get(label, 0) for label, _ in group), default=0)
            rows_xml.append(_row_xml("".join(cells), min_height_mm=height, can_split=height > 0))
            group.clear()

        group: list[tuple[str, object]] = []
        for n, pair in enumerate(pairs, start=1):
            if len(pair) != 2:
                raise ValueError(f"第 {n} 项应为（项目，内容）两项，实际 {len(pair)} 项")
            label = _clean(pair[0])
            if label in wide:
                flush(group)
                flush([(label, pair[1])])
                continue
            group.append((label, pair[1]))
            if len(group) == cols:
                flush(group)
        flush(group)
        first_kept = 0 if keep_together else len(rows_xml)
        if keep_from is not None:
            marker = f">{_escape(keep_from)}</w:t>"
            first_kept = min(first_kept, next((i for i, r in enumerate(rows_xml) if marker in r), len(rows_xml)))
        plain = f'<w:pPr><w:pStyle w:val="{STYLE_TABLE_TEXT[0]}"/>'
        last_kept = len(rows_xml) if keep_with_next else len(rows_xml) - 1
        if keep_with_next:
            first_kept = min(first_kept, len(rows_xml) - 1)
        for i in range(first_kept, last_kept):
            # Word keeps a row with the next when its paragraphs are keep-with-next.
            rows_xml[i] = rows_xml[i].replace(plain, plain + "<w:keepNext/><w:keepLines/>")
        for i in range(first_kept if keep_from is not None else len(rows_xml), len(rows_xml)):
            if "<w:cantSplit/>" not in rows_xml[i]:  # a kept row (a signature box) is never split
                rows_xml[i] = rows_xml[i].replace("<w:tr><w:trPr>", "<w:tr><w:trPr><w:cantSplit/>", 1)
        return self._insert_table([label_w, value_w] * cols, "".join(rows_xml))

    # --- output -----------------------------------------------------------------------------

    def save(self, path: Path | str, force: bool = False) -> Path:
        """Write the .docx atomically; refuses to overwrite unless `force`."""
        self._page_break_pending = False
        if self._spilled is not None:
            return atomic_write(Path(path), self._save_spilled, force=force)
        return atomic_write(Path(path), lambda tmp: self._doc.save(str(tmp)), force=force)

    def spill(self) -> None:
        """Move the blocks written so far out of the document tree into a temporary file of
        their XML, to be put back in place by save(). A long document (ten years of 工作记录,
        tens of MB of XML) is then never held as a whole tree: python-docx's tree takes about
        ten times the XML's size. Call it between whole blocks, not inside one."""
        import tempfile

        from lxml import etree

        body = self._doc.element.body
        if self._spilled is None:
            self._spilled = tempfile.TemporaryFile()
        declared = {f'xmlns:{prefix}="{uri}"'.encode() for prefix, uri in self._doc.element.nsmap.items() if prefix}
        sect_pr = None
        for child in body.iterchildren():
            if child.tag == _W + "sectPr":
                sect_pr = child
                continue
            xml = etree.tostring(child, encoding="utf-8")
            head, rest = xml.split(b">", 1)   # what <w:document> declares need not be repeated
            head = _XMLNS.sub(lambda m: b"" if m.group(0)[1:] in declared else m.group(0), head)
            self._spilled.write(head + b">" + rest)
        # clear() frees the blocks outright; remove() would move each, held by its proxy, into
        # a document of its own, fixing up its namespaces: slower than building it.
        child = None
        self._last_title = None
        self._sect_pr = None
        if sect_pr is not None:
            body.remove(sect_pr)
        body.clear()
        if sect_pr is not None:
            body.append(sect_pr)

    def _save_spilled(self, tmp: Path) -> None:
        """python-docx writes the package with a marker where the spilled blocks go; the
        document part is then copied with the blocks streamed in from the temporary file."""
        import shutil
        import zipfile

        self.spill()
        marker = self._new_paragraph()
        marker.add_run(_SPILL_MARK)
        self._doc.element.body.remove(marker._p)
        self._doc.element.body.insert(0, marker._p)
        self._doc.save(str(tmp))
        whole = tmp.with_name(tmp.name + ".part")
        try:
            with zipfile.ZipFile(tmp) as source, zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as out:
                for info in source.infolist():
                    data = source.read(info.filename)
                    if info.filename != "word/document.xml":
                        out.writestr(info, data)
                        continue
                    at = data.index(_SPILL_MARK.encode())
                    start, end = data.rindex(b"<w:p>", 0, at), data.index(b"</w:p>", at) + len(b"</w:p>")
                    with out.open(info.filename, "w", force_zip64=True) as part:
                        part.write(data[:start])
                        self._spilled.seek(0)
                        shutil.copyfileobj(self._spilled, part, 1 << 20)
                        part.write(data[end:])
            whole.replace(tmp)
        finally:
            whole.unlink(missing_ok=True)
            self._spilled.close()
            self._spilled = None

    # --- internals --------------------------------------------------------------------------

    def _append(self, element) -> None:
        """Put a block (paragraph or table) at the end of the body, before its section properties.
        python-docx's own add_paragraph looks for the sectPr among all the body's children on
        each call: a record book of thousands of paragraphs made that quadratic."""
        body = self._doc.element.body
        sect_pr = getattr(self, "_sect_pr", None)
        if sect_pr is None or sect_pr.getparent() is not body or sect_pr.getnext() is not None:
            last = body[-1] if body.getchildren() else None
            sect_pr = self._sect_pr = last if last is not None and last.tag == _W + "sectPr" else None
        if sect_pr is None:
            body.append(element)
        else:
            sect_pr.addprevious(element)

    def _new_paragraph(self) -> Paragraph:
        from docx.oxml import OxmlElement
        from docx.text.paragraph import Paragraph

        p = OxmlElement("w:p")
        self._append(p)
        return Paragraph(p, self._doc._body)

    def _paragraph(self, style: tuple[str, str], text: str) -> Paragraph:
        p = self._new_paragraph()
        # Set the id directly: python-docx's style setter scans every style on each call.
        p._p.get_or_add_pPr().style = style[0]
        if text:
            p.add_run(text)
        if self._page_break_pending:
            self._page_break_pending = False
            p.paragraph_format.page_break_before = True
        return p

    def _last_is(self, paragraph: Paragraph) -> bool:
        body = self._doc.element.body
        last = body[-2] if len(body) > 1 and body[-1].tag == _W + "sectPr" else body[-1]
        return last is paragraph._p

    def _insert_table(self, widths: list[int], rows_xml: str, *, cell_margin_mm: float | None = None,
                      borders: bool = True) -> Table | None:
        from docx.oxml import parse_xml
        from docx.table import Table

        if len(rows_xml) > STREAMED_TABLE_CHARS:
            # A long table (a ledger of 2,000 members) never becomes a tree: parsing it and
            # moving it into the document took most of the export's time and memory.
            self._stream_table(widths, (rows_xml,), cell_margin_mm=cell_margin_mm, borders=borders)
            return None
        if self._page_break_pending:
            self._page_break_pending = False
            self._add_break_paragraph()
        tbl = parse_xml(_table_open(widths, cell_margin_mm, borders, declare=True) + rows_xml + "</w:tbl>")
        self._append(tbl)
        return Table(tbl, self._doc._body)

    def _stream_table(self, widths: list[int], rows_xml: Iterable[str], *, cell_margin_mm: float | None = None,
                      borders: bool = True) -> None:
        """The table of _insert_table, written piece by piece to the spilled blocks (see spill()),
        after those written before it: never parsed into the tree."""
        if self._page_break_pending:
            self._page_break_pending = False
            self._add_break_paragraph()
        self.spill()
        out = self._spilled
        out.write(_table_open(widths, cell_margin_mm, borders, declare=False).encode("utf-8"))
        for part in rows_xml:
            out.write(part.encode("utf-8"))
        out.write(b"</w:tbl>")

    def _add_break_paragraph(self) -> None:
        """A 1 pt high paragraph holding a page break: tables cannot carry page-break-before."""
        from docx.enum.text import WD_BREAK, WD_LINE_SPACING
        from docx.shared import Pt

        p = self._new_paragraph()
        p._p.get_or_add_pPr().style = STYLE_TABLE_TEXT[0]
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.paragraph_format.line_spacing = Pt(1)
        p.add_run().add_break(WD_BREAK.PAGE)

    def _fix_for_chinese(self) -> None:
        """Replace the template's Japanese/Latin defaults with Chinese ones."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import parse_xml

        styles = self._doc.styles.element
        old = styles.find(_W + "docDefaults")
        new = parse_xml(_doc_defaults_xml())
        if old is not None:
            old.addprevious(new)
            styles.remove(old)
        else:
            styles.insert(0, new)
        for xml in _all_style_xml():
            styles.append(parse_xml(xml))

        settings = self._doc.settings.element
        theme_lang = settings.find(_W + "themeFontLang")
        if theme_lang is not None:
            theme_lang.set(_W + "eastAsia", "zh-CN")

        part = self._doc.part
        for rid, rel in list(part.rels.items()):
            # Word 2010 may prefer this stale copy of the styles (with Japanese defaults).
            if rel.reltype.endswith("/stylesWithEffects"):
                part.drop_rel(rid)
            elif rel.reltype == RT.FONT_TABLE and not rel.is_external:
                font_part = rel.target_part
                font_part._blob = font_part.blob.replace(b"</w:fonts>", _font_table_entries() + b"</w:fonts>")

        core = self._doc.core_properties
        core.author = ""
        core.last_modified_by = ""
        core.comments = ""
        core.title = ""
        core.language = "zh-CN"
        core.created = clock.now().astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
        core.modified = core.created
        core.revision = 1

    def _set_up_page(self) -> None:
        from docx.shared import Mm

        section = self._doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
        section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
        section.header_distance, section.footer_distance = Mm(HEADER_DISTANCE_MM), Mm(FOOTER_DISTANCE_MM)
        section.gutter = Mm(0)

        # Document grid: 22 lines x 28 characters, as Word's 页面设置 > 文档网格 writes it.
        sect_pr = section._sectPr
        grid = sect_pr.find(_W + "docGrid")
        if grid is None:
            from docx.oxml import OxmlElement

            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        text_w = word_twips(PAGE_WIDTH_MM) - word_twips(MARGIN_LEFT_MM) - word_twips(MARGIN_RIGHT_MM)
        text_h = _twips(PAGE_HEIGHT_MM) - _twips(MARGIN_TOP_MM) - _twips(MARGIN_BOTTOM_MM)
        grid.set(_W + "linePitch", str(text_h // LINES_PER_PAGE))
        if _GRID.get() == GRID_LINES:
            grid.set(_W + "type", "lines")
            grid.attrib.pop(_W + "charSpace", None)
        else:
            grid.set(_W + "type", "linesAndChars")
            grid.set(_W + "charSpace", str(grid_char_space(text_w)))

    def _text_width_twips(self) -> int:
        section = self._doc.sections[0]
        return section.page_width.twips - section.left_margin.twips - section.right_margin.twips

    def _drop_template_leftovers(self) -> None:
        """What python-docx's template carries from the Mac Word 2010 it was saved in: Word 2010
        compatibility (兼容模式), a blank thumbnail, “Microsoft Macintosh Word”, Japanese faces."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        settings = self._doc.settings.element
        for setting in settings.iter(_W + "compatSetting"):
            if setting.get(_W + "name") == "compatibilityMode":
                setting.set(_W + "val", WORD_COMPATIBILITY_MODE)
        for stale in settings.findall(_W + "savePreviewPicture"):
            settings.remove(stale)

        package = self._doc.part.package
        for rid, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package.rels[rid]
            elif rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
                rel.target_part._blob = _APP_XML.encode("utf-8")
        for rel in self._doc.part.rels.values():
            if rel.is_external:
                continue
            if rel.reltype == RT.THEME:
                blob = rel.target_part.blob.decode("utf-8")
                blob = re.sub(r'<a:font script="Jpan" typeface="[^"]*"/>', "", blob)
                blob = blob.replace('<a:ea typeface=""/>', '<a:ea typeface="宋体"/>')
                rel.target_part._blob = blob.encode("utf-8")
            elif rel.reltype == RT.FONT_TABLE:
                blob = rel.target_part.blob.decode("utf-8")
                blob = re.sub(r'<w:font w:name="ＭＳ [^"]*">.*?</w:font>', "", blob, flags=re.S)
                rel.target_part._blob = blob.encode("utf-8")

    def _add_page_number_footers(self) -> None:
        """“— 1 —” in 4号 宋体 at the outside edge, one character in: odd pages on the right, even
        pages on the left (GB/T 9704 7.5), the number a PAGE field Word/WPS fill in."""
        from docx.oxml import parse_xml

        self._doc.settings.odd_and_even_pages_header_footer = True
        section = self._doc.sections[0]
        indent = PAGE_NUMBER_INDENT_CHARS * 100
        indent_twips = round(PAGE_NUMBER_INDENT_CHARS * SIZE_PAGE_NUMBER_PT * 20)
        for footer, jc, side in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            ppr = parse_xml(
                f'<w:pPr {_NSDECL}><w:pStyle w:val="{STYLE_PAGE_NUMBER[0]}"/>'
                f'<w:ind w:{side}Chars="{indent}" w:{side}="{indent_twips}"/><w:jc w:val="{jc}"/></w:pPr>'
            )
            old = p._p.find(_W + "pPr")
            if old is not None:
                p._p.remove(old)
            p._p.insert(0, ppr)
            for r in parse_xml(f"<w:p {_NSDECL}>{_PAGE_NUMBER_RUNS}</w:p>"):
                p._p.append(r)


_PAGE_NUMBER_RUNS = (
    '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    "<w:r><w:t>1</w:t></w:r>"
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:r><w:t xml:space="preserve"> —</w:t></w:r>'
)

# docProps/app.xml: the application that wrote the file, nothing borrowed from the template.
_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>zhibu</Application>"
    "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _lines(text: object) -> list[str]:
    """Non-blank lines with typed-in leading indentation removed (the style indents)."""
    lines = [_LEADING_SPACE.sub("", line).rstrip() for line in _clean(text).split("\n")]
    return [line for line in lines if line] or [""]


def _one_line(text: object) -> str:
    return " ".join(line for line in _lines(text) if line)


def _cell_xml(
    value: object,
    width: int,
    *,
    span: int = 1,
    bold: bool = False,
    jc: str | None = None,
    font_pt: float = SIZE_TABLE_PT,
    valign: str = "center",
    nowrap: bool = False,
) -> str:
    rpr = "<w:b/><w:bCs/>" if bold else ""
    if font_pt != SIZE_TABLE_PT:
        rpr += f'<w:sz w:val="{round(font_pt * 2)}"/><w:szCs w:val="{round(font_pt * 2)}"/>'
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    jc_xml = f'<w:jc w:val="{jc}"/>' if jc else ""
    ppr = f'<w:pPr><w:pStyle w:val="{STYLE_TABLE_TEXT[0]}"/>{jc_xml}</w:pPr>'
    paragraphs = []
    for line in _clean(value).split("\n"):
        if line:
            pieces = '<w:tab/>'.join(f'<w:t xml:space="preserve">{_escape(s)}</w:t>' for s in line.split("\t"))
            paragraphs.append(f"<w:p>{ppr}<w:r>{rpr_xml}{pieces}</w:r></w:p>")
        else:
            paragraphs.append(f"<w:p>{ppr}</w:p>")
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{"<w:noWrap/>" if nowrap else ""}'
        f'<w:vAlign w:val="{valign}"/></w:tcPr>'
        f"{''.join(paragraphs)}</w:tc>"
    )


def _row_xml(
    cells: str, *, repeat_header: bool = False, min_height_mm: float = 0, can_split: bool = False
) -> str:
    trpr = "" if can_split else "<w:cantSplit/>"
    if min_height_mm:
        trpr += f'<w:trHeight w:val="{_twips(min_height_mm)}" w:hRule="atLeast"/>'
    if repeat_header:
        trpr += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{trpr}</w:trPr>{cells}</w:tr>"


def _table_open(widths: list[int], cell_margin_mm: float | None, borders: bool, *, declare: bool) -> str:
    """<w:tbl> with its properties and grid: bordered, fixed layout, centred. Without `declare`
    the w: namespace is left to the document part (a spilled block)."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    margins = ""
    if cell_margin_mm is not None:
        side = _twips(cell_margin_mm)
        margins = (f'<w:tblCellMar><w:left w:w="{side}" w:type="dxa"/>'
                   f'<w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>')
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    if not borders:  # explicit: the TableGrid style would draw its own
        border = '<w:{0} w:val="nil"/>'
    borders_xml = "".join(border.format(side) for side in sides)
    return (
        f"<w:tbl {_NSDECL if declare else ''}".rstrip() + "><w:tblPr>"
        '<w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders_xml}</w:tblBorders><w:tblLayout w:type="fixed"/>{margins}'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    )
