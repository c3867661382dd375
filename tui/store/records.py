"""Rows read by column name, and records built from them by keyword.

A record's declaration (a dataclass or a NamedTuple) is the one list of its fields: its SELECT
list is made from it (`select_list`), and a row becomes a record through the names the cursor
reports (`build`), never through the order of the columns. A column added in its natural place
of the table, or a table rebuilt with its columns in another order, changes nothing here.

A dataclass field that is not a column of the record's table (a name joined in, a list filled
afterwards) is declared with `derived()`; it is left out of `columns()`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import MISSING, field, fields, is_dataclass
from typing import Any, TypeVar

T = TypeVar("T")

_DERIVED = "zhibu.derived"


def derived(default: Any = MISSING, *, default_factory: Any = MISSING) -> Any:
    """A dataclass field that is not a column of the record's table."""
    return field(default=default, default_factory=default_factory, metadata={_DERIVED: True})


def columns(record: type) -> tuple[str, ...]:
    """The record's table columns: its fields, less those declared `derived()`."""
    if is_dataclass(record):
        return tuple(f.name for f in fields(record) if f.init and not f.metadata.get(_DERIVED))
    return tuple(record._fields)  # a NamedTuple


def select_list(record: type, alias: str = "", *, exclude: Iterable[str] = ()) -> str:
    """'t.id, t.date, …' for the record's columns (prefixed with `alias.` when given)."""
    prefix = f"{alias}." if alias else ""
    skip = set(exclude)
    return ", ".join(f"{prefix}{c}" for c in columns(record) if c not in skip)


def named(cursor: sqlite3.Cursor) -> Iterator[dict[str, Any]]:
    """Each row of the cursor as {column name: value} (the names the SELECT gives them)."""
    if cursor.description is None:
        return iter(())
    names = [d[0] for d in cursor.description]
    return (dict(zip(names, row)) for row in cursor)


def named_one(cursor: sqlite3.Cursor) -> dict[str, Any] | None:
    return next(named(cursor), None)


def build(record: type[T], cursor: sqlite3.Cursor) -> list[T]:
    """Every row as a record, each value passed by its column's name. When the names the cursor
    reports are the record's own fields in their order (the usual `select_list` case), the row is
    passed as it is: the same values to the same fields, without a dict per row."""
    if cursor.description is None:
        return []
    names = tuple(d[0] for d in cursor.description)
    if _in_field_order(record, names):
        make = getattr(record, "_make", None)   # a NamedTuple's, when every field is selected
        if make is not None and len(names) == len(_FIELD_ORDER[record]):
            return [make(row) for row in cursor]
        return [record(*row) for row in cursor]
    return [record(**dict(zip(names, row))) for row in cursor]


_FIELD_ORDER: dict[type, tuple[str, ...]] = {}


def _in_field_order(record: type, names: tuple[str, ...]) -> bool:
    """True when `names` are the record's first positional fields, in order (then a row passed
    by position fills exactly the fields it would fill by name)."""
    order = _FIELD_ORDER.get(record)
    if order is None:
        if is_dataclass(record):
            order = tuple(f.name for f in fields(record) if f.init and not f.kw_only)
        elif hasattr(record, "_fields"):
            order = tuple(record._fields)
        else:
            order = ()
        _FIELD_ORDER[record] = order
    return bool(names) and order[:len(names)] == names and len(set(names)) == len(names)


def build_one(record: type[T], cursor: sqlite3.Cursor) -> T | None:
    row = named_one(cursor)
    return None if row is None else record(**row)
