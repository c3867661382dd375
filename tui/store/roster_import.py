"""Writing an imported roster: the accepted rows in one transaction, or nothing.

A row matches an existing member by name and birth date (or by name alone when the file has no
birth date and the name is unique), so importing the same file again updates, never duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.store.db import Database

from tui.store import branch, members
from tui.store.db import transaction
from tui.store.errors import ValidationError


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    groups_created: list[str] = field(default_factory=list)


def _match(db: Database, values: dict) -> int | None:
    same_name = members.find_by_name(db, values["name"])
    birth = values.get("birth_date")
    if birth:
        hits = [m for m in same_name if m.birth_date and m.birth_date[:7] == birth[:7]]
        if len(hits) == 1:
            return hits[0].id
        if hits:
            return None
        return same_name[0].id if len(same_name) == 1 and not same_name[0].birth_date else None
    return same_name[0].id if len(same_name) == 1 else None


def apply_import(db: Database, rows: list[tuple[int, dict]]) -> ImportResult:
    """rows: (source row number, canonical values). Raises ValidationError naming the row."""
    result = ImportResult()
    with transaction(db):
        groups = {g.name: g.id for g in branch.list_groups(db)}
        for row_number, raw in rows:
            values = {k: v for k, v in raw.items() if k in members.EDITABLE and v not in (None, "")}
            group_name = (raw.get("group_name") or "").strip()
            if group_name:
                if group_name not in groups:
                    groups[group_name] = branch.save_group(db, group_name)
                    result.groups_created.append(group_name)
                values["group_id"] = groups[group_name]
            try:
                existing = _match(db, members.validate({**values, "_partial": False}))
                if existing is None:
                    members.save_member(db, values)
                    result.added += 1
                else:
                    members.save_member(db, values, existing)
                    result.updated += 1
            except ValidationError as exc:
                raise ValidationError(f"第{row_number}行：{exc}", exc.field) from None
    return result
