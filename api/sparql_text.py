"""Scan SPARQL text for what the protocol layer must know before pyoxigraph runs it.

Two questions only, answered with a small tokenizer (strings, IRIs, comments and variables are
skipped, so a ``SERVICE`` inside a literal or a comment does not count):

* which remote IRIs the text would fetch, through ``SERVICE`` in a query or an update, or ``LOAD``
  in an update (the operator allows a list of hosts);
* where the ``USING`` clauses of the protocol's ``using-graph-uri`` / ``using-named-graph-uri``
  parameters go in an update (pyoxigraph's ``Store.update`` takes no dataset of its own).

pyoxigraph parses the text afterwards and reports syntax errors itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .errors import BadRequest, Forbidden

TOKEN = re.compile(r'''
    (?P<comment>\#[^\n\r]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w\-:%\\]|\.(?=[\w\-:%\\]))*)
  | (?P<word>[^\W\d]\w*)
  | (?P<space>\s+)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)
CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
SKIPPED = {"comment", "space"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


def tokenize(text: str) -> list[Token]:
    """The significant tokens of ``text`` (comments and white space dropped)."""
    return [Token(m.lastgroup, m.group(), m.start()) for m in TOKEN.finditer(text) if m.lastgroup not in SKIPPED]


def _unescape(text: str) -> str:
    """SPARQL resolves ``\\u`` and ``\\U`` escapes (``\\u0053`` is S) before parsing: so must a check of the text."""
    return CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def remote_iris(text: str, base: str | None = None) -> list[str | None]:
    """The IRIs that ``SERVICE`` and ``LOAD`` would fetch, in order; ``None`` for one that is not a constant IRI."""
    text = _unescape(text)
    lowered = text.lower()  # keywords are ASCII, in any case (a case-blind regex is 6 times slower on non-ASCII text)
    if "service" not in lowered and "load" not in lowered:  # most queries: nothing to tokenize
        return []
    tokens = tokenize(text)
    prefixes: dict[str, str] = {}
    endpoints: list[str | None] = []
    for i, token in enumerate(tokens):
        following = tokens[i + 1:i + 4]
        if token.is_word("BASE") and following and following[0].kind == "iri":
            base = urljoin(base or "", following[0].text[1:-1])
        elif token.is_word("PREFIX") and len(following) >= 2 and following[0].kind == "pname" and following[1].kind == "iri":
            prefixes[following[0].text[:-1]] = urljoin(base or "", following[1].text[1:-1])
        elif token.is_word("SERVICE", "LOAD") and not (i and tokens[i - 1].text == "@"):
            if following and following[0].is_word("SILENT"):
                following = following[1:]
            endpoints.append(_iri(following[0], prefixes, base) if following else None)
    return endpoints


def _iri(token: Token, prefixes: dict[str, str], base: str | None) -> str | None:
    if token.kind == "iri":
        return urljoin(base or "", token.text[1:-1])
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else None
    return None


def check_remote_calls(text: str, allowed_hosts: frozenset[str], base: str | None = None) -> None:
    """Refuse (403) a query or update whose ``SERVICE`` or ``LOAD`` calls a host the operator did not allow."""
    for iri in remote_iris(text, base):
        host = urlsplit(iri).hostname if iri else None
        if host is None:
            raise Forbidden("SERVICE and LOAD are allowed only with a constant IRI of an allowed host")
        if host.lower() not in allowed_hosts:
            allowed = ", ".join(sorted(allowed_hosts)) or "none"
            raise Forbidden(f"SERVICE and LOAD calls to {host} are not allowed on this server (allowed hosts: {allowed})")


def _operations(tokens: list[Token]) -> list[list[Token]]:
    """The operations of an update: its tokens split at each ``;`` outside braces."""
    operations, current, depth = [], [], 0
    for token in tokens:
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        if token.text == ";" and depth == 0:
            operations.append(current)
            current = []
        else:
            current.append((token, depth))
    operations.append(current)
    return operations


def _body(operation: list) -> list:
    """An operation without its ``PREFIX`` / ``BASE`` declarations."""
    i = 0
    while i < len(operation):
        token = operation[i][0]
        if token.is_word("PREFIX"):
            i += 3
        elif token.is_word("BASE"):
            i += 2
        else:
            break
    return operation[i:]


def with_using(update: str, graphs: list[str], named_graphs: list[str]) -> str:
    """``update`` with ``USING <g>`` / ``USING NAMED <g>`` added before the ``WHERE`` of each INSERT/DELETE operation.

    The protocol forbids giving a dataset both ways: an update that has its own ``USING`` or
    ``WITH`` while the request gives ``using-graph-uri`` / ``using-named-graph-uri`` is refused (400).
    ``graphs`` and ``named_graphs`` must be valid IRIs (checked by the caller).
    """
    if not graphs and not named_graphs:
        return update
    clause = " ".join([*(f"USING <{g}>" for g in graphs), *(f"USING NAMED <{g}>" for g in named_graphs)]) + " "
    insertions = []
    for operation in _operations(tokenize(update)):
        body = _body(operation)
        if not body:
            continue
        first, second = body[0][0], body[1][0] if len(body) > 1 else None
        if first.is_word("WITH") or any(t.is_word("USING") and d == 0 for t, d in body):
            raise BadRequest("the update names its dataset (USING or WITH) and so does the request "
                             "(using-graph-uri / using-named-graph-uri): give it only one way")
        if not first.is_word("INSERT", "DELETE") or (second and second.is_word("DATA", "WHERE")):
            continue
        where = next((t for t, d in body if d == 0 and t.is_word("WHERE")), None)
        if where is not None:
            insertions.append(where.start)
    for position in sorted(insertions, reverse=True):
        update = update[:position] + clause + update[position:]
    return update
