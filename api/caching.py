"""HTTP caching: validators tied to the store's version, 304 answers, and a bounded result cache.

The *version* of what the server answers is its store generation (``gen-N``) and the number of
writes it has accepted since it opened it (:meth:`ResultCache.invalidate`, called after every
successful write; when the store keeps a journal of writes, its position is what this counts). A
read-only server's version never changes while it runs: a new ``ses-graph build`` is seen after
a restart, with a new generation.

For ``GET`` and ``HEAD`` (every route, ``/sparql`` included) and for queries ``POST``-ed to
``/sparql`` (URL-encoded or ``application/sparql-query``; never an update):

* the response carries ``ETag`` (the version and a digest of the request: method aside, its path,
  query string, body, ``Accept`` and ``Accept-Language``, so every representation has its own),
  ``Last-Modified`` (when the version began: the generation's publication or the last write) and
  ``Cache-Control: no-cache`` (a client keeps it, and asks again with its validators);
* ``If-None-Match`` naming the current ETag, or ``If-Modified-Since`` not older than
  ``Last-Modified`` (when there is no ``If-None-Match``), is answered 304 at once, without running
  anything;
* a 200 of at most ``ENTRY_BYTES`` is kept in an LRU cache bounded to ``SES_GRAPH_CACHE_BYTES``
  (0: no cache), keyed by the version and the request: the same request is then answered from it.
  A write empties it.

A request with ``Authorization`` is left alone (no validators, never from the cache), as a shared
cache does (RFC 9111, section 3.5): its answer may depend on who asks.

A server in front of a remote SPARQL server does none of this: the remote data may change without
it knowing.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from email.utils import formatdate, parsedate_to_datetime
from typing import cast
from urllib.parse import unquote_plus

from starlette.datastructures import State
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ses_graph.errors import HttpError, http_status

from .errors import error_body

#: Largest response kept in the cache.
ENTRY_BYTES = 1 << 20
DEFAULT_CACHE_BYTES = 64 << 20
QUERY_TYPES = (b"application/x-www-form-urlencoded", b"application/sparql-query")
VARY = (b"accept", b"accept-language")


class ResultCache:
    """The version of the store the server answers from, and the responses kept for it (thread-safe)."""

    def __init__(self, generation: str, published: float, max_bytes: int):
        self.generation = generation
        self.writes = 0
        self.modified = int(published)
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[list, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        return f"{self.generation}.{self.writes}"

    def invalidate(self) -> None:
        """A write was accepted: a new version, and nothing kept."""
        with self._lock:
            self.writes += 1
            self.modified = max(int(time.time()), self.modified + 1)
            self._entries.clear()
            self._bytes = 0

    def get(self, key: str) -> tuple[list, bytes] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, headers: list, body: bytes) -> None:
        if len(body) > ENTRY_BYTES or len(body) > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (headers, body)
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._entries)


#: The request headers the middleware reads: the credentials, the body's type, the validators and those of VARY.
READ = frozenset((b"authorization", b"content-type", b"if-none-match", b"if-modified-since", *VARY))


def _headers(scope: Scope) -> dict[bytes, bytes]:
    """The request headers of :data:`READ` (the first of each name), found in one pass."""
    found: dict[bytes, bytes] = {}
    for key, value in scope["headers"]:
        if key in READ and key not in found:
            found[key] = value
    return found


def _not_modified(headers: dict[bytes, bytes], etag: bytes, modified: int) -> bool:
    match = headers.get(b"if-none-match")
    if match is not None:
        return match.strip() == b"*" or etag in (tag.strip().removeprefix(b"W/") for tag in match.split(b","))
    since = headers.get(b"if-modified-since")
    if since is None:
        return False
    try:
        return parsedate_to_datetime(since.decode("latin-1")).timestamp() >= modified
    except (TypeError, ValueError):
        return False


def _names(form: bytes) -> Iterator[str]:
    """The parameter names of a URL-encoded body, decoded as ``parse_qsl`` decodes them (the values left alone)."""
    for pair in form.split(b"&"):
        if pair:
            yield unquote_plus(pair.partition(b"=")[0].decode("latin-1"))


@functools.lru_cache(maxsize=16)  # one per version of the store
def _http_date(seconds: int) -> bytes:
    return formatdate(seconds, usegmt=True).encode()


class HttpCaching:
    """The ASGI middleware of the module's description; ``cache_of(app_state)`` gives the ResultCache or None."""

    def __init__(self, app: ASGIApp, cache_of: Callable[[State], ResultCache | None]) -> None:
        self.app = app
        self.cache_of = cache_of

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cache = self.cache_of(scope["app"].state) if scope["type"] == "http" and "app" in scope else None
        method = scope.get("method")
        headers = _headers(scope) if cache is not None else {}
        if cache is None or method not in ("GET", "HEAD", "POST") or b"authorization" in headers:
            # with credentials, what is answered depends on who asks (a contributor sees their own proposals):
            # as a shared cache (RFC 9111, 3.5), neither kept nor validated
            await self.app(scope, receive, send)
            return
        body = b""
        content_type = headers.get(b"content-type", b"")
        if method == "POST":
            if scope["path"] != "/sparql" or content_type.split(b";")[0].strip() not in QUERY_TYPES:
                await self.app(scope, receive, send)
                return
            try:
                body, receive = await _read(receive)
            except HttpError as error:  # the size limit outside: answered here, outside the app's handlers
                await JSONResponse(error_body(str(error)), status_code=http_status(error))(scope, receive, send)
                return
            if content_type.startswith(QUERY_TYPES[0]) and "update" in _names(body):
                await self.app(scope, receive, send)
                return
        version, modified = cache.version, cache.modified
        digest = hashlib.blake2b(digest_size=12)
        for part in (
            (b"GET" if method == "HEAD" else method.encode()),
            scope["path"].encode(),
            scope.get("query_string", b""),
            body,
            content_type,
            *(headers.get(name, b"") for name in VARY),
        ):
            digest.update(len(part).to_bytes(8, "little") + part)
        etag = f'"{version}-{digest.hexdigest()}"'.encode()
        validators = [(b"etag", etag), (b"last-modified", _http_date(modified)), (b"cache-control", b"no-cache")]
        if method != "POST" and _not_modified(headers, etag, modified):
            await send({"type": "http.response.start", "status": 304, "headers": validators})
            await send({"type": "http.response.body", "body": b""})
            return
        key = f"{method == 'HEAD'}:{etag.decode()}"
        kept = cache.get(key)
        if kept is not None:
            await send({"type": "http.response.start", "status": 200, "headers": kept[0]})
            await send({"type": "http.response.body", "body": kept[1]})
            return
        await self.app(scope, receive, _Recorder(send, validators, lambda h, b: cache.put(key, h, b)))


async def _read(receive: Receive) -> tuple[bytes, Receive]:
    """The whole request body, and a ``receive`` that gives it again to the application."""
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            return b"", receive
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body, given = b"".join(chunks), False

    async def again() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return body, again


class _Recorder:
    """A ``send`` that adds the validators to a 200 and hands its whole body (when small enough) to ``keep``."""

    def __init__(self, send: Send, validators: list, keep: Callable[[list, bytes], object]) -> None:
        self.send, self.validators, self.keep = send, validators, keep
        self.headers: list | None = None
        self.body: list[bytes] | None = None
        self.size = 0

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            if message["status"] == 200:
                names = {name for name, _ in self.validators}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names] + self.validators
                message = {**message, "headers": headers}
                self.headers, self.body = headers, []
        elif message["type"] == "http.response.body" and self.body is not None:
            self.size += len(message.get("body", b""))
            if self.size > ENTRY_BYTES:
                self.body = None
            else:
                self.body.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self.keep(cast(list, self.headers), b"".join(self.body))  # set by the start, before a body
        await self.send(message)
