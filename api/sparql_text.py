"""Where the ``USING`` clauses of the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` go in an update.

pyoxigraph's ``Store.update`` takes no dataset of its own, so the clauses are written into the
text, found with a small tokenizer (strings, IRIs, comments and variables skipped). pyoxigraph
parses the text afterwards and reports syntax errors itself. (What an update may call remotely is
decided on its parsed form, by :mod:`api.remote_calls`, never here.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import BadRequest

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
