"""Who the public view must show and hide, computed from the curated files themselves (not by ses_graph.public).

A person is kept when a fact with a source gives them a role of the collection ``role:public-mandates``
of ``ontology/schemes.ttl``; everyone else must appear nowhere. :func:`leaks` finds their names in a text,
whole or by the family name alone (the last word of a spelling: the data writes "given family").
"""

from __future__ import annotations

import html
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import unquote

import pyoxigraph as ox
from support import ROOT

from ses_graph.search import normalize

ID = "https://w3id.org/ses-graph/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PERSON = ox.NamedNode("https://w3id.org/ses-graph/ontology#Person")
SKOS_MEMBER = ox.NamedNode("http://www.w3.org/2004/02/skos/core#member")
ORG_ROLE = ox.NamedNode("http://www.w3.org/ns/org#role")
SOURCE = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
NAMES = {ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
         ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")}
MANDATES = ox.NamedNode(ID + "role/public-mandates")
CO_PRESIDENT = ox.NamedNode(ID + "role/co-president")


@dataclass(frozen=True)
class People:
    kept: dict[str, set[str]]  # IRI -> every spelling of the name
    hidden: dict[str, set[str]]
    co_presidents: set[str]


def people() -> People:
    """The people of the curated files, split by the rule of the public view."""
    files = [ROOT / "ontology" / "schemes.ttl", *sorted((ROOT / "data").glob("*.ttl"))]
    triples = [t for f in files for t in ox.parse(path=str(f))]
    mandates = {t.object for t in triples if t.subject == MANDATES and t.predicate == SKOS_MEMBER}
    persons = {t.subject for t in triples if t.predicate == RDF_TYPE and t.object == PERSON}
    roles, sourced = defaultdict(set), set()
    for t in triples:
        if t.predicate == ORG_ROLE:
            roles[t.subject].add(t.object)
        elif t.predicate == SOURCE:
            sourced.add(t.subject)
    holders = [(t.subject, t.object) for t in triples if t.object in persons and t.subject in sourced]
    kept = {person for fact, person in holders if roles[fact] & mandates}
    co_presidents = {person.value for fact, person in holders if CO_PRESIDENT in roles[fact]}
    names = defaultdict(set)
    for t in triples:
        if t.subject in persons and t.predicate in NAMES:
            names[t.subject.value].add(t.object.value)
    split = {True: {}, False: {}}
    for person in persons:
        split[person in kept][person.value] = names[person.value]
    return People(split[True], split[False], co_presidents)


def readable(response) -> str:
    """The text of an HTTP answer as a person would read it: JSON decoded, HTML entities and %-escapes undone."""
    text = response.text
    if response.headers.get("content-type", "").startswith("application/zip"):  # the CSV export: its files
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        text = "\n".join(archive.read(name).decode("utf-8") for name in sorted(archive.namelist()))
    if "json" in response.headers.get("content-type", ""):
        text = json.dumps(response.json(), ensure_ascii=False)
    return unquote(html.unescape(text))


def leaks(text: str, hidden: dict[str, set[str]]) -> list[str]:
    """The hidden people of ``hidden`` named in ``text`` (any spelling, case, accents, the family name alone, or
    the IRI's name)."""
    key = f" {normalize(text)} "
    found = []
    for iri, names in sorted(hidden.items()):
        spellings = {normalize(n) for n in names} | {normalize(n.split()[-1]) for n in names if n.split()}
        spellings.add(normalize(iri[len(ID):]))
        if any(f" {s} " in key for s in spellings if s):
            found.append(iri)
    return found
