"""Where a problem is: the file, line and column of the triple that holds it, as the parser read them.

Each file is parsed again with pyoxigraph, fed one line at a time: the parser reads only when it
needs more input to give its next triple, so when it gives one, the last line read is the line where
that triple ends (its object, or the ``;`` list it continues, is written there). Nothing is searched
in the text: a prefix, a comment, a string that looks like an IRI cannot mislead it. This runs only
when there are problems, and stops once every triple sought is found. The files that hold a triple
found are then parsed once more, the lines found fed one byte at a time: the column is that of the
last character the parser had read when it gave the triple, the end of its object or the character
just after (the space, ``;``, ``,`` or ``.`` that ends it).

A triple sought is a pattern ``(subject, predicate, object)``, None matching anything. A node written
``[ ]`` is given a new name at each parse, so the triples about it are not found (the problem is then
reported without a line).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

import pyoxigraph as ox

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

#: (file, line, column) of a triple or node not found in the files.
NOWHERE = ("", 0, 0)


@dataclass(frozen=True)
class Body:
    """An RDF document that is not a file: the body of a write (``name``: how a reader calls it, ``base``: the IRI its
    relative IRIs resolve against)."""

    name: str
    data: bytes
    base: str | None = None

    def __str__(self) -> str:
        return self.name


#: What a problem is located in: a file, or the body of a write.
Source = Path | Body


class _Lines(io.RawIOBase):
    """A file read one line per call (a line longer than the parser's buffer in several calls), the lines of ``fine``
    one byte per call; ``line``: the number of the line the last call read from, ``column``: on a line of ``fine``,
    the column of the last character read (0 elsewhere)."""

    def __init__(self, source: Source, fine: frozenset[int] = frozenset()):
        super().__init__()
        self._file = io.BytesIO(source.data) if isinstance(source, Body) else open(source, "rb")  # closed by close()
        self._at_line_start = True
        self._fine = fine
        self._read = b""  # of the current line, on a line of fine
        self.line = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        fine = self.line + self._at_line_start in self._fine
        view = cast("bytearray | memoryview", buffer)  # what io gives a raw stream to fill
        chunk = self._file.readline(1 if fine else len(view))
        if chunk:
            if self._at_line_start:
                self.line, self._read = self.line + 1, b""
            self._at_line_start = chunk.endswith(b"\n")
            if fine:
                self._read += chunk
        view[:len(chunk)] = chunk
        return len(chunk)

    @property
    def column(self) -> int:
        """Characters, not bytes: a multi-byte character read in part is not counted yet."""
        return len(self._read.rstrip(b"\r\n").decode("utf-8", errors="ignore")) or (1 if self._read else 0)

    def close(self) -> None:
        self._file.close()
        super().close()


def _parse(source: Source, lines: _Lines, fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    base = source.base if isinstance(source, Body) else None
    return ox.parse(cast(IO[bytes], lines), format=fmt, base_iri=base, lenient=True)  # a raw binary stream


def locate(files: Iterable[tuple[Source, ox.RdfFormat]], patterns: Iterable[tuple],
           nodes: Iterable = ()) -> tuple[dict[tuple, tuple[str, int]], dict]:
    """The (file, line) of the first triple of ``files`` that matches each of ``patterns``, and of the first triple
    that holds each of ``nodes`` (as subject, predicate, object or datatype); those not found are left out."""
    wanted, sought = set(patterns), set(nodes)
    subjects = {s for s, _, _ in wanted}
    found: dict[tuple, tuple[str, int]] = {}
    seen: dict = {}
    for path, fmt in files:
        if len(found) == len(wanted) and len(seen) == len(sought):
            break
        with _Lines(path) as lines:
            try:
                for s, p, o, _ in _parse(path, lines, fmt):
                    new = False
                    if s in subjects:
                        for key in ((s, p, o), (s, p, None), (s, None, None)):
                            if key in wanted and key not in found:
                                found[key], new = (str(path), lines.line), True
                    if sought:
                        for node in (s, p, o, o.datatype if type(o) is ox.Literal else None):
                            if node in sought and node not in seen:
                                seen[node], new = (str(path), lines.line), True
                    if new and len(found) == len(wanted) and len(seen) == len(sought):
                        break
            except SyntaxError:  # the survey read it whole: it changed since; what was found stands
                continue
    return found, seen


def _columns(files: Iterable[tuple[Source, ox.RdfFormat]], found: dict[tuple, tuple[str, int]],
             seen: dict) -> dict[tuple[str, int, object], int]:
    """The column of each triple ``found`` (pattern) and ``seen`` (node) on its line: the files that hold them parsed
    again, those lines fed one byte at a time. Keyed by (file, line, pattern or node)."""
    lines: dict[str, set[int]] = {}
    for file, line in (*found.values(), *seen.values()):
        lines.setdefault(file, set()).add(line)
    columns: dict[tuple[str, int, object], int] = {}
    for path, fmt in files:
        fine = frozenset(lines.get(str(path), ()))
        if not fine:
            continue
        wanted = {key for key, (file, _) in found.items() if file == str(path)}
        sought = {node for node, (file, _) in seen.items() if file == str(path)}
        with _Lines(path, fine) as reader:
            try:
                for s, p, o, _ in _parse(path, reader, fmt):
                    if reader.line > max(fine):
                        break
                    if reader.line not in fine:
                        continue
                    for key in ((s, p, o), (s, p, None), (s, None, None)):
                        if key in wanted and found[key][1] == reader.line:
                            columns.setdefault((str(path), reader.line, key), reader.column)
                    for node in (s, p, o, o.datatype if type(o) is ox.Literal else None):
                        if node in sought and seen[node][1] == reader.line:
                            columns.setdefault((str(path), reader.line, node), reader.column)
            except SyntaxError:  # changed since: the lines found stand, without their column
                continue
    return columns


def places(files: Iterable[tuple[Source, ox.RdfFormat]], triples: list[tuple]) -> list[tuple[str, int, int]]:
    """The (file, line, column) of each of ``triples`` (patterns): of the triple itself, else of the subject's first
    statement with that predicate, else of its first statement, else of the first triple holding the subject."""
    files = list(files)
    chains = [list(dict.fromkeys([(s, p, o), (s, p, None), (s, None, None)])) for s, p, o in triples]
    found, seen = locate(files, {key for chain in chains for key in chain}, {s for s, _, _ in triples})
    columns = _columns(files, found, seen)
    where = []
    for chain in chains:
        key = next((key for key in chain if key in found), None)
        if key is not None:
            file, line = found[key]
        elif chain[0][0] in seen:
            key = chain[0][0]
            file, line = seen[key]
        else:
            where.append(NOWHERE)
            continue
        where.append((file, line, columns.get((file, line, key), 0)))
    return where
