"""The HTML page of one entity, written from its triples (``ses_graph/sparql/entity.rq``) and labels.

Plain HTML with its style inlined and nothing loaded from elsewhere: names in every language
present, alternative names, types, the entity's own statements, every fact about it with its
source document and quote, the things that point to it, and links to the map and to SPARQL.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from ses_graph import terms
from ses_graph.ontology import compact

TYPE, LABEL, PREF, ALT, TITLE = str(RDF.type), str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel), str(DCTERMS.title)
SOURCE, QUOTE = str(PROV.wasDerivedFrom), terms.quote.value
NAMES = (PREF, LABEL, TITLE)
NOT_LISTED = {TYPE, *NAMES, ALT}
TEXT = {
    "fr": {"types": "Types :", "names": "Autres noms :", "statements": "Ce que le graphe en dit", "facts": "Faits sourcés",
           "source": "Source :", "pointed": "Mentionné par", "map": "Voir sur la carte", "describe": "Décrire en SPARQL",
           "formats": "Aussi en Turtle, N-Triples ou JSON-LD (en-tête Accept).", "other": "English", "home": "Accueil"},
    "en": {"types": "Types:", "names": "Other names:", "statements": "What the graph says", "facts": "Sourced facts",
           "source": "Source:", "pointed": "Pointed to by", "map": "Show on the map", "describe": "Describe with SPARQL",
           "formats": "Also as Turtle, N-Triples or JSON-LD (Accept header).", "other": "Français", "home": "Home"},
}
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
dt { font-weight: 600; } dd { margin: 0 0 0.3rem 1.5rem; } nav { float: right; }
.fact { border-left: 3px solid #bbb; padding: 0.2rem 0.8rem; margin: 0.8rem 0; }
blockquote { margin: 0.3rem 0; font-style: italic; color: #333; } small { color: #666; }
"""


def entity_path(iri: str) -> str | None:
    """``/id/...`` for an entity IRI of the graph, else None."""
    return "/id/" + quote(iri[len(terms.ID):], safe="/-_.~") if iri.startswith(terms.ID) else None


def _pick(labels: dict[str, str], lang: str) -> str | None:
    for key in (lang, "fr", "en", ""):
        if key in labels:
            return labels[key]
    return next(iter(sorted(labels.values())), None)


