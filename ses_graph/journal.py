"""The journal of accepted writes: one file in the store folder, beside the generations.

Every write a server accepts is appended to ``journal.jsonl`` (one JSON object a line: its id, its
author and the author's role, its time, and its change set as N-Quads) and flushed to the disk
(``fsync``) before the write is made in the store and answered. ``ses-graph build`` replays the
journal after the curated files, so a rebuild keeps every acknowledged write, and a writable
server that starts applies the entries its generation lacks (written after the build that made
it, or acknowledged by a server killed before it could make them). A line that a killed process
left half written is no entry: it was never acknowledged, and the next append cuts it off.
Once ``ses-graph contributions mark-merged`` has found an entry's facts in the curated files, it is
listed in ``merged.jsonl`` beside the journal, and the build makes only its provenance.

The store folder (generations and journal) is what an operator backs up.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from .changes import ChangeSet
from .errors import DataError, Problem

JOURNAL = "journal.jsonl"
#: The entries that ``ses-graph contributions mark-merged`` found in data/ (:mod:`ses_graph.contributions`).
MERGED = "merged.jsonl"
T = TypeVar("T")


@dataclass(frozen=True)
class Agent:
    """Who writes: the holder named by the token, and the token's role (``curator`` or ``contributor``)."""

    holder: str
    role: str = "curator"


@dataclass(frozen=True)
class Entry:
    """One accepted write."""

    id: str
    agent: Agent
    time: str
    changes: ChangeSet
    line: int = 0
    #: An accepted proposal: the contributor who proposed it, and the proposal's id (:mod:`ses_graph.proposals`).
    proposer: Agent | None = None
    proposal: str | None = None

    @classmethod
    def new(cls, agent: Agent, changes: ChangeSet, *, proposer: Agent | None = None,
            proposal: str | None = None) -> Entry:
        """An entry made now, with an id that sorts by time."""
        now = datetime.now(UTC)
        return cls(f"{now:%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}", agent, now.isoformat(timespec="microseconds"),
                   changes, proposer=proposer, proposal=proposal)

    def to_dict(self) -> dict:
        added, removed = self.changes.to_text()
        found: dict[str, str | list[str] | None]
        found = {"id": self.id, "holder": self.agent.holder, "role": self.agent.role, "time": self.time,
                 "added": added, "removed": removed}
        if self.proposer is not None:
            found |= {"proposal": self.proposal, "proposer": self.proposer.holder, "proposer_role": self.proposer.role}
        return found

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict, line: int = 0) -> Entry:
        proposer = Agent(data["proposer"], data["proposer_role"]) if "proposer" in data else None
        return cls(data["id"], Agent(data["holder"], data["role"]), data["time"],
                   ChangeSet.from_text(data["added"], data["removed"]), line, proposer, data.get("proposal"))

    @classmethod
    def from_json(cls, text: str, line: int = 0) -> Entry:
        return cls.from_dict(json.loads(text), line)

    def describe(self) -> str:
        proposed = f", proposed by {self.proposer.holder}" if self.proposer else ""
        return f"journal entry {self.id} by {self.agent.holder} ({self.agent.role}{proposed}) on {self.time}"


def path_of(store_path: Path) -> Path:
    return Path(store_path) / JOURNAL


def append(store_path: Path, entry: Entry) -> None:
    """Append ``entry`` and flush it to the disk: once this returns, the write survives a crash of the machine."""
    append_line(path_of(store_path), entry.to_json())


def merged(store_path: Path) -> set[str]:
    """The ids of the entries recorded as merged into the curated files: the build makes only their provenance."""
    return {entry for ids in read_lines(Path(store_path) / MERGED, lambda data, _: data["entries"]) for entry in ids}


def mark_merged(store_path: Path, ids: list[str], data: list[str]) -> None:
    """Record (flushed to the disk) that the entries ``ids`` are now in the curated files of ``data``."""
    line = {"entries": sorted(ids), "data": data, "time": datetime.now(UTC).isoformat(timespec="microseconds")}
    append_line(Path(store_path) / MERGED, json.dumps(line, ensure_ascii=False, sort_keys=True))


def append_line(path: Path, text: str) -> None:
    """Append one line (``text``, no newline in it) to the file ``path`` and flush it to the disk."""
    created = not path.exists()
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # one writer at a time, even from two processes
        _cut_torn_tail(fd)
        data = (text + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:  # the new file's name must reach the disk too
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _cut_torn_tail(fd: int) -> None:
    """Cut off a last line without its newline: what a process killed while appending left."""
    size = os.fstat(fd).st_size
    if size == 0 or os.pread(fd, 1, size - 1) == b"\n":
        return
    start = max(0, size - (1 << 20))
    while True:
        block = os.pread(fd, size - start, start)
        cut = block.rfind(b"\n")
        if cut >= 0 or start == 0:
            os.ftruncate(fd, start + cut + 1 if cut >= 0 else 0)
            return
        start = max(0, start - (1 << 20))


def entries(store_path: Path) -> list[Entry]:
    """Every entry of the journal, in the order written (none if there is no journal).

    Raises DataError naming the line of an entry that cannot be read (the last line, half written by
    a killed process, is skipped).
    """
    return read_lines(path_of(store_path), lambda data, number: Entry.from_dict(data, number))


def read_lines(path: Path, read: Callable[[dict, int], T]) -> list[T]:
    """``read(object, line number)`` for each JSON line of the file ``path`` (none if it does not exist).

    Raises DataError naming each line that cannot be read (the last line, half written by a killed
    process, is skipped: it was never acknowledged).
    """
    if not path.exists():
        return []
    lines = path.read_bytes().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    elif lines:
        lines.pop()  # torn: never acknowledged
    found, problems = [], []
    for number, line in enumerate(lines, start=1):
        try:
            found.append(read(json.loads(line.decode("utf-8")), number))
        except (ValueError, KeyError, TypeError, SyntaxError) as error:
            problems.append(Problem(str(path), number, 1, "", "", f"this line cannot be read: {error}"))
    if problems:
        raise DataError(problems)
    return found
