"""``SERVICE`` and ``LOAD``: the engine calls no host that the operator did not allow.

Two layers, each enough when the other fails:

* **No network by default.** The threads that run queries and updates have no IPv4/IPv6 sockets
  (:mod:`ses_graph.api.sandbox`); the only thread of a process that keeps the network is one started
  before the filter, and only when the operator allows hosts (``SES_GRAPH_SERVICE_HOSTS``).
* **A decision on the parsed operation.** A text that may hold a ``SERVICE`` or ``LOAD`` (its
  lowercased text holds the keyword: pyoxigraph reads keywords in ASCII only, never through a
  ``\\u`` escape) is parsed by rdflib's SPARQL parser; the IRIs of its ``ServiceGraphPattern``
  and ``Load`` operations, resolved against the prefixes (its own, and the project's predeclared ones,
  as pyoxigraph is given them) and the base, are the hosts it would call.
  One that is a variable, not http(s), or on a host not allowed is refused (403). Only an
  operation whose calls all go to allowed hosts runs on the thread with network. One that rdflib
  cannot read runs where there is no network (pyoxigraph then answers its own syntax error, or the
  sandbox stops the call: 403 too); without a sandbox it is refused.

Ordinary queries pay a substring test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import urlsplit

from ses_graph import queries
from ses_graph.errors import Forbidden, RemoteError

from . import sandbox

T = TypeVar("T")
KEYWORDS = ("service", "load")
#: pyoxigraph's message when a host name could not be resolved (the sandbox leaves no socket to ask DNS).
LOOKUP_FAILED = "failed to lookup address information"
CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U(000[0-9A-Fa-f]{5}|0010[0-9A-Fa-f]{4})")


def may_call_out(text: str) -> bool:
    """Whether ``text`` may hold a ``SERVICE`` or ``LOAD`` (False is certain; True may be a word in a literal)."""
    lowered = text.lower()
    if "\\u" in lowered:  # pyoxigraph does not unescape keywords; count them unescaped all the same
        lowered += " " + CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text).lower()
    return any(keyword in lowered for keyword in KEYWORDS)


def endpoints(kind: str, text: str, base: str | None) -> list[object] | None:
    """The IRIs (rdflib terms) that the query or update ``text`` would call, or None when rdflib cannot read it."""
    tree = queries.algebra(kind, text, base)  # with the prefixes pyoxigraph is given too
    if tree is None:
        return None
    found: list[object] = []
    _walk(tree, found)
    return found


def _walk(node: Any, found: list[object]) -> None:  # a node of rdflib's parse tree
    name = getattr(node, "name", None)
    if name == "ServiceGraphPattern":
        found.append(node["term"])
    elif name == "Load":
        found.append(node["iri"])
    if isinstance(node, dict):
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _walk(value, found)


def check(iris: list[object], allowed_hosts: frozenset[str]) -> None:
    """Refuse (403) unless every IRI is a constant http(s) IRI of an allowed host."""
    from rdflib import URIRef

    allowed = ", ".join(sorted(allowed_hosts)) or "none"
    for iri in iris:
        parts = urlsplit(str(iri)) if isinstance(iri, URIRef) else None
        if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise Forbidden(f"SERVICE and LOAD are allowed only with a constant http(s) IRI of an allowed host, "
                            f"not {iri} (allowed hosts: {allowed})")
        if parts.hostname.lower() not in allowed_hosts:
            raise Forbidden(f"SERVICE and LOAD calls to {parts.hostname} are not allowed on this server "
                            f"(allowed hosts: {allowed})")


class Guard:
    """Runs the evaluations of one process: without network, but those whose calls all go to allowed hosts.

    Build it in the thread that will run the ordinary evaluations (a worker's main thread):
    ``whole_process`` covers every thread of the process when no host is allowed.
    """

    def __init__(self, allowed_hosts: frozenset[str], whole_process: bool = True):
        self.allowed_hosts = allowed_hosts
        self._open: ThreadPoolExecutor | None = None
        if allowed_hosts:  # the one thread with network, started before the filter
            self._open = ThreadPoolExecutor(1, thread_name_prefix="allowed-hosts")
            self._open.submit(lambda: None).result()
        self.sandboxed = sandbox.deny_network(all_threads=whole_process and self._open is None)

    def run(self, kind: str, text: str, base: str | None, evaluate: Callable[[], T]) -> T:
        """``evaluate()`` (which runs ``text`` and consumes its results) where its remote calls are allowed."""
        if not may_call_out(text):
            return evaluate()
        iris = endpoints(kind, text, base)
        if iris is None:
            if not self.sandboxed:
                raise Forbidden("this server cannot check the SERVICE and LOAD calls of this text, so refuses them "
                                "(a checker could not parse it)")
            return self._without_network(evaluate)
        if not iris:
            return self._without_network(evaluate)
        check(iris, self.allowed_hosts)  # with no host allowed, every call is refused here: self._open exists below
        assert self._open is not None
        try:
            return self._open.submit(evaluate).result()
        except OSError as error:  # pyoxigraph's HTTP client: the allowed host refused, failed or could not be reached
            raise RemoteError(f"a SERVICE or LOAD call to an allowed host failed: {error}") from None

    def _without_network(self, evaluate: Callable[[], T]) -> T:
        try:
            return evaluate()
        except OSError as error:  # the sandbox fails the socket, or the name lookup that needs one
            if self.sandboxed and (sandbox.denied(error) or LOOKUP_FAILED in str(error)):
                raise Forbidden(f"SERVICE and LOAD calls to hosts not allowed are refused on this server "
                                f"(allowed hosts: {', '.join(sorted(self.allowed_hosts)) or 'none'})") from None
            raise

