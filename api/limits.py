"""Refuse oversized requests before reading them: 413 for a body, 414 for a query string, 431 for headers.

A body announced by ``Content-Length`` is refused at once; a body sent in chunks is counted as it
is read, and refused as soon as it passes the limit.
"""

from __future__ import annotations

import json
from http import HTTPStatus

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ses_graph.errors import BadRequest, HeadersTooLarge, HttpError, PayloadTooLarge, UriTooLong, http_status

from .errors import error_body


class RequestSizeLimit:
    """ASGI middleware: requests larger than ``max_bytes`` are refused."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise PayloadTooLarge(f"the request body is larger than {self.max_bytes} bytes")
            return message

        await self.app(scope, counted, send)

    def _refusal(self, scope: Scope) -> JSONResponse | None:
        refused = self._refused(scope)
        return None if refused is None else JSONResponse(error_body(str(refused)), status_code=http_status(refused))

    def _refused(self, scope: Scope) -> HttpError | None:
        if len(scope.get("query_string", b"")) > self.max_bytes:
            return UriTooLong(f"the query string is longer than {self.max_bytes} bytes; send the query with POST")
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                if not value.strip().isascii() or not value.strip().isdigit():
                    return BadRequest(f"bad Content-Length {value!r}")
                if int(value) > self.max_bytes:
                    return PayloadTooLarge(f"the request body is larger than {self.max_bytes} bytes")
        return None


#: The largest request head (header lines; the request line's URL is bounded apart, by ``max_bytes``).
MAX_HEADER_BYTES = 64 * 1024


def http_protocol(max_url_bytes: int) -> type:
    """uvicorn's httptools protocol, bounding what it reads of a request's head before the headers are complete.

    uvicorn reads headers without a limit (a 64 MB header was read for 5 s, then answered): past
    :data:`MAX_HEADER_BYTES` of header lines the connection is answered 431 and closed, past
    ``max_url_bytes`` of URL 414, as soon as the bytes arrive.
    """
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class BoundedHead(HttpToolsProtocol):
        _head = _url = 0
        _in_head = True

        def data_received(self, data: bytes) -> None:
            if self._in_head:
                self._head += len(data)
            super().data_received(data)
            if not self._in_head or self.transport.is_closing():
                return
            if self._url > max_url_bytes:
                self._refuse(UriTooLong(f"the URL is longer than {max_url_bytes} bytes; send the query with POST"))
            elif self._head - self._url > MAX_HEADER_BYTES:
                self._refuse(HeadersTooLarge(f"the request's headers are larger than {MAX_HEADER_BYTES} bytes"))

        def on_url(self, url: bytes) -> None:
            self._url += len(url)
            super().on_url(url)

        def on_headers_complete(self) -> None:
            self._in_head = False
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            super().on_message_complete()
            self._in_head, self._head, self._url = True, 0, 0

        def _refuse(self, error: HttpError) -> None:
            body = json.dumps(error_body(str(error))).encode("utf-8")
            status = http_status(error)
            reason = HTTPStatus(status).phrase.encode("ascii")
            self.transport.write(b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
                                 b"connection: close\r\n\r\n%s" % (status, reason, len(body), body))
            self.transport.close()

    return BoundedHead
