"""What must be known of a SPARQL text before pyoxigraph parses it: its shape, and where ``USING`` clauses go.

:func:`check_shape` bounds the nesting, the UNIONs and the escapes of a query or update, so that
no text reaches the engine's recursive parser deeper than it can take (it would crash the process
running it); the query workers and the writer call it before anything parses the text.
:func:`with_using` writes the ``USING`` clauses of the protocol's ``using-graph-uri`` /
``using-named-graph-uri`` into an update.

pyoxigraph's ``Store.update`` takes no dataset of its own, so the clauses are written into the
text, found with the project's tokenizer (:mod:`ses_graph.sparql_tokens`: strings, IRIs, comments and variables
skipped). pyoxigraph parses the text afterwards and reports syntax errors itself. (What an update may call remotely is
decided on its parsed form, by :mod:`ses_graph.api.remote_calls`, never here.)
"""

from __future__ import annotations

import re

from ses_graph.errors import BadRequest
from ses_graph.sparql_tokens import Token, prologue_length, tokenize, tokens


def _operations(tokens: list[Token]) -> list[list[tuple[Token, int]]]:
    """The operations of an update: its tokens split at each ``;`` outside braces, each with its brace depth."""
    operations: list[list[tuple[Token, int]]] = []
    current: list[tuple[Token, int]] = []
    depth = 0
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
    return operation[prologue_length([token for token, _ in operation]):]


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


#: Bounds on what reaches pyoxigraph's recursive parser: past them it overflows its stack (3,000 nested
#: groups, 5,000 parentheses or 10,000 '!' crash it) or takes seconds (100 nested '[' take 4.5 s).
MAX_DEPTH = 64
MAX_UNIONS = 1000
MAX_UNARY = 64
OPENING, CLOSING = "({[", ")}]"
UNARY = "!-+"
ESCAPE = re.compile(r"\\U([0-9A-Fa-f]{8})|\\u([0-9A-Fa-f]{4})")


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"error at {line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def check_shape(text: str, kind: str = "query") -> None:
    """Refuse (400, with line and column) a text nested deeper, or with more UNIONs, than the parser can take.

    Also refuses ``\\U`` and ``\\u`` escapes that name no Unicode scalar value (past U+10FFFF, or a
    surrogate). Brackets in strings, IRIs and comments do not count. Cheap for ordinary texts: the
    tokenizer runs only when a count of characters passes a bound.
    """
    if "\\u" in text or "\\U" in text:
        for match in ESCAPE.finditer(text):
            code = int(match.group(1) or match.group(2), 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise BadRequest(f"{_position(text, match.start())}: the escape {match.group()} in the {kind} "
                                 f"is not a Unicode character (code points stop at \\U0010FFFF, surrogates excluded)")
    if (max(text.count(c) for c in OPENING) <= MAX_DEPTH and sum(text.count(c) for c in UNARY) <= MAX_UNARY
            and text.lower().count("union") <= MAX_UNIONS):
        return
    depth, unions, unary = 0, 0, 0
    for token in tokens(text):  # stops at the first token past a bound
        if token.text in OPENING:
            depth += 1
            if depth > MAX_DEPTH:
                raise BadRequest(f"{_position(text, token.start)}: the {kind} nests brackets deeper than "
                                 f"{MAX_DEPTH} levels; write it flatter")
        elif token.text in CLOSING:
            depth -= 1
        unary = unary + 1 if token.text in UNARY else 0
        if unary > MAX_UNARY:
            raise BadRequest(f"{_position(text, token.start)}: the {kind} chains more than {MAX_UNARY} "
                             f"'!', '-' or '+' in a row")
        if token.is_word("UNION"):
            unions += 1
            if unions > MAX_UNIONS:
                raise BadRequest(f"{_position(text, token.start)}: the {kind} has more than {MAX_UNIONS} UNIONs; "
                                 f"use VALUES for long lists of alternatives")
