"""Plain words, French and English, from the claims of one candidate (:mod:`.claims`).

One or two sentences: first the mandates and memberships it holds and the levels they join ("Co-
président·e de Mouvement pour l'Économie Solidaire et administrateur·rice de RIPESS Europe : relie
les niveaux national et européen."), then at most :data:`CLAUSES` clauses on what passes through it
(its officers, who sits in it, its members, its actions, its partners, the events it attended).
The measures are not in the sentence: they are structured fields, explained in docs/mediators.md.
The ``evidence`` is the facts of the claims the sentences tell.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from . import ties, vocabulary

__all__ = ["CLAUSES", "NAMES", "explain", "explanations", "words_of"]

#: Clauses of the second sentence, and names listed in one clause before "and N more".
CLAUSES, NAMES = 3, 4
VOWELS = "aeiouyhàâéèêëîïôöûüAEIOUYHÀÂÉÈÊËÎÏÔÖÛÜ"
W: dict[str, dict] = {  # a phrase, or (singular, plural)
    "fr": {"and": "et", "more": "{n} autres", "member": "membre", "sits": "siège à {x}",
           "behalf": "{x} au titre {of}", "represents": "siège au titre {of}", "in": "{x} au sein {of}",
           "levels": "relie les niveaux {x}", "officers": "ses responsables : {x}", "seats": "y siègent : {x}",
           "represented": "{x} y siège en son nom", "members": "parmi ses membres : {x}",
           "acts": "mène des actions vers {x}",
           "acts_at": ("mène des actions vers {x} (niveau {levels})", "mène des actions vers {x} (niveaux {levels})"),
           "partner": "partenaire {of}", "targeted": "visé·e par des actions {of}",
           "listed": "inscrit·e au titre {of} à des événements",
           "lists": ("{n} personne inscrite à son nom à des événements",
                     "{n} personnes inscrites à son nom à des événements"),
           "attends": ("a participé à {n} événement", "a participé à {n} événements"),
           "none": "Aucun lien sourcé."},
    "en": {"and": "and", "more": "{n} more", "member": "member", "sits": "sits on {x}",
           "behalf": "{x} on behalf of {y}", "represents": "holds a seat on behalf of {y}", "in": "{x} in {y}",
           "levels": "links the {x} levels", "officers": "its officers: {x}", "seats": "sitting in it: {x}",
           "represented": "{x} sits there on its behalf", "members": "its members include {x}",
           "acts": "carries actions aimed at {x}",
           "acts_at": ("carries actions aimed at {x} ({levels} level)",
                       "carries actions aimed at {x} ({levels} levels)"),
           "partner": "partner of {y}", "targeted": "aimed at by actions of {y}",
           "listed": "listed under {y} at events",
           "lists": ("{n} person listed under its name at events", "{n} people listed under its name at events"),
           "attends": ("took part in {n} event", "took part in {n} events"), "none": "No sourced tie."},
}


def _count(lang: str, key: str, n: int) -> str:
    """The singular or plural phrase ``key`` of ``lang``, formatted later."""
    one, many = W[lang][key]
    return one if n == 1 else many


def _of(name: str, lang: str) -> str:
    """``de X`` / ``d'X`` in French, the name alone in English (the phrase carries "of")."""
    if lang == "fr":
        return f"d’{name}" if name[:1] in VOWELS else f"de {name}"
    return name


def _join(items: list[str], lang: str, more: int = 0) -> str:
    if more:
        items = [*items, W[lang]["more"].format(n=more)]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {W[lang]['and']} " + items[-1]


