"""Where one request's time goes in ses-graph's read-only server, query by query (medians, ms).

Usage: python bench/api/profile.py [--repeats 30]   (after bench/bench_api.py has built bench/work/api-10k/)

For each query of bench_api's mix, on the same store:

- eval: ``store.query`` + serialization to SPARQL JSON in memory, in this process;
- job: ``api.jobs.run`` into an ``api.jobs.Output`` (what a worker does);
- pool: ``api.workers.WorkerPool.run`` (worker process round trip) + ``execution._response``;
- http: the whole request to a running ``ses-graph serve`` (read-only, 2 workers) with a keep-alive httpx client;
- native: the same request to ``oxigraph serve`` on the store loaded by ``oxigraph load``.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parents[1]))

import bench_api  # noqa: E402

from ses_graph import store as stores  # noqa: E402
from ses_graph.api import execution, jobs  # noqa: E402
from ses_graph.api.remote_calls import Guard  # noqa: E402
from ses_graph.api.workers import WorkerPool  # noqa: E402


def median_ms(run, repeats: int) -> float:
    run()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--size", default="10k")
    args = parser.parse_args()
    data = bench_api.data_file(args.size, None)
    store_path = bench_api.our_store(data)
    native_path = bench_api.native_store(data)
    queries = bench_api.mix()
    store = stores.open_store(store_path)
    rows: dict[str, dict[str, float]] = {q.label: {} for q in queries}
    sandboxed = ThreadPoolExecutor(1)  # the jobs run, as in a worker, in a thread without network
    guard = sandboxed.submit(Guard, frozenset(), False).result()

    for q in queries:
        def evaluate(q=q):
            buffer = io.BytesIO()
            store.query(q.text).serialize(buffer, ox.QueryResultsFormat.JSON)

        def via_job(q=q):
            with tempfile.TemporaryDirectory() as spool:
                out = jobs.Output(f"{spool}/result")
                jobs.run(store, jobs.Job(bench_api.JSON_RESULTS, text=q.text), out, guard)
                out.close()
        rows[q.label]["eval"] = median_ms(evaluate, args.repeats)
        rows[q.label]["job"] = sandboxed.submit(median_ms, via_job, args.repeats).result()
    sandboxed.shutdown()
    store = None  # closed before the workers open it

    async def pool_times() -> None:
        pool = WorkerPool(store_path, 2)
        await pool.start()
        try:
            for q in queries:
                job = jobs.Job(bench_api.JSON_RESULTS, text=q.text)
                times = []
                for n in range(args.repeats + 1):
                    started = time.perf_counter()
                    media_type, path = await pool.run(job, 30)
                    execution._response(media_type, path)
                    if n:
                        times.append(time.perf_counter() - started)
                rows[q.label]["pool"] = statistics.median(times) * 1000
        finally:
            pool.close()
    asyncio.run(pool_times())

    def over_http(label: str, command: list[str], base: str, env: dict) -> None:
        with bench_api.server(command, f"{base}/sparql", env), httpx.Client() as client:
            for q in queries:
                rows[q.label][label] = median_ms(
                    lambda q=q: client.post(
                        f"{base}/sparql", data={"query": q.text}, headers={"Accept": bench_api.JSON_RESULTS}
                    ).read(),
                    args.repeats,
                )

    port = bench_api.free_port()
    over_http("http", [str(bench_api.BIN / "ses-graph"), "serve", "--store", str(store_path), "--port", str(port)],
              f"http://127.0.0.1:{port}", {"SES_GRAPH_QUERY_WORKERS": "2", "SES_GRAPH_TOKEN": ""})
    port = bench_api.free_port()
    over_http(
        "native",
        [str(bench_api.BIN / "oxigraph"), "serve", "--location", str(native_path), "--bind", f"127.0.0.1:{port}"],
        f"http://127.0.0.1:{port}",
        {},
    )

    columns = ["eval", "job", "pool", "http", "native"]
    print("| query | " + " | ".join(columns) + " | http - native |\n|---|" + "---:|" * (len(columns) + 1))
    for label, figures in rows.items():
        print(
            f"| {label} | "
            + " | ".join(f"{figures[c]:.2f}" for c in columns)
            + f" | {figures['http'] - figures['native']:+.2f} |"
        )


if __name__ == "__main__":
    main()
