"""The operator's settings of the HTTP server: one frozen object, read from the environment.

| variable | meaning | default |
|---|---|---|
| ``SES_GRAPH_STORE`` | store folder | ``.store`` in the working copy |
| ``SES_GRAPH_TOKEN`` | a curator's bearer token (writes); unset or empty and no tokens file: read-only | unset |
| ``SES_GRAPH_TOKENS_FILE`` | JSON file of named tokens, each with its holder and role (:mod:`.tokens`) | unset |
| ``SES_GRAPH_QUERY_TIMEOUT`` | seconds a query may run; ``0`` = no limit | 30 |
| ``SES_GRAPH_SERVICE_HOSTS`` | hosts that ``SERVICE`` may call (comma- or space-separated) | none |
| ``SES_GRAPH_MAX_REQUEST_BYTES`` | largest request body (and query string) accepted | 1000000 |
| ``SES_GRAPH_QUERY_WORKERS`` | worker processes that run the queries | 2 to 4 (CPUs) |
| ``SES_GRAPH_PUBLIC`` | ``1``: serve the public view, read-only (no person without a public mandate) | ``0`` |
| ``SES_GRAPH_CACHE_BYTES`` | size of the result cache (:mod:`ses_graph.api.caching`); ``0`` = none | 64 MiB |
| ``SES_GRAPH_ENDPOINT`` | a remote SPARQL 1.1 server to serve instead of the store folder | unset |
| ``SES_GRAPH_UPDATE_ENDPOINT``, ``SES_GRAPH_STORE_ENDPOINT`` | its update and Graph Store endpoints | unset |
| ``SES_GRAPH_ENDPOINT_USER``, ``SES_GRAPH_ENDPOINT_PASSWORD`` | its credentials (HTTP Basic or Digest) | unset |
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ses_graph.errors import UsageError
from ses_graph.remote import Endpoint
from ses_graph.resources import default_store_path

DEFAULT_QUERY_TIMEOUT = 30.0
DEFAULT_MAX_REQUEST_BYTES = 1_000_000
DEFAULT_CACHE_BYTES = 64 << 20
DEFAULT_QUERY_WORKERS = max(2, min(4, os.cpu_count() or 1))
HOST_SEPARATOR = re.compile(r"[\s,]+")
FLAGS = {"": False, "0": False, "false": False, "no": False, "1": True, "true": True, "yes": True}


@dataclass(frozen=True)
class Settings:
    store: Path
    token: str | None = None
    tokens_file: Path | None = None
    query_timeout: float | None = DEFAULT_QUERY_TIMEOUT
    service_hosts: frozenset[str] = frozenset()
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    query_workers: int = DEFAULT_QUERY_WORKERS
    #: serve the public view of the store (:mod:`ses_graph.public`), which is read-only
    public: bool = False
    endpoint: Endpoint | None = None
    cache_bytes: int = DEFAULT_CACHE_BYTES

    def __post_init__(self) -> None:
        if self.public and self.writable:
            raise UsageError("the public view is read-only: unset SES_GRAPH_TOKEN to serve it "
                             "(--public, SES_GRAPH_PUBLIC)")

    @property
    def max_url_bytes(self) -> int:
        """The longest URL read: a query string of ``max_request_bytes`` (refused 414 past it), and its path."""
        return self.max_request_bytes + 8192

    @property
    def writable(self) -> bool:
        """Writes are possible only when the operator configured a token (or a file of them)."""
        return bool(self.token or self.tokens_file)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read the settings from ``environ`` (default: the process environment); ``overrides`` win.

        An override of ``None`` means "not given" (as for an unset command-line option).
        """
        env = os.environ if environ is None else environ
        settings = cls(
            store=Path(env["SES_GRAPH_STORE"]) if env.get("SES_GRAPH_STORE") else default_store_path(),
            token=env.get("SES_GRAPH_TOKEN") or None,
            tokens_file=Path(env["SES_GRAPH_TOKENS_FILE"]) if env.get("SES_GRAPH_TOKENS_FILE") else None,
            query_timeout=_timeout(env.get("SES_GRAPH_QUERY_TIMEOUT")),
            service_hosts=_hosts(env.get("SES_GRAPH_SERVICE_HOSTS", "")),
            max_request_bytes=_positive_int(
                "SES_GRAPH_MAX_REQUEST_BYTES", env.get("SES_GRAPH_MAX_REQUEST_BYTES"), DEFAULT_MAX_REQUEST_BYTES
            ),
            query_workers=_positive_int(
                "SES_GRAPH_QUERY_WORKERS", env.get("SES_GRAPH_QUERY_WORKERS"), DEFAULT_QUERY_WORKERS
            ),
            public=_flag("SES_GRAPH_PUBLIC", env.get("SES_GRAPH_PUBLIC")),
            endpoint=Endpoint.from_env(env),
            cache_bytes=_whole("SES_GRAPH_CACHE_BYTES", env.get("SES_GRAPH_CACHE_BYTES"), DEFAULT_CACHE_BYTES),
        )
        given = {key: value for key, value in overrides.items() if value is not None}
        return replace(settings, **given)


def _timeout(text: str | None) -> float | None:
    if text is None or text.strip() == "":
        return DEFAULT_QUERY_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        raise UsageError(f"SES_GRAPH_QUERY_TIMEOUT must be a number of seconds, not {text!r}") from None
    if seconds < 0:
        raise UsageError(f"SES_GRAPH_QUERY_TIMEOUT must not be negative, not {text!r}")
    return seconds or None


def _positive_int(name: str, text: str | None, default: int) -> int:
    if text is None or text.strip() == "":
        return default
    if not text.strip().isascii() or not text.strip().isdigit() or int(text) == 0:
        raise UsageError(f"{name} must be a positive whole number, not {text!r}")
    return int(text)


def _flag(name: str, text: str | None) -> bool:
    value = (text or "").strip().lower()
    if value not in FLAGS:
        raise UsageError(f"{name} must be 1 or 0 (true or false, yes or no), not {text!r}")
    return FLAGS[value]


def _whole(name: str, text: str | None, default: int) -> int:
    if text is None or text.strip() == "":
        return default
    if not text.strip().isdigit():
        raise UsageError(f"{name} must be a whole number, not {text!r}")
    return int(text)


def _hosts(text: str) -> frozenset[str]:
    return frozenset(host.lower() for host in HOST_SEPARATOR.split(text) if host)