class _Words:
    """The labels of one graph and vocabulary in one language."""

    def __init__(self, graph: nx.MultiDiGraph, lang: str) -> None:
        self.graph, self.lang, self.vocab = graph, lang, vocabulary.of(graph)
        # networkx's own node dict (not in the stubs): graph.nodes[n] builds a view for each name
        self._nodes: dict[str, dict] = graph._node  # type: ignore[attr-defined]
        self._labels: dict[str, str] = {}  # the few roles and levels, looked up for every candidate

    def name(self, node: str) -> str:
        found = self._nodes.get(node)
        return node if found is None else found.get("label", node)

    def label(self, iri: str) -> str:
        found = self._labels.get(iri)
        if found is None:
            found = self._labels[iri] = self.vocab.label(iri, self.lang)
        return found

    def roles(self, claim: dict) -> str:
        return _join([self.label(r) for r in claim["roles"]], self.lang)

    def levels(self, iris: Iterable[str]) -> str:
        return _join([self.label(i) for i in self.vocab.sort(iris)], self.lang)

    def names(self, claims: list[dict], with_roles: bool = False) -> str:
        shown = []
        limit = NAMES if len(claims) > NAMES + 1 else NAMES + 1  # "and 1 more" would take the name's place
        for c in claims[:limit]:
            roles = self.roles(c) if with_roles else ""
            shown.append(f"{self.name(c['object'])} ({roles})" if roles else self.name(c["object"]))
        return _join(shown, self.lang, len(claims) - len(shown))


def _held(words: _Words, claim: dict) -> str:
    """What one claim of the first sentence says: a mandate or a membership the subject holds."""
    w, lang = W[words.lang], words.lang
    obj = words.name(claim["object"])
    if claim["type"] == "represents":
        text = w["represents"].format(of=_of(obj, lang), y=obj)
        return w["in"].format(x=text, of=_of(words.name(claim["body"]), lang), y=words.name(claim["body"])) \
            if claim["body"] else text
    roles = words.roles(claim)
    if claim["type"] == "seat" and not roles:
        text = w["sits"].format(x=obj)
    else:
        text = f"{roles or w['member']} {_of(obj, lang)}" if lang == "fr" else f"{roles or w['member']} of {obj}"
    if claim["principal"]:
        principal = words.name(claim["principal"])
        text = w["behalf"].format(x=text, of=_of(principal, lang), y=principal)
    return text


#: The clauses of the second sentence by the claim type they tell (in order of interest, after the officers,
#: the seats, the representatives and the plain members).
_AFTER = (("partner", "partner"), ("targeted", "targeted"), ("listed-with", "listed"), ("lists", "lists"),
          ("attends", "attends"))


def words_of(graph: nx.MultiDiGraph) -> dict[str, _Words]:
    """The words of ``graph`` in each of :data:`.vocabulary.LANGS` (for :func:`explanations`)."""
    return {lang: _Words(graph, lang) for lang in vocabulary.LANGS}


def _clauses(graph: nx.MultiDiGraph, by_type: dict) -> list[tuple[str, list[dict]]]:
    """The clauses of the second sentence, each as its key in :data:`W` and the claims it tells, in order of
    interest (the same in every language)."""
    kinds = graph._node  # type: ignore[attr-defined]  # (not in the stubs)
    members = by_type.get("has-member", [])
    officers = [c for c in members if c["strength"] == ties.MANDATE and kinds[c["object"]].get("kind") == "person"]
    plain = [c for c in members if c not in officers]
    out = [("officers", officers)] if officers else []
    if by_type.get("has-seat"):
        out.append(("seats", by_type["has-seat"]))
    out += [("represented", [c]) for c in by_type.get("represented", [])]
    if plain:
        out.append(("members", plain))
    if by_type.get("acts"):
        out.append(("acts", by_type["acts"]))
    out += [(key, by_type[kind]) for kind, key in _AFTER if by_type.get(kind)]
    return out


