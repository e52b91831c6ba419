"""Time the build on a generated ecosystem of about 500,000 triples, against `oxigraph load`.

Usage: python bench/bench_build.py [--size 10k] [--repeats 3]

Generates bench/work/build-SIZE/data/ecosystem.nt with bench/generate.py, then times, each run in
a fresh folder under bench/work/ (best and median of --repeats runs):

- `oxigraph load --location DIR --file FILE`, the native loader;
- ses_graph.build.build(store, data_dir=<the folder holding only that file>): parse, validate,
  load, search keys and atomic publish;
- the same work phase by phase, one after the other: the survey (the reading of the files that
  validation works on, which the build does on the other core while loading), the checks, the
  shapes, the search keys, loading (every file in one bulk load), adding the search keys and
  compacting, count + flush;
- ses_graph.build.build on the curated graph (ontology/ and data/), whose figures are its own.

Rates are the generated file's triples per second on every line, so the ratio compares one work.

With --essglobal FILE.csv the work is instead the curated graph plus that SSE standard CSV, imported
once with ``ses-graph import essglobal`` into bench/work/essglobal/: `oxigraph load` of the
ontology, data and imported Turtle files against ses_graph.build.build(store, extra=[that folder]),
the build that ``ses-graph build --data data --data DIR`` runs.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

from ses_graph import build, search_index, validate  # noqa: E402
from ses_graph.errors import DataError  # noqa: E402

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run, repeats: int) -> tuple[float, float, float]:
    """(best, median) wall seconds and the CPU seconds of the best of ``repeats`` calls of ``run(fresh folder)``."""
    runs = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(dir=WORK) as folder:
            wall, cpu = time.perf_counter(), cpu_seconds()
            run(Path(folder) / "store")
            runs.append((time.perf_counter() - wall, cpu_seconds() - cpu))
    best = min(runs)
    return best[0], statistics.median(r[0] for r in runs), best[1]


def oxigraph_load(*files: Path):
    return lambda folder: subprocess.run([OXIGRAPH, "load", "--location", str(folder), "--file", *map(str, files)],
                                         check=True, capture_output=True)


def essglobal_work(csv_file: Path) -> tuple[Path, list[Path], int]:
    """Import ``csv_file`` into bench/work/essglobal/data/: (that folder, every input file, their triples)."""
    from ses_graph import essglobal

    folder = WORK / "essglobal" / "data"
    folder.mkdir(parents=True, exist_ok=True)
    found = essglobal.read(csv_file, essglobal.SourceRecord(essglobal.dataset_name(csv_file)))
    (folder / "import.ttl").write_bytes(essglobal.turtle(found.quads))
    files = build.collect_files([*build.default_inputs(), folder])
    triples = sum(1 for f in files for _ in ox.parse(path=str(f)))
    return folder, files, triples


def essglobal_main(csv_file: Path, repeats: int) -> None:
    folder, files, triples = essglobal_work(csv_file)
    print(f"data: the curated graph and {csv_file.name} imported, {len(files)} files, {triples:,} triples\n")
    rows = [("oxigraph load", *timed(oxigraph_load(*files), repeats)),
            ("ses_graph.build.build", *timed(lambda store: build.build(store, extra=[folder]), repeats))]
    reference = triples / rows[0][1]
    print(f"{'':30} {'triples':>9} {'best s':>8} {'median s':>9} {'CPU s':>7} {'triples/s':>10} {'vs oxigraph':>12}")
    for label, best, median, cpu in rows:
        print(f"{label:30} {triples:>9,} {best:>8.2f} {median:>9.2f} {cpu:>7.2f} {triples / best:>10,.0f} "
              f"{triples / best / reference:>11.2f}x")


def phases(files: list[Path], repeats: int) -> dict[str, float]:
    """Best wall seconds of each phase of the build, done one after the other."""
    best: dict[str, float] = {}

    @contextmanager
    def phase(name: str):
        started = time.perf_counter()
        yield
        best[name] = min(best.get(name, float("inf")), time.perf_counter() - started)

    for _ in range(repeats):
        with tempfile.TemporaryDirectory(dir=WORK) as folder:
            gc.disable()  # as the build does while it surveys and validates
            with phase("survey (survey_files)"):
                survey, _ = build.survey_files(files)
            with phase("checks (Graph + run_checks)"):
                graph = validate.Graph(survey)
                validate.run_checks(graph)
            with phase("shapes (compile + run_constraints)"):
                constraints, _ = validate.compile_shapes(survey.shapes)
                validate.run_constraints(graph, constraints)
            with phase("search keys (search_keys)"):
                keys = search_index.search_keys(survey.labels())
            del survey, graph
            gc.enable()
            store = ox.Store(folder)
            ready: Future[BinaryIO | None] = Future()  # as the build does: the keys last, in the same bulk load
            spool = tempfile.TemporaryFile()
            ox.serialize(keys, spool, format=ox.RdfFormat.N_QUADS)
            ready.set_result(spool)
            with phase("load (load_files, the search keys last)"):
                build.load_files(store, files, last=ready)
            with phase("optimize"):
                store.optimize()
            with phase("count + flush"):
                len(store)
                store.flush()
            del store
    return best


def curated(repeats: int) -> str:
    try:
        best, median, cpu = timed(lambda folder: build.build(folder), repeats)
    except DataError as error:
        first = error.problems[0] if error.problems else ""
        return f"fails validation: {len(error.problems)} problem(s), first: {first}"
    with tempfile.TemporaryDirectory(dir=WORK) as folder:
        triples = build.build(Path(folder) / "store").triples
    return f"{triples:,} triples in the store, best {best:.2f} s, median {median:.2f} s, CPU {cpu:.2f} s"


def machine() -> str:
    cli = subprocess.run([OXIGRAPH, "--version"], capture_output=True, text=True).stdout.strip()
    info = Path("/proc/cpuinfo")
    lines = info.read_text().splitlines() if info.exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), platform.processor())
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, pyoxigraph {ox.__version__}, {cli}, load average {load}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=generate.SIZES, default="10k")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--essglobal", type=Path, default=None, metavar="FILE.csv",
                        help="time the curated graph plus this imported SSE standard CSV instead")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    WORK.mkdir(parents=True, exist_ok=True)
    print(machine())
    if args.essglobal is not None:
        essglobal_main(args.essglobal, args.repeats)
        return

    data = WORK / f"build-{args.size}" / "data" / "ecosystem.nt"
    triples = generate.write(data, generate.SIZES[args.size])
    files = build.collect_files(build.default_inputs(data.parent))
    print(f"data: {data.relative_to(ROOT)}, {triples:,} triples ({args.size} organisations); "
          f"with the ontology: {len(files)} files\n")

    rows = [("oxigraph load", *timed(oxigraph_load(data), args.repeats))]
    try:
        rows.append(
            ("ses_graph.build.build", *timed(lambda folder: build.build(folder, data_dir=data.parent), args.repeats))
        )
    except DataError as error:  # the ontology changed and the generator no longer follows it
        sys.exit(f"the generated data fails validation:\n{error}"[:4000])
    reference = triples / rows[0][1]
    print(f"{'':30} {'triples':>9} {'best s':>8} {'median s':>9} {'CPU s':>7} {'triples/s':>10} {'vs oxigraph':>12}")
    for label, best, median, cpu in rows:
        print(f"{label:30} {triples:>9,} {best:>8.2f} {median:>9.2f} {cpu:>7.2f} {triples / best:>10,.0f} "
              f"{triples / best / reference:>11.2f}x")

    print(f"\nphases, best of {args.repeats} (wall s):")
    times = phases(files, args.repeats)
    for name, seconds in times.items():
        print(f"  {name:38} {seconds:7.2f}")
    print(f"  {'total':38} {sum(times.values()):7.2f}")
    print(f"\ncurated graph: {curated(args.repeats)}")


if __name__ == "__main__":
    main()
