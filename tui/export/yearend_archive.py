"""The year's archive: every record form of the year in one folder (and a zip), with its 卷内目录.

`build_archive` exports each form of ARCHIVE_ITEMS for the year into a new folder, then the
入党材料卷内目录 of each person in the development pipeline with a step dated in the year (as it
stood on 31 December: later steps left out), counts the
pages of each file (tui.export.page_count: typeset by LibreOffice when installed, else estimated
from the document's structure), writes 卷内目录.docx (序号, 文件名称, 日期, 页数, 备注) and zips the
folder. A form with nothing to show for the year (no talks, say) is left out and named in the
卷内目录's notes, so the committee sees what is missing (so is a year without development steps). The folder is written under a temporary
name and renamed when complete: a failure leaves no half-built archive.
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tui.errors import ZhibuError
from tui.export.atomic import ExportError, default_filename
from tui.export.catalogue import FormParams, get_form
from tui.export.page_count import TYPESET, count_pages
from tui.export.yearend_common import branch_name
from tui.rules.dates import cn_date
from tui.store import development as dev_store

# (form id, extension, the document's date: "year" for the year's span, "meeting:<kind>" for that meeting's date)
ARCHIVE_ITEMS: list[tuple[str, str, str]] = [
    ("minutes", ".docx", "year"),
    ("talks", ".docx", "year"),
    ("dues-ledger", ".xlsx", "year"),
    ("dues-notice", ".docx", "year"),
    ("pairings", ".docx", "year"),
    ("annual-summary", ".docx", "year"),
    ("life-meeting-report", ".docx", "meeting:组织生活会"),
    ("evaluation-summary", ".docx", "meeting:民主评议党员"),
    ("secretary-report", ".docx", "year"),
    ("study-hours", ".xlsx", "year"),
]
INDEX_NAME = "卷内目录.docx"
DEV_INDEX_FORM = "dev-archive-index"     # each development file's 卷内目录, one per person with a step in the year
DEV_INDEX_NAME = "发展党员卷内目录"


@dataclass
class ArchiveEntry:
    number: int
    name: str            # 文件名称
    file: str            # the file's name in the folder
    date: str            # 日期 as printed
    pages: int = 0


@dataclass
class ArchiveResult:
    folder: Path
    zip_path: Path
    entries: list[ArchiveEntry]
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (form name, why)
    pages_by: str = ""


def _date_of(db, year: int, how: str) -> str:
    if how.startswith("meeting:"):
        row = db.execute("SELECT max(date) FROM meetings WHERE kind = ? AND deleted_at IS NULL AND substr(date, 1, 4) = ?",
                         [how.split(":", 1)[1], str(year)]).fetchone()
        if row and row[0]:
            return cn_date(row[0])
    return f"{year}年1月—12月"


def dev_files_of(db, year: int) -> list[tuple[dev_store.Candidate, list[str]]]:
    """The people in the development pipeline with a step dated in the year, by 申请 date, each
    with that year's step dates in order."""
    out = []
    for c in dev_store.list_candidates(db):
        days = sorted(d for d in c.dates.values() if d[:4] == str(year))
        if days:
            out.append((c, days))
    return sorted(out, key=lambda cd: (cd[0].dates.get(1) or "", cd[0].id))


def _span(days: list[str]) -> str:
    """日期 of a development file in the year: its one step's date, else the months it spans."""
    first, last = days[0], days[-1]
    if first == last:
        return cn_date(first)
    if first[:7] == last[:7]:
        return cn_date(first[:7])
    return f"{cn_date(first[:7])}—{int(last[5:7])}月"


def _record_count(db, year: int) -> int:
    from tui.rules.forms import resolve_period
    from tui.store.summary import period_summary

    return period_summary(db, resolve_period(year, None, None)).record_count