class Page:
    """The pieces of one entity's page: its IRI, its triples grouped by subject, and labels of the terms around it."""

    def __init__(self, iri: str, triples: list[ox.Triple], labels: dict[str, dict[str, str]], lang: str):
        self.iri, self.labels, self.lang, self.t = iri, labels, lang, TEXT[lang]
        self.by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
        for triple in triples:
            self.by_subject[triple.subject.value].append(triple)

    def label(self, iri: str) -> str:
        return _pick(self.labels.get(iri, {}), self.lang) or compact(iri)

    def term(self, term) -> str:
        """A value as HTML: a link for an IRI (entity page, ontology section or the IRI itself), text for a literal."""
        if isinstance(term, ox.NamedNode):
            path = entity_path(term.value)
            if path is None and term.value.startswith(terms.SES):
                path = "/ontology#" + term.value[len(terms.SES):]
            return f'<a href="{escape(path or term.value)}">{escape(self.label(term.value))}</a>'
        if isinstance(term, ox.Literal):
            tag = f' <small>@{escape(term.language)}</small>' if term.language else ""
            return escape(term.value) + tag
        return escape(str(term))

    def statements(self, triples: list[ox.Triple], skip: set[str]) -> str:
        rows: dict[str, list[str]] = defaultdict(list)
        for triple in triples:
            if triple.predicate.value not in skip:
                rows[triple.predicate.value].append(self.term(triple.object))
        items = sorted(rows.items(), key=lambda kv: self.label(kv[0]).lower())
        return "".join(f"<dt>{self.term(ox.NamedNode(p))}</dt>" + "".join(f"<dd>{v}</dd>" for v in sorted(values))
                       for p, values in items)

    def facts_and_pointers(self) -> tuple[list[str], list[str]]:
        facts, pointers = [], []
        for subject, triples in sorted(self.by_subject.items()):
            if subject == self.iri:
                continue
            if not any(t.predicate.value == TYPE for t in triples):
                pointers += [f"<li>{self.term(t.subject)} <small>({escape(self.label(t.predicate.value))})</small></li>"
                             for t in triples]
                continue
            types = ", ".join(sorted(self.term(t.object) for t in triples if t.predicate.value == TYPE))
            sources = [self.term(t.object) for t in triples if t.predicate.value == SOURCE]
            quotes = [t.object for t in triples if t.predicate.value == QUOTE]
            fact = [f'<div class="fact" id="{escape(subject)}"><p><strong>{types}</strong> '
                    f'<small><a href="{escape(entity_path(subject) or subject)}">{escape(compact(subject))}</a></small></p>',
                    f"<dl>{self.statements(triples, {TYPE, SOURCE, QUOTE})}</dl>"]
            fact += [f'<blockquote lang="{escape(q.language or "fr")}">« {escape(q.value)} »</blockquote>' for q in quotes]
            if sources:
                fact.append(f"<p>{escape(self.t['source'])} {', '.join(sources)}</p>")
            facts.append("".join(fact) + "</div>")
        return facts, pointers

    def render(self) -> str:
        own = self.by_subject.get(self.iri, [])
        names = {(t.object.language or ""): t.object.value for t in own if t.predicate.value in NAMES
                 and isinstance(t.object, ox.Literal)}
        title = _pick(names, self.lang) or compact(self.iri)
        other_names = sorted({f"{escape(v)} <small>@{k}</small>" if k else escape(v) for k, v in names.items()} - {escape(title)})
        alt = sorted(escape(t.object.value) for t in own if t.predicate.value == ALT)
        types = sorted(self.term(t.object) for t in own if t.predicate.value == TYPE)
        facts, pointers = self.facts_and_pointers()
        t, other = self.t, "en" if self.lang == "fr" else "fr"
        describe = "/sparql?" + urlencode({"query": f"DESCRIBE <{self.iri}>"})
        focus = "/map?" + urlencode({"focus": self.iri, "lang": self.lang})
        parts = [
            f'<!DOCTYPE html>\n<html lang="{self.lang}">\n<head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>",
            f'<nav><a href="/?lang={self.lang}">{t["home"]}</a> · <a href="?lang={other}">{t["other"]}</a></nav>',
            f"<h1>{escape(title)}</h1>",
            f"<p><code>{escape(self.iri)}</code></p>",
        ]
        if other_names or alt:
            parts.append(f"<p>{escape(t['names'])} {' · '.join(other_names + alt)}</p>")
        if types:
            parts.append(f"<p>{escape(t['types'])} {', '.join(types)}</p>")
        parts.append(f'<p><a href="{escape(focus)}">{escape(t["map"])}</a> · <a href="{escape(describe)}">'
                     f'{escape(t["describe"])}</a> · <small>{escape(t["formats"])}</small></p>')
        statements = self.statements(own, NOT_LISTED)
        if statements:
            parts.append(f"<h2>{escape(t['statements'])}</h2><dl>{statements}</dl>")
        if facts:
            parts.append(f"<h2>{escape(t['facts'])} ({len(facts)})</h2>" + "\n".join(facts))
        if pointers:
            parts.append(f"<h2>{escape(t['pointed'])}</h2><ul>{''.join(pointers)}</ul>")
        parts.append("</body>\n</html>\n")
        return "\n".join(parts)


def render(iri: str, triples: list[ox.Triple], labels: dict[str, dict[str, str]], lang: str) -> str:
    """The HTML page of entity ``iri``, in ``lang`` (fr or en) for the interface, every name kept."""
    return Page(iri, triples, labels, lang).render()
