"""Import the "SSE standard CSV" of the DigitalCommons / RIPESS mapping pipeline as sourced Turtle.

What each column becomes is declared in ``ontology/essglobal-csv.yaml``; this module reads that
declaration and the CSV. Every row becomes an organisation ``id:DATASET/IDENTIFIER`` typed
``essglobal:SSEInitiative`` and the ontology class of its organisational structure, derived from
one source record for the file. A bad row (no identifier or name, an identifier seen before, a
malformed IRI or coordinate) is rejected with its line number, never dropped silently; the labels
of the ESSGlobal concepts used can be taken from the ESSGlobal SKOS schemes.

>>> dataset_name(Path("uk-workers-coops/2023-03-02_standard.csv"))
'uk-workers-coops'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import cast
from urllib.parse import quote

import pyoxigraph as ox
import yaml

from . import export, terms
from .errors import DataError, Problem
from .ontology import RDF_TYPE, prefixes
from .resources import project_dir

MAPPING_FILE = "essglobal-csv.yaml"
ABSOLUTE_IRI = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
SLUG = re.compile(r"[^a-z0-9]+")


@cache
def mapping() -> dict:
    """The declaration of ``ontology/essglobal-csv.yaml``."""
    return yaml.safe_load((project_dir("ontology") / MAPPING_FILE).read_text(encoding="utf-8"))


def term(name: str) -> ox.NamedNode:
    """The IRI of a prefixed name of the declaration (``schema:url``)."""
    prefix, local = name.split(":", 1)
    return ox.NamedNode(prefixes()[prefix] + local)


@dataclass
class Organisation:
    """One accepted row: its IRI, where it is in the file, and what entity resolution compares."""

    iri: ox.NamedNode
    line: int
    identifier: str
    name: str
    website: str | None


@dataclass
class Import:
    """The result of reading a file: the quads to write, the accepted rows, the rejected rows' problems."""

    source: ox.NamedNode
    quads: list[ox.Quad] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    rows: int = 0
    concepts: set[ox.NamedNode] = field(default_factory=set)


@dataclass(frozen=True)
class SourceRecord:
    """What the file's source record says; ``None`` values take the declaration's defaults."""

    dataset: str
    title: str | None = None
    publisher: str | None = None
    licence: str | None = None
    date: str | None = None
    language: str | None = None


def dataset_name(path: Path) -> str:
    """The default dataset name of a file: the name of its folder, as lowercase words joined by hyphens."""
    return SLUG.sub("-", path.resolve().parent.name.lower()).strip("-") or "essglobal"


class RowError(ValueError):
    """A cell that rejects its row: the column and the value concerned."""

    def __init__(self, column: str, value: str, message: str):
        super().__init__(message)
        self.column, self.value = column, value


def _iri(column: str, value: str) -> ox.NamedNode:
    if not ABSOLUTE_IRI.match(value):
        raise RowError(column, value, "is not an absolute IRI")
    try:
        return ox.NamedNode(value)
    except ValueError as error:
        raise RowError(column, value, f"is not a valid IRI ({error})") from None


def _coordinates(row: dict[str, str]) -> tuple[str, str] | None:
    """The first pair of coordinate columns that is filled, checked; None when none is."""
    for lat_column, lon_column in mapping()["coordinates"]["columns"]:
        lat, lon = row.get(lat_column, "").strip(), row.get(lon_column, "").strip()
        if not lat and not lon:
            continue
        for column, value, bound in ((lat_column, lat, 90), (lon_column, lon, 180)):
            try:
                number = float(value)
            except ValueError:
                raise RowError(column, value, "is not a coordinate in decimal degrees") from None
            if not -bound <= number <= bound or not re.fullmatch(r"[+-]?\d+(\.\d+)?", value):
                raise RowError(column, value, f"is not a coordinate in decimal degrees between -{bound} and {bound}")
        return lat, lon
    return None


