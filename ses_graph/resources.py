"""Where the project's declarative files live: ontology/, data/, queries/.

In a checkout they are the top-level folders; in an installed wheel they are bundled inside the
package (``ses_graph/_project/``), so that ``pip install .`` works without the checkout.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .binding import Template, template

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DIR = PACKAGE_DIR / "_project"
CHECKOUT_DIR = PACKAGE_DIR.parent
SPARQL_DIR = PACKAGE_DIR / "sparql"


def project_dir(name: str) -> Path:
    """Return the folder ``name`` (``ontology``, ``data`` or ``queries``) of the project."""
    for base in (BUNDLED_DIR, CHECKOUT_DIR):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the project folder {name!r} is neither bundled nor in a checkout")


def in_checkout() -> bool:
    """True when the package runs from a source checkout rather than an installed wheel."""
    return not BUNDLED_DIR.is_dir() and (CHECKOUT_DIR / "pyproject.toml").is_file()


def default_store_path() -> Path:
    """The store location: ``$SES_GRAPH_STORE``, else ``.store`` in the checkout or the working directory."""
    configured = os.environ.get("SES_GRAPH_STORE")
    if configured:
        return Path(configured)
    return (CHECKOUT_DIR if in_checkout() else Path.cwd()) / ".store"


@cache
def internal_query(name: str) -> str:
    """Text of one of the package's internal SPARQL files (``ses_graph/sparql/NAME.rq``), read once."""
    return (SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8")


def select(store: ox.Store, name: str, **options: Any) -> ox.QuerySolutions:
    """The solutions of the internal SELECT query ``name`` on ``store`` (``options`` as for ``Store.query``)."""
    result = store.query(internal_query(name), **options)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"{name}.rq is not a SELECT query")
    return result


@cache
def internal_template(name: str) -> Template:
    """An internal SPARQL file cut at its ``VALUES`` slots (:mod:`ses_graph.binding`), read once."""
    return template(internal_query(name))