def build_archive(db, year: int, folder: Path, *, force: bool = False, progress=None, typeset: bool = True) -> ArchiveResult:
    folder = Path(folder)
    branch = branch_name(db)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())) and not force:
        raise ExportError(f"文件夹已存在且不为空：{folder}，如需覆盖请确认（命令行加 --force）", "输出文件夹")
    if not folder.parent.is_dir():
        raise ExportError(f"文件夹不存在：{folder.parent}", "输出文件夹")
    if _record_count(db, year) == 0:
        raise ExportError(f"{year}年没有可归档的记录（会议、谈话、党费、结对、党员发展都没有），未生成归档", "年度")
    work = folder.parent / f".{folder.name}.building"
    shutil.rmtree(work, ignore_errors=True)
    try:
        work.mkdir()
        entries, skipped = [], []
        params = FormParams(year=year)
        for i, (form_id, ext, how) in enumerate(ARCHIVE_ITEMS):
            form = get_form(form_id)
            name = f"{len(entries) + 1:02d}_{form.name}{ext}"
            try:
                form.build(db, params, work / name)
            except ZhibuError as exc:
                skipped.append((form.name, str(exc)))
                continue
            entries.append(ArchiveEntry(len(entries) + 1, f"{year}年度{form.name.removeprefix('年度')}", name, _date_of(db, year, how)))
            if progress:
                progress((i + 1) / (len(ARCHIVE_ITEMS) + 3))
        dev_files = dev_files_of(db, year)
        dev_form = get_form(DEV_INDEX_FORM)
        for c, days in dev_files:
            name = default_filename("", f"{len(entries) + 1:02d}_{DEV_INDEX_NAME}", c.name, "docx")
            try:
                dev_form.build(db, FormParams(year=year, record_id=c.id, extra={"through": f"{year}-12-31"}), work / name)
            except ZhibuError as exc:
                skipped.append((f"{DEV_INDEX_NAME}（{c.name}）", str(exc)))
                continue
            entries.append(ArchiveEntry(len(entries) + 1, f"{c.name}同志入党材料卷内目录", name, _span(days)))
        if not dev_files:
            skipped.append((DEV_INDEX_NAME, f"{year}年没有发展党员的步骤日期"))
        if progress:
            progress((len(ARCHIVE_ITEMS) + 1) / (len(ARCHIVE_ITEMS) + 3))
        if not entries:
            raise ExportError(f"{year}年没有可归档的记录：" + "；".join(f"{n}（{why}）" for n, why in skipped), "年度")
        pages, how_counted = count_pages([work / e.file for e in entries], typeset=typeset)
        for e in entries:
            e.pages = pages[work / e.file]
        write_index(work / INDEX_NAME, branch, year, entries, skipped, how_counted)
        if folder.exists():
            shutil.rmtree(folder)
        work.rename(folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    zip_path = folder.with_name(folder.name + ".zip")
    tmp_zip = zip_path.with_name(f".{zip_path.name}.tmp")
    try:
        with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(folder.iterdir()):
                zf.write(f, f"{folder.name}/{f.name}")
        tmp_zip.replace(zip_path)
    except OSError as exc:
        tmp_zip.unlink(missing_ok=True)
        raise ExportError(f"压缩包写入失败：{zip_path.name}（{exc.strerror or exc}）；文件夹已生成：{folder}") from exc
    if progress:
        progress(1.0)
    return ArchiveResult(folder, zip_path, entries, skipped, how_counted)


def write_index(path: Path, branch: str, year: int, entries: list[ArchiveEntry],
                skipped: list[tuple[str, str]], how_counted: str) -> Path:
    """卷内目录: 序号, 文件名称, 日期, 页数, 备注; the notes say how pages were counted and what is missing."""
    from tui.export.docx_base import OfficialDoc

    doc = OfficialDoc()
    doc.title(f"卷内目录")
    doc.subtitle(f"{branch}　{year}年度")
    doc.table(("序号", "文件名称", "日期", "页数", "备注"),
              [(str(e.number), e.name, e.date, str(e.pages), e.file) for e in entries], (14, 54, 30, 14, 44))
    doc.para(f"共{len(entries)}份文件，{sum(e.pages for e in entries)}页。")
    if how_counted == TYPESET:
        doc.para("页数：按 A4 纸打印排版后的实际页数（由 LibreOffice 排版计数）。")
    else:
        doc.para("页数：按文档结构估算（段落字数、表格行数、分页符），打印后请核对。")
    for name, why in skipped:
        doc.para(f"未归档：{name}——{why}")
    return doc.save(path, force=True)
