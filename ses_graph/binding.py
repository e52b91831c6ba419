"""Variables bound in standard SPARQL: ``VALUES`` slots that any SPARQL 1.1 engine runs alike.

A query file marks where a variable takes its value with a slot, ``VALUES ?name { UNDEF }``,
written where the variable is bound (after the pattern or the ``BIND`` that binds it, in each branch of a ``UNION``).
The file
stays valid SPARQL: ``UNDEF`` leaves the variable free. :func:`template` finds the slots once, on the project's
tokens (:mod:`ses_graph.sparql_tokens`: strings, IRIs and comments are read whole, so a slot inside them does not
count); binding a variable writes its term into the slot (``VALUES ?name { <https://...> }``), and a slot left
unbound is removed. Terms are written in their N-Triples form by pyoxigraph, which escapes quotes, back
slashes and line breaks in literals and refuses IRIs with spaces or angle brackets: a value can
never change the query around it.

A slot may also bind several variables together, ``VALUES (?a ?b) { (UNDEF UNDEF) }``: it is filled with
the rows of a :class:`Table` that has those columns (a parameter that expands into several values, as a
search text does: :func:`ses_graph.search.probes`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from .sparql_tokens import Token, tokenize

Term = ox.NamedNode | ox.Literal
#: What a slot's tokens are read against past the end of the text.
_END = Token("end", "", 0)


@dataclass(frozen=True)
class Table:
    """Rows of terms (None: ``UNDEF``) for the variables ``columns``, in order: what a slot of several variables takes
    (projected on its own variables, rows repeated after the projection written once)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def project(self, variables: tuple[str, ...]) -> list[tuple[Term | None, ...]]:
        at = [self.columns.index(v) for v in variables]
        return list(dict.fromkeys(tuple(row[i] for i in at) for row in self.rows))


#: What a slot is filled with: a term, several terms (one variable), or a table (several variables).
Value = Term | Sequence[Term] | Table


def _written(term: Term | None) -> str:
    return "UNDEF" if term is None else str(term)


@dataclass(frozen=True)
class Template:
    """SPARQL text cut at its slots: ``pieces`` has one more item than ``slots`` (each the names of its variables)."""

    pieces: tuple[str, ...]
    slots: tuple[tuple[str, ...], ...]

    @property
    def variables(self) -> frozenset[str]:
        return frozenset(name for slot in self.slots for name in slot)

    def text(self, values: Mapping[str, Value] | None = None) -> str:
        """The SPARQL text with ``values`` (variable name -> a term, several terms, or a :class:`Table` whose columns
        the slots of several variables take) written into their slots."""
        values = values or {}
        unknown = set(values) - self.variables
        if unknown:
            raise KeyError(f"no VALUES slot for {', '.join(sorted(unknown))}")
        tables = [value for value in values.values() if isinstance(value, Table)]
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            table = next((t for t in tables if set(slot) <= set(t.columns)), None)
            given = values.get(slot[0]) if len(slot) == 1 else None
            if given is not None and not isinstance(given, Table):
                terms = " ".join(map(str, given)) if isinstance(given, (list, tuple)) else str(given)
                out.append(f"VALUES ?{slot[0]} {{ {terms} }}")
            elif table is not None:
                rows = " ".join("(" + " ".join(map(_written, row)) + ")" for row in table.project(slot))
                out.append(f"VALUES ({' '.join('?' + v for v in slot)}) {{ {rows} }}")
            out.append(piece)
        return "".join(out)


def template(text: str) -> Template:
    """Cut ``text`` at its ``VALUES ?name { UNDEF }`` and ``VALUES (?a ?b) { (UNDEF UNDEF) }`` slots (a variable
    bound in several places, as in the branches of a ``UNION``, has a slot in each: its value is written into all
    of them), read on the project's tokens (:mod:`ses_graph.sparql_tokens`)."""
    found = tokenize(text)
    pieces: list[str] = []
    slots: list[tuple[str, ...]] = []
    start = 0
    for at, token in enumerate(found):
        if token.is_word("VALUES"):
            slot = _slot(found, at + 1)
            if slot is not None:
                names, end = slot
                pieces.append(text[start:token.start])
                slots.append(names)
                start = end
    pieces.append(text[start:])
    return Template(tuple(pieces), tuple(slots))


def _slot(found: list[Token], at: int) -> tuple[tuple[str, ...], int] | None:
    """The variables of the slot whose tokens start at ``found[at]`` (just after ``VALUES``) and the offset where it
    ends, or None when the block there is not a slot (it has values of its own)."""
    def token(i: int) -> Token:
        return found[i] if i < len(found) else _END

    if token(at).kind == "var":
        if token(at + 1).text == "{" and token(at + 2).is_word("UNDEF") and token(at + 3).text == "}":
            return (token(at).text[1:],), token(at + 3).end
        return None
    if token(at).text != "(":
        return None
    i = at + 1
    while token(i).kind == "var":
        i += 1
    names = tuple(t.text[1:] for t in found[at + 1:i])
    if not names or [token(k).text for k in (i, i + 1, i + 2)] != [")", "{", "("]:
        return None
    j = i + 3
    while token(j).is_word("UNDEF"):
        j += 1
    if j == i + 3 or token(j).text != ")" or token(j + 1).text != "}":
        return None
    return names, token(j + 1).end
