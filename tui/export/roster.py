"""党员花名册 (.xlsx): gathers the roster from the store, hands plain rows to the writer."""

from __future__ import annotations

from pathlib import Path

from tui.store import branch, members


def roster_rows(db) -> list[dict]:
    groups = {g.id: g.name for g in branch.list_groups(db)}
    roles = {mid: role for role, mid in branch.get_committee(db).items()}
    for g in branch.list_groups(db):
        if g.leader_id and g.leader_id not in roles:
            roles[g.leader_id] = f"{g.name}组长"
    honours: dict[int, list[str]] = {}
    for h in members.list_honours(db):
        honours.setdefault(h.member_id, []).append(f"{h.title}（{h.level}{' ' + str(h.year) if h.year else ''}）")
    rows = []
    for m in members.list_members(db):
        row = members.member_to_dict(m)
        row["group_name"] = groups.get(m.group_id, "")
        row["role"] = roles.get(m.id, "")
        row["honours"] = "；".join(honours.get(m.id, []))
        rows.append(row)
    return rows


def export_roster(db, params, out: Path, *, force: bool = False, progress=None) -> Path:
    from tui.export.roster_xlsx import write_roster_xlsx

    stats = members.roster_stats(db).lines()
    write_roster_xlsx(Path(out), branch.get_branch(db).name, roster_rows(db), stats, force=force)
    return Path(out)
