"""The one tokenizer of SPARQL texts: strings, IRIs and comments read whole, so that nothing inside them counts.

Every place that must know something of a query or update before an engine parses it reads these tokens:
its ``VALUES`` slots (:mod:`ses_graph.binding`), its form (:func:`query_form`, the media types a remote
server is asked for), its shape and where ``USING`` clauses go (:mod:`ses_graph.api.sparql_text`), the ``LIMIT``
it sets itself (:func:`query_limit`: whether a remote engine's cap on rows cut its result,
:mod:`ses_graph.remote_limits`), and the pages it is read in past that cap (:func:`select_pages`).
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


@dataclass(frozen=True)
class Pages:
    """A ``SELECT`` query cut into what its pages are written from (:func:`select_pages`): the prologue, the dataset
    clauses (which a sub-query may not have), and the rest (the query as a sub-query), with where its ``ORDER BY``
    conditions end (None: it has none) or, when it has none, where one goes (before ``LIMIT``, ``OFFSET`` or the
    trailing ``VALUES``)."""

    prologue: str
    datasets: str
    body: str
    order_end: int | None
    order_at: int

    def page(self, variables: list[str], offset: int, limit: int) -> str:
        """The query's solutions ``offset`` to ``offset + limit``, in one order whatever the engine: its own
        ``ORDER BY`` with every projected variable after it (``variables``, written ``?name``), or those variables
        alone. The ordered query is a sub-query, sliced outside it: an ``ORDER BY`` with ``OFFSET`` past an engine's
        own limit on sorted rows is refused (Virtuoso's ``MaxSortedTopRows``, error SR353), a slice of a sub-query
        is not.

        >>> pages = select_pages('PREFIX : <urn:x#> SELECT DISTINCT ?s FROM <urn:g> WHERE { ?s :p ?o } LIMIT 90')
        >>> print(pages.page(["?s"], 40, 20))
        PREFIX : <urn:x#> SELECT ?s FROM <urn:g> WHERE { { SELECT DISTINCT ?s  WHERE { ?s :p ?o } ORDER BY ?s LIMIT 90 \
} } OFFSET 40 LIMIT 20
        >>> print(select_pages('SELECT * { ?s ?p ?o } ORDER BY DESC(?o) VALUES ?p { <urn:p> }').page(["?s", "?p", "?o"],
        ...                                                                                         0, 5))
        SELECT ?s ?p ?o WHERE { { SELECT * { ?s ?p ?o } ORDER BY DESC(?o) ?s ?p ?o VALUES ?p { <urn:p> } } } OFFSET 0 \
LIMIT 5
        """
        keys = " ".join(variables)
        if self.order_end is None:
            body = f"{self.body[:self.order_at].rstrip()} ORDER BY {keys} {self.body[self.order_at:]}"
        else:
            body = f"{self.body[:self.order_end].rstrip()} {keys} {self.body[self.order_end:]}"
        return (f"{self.prologue}SELECT {keys} {self.datasets}WHERE {{ {{ {body.strip()} }} }} "
                f"OFFSET {offset} LIMIT {limit}")


def select_pages(text: str) -> Pages | None:
    """What the pages of the ``SELECT`` query ``text`` are written from (:class:`Pages`), or None when it is not a
    ``SELECT`` (SPARQL 1.1 Query, rules [7], [13] and [18] to [25]: its dataset clauses come before its ``WHERE``
    group, its solution modifiers and ``VALUES`` after it)."""
    found = tokenize(text)
    first = prologue_length(found)
    if first >= len(found) or not found[first].is_word("SELECT"):
        return None
    text = text[:found[-1].end]  # a comment at the end would hide what the page writes after the query
    start = found[first].start
    datasets: list[tuple[int, int]] = []  # the spans of the dataset clauses, in the text
    braces = parens = 0
    where_seen = False  # the WHERE group has begun
    order_end: int | None = None
    order_at = len(text)
    in_order = False
    for i, token in enumerate(found[first:], first):
        if token.text == "{":
            where_seen = where_seen or not parens  # not an EXISTS of the SELECT clause's expressions
            braces += 1
        elif token.text == "}":
            braces -= 1
        elif token.text == "(":
            parens += 1
        elif token.text == ")":
            parens -= 1
        elif braces or parens:
            continue
        elif not where_seen and token.is_word("FROM"):
            last = i + 2 if i + 1 < len(found) and found[i + 1].is_word("NAMED") else i + 1
            if last < len(found):
                datasets.append((token.start, found[last].end))
        elif where_seen and token.is_word("ORDER") and i + 1 < len(found) and found[i + 1].is_word("BY"):
            in_order = True
        elif where_seen and token.is_word("LIMIT", "OFFSET", "VALUES"):
            if in_order and order_end is None:
                order_end = token.start
            order_at = min(order_at, token.start)
    if in_order and order_end is None:
        order_end = len(text)
    body, cut = [], start
    for begin, end in datasets:
        body.append(text[cut:begin])
        cut = end
    body.append(text[cut:])
    shift = sum(end - begin for begin, end in datasets)  # the dataset clauses come before every modifier
    return Pages(prologue=text[:start], datasets="".join(text[b:e] + " " for b, e in datasets), body="".join(body),
                 order_end=None if order_end is None else order_end - start - shift, order_at=order_at - start - shift)
