"""Refuse oversized requests before reading them: 413 for a body, 414 for a query string.

A body announced by ``Content-Length`` is refused at once; a body sent in chunks is counted as it
is read, and refused as soon as it passes the limit.
"""

from __future__ import annotations

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import PayloadTooLarge, error_body


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
        if len(scope.get("query_string", b"")) > self.max_bytes:
            return JSONResponse(error_body(f"the query string is longer than {self.max_bytes} bytes; send the query with POST"),
                                status_code=414)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                if not value.strip().isascii() or not value.strip().isdigit():
                    return JSONResponse(error_body(f"bad Content-Length {value!r}"), status_code=400)
                if int(value) > self.max_bytes:
                    return JSONResponse(error_body(f"the request body is larger than {self.max_bytes} bytes"),
                                        status_code=PayloadTooLarge.status)
        return None
