"""The contribution form's facts (``/contribute``): what a person fills in, as the triples of one write.

The kinds of fact, their fields and the classes of the entities a field may create are declared in
``ses_graph/form.yaml``; the triples come from the CONSTRUCT templates ``sparql/form-fact.rq``,
``form-entity.rq`` and ``form-source.rq``, each field a variable of the same name (a field left
empty makes no triple: the build's rules, applied to the write, then say what is missing). A
submission (JSON) is::

    {"kind": "seat", "fields": {"member": {"iri": IRI} | {"new": {"label": NAME, "class": "ses:Person"}},
                                "role": IRI, "description": TEXT, "date": "2020-06", ...},
     "source": {"iri": IRI} | {"new": {"title", "language", "date", "url", "publisher"}},
     "quote": TEXT, "language": "fr" | "en"}

:func:`build` gives its triples and, for each (node, property) they state, the field it came from,
so that the violations of a refused write are shown next to their fields (:func:`field_of`).
IRIs are minted from the content (the same submission names the same fact): ``id:KIND-HASH``, a new
entity ``id:SLUG`` of its name (``-HASH`` added if the graph already has that IRI), a new source
``id:source-contribution-HASH`` with the identifier ``contribution-HASH``.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import cast

import pyoxigraph as ox
import yaml

from . import terms
from .errors import BadRequest
from .ontology import compact, prefixes
from .resources import PACKAGE_DIR, internal_query

LANGUAGES = ("fr", "en")
DATE_TYPES = {10: terms.xsd_date, 7: terms.xsd_gYearMonth, 4: terms.xsd_gYear}


def expand(name: str) -> ox.NamedNode:
    """``ses:Person`` as its IRI, with the project's prefixes."""
    prefix, _, local = name.partition(":")
    return ox.NamedNode(prefixes()[prefix] + local)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    classes: tuple[ox.NamedNode, ...] = ()
    scheme: ox.NamedNode | None = None
    optional: bool = False
    tagged: bool = False


@dataclass(frozen=True)
class Kind:
    name: str
    cls: ox.NamedNode
    fields: tuple[Field, ...]


@cache
def kinds() -> dict[str, Kind]:
    """The kinds of fact of ``form.yaml``, in its order."""
    declared = yaml.safe_load((PACKAGE_DIR / "form.yaml").read_text(encoding="utf-8"))
    return {name: Kind(name, expand(kind["class"]), tuple(
        Field(f["name"], f["type"], tuple(map(expand, f.get("classes", []))),
              expand(f["scheme"]) if "scheme" in f else None, f.get("optional", False), f.get("tagged", False))
        for f in kind["fields"])) for name, kind in declared.items()}


@dataclass
class Built:
    """A submission's triples; ``places``: (node IRI, property IRI) -> field; ``nodes``: node IRI -> field."""

    fact: ox.NamedNode
    triples: list[ox.Triple] = field(default_factory=list)
    places: dict[tuple[str, str], str] = field(default_factory=dict)
    nodes: dict[str, str] = field(default_factory=dict)
    #: An IRI a field gave (in full and compact) -> that field.
    values: dict[str, str] = field(default_factory=dict)


def _hash(data: object, size: int = 12) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:size]


