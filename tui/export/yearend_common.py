"""What the year-end forms share: the year asked for, the branch's name, the unfinished-parts note."""

from __future__ import annotations

from pathlib import Path

from tui.export.atomic import ExportError
from tui.store.branch import get_branch
from tui.store.errors import NotFoundError
from tui import clock


def year_of(params) -> int:
    year = params.year or clock.today().year
    if not 1921 <= year <= clock.today().year + 1:
        raise ExportError(f"「年度」不是有效年份：{year}", "年度")
    return year


def suffix_of(out: Path, allowed: tuple[str, ...]) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in allowed:
        raise ExportError(f"只能导出为 {'、'.join(allowed)}，不能是 {suffix or '无扩展名'}")
    return suffix


def branch_name(db) -> str:
    name = get_branch(db).name
    if not name:
        raise ExportError("尚未填写支部名称，无法生成表格。请先在「支部」（F9）中填写支部信息。")
    return name


def unfinished_note(doc, unfinished: list[str]) -> None:
    """The parts still to do, listed first in the document (a draft says so on its first lines)."""
    if not unfinished:
        return
    doc.para("【草稿：以下部分尚未完成，完成后请重新导出】")
    for n, item in enumerate(unfinished, start=1):
        doc.para(f"{n}. {item}")


def not_found_as_export(func):
    """A missing meeting of the year becomes an ExportError with the same Chinese message."""
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except NotFoundError as exc:
            raise ExportError(str(exc), exc.field) from None
    wrapper.__name__, wrapper.__doc__ = func.__name__, func.__doc__
    return wrapper
