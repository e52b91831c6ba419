"""The one tokenizer of SPARQL texts: strings, IRIs and comments read whole, so that nothing inside them counts.

Every place that must know something of a query or update before an engine parses it reads these tokens:
its ``VALUES`` slots (:mod:`ses_graph.binding`), its form (:func:`query_form`, the media types a remote
server is asked for), its shape and where ``USING`` clauses go (:mod:`ses_graph.api.sparql_text`), the ``LIMIT``
it sets itself (:func:`query_limit`: whether a remote engine's cap on rows cut its result,
:mod:`ses_graph.remote_limits`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

TOKEN = re.compile(r'''
    (?P<comment>\#[^\n\r]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w\-:%\\]|\.(?=[\w\-:%\\]))*)
  | (?P<word>[^\W\d]\w*)
  | (?P<integer>\d+)
  | (?P<space>\s+)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)
SKIPPED = {"comment", "space"}
#: The forms of a query (SPARQL 1.1 Query, 16).
FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of ``text`` (comments and white space dropped), one by one."""
    return (Token(m.lastgroup or "", m.group(), m.start()) for m in TOKEN.finditer(text) if m.lastgroup not in SKIPPED)


def tokenize(text: str) -> list[Token]:
    """The significant tokens of ``text``, as a list."""
    return list(tokens(text))


def prologue_length(found: list[Token]) -> int:
    """How many of the first tokens ``found`` are ``PREFIX`` and ``BASE`` declarations."""
    i = 0
    while i < len(found):
        if found[i].is_word("PREFIX"):
            i += 3
        elif found[i].is_word("BASE"):
            i += 2
        else:
            break
    return i


def query_form(text: str) -> str | None:
    """The form of a query (SELECT, CONSTRUCT, DESCRIBE or ASK, upper case), or None when its first word after the
    prologue is none of them (not a query: the engine says why).

    >>> query_form('PREFIX : <urn:x#>\\n# SELECT in a comment\\nconstruct { ?s :p "ASK" } WHERE { ?s :p ?o }')
    'CONSTRUCT'
    """
    found = tokenize(text)
    first = found[prologue_length(found):][:1]
    return first[0].text.upper() if first and first[0].is_word(*FORMS) else None


def query_limit(text: str) -> int | None:
    """The ``LIMIT`` of a query's own solution modifiers (SPARQL 1.1 Query, 15.5 and rule [26]), or None when it
    sets none: the one outside every group (``{ }``), not a sub-query's.

    >>> query_limit('SELECT * WHERE { { SELECT ?s WHERE { ?s ?p "LIMIT 3" } LIMIT 10 } } ORDER BY ?s LIMIT 20 OFFSET 5')
    20
    >>> query_limit('SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 10 } }  # LIMIT 1')
    """
    found, depth = tokenize(text), 0
    limit = None
    for token, following in zip(found, found[1:], strict=False):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and token.is_word("LIMIT") and following.kind == "integer":
            limit = int(following.text)
    return limit
