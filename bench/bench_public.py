"""Time the derivation of the public view (ses_graph.public) on the curated graph and on generated ecosystems.

Usage: python bench/bench_public.py [--sizes 1k] [--repeats 3] [--work DIR]

Each graph is built once (``build.build`` with the mediator rankings, as ``ses-graph build`` does)
into ``--work``; then ``public.build_view`` (a new generation of the view in the folder ``public``
of the store: who is hidden, the filtered and masked copy, search keys, mediator rankings computed
again, compaction, atomic publish) runs ``--repeats`` times, and its steps once more in memory.
Prints the best wall time and the CPU time of each run, and one line of steps per graph.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

from ses_graph import build, public, search_index  # noqa: E402
from ses_graph import store as stores  # noqa: E402


def stored(name: str, work: Path, size: str | None) -> Path:
    path = work / f"public-{name}" / "store"
    shutil.rmtree(path.parent, ignore_errors=True)
    data = None
    if size is not None:
        data = work / f"public-{name}" / "data"
        generate.write(data / "ecosystem.nt", generate.SIZES[size])
    build.build(path, data_dir=data, with_mediators=True)
    return path


def steps(path: Path) -> str:
    full, view = stores.open_store(path), ox.Store()
    t0 = time.perf_counter()
    left_out = public.hidden(full)
    t1 = time.perf_counter()
    view.bulk_extend(public.public_quads(full, left_out))
    t2 = time.perf_counter()
    view.bulk_extend(search_index.search_key_quads(view))
    t3 = time.perf_counter()
    view.bulk_extend(build.mediator_quads(view))
    t4 = time.perf_counter()
    return (f"hidden {t1 - t0:.2f} s, copy and mask {t2 - t1:.2f} s, search keys {t3 - t2:.2f} s, "
            f"rankings {t4 - t3:.2f} s; {len(left_out.persons):,} people hidden, "
            f"{len(left_out.nodes) - len(left_out.persons):,} other nodes left out")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", choices=list(generate.SIZES), default=["1k"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    args = parser.parse_args()
    for name, size in [("curated", None), *((s, s) for s in args.sizes)]:
        path = stored(name, args.work, size)
        full = len(stores.open_store(path))
        runs = []
        for _ in range(args.repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            report = public.build_view(path)
            runs.append((time.perf_counter() - wall, time.process_time() - cpu))
        best = min(runs)
        print(f"{name:>8}: {full:,} quads -> {report.triples:,} in the view; build_view best {best[0]:.2f} s "
              f"(CPU {best[1]:.2f} s) of {args.repeats}; {steps(path)}", flush=True)


if __name__ == "__main__":
    main()