def _row_pairs(row: dict[str, str], found: Import) -> Iterator[tuple[ox.NamedNode, ox.Literal | ox.NamedNode]]:
    """(property, value) of one row, in the declaration's order; raises RowError for a bad cell."""
    declared = mapping()
    cells = {column: (value or "").strip() for column, value in row.items() if column is not None}
    concepts = declared["concepts"]
    values: dict[str, list] = {}
    for column in concepts["columns"]:
        values[column] = []
        for value in filter(None, (v.strip() for v in cells.get(column, "").split(concepts["separator"]))):
            if column in concepts["text_allowed"] and not ABSOLUTE_IRI.match(value):
                values[column].append(ox.Literal(value))
            else:
                values[column].append(_iri(column, value))
    website = cells.get(declared["website"]["column"], "")
    if website and (re.search(r"\s", website) or "." not in website):
        raise RowError(declared["website"]["column"], website, "is not a web address")
    place = cells.get(declared["place"]["column"], "")
    place_iri = _iri(declared["place"]["column"], place) if place else None
    coordinates = _coordinates(cells)

    structure = next((v for v in values.get(declared["class"]["column"], []) if isinstance(v, ox.NamedNode)), None)
    code = structure.value.rstrip("/").rsplit("/", 1)[-1] if structure else None
    yield RDF_TYPE, term(declared["class"]["by_code"].get(code, declared["class"]["default"]))
    for name in declared["types"]:
        yield RDF_TYPE, term(name)
    yield term(declared["name"]["property"]), ox.Literal(cells[declared["name"]["column"]])
    yield term(declared["identifier"]["property"]), ox.Literal(cells[declared["identifier"]["column"]])
    yield term(declared["derived_from"]), found.source
    for column, prop in declared["texts"].items():
        if cells.get(column):
            yield term(prop), ox.Literal(cells[column])
    address = ", ".join(", ".join(filter(None, (part.strip() for part in cells.get(column, "").splitlines())))
                        for column in declared["address"]["columns"] if cells.get(column))
    if address:
        yield term(declared["address"]["property"]), ox.Literal(address)
    for column, prop in concepts["columns"].items():
        for value in values[column]:
            if isinstance(value, ox.NamedNode):
                found.concepts.add(value)
            yield term(prop), value
    if website:
        yield term(declared["website"]["property"]), ox.Literal(website, datatype=term(declared["website"]["datatype"]))
    if place_iri is not None:
        yield term(declared["place"]["property"]), place_iri
    if coordinates:
        datatype = term(declared["coordinates"]["datatype"])
        for prop, value in zip(declared["coordinates"]["properties"], coordinates, strict=True):
            yield term(prop), ox.Literal(value, datatype=datatype)


def _records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(first line, row) of each record of the CSV; a record may span several lines inside quotes."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        required = [mapping()["identifier"]["column"], mapping()["name"]["column"]]
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError([Problem(str(path), 1, 1, "", ", ".join(missing), "the header lacks the column(s)")])
        line = reader.line_num + 1
        for row in reader:
            yield line, row
            line = reader.line_num + 1


def read(path: Path, record: SourceRecord) -> Import:
    """Read the CSV at ``path`` into the quads of its organisations and of its source record."""
    source = ox.NamedNode(f"{terms.ID}source-{record.dataset}")
    found = Import(source)
    seen: dict[str, int] = {}
    declared = mapping()
    try:
        records = list(_records(path))
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text ({error.reason} at byte {error.start})"
        raise DataError([Problem(str(path), 0, 0, "", "", message)]) from None
    except csv.Error as error:
        raise DataError([Problem(str(path), 0, 0, "", "", f"not a readable CSV file ({error})")]) from None
    for line, row in records:
        found.rows += 1
        identifier = (row.get(declared["identifier"]["column"]) or "").strip()
        name = (row.get(declared["name"]["column"]) or "").strip()
        try:
            if None in row:
                extra = cast("dict[str | None, list[str]]", row)[None]  # csv's DictReader: the cells past the header
                raise RowError("", "", f"has {len(row) - 1 + len(extra)} cells, more than the header's columns")
            if not identifier:
                raise RowError(declared["identifier"]["column"], "", "is empty: every row needs an identifier")
            if identifier in seen:
                raise RowError(declared["identifier"]["column"], identifier,
                               f"is a duplicate identifier (first on line {seen[identifier]})")
            if not name:
                raise RowError(declared["name"]["column"], "", "is empty: every row needs a name")
            iri = ox.NamedNode(f"{terms.ID}{record.dataset}/{quote(identifier, safe='')}")
            pairs = list(_row_pairs(row, found))
        except RowError as error:
            found.rejected.append(Problem(str(path), line, 0, error.column, error.value, f"row rejected: {error}"))
            continue
        seen[identifier] = line
        found.quads += [ox.Quad(iri, p, o) for p, o in pairs]
        website = next((o.value for p, o in pairs if p == term(declared["website"]["property"])), None)
        found.organisations.append(Organisation(iri, line, identifier, name, website))
    found.quads += source_quads(source, path, record)
    return found


