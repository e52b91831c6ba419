"""Latency of validated, journaled writes: one sourced fact at a time, over HTTP, with and without readers.

Usage: python bench/bench_writes.py [--sizes curated,10k] [--writes 200] [--readers 2] [--rankings]
       [--spaced 20] [--spacing 0.5]

Stores, made afresh in bench/work/writes-SIZE/ for every run: ``curated`` is the project's data,
``10k`` the generated ecosystem of bench/generate.py (about 515,000 triples; its N-Triples file is
reused from bench/work/10k/ecosystem.nt when present). They are built without the stored mediator
rankings unless ``--rankings`` is given (as ``ses-graph build`` does by default): with them, every
write marks the rankings stale and the server computes them again in a process of its own, then
stores the changed entities in small steps of the writer that writes go between
(``api/refresh.py``). Each is served as ``ses-graph serve`` does, with a token (:data:`SERVE`). One client writes
``--writes`` one-fact updates in a row (an ``INSERT DATA`` of a seat: six triples, the member, the
instance and the source taken from the store), each acknowledged only once validated, journaled
(fsync) and made; then the same again while ``--readers`` threads query the server without pause, and
``--spaced`` writes one every ``--spacing`` seconds beside them
(the named queries entity-search and instance-seats). Reported: the write latency p50 and p99 (ms),
the readers' p50 and p99 of each query, alone (10 s, answered from the HTTP result cache, and 10 s more
with the curator's token, which the cache never answers: ``api/caching.py``) and beside the writes; what
the reads beside the writes waited for, counted by the server (``api/snapshots.py``, ``Waits``: snapshots
taken, reads that waited for one, for a whole one, and how long; jobs whose worker opened a newer
snapshot), figures that do not depend on how busy the CPUs are; in the benchmark's own process on the
same store, what a write's steps cost (median, ms), and the snapshot that a write begins in the
background (``Store.backup``, after the write and with nothing new to flush; opening it read-only, as a
query worker does).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ses_graph import build, journal, writes  # noqa: E402
from ses_graph import store as stores  # noqa: E402
from ses_graph.queries import options  # noqa: E402

WORK = ROOT / "bench" / "work"
TOKEN = "bench-writes"
# Written with the project's predeclared prefixes (ses_graph.queries.options), as every update is read.
PICK = """SELECT ?member ?instance ?source WHERE {
  ?seat a ses:Seat ; org:member ?member ; org:organization ?instance ; prov:wasDerivedFrom ?source .
} ORDER BY ?seat LIMIT 1"""
# What ``ses-graph serve`` does (without its access log), and the server's counters of snapshot waits printed on
# SIGUSR1.
SERVE = """import dataclasses, json, signal, sys
import uvicorn
from ses_graph import build
from ses_graph.api.app import create_app
from ses_graph.api.limits import http_protocol
from ses_graph.api.settings import Settings
settings = Settings.from_env(store=sys.argv[1])
build.ensure_built(settings.store)
app = create_app(settings)
signal.signal(signal.SIGUSR1, lambda *_: print(json.dumps(dataclasses.asdict(app.state.pool.snapshots.waits)),
                                               flush=True))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), access_log=False, http=http_protocol(settings.max_url_bytes))
