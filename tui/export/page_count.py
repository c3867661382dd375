"""How many printed pages a .docx or .xlsx makes, for the 卷内目录's 页数.

Two ways, in this order:
1. Typeset: when LibreOffice (soffice) is installed, the files are converted to PDF once and the
   pages counted in the PDF (`/Type /Page` objects). This is the count a printer gives.
2. Estimated from the document's own structure when LibreOffice is absent: for a .docx, each
   section's page size and margins, the line pitch of its document grid (else 1.25 × the font
   size), every paragraph's length in characters against the characters a line holds (a CJK
   character is one, a Latin one half), every table row's tallest cell, explicit page breaks and
   "page break before"; for a .xlsx, the rows of each sheet against the rows an A4 page holds.
   The zhibu forms are all of these elements, so the estimate is the page count in the usual case
   and off by at most a page on a long ledger; the 卷内目录 says which way was used.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

TYPESET, ESTIMATED = "typeset", "estimated"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAGE_OBJ = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def count_pages(paths: list[Path], *, typeset: bool = True, timeout: float = 120) -> tuple[dict[Path, int], str]:
    """Pages of each file, and how they were counted (TYPESET or ESTIMATED)."""
    office = soffice() if typeset else None
    if office and paths:
        try:
            return _typeset(office, paths, timeout), TYPESET
        except (OSError, subprocess.SubprocessError, ValueError):
            pass
    return {p: estimate_pages(p) for p in paths}, ESTIMATED


def _typeset(office: str, paths: list[Path], timeout: float) -> dict[Path, int]:
    out: dict[Path, int] = {}
    with tempfile.TemporaryDirectory(prefix="zhibu-pages-") as tmp:
        profile = Path(tmp) / "profile"
        copies = []
        for n, p in enumerate(paths):      # numbered copies: 汇总表.docx and 汇总表.xlsx make one PDF name
            copies.append(Path(tmp) / f"f{n}{p.suffix.lower()}")
            shutil.copyfile(p, copies[-1])
        cmd = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
               "--outdir", tmp, *[str(c) for c in copies]]
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout, check=False)
        for p, copy in zip(paths, copies):
            pdf = copy.with_suffix(".pdf")
            if not pdf.is_file():
                raise ValueError(f"LibreOffice did not convert {p.name}")
            out[p] = max(1, len(_PAGE_OBJ.findall(pdf.read_bytes())))
    return out


def estimate_pages(path: Path) -> int:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_pages(path)
    if suffix == ".xlsx":
        return _xlsx_pages(path)
    return 1


# ── .docx ──

def _cells(text: str) -> float:
    """Width in em: CJK and full-width characters 1, others 0.5."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text)


def _lines(text: str, width_em: float) -> int:
    return max(1, math.ceil(_cells(text) / max(width_em, 1.0))) if text else 1


class _Page:
    def __init__(self, height_pt: float) -> None:
        self.height, self.used, self.count = height_pt, 0.0, 1

    def add(self, pt: float) -> None:
        if self.used + pt > self.height + 0.5 and self.used > 0:
            self.count += 1
            self.used = 0.0
        self.used += min(pt, self.height)
        while pt > self.height:                     # a block taller than a page
            pt -= self.height
            self.count += 1
            self.used = min(pt, self.height)

    def new(self) -> None:
        if self.used > 0:
            self.count += 1
            self.used = 0.0


def _twip_pt(value: str | None, default: float) -> float:
    return int(value) / 20 if value and value.lstrip("-").isdigit() else default


def _docx_pages(path: Path) -> int:
    import docx

    document = docx.Document(str(path))
    section = document.sections[-1]
    sect = section._sectPr
    page_h = section.page_height.pt if section.page_height else 842
    page_w = section.page_width.pt if section.page_width else 595
    top = section.top_margin.pt if section.top_margin is not None else 72
    bottom = section.bottom_margin.pt if section.bottom_margin is not None else 72
    left = section.left_margin.pt if section.left_margin is not None else 72
    right = section.right_margin.pt if section.right_margin is not None else 72
    grid = sect.find(_W + "docGrid")
    pitch = _twip_pt(grid.get(_W + "linePitch") if grid is not None else None, 0)
    text_w = page_w - left - right
    page = _Page(page_h - top - bottom)
    styles = {s.style_id: s for s in document.styles if s.type == 1}   # paragraph styles

    def size_of(p_el) -> tuple[float, float]:
        """(font pt, line height pt) of a paragraph element."""
        ppr = p_el.pPr
        style = styles.get(ppr.style) if ppr is not None and ppr.style else None
        size = 10.5
        line = None
        while style is not None:
            if style.font.size and size == 10.5:
                size = style.font.size.pt
            pf = style.paragraph_format
            if line is None and pf.line_spacing is not None and hasattr(pf.line_spacing, "pt"):
                line = pf.line_spacing.pt
            style = style.base_style
        if ppr is not None and ppr.spacing_line is not None and ppr.spacing_lineRule is not None \
                and str(ppr.spacing_lineRule).lower().startswith("exact"):
            line = ppr.spacing_line.pt
        return size, line or max(pitch, size * 1.25)

    body = document.element.body
    last_line = 0.0
    for el in body.iterchildren():
        if el.tag == _W + "p":
            text = "".join(t.text or "" for t in el.iter(_W + "t"))
            ppr = el.pPr
            if ppr is not None and ppr.find(_W + "pageBreakBefore") is not None:
                page.new()
            size, line = size_of(el)
            width_em = text_w / size - (2 if text and size >= 14 else 0)
            breaks = [br for br in el.iter(_W + "br") if br.get(_W + "type") == "page"]
            if breaks:
                page.new()
                continue
            last_line = _lines(text, width_em) * line
            page.add(last_line)
        elif el.tag == _W + "tbl":
            heights = [_row_height(tr, text_w) for tr in el.iter(_W + "tr")]
            together = any(True for _ in el.iter(_W + "keepNext"))
            if together and page.used + sum(heights) > page.height and sum(heights) + last_line <= page.height:
                page.new()                   # the record moves whole to the next page, its heading with it
                page.add(last_line)
            for h in heights:
                page.add(h)
            last_line = 0.0
    return page.count


def _row_height(tr, text_w: float) -> float:
    tallest = 1.0
    cells = tr.findall(_W + "tc")
    for tc in cells:
        w = tc.find(f"{_W}tcPr/{_W}tcW")
        width_pt = _twip_pt(w.get(_W + "w") if w is not None else None, text_w / max(len(cells), 1))
        size = 12.0
        sz = tc.find(f".//{_W}sz")
        if sz is not None and (sz.get(_W + "val") or "").isdigit():
            size = int(sz.get(_W + "val")) / 2
        paras = tc.findall(_W + "p")
        lines = sum(_lines("".join(t.text or "" for t in p.iter(_W + "t")), (width_pt - 10) / size) for p in paras)
        tallest = max(tallest, lines * size * 1.3)
    trh = tr.find(f"{_W}trPr/{_W}trHeight")
    min_h = _twip_pt(trh.get(_W + "val") if trh is not None else None, 0)
    return max(tallest + 4, min_h)


# ── .xlsx ──

def _xlsx_pages(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    pages = 0
    for ws in wb.worksheets:
        rows = ws.max_row or 1
        landscape = (ws.page_setup.orientation or "") == "landscape"
        per_page = 30 if landscape else 45
        pages += max(1, math.ceil(rows / per_page))
    return pages
