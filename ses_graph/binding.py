"""Variables bound in standard SPARQL: ``VALUES`` slots that any SPARQL 1.1 engine runs alike.

A query file marks where a variable takes its value with a slot, ``VALUES ?name { UNDEF }``,
written where the variable is bound (after the pattern or the ``BIND`` that binds it, in each branch of a ``UNION``).
The file
stays valid SPARQL: ``UNDEF`` leaves the variable free. :func:`template` finds the slots once
(strings, IRIs and comments are skipped, so a slot inside them does not count); binding a variable
writes its term into the slot (``VALUES ?name { <https://...> }``), and a slot left unbound is
removed. Terms are written in their N-Triples form by pyoxigraph, which escapes quotes, back
slashes and line breaks in literals and refuses IRIs with spaces or angle brackets: a value can
never change the query around it.

A slot may also bind several variables together, ``VALUES (?a ?b) { (UNDEF UNDEF) }``: it is filled with
the rows of a :class:`Table` that has those columns (a parameter that expands into several values, as a
search text does: :func:`ses_graph.search.probes`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

Term = ox.NamedNode | ox.Literal

TOKEN = re.compile(r'''
    (?P<comment>\#[^\n\r]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<slot>\bVALUES\s+(?:[?$](?P<variable>\w+)\s*\{\s*UNDEF\s*\}
                           |\((?P<variables>(?:\s*[?$]\w+)+)\s*\)\s*\{\s*\((?:\s*UNDEF)+\s*\)\s*\}))
  | (?P<other>[^#"'<V]+|.)
''', re.VERBOSE | re.DOTALL | re.IGNORECASE)


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
    of them)."""
    pieces: list[str] = []
    slots: list[tuple[str, ...]] = []
    start = 0
    for match in TOKEN.finditer(text):
        if match.lastgroup == "slot":
            single = match.group("variable")
            names = (single,) if single else tuple(v.lstrip("?$") for v in match.group("variables").split())
            pieces.append(text[start:match.start()])
            slots.append(names)
            start = match.end()
    pieces.append(text[start:])
    return Template(tuple(pieces), tuple(slots))
