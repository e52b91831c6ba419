"""Find entities by any spelling of their name.

Labels are normalised (:func:`normalize`: Unicode decomposition, accents and case dropped, punctuation
and "le"/"la"/"l'" articles removed) into the keys and the index of words of the search graph, which the
build writes (:mod:`ses_graph.search_index`), so that SPARQL, the command line and the HTTP API find
"PESAD21", "Pesad 21" or "pesad-21" alike. A typed text expands into the probes that the ranking queries
look up there by equality (:func:`probes`), so that the ranking (``ses_graph/sparql/entity-rank.rq``, and
the named query ``entity-search``) runs on any SPARQL 1.1 engine: a word's spellings one or two typos
away are stored with it (as SymSpell does), but a number's (a word of digits only, 7 at most) are spelled
out here, its alphabet being ten digits (:func:`numbers_near`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import combinations
from typing import cast

import pyoxigraph as ox
from rapidfuzz import fuzz, process

from . import terms
from .binding import Table
from .errors import ParameterError


class _StripCombining(dict):
    """A ``str.translate`` table that drops combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


STRIP_COMBINING = _StripCombining()
#: The properties whose values are names: main, preferred and alternative labels.
LABEL_PROPERTIES = (terms.rdfs_label, terms.skos_prefLabel, terms.skos_altLabel)
ARTICLES = re.compile(r"^(?:le|la|les|l|the)\s+")
NON_ALNUM = re.compile(r"[^0-9a-z]+")
DIGITS = "0123456789"


