"""The ``ses-graph`` command: one subcommand per step.

The commands are grouped by what they do: :mod:`.curation` (``build``, ``validate``, ``import``,
``contributions``), :mod:`.reading` (``stats``, ``queries``, ``query``, ``mediators``, ``brokerage``) and
:mod:`.publishing` (``map``, ``export``, ``serve``); :mod:`.options` holds the options they share and opens
the store they read.

Exit codes: 0 success; 1 the data or the query is wrong (the message says where); 2 usage error
(bad option, unknown query name, bad parameter).
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..errors import EXIT_USAGE, SesGraphError, exit_code
from . import curation, publishing, reading

#: Each subcommand's parser, in the order ``ses-graph --help`` lists them.
COMMANDS = (curation.add_build, curation.add_validate, reading.add_stats, reading.add_queries, reading.add_query,
            reading.add_mediators, reading.add_brokerage, publishing.add_map, publishing.add_export,
            curation.add_import, curation.add_contributions, publishing.add_serve)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ses-graph", description="Sourced knowledge graph of the solidarity-economy movement."
    )
    parser.add_argument("--version", action="version", version=f"ses-graph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


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
