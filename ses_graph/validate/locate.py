"""Where a problem is: the file and line of the triple that holds it, as the parser read them.

Each file is parsed again with pyoxigraph, fed one line at a time: the parser reads only when it
needs more input to give its next triple, so when it gives one, the last line read is the line where
that triple ends (its object, or the ``;`` list it continues, is written there). Nothing is searched
in the text: a prefix, a comment, a string that looks like an IRI cannot mislead it. This runs only
when there are problems, and stops once every triple sought is found.

A triple sought is a pattern ``(subject, predicate, object)``, None matching anything. A node written
``[ ]`` is given a new name at each parse, so the triples about it are not found (the problem is then
reported without a line).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

#: (file, line) of a triple or node not found in the files.
NOWHERE = ("", 0)


class _Lines(io.RawIOBase):
    """A file read one line per call (a line longer than the parser's buffer in several calls); ``line``: the number
    of the line the last call read from."""

    def __init__(self, path: Path):
        super().__init__()
        self._file = open(path, "rb")  # closed with this reader
        self._at_line_start = True
        self.line = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self._file.readline(len(buffer))
        if chunk:
            self.line += self._at_line_start
            self._at_line_start = chunk.endswith(b"\n")
        buffer[:len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self._file.close()
        super().close()


def locate(files: Iterable[tuple[Path, ox.RdfFormat]], patterns: Iterable[tuple],
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
                for s, p, o, _ in ox.parse(cast(IO[bytes], lines), format=fmt, lenient=True):  # a raw binary stream
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


def places(files: Iterable[tuple[Path, ox.RdfFormat]], triples: list[tuple]) -> list[tuple[str, int]]:
    """The (file, line) of each of ``triples`` (patterns): of the triple itself, else of the subject's first
    statement with that predicate, else of its first statement, else of the first triple holding the subject."""
    chains = [list(dict.fromkeys([(s, p, o), (s, p, None), (s, None, None)])) for s, p, o in triples]
    found, seen = locate(files, {key for chain in chains for key in chain}, {s for s, _, _ in triples})
    return [next((found[key] for key in chain if key in found), seen.get(chain[0][0], NOWHERE)) for chain in chains]
