"""Reading past Virtuoso's cap on rows: the same readings at Debian's cap (10,000 rows) and at a cap above them all.

Usage: python bench/bench_remote.py [--size 10k] [--repeats 3] [--cap 10000] [--dump]

The generated ecosystem of bench_api.py, built with its mediators graph (bench/work/remote-SIZE/store, when
missing), is loaded by ``publish`` (what ``ses-graph build --endpoint`` does) into two Virtuoso servers started on
loopback ports (``tests/engines.py``): one with ``ResultSetMaxRows`` at ``--cap`` (10,000 is the value of Debian's
``virtuoso.ini``), where every result past it is read in pages (:meth:`ses_graph.remote.RemoteStore.query`), one at
1,048,576 (the most one answer of Virtuoso holds), where none is. Then, ``--repeats`` rounds, each reading once on
every store in turn (so that the machine's load falls on all alike), wall seconds:

- every named query whose rows pass the cap, in process (``queries.run``), with its example parameters (without
  them where they name nothing of the generated ecosystem and are optional);
- the reading commands whose results pass it, as a user runs them (``ses-graph ... --endpoint URL`` or
  ``--store PATH``, a process each, its start included on every side): the map, the whole ranking, the graphml
  export; with ``--dump``, the N-Quads dump of every graph too (every graph read in pages of the cap).

The table gives the median of each, and the ratio of the capped server to the uncapped one. Each reading's result
on both servers is checked against the embedded store's (rows as sets, the concatenated values sorted; a command's
bytes; a dump's quads with their blank nodes named canonically), and the differences are said, with two rows of each
side. (On the 10k ecosystem Virtuoso 7.2.5 left ``org:role`` unbound in 2,961 rows of ``network-edges`` in two runs
of three, paged or not: bench/README.md.)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from bench_api import WORK, data_file  # noqa: E402
from engines import virtuoso_server  # noqa: E402
from support import READING, concatenated, dump_alike, output, solution_rows  # noqa: E402

from ses_graph import build, queries  # noqa: E402
from ses_graph import store as stores  # noqa: E402
from ses_graph.errors import ParameterError  # noqa: E402
from ses_graph.export import DUMPS  # noqa: E402
from ses_graph.remote import RemoteStore, publish  # noqa: E402

UNCAPPED = 1_048_576
#: TransactionAfterImageLimit: the build's switch of the 10k ecosystem and its mediators (1,040,865 quads) passes
#: Virtuoso's default of 50,000,000 bytes (ses_graph.remote_limits.engine_log_limit)
LOG_LIMIT = 500_000_000
COMMANDS = ("map", "mediators, every record", "export graphml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10k", choices=["1k", "10k", "50k"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cap", type=int, default=10_000)
    parser.add_argument("--dump", action="store_true", help="also the N-Quads dump of every graph")
    args = parser.parse_args()
    path = ranked_store(args.size)
    embedded = stores.open_store(path)
    with tempfile.TemporaryDirectory(prefix="bench-remote-") as work, \
            virtuoso_server(Path(work) / "capped", limit=3600, max_rows=args.cap, after_image=LOG_LIMIT) as capped, \
            virtuoso_server(Path(work) / "uncapped", limit=3600, max_rows=UNCAPPED, after_image=LOG_LIMIT) as uncapped:
        remote = {"capped": RemoteStore(capped), "uncapped": RemoteStore(uncapped)}
        for name, target in remote.items():
            started = time.perf_counter()
            quads, requests = publish(embedded, target)
            print(f"# {name} Virtuoso loaded: {quads} quads, {requests} requests, "
                  f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
        where = {"embedded": ["--store", str(path)], "uncapped": ["--endpoint", uncapped.query],
                 "capped": ["--endpoint", capped.query]}
        readings: dict[str, dict[str, Callable[[], object]]] = {}
        catalogue = queries.catalogue()
        for name, query in sorted(catalogue.items()):
            values = {k: str(v) for k, v in query.example.items()}
            strings = concatenated(query)
            try:
                rows = len(list(queries.run(embedded, query, values)))
            except ParameterError:  # examples of the curated graph: without them where they are optional
                values = {}
                try:
                    rows = len(list(queries.run(embedded, query, values)))
                except ParameterError:
                    continue
            if rows <= args.cap:
                continue
            readings[f"query {name} ({rows:,} rows)"] = {
                side: (lambda s=s, q=query, v=values, c=strings: solution_rows(queries.run(s, q, v), c))
                for side, s in (("embedded", embedded), *remote.items())}
        commands = {name: ["mediators", "--format", "json"] if name.startswith("mediators") else READING[name]
                    for name in COMMANDS}
        if args.dump:
            commands["export nquads"] = READING["export nquads"]
        for command in commands.values():
            readings[f"ses-graph {' '.join(command)}"] = {
                side: (lambda a=command, w=w: output(a, w, Path(tempfile.mkdtemp(dir=work))))
                for side, w in where.items()}
        times: dict[str, dict[str, list[float]]] = {name: {side: [] for side in by} for name, by in readings.items()}
        for round_ in range(args.repeats):
            for name, by_side in readings.items():
                results = {}
                for side, read in by_side.items():
                    started = time.perf_counter()
                    results[side] = read()
                    times[name][side].append(time.perf_counter() - started)
                if round_ == 0:
                    alike(name, results)
                print(f"# round {round_ + 1}: {name} "
                      + ", ".join(f"{side} {t[-1]:.2f} s" for side, t in times[name].items()), file=sys.stderr)
    print(f"| reading ({args.size}) | embedded | Virtuoso, cap {UNCAPPED:,} | Virtuoso, cap {args.cap:,} "
          "| capped / uncapped |")
    print("|---|---:|---:|---:|---:|")
    for name, by_side in times.items():
        p50 = {side: statistics.median(t) for side, t in by_side.items()}
        print(f"| {name} | {p50['embedded']:.2f} s | {p50['uncapped']:.2f} s | {p50['capped']:.2f} s "
              f"| {p50['capped'] / p50['uncapped']:.2f}x |")


def ranked_store(size: str) -> Path:
    """The generated ecosystem of bench_api.py built with its mediators graph (``ses-graph build``), made once."""
    data = data_file(size, None)
    path = WORK / f"remote-{size}" / "store"
    if not stores.exists(path):
        started = time.perf_counter()
        report = build.build(path, data_dir=data.parent, with_mediators=True)
        print(f"# ses-graph build: {report.triples} triples in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def alike(name: str, results: dict[str, object]) -> None:
    """The capped server's result is the embedded store's (the script stops where it is not); the uncapped server's is
    said when it is not."""
    dumped = DUMPS.get(name.removeprefix("ses-graph export --format "))
    for side in ("capped", "uncapped"):
        if dumped is not None:  # blank nodes are named per answer
            dump_alike(results[side]["stdout"], results["embedded"]["stdout"], dumped.format)  # type: ignore[index]
            continue
        if results[side] == results["embedded"]:
            continue
        said = f"{name}: the {side} server's result differs from the embedded store's"
        if isinstance(results[side], list):
            there, here = set(results[side]), set(results["embedded"])  # type: ignore[call-overload]
            said += f": {len(there - here)} rows not there, {len(here - there)} missing, such as " \
                f"{sorted(there - here, key=repr)[:2]} for {sorted(here - there, key=repr)[:2]}"
        print(f"# {said}", file=sys.stderr)

if __name__ == "__main__":
    main()
