"""The commands that publish the graph: ``map`` (one offline HTML file), ``export`` (the network or the whole
store, as files) and ``serve`` (over HTTP)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from .. import build
from ..errors import EXIT_OK, UsageError
from ..export import DUMPS, NETWORK_FORMATS, dump
from .options import endpoint, open_store, store_option, view_options


def add_map(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "map", help="write the interactive map of members, instances and actions (one offline HTML file)"
    )
    p.add_argument(
        "-o", "--output", type=Path, default=None, metavar="FILE.html", help="output file (default: standard output)"
    )
    p.add_argument(
        "--lang", choices=["fr", "en"], default="fr", help="language of the page when it opens (default: fr)"
    )
    view_options(p)
    p.set_defaults(run=cmd_map)


def add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write the graph out: the network (GraphML, GEXF, CSV) or the whole store")
    p.add_argument("--format", required=True, choices=[*NETWORK_FORMATS, *DUMPS],
                   help="graphml, gexf, csv: the network of the map and the mediators (csv: nodes.csv and edges.csv "
                        "in the folder -o); nquads, trig: every graph; turtle, jsonld: the default graph")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="PATH",
                   help="output file, or folder for csv (default: standard output)")
    view_options(p)
    p.set_defaults(run=cmd_export)


def add_serve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the SPARQL endpoint, the named queries and the pages over HTTP")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--access-log", action="store_true",
                   help="write a line per request to the standard error (off by default: it costs 0.2 ms a request)")
    p.add_argument("--public", action="store_true", default=None,
                   help="serve the public view, read-only: no person without a public mandate (or SES_GRAPH_PUBLIC=1)")
    store_option(p)
    p.set_defaults(run=cmd_serve)


def cmd_map(args: argparse.Namespace) -> int:
    from ..cartography import render_map

    page = render_map(open_store(args), lang=args.lang).encode("utf-8")
    if args.output is None:
        sys.stdout.buffer.write(page)
    else:
        args.output.write_bytes(page)
        print(f"map written to {args.output}", file=sys.stderr)
    return EXIT_OK


def _write_whole(path: Path, write: Callable[[BinaryIO], object]) -> None:
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


def cmd_export(args: argparse.Namespace) -> int:
    """The same store gives the same bytes; each file is written whole or not at all."""
    from .. import network_export

    if args.format == "csv" and args.output is None:
        raise UsageError("--format csv writes nodes.csv and edges.csv: give their folder with -o")
    if args.format == "csv" and args.output.exists() and not args.output.is_dir():
        raise UsageError(f"{args.output}: not a folder (--format csv writes nodes.csv and edges.csv into it)")
    store = open_store(args)
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


def cmd_serve(args: argparse.Namespace) -> int:
    """Build the store if there is none, then serve it (read-write only when SES_GRAPH_TOKEN is set)."""
    import uvicorn

    from ses_graph.api.app import create_app
    from ses_graph.api.limits import http_protocol
    from ses_graph.api.settings import Settings

    settings = replace(Settings.from_env(store=args.store, public=args.public), endpoint=endpoint(args))
    if settings.endpoint is None:
        build.ensure_built(settings.store)
    elif settings.writable or settings.public:
        raise UsageError("a server in front of a remote SPARQL server serves its whole graph, read-only: unset "
                         "SES_GRAPH_TOKEN and SES_GRAPH_PUBLIC (writes go to that server itself)")
    uvicorn.run(create_app(settings), host=args.host, port=args.port, access_log=args.access_log,
                http=http_protocol(settings.max_url_bytes))
    return EXIT_OK