"""
SEAT = """INSERT DATA {{ id:bench-seat-{n} a ses:Seat ; org:member {member} ; org:organization {instance} ;
  org:role role:representative ; prov:wasDerivedFrom {source} ; ses:quote "siège {n}"@fr . }}"""


def store_for(size: str, rankings: bool) -> Path:
    folder = WORK / f"writes-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    if size == "curated":
        build.build(folder / "store", with_mediators=rankings)
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        import generate

        source = WORK / size / "ecosystem.nt"
        if not source.exists():
            source.parent.mkdir(parents=True, exist_ok=True)
            generate.write(source, generate.SIZES[size])
        (folder / "data").mkdir(parents=True)
        shutil.copy(source, folder / "data" / "ecosystem.nt")
        build.build(folder / "store", data_dir=folder / "data", with_mediators=rankings)
    return folder / "store"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def write_series(base: str, fact: dict, start: int, count: int, pause: float = 0) -> list[float]:
    headers = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
    times = []
    with httpx.Client(timeout=120) as client:
        for n in range(start, start + count):
            time.sleep(pause)
            began = time.perf_counter()
            response = client.post(f"{base}/sparql", content=SEAT.format(n=n, **fact), headers=headers)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 204, response.text
    return times


def read_until(base: str, fact: dict, stop: threading.Event, times: list[float], cached: bool = True) -> None:
    """Named queries without pause, as the map and the pages ask them: an entity search, the seats of the instance
    (not ``cached``: with a token, so that the HTTP result cache never answers them)."""
    asked = [("entity-search", {"q": "réseau"}), ("instance-seats", {"instance": fact["instance"].strip("<>")})]
    headers = {"Accept": "application/sparql-results+json", **({} if cached else {"Authorization": f"Bearer {TOKEN}"})}
    with httpx.Client(timeout=120, headers=headers) as client:
        i = 0
        while not stop.is_set():
            name, params = asked[i % 2]
            began = time.perf_counter()
            response = client.get(f"{base}/queries/{name}", params=params)
            times.append((name, began, (time.perf_counter() - began) * 1000))
            assert response.status_code == 200, response.text
            i += 1


def readers(base: str, fact: dict, count: int, seconds: float | None = None, during=None,
            cached: bool = True) -> tuple[list, object]:
    """The reads of ``count`` threads (name, start, ms) for ``seconds``, or those that began while ``during()`` ran
    (and what it returned)."""
    stop, times = threading.Event(), []
    threads = [threading.Thread(target=read_until, args=(base, fact, stop, times, cached)) for _ in range(count)]
    for t in threads:
        t.start()
    began = time.perf_counter()
    result = during() if during else time.sleep(seconds)
    ended = time.perf_counter()
    stop.set()
    for t in threads:
        t.join()
    return [t for t in times if began <= t[1] < ended], result


def steps(path: Path, fact: dict, count: int) -> dict[str, float]:
    """What a write's steps cost, in this process, on the store (the server stopped): its change set, its validation,
    its journal line (fsync), the write itself, and the snapshot that a writable server's next read takes before it
    runs (``Store.backup``, :mod:`ses_graph.api.snapshots`; the write is answered without it)."""
    store = stores.open_store(path, read_only=False)
    rules = writes.Rules(store)
    timings = {"change set": [], "validation": [], "journal (fsync)": [], "made": [], "snapshot": [],
               "snapshot opened": [], "snapshot, no write": []}
    with tempfile.TemporaryDirectory(dir=path) as folder:
        for n in range(10_000, 10_000 + count):
            t0 = time.perf_counter()
            change_set = writes.of_update(store, SEAT.format(n=n, **fact))
            t1 = time.perf_counter()
            assert not writes.check(store, change_set, rules)
            t2 = time.perf_counter()
            entry = journal.Entry.new(journal.Agent("bench"), change_set)
            journal.append(path, entry)
            t3 = time.perf_counter()
            writes.make(store, entry)
            t4 = time.perf_counter()
            store.backup(f"{folder}/{n}")
            t5 = time.perf_counter()
            opened = ox.Store.read_only(f"{folder}/{n}")  # as a query worker does
            t6 = time.perf_counter()
            del opened
            t7 = time.perf_counter()
            store.backup(f"{folder}/{n}-again")  # nothing new to flush
            t8 = time.perf_counter()
            shutil.rmtree(f"{folder}/{n}")
            shutil.rmtree(f"{folder}/{n}-again")
            spans = ((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5), (t5, t6), (t7, t8))
            for key, (a, b) in zip(timings, spans, strict=True):
                timings[key].append((b - a) * 1000)
    return {key: statistics.median(values) for key, values in timings.items()}


def run(size: str, count: int, reader_count: int, rankings: bool, spaced: int, spacing: float) -> None:
    path = store_for(size, rankings)
    store = stores.open_store(path)
    row = next(iter(store.query(PICK, **options())))
    fact = {"member": str(row["member"]), "instance": str(row["instance"]), "source": str(row["source"])}
    triples = len(store)
    del store
    stores.release(stores.current_generation(path))
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("SES_GRAPH_")}, "SES_GRAPH_TOKEN": TOKEN}
    command = [sys.executable, "-c", SERVE, str(path), str(port)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)

    def waits() -> dict:
        server.send_signal(signal.SIGUSR1)
        return json.loads(server.stdout.readline())

    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                httpx.get(f"{base}/openapi.json")
                break
            except httpx.TransportError:
                time.sleep(0.2)
        write_series(base, fact, 0, 5)  # warm-up
        alone = write_series(base, fact, 5, count)
        quiet, _ = readers(base, fact, reader_count, seconds=10)
        uncached, _ = readers(base, fact, reader_count, seconds=10, cached=False)
        series = {}  # beside the readers: writes in a row, then spaced writes
        kinds = (("in a row", count, 0, 5 + count), (f"every {spacing:g} s", spaced, spacing, 5 + 2 * count))
        for label, n, pause, start in kinds:
            before = waits()
            writing = partial(write_series, base, fact, start, n, pause)
            reads, written = readers(base, fact, reader_count, during=writing)
            series[label] = (reads, written, n, {key: value - before[key] for key, value in waits().items()})
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    stored = "with" if rankings else "without"
    print(f"{size}: {triples:,} triples, {stored} stored rankings, {count} one-fact writes (6 triples each), "
          f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} (1, 5, 15 min)")
    print(f"  writes alone: p50 {percentile(alone, 0.5):7.1f} ms   p99 {percentile(alone, 0.99):7.1f} ms")
    for label, (_, written, _, _) in series.items():
        print(f"  writes {label} beside {reader_count} readers: p50 {percentile(written, 0.5):7.1f} ms   "
              f"p99 {percentile(written, 0.99):7.1f} ms")
    phases = [("readers alone (cached)", quiet), ("readers alone (token, uncached)", uncached)]
    for label, (reads, _, _, _) in series.items():
        phases.append((f"readers beside writes {label}", reads))
    for label, reads in phases:
        for name in ("entity-search", "instance-seats"):
            ms = [t for n, _, t in reads if n == name]
            if ms:
                print(f"  {label:<36} {name:<15} p50 {percentile(ms, 0.5):7.1f} ms   "
                      f"p99 {percentile(ms, 0.99):7.1f} ms ({len(ms)} queries)")
    for label, (_, _, n, seen) in series.items():
        print(f"  beside the writes {label}: {seen['taken']} snapshots taken for {n} writes; of {seen['reads']} reads "
              f"that reached the workers, {seen['waited']} waited for a snapshot ({seen['whole']} for a whole one "
              f"begun after they came), {seen['seconds'] * 1000:.0f} ms in all, "
              f"{seen['seconds'] * 1000 / max(seen['waited'], 1):.1f} ms each; {seen['reopened']} jobs reopened a "
              f"newer snapshot")
    for key, value in steps(path, fact, 50).items():
        print(f"  step {key:<18} median {value:6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="curated,10k")
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--readers", type=int, default=2)
    parser.add_argument("--rankings", action="store_true", help="build the stores with the stored mediator rankings")
    parser.add_argument("--spaced", type=int, default=20, help="writes of the spaced series beside the readers")
    parser.add_argument("--spacing", type=float, default=0.5, help="seconds between two writes of that series")
    args = parser.parse_args()
    for size in args.sizes.split(","):
        run(size, args.writes, args.readers, args.rankings, args.spaced, args.spacing)


if __name__ == "__main__":
    main()
