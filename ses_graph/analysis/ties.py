"""How strong a tie is: mandates are strong, memberships and joint work are ordinary, attendance is weak.

The rule (documented with its references in docs/mediators.md):

- **mandate** (weight 1): a seat in a body (``seat``), the organisation a seat is held on behalf of
  (``on-behalf-of``), and a membership whose role is a governance or representation mandate (the
  roles of the collection ``role:public-mandates``: co-president, board or bureau member, general
  delegate, representative...). A mandate commits its holder to act for the body: the bodies it
  joins are bridged by the person or organisation who holds it.
- **tie** (weight 1/2): any other membership, the organisation a person is listed under
  (``affiliation``), an action aimed at a target, a partnership.
- **attendance** (weight 1/4): taking part in an event (``participation``). Many attend the same
  seminar: sharing it says little about who can carry a message between two bodies.

Weights serve the weighted measures (betweenness on lengths ``1 / weight``: 1, 2 and 4, exact in
floating point; Burt's constraint on the weights); Gould & Fernandez brokerage counts the ties
that are not attendance.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["MANDATE", "TIE", "ATTENDANCE", "WEIGHTS", "strength", "weight"]

MANDATE, TIE, ATTENDANCE = "mandate", "tie", "attendance"
#: The weight of each strength.
WEIGHTS = {MANDATE: 1.0, TIE: 0.5, ATTENDANCE: 0.25}
#: Relations that are always mandates, and those that are always attendance.
MANDATE_RELATIONS = frozenset({"seat", "on-behalf-of"})
ATTENDANCE_RELATIONS = frozenset({"participation"})


def strength(relation: str, role: str, mandates: frozenset[str] | set[str]) -> str:
    """The strength of one fact's tie: :data:`MANDATE`, :data:`TIE` or :data:`ATTENDANCE` (``role``: one
    role IRI, or several separated by spaces).

    >>> roles = {"role/co-president"}
    >>> strength("membership", "role/co-president", roles), strength("membership", "role/member", roles)
    ('mandate', 'tie')
    >>> strength("seat", "", roles), strength("participation", "role/speaker", roles)
    ('mandate', 'attendance')
    """
    if isinstance(mandates, frozenset):  # the vocabulary's: a few (relation, role) pairs asked for every tie
        return _strength(relation, role, mandates)
    return _strength.__wrapped__(relation, role, mandates)


@lru_cache(maxsize=4096)
def _strength(relation: str, role: str, mandates: frozenset[str] | set[str]) -> str:
    if relation in MANDATE_RELATIONS or (relation == "membership" and not mandates.isdisjoint(role.split())):
        return MANDATE
    if relation in ATTENDANCE_RELATIONS:
        return ATTENDANCE
    return TIE


def weight(data: dict, mandates: frozenset[str] | set[str]) -> float:
    """The weight of an edge of the network (its ``relation`` and ``role`` attributes)."""
    return WEIGHTS[strength(data.get("relation", ""), data.get("role", ""), mandates)]
