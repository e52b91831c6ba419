"""The ``ses-graph`` command: one subcommand per step.

Exit codes: 0 success; 1 the data or the query is wrong (the message says where); 2 usage error
(bad option, unknown query name, bad parameter).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from . import __version__, build, public, queries, stats
from . import store as stores
from .analysis import CANDIDATE_KINDS
from .errors import EXIT_DATA, EXIT_OK, EXIT_USAGE, SesGraphError, UsageError, exit_code
from .export import DUMPS, NETWORK_FORMATS, dump, serialize
from .remote import Endpoint, RemoteStore, publish
from .resources import default_store_path


def _store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, default=None,
                        help="store folder (default: $SES_GRAPH_STORE, else .store in the working copy)")
    parser.add_argument("--endpoint", metavar="QUERY_URL", default=None,
                        help="a remote SPARQL 1.1 server's query endpoint instead of the store folder "
                             "(default: $SES_GRAPH_ENDPOINT)")
    parser.add_argument("--update-endpoint", metavar="URL", default=None,
                        help="its update endpoint (default: $SES_GRAPH_UPDATE_ENDPOINT)")
    parser.add_argument("--store-endpoint", metavar="URL", default=None,
                        help="its Graph Store endpoint (default: $SES_GRAPH_STORE_ENDPOINT)")


def _view_options(parser: argparse.ArgumentParser) -> None:
    _store_option(parser)
    parser.add_argument("--public", action="store_true",
                        help="read the public view: no person without a public mandate (see the README)")


def _param(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    key, value = text.split("=", 1)
    return key.strip(), value


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ses-graph", description="Sourced knowledge graph of the solidarity-economy movement."
    )
    parser.add_argument("--version", action="version", version=f"ses-graph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="parse, validate and load the ontology and the data, atomically")
    p.add_argument("--data", type=Path, action="append", default=None, metavar="DIR",
                   help="data folder or file, repeatable (default: the project's data/): --data data --data DIR")
    p.add_argument("--no-mediators", action="store_true",
                   help="do not write the mediator rankings into the store's mediators named graph")
    p.add_argument("--no-public", action="store_true",
                   help="do not derive the public view (serve --public derives it when it starts)")
    _store_option(p)
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("validate", help="check syntax, shapes and references; publish nothing")
    p.add_argument("paths", nargs="*", type=Path, help="data files or folders (default: the project's data/)")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("stats", help="coverage figures of the built graph")
    _view_options(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=cmd_stats)

    p = sub.add_parser("queries", help="list the named queries")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=cmd_queries)

    p = sub.add_parser("query", help="run a named query or a .rq file")
    p.add_argument("query", help="a named query (see 'ses-graph queries') or a path to a .rq file")
    p.add_argument("--param", action="append", type=_param, default=[], metavar="KEY=VALUE",
                   help="parameter value: a label in any spelling, an IRI or a number (repeatable)")
    _view_options(p)
    p.add_argument(
        "--format", choices=["table", "json", "csv", "tsv", "xml", "turtle", "ntriples", "jsonld"], default="table"
    )
    p.set_defaults(run=cmd_query)

    p = sub.add_parser(
        "mediators",
        help="the ranking of the organisations or people able to mediate between the national "
        "movement and its members (as the build stored it)",
    )
    p.add_argument(
        "--kind", choices=CANDIDATE_KINDS, default="organisation", help="who to rank (default: organisation)"
    )
    p.add_argument("--top", type=int, default=None, metavar="N", help="show the first N entries (default: all)")
    p.add_argument("--lang", choices=["fr", "en"], default="en", help="language of the explanations (default: en)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    _view_options(p)
    p.set_defaults(run=cmd_mediators)

    p = sub.add_parser("brokerage", help="Gould & Fernandez brokerage roles of every node of a GraphML file")
    p.add_argument("graph", type=Path, metavar="GRAPH.graphml", help="the network, as GraphML")
    p.add_argument("--group", required=True, metavar="ATTR", help="the node attribute holding each node's group")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.set_defaults(run=cmd_brokerage)

    p = sub.add_parser(
        "map", help="write the interactive map of members, instances and actions (one offline HTML file)"
    )
    p.add_argument(
        "-o", "--output", type=Path, default=None, metavar="FILE.html", help="output file (default: standard output)"
    )
    p.add_argument(
        "--lang", choices=["fr", "en"], default="fr", help="language of the page when it opens (default: fr)"
    )
    _view_options(p)
    p.set_defaults(run=cmd_map)

    p = sub.add_parser("export", help="write the graph out: the network (GraphML, GEXF, CSV) or the whole store")
    p.add_argument("--format", required=True, choices=[*NETWORK_FORMATS, *DUMPS],
                   help="graphml, gexf, csv: the network of the map and the mediators (csv: nodes.csv and edges.csv "
                        "in the folder -o); nquads, trig: every graph; turtle, jsonld: the default graph")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="PATH",
                   help="output file, or folder for csv (default: standard output)")
    _view_options(p)
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("import", help="convert another project's data into Turtle that the build accepts")
    formats = p.add_subparsers(dest="format", required=True, metavar="FORMAT")
    e = formats.add_parser("essglobal", help="the SSE standard CSV of the DigitalCommons / RIPESS mapping pipeline")
    e.add_argument("csv", type=Path, metavar="FILE.csv", help="the CSV file, one initiative a row")
    e.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.ttl",
                   help="the Turtle to write; the entity-resolution candidates go beside it (OUT.candidates.csv)")
    e.add_argument("--dataset", default=None, help="the name in the imported IRIs (default: the CSV's folder name)")
    e.add_argument("--title", default=None, help="title of the file's source record")
    e.add_argument("--publisher", default=None, help="publisher of the file (default: Digital Commons Co-operative)")
    e.add_argument("--licence", default=None, metavar="IRI", help="licence of the file (default: ODC-By 1.0)")
    e.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                   help="date of the file (default: the date its name starts with)")
    e.add_argument("--language", default=None, choices=["en", "fr"], help="language of the file's texts (default: en)")
    e.add_argument("--schemes", type=Path, default=None, metavar="FOLDER",
                   help="the ESSGlobal SKOS schemes (*.skos): the labels of the concepts used are written too")
    e.add_argument("--candidates", type=Path, default=None, metavar="FILE.csv",
                   help="where to write the entity-resolution candidates (default: beside OUT.ttl)")
    _store_option(e)
    e.set_defaults(run=cmd_import, public=False)  # entity resolution compares with the whole graph

    p = sub.add_parser(
        "contributions", help="the writes accepted over HTTP back into data/: export them, then mark them merged"
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    c = actions.add_parser("export", help="write the accepted writes not yet merged as Turtle in the style of data/, "
                                          "one file per kind of fact")
    c.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the folder to write the files into")
    _store_option(c)
    c.set_defaults(run=cmd_contributions_export)
    c = actions.add_parser("mark-merged", help="check that data/ holds the exported writes, then record them as merged "
                                               "(the next build makes only their provenance)")
    c.add_argument("--data", type=Path, action="append", default=None, metavar="DIR",
                   help="curated data folder, repeatable (default: the project's data/)")
    _store_option(c)
    c.set_defaults(run=cmd_contributions_mark_merged)

    p = sub.add_parser("serve", help="serve the SPARQL endpoint, the named queries and the pages over HTTP")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--access-log", action="store_true",
                   help="write a line per request to the standard error (off by default: it costs 0.2 ms a request)")
    p.add_argument("--public", action="store_true", default=None,
                   help="serve the public view, read-only: no person without a public mandate (or SES_GRAPH_PUBLIC=1)")
    _store_option(p)
    p.set_defaults(run=cmd_serve)
    return parser


def _store_path(args) -> Path:
    return args.store or default_store_path()


def _endpoint(args) -> Endpoint | None:
    """The remote server given by --endpoint or $SES_GRAPH_ENDPOINT (a --store given alone wins over the variable)."""
    if args.store is not None and args.endpoint is None:
        return None
    return Endpoint.from_env(query=args.endpoint, update=args.update_endpoint, store=args.store_endpoint)


def _open(args):
    """The store the command reads: the remote server, or the store folder (built first when there is none),
    or its public view with ``--public``."""
    endpoint = _endpoint(args)
    if endpoint is not None:
        if args.public:
            raise UsageError("--public reads the public view derived in the store folder, not a remote server")
        return RemoteStore(endpoint)
    path = _store_path(args)
    build.ensure_built(path)
    return stores.open_store(public.ensure(path) if args.public else path)


def cmd_build(args) -> int:
    first, *others = args.data or [None]
    report = build.build(_store_path(args), data_dir=first, extra=others, progress=True,
                         with_mediators=not args.no_mediators)
    replayed = f" and {report.replayed} journal entries" if report.replayed else ""
    print(
        f"built {report.store}: {report.triples} triples from {report.files} files{replayed} in {report.seconds:.2f} s",
        file=sys.stderr,
    )
    if not args.no_public:
        view = public.build_view(report.store)
        print(f"public view {view.store}: {view.triples} triples, {view.hidden_persons} people without a public "
              f"mandate left out with {view.hidden_nodes} of their facts, in {view.seconds:.2f} s", file=sys.stderr)
    endpoint = _endpoint(args)
    if endpoint is not None:
        count, requests = publish(stores.open_store(report.store), RemoteStore(endpoint))
        print(f"loaded {count} triples into {endpoint.update or endpoint.query} in {requests} update requests: "
              "into staging graphs, then moved onto the project's graphs in one request (readers see the previous "
              "graphs until then)", file=sys.stderr)
    return EXIT_OK


def cmd_validate(args) -> int:
    triples = build.check(args.paths or [build.default_inputs()[1]])
    print(f"valid: {triples} triples", file=sys.stderr)
    return EXIT_OK


def cmd_stats(args) -> int:
    figures = stats.stats(_open(args))
    print(json.dumps(figures, indent=2, ensure_ascii=False) if args.format == "json" else stats.table(figures))
    return EXIT_OK


def cmd_queries(args) -> int:
    catalogue = queries.catalogue()
    if args.format == "json":
        print(json.dumps([q.summary() for q in catalogue.values()], indent=2, ensure_ascii=False))
        return EXIT_OK
    for q in catalogue.values():
        params = ", ".join(f"{p.name}{'' if p.required else '?'}" for p in q.parameters)
        print(f"{q.name:<24} {q.title.get('en', '')}  [{params}]")
    return EXIT_OK


def cmd_query(args) -> int:
    values = dict(args.param)
    target = Path(args.query)
    named = queries.load_file(target) if args.query.endswith(".rq") else queries.get(args.query)
    result = queries.run(_open(args), named, values)
    sys.stdout.buffer.write(serialize(result, args.format))
    return EXIT_OK


def cmd_mediators(args) -> int:
    from .analysis import graphs, mediators, output, stored

    if args.top is not None and args.top < 1:
        raise UsageError(f"--top must be at least 1, not {args.top}")
    store = _open(args)
    entries = stored.read(store, args.kind, args.top)
    if entries is None:  # a store built with --no-mediators: computed here, as the build would have
        entries = mediators.ranking(graphs.network(store), args.kind)
    sys.stdout.write(output.mediators_text(entries[:args.top], args.format, args.lang))
    return EXIT_OK


def cmd_brokerage(args) -> int:
    from .analysis import brokerage, output

    if not args.graph.is_file():
        raise UsageError(f"{args.graph}: no such file")
    try:
        roles = brokerage.brokerage(brokerage.read_graphml(args.graph), args.group)
    except ValueError as error:
        raise UsageError(f"{args.graph}: {error}") from None
    sys.stdout.write(output.brokerage_text({str(k): v for k, v in roles.items()}, args.format))
    return EXIT_OK


def cmd_map(args) -> int:
    from .cartography import render_map

    page = render_map(_open(args), lang=args.lang).encode("utf-8")
    if args.output is None:
        sys.stdout.buffer.write(page)
    else:
        args.output.write_bytes(page)
        print(f"map written to {args.output}", file=sys.stderr)
    return EXIT_OK


def _write_whole(path: Path, write) -> None:
    """Write a file through ``write(out)`` whole or not at all (a partial file beside it, renamed at the end)."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("wb") as out:
            write(out)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def _writer(data: bytes) -> Callable[[BinaryIO], object]:
    """A function writing ``data`` to the stream it is given."""
    return lambda out: out.write(data)


