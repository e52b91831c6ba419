"""Text renderings (table, JSON, CSV) of the mediator ranking and of brokerage roles."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from .brokerage import ROLES

__all__ = ["MEDIATOR_COLUMNS", "localised", "rank_text", "panel_texts", "mediators_text", "brokerage_text"]

#: CSV and table columns of the mediator ranking (the JSON holds every field).
MEDIATOR_COLUMNS = ("rank", "rank_best", "rank_worst", "entity", "label", "kind", "score", "mandates", "betweenness",
                    "constraint", "effective_size", *ROLES, "brokerage", "cut_off", "explanation", "evidence")
#: "rank 2 (between 1 and 4)", in each language.
RANK_WORDS = {"fr": ("rang {rank}", " (entre {best} et {worst})", " (stable)"),
              "en": ("rank {rank}", " (between {best} and {worst})", " (stable)")}


def localised(entry: dict, lang: str = "en") -> dict:
    """The entry as a reader of ``lang`` gets it: ``explanation`` in that language (from ``explanations``)."""
    out = {k: v for k, v in entry.items() if k != "explanations"}
    texts = entry.get("explanations") or {}
    out["explanation"] = texts.get(lang) or texts.get("en") or entry.get("explanation", "")
    return out


def rank_text(entry: dict, lang: str = "en") -> str:
    """``rang 2 (entre 1 et 4)`` / ``rank 2 (between 1 and 4)``; the rank alone when no range was computed."""
    rank, between, stable = RANK_WORDS[lang]
    text = rank.format(rank=entry["rank"])
    found = entry.get("rank_range")
    if found:
        text += stable if found["best"] == found["worst"] else between.format(**found)
    return text


def panel_texts(entries: Iterable[dict]) -> dict[str, dict[str, str]]:
    """The mediator line of the map's panel for each entry, by language: ``rang 2 (entre 1 et 4) · explanation``.

    >>> panel_texts([{"entity": "a", "rank": 2, "rank_range": {"best": 1, "worst": 4},
    ...               "explanations": {"fr": "Membre de X.", "en": "Member of X."}}])["a"]["fr"]
    'rang 2 (entre 1 et 4) · Membre de X.'
    """
    return {e["entity"]: {lang: f"{rank_text(e, lang)} · {localised(e, lang)['explanation']}" for lang in RANK_WORDS}
            for e in entries}


def _flat(entry: dict) -> dict:
    row = {k: entry.get(k) for k in MEDIATOR_COLUMNS if k not in ROLES and k != "brokerage"}
    row.update({role: entry["brokerage"][role] for role in ROLES})
    row["brokerage"] = entry["brokerage"]["total"]
    found = entry.get("rank_range") or {}
    row["rank_best"], row["rank_worst"] = found.get("best"), found.get("worst")
    row["evidence"] = " ".join(entry.get("evidence", []))
    return {k: ("" if row[k] is None else row[k]) for k in MEDIATOR_COLUMNS}


def mediators_text(entries: list, fmt: str = "table", lang: str = "en") -> str:
    """The ranking as ``table`` (one block per entry), ``json`` (the list of entries) or ``csv``, with the
    explanations in ``lang``."""
    entries = [localised(e, lang) for e in entries]
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
        lines.append(f"{rank_text(e, lang)}. {e['label']}  <{e['entity']}>")
        lines.append(f"     score {e['score']:.3f}  mandates {e.get('mandates', 0)}  "
                     f"betweenness {e['betweenness']:.4f}  "
                     f"constraint {constraint}  brokerage {e['brokerage']['total']}  cut off {e['cut_off']}")
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
