"""Writing an imported roster: the accepted rows in one transaction, or nothing.

A row matches an existing member by name and birth date (or by name alone when the file has no
birth date and the name is unique), so importing the same file again updates, never duplicates.
`plan_import` runs the same writes and rolls them back, so the preview says exactly who will be
added and who updated before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.store import branch, members
from tui.store.db import Database, transaction
from tui.store.errors import ValidationError


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    groups_created: list[str] = field(default_factory=list)
    unchanged: int = 0
    added_names: list[str] = field(default_factory=list)
    updated_names: list[str] = field(default_factory=list)


class _DryRun(Exception):
    """Raised inside the transaction of a plan so that nothing of it is kept."""


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


def _changes(db: Database, member_id: int, values: dict) -> bool:
    current = members.get_member(db, member_id)
    clean = members.validate({**values, "_partial": True})
    return any(getattr(current, key) != value for key, value in clean.items())


def _write(db: Database, rows: list[tuple[int, dict]]) -> ImportResult:
    result = ImportResult()
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
                result.added_names.append(values["name"])
            elif _changes(db, existing, values):
                members.save_member(db, values, existing)
                result.updated += 1
                left = not members.get_member(db, existing).active  # stays left: the file does not say otherwise
                result.updated_names.append(values["name"] + ("（已离开）" if left else ""))
            else:
                result.unchanged += 1
        except ValidationError as exc:
            raise ValidationError(f"第{row_number}行：{exc}", exc.field) from None
    return result


def apply_import(db: Database, rows: list[tuple[int, dict]]) -> ImportResult:
    """rows: (source row number, canonical values). Raises ValidationError naming the row."""
    with transaction(db):
        return _write(db, rows)


def plan_import(db: Database, rows: list[tuple[int, dict]]) -> ImportResult:
    """What apply_import would do, without keeping any of it. Raises ValidationError like it."""
    outcome: ImportResult | None = None
    try:
        with transaction(db):
            outcome = _write(db, rows)
            raise _DryRun
    except _DryRun:
        pass
    assert outcome is not None
    return outcome


def describe_plan(result: ImportResult, limit: int = 40) -> list[str]:
    """The plan (or the outcome) as lines for a preview: counts, then the names."""
    def names(found: list[str]) -> str:
        shown = "、".join(found[:limit])
        return shown + (f" 等 {len(found)} 人" if len(found) > limit else "")

    lines = [f"将新增 {result.added} 人，更新 {result.updated} 人"
             + (f"，{result.unchanged} 人无变化" if result.unchanged else "")
             + (f"；新建党小组 {'、'.join(result.groups_created)}" if result.groups_created else "")]
    if result.added_names:
        lines.append(f"  新增：{names(result.added_names)}")
    if result.updated_names:
        lines.append(f"  更新：{names(result.updated_names)}")
    return lines
