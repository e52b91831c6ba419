"""Named SPARQL queries: ``queries/NAME.rq`` files whose ``#+`` header lines describe them.

The header is YAML behind ``#+`` (as in grlc), so each file stays valid SPARQL::

    #+ title: {fr: Membres d'un réseau, en: Members of a network}
    #+ description: {fr: ..., en: ...}
    #+ parameters:
    #+   - {name: network, type: entity, required: true, description: {fr: ..., en: ...}}
    #+ example: {network: RIPESS Europe}

Each parameter has a slot ``VALUES ?network { UNDEF }`` where its variable is bound
(:mod:`ses_graph.binding`): a value is written into it as a serialised term, never pasted, so
the same standard SPARQL runs on the embedded store and on any SPARQL 1.1 server. ``entity``
values are labels in any spelling (or IRIs) resolved through :func:`resolve` to the one entity
they name best (several equally good: an error listing them; none: an error with the nearest
names); ``integer`` and ``string`` values become typed literals; a ``search`` value (a text to
find entities by) expands into the rows of its probes (``search.probes``), written into the
query's slots of several variables. Queries run with the project's prefixes predeclared
(:func:`options`). The catalogue is read and parsed once per process.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

import pyoxigraph as ox
import yaml

from . import terms
from .binding import Table, Template, Term, template
from .errors import ParameterError, QueryError, UnknownQuery, syntax_message
from .ontology import prefixes
from .resources import internal_template, project_dir
from .search import ABSOLUTE_IRI, label_of, nearest, probes, suggestions

#: What a SPARQL query gives back: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).
Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

HEADER_LINE = re.compile(r"^#\+ ?(.*)$")
PARAMETER_TYPES = {"entity", "integer", "string", "search"}
#: An integer as a person writes it: an optional sign and up to 18 ASCII digits.
INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
T = TypeVar("T")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str = "entity"
    required: bool = False
    description: dict = field(default_factory=dict)
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    title: dict
    description: dict
    parameters: tuple[Parameter, ...]
    example: dict
    template: Template

    def summary(self) -> dict:
        """The JSON description of the query used by ``ses-graph queries`` and ``GET /queries``."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "parameters": [
                {"name": p.name, "type": p.type, "required": p.required, "description": p.description}
                for p in self.parameters
            ],
            "example": self.example,
        }


def parse_header(text: str, origin: str) -> dict:
    lines = []
    for line in text.splitlines():
        match = HEADER_LINE.match(line)
        if match:
            lines.append(match.group(1))
    try:
        header = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as error:
        raise QueryError(f"{origin}: malformed #+ header: {error}") from None
    if not isinstance(header, dict):
        raise QueryError(f"{origin}: the #+ header must be a mapping")
    return header


def load_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header = parse_header(text, str(path))
    parameters = []
    for raw in header.get("parameters") or []:
        unknown = set(raw) - {"name", "type", "required", "description", "minimum", "maximum"}
        if unknown or raw.get("type", "entity") not in PARAMETER_TYPES or "name" not in raw:
            raise QueryError(f"{path}: bad parameter declaration {raw!r}")
        parameters.append(Parameter(**raw))
    cut = template(text)
    missing = [p.name for p in parameters if p.name not in cut.variables]
    if missing:
        raise QueryError(f"{path}: no slot VALUES ?{missing[0]} {{ UNDEF }} where the parameter's variable is bound")
    return NamedQuery(
        name=path.stem, path=path, text=text,
        title=header.get("title") or {}, description=header.get("description") or {},
        parameters=tuple(parameters), example=header.get("example") or {}, template=cut,
    )


