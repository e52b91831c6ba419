"""Time the full mediator ranking on generated ecosystems of 1k, 10k and 50k organisations.

Usage: python bench/bench_mediators.py [--sizes 1k 10k 50k] [--work DIR]

Each ecosystem comes from ``bench/generate.py`` (seeded, cached as N-Triples under ``--work``),
is loaded with the ontology into an in-memory pyoxigraph store, and then timed in two steps:

- graph: ``graphs.network(store)``, the SPARQL queries ``network-nodes``, ``network-edges`` and ``network-groups``
  and the networkx multi-relational graph;
- ranking: ``mediators.ranking(graph, "organisation", top=20)``, i.e. every measure on the
  two-mode graph (betweenness exact up to 5,000 nodes, else 150 sampled sources, shown with the
  largest estimated standard error among the top 20), brokerage,
  constraint, effective size, group reach, cut-off from the root, score, and the explanations
  of the top 20.

The generated ecosystems have no ``id:mes-france``: the root is the organisation with the most
membership ties. Prints one line per size.

With ``--build-step``, times instead what ``ses-graph build`` runs after loading the data:
``build.mediator_quads(store)`` (the network, both whole rankings, organisations and people, with
their claims, explanations in French and English, rank ranges where the network is small enough,
and the quads of the mediators graph), on a store on disk as the build's (a temporary folder under
``--work``; ``--in-memory``: an in-memory store, where the network's queries run 2 to 3 times faster). With
``--parts``, the parts of that step one after the other (CPU seconds of this process; the betweenness in this
process alone).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

from ses_graph import build  # noqa: E402
from ses_graph.analysis import (  # noqa: E402
    CANDIDATE_KINDS,
    claims,
    graphs,
    measures,
    mediators,
    scores,
    stored,
    ties,
    vocabulary,
    wording,
)

ONTOLOGY = ROOT / "ontology" / "ses.ttl"


def ecosystem(size: str, work: Path) -> Path:
    path = work / size / "ecosystem.nt"
    if not path.is_file():
        generate.write(path, generate.SIZES[size])
    return path


def loaded(path: Path, folder: Path | None = None) -> ox.Store:
    """A store holding the ontology, its concept schemes and the ecosystem at ``path``: on disk in ``folder`` (as
    ``ses-graph build`` has it when it runs the mediator step), else in memory."""
    store = ox.Store() if folder is None else ox.Store(str(folder))
    store.bulk_load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    store.bulk_load(path=str(ROOT / "ontology" / "schemes.ttl"), format=ox.RdfFormat.TURTLE)
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    return store


def parts(store: ox.Store, size: str) -> None:
    """CPU seconds of each part of the build's mediator step, one after the other (the collector paused, as there)."""
    def timed(label: str, step):
        started = time.process_time()
        result = step()
        print(f"{size:>4} {label:<28} {time.process_time() - started:7.2f} s", flush=True)
        return result

    gc.disable()
    graph = timed("network", lambda: graphs.network(store))
    root = vocabulary.root_of(graph, None)
    roles = vocabulary.of(graph).mandates
    simple = timed("undirected weighted copy",
                   lambda: measures.Undirected(graph, weight=lambda data: ties.weight(data, roles)))
    timed("betweenness (one process)", lambda: measures.betweenness(simple, weighted=True, processes=1))
    measured = timed("measures (all)", lambda: scores.measure(graph, root=root))
    scored = timed("scores", lambda: {kind: scores.mediator_scores(graph, kind, root=root, measured=measured)
                                      for kind in CANDIDATE_KINDS})
    told = wording.words_of(graph)
    nodes = [node for entries in scored.values() for node in entries]
    said = timed("claims", lambda: {node: claims.claims(graph, node) for node in nodes})
    timed("explanations (fr and en)", lambda: [wording.explanations(graph, node, said[node], told) for node in nodes])
    ranked = mediators.rankings(graph)
    timed("quads (records included)", lambda: [q for entries in ranked.values() for q in mediators.to_quads(entries)])
    timed("records alone", lambda: [stored.record(entry) for entries in ranked.values() for entry in entries])
    gc.enable()


def _children_cpu() -> float:
    """CPU seconds (user + system) of the processes this one started and waited for."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=list(generate.SIZES), default=list(generate.SIZES))
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument("--build-step", action="store_true", help="time build.mediator_quads(store)")
    parser.add_argument("--parts", action="store_true", help="time the parts of the build's mediator step")
    parser.add_argument("--in-memory", action="store_true",
                        help="--build-step, --parts: the store in memory, not on disk as the build has it")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    temporary = tempfile.TemporaryDirectory(prefix="bench-mediators-", dir=args.work)

    def folder(size: str) -> Path | None:
        return None if args.in_memory else Path(temporary.name) / size

    if args.parts:
        for size in args.sizes:
            parts(loaded(ecosystem(size, args.work), folder(size)), size)
        return
    if args.build_step:
        print("size  triples  ranked  mediator step (CPU: its process, and the processes it started)  quads  "
              f"load average  (store {'in memory' if args.in_memory else 'on disk'})")
        for size in args.sizes:
            store = loaded(ecosystem(size, args.work), folder(size))
            t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
            quads = build.mediator_quads(store)
            t1, c1, k1 = time.perf_counter(), time.process_time(), _children_cpu()
            nodes = len({q.subject for q in quads})
            print(f"{size:>4} {len(store):>9,} {nodes:>7,} {t1 - t0:7.1f} s ({c1 - c0:5.1f} s + {k1 - k0:5.1f} s)  "
                  f"{len(quads):>9,}  {os.getloadavg()[0]:.1f}", flush=True)
        return
    print("size  triples    nodes   edges  betweenness        graph  ranking  total")
    for size in args.sizes:
        path = ecosystem(size, args.work)
        store = ox.Store()
        store.bulk_load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        triples = len(store)
        t0 = time.perf_counter()
        graph = graphs.network(store)
        t1 = time.perf_counter()
        members = {}
        for _u, v, relation in graph.edges(data="relation"):
            if relation == "membership":
                members[v] = members.get(v, 0) + 1
        root = min(members, key=lambda n: (-members[n], n))
        top = mediators.ranking(graph, "organisation", top=20, root=root)
        t2 = time.perf_counter()
        error = top[0]["betweenness_error"] if top else 0.0
        se = max((e["betweenness_se"] for e in top), default=0.0)
        how = "exact" if error == 0 else f"sampled SE {se:.4f}"
        print(f"{size:>4} {triples:>9,} {graph.number_of_nodes():>7,} {graph.number_of_edges():>7,}  {how:<16} "
              f"{t1 - t0:6.1f} s {t2 - t1:6.1f} s {t2 - t0:6.1f} s", flush=True)


if __name__ == "__main__":
    main()
