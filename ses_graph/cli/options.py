"""The options several commands share (the store they read, its public view, ``--param``) and how a command opens
that store."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from .. import build, public
from .. import store as stores
from ..errors import UsageError
from ..remote import Endpoint, RemoteStore
from ..resources import default_store_path


def store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, default=None,
                        help="store folder (default: $SES_GRAPH_STORE, else .store in the working copy)")
    parser.add_argument("--endpoint", metavar="QUERY_URL", default=None,
                        help="a remote SPARQL 1.1 server's query endpoint instead of the store folder "
                             "(default: $SES_GRAPH_ENDPOINT)")
    parser.add_argument("--update-endpoint", metavar="URL", default=None,
                        help="its update endpoint (default: $SES_GRAPH_UPDATE_ENDPOINT)")
    parser.add_argument("--store-endpoint", metavar="URL", default=None,
                        help="its Graph Store endpoint (default: $SES_GRAPH_STORE_ENDPOINT)")


def view_options(parser: argparse.ArgumentParser) -> None:
    store_option(parser)
    parser.add_argument("--public", action="store_true",
                        help="read the public view: no person without a public mandate (see the README)")


def param(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` as ``(key, value)``."""
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    key, value = text.split("=", 1)
    return key.strip(), value


def store_path(args: argparse.Namespace) -> Path:
    return args.store or default_store_path()


def endpoint(args: argparse.Namespace) -> Endpoint | None:
    """The remote server given by --endpoint or $SES_GRAPH_ENDPOINT (a --store given alone wins over the variable)."""
    if args.store is not None and args.endpoint is None:
        return None
    return Endpoint.from_env(query=args.endpoint, update=args.update_endpoint, store=args.store_endpoint)


def open_store(args: argparse.Namespace) -> ox.Store:
    """The store the command reads: the remote server, or the store folder (built first when there is none),
    or its public view with ``--public``."""
    remote = endpoint(args)
    if remote is not None:
        if args.public:
            raise UsageError("--public reads the public view derived in the store folder, not a remote server")
        return cast(ox.Store, RemoteStore(remote))  # it answers the calls of a Store that the commands make
    path = store_path(args)
    build.ensure_built(path)
    return stores.open_store(public.ensure(path) if args.public else path)