def catalogue(queries_dir: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query, by name, in name order (the folder is read once per process)."""
    return dict(_catalogue((queries_dir or project_dir("queries")).resolve()))


@cache
def _catalogue(folder: Path) -> tuple[tuple[str, NamedQuery], ...]:
    return tuple((q.name, q) for q in (load_query(p) for p in sorted(folder.glob("*.rq"))))


def get(name: str, queries_dir: Path | None = None) -> NamedQuery:
    """The named query ``name``; UnknownQuery names the nearest ones and lists the known names."""
    known = catalogue(queries_dir)
    if not NAME.match(name) or name not in known:
        close = nearest(name, list(known)) if NAME.match(name) else []
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise UnknownQuery(f"no named query {name!r} ({hint}known: {', '.join(known)})")
    return known[name]


def bind(store: ox.Store, query: NamedQuery, values: dict[str, str]) -> dict[str, Term | Table]:
    """Check the parameter values and turn them into terms (by variable name); labels are resolved on ``store``."""
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise ParameterError(f"query {query.name!r} has no parameter {', '.join(unknown)} "
                             f"(parameters: {', '.join(declared) or 'none'})")
    bound: dict[str, Term | Table] = {}
    for parameter in query.parameters:
        value = values.get(parameter.name)
        if value is None or value == "":
            if parameter.required:
                raise ParameterError(f"query {query.name!r} needs the parameter {parameter.name!r}")
            continue
        bound[parameter.name] = _term(store, query.name, parameter, value)
    return bound


def _term(store: ox.Store, name: str, parameter: Parameter, value: str) -> Term | Table:
    if parameter.type == "search":
        return _searched(name, parameter, probes, value)
    if parameter.type == "integer":
        if not INTEGER.fullmatch(value):  # int() would take Arabic-Indic digits, "1_0" and thousands of digits
            raise ParameterError(f"{name}: parameter {parameter.name!r} must be an integer (digits 0-9), "
                                 f"not {value[:40]!r}")
        number = int(value)
        if (parameter.minimum is not None and number < parameter.minimum) or \
                (parameter.maximum is not None and number > parameter.maximum):
            raise ParameterError(f"{name}: parameter {parameter.name!r} must be between {parameter.minimum} "
                                 f"and {parameter.maximum}, not {number}")
        return ox.Literal(str(number), datatype=terms.xsd_integer)
    if parameter.type == "string":
        return ox.Literal(value)
    try:
        matches = _searched(name, parameter, resolve, store, value)
    except ValueError as error:
        raise ParameterError(f"{name}: {value!r} is not a valid IRI ({error}) (parameter {parameter.name!r})") from None
    if not matches:
        close = suggestions(store, value)
        hint = f"; did you mean: {'; '.join(close)}?" if close else ""
        raise ParameterError(f"{name}: no entity is named {value!r} (parameter {parameter.name!r}){hint}")
    if len(matches) > 1:
        listed = "; ".join(f"{label_of(store, m)} <{m.value}>" for m in matches)
        raise ParameterError(f"{name}: {value!r} names several entities equally well (parameter {parameter.name!r}); "
                             f"did you mean: {listed}? Give its name in full or its IRI")
    return matches[0]


def _searched(name: str, parameter: Parameter, function: Callable[..., T], *args: Any) -> T:
    """``function(*args)``, its ParameterError (a text with nothing to search, or too long) naming the query and the
    parameter."""
    try:
        return function(*args)
    except ParameterError as error:
        raise ParameterError(f"{name}: parameter {parameter.name!r}: {error}") from None


def options() -> dict:
    """What every SPARQL query and update of the project runs with (``Store.query(**options())``).

    The project's prefixes predeclared (``ontology.prefixes``: ``id:``, ``ses:``, ``org:``, ``skos:``,
    ``level:``, ``role:``...; a query's own ``PREFIX`` lines win), as the Wikidata Query Service does.
    """
    return {"prefixes": prefixes()}


def algebra(kind: str, text: str, base: str | None = None) -> Any:
    """rdflib's algebra of the query or update ``text`` (with the project's prefixes, a text's own winning), or
    None when rdflib cannot read it: for the checks that must know what a text does before pyoxigraph runs it
    (rdflib's algebra is not typed: ``Any``)."""
    from rdflib.plugins.sparql import algebra, parser  # slow to import: only for texts that need it

    try:
        if kind == "update":
            return algebra.translateUpdate(parser.parseUpdate(text), base=base, initNs=prefixes()).algebra
        return algebra.translateQuery(parser.parseQuery(text), base=base, initNs=prefixes()).algebra
    # rdflib raises pyparsing's ParseException, RecursionError, and a bare Exception for an unknown
    # prefix: whatever its failure, the text is not read, and the caller decides without it.
    except Exception:  # noqa: BLE001
        return None


def execute(store: ox.Store, text: str, *, origin: str = "query") -> Result:
    """Run SPARQL text on ``store``; a malformed query raises QueryError with the parser's position, in one line."""
    try:
        return store.query(text, **options())
    except SyntaxError as error:
        raise QueryError(f"{origin}: {syntax_message(error, text)}") from None


def bound_text(store: ox.Store, query: NamedQuery, values: dict[str, str] | None = None,
               text: str | None = None) -> str:
    """The standard SPARQL text of a named query with its parameter values bound (labels resolved on ``store``).

    ``text``: the query as edited (the editor's tab of a named query), bound in its own slots.
    """
    cut = query.template if text is None else template(text)
    bound = bind(store, query, values or {})
    missing = sorted(set(bound) - cut.variables)
    if missing:
        raise ParameterError(f"{query.name}: the edited text has no slot VALUES ?{missing[0]} {{ UNDEF }} "
                             f"for the parameter {missing[0]!r}")
    return cut.text(bound)


def run(store: ox.Store, query: NamedQuery, values: dict[str, str] | None = None,
        text: str | None = None) -> Result:
    """Run a named query with parameter values (labels, IRIs or numbers as strings); ``text``: as edited."""
    origin = str(query.path) if text is None else f"{query.name} (edited)"
    return execute(store, bound_text(store, query, values, text), origin=origin)


@dataclass(frozen=True, order=True)
class Match:
    """An entity found for a text: its rank and the words of its name besides those typed (``entity-rank.rq``).

    Two matches are equally good when they have the same ``rank`` and ``extra``: of two names that
    both begin with the text, the one with fewer words besides is the better.
    """

    rank: int
    extra: int
    entity: str


def rank(store: ox.Store, value: str, limit: int | None = None) -> list[Match]:
    """The entities whose names match ``value``, best first, on any store (ParameterError: nothing to search)."""
    found = execute(store, internal_template("entity-rank").text({"qKey": probes(value)}), origin="entity-rank")
    ordered = sorted(Match(int(row["match"].value), int(row["extra"].value), row["entity"].value)
                     for row in cast(ox.QuerySolutions, found))
    return ordered if limit is None else ordered[:limit]


def resolve(store: ox.Store, value: str) -> list[ox.NamedNode]:
    """The entities ``value`` names best, in any spelling: one, several equally good, or none.

    An absolute IRI resolves to itself.
    """
    if ABSOLUTE_IRI.match(value):
        return [ox.NamedNode(value)]
    found = rank(store, value)
    top = found[:1]
    return [ox.NamedNode(m.entity) for m in found if (m.rank, m.extra) == (top[0].rank, top[0].extra)] if top else []


def load_file(path: Path) -> NamedQuery:
    """A query file given on the command line (its header is optional)."""
    if not path.is_file():
        raise UnknownQuery(f"{path}: no such query file")
    return load_query(path)
