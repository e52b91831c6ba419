"""The build at national scale against `oxigraph load`: wall time and peak memory, one run each, side by side.

Usage: python bench/bench_scale.py --organisations 50000 [--organisations 200000 ...]

For each size: bench/generate.py writes bench/work/scale-N/data/ecosystem.nt (reused when present);
then, each in a fresh folder and in a process of its own (whose peak resident memory is read from
``getrusage(RUSAGE_CHILDREN)`` by a small parent made for it alone):

- ``oxigraph load --location DIR --file FILE`` plus the ontology files, the native loader;
- ``ses-graph build --store DIR --data FOLDER --no-mediators --no-public``: parse, validate, load,
  search keys, compaction, publish (the mediator ranking and the public view are analyses of the
  result, timed by bench_mediators.py and bench_public.py).

Rates are the generated file's triples per second; CPU seconds (user + system, every thread) are given beside
the wall time, and the load average before and after each size, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
BIN = Path(sys.executable).parent
ONTOLOGY = [ROOT / "ontology" / "ses.ttl", ROOT / "ontology" / "schemes.ttl"]
MEASURE = """import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - started, "returncode": done.returncode,
                  "peak_mb": used.ru_maxrss / 1024, "cpu": used.ru_utime + used.ru_stime,
                  "stderr": done.stderr.decode(errors="replace")[-500:]}))
"""


def measured(command: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout)
    if figures["returncode"] != 0:
        raise RuntimeError(f"{command[0]} failed: {figures['stderr']}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, action="append", required=True)
    args = parser.parse_args()
    print("load average:", " ".join(f"{x:.1f}" for x in os.getloadavg()))
    print("| organisations | triples | `oxigraph load` s (CPU s, peak MB) | build s (CPU s, peak MB) | rate vs load "
          "| memory vs load |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in args.organisations:
        folder = WORK / f"scale-{n}"
        data = folder / "data" / "ecosystem.nt"
        if not data.exists():
            data.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--organisations", str(n),
                            "-o", str(data)], check=True)
        with data.open("rb") as f:
            triples = sum(1 for _ in f)
        for target in ("oxigraph", "store"):
            shutil.rmtree(folder / target, ignore_errors=True)
        files = [arg for f in (data, *ONTOLOGY) for arg in ("--file", str(f))]
        native = measured([str(BIN / "oxigraph"), "load", "--location", str(folder / "oxigraph"), *files])
        ours = measured([str(BIN / "ses-graph"), "build", "--store", str(folder / "store"), "--data", str(data.parent),
                         "--no-mediators", "--no-public"])
        print(f"| {n:,} | {triples:,} | {native['seconds']:.1f} ({native['cpu']:.1f}, {native['peak_mb']:,.0f}) | "
              f"{ours['seconds']:.1f} ({ours['cpu']:.1f}, {ours['peak_mb']:,.0f}) | "
              f"{native['seconds'] / ours['seconds']:.2f}x | {ours['peak_mb'] / native['peak_mb']:.2f}x |", flush=True)
        print("load average:", " ".join(f"{x:.1f}" for x in os.getloadavg()), flush=True)
        for target in ("oxigraph", "store"):
            shutil.rmtree(folder / target, ignore_errors=True)


if __name__ == "__main__":
    main()