def cmd_export(args) -> int:
    """The same store gives the same bytes; each file is written whole or not at all."""
    from . import network_export

    if args.format == "csv" and args.output is None:
        raise UsageError("--format csv writes nodes.csv and edges.csv: give their folder with -o")
    if args.format == "csv" and args.output.exists() and not args.output.is_dir():
        raise UsageError(f"{args.output}: not a folder (--format csv writes nodes.csv and edges.csv into it)")
    store = _open(args)
    if args.format in DUMPS:
        files: dict[str | None, Callable[[BinaryIO], object]] = {None: lambda out: dump(store, args.format, out)}
    else:
        made = network_export.files(store, args.format)
        files = {name: _writer(data) for name, data in made.items()}
    if args.output is None:
        for write in files.values():
            write(sys.stdout.buffer)
        return EXIT_OK
    if args.format == "csv":
        args.output.mkdir(parents=True, exist_ok=True)
    for name, write in files.items():
        target = args.output / name if args.format == "csv" else args.output
        _write_whole(target, write)
        print(f"{args.format} export written to {target}", file=sys.stderr)
    return EXIT_OK


def cmd_import(args) -> int:
    """Write the Turtle of the CSV's valid rows and the candidates report; exit 1 when rows were rejected."""
    from . import essglobal, resolution

    if not args.csv.is_file():
        raise UsageError(f"{args.csv}: no such file")
    if args.schemes is not None and not args.schemes.is_dir():
        raise UsageError(f"{args.schemes}: no such folder")
    if args.date is not None and not essglobal.FILE_DATE.fullmatch(args.date):
        raise UsageError(f"--date must be YYYY-MM-DD, not {args.date!r}")
    record = essglobal.SourceRecord(args.dataset or essglobal.dataset_name(args.csv), args.title, args.publisher,
                                    args.licence, args.date, args.language)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record.dataset):
        raise UsageError(f"--dataset must be lowercase letters, digits and hyphens, not {record.dataset!r}")
    found = essglobal.read(args.csv, record)
    if args.schemes is not None:
        found.quads += essglobal.concept_quads(found.concepts, args.schemes)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(essglobal.turtle(found.quads))
    matches = resolution.candidates(_open(args), found.organisations)
    report = args.candidates or args.output.with_suffix(".candidates.csv")
    report.write_text(resolution.report(matches), encoding="utf-8")
    for problem in found.rejected:
        print(f"ses-graph import: {problem}", file=sys.stderr)
    print(f"ses-graph import: {found.rows} rows read, {len(found.organisations)} written to {args.output}, "
          f"{len(found.rejected)} rejected; {len(matches)} entity-resolution candidate(s) in {report}", file=sys.stderr)
    return EXIT_DATA if found.rejected else EXIT_OK


