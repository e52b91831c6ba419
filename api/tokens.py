"""Who may write: the bearer tokens, each naming its holder and role.

``SES_GRAPH_TOKEN`` is a single curator token (its holder is named ``curator``). Named tokens come
from a JSON file whose path is the setting ``SES_GRAPH_TOKENS_FILE`` (never kept in the
repository): an object mapping each token to its holder and role,
``{"TOKEN": {"holder": "Marie Dupont (MES France)", "role": "curator"}}``. A curator's writes are
made at once; a contributor's become proposals that a curator accepts or rejects.
"""

from __future__ import annotations

import hmac
import json
from pathlib import Path

from ses_graph.errors import UsageError
from ses_graph.journal import Agent

ROLES = ("curator", "contributor")
#: The holder named by ``SES_GRAPH_TOKEN``.
OPERATOR = "curator"


def load(token: str | None, tokens_file: Path | None) -> dict[str, Agent]:
    """The tokens the server accepts, and who each one names; raises UsageError for a bad file."""
    found = {token: Agent(OPERATOR, "curator")} if token else {}
    if tokens_file is None:
        return found
    try:
        data = json.loads(Path(tokens_file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UsageError(f"SES_GRAPH_TOKENS_FILE {tokens_file}: cannot be read as JSON ({error})") from None
    if not isinstance(data, dict):
        raise UsageError(f"SES_GRAPH_TOKENS_FILE {tokens_file}: expected an object mapping each token to its holder")
    for key, value in sorted(data.items()):
        holder = value.get("holder") if isinstance(value, dict) else None
        role = value.get("role") if isinstance(value, dict) else None
        if not key.strip() or not isinstance(holder, str) or not holder.strip() or role not in ROLES:
            raise UsageError(f"SES_GRAPH_TOKENS_FILE {tokens_file}: the token of {holder or '?'!s} needs a non-empty "
                             f"token, a holder and a role ({' or '.join(ROLES)})")
        found[key.strip()] = Agent(holder.strip(), role)
    return found


def holder_of(tokens: dict[str, Agent], token: str) -> Agent | None:
    """The agent that ``token`` names, compared in constant time with each known token."""
    given = token.encode("utf-8")
    found = None
    for known, agent in tokens.items():
        if hmac.compare_digest(given, known.encode("utf-8")):
            found = agent
    return found