def slug(name: str) -> str:
    """``"Réseau Cocagne"`` -> ``reseau-cocagne`` (lower-case ASCII and hyphens, as the curated IRIs)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "entity"


def _text(value: object, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRequest(f"{where}: expected a text")
    return value.strip()


def _iri(value: object, where: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(_text(value, where))
    except ValueError as error:
        raise BadRequest(f"{where}: {value!r} is not an IRI ({error})") from None


Bound = ox.NamedNode | ox.Literal


def _construct(name: str, values: Mapping[str, Bound]) -> list[ox.Triple]:
    """The triples of the CONSTRUCT template ``name`` with ``values`` bound (a template: no data is read)."""
    answer = ox.Store().query(internal_query(name), substitutions={ox.Variable(k): v for k, v in values.items()})
    return list(cast(ox.QueryTriples, answer))


def _date(text: str, where: str) -> ox.Literal:
    datatype = DATE_TYPES.get(len(text))
    if datatype is None or not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?", text):
        raise BadRequest(f"{where}: a date is YYYY, YYYY-MM or YYYY-MM-DD, not {text!r}")
    return ox.Literal(text, datatype=datatype)


def _source(given: object, built: Built) -> ox.NamedNode | None:
    if not isinstance(given, dict):
        return None
    if "iri" in given:
        return _iri(given["iri"], "source")
    new = given.get("new")
    if not isinstance(new, dict):
        raise BadRequest("source: give {\"iri\": IRI} or {\"new\": {\"title\", \"language\", ...}}")
    record = {key: _text(new.get(key), f"source.{key}") for key in ("title", "language", "date", "url", "publisher")}
    digest = _hash(record, 16)
    source = ox.NamedNode(f"{terms.ID}source-contribution-{digest}")
    values: dict[str, Bound] = {"source": source, "identifier": ox.Literal(f"contribution-{digest}")}
    if record["title"]:
        values["title"] = ox.Literal(record["title"], language=record["language"] or None) \
            if record["language"] in LANGUAGES else ox.Literal(record["title"])
    if record["language"]:
        values["language"] = ox.Literal(record["language"])
    if record["date"]:
        values["issued"] = _date(record["date"], "source.date")
    if record["url"]:
        values["url"] = ox.Literal(record["url"], datatype=terms.xsd_anyURI)
    if record["publisher"]:
        values["publisher"] = ox.Literal(record["publisher"])
    built.triples += _construct("form-source", values)
    built.nodes[source.value] = "source"
    return source


def _entity(store: ox.Store, spec: Field, given: dict, source: ox.NamedNode | None, built: Built) -> ox.NamedNode:
    if "iri" in given:
        return _iri(given["iri"], spec.name)
    new = given.get("new")
    label = _text(new.get("label"), f"{spec.name}.label") if isinstance(new, dict) else ""
    if not label:
        raise BadRequest(f"{spec.name}: give {{\"iri\": IRI}} or {{\"new\": {{\"label\": NAME, \"class\": CLASS}}}}")
    chosen = cast(dict, new).get("class") or spec.classes[0].value
    cls = next((c for c in spec.classes if chosen in (c.value, compact(c.value))), None)
    if cls is None:
        allowed = ", ".join(compact(c.value) for c in spec.classes)
        raise BadRequest(f"{spec.name}: a new entity here is one of {allowed}, not {chosen!r}")
    entity = ox.NamedNode(terms.ID + slug(label))
    if next(store.quads_for_pattern(entity, None, None), None) is not None:  # that IRI names another entity
        entity = ox.NamedNode(f"{entity.value}-{_hash([label, cls.value], 6)}")
    values: dict[str, Bound] = {"entity": entity, "class": cls, "label": ox.Literal(label)}
    if source is not None:
        values["source"] = source
    built.triples += _construct("form-entity", values)
    built.nodes[entity.value] = spec.name
    return entity


def build(store: ox.Store, submission: object) -> Built:
    """The triples of a submission of the form (BadRequest, naming the field, for one that cannot be read)."""
    if not isinstance(submission, dict):
        raise BadRequest("the form sends a JSON object")
    name = submission.get("kind")
    kind = kinds().get(name) if isinstance(name, str) else None
    if kind is None:
        raise BadRequest(f"kind: one of {', '.join(kinds())}, not {submission.get('kind')!r}")
    language = submission.get("language") or "fr"
    if language not in LANGUAGES:
        raise BadRequest(f"language: fr or en, not {language!r}")
    given = submission.get("fields") or {}
    if not isinstance(given, dict):
        raise BadRequest("fields: expected an object")
    fact = ox.NamedNode(f"{terms.ID}{kind.name}-{_hash(submission)}")
    built = Built(fact)
    source = _source(submission.get("source"), built)
    values: dict[str, ox.NamedNode | ox.Literal] = {"fact": fact, "class": kind.cls}
    if source is not None:
        values["source"] = source
    quote = _text(submission.get("quote"), "quote")
    if quote:
        values["quote"] = ox.Literal(quote, language=language)
    for spec in kind.fields:
        value = given.get(spec.name)
        if value in (None, "", {}):
            continue
        if spec.type == "entity":
            if not isinstance(value, dict):
                raise BadRequest(f"{spec.name}: give {{\"iri\": IRI}} or {{\"new\": ...}}")
            values[spec.name] = _entity(store, spec, value, source, built)
        elif spec.type == "concept":
            values[spec.name] = _iri(value, spec.name)
        elif spec.type == "date":
            values[spec.name] = _date(_text(value, spec.name), spec.name)
        else:
            text = _text(value, spec.name)
            values[spec.name] = ox.Literal(text, language=language) if spec.tagged else ox.Literal(text)
    names = {"quote", "source", *(spec.name for spec in kind.fields)}
    built.places = {(fact.value, path): name for path, name in _paths() if name in names}
    for name in names:
        if isinstance(values.get(name), ox.NamedNode):
            built.values[values[name].value] = built.values[compact(values[name].value)] = name
    built.triples = _construct("form-fact", values) + built.triples
    return built


@cache
def _paths() -> tuple[tuple[str, str], ...]:
    """(property IRI, field) of each field of the fact template: found by running it with every field bound to a
    placeholder of its own."""
    names = {"quote", "source", *(f.name for kind in kinds().values() for f in kind.fields)}
    placeholders = {ox.NamedNode(f"urn:ses-graph:form:{name}"): name for name in names}
    values = {name: node for node, name in placeholders.items()} | {"fact": ox.NamedNode("urn:ses-graph:form:fact")}
    return tuple(sorted((t.predicate.value, placeholders[cast(ox.NamedNode, t.object)])
                        for t in _construct("form-fact", values) if t.object in placeholders))


def field_of(built: Built, focus: str, path: str, value: str) -> str | None:
    """The field a violation belongs to: the one that stated (focus, path), else the one that made the focus node, else
    the one whose value the violation names; None for a violation of the whole fact."""
    return built.places.get((focus, path)) or built.nodes.get(focus) or built.values.get(value)
