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
  | (?P<slot>\bVALUES\s+[?$](?P<variable>\w+)\s*\{\s*UNDEF\s*\})
  | (?P<other>[^#"'<V]+|.)
''', re.VERBOSE | re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Template:
    """SPARQL text cut at its slots: ``pieces`` has one more item than ``slots`` (the variable names)."""

    pieces: tuple[str, ...]
    slots: tuple[str, ...]

    @property
    def variables(self) -> frozenset[str]:
        return frozenset(self.slots)

    def text(self, values: Mapping[str, Term | Sequence[Term]] | None = None) -> str:
        """The SPARQL text with ``values`` (variable name -> a term, or several) written into their slots."""
        values = values or {}
        unknown = set(values) - set(self.slots)
        if unknown:
            raise KeyError(f"no VALUES slot for {', '.join(sorted(unknown))}")
        out = [self.pieces[0]]
        for name, piece in zip(self.slots, self.pieces[1:], strict=True):
            if name in values:
                given = values[name]
                terms = " ".join(map(str, given)) if isinstance(given, (list, tuple)) else str(given)
                out.append(f"VALUES ?{name} {{ {terms} }}")
            out.append(piece)
        return "".join(out)


def template(text: str) -> Template:
    """Cut ``text`` at its ``VALUES ?name { UNDEF }`` slots (a variable bound in several places, as in the
    branches of a ``UNION``, has a slot in each: its value is written into all of them)."""
    pieces, slots, start = [], [], 0
    for match in TOKEN.finditer(text):
        if match.lastgroup == "slot":
            name = match.group("variable")
            pieces.append(text[start:match.start()])
            slots.append(name)
            start = match.end()
    pieces.append(text[start:])
    return Template(tuple(pieces), tuple(slots))