def cmd_contributions_export(args) -> int:
    from . import contributions

    report = contributions.export(_store_path(args), args.output)
    if not report.entries:
        print("ses-graph contributions export: no accepted write to export (none, or all merged)", file=sys.stderr)
        return EXIT_OK
    for path in report.files:
        print(path)
    named = report.named_graph_quads
    left = f"; {named} quad(s) of named graphs left to the journal" if named else ""
    removed = f"; {len(report.removed)} removed triple(s) to delete from data/ by hand" if report.removed else ""
    print(f"ses-graph contributions export: {len(report.entries)} journal entries in {len(report.files)} file(s)"
          f"{removed}{left}; copy them into data/, then run: ses-graph contributions mark-merged", file=sys.stderr)
    return EXIT_OK


def cmd_contributions_mark_merged(args) -> int:
    from . import contributions

    ids = contributions.mark_merged(_store_path(args), args.data)
    print(f"ses-graph contributions mark-merged: {len(ids)} journal entries recorded as merged"
          + (f" ({ids[0]} to {ids[-1]})" if ids else ""), file=sys.stderr)
    return EXIT_OK


def cmd_serve(args) -> int:
    """Build the store if there is none, then serve it (read-write only when SES_GRAPH_TOKEN is set)."""
    import uvicorn

    from ses_graph.api.app import create_app
    from ses_graph.api.limits import http_protocol
    from ses_graph.api.settings import Settings

    settings = replace(Settings.from_env(store=args.store, public=args.public), endpoint=_endpoint(args))
    if settings.endpoint is None:
        build.ensure_built(settings.store)
    elif settings.writable or settings.public:
        raise UsageError("a server in front of a remote SPARQL server serves its whole graph, read-only: unset "
                         "SES_GRAPH_TOKEN and SES_GRAPH_PUBLIC (writes go to that server itself)")
    uvicorn.run(create_app(settings), host=args.host, port=args.port, access_log=args.access_log,
                http=http_protocol(settings.max_url_bytes))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.run(args)
    except SesGraphError as error:  # its exit code comes from the one table of ses_graph.errors
        print(f"ses-graph {args.command}: {error}", file=sys.stderr)
        return exit_code(error)
    except FileNotFoundError as error:
        print(f"ses-graph {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
