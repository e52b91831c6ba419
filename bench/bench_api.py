"""Throughput and latency of the SPARQL endpoint, against `oxigraph serve` and rdflib-endpoint.

Usage: python bench/bench_api.py [--size 10k] [--seconds 10] [--clients 1,4,16] [--workers 2,4]
                                 [--servers ours,named,native,rdflib] [--subset N] [--json FILE] [--paired N]
                                 [--baseline SRC]

Data: the generated ecosystem of bench/generate.py (10k organisations, about 515,000 triples),
reused from bench/work/SIZE/ecosystem.nt when present. Stores, kept in bench/work/api-SIZE/ and
reused by later runs:

- ours: ``ses_graph.build.build(store, data_dir=<folder holding only that file>)`` (the ontology
  is added by the build), served by ``ses-graph serve --store STORE --port P`` (read-only, no
  token), once per ``SES_GRAPH_QUERY_WORKERS`` value of ``--workers``;
- native: ``oxigraph load`` of the same file plus ontology/ses.ttl and ontology/schemes.ttl,
  served by ``oxigraph serve --location DIR --bind 127.0.0.1:P``;
- rdflib-endpoint: ``rdflib-endpoint serve`` of the same files (rdflib's in-memory store).

Every server gets the same SPARQL text (URL-encoded POST to /sparql, Accept: SPARQL JSON): an ASK,
a 2-hop SELECT of a few thousand rows, a COUNT/GROUP BY, and three named queries whose parameters
are given as a VALUES block at the head of their WHERE clause. ``named`` is our server again, the
named queries sent to ``/queries/NAME?param=IRI`` instead (their parameters resolved by the server).

Clients are threads, each with its own keep-alive httpx.Client, on loopback; each one cycles through
the mix from its own offset. Per level: a warm-up, then ``--seconds`` of requests; requests still
running at the end are awaited and counted. Servers run one after another, never side by side.
Reported per server and level: requests per second, p50 and p99 of the latency (ms), and the p50 of
each query at that level (at several clients, a query's p50 includes its wait behind the others: our
server evaluates at most ``--workers`` queries at once, in order of arrival). The overhead per request
over the native server is printed only for a 1-client level (or ``--paired``).

``minimal`` is the reference point of the latency target: a minimal FastAPI + pyoxigraph endpoint
(``bench/api/minimal.py``) on our store, evaluating in its own process.

``--paired N``: then ``oxigraph serve``, our server (the first ``--workers`` value) and, if asked,
the minimal endpoint are all up and asked in turn, one request at a time, N rounds of the mix;
per-query p50 of each, and the difference with the native server (the overhead per request).
Run twice: with the standard library's ``http.client`` (the lighter client, whose own time takes
less of the figure) and with httpx. A connection that a server closed while idle (uvicorn closes one
after 5 s without a request) is opened again once for the request that found it closed, unanswered,
and counted; any other failure, or a second one, ends the run. ``--baseline SRC``: ``ses-graph serve``
from the source tree SRC as well (e.g. ``git archive COMMIT | tar -x -C SRC``: the code before a
change), on the same store and with the same workers, asked in the same rounds: before and after in
one run.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

ONTOLOGY = [ROOT / "ontology" / "ses.ttl", ROOT / "ontology" / "schemes.ttl"]
ID = "https://w3id.org/ses-graph/id/"
PREFIXES = """PREFIX ses: <https://w3id.org/ses-graph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
JSON_RESULTS = "application/sparql-results+json"
LOADS = itertools.count()  # numbers each load() of a run, so that --distinct texts differ from one level to the next


@dataclass(frozen=True)
class Query:
    """One query of the mix: its SPARQL text, and for a named query its name and parameter (IRI)."""

    label: str
    text: str
    name: str | None = None
    params: dict[str, str] | None = None


def named_text(name: str, params: dict[str, str]) -> str:
    """The named query's SPARQL with its parameters bound by VALUES at the head of the outer WHERE."""
    from ses_graph import queries

    text = queries.get(name).text
    head, brace, rest = text.partition("WHERE {")
    assert brace, name
    values = " ".join(f"VALUES ?{key} {{ <{iri}> }}" for key, iri in params.items())
    return f"{head}WHERE {{\n  {values}{rest}"


