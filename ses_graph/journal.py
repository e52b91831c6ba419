"""The journal of accepted writes: one file in the store folder, beside the generations.

Every write a server accepts is appended to ``journal.jsonl`` (one JSON object a line: its id, its
author and the author's role, its time, and its change set as N-Quads) and flushed to the disk
(``fsync``) before the write is made in the store and answered. ``ses-graph build`` replays the
journal after the curated files, so a rebuild keeps every acknowledged write, and a writable
server that starts applies the entries its generation lacks (written after the build that made
it, or acknowledged by a server killed before it could make them). A line that a killed process
left half written is no entry: it was never acknowledged, and the next append cuts it off.

The store folder (generations and journal) is what an operator backs up.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .changes import ChangeSet
from .errors import DataError, Problem

JOURNAL = "journal.jsonl"


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

    @classmethod
    def new(cls, agent: Agent, changes: ChangeSet) -> Entry:
        """An entry made now, with an id that sorts by time."""
        now = datetime.now(UTC)
        return cls(f"{now:%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}", agent, now.isoformat(timespec="microseconds"),
                   changes)

    def to_json(self) -> str:
        added, removed = self.changes.to_text()
        return json.dumps({"id": self.id, "holder": self.agent.holder, "role": self.agent.role, "time": self.time,
                           "added": added, "removed": removed}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, line: int = 0) -> Entry:
        data = json.loads(text)
        return cls(data["id"], Agent(data["holder"], data["role"]), data["time"],
                   ChangeSet.from_text(data["added"], data["removed"]), line)

    def describe(self) -> str:
        return f"journal entry {self.id} by {self.agent.holder} ({self.agent.role}) on {self.time}"


def path_of(store_path: Path) -> Path:
    return Path(store_path) / JOURNAL


def append(store_path: Path, entry: Entry) -> None:
    """Append ``entry`` and flush it to the disk: once this returns, the write survives a crash of the machine."""
    path = path_of(store_path)
    created = not path.exists()
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # one writer at a time, even from two processes
        _cut_torn_tail(fd)
        data = (entry.to_json() + "\n").encode("utf-8")
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
    path = path_of(store_path)
    if not path.exists():
        return []
    text = path.read_bytes()
    lines = text.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    elif lines:
        lines.pop()  # torn: never acknowledged
    found, problems = [], []
    for number, line in enumerate(lines, start=1):
        try:
            found.append(Entry.from_json(line.decode("utf-8"), number))
        except (ValueError, KeyError, TypeError, SyntaxError) as error:
            problems.append(Problem(str(path), number, 1, "", "", f"this journal entry cannot be read: {error}"))
    if problems:
        raise DataError(problems)
    return found
