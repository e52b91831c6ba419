"""The HTML page of one entity, written from its triples (``ses_graph/sparql/entity.rq``) and labels.

What a reader looks for comes first: names, kinds, and the sourced facts about the entity grouped
by kind of relationship (memberships and roles, seats, actions, participations, partnerships,
fundings, productions: the ontology's ``ses:Fact`` classes), each line with the other party, role,
level and date, and under the lines that share it their source and quote, once. Then the entity's
own statements and the things that point to it. The page itself is ``templates/entity.html``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import cast
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from ses_graph import terms
from ses_graph.ontology import compact

TYPE, LABEL, PREF, ALT, TITLE = (
    terms.rdf_type.value,
    terms.rdfs_label.value,
    terms.skos_prefLabel.value,
    terms.skos_altLabel.value,
    terms.dcterms_title.value,
)
SOURCE, QUOTE, ROLE = terms.prov_wasDerivedFrom.value, terms.quote.value, terms.org_role.value
NAMES = (PREF, LABEL, TITLE)
NOTE = terms.skos_editorialNote.value
NOT_LISTED = {TYPE, *NAMES, ALT}
#: The order of the groups of facts: the kinds of relationship, as a reader goes through them.
GROUP_ORDER = tuple(t.value for t in (terms.Membership, terms.Seat, terms.Action, terms.Participation,
                                      terms.Partnership, terms.Funding, terms.Production))
#: Qualifiers of a fact, in this order (after the other parties): the role, then concepts and literals of these
#: properties.
QUALIFIERS = (ROLE, *(t.value for t in (terms.level, terms.actionType, terms.axis, terms.status, terms.date)))


def entity_path(iri: str) -> str | None:
    """``/id/...`` for an entity IRI of the graph, else None."""
    return "/id/" + quote(iri[len(terms.ID):], safe="/-_.~") if iri.startswith(terms.ID) else None


def _literal(triple: ox.Triple) -> ox.Literal:
    """The object of a triple whose property the shapes give literal values (a quote, a note, a name)."""
    return cast(ox.Literal, triple.object)


def _pick(labels: dict[str, str], lang: str) -> str | None:
    for key in (lang, "fr", "en", ""):
        if key in labels:
            return labels[key]
    return next(iter(sorted(labels.values())), None)


class Page:
    """The pieces of one entity's page: its IRI, its triples grouped by subject, and labels of the terms around it."""

    def __init__(self, iri: str, triples: list[ox.Triple], labels: dict[str, dict[str, str]], lang: str):
        self.iri, self.labels, self.lang = iri, labels, lang
        self.by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
        for triple in triples:
            self.by_subject[cast(ox.NamedNode | ox.BlankNode, triple.subject).value].append(triple)

    def label(self, iri: str) -> str:
        return _pick(self.labels.get(iri, {}), self.lang) or compact(iri)

    def value(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
        """A value as the template draws it: ``{"text", "href", "lang"}`` (a link for an IRI)."""
        if isinstance(term, ox.NamedNode):
            path = entity_path(term.value)
            if path is None and term.value.startswith(terms.SES):
                path = "/ontology#" + term.value[len(terms.SES):]
            return {"text": self.label(term.value), "href": path or term.value, "lang": None}
        if isinstance(term, ox.Literal):
            return {"text": term.value, "href": None, "lang": term.language}
        return {"text": str(term), "href": None, "lang": None}

    def statements(self, triples: list[ox.Triple], skip: set[str]) -> list[dict]:
        rows: dict[str, list] = defaultdict(list)
        for triple in triples:
            if triple.predicate.value not in skip:
                rows[triple.predicate.value].append(triple.object)
        items = sorted(rows.items(), key=lambda kv: self.label(kv[0]).lower())
        return [{"property": self.value(ox.NamedNode(p)),
                 "objects": sorted((self.value(v) for v in values), key=lambda v: (v["text"], v["href"] or ""))}
                for p, values in items]

    def fact(self, subject: str, triples: list[ox.Triple]) -> dict:
        """One line: the other parties (``predicate: entity``), the entity's own part in it, the qualifiers."""
        parties, qualifiers, part, notes = [], [], [], []
        for t in sorted(triples, key=lambda t: (self.label(t.predicate.value).lower(), str(t.object))):
            p = t.predicate.value
            if p in (TYPE, SOURCE, QUOTE) or p in NAMES:
                continue
            if p == NOTE:
                notes.append(_literal(t).value)
            elif t.object == ox.NamedNode(self.iri):
                part.append(self.label(p))
            elif p in QUALIFIERS or isinstance(t.object, ox.Literal):
                qualifiers.append({"iri": p, "property": self.label(p), "value": self.value(t.object)})
            else:
                parties.append({"property": self.label(p), "value": self.value(t.object)})
        qualifiers.sort(key=lambda q: QUALIFIERS.index(q["iri"]) if q["iri"] in QUALIFIERS else len(QUALIFIERS))
        return {"iri": subject, "href": entity_path(subject) or subject, "id": compact(subject),
                "parties": parties, "qualifiers": qualifiers, "part": part, "notes": notes}

    def groups(self) -> tuple[list[dict], list[dict]]:
        """The facts by kind of relationship (each quote once under the lines it supports), and the pointers."""
        found: dict[str, dict[tuple, dict]] = defaultdict(dict)
        pointers = []
        for subject, triples in sorted(self.by_subject.items()):
            if subject == self.iri:
                continue
            types = sorted(cast(ox.NamedNode, t.object).value for t in triples if t.predicate.value == TYPE)
            if not types:
                pointers += [
                    {"subject": self.value(t.subject), "property": self.label(t.predicate.value)} for t in triples
                ]
                continue
            kind = next((g for g in GROUP_ORDER if g in types), types[0])
            sources = tuple(sorted(cast(ox.NamedNode, t.object).value for t in triples if t.predicate.value == SOURCE))
            quotes = tuple(sorted((_literal(t).value, _literal(t).language or "fr") for t in triples
                                  if t.predicate.value == QUOTE))
            cluster = found[kind].setdefault((sources, quotes), {
                "sources": [self.value(ox.NamedNode(s)) for s in sources],
                "quotes": [{"text": q, "lang": lang} for q, lang in quotes], "facts": []})
            cluster["facts"].append(self.fact(subject, triples))
        order = {kind: i for i, kind in enumerate(GROUP_ORDER)}
        groups = [{"kind": kind, "title": self.label(kind), "count": sum(len(c["facts"]) for c in clusters.values()),
                   "clusters": list(clusters.values())}
                  for kind, clusters in sorted(found.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))]
        return groups, pointers

    def context(self) -> dict:
        own = self.by_subject.get(self.iri, [])
        names = {(t.object.language or ""): t.object.value for t in own if t.predicate.value in NAMES
                 and isinstance(t.object, ox.Literal)}
        title = _pick(names, self.lang) or compact(self.iri)
        alternative = [_literal(t) for t in own if t.predicate.value == ALT]
        other_names = sorted({(v, k) for k, v in names.items() if v != title}
                             | {(name.value, name.language or "") for name in alternative})
        groups, pointers = self.groups()
        return {
            "iri": self.iri, "title": title,
            "other_names": [{"text": v, "lang": k} for v, k in other_names],
            "types": sorted((self.value(t.object) for t in own if t.predicate.value == TYPE), key=lambda v: v["text"]),
            "groups": groups, "facts_count": sum(g["count"] for g in groups),
            "statements": self.statements(own, NOT_LISTED), "pointers": pointers,
            "describe": "/sparql?" + urlencode({"query": f"DESCRIBE <{self.iri}>"}),
            "focus": "/map?" + urlencode({"focus": self.iri, "lang": self.lang}),
        }


def context(iri: str, triples: list[ox.Triple], labels: dict[str, dict[str, str]], lang: str) -> dict:
    """What ``templates/entity.html`` draws for entity ``iri``, in ``lang`` (fr or en) for the interface."""
    return Page(iri, triples, labels, lang).context()
