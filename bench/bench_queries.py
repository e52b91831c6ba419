"""Named queries with a bound parameter against the same query with a hand-written VALUES block.

Usage: python bench/bench_queries.py [--size 10k] [--repeats 30] [--every]

On the store of bench_api.py (bench/work/api-SIZE/store, built when missing), in process, for the
three parameterised queries of the API mix: the median time (ms, every row read) of

- ``values``: the query text with ``VALUES ?param { <IRI> }`` written by hand at the head of its
  WHERE clause (what a SPARQL user would send);
- ``bound IRI``: ``queries.run`` with the IRI as parameter value (the slot filled, the text run);
- ``bound label``: ``queries.run`` with the entity's label (resolved through the search graph first);
- ``substitution``: the binding used before, the free text with pyoxigraph's substitutions.

The four forms run in turn, ``--repeats`` rounds, so that the machine's load falls on all alike.

With ``--every``, instead: every named query once, each with its example parameters (without them where they name
nothing of the generated ecosystem and are optional), every row read: its rows, wall and CPU seconds (``--repeats``
is then the number of runs of each, the best of them given). A query that takes minutes on the ecosystem shows here.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_api import ID, data_file, mix, named_text, our_store  # noqa: E402

from ses_graph import queries  # noqa: E402
from ses_graph import store as stores  # noqa: E402
from ses_graph.errors import ParameterError  # noqa: E402


def label_of(store: ox.Store, iri: str) -> str:
    rows = store.query(f"SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} LIMIT 1")
    return next(iter(rows))["l"].value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10k", choices=["1k", "10k", "50k"])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--every", action="store_true", help="every named query once, rows and seconds")
    args = parser.parse_args()
    store = stores.open_store(our_store(data_file(args.size, None)))
    if args.every:
        every(store, args.size, args.repeats if args.repeats != 30 else 1)
        return
    named = [q for q in mix() if q.name]
    forms = {}
    for q in named:
        query = queries.get(q.name)
        (key, iri), = q.params.items()
        label = label_of(store, iri)
        free = query.template.text()
        substitutions = {ox.Variable(key): ox.NamedNode(iri)}
        text = named_text(q.name, q.params)
        forms[q.name] = {
            "values": lambda t=text: list(store.query(t)),
            "bound IRI": lambda n=query, p=q.params: list(queries.run(store, n, p)),
            "bound label": lambda n=query, p={key: label}: list(queries.run(store, n, p)),
            "substitution": lambda t=free, s=substitutions: list(store.query(t, substitutions=s)),
        }
        counts = {form: len(run()) for form, run in forms[q.name].items()}
        print(f"# {q.name}: {key} = <{iri.removeprefix(ID)}> ({label!r}), rows {counts}", file=sys.stderr)
    times: dict[str, dict[str, list[float]]] = {name: {form: [] for form in f} for name, f in forms.items()}
    for _ in range(args.repeats):
        for name, by_form in forms.items():
            for form, run in by_form.items():
                started = time.perf_counter()
                run()
                times[name][form].append((time.perf_counter() - started) * 1000)
    print("| query | " + " | ".join(next(iter(forms.values()))) + " | bound IRI / values |")
    print("|---|" + "---:|" * (len(next(iter(forms.values()))) + 1))
    for name, by_form in times.items():
        p50 = {form: statistics.median(values) for form, values in by_form.items()}
        print(f"| {name} | " + " | ".join(f"{v:.2f}" for v in p50.values()) +
              f" | {p50['bound IRI'] / p50['values']:.2f}x |")


def every(store: ox.Store, size: str, runs: int) -> None:
    print(f"| named query ({size}) | parameters | rows | wall s | CPU s |")
    print("|---|---|---:|---:|---:|")
    for name, query in sorted(queries.catalogue().items()):
        values: dict[str, str] = {k: str(v) for k, v in query.example.items()}
        try:
            queries.bound_text(store, query, values)
        except ParameterError:  # the curated graph's examples: without them, where they are optional
            values = {}
            try:
                queries.bound_text(store, query, values)
            except ParameterError:
                print(f"| {name} | needs one that the ecosystem has | | | |")
                continue
        best = (float("inf"), float("inf"))
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            rows = sum(1 for _ in queries.run(store, query, values))
            best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
        shown = ", ".join(f"{k} = {v}" for k, v in values.items()) or "none"
        print(f"| {name} | {shown} | {rows:,} | {best[0]:.2f} | {best[1]:.2f} |", flush=True)


if __name__ == "__main__":
    main()
