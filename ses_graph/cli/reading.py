"""The commands that read the graph: ``stats``, ``queries``, ``query``, ``mediators`` and ``brokerage``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import queries, stats
from ..analysis import CANDIDATE_KINDS
from ..errors import EXIT_OK, UsageError
from ..export import serialize
from .options import open_store, param, view_options


def add_stats(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="coverage figures of the built graph")
    view_options(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=cmd_stats)


def add_queries(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("queries", help="list the named queries")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=cmd_queries)


def add_query(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="run a named query or a .rq file")
    p.add_argument("query", help="a named query (see 'ses-graph queries') or a path to a .rq file")
    p.add_argument("--param", action="append", type=param, default=[], metavar="KEY=VALUE",
                   help="parameter value: a label in any spelling, an IRI or a number (repeatable)")
    view_options(p)
    p.add_argument(
        "--format", choices=["table", "json", "csv", "tsv", "xml", "turtle", "ntriples", "jsonld"], default="table"
    )
    p.set_defaults(run=cmd_query)


def add_mediators(sub: argparse._SubParsersAction) -> None:
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
    view_options(p)
    p.set_defaults(run=cmd_mediators)


def add_brokerage(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("brokerage", help="Gould & Fernandez brokerage roles of every node of a GraphML file")
    p.add_argument("graph", type=Path, metavar="GRAPH.graphml", help="the network, as GraphML")
    p.add_argument("--group", required=True, metavar="ATTR", help="the node attribute holding each node's group")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.set_defaults(run=cmd_brokerage)


def cmd_stats(args: argparse.Namespace) -> int:
    figures = stats.stats(open_store(args))
    print(json.dumps(figures, indent=2, ensure_ascii=False) if args.format == "json" else stats.table(figures))
    return EXIT_OK


def cmd_queries(args: argparse.Namespace) -> int:
    catalogue = queries.catalogue()
    if args.format == "json":
        print(json.dumps([q.summary() for q in catalogue.values()], indent=2, ensure_ascii=False))
        return EXIT_OK
    for q in catalogue.values():
        params = ", ".join(f"{p.name}{'' if p.required else '?'}" for p in q.parameters)
        print(f"{q.name:<24} {q.title.get('en', '')}  [{params}]")
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    values = dict(args.param)
    target = Path(args.query)
    named = queries.load_file(target) if args.query.endswith(".rq") else queries.get(args.query)
    result = queries.run(open_store(args), named, values)
    sys.stdout.buffer.write(serialize(result, args.format))
    return EXIT_OK


def cmd_mediators(args: argparse.Namespace) -> int:
    from ..analysis import graphs, mediators, output, stored

    if args.top is not None and args.top < 1:
        raise UsageError(f"--top must be at least 1, not {args.top}")
    store = open_store(args)
    entries = stored.read(store, args.kind, args.top)
    if entries is None:  # a store built with --no-mediators: computed here, as the build would have
        entries = mediators.ranking(graphs.network(store), args.kind)
    sys.stdout.write(output.mediators_text(entries[:args.top], args.format, args.lang))
    return EXIT_OK


def cmd_brokerage(args: argparse.Namespace) -> int:
    from ..analysis import brokerage, output

    if not args.graph.is_file():
        raise UsageError(f"{args.graph}: no such file")
    try:
        roles = brokerage.brokerage(brokerage.read_graphml(args.graph), args.group)
    except ValueError as error:
        raise UsageError(f"{args.graph}: {error}") from None
    sys.stdout.write(output.brokerage_text({str(k): v for k, v in roles.items()}, args.format))
    return EXIT_OK