def normalize(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a name.

    >>> normalize("Pôle d'Économie Solidaire 21")
    'pole d economie solidaire 21'
    >>> normalize("LE MIRAMAP") == normalize("Miramap")
    True
    """
    if not text.isascii():  # ASCII has nothing to decompose
        text = unicodedata.normalize("NFKD", text).translate(STRIP_COMBINING)
    key = NON_ALNUM.sub(" ", text.lower()).strip()
    return ARTICLES.sub("", key)


def is_number(word: str) -> bool:
    """A word of digits only (a normalised word: ASCII) that tolerates one edit at most (:func:`allowance`): the words
    one edit away from it that are numbers too are :func:`numbers_near` the typed word, spelled out when searching.

    >>> [is_number(w) for w in ("21", "1234567", "12345678", "a21")]
    [True, True, False, False]
    """
    return word.isdigit() and allowance(word) <= 1


def numbers_near(word: str) -> set[str]:
    """The numbers (:func:`is_number`) one letter added, changed, or two neighbours swapped away from ``word`` (a
    letter taken out is a probe of every word already): about 20 a digit, none for a word with two letters.

    >>> sorted(numbers_near("a1"))
    ['01', '11', '21', '31', '41', '51', '61', '71', '81', '91']
    >>> sorted({"1", "12", "13", "21", "132", "1a2"} & numbers_near("12")), len(numbers_near("12"))
    (['13', '132', '21'], 47)
    """
    letters = [at for at, c in enumerate(word) if not c.isdigit()]
    if len(letters) > 1:
        return set()
    if letters:
        at = letters[0]
        return {word[:at] + digit + word[at + 1:] for digit in DIGITS}
    found = {word[:at] + digit + word[at:] for at in range(len(word) + 1) for digit in DIGITS}
    found |= {word[:at] + digit + word[at + 1:] for at in range(len(word)) for digit in DIGITS}
    found |= {word[:at] + word[at + 1] + word[at] + word[at + 2:] for at in range(len(word) - 1)}
    found.discard(word)
    return {near for near in found if is_number(near)}


def deletions(word: str, n: int) -> set[str]:
    """``word`` with ``n`` of its letters taken out, every way.

    >>> sorted(deletions("apse", 1))
    ['ape', 'aps', 'ase', 'pse']
    """
    return {"".join(c for i, c in enumerate(word) if i not in gone) for gone in combinations(range(len(word)), n)}


# Ranking: one rule for every place that finds an entity by name: the named query entity-search, and its ranking
# without the labels (ses_graph/sparql/entity-rank.rq) for the named queries' parameters, the editor and the API,
# on any SPARQL 1.1 engine. The typed text is normalised here and expands into the probes that those queries look
# up by equality in the search graph (:func:`probes`); the rank is TIER * STEP + edits, smaller is better.
EXACT, SAME_WORDS, TYPO, PREFIX, CONTAINS, WORDS = range(6)
STEP = 10
#: The forms of a word in the search graph that a probe is looked up in (``?qVia`` of the queries: the property), and
#: what a probe finds there (``?qPart``): the whole word, its beginning, its end, the whole word with more edits than
#: the word alone allows (counted only for the whole name: PESAD 12 for PESAD 21, but not 12 for 21).
SPELLING, REPLACED, SWAPPED, DELETION2, BEGINNING, END = FORMS = (
    terms.searchSpelling, terms.searchReplaced, terms.searchSwapped, terms.searchDeletion2, terms.searchPrefix,
    terms.searchSuffix)
WHOLE, BEGINS, ENDS, IN_NAME = range(4)
#: The longest text searched: characters once normalised, and distinct words.
MAX_LENGTH, MAX_WORDS = 200, 12
#: The least rapidfuzz WRatio (0-100) of a suggestion.
NEAREST_CUTOFF = 70
ABSOLUTE_IRI = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
#: The columns of a search text's probes (:func:`probes`), the variables of the queries' slots.
PROBE_COLUMNS = ("q", "qKey", "qWords", "qAllow", "qWord", "qSelf", "qVia", "qProbe", "qPart", "qEdits")


def allowance(text: str) -> int:
    """Edits tolerated in ``text``: none up to 3 letters, one up to 7, two beyond.

    >>> [allowance(t) for t in ("mes", "apes", "miramap", "ripess europe")]
    [0, 1, 1, 2]
    """
    letters = len(text) - text.count(" ")
    return 0 if letters <= 3 else 1 if letters <= 7 else 2


def typos(word: str, whole: int = 0) -> int:
    """Edits tolerated in one word: its :func:`allowance`; in a text that allows ``whole`` edits, one at least in a word
    of 2 letters or more (PESAD 12 for PESAD 21)."""
    return max(allowance(word), min(whole, 1) if len(word) >= 2 else 0)


@lru_cache(maxsize=65536)
def words(key: str) -> tuple[str, ...]:
    """The key's words, a final plural ``s`` dropped (on words of more than 3 letters)."""
    return tuple(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in key.split())


def probes(value: str) -> Table:
    """What a typed text expands into for the search queries: one row per way a typed word can be found in the search
    graph (``PROBE_COLUMNS``: the text, its key, its number of distinct words and its allowance, then the typed word,
    its word's node, the property of the form it is looked up in, the probe, what it finds and the edits it counts).

    A typed word is its :func:`words` (a final plural ``s`` dropped), as the words of the search graph are
    (:func:`ses_graph.search_index.word_quads`): it is found as a whole word within its :func:`typos` (:func:`_whole`);
    as it is, or with letters taken out (edits), as a word's beginning; as a word's end (the first typed word, 3
    letters or more: a part of a name; ``toires`` is the end of the word ``toire``, as ``territoires`` is
    ``territoire``). Raises ParameterError for a text with nothing to search, or too long.
    """
    key = normalize(value)
    if not key:
        raise ParameterError(f"{value[:40]!r}: nothing to search for in it: no letter or digit "
                             "(rien à chercher : ni lettre ni chiffre)")
    typed = tuple(dict.fromkeys(words(key)))
    if len(key) > MAX_LENGTH or len(typed) > MAX_WORDS:
        raise ParameterError(f"a search text of at most {MAX_LENGTH} characters and {MAX_WORDS} words, not "
                             f"{len(key)} characters and {len(typed)} words "
                             f"(un texte de recherche a au plus {MAX_LENGTH} caractères et {MAX_WORDS} mots)")
    head = (ox.Literal(value), ox.Literal(key), _integer(len(typed)), _integer(allowance(key)))
    rows = []
    for number, word in enumerate(typed):
        rows += [(word, form, probe, WHOLE if edits <= typos(word) else IN_NAME, edits)
                 for form, probe, edits in _whole(word, typos(word, allowance(key)))]
        if number == len(typed) - 1 or len(word) >= 4:  # a short word (d, de, la) begins a word when last
            rows += [(word, BEGINNING, probe, BEGINS, deleted) for deleted in range(typos(word) + 1)
                     for probe in sorted(deletions(word, deleted)) if probe]
        if number == 0 and len(word) >= 3:  # a part of a name begins with the end of a word
            rows.append((word, END, word, ENDS, 0))
    return Table(PROBE_COLUMNS, tuple(
        (*head, ox.Literal(word), ox.NamedNode(terms.SEARCH_WORD + word), form, ox.Literal(probe),
         _integer(part), _integer(edits)) for word, form, probe, part, edits in rows))


def _whole(word: str, allowed: int) -> Iterator[tuple[ox.NamedNode, str, int]]:
    """(form, probe, edits): how ``word`` finds a whole word within ``allowed`` edits. The same spelling; a number one
    edit away, by its spelling (:func:`numbers_near`); a letter forgotten (the word, one letter out at some place, is
    the typed word); a letter added (the typed word's spelling with one letter fewer); a letter changed or two
    swapped (one letter out of each at the same place, or the same letter one place apart). With 2 allowed: two
    letters forgotten or added, one of each, or two changed (the spellings with two letters fewer: a bound, not
    always the edits' exact count)."""
    yield SPELLING, word, 0
    if not allowed:
        return
    yield from ((SPELLING, near, 1) for near in sorted(numbers_near(word)))
    yield from ((REPLACED, f"{word}:{at}", 1) for at in range(len(word) + 1))
    gaps = letters_out(word)
    for probe, at, letter in gaps:
        yield SPELLING, probe, 1
        yield REPLACED, f"{probe}:{at}", 1
        yield from ((SWAPPED, f"{probe}:{place}:{letter}", 1) for place in (at - 1, at + 1) if 0 <= place)
    if allowed > 1:
        yield DELETION2, word, 2
        for probe in sorted({probe for probe, _, _ in gaps}):
            yield DELETION2, probe, 2
            yield from ((REPLACED, f"{probe}:{at}", 2) for at in range(len(probe) + 1))
        for probe in sorted(deletions(word, 2)):
            yield from ((SPELLING, probe, 2), (DELETION2, probe, 2))


def letters_out(word: str) -> list[tuple[str, int, str]]:
    """``word`` with one letter taken out, where and which, every way (the same spelling may come twice).

    >>> letters_out("apse")[2]
    ('ape', 2, 's')
    """
    return [(word[:at] + word[at + 1:], at, word[at]) for at in range(len(word))]


def _integer(number: int) -> ox.Literal:
    return ox.Literal(str(number), datatype=terms.xsd_integer)


def nearest(value: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The ``choices`` closest to ``value`` (a mistyped query name, a name that matched nothing), best first."""
    typed = normalize(value)
    keyed = {choice: normalize(choice) for choice in choices}
    found = process.extract(typed, keyed, scorer=fuzz.WRatio, score_cutoff=NEAREST_CUTOFF, limit=limit)
    return [choice for _, _, choice in found]


def suggestions(store: ox.Store, value: str, limit: int = 3) -> list[str]:
    """Labels of the entities nearest to ``value`` when :func:`rank` finds none ("did you mean")."""
    keys = {cast(ox.Literal, q.object).value: cast(ox.NamedNode, q.subject)
            for q in store.quads_for_pattern(None, terms.searchKey, None, terms.SEARCH_GRAPH)}
    labels = []
    for key in nearest(value, keys, limit * 2):
        label = label_of(store, keys[key])
        if label not in labels:
            labels.append(label)
    return labels[:limit]


def label_of(store: ox.Store, entity: ox.NamedNode) -> str:
    """The entity's label (French or untagged first), else its IRI."""
    labels = (cast(ox.Literal, q.object) for q in store.quads_for_pattern(entity, LABEL_PROPERTIES[0], None,
                                                                            ox.DefaultGraph()))
    found = sorted((label.language not in ("fr", ""), label.value) for label in labels)
    return found[0][1] if found else entity.value
