"""Mediators between the national movement and its members: score, rank, explanation, stability.

- :mod:`.scores` -- the score (six measures, mandates weighted: :mod:`.ties`) and the ranks;
- :mod:`.claims` and :mod:`.wording` -- what the facts say of each candidate, in plain French and
  English, with the facts it rests on (``evidence``);
- :mod:`.stability` -- the range of each rank when sources or random facts are left out;
- :func:`to_quads` -- a ranking as the mediators named graph; the what-if functions (:mod:`.whatif`).

The rule and its references: docs/mediators.md.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from .. import terms
from .claims import claims
from .scores import CANDIDATE_KINDS, COMPONENTS, candidates, competition_ranks, measuring, mediator_scores
from .stability import rank_ranges
from .stored import record
from .vocabulary import LANGS, root_of
from .whatif import loss_ranking, what_if
from .wording import explanations, words_of

__all__ = ["CANDIDATE_KINDS", "COMPONENTS", "mediator_scores", "ranking", "rankings", "what_if",
           "loss_ranking", "to_quads"]

#: Predicates of the mediators graph (namespace of the ontology).
PREDICATES = {"rank": terms.mediatorRank, "score": terms.mediatorScore, "betweenness": terms.betweenness,
              "constraint": terms.constraint, "brokerage": terms.brokerage, "explanation": terms.mediatorExplanation,
              "best": terms.mediatorRankBest, "worst": terms.mediatorRankWorst, "evidence": terms.mediatorEvidence,
              "record": terms.mediatorRecord, "kind": terms.mediatorKind}
INTEGER, DECIMAL = terms.xsd_integer, terms.xsd_decimal
#: Fractional digits of a stored measure (``xsd:decimal``): as many as every engine tested gives back whole
#: (Virtuoso 7.2 keeps 15; it writes an ``xsd:double`` with 6 significant digits: bench/README.md).
DIGITS = 15
#: Largest network (nodes) whose rank ranges are computed (each costs one ranking per perturbation, up
#: to 30: bench/README.md).
STABILITY_LIMIT = 1500


def ranking(graph: nx.MultiDiGraph, kind: str = "organisation", *, top: int | None = None,
            root: str | None = None, samples: int | None = None, seed: int = 0, stability: bool | None = None) -> list:
    """The candidates of one kind by decreasing mediator score (equal scores share a rank), then by IRI.

    Parameters
    ----------
    graph, kind, root, samples, seed
        As for :func:`ses_graph.analysis.scores.mediator_scores`.
    top : int, optional
        Keep the first ``top`` entries.
    stability : bool, optional
        Compute the rank ranges (:func:`ses_graph.analysis.stability.rank_ranges`); default: when
        the network has at most :data:`STABILITY_LIMIT` nodes.

    Returns
    -------
    list of dict
        The entries of :func:`mediator_scores` with ``rank`` (1 = best; equal scores share it),
        ``claims`` (:func:`ses_graph.analysis.claims.claims`), ``explanations`` (``{"fr": ...,
        "en": ...}``), ``evidence`` (the facts the explanations rest on) and ``rank_range``
        (``{"best", "worst", "without_source", "random"}``, or None when not computed).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["mes", "a", "b"], kind="organisation", label="x")
    >>> _ = g.add_edge("a", "mes", relation="membership", fact="m1"); _ = g.add_edge("b", "mes", relation="membership")
    >>> [(e["entity"], e["rank"], e["evidence"]) for e in ranking(g, root="mes")]
    [('a', 1, ['m1']), ('b', 1, [])]
    """
    return rankings(graph, (kind,), root=root, samples=samples, seed=seed, stability=stability)[kind][:top]


def rankings(graph: nx.MultiDiGraph, kinds: Iterable[str] = CANDIDATE_KINDS, *, root: str | None = None,
             samples: int | None = None, seed: int = 0, stability: bool | None = None) -> dict[str, list]:
    """:func:`ranking` of each of ``kinds`` (``{kind: entries}``), the network measures computed once for all.

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("mes", {"kind": "organisation"}), ("a", {"kind": "organisation"}),
    ...                   ("p", {"kind": "person"})])
    >>> _ = g.add_edge("a", "mes", relation="membership", fact="m1"); _ = g.add_edge("p", "a", relation="membership")
    >>> {kind: [e["entity"] for e in found] for kind, found in rankings(g, root="mes").items()}
    {'organisation': ['a'], 'person': ['p']}
    """
    root = root_of(graph, root)
    measured = measuring(graph, root=root, samples=samples, seed=seed)
    # what the facts say of each candidate, while a sampled betweenness runs in processes of its own
    told = words_of(graph)
    said = {}
    try:
        for kind in kinds:
            for node in candidates(graph, kind, root):
                found = claims(graph, node)
                said[node] = (found, *explanations(graph, node, found, told))
    finally:  # on an error too: those processes end, none is left waiting to give its results
        shared = measured()
    scored = {kind: mediator_scores(graph, kind, root=root, measured=shared) for kind in kinds}
    ranks = {kind: competition_ranks({n: e["score"] for n, e in scores.items()}) for kind, scores in scored.items()}
    if stability is None:
        stability = graph.number_of_nodes() <= STABILITY_LIMIT
    ranges = rank_ranges(graph, ranks, root=root, samples=samples, seed=seed) if stability else {}
    out = {}
    for kind, scores in scored.items():
        out[kind] = ordered = sorted(scores.values(), key=lambda e: (ranks[kind][e["entity"]], e["entity"]))
        for entry in ordered:
            node = entry["entity"]
            entry["rank"] = ranks[kind][node]
            entry["rank_range"] = ranges.get(kind, {}).get(node)
            entry["claims"], entry["explanations"], entry["evidence"] = said[node]
    return out


def measure_literal(value: float) -> ox.Literal:
    """``value`` as an ``xsd:decimal`` of at most :data:`DIGITS` fractional digits, in its canonical form.

    >>> measure_literal(0.05682009148902697).value, measure_literal(1.0).value, measure_literal(0.0).value
    ('0.056820091489027', '1', '0')
    """
    text = f"{float(value):.{DIGITS}f}".rstrip("0").rstrip(".")
    return ox.Literal("0" if text in ("", "-0") else text, datatype=DECIMAL)


def to_quads(ranking_entries: Iterable[dict]) -> list:
    """The ranking as quads in the named graph ``terms.MEDIATORS_GRAPH``.

    Each entity gets ``ses:mediatorRank``, ``ses:mediatorScore``, ``ses:betweenness``,
    ``ses:constraint`` (when defined), ``ses:brokerage`` (total), ``ses:mediatorExplanation``
    (``@fr`` and ``@en``), ``ses:mediatorRankBest`` and ``ses:mediatorRankWorst`` (when the range
    was computed), ``ses:mediatorEvidence`` (each fact of the evidence) and ``ses:mediatorRecord``
    (the whole entry, the one the reading commands show: :mod:`.stored`). Load them with
    ``store.extend(to_quads(entries))``.

    Examples
    --------
    >>> quads = to_quads([{"entity": "https://w3id.org/ses-graph/id/apes", "rank": 1, "score": 0.5,
    ...     "betweenness": 0.1, "constraint": None, "brokerage": {"total": 3}, "explanations": {"fr": "x", "en": "x"}}])
    >>> len(quads), quads[0].graph_name == terms.MEDIATORS_GRAPH
    (7, True)
    """
    graph, p, lit, quad, node = terms.MEDIATORS_GRAPH, PREDICATES, ox.Literal, ox.Quad, ox.NamedNode
    ranks = {name: p[name] for name in ("rank", "best", "worst")}
    quads: list[ox.Quad] = []
    add = quads.append
    for e in ranking_entries:
        s = node(e["entity"])
        add(quad(s, p["rank"], lit(str(e["rank"]), datatype=INTEGER), graph))
        add(quad(s, p["score"], measure_literal(e["score"]), graph))
        add(quad(s, p["betweenness"], measure_literal(e["betweenness"]), graph))
        if e.get("constraint") is not None:
            add(quad(s, p["constraint"], measure_literal(e["constraint"]), graph))
        add(quad(s, p["brokerage"], lit(str(e["brokerage"]["total"]), datatype=INTEGER), graph))
        explanation = p["explanation"]
        quads += [quad(s, explanation, lit(e["explanations"][lang], language=lang), graph) for lang in LANGS]
        if e.get("rank_range"):
            quads += [quad(s, ranks[end], lit(str(e["rank_range"][end]), datatype=INTEGER), graph)
                      for end in ("best", "worst")]
        evidence = p["evidence"]
        quads += [quad(s, evidence, node(fact), graph) for fact in e.get("evidence", ())]
        if "kind" in e:
            add(quad(s, p["kind"], lit(e["kind"]), graph))
        add(quad(s, p["record"], record(e), graph))
    return quads
