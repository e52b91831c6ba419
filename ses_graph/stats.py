"""Coverage figures of a built graph: triples, entities by class, facts by source, quality counters."""

from __future__ import annotations

import pyoxigraph as ox

from .export import short
from .resources import select


def entities(store: ox.Store) -> tuple[int, dict[str, int]]:
    """How many of the graph's own entities the store holds, and of each class (its prefixed name), names sorted:
    one pass over the type statements for both."""
    counts = {r["class"]: int(r["count"].value) for r in select(store, "stats-classes")}
    total = counts.pop(None, 0)
    return total, dict(sorted((short(cls), count) for cls, count in counts.items()))


def classes(store: ox.Store) -> dict[str, int]:
    """The number of entities of each class (its prefixed name), names sorted."""
    return entities(store)[1]


def stats(store: ox.Store) -> dict:
    """``{"triples": N, "classes", "facts_by_source", "entities_by_source", "quality"}``, keys sorted."""
    sources = {r["identifier"].value: int(r["count"].value) for r in select(store, "stats-sources")}
    entities = {r["identifier"].value: int(r["count"].value) for r in select(store, "stats-entities")}
    quality = {r["measure"].value: int(r["count"].value) for r in select(store, "stats-quality")}
    return {
        "triples": len(store),
        "classes": classes(store),
        "facts_by_source": dict(sorted(sources.items())),
        "entities_by_source": dict(sorted(entities.items())),
        "quality": dict(sorted(quality.items())),
    }


def table(figures: dict) -> str:
    lines = [f"triples  {figures['triples']}", "", "entities by class"]
    lines += [f"  {name:<32} {count:>6}" for name, count in figures["classes"].items()]
    for title, key in (("facts by source", "facts_by_source"), ("entities by source", "entities_by_source"),
                       ("quality", "quality")):
        lines += ["", title] + [f"  {name:<32} {count:>6}" for name, count in figures[key].items()]
    return "\n".join(lines)