def _clause(words: _Words, key: str, found: list[dict]) -> str:
    """The text of one clause of :func:`_clauses` in the words' language."""
    w, lang = W[words.lang], words.lang
    if key in ("officers", "seats"):
        return w[key].format(x=words.names(found, True))
    if key == "represented":
        return w[key].format(x=words.name(found[0]["object"]))
    if key == "members":
        return w[key].format(x=words.names(found))
    if key == "acts":
        levels = sorted({level for c in found for level in c["levels"]})
        text = _count(lang, "acts_at", len(levels)) if levels else w["acts"]
        return text.format(x=words.names(found), levels=words.levels(levels))
    if key in ("lists", "attends"):
        return _count(lang, key, len(found)).format(n=len(found))
    names = words.names(found)
    return w[key].format(of=_of(names, lang), y=names)


def explanations(graph: nx.MultiDiGraph, node: str, claims: list[dict],
                 words: dict[str, _Words] | None = None) -> tuple[dict[str, str], list[str]]:
    """The explanation of ``node`` in each of :data:`.vocabulary.LANGS` and the facts it rests on: which
    claims are told does not depend on the language, so they are chosen once and written in each. ``words``:
    :func:`words_of` the same graph, made once for all its candidates.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("mes", {"label": "MES", "kind": "organisation"}), ("jo", {"label": "Jo", "kind": "person"})])
    >>> _ = g.add_edge("jo", "mes", key="m1", fact="m1", relation="membership")
    >>> from .claims import claims as claims_of
    >>> explanations(g, "jo", claims_of(g, "jo"))
    ({'fr': 'Membre de MES.', 'en': 'Member of MES.'}, ['m1'])
    """
    by_type: dict[str, list[dict]] = {}
    for c in claims:
        by_type.setdefault(c["type"], []).append(c)
    held = [c for c in claims if c["type"] in ("member", "seat", "represents")]
    own = graph._node[node].get("level") or ""  # type: ignore[attr-defined]  # (not in the stubs)
    levels = set(own.split()) | {x for c in held for x in c["levels"]}
    clauses = _clauses(graph, by_type)[:CLAUSES]
    told = held + [c for _, found in clauses for c in found]
    words = words or words_of(graph)
    texts = {lang: _render(words[lang], held, levels, clauses) for lang in vocabulary.LANGS}
    return texts, sorted({fact for c in told for fact in c["facts"]})


def _render(words: _Words, held: list[dict], levels: set, clauses: list[tuple[str, list[dict]]]) -> str:
    """The sentences of :func:`explanations` in the words' language."""
    lang = words.lang
    first = ""
    if held:
        shown = held[:NAMES if len(held) > NAMES + 1 else NAMES + 1]
        first = _join([_held(words, c) for c in shown], lang, len(held) - len(shown))
        if len(levels) >= 2:
            first += (" : " if lang == "fr" else ": ") + W[lang]["levels"].format(x=words.levels(levels))
    second = (" ; " if lang == "fr" else "; ").join(_clause(words, key, found) for key, found in clauses)
    sentences = [s[0].upper() + s[1:] + "." for s in (first, second) if s]
    return " ".join(sentences) if sentences else W[lang]["none"]


def explain(graph: nx.MultiDiGraph, node: str, claims: list[dict], lang: str) -> tuple[str, list[str]]:
    """The explanation of ``node`` in ``lang`` (``fr`` or ``en``) and the facts it rests on (:func:`explanations`).

    Examples
    --------
    >>> import networkx as nx
    >>> from .claims import claims as claims_of
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("mes", {"label": "MES", "level": "national", "kind": "organisation"}),
    ...     ("ripess", {"label": "RIPESS Europe", "level": "european", "kind": "organisation"}),
    ...     ("jo", {"label": "Jo", "kind": "person"})])
    >>> _ = g.add_edge("jo", "mes", key="m1", fact="m1", relation="membership", role="co-president")
    >>> _ = g.add_edge("jo", "ripess", key="s1", fact="s1", relation="seat", role="administrator")
    >>> explain(g, "jo", claims_of(g, "jo"), "en")
    ('Administrator of RIPESS Europe and co-president of MES: links the european and national levels.', ['m1', 's1'])
    """
    texts, evidence = explanations(graph, node, claims)
    return texts[lang], evidence
