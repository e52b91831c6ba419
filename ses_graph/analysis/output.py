"""Text renderings (table, JSON, CSV) of the mediator ranking and of brokerage roles."""

from __future__ import annotations

import csv
import io
import json

from .brokerage import ROLES

__all__ = ["MEDIATOR_COLUMNS", "mediators_text", "brokerage_text"]

#: CSV and table columns of the mediator ranking (the JSON holds every field).
MEDIATOR_COLUMNS = ("rank", "entity", "label", "kind", "score", "betweenness", "constraint", "effective_size",
                    *ROLES, "brokerage", "cut_off", "explanation")


def _flat(entry: dict) -> dict:
    row = {k: entry.get(k) for k in MEDIATOR_COLUMNS if k not in ROLES and k != "brokerage"}
    row.update({role: entry["brokerage"][role] for role in ROLES})
    row["brokerage"] = entry["brokerage"]["total"]
    return {k: ("" if row[k] is None else row[k]) for k in MEDIATOR_COLUMNS}


def mediators_text(entries: list, fmt: str = "table") -> str:
    """The ranking as ``table`` (one block per entry), ``json`` (the list of entries) or ``csv``."""
    if fmt == "json":
        return json.dumps(entries, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=MEDIATOR_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_flat(e) for e in entries)
        return out.getvalue()
    lines = []
    for e in entries:
        constraint = "-" if e["constraint"] is None else f"{e['constraint']:.3f}"
        lines.append(f"{e['rank']:>3}. {e['label']}  <{e['entity']}>")
        lines.append(f"     score {e['score']:.3f}  betweenness {e['betweenness']:.4f}  constraint {constraint}  "
                     f"brokerage {e['brokerage']['total']}  cut off {e['cut_off']}")
        lines.append(f"     {e['explanation']}")
    return "\n".join(lines) + ("\n" if lines else "")


def brokerage_text(roles: dict, fmt: str = "json") -> str:
    """Brokerage roles ``{node: {role: count}}`` as JSON (same shape) or CSV (``node`` then the roles)."""
    if fmt == "json":
        return json.dumps(roles, indent=2, ensure_ascii=False) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["node", *ROLES, "total"])
    for node, row in roles.items():
        writer.writerow([node, *(row[r] for r in ROLES), row["total"]])
    return out.getvalue()
