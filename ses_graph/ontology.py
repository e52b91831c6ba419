"""Read the ontology's own terms, and generate ``ses_graph/terms.py`` from them.

Python code that needs an IRI takes it from ``terms.py``; that module is generated from
``ontology/ses.ttl`` (sorted, no timestamp) by ``python -m ses_graph.ontology``, and a test
regenerates it and compares, so the two cannot drift.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pyoxigraph as ox

from .resources import PACKAGE_DIR, project_dir

ONTOLOGY_FILE = "ses.ttl"
SCHEMES_FILE = "schemes.ttl"
# The IRIs this module reads are spelt here: it writes terms.py, so cannot read it.
OWL_ONTOLOGY = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: The datatypes that Turtle writes without naming them (a plain or a language-tagged string).
IMPLICIT_DATATYPES = (ox.NamedNode("http://www.w3.org/2001/XMLSchema#string"),
                      ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"))


def own_terms(ontology_dir: Path | None = None) -> tuple[str, dict[str, str]]:
    """Return (ontology IRI, {local name: IRI}) for every term the ontology defines in its namespace."""
    path = (ontology_dir or project_dir("ontology")) / ONTOLOGY_FILE
    triples = list(ox.parse(path=str(path)))
    ontology_iri = next(t.subject.value for t in triples if t.predicate == RDF_TYPE and t.object == OWL_ONTOLOGY)
    namespace = ontology_iri + "#"
    terms = {
        t.subject.value[len(namespace):]: t.subject.value
        for t in triples
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(namespace)
    }
    return ontology_iri, dict(sorted(terms.items()))


CONCEPT_SCHEME = ox.NamedNode("http://www.w3.org/2004/02/skos/core#ConceptScheme")


def schemes(ontology_dir: Path | None = None) -> list[str]:
    """The IRIs of the concept schemes declared by the ontology and scheme files, sorted."""
    folder = ontology_dir or project_dir("ontology")
    return sorted({t.subject.value for name in (ONTOLOGY_FILE, SCHEMES_FILE) for t in ox.parse(path=str(folder / name))
                   if t.predicate == RDF_TYPE and t.object == CONCEPT_SCHEME and isinstance(t.subject, ox.NamedNode)})


SHAPES_FILE = "shapes.ttl"


def vocabularies(ontology_dir: Path | None = None) -> dict[str, str]:
    """{prefix: namespace} of the other vocabularies that the ontology, scheme and shapes files declare
    (the project's own namespaces left out), sorted by prefix."""
    folder = ontology_dir or project_dir("ontology")
    ontology_iri, _ = own_terms(ontology_dir)
    base = ontology_iri.rsplit("/", 1)[0] + "/"
    found: dict[str, str] = {}
    for name in (ONTOLOGY_FILE, SCHEMES_FILE, SHAPES_FILE):
        parser = ox.parse(path=str(folder / name))
        for _ in parser:
            pass
        found.update(parser.prefixes)
    return {prefix: iri for prefix, iri in sorted(found.items()) if not iri.startswith(base)}


#: The other vocabularies' terms that Python names and the ontology, scheme and shapes files do not mention, as
#: prefixed names of those files: SHACL's node kinds and the words a shape may carry (validate/shapes.py), the
#: words of the dataset's description (VoID, DCAT, SPARQL Service Description), rdfs:comment, dcterms:source and
#: owl:NamedIndividual (a kind of term that validation recognises).
ALSO_NAMED = (
    "dcat:distribution", "dcat:mediaType", "dcat:servesDataset", "dcterms:source", "owl:NamedIndividual",
    "rdfs:comment",
    "sd:SPARQL11Query", "sd:SPARQL11Update", "sd:endpoint", "sd:name", "sd:resultFormat", "sd:supportedLanguage",
    "sh:BlankNode", "sh:BlankNodeOrIRI", "sh:BlankNodeOrLiteral", "sh:IRI", "sh:IRIOrLiteral", "sh:description",
    "sh:name", "void:class", "void:classPartition", "void:entities", "void:sparqlEndpoint", "void:subset",
    "void:triples",
)


def other_terms(ontology_dir: Path | None = None) -> dict[str, str]:
    """{``prefix_local``: IRI} for each term of another vocabulary that the ontology, scheme and shapes files use
    (as subject, predicate, object or datatype) and for those of :data:`ALSO_NAMED`, sorted."""
    folder = ontology_dir or project_dir("ontology")
    namespaces = vocabularies(ontology_dir)
    used = {namespaces[prefix] + local for prefix, _, local in (name.partition(":") for name in ALSO_NAMED)}
    for name in (ONTOLOGY_FILE, SCHEMES_FILE, SHAPES_FILE):
        for t in ox.parse(path=str(folder / name)):
            datatype = t.object.datatype if isinstance(t.object, ox.Literal) else None
            used |= {n.value for n in (t.subject, t.predicate, t.object, datatype) if isinstance(n, ox.NamedNode)}
    found = {}
    for iri in used:
        for prefix, namespace in namespaces.items():
            local = iri[len(namespace):]
            if iri.startswith(namespace) and f"{prefix}_{local}".isidentifier():
                found[f"{prefix}_{local}"] = iri
    return dict(sorted(found.items()))


def _constant(name: str) -> str:
    return re.sub(r"\W", "_", name).upper()


def generate_terms(ontology_dir: Path | None = None) -> str:
    """The text of ``terms.py`` for the ontology in ``ontology_dir``."""
    ontology_iri, terms = own_terms(ontology_dir)
    base = ontology_iri.rsplit("/", 1)[0] + "/"
    lines = [
        '"""IRIs of the ses-graph ontology, and the namespaces and terms of the other vocabularies it uses.',
        "",
        "Generated by ``python -m ses_graph.ontology``: do not edit.",
        '"""',
        "",
        "import pyoxigraph as ox",
        "",
        f"BASE = {base!r}",
        f"ONTOLOGY = ox.NamedNode({ontology_iri!r})",
        f"SES = {ontology_iri + '#'!r}",
        f"ID = {base + 'id/'!r}",
        # the nodes of the search index (:mod:`ses_graph.search`): a name's words, and each word
        f"SEARCH_NAME = {base + 'search/name/'!r}",
        f"SEARCH_WORD = {base + 'search/word/'!r}",
    ]
    # the named graphs of a built store, and the data graph (where a remote store keeps the default graph)
    graphs = ("shapes", "mediators", "search", "changes", "description")
    lines += [f"{name.upper()}_GRAPH = ox.NamedNode({base + 'graph/' + name!r})" for name in (*graphs, "data")]
    lines += [f"NAMED_GRAPHS = ({', '.join(name.upper() + '_GRAPH' for name in graphs)})", ""]
    # the namespace of each other vocabulary the files declare (``RDFS``, ``SKOS``...)
    lines += [f"{_constant(prefix)} = {iri!r}" for prefix, iri in vocabularies(ontology_dir).items()]
    lines.append("")
    # ... and their terms that the project names, ``prefix_local`` (``xsd_integer``, ``rdfs_label``, ``sh_minCount``)
    lines += [f"{name} = ox.NamedNode({iri!r})" for name, iri in other_terms(ontology_dir).items()]
    lines.append("")
    # one constant per concept scheme (``KIND_SCHEME`` for id:kind) ...
    lines += [f"{_constant(iri[len(base + 'id/'):])}_SCHEME = ox.NamedNode({iri!r})" for iri in schemes(ontology_dir)]
    lines.append("")
    # ... and one per term, named exactly as its local name (``Event`` the class, ``event`` the property)
    lines += [f"{local} = ox.NamedNode({iri!r})" for local, iri in terms.items() if local.isidentifier()]
    return "\n".join(lines) + "\n"


def main() -> None:
    target = PACKAGE_DIR / "terms.py"
    target.write_text(generate_terms(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()


_PREFIXES: dict[str, str] | None = None


def prefixes() -> dict[str, str]:
    """The prefixes declared by the ontology and scheme files (plus ``id:``), for compact display of IRIs."""
    global _PREFIXES
    if _PREFIXES is None:
        from . import terms  # not at the top: this module regenerates terms.py, which may be stale or absent

        found = {"id": terms.ID}
        for name in (ONTOLOGY_FILE, SCHEMES_FILE):
            parser = ox.parse(path=str(project_dir("ontology") / name))
            for _ in parser:
                pass
            found.update(parser.prefixes)
        _PREFIXES = dict(sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    return _PREFIXES


def compact(iri: str) -> str:
    """``prefix:local`` for an IRI under a known namespace, else ``<iri>``."""
    for prefix, namespace in prefixes().items():
        if iri.startswith(namespace) and re.fullmatch(r"[\w.-]*", iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"