def mix() -> list[Query]:
    """The query mix: an ASK, a 2-hop SELECT (2,500 rows), a COUNT/GROUP BY and 3 named queries with parameters."""
    named = [
        ("network-members", {"network": ID + "syn-org-005293"}),
        ("instance-seats", {"instance": ID + "syn-instance-001625"}),
        ("members-by-region", {"region": ID + "syn-territory-00004"}),
    ]
    plain = [
        Query("ask", PREFIXES + f"ASK {{ <{ID}syn-org-000001> a ?type }}"),
        Query(
            "2-hop",
            PREFIXES
            + "SELECT ?action ?actor ?actorName WHERE { ?action a ses:Action ; ses:actor ?actor . "
            "?actor rdfs:label ?actorName }",
        ),
        Query(
            "count-group-by",
            PREFIXES + """SELECT ?type (COUNT(*) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)""",
        ),
    ]
    return plain + [Query(name, named_text(name, params), name, params) for name, params in named]


# ----------------------------------------------------------------------------------------- data


def data_file(size: str, subset: int | None) -> Path:
    """The generated ecosystem (made once), alone in its folder; with ``subset``, its first N lines."""
    source = WORK / size / "ecosystem.nt"
    if not source.exists():
        source.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "--size", size, "-o", str(source)], check=True
        )
    folder = WORK / (f"api-{size}" + (f"-{subset}" if subset else "")) / "data"
    target = folder / "ecosystem.nt"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        if subset:
            with source.open("rb") as src, target.open("wb") as out:
                for number, line in enumerate(src):
                    if number >= subset:
                        break
                    out.write(line)
        else:
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
    return target


def count_lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f)


