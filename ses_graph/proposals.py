"""Proposals and review: a contributor's write waits, out of the published graph, for a curator's decision.

A write is :func:`submit`-ted with its author's role: a curator's is made at once
(:func:`ses_graph.writes.commit`); a contributor's is validated the same way (WriteRefused, 422, if
it breaks a rule) and kept as a *proposal* in ``proposals.jsonl``, in the store folder beside the
journal (one JSON object a line, flushed to the disk before the answer, like the journal), and
the store does not change. A curator then :func:`accept`-s it: its change set, taken against the
store as it is then, is validated again (refused, and left pending, if it no longer fits) and
made as an accepted write of the journal that names both agents (the curator, and the contributor
as the proposer); or :func:`reject`-s it, with a reason, kept in ``proposals.jsonl``.

A proposal's status is read from the two files: accepted when a journal entry names it (the
journal is the one record of what was made, so a crash between the two files cannot leave an
accepted proposal pending), rejected when a rejection names it, else pending. The build replays
the journal only: proposals never reach the published graph on their own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from . import journal, writes
from .changes import ChangeSet, against
from .errors import BadRequest, Conflict, NotFound, WriteRefused
from .journal import Agent, Entry

PROPOSALS = "proposals.jsonl"
PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
STATUSES = (PENDING, ACCEPTED, REJECTED)


@dataclass(frozen=True)
class Proposal:
    """A contributor's write (``entry``: its id, author, time and change set) and what became of it."""

    entry: Entry
    status: str = PENDING
    decided_by: Agent | None = None
    decided_at: str | None = None
    reason: str | None = None
    #: The id of the journal entry that made it, once accepted.
    change: str | None = None

    @property
    def id(self) -> str:
        return self.entry.id

    def to_dict(self) -> dict:
        """The proposal as JSON: id, holder, role, time, status, added and removed (lists of N-Quads lines), and once
        decided ``decided_by``, ``decided_at``, ``reason`` (rejected) or ``change`` (accepted: the journal entry)."""
        added, removed = self.entry.changes.to_text()
        found: dict[str, object] = {"id": self.id, "holder": self.entry.agent.holder, "role": self.entry.agent.role,
                 "time": self.entry.time, "status": self.status,
                 "added": added.splitlines(), "removed": removed.splitlines()}
        if self.decided_by is not None:
            found |= {"decided_by": self.decided_by.holder, "decided_at": self.decided_at}
        if self.reason is not None:
            found["reason"] = self.reason
        if self.change is not None:
            found["change"] = self.change
        return found


def path_of(store_path: Path) -> Path:
    return Path(store_path) / PROPOSALS


def _read(data: dict, line: int) -> tuple[str, Entry | dict]:
    kind = data["kind"]
    if kind == "proposal":
        return kind, Entry.from_dict(data, line)
    if kind == "rejection":
        return kind, data
    raise ValueError(f"unknown kind {kind!r}")


def proposals(store_path: Path) -> list[Proposal]:
    """Every proposal of ``store_path``, in the order made, with its status (DataError for a line that cannot
    be read)."""
    found: dict[str, Proposal] = {}
    rejections: list[dict] = []
    for _kind, item in journal.read_lines(path_of(store_path), _read):
        if isinstance(item, Entry):
            found[item.id] = Proposal(item)
        else:
            rejections.append(item)
    for rejection in rejections:
        if rejection["proposal"] in found:
            found[rejection["proposal"]] = replace(
                found[rejection["proposal"]], status=REJECTED, decided_by=Agent(rejection["holder"], rejection["role"]),
                decided_at=rejection["time"], reason=rejection["reason"])
    for entry in journal.entries(store_path):
        if entry.proposal in found:  # the journal wins: what it made was accepted
            found[entry.proposal] = replace(found[entry.proposal], status=ACCEPTED, decided_by=entry.agent,
                                            decided_at=entry.time, reason=None, change=entry.id)
    return list(found.values())


def get(store_path: Path, proposal_id: str) -> Proposal:
    """The proposal ``proposal_id`` (NotFound if there is none)."""
    for proposal in proposals(store_path):
        if proposal.id == proposal_id:
            return proposal
    raise NotFound(f"no proposal {proposal_id}")


def _pending(store_path: Path, proposal_id: str) -> Proposal:
    proposal = get(store_path, proposal_id)
    if proposal.status != PENDING:
        decider = proposal.decided_by.holder if proposal.decided_by else "?"
        raise Conflict(f"the proposal {proposal_id} was already {proposal.status} by {decider} "
                       f"on {proposal.decided_at}")
    return proposal


def propose(store: ox.Store, store_path: Path, change_set: ChangeSet, agent: Agent, rules: writes.Rules) -> Proposal:
    """Validate ``change_set`` against ``store`` and keep it as a proposal of ``agent``; the store does not change."""
    violations = writes.check(store, change_set, rules)
    if violations:
        raise WriteRefused(violations, "the proposal")
    entry = Entry.new(agent, change_set)
    journal.append_line(path_of(store_path), json.dumps({"kind": "proposal", **entry.to_dict()}, ensure_ascii=False,
                                                        sort_keys=True))
    return Proposal(entry)


def submit(store: ox.Store, store_path: Path, change_set: ChangeSet, agent: Agent,
           rules: writes.Rules) -> Entry | Proposal:
    """A write by ``agent``: made at once for a curator (an Entry), kept as a proposal for a contributor."""
    if agent.role == "contributor":
        return propose(store, store_path, change_set, agent, rules)
    return writes.commit(store, store_path, change_set, agent, rules)


def accept(store: ox.Store, store_path: Path, proposal_id: str, curator: Agent, rules: writes.Rules) -> Entry:
    """Make the pending proposal ``proposal_id`` as an accepted write of ``curator`` naming its proposer.

    Its change set is taken against the store as it is now (what is already there is not added
    again) and validated again: WriteRefused (422) if it no longer fits, and it stays pending.
    NotFound for an unknown id, Conflict if it was already decided.
    """
    proposal = _pending(store_path, proposal_id)
    proposed = proposal.entry.changes
    change_set = against(store, proposed.added, proposed.removed)
    try:
        return writes.commit(store, store_path, change_set, curator, rules, proposer=proposal.entry.agent,
                             proposal=proposal.id)
    except WriteRefused as error:
        raise WriteRefused(error.violations, f"the proposal {proposal_id}, which stays pending,") from None


def reject(store_path: Path, proposal_id: str, curator: Agent, reason: str) -> Proposal:
    """Record that ``curator`` rejected the pending proposal ``proposal_id``, and why (a reason is required)."""
    if not reason.strip():
        raise BadRequest("a rejection needs a reason (the field 'reason')")
    proposal = _pending(store_path, proposal_id)
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    line = {"kind": "rejection", "proposal": proposal.id, "holder": curator.holder, "role": curator.role,
            "time": now, "reason": reason.strip()}
    journal.append_line(path_of(store_path), json.dumps(line, ensure_ascii=False, sort_keys=True))
    return replace(proposal, status=REJECTED, decided_by=curator, decided_at=now, reason=reason.strip())