def source_quads(source: ox.NamedNode, path: Path, record: SourceRecord) -> list[ox.Quad]:
    """The source record of the file: identifier (its name), label, title, publisher, licence, date, language."""
    declared = mapping()["source"]
    defaults = declared["defaults"]
    title = record.title or f"SSE standard CSV {path.name} ({record.dataset})"
    language = record.language or defaults["language"]
    dated = FILE_DATE.match(path.name)
    date = record.date or (dated.group(1) if dated else None)
    pairs: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [
        (RDF_TYPE, term(declared["type"])), (term(declared["identifier"]), ox.Literal(path.name)),
        (term(declared["label"]), ox.Literal(f"{path.name} - {title}", language=language)),
        (term(declared["title"]), ox.Literal(title, language=language)),
        (term(declared["publisher"]), ox.Literal(record.publisher or defaults["publisher"])),
        (term(declared["licence"]), _iri("--licence", record.licence or defaults["licence"])),
        (term(declared["language"]), ox.Literal(language)),
    ]
    if date:
        pairs.append((term(declared["date"]), ox.Literal(date, datatype=term(declared["date_datatype"]))))
    return [ox.Quad(source, p, o) for p, o in pairs]


def _scheme_key(iri: str) -> tuple[str, str]:
    """(scheme folder, code) of a concept IRI: ``.../organisational-structure/OS130`` gives both names."""
    parts = iri.rstrip("/").rsplit("/", 2)
    return (parts[-2], parts[-1]) if len(parts) == 3 else ("", iri)


def concept_quads(concepts: set[ox.NamedNode], schemes: Path) -> list[ox.Quad]:
    """Labels of ``concepts`` from the ESSGlobal SKOS files in ``schemes``, with the scheme's IRI as exact match."""
    declared = mapping()
    labels = [term(name) for name in declared["concept_labels"]]
    label = labels[0]
    scheme_concepts: dict[tuple[str, str], tuple[ox.NamedNode, set[ox.Literal]]] = {}
    for path in sorted(schemes.glob("*.skos")):
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.RDF_XML))
        except SyntaxError as error:
            raise DataError([Problem(str(path), error.lineno or 0, error.offset or 0, "", "", str(error))]) from None
        for t in triples:
            if t.predicate == label and isinstance(t.object, ox.Literal) and t.object.value.strip():
                subject = cast(ox.NamedNode, t.subject)  # a concept of a SKOS file (RDF/XML: no triple terms)
                entry = scheme_concepts.setdefault(_scheme_key(subject.value), (subject, set()))
                entry[1].add(ox.Literal(t.object.value.strip(), language=(t.object.language or "en").lower()))
    quads = []
    for concept in sorted(concepts, key=lambda c: c.value):
        match = scheme_concepts.get(_scheme_key(concept.value))
        if match is None:
            continue
        quads.append(ox.Quad(concept, RDF_TYPE, term(declared["concept_type"])))
        quads += [ox.Quad(concept, p, text) for p in labels for text in sorted(match[1], key=str)]
        if match[0] != concept:
            quads.append(ox.Quad(concept, term(declared["concept_match"]), match[0]))
    return quads


def turtle(quads: list[ox.Quad]) -> bytes:
    """``quads`` as Turtle with the ontology's prefixes that they use (the same quads give the same bytes)."""
    return export.turtle([q.triple for q in quads])