def our_store(data: Path) -> Path:
    from ses_graph import build, store

    path = data.parent.parent / "store"
    if not store.exists(path):
        started = time.perf_counter()
        report = build.build(path, data_dir=data.parent)
        print(f"# ses-graph build: {report.triples} triples in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def native_store(data: Path) -> Path:
    path = data.parent.parent / "oxigraph"
    if not (path / "done").exists():
        shutil.rmtree(path, ignore_errors=True)
        started = time.perf_counter()
        files = [arg for f in (data, *ONTOLOGY) for arg in ("--file", str(f))]
        subprocess.run(
            [str(BIN / "oxigraph"), "load", "--location", str(path), *files], check=True, capture_output=True
        )
        (path / "done").touch()
        print(f"# oxigraph load: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


# -------------------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(command: list[str], url: str, env: dict | None = None, startup: float = 600):
    """Start ``command`` in its own process group; yield once ``url`` answers an ASK; stop it."""
    log = open(WORK / "api-server.log", "ab")
    process = subprocess.Popen(command, env={**os.environ, **(env or {})}, stdout=log, stderr=log,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    started = time.perf_counter()
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} stopped (exit {process.returncode}); see {log.name}")
            try:
                if (
                    httpx.post(url, data={"query": "ASK {}"}, headers={"Accept": JSON_RESULTS}, timeout=5).status_code
                    == 200
                ):
                    break
            except httpx.TransportError:
                pass
            if time.perf_counter() - started > startup:
                raise RuntimeError(f"{command[0]} did not answer within {startup} s")
            time.sleep(0.2)
        print(f"# {Path(command[0]).name} ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


# -------------------------------------------------------------------------------------- clients


def request_for(base: str, query: Query, named_route: bool, path: str = "/sparql"):
    """(method, url, kwargs) of one request of the mix."""
    headers = {"Accept": JSON_RESULTS}
    if named_route and query.name:
        return "GET", f"{base}/queries/{query.name}", {"params": query.params, "headers": headers}
    return "POST", f"{base}{path}", {"data": {"query": query.text}, "headers": headers}


def check(base: str, queries: list[Query], named_route: bool, path: str = "/sparql") -> dict[str, int]:
    """Run each query once; fail on an error; return the number of rows (ASK: 1 if true)."""
    rows = {}
    with httpx.Client(timeout=600) as client:
        for query in queries:
            method, url, kwargs = request_for(base, query, named_route, path)
            response = client.request(method, url, **kwargs)
            if response.status_code != 200:
                raise RuntimeError(f"{query.label}: {response.status_code} {response.text[:300]}")
            body = response.json()
            rows[query.label] = int(body["boolean"]) if "boolean" in body else len(body["results"]["bindings"])
    return rows


def load(base: str, queries: list[Query], clients: int, seconds: float, warmup: float, named_route: bool,
         path: str = "/sparql", distinct: float = 0.0) -> dict:
    """``clients`` threads sending the mix for ``seconds``; throughput, latency percentiles, per-query p50.

    ``distinct``: the share of requests made unique (a comment naming the level, the client and the
    request appended to a /sparql text: the same query for the engine, a new one for a result cache,
    also from one level to the next on the same server); the others repeat the mix as it is.
    """
    level = next(LOADS)
    prepared = [request_for(base, q, named_route, path) for q in queries]
    barrier = threading.Barrier(clients + 1)
    phase = {"measure": False, "stop": False}
    samples: list[list[tuple[int, float]]] = [[] for _ in range(clients)]
    errors: list[str] = []

    def client(number: int) -> None:
        with httpx.Client(timeout=600) as http:
            position = number * 3
            barrier.wait()
            while not phase["stop"]:
                index = position % len(prepared)
                position += 1
                method, url, kwargs = prepared[index]
                if distinct and position % 100 < distinct * 100 and "data" in kwargs:
                    unique = f"{kwargs['data']['query']}\n# {level}-{number}-{position}"
                    kwargs = {**kwargs, "data": {"query": unique}}
                measuring = phase["measure"]
                started = time.perf_counter()
                response = http.request(method, url, **kwargs)
                response.read()
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    errors.append(f"{queries[index].label}: {response.status_code}")
                if measuring:
                    samples[number].append((index, elapsed))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    time.sleep(warmup)
    phase["measure"] = True
    started = time.perf_counter()
    time.sleep(seconds)
    phase["stop"] = True
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, first: {errors[0]}")
    every = [s for per in samples for s in per]
    latencies = sorted(e for _, e in every)
    per_query = {q.label: statistics.median([e for i, e in every if i == n] or [float("nan")]) * 1000
                 for n, q in enumerate(queries)}
    return {
        "clients": clients,
        "requests": len(latencies),
        "seconds": wall,
        "rps": len(latencies) / wall,
        "p50": percentile(latencies, 50) * 1000,
        "p99": percentile(latencies, 99) * 1000,
        "per_query_p50": per_query,
    }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    k = (len(values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# ------------------------------------------------------------------------------------------ run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10k", choices=["1k", "10k", "50k"])
    parser.add_argument("--subset", type=int, help="use only the first N triples of the generated file")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--workers", default="2,4", help="SES_GRAPH_QUERY_WORKERS values for our server")
    parser.add_argument("--servers", default="ours,named,minimal,native,rdflib")
    parser.add_argument("--rdflib-startup", type=float, default=900, help="seconds rdflib-endpoint may take to load")
    parser.add_argument("--json", type=Path, help="write the figures to this file as well")
    parser.add_argument("--distinct", type=float, default=0.0,
                        help="share of the requests made unique (0: the mix repeats; 1: every request distinct)")
    parser.add_argument(
        "--paired",
        type=int,
        default=0,
        metavar="N",
        help="then N rounds of the mix on oxigraph serve, ses-graph and the minimal endpoint in turn "
        "(per-query p50, ms)",
    )
    parser.add_argument("--baseline", type=Path, metavar="SRC",
                        help="with --paired: ses-graph serve from the source tree SRC too (the code before a change)")
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]
    wanted = args.servers.split(",")

    data = data_file(args.size, args.subset)
    queries = mix()
    print(f"# data: {data} ({count_lines(data)} triples); {platform.platform()}; {os.cpu_count()} CPUs; "
          f"Python {platform.python_version()}", file=sys.stderr)

    runs: list[tuple[str, list[str], str, dict, bool, float]] = []
    if "ours" in wanted or "named" in wanted:
        store = our_store(data)
        for workers in args.workers.split(","):
            env = {"SES_GRAPH_QUERY_WORKERS": workers, "SES_GRAPH_TOKEN": ""}
            port = free_port()
            command = [str(BIN / "ses-graph"), "serve", "--store", str(store), "--port", str(port)]
            if "ours" in wanted:
                runs.append((f"ses-graph ({workers} workers)", command, f"http://127.0.0.1:{port}", env, False, 120))
            if "named" in wanted:
                runs.append(
                    (
                        f"ses-graph /queries/NAME ({workers} workers)",
                        command,
                        f"http://127.0.0.1:{port}",
                        env,
                        True,
                        120,
                    )
                )
    if "minimal" in wanted:
        from ses_graph import store as stores

        port = free_port()
        runs.append(("minimal FastAPI + pyoxigraph", [sys.executable, str(ROOT / "bench" / "api" / "minimal.py"),
                                                      str(stores.current_generation(our_store(data))), str(port)],
                     f"http://127.0.0.1:{port}", {}, False, 120))
    if "native" in wanted:
        location = native_store(data)
        port = free_port()
        runs.append(
            (
                "oxigraph serve",
                [str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                f"http://127.0.0.1:{port}",
                {},
                False,
                120,
            )
        )
    if "rdflib" in wanted:
        port = free_port()
        runs.append(
            (
                "rdflib-endpoint",
                [
                    str(BIN / "rdflib-endpoint"),
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    str(data),
                    *map(str, ONTOLOGY),
                ],
                f"http://127.0.0.1:{port}",
                {},
                False,
                args.rdflib_startup,
            )
        )

    results = []
    for label, command, base, env, named_route, startup in runs:
        endpoint = base
        path = "/" if "rdflib" in label else "/sparql"  # rdflib-endpoint answers SPARQL at its root
        with server(command, f"{endpoint}{path}", env, startup):
            rows = check(endpoint, queries, named_route, path)
            print(f"# {label}: rows {rows}", file=sys.stderr)
            for clients in levels:
                figures = load(endpoint, queries, clients, args.seconds, args.warmup, named_route, path, args.distinct)
                figures["server"] = label
                figures["rows"] = rows
                results.append(figures)
                print(f"{label:40} {clients:3} clients {figures['rps']:9.1f} req/s  p50 {figures['p50']:8.2f} ms  "
                      f"p99 {figures['p99']:9.2f} ms  ({figures['requests']} requests)", flush=True)
    report(results, queries, levels)
    if args.paired:
        both = [r for r in runs if r[0].startswith("ses-graph (")][:1] + [r for r in runs if r[0].startswith("minimal")]
        if args.baseline and both:
            _, _, _, env, _, _ = both[0]
            port = free_port()
            main_of = "import sys; from ses_graph.cli import main; sys.exit(main())"
            both.append(("ses-graph (baseline)", [sys.executable, "-c", main_of, "serve", "--store",
                                                  str(our_store(data)), "--port", str(port)],
                         f"http://127.0.0.1:{port}", {**env, "PYTHONPATH": str(args.baseline.resolve())}, False, 120))
        native = [r for r in runs if r[0] == "oxigraph serve"]
        for client in ("http.client", "httpx"):
            with ExitStack() as stack:
                for _label, command, base, env, _, _ in native + both:
                    stack.enter_context(server(command, f"{base}/sparql", env))
                p50, reconnects = paired({r[0]: r[2] for r in native + both}, queries, args.paired, client,
                                         args.distinct > 0)
            print(
                f"\npaired, {args.paired} rounds, client {client}, p50 ms (and the difference with oxigraph serve):\n\n"
                "| server | " + " | ".join(q.label for q in queries) + " |"
            )
            print("|---|" + "---:|" * len(queries))
            for name, by_query in p50.items():
                print(
                    f"| {name} | "
                    + " | ".join(
                        f"{by_query[q.label]:.2f}"
                        + (
                            ""
                            if name == "oxigraph serve"
                            else f" ({by_query[q.label] - p50['oxigraph serve'][q.label]:+.2f})"
                        )
                        for q in queries
                    )
                    + " |",
                    flush=True,
                )
            if client == "http.client":
                print("\nconnections opened again after a server closed them while idle: "
                      + ", ".join(f"{name} {count}" for name, count in reconnects.items()), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


def paired(
    bases: dict[str, str], queries: list[Query], repeats: int, client: str = "httpx", distinct: bool = False
) -> tuple[dict[str, dict[str, float]], dict[str, int]]:
    """p50 (ms) of each query on each server, the servers asked in turn, one request at a time; and per server the
    connections opened again after the server closed them while idle (``http.client`` only; the time of such a
    request, the new connection included, is among the others).

    Both servers are up and idle but for the one request in flight, so that a change of the
    machine's load during the run falls on both alike. ``client`` is ``httpx`` or ``http.client``
    (the standard library's: about a fifth of httpx's own time per request, so the figures come
    closer to the servers' own time; each keeps one connection per server). ``distinct``: each request
    made unique by a comment naming its round (the same query for the engine, a miss for a result cache).
    """
    times: dict[str, dict[str, list[float]]] = {name: {q.label: [] for q in queries} for name in bases}
    send = _httpx_sender() if client == "httpx" else HttpClientSender(bases)
    for n in range(repeats + 3):  # the first rounds warm the caches
        for query in queries:
            sent = replace(query, text=f"{query.text}\n# round {n}") if distinct else query
            for name, base in bases.items():
                started = time.perf_counter()
                send(base, sent)
                if n >= 3:
                    times[name][query.label].append((time.perf_counter() - started) * 1000)
    p50 = {name: {label: statistics.median(t) for label, t in by_query.items()} for name, by_query in times.items()}
    reconnects = getattr(send, "reconnects", {})
    return p50, {name: reconnects.get(base, 0) for name, base in bases.items()}


def _httpx_sender():
    session = httpx.Client(timeout=600)

    def send(base: str, query: Query) -> None:
        method, url, kwargs = request_for(base, query, False)
        response = session.request(method, url, **kwargs)
        response.read()
        response.raise_for_status()
    return send


# A keep-alive connection the server closed while idle: the request sent on it finds it closed before any
# answer (the request's write refused, or the connection closed or reset before the status line).
CLOSED_CONNECTION = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


class HttpClientSender:
    """``http.client``, one keep-alive connection per server, opened again once when a server closed it while idle.

    Only a request left unanswered is sent again (the failure raised before the response's status line was
    read: reading the body of an answer is not retried), once; each time is counted in ``reconnects``.
    """

    HEADERS = {"Accept": JSON_RESULTS, "Content-Type": "application/x-www-form-urlencoded"}

    def __init__(self, bases: dict[str, str]):
        self.connections = {base: http.client.HTTPConnection(urlsplit(base).netloc, timeout=600)
                            for base in bases.values()}
        self.reconnects = dict.fromkeys(bases.values(), 0)

    def __call__(self, base: str, query: Query) -> None:
        connection = self.connections[base]
        body = urlencode({"query": query.text})
        try:
            connection.request("POST", "/sparql", body, self.HEADERS)
            response = connection.getresponse()
        except CLOSED_CONNECTION:
            connection.close()  # the next request opens a new connection
            self.reconnects[base] += 1
            connection.request("POST", "/sparql", body, self.HEADERS)
            response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{base} {query.label}: {response.status}")


def report(results: list[dict], queries: list[Query], levels: list[int]) -> None:
    print("\n| server | clients | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['server']} | {r['clients']} | {r['rps']:.1f} | {r['p50']:.2f} | {r['p99']:.2f} |")
    print("\np50 per query (ms) at each level (at several clients, a request's wait behind the others included):\n")
    print("| server | clients | " + " | ".join(q.label for q in queries) + " |")
    print("|---|---:|" + "---:|" * len(queries))
    for r in results:
        print(f"| {r['server']} | {r['clients']} | "
              + " | ".join(f"{r['per_query_p50'][q.label]:.2f}" for q in queries) + " |")
    by = {(r["server"], r["clients"]): r for r in results}
    top = max(levels)
    native = by.get(("oxigraph serve", top))
    rdflib = by.get(("rdflib-endpoint", top))
    native1 = by.get(("oxigraph serve", 1))
    print()
    for r in results:
        if not r["server"].startswith("ses-graph") or r["clients"] != top:
            continue
        parts = [r["server"]]
        if native:
            parts.append(f"throughput / native at {top} clients {r['rps'] / native['rps']:.2f} (target >= 0.75)")
        if rdflib:
            parts.append(f"/ rdflib-endpoint {r['rps'] / rdflib['rps']:.1f}x (target >= 20x)")
        mine1 = by.get((r["server"], 1))
        if 1 not in levels:
            parts.append("no 1-client level: for the overhead per request, see --paired")
        elif native1 and mine1:
            overhead = {q.label: mine1["per_query_p50"][q.label] - native1["per_query_p50"][q.label] for q in queries}
            parts.append(
                "p50 overhead per request at 1 client (the ASK, whose evaluation takes 0.1 ms): "
                f"{overhead['ask']:+.2f} ms "
                f"(target <= 1.5 ms); per query: "
                + ", ".join(f"{label} {value:+.2f}" for label, value in overhead.items())
            )
        print("; ".join(parts))


if __name__ == "__main__":
    main()
