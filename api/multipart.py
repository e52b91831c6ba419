"""multipart/form-data bodies read whole or refused: a body that ends before its closing boundary is a 400.

Starlette's parser (python-multipart underneath) stops where the body stops and gives the parts it
finished, so a body cut before its closing ``--BOUNDARY--`` would read as fewer files, or none: a
write of nothing. :class:`_Parser` notes whether the parser reached the closing boundary (its ``end``
event, which python-multipart gives only there), and :func:`files` refuses a body that did not.
"""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from ses_graph.errors import BadRequest, UnsupportedMediaType


class _Parser(MultiPartParser):
    """Starlette's multipart parser, which also says whether the body reached its closing boundary."""

    closed = False

    def on_end(self) -> None:
        self.closed = True


async def files(request: Request) -> list[tuple[str, bytes, str]]:
    """(Content-Type, bytes, name) of each part of the request's multipart/form-data body, each part a file (its name:
    its file name, else ``part N``)."""
    parser = _Parser(request.headers, request.stream())
    try:
        form = await parser.parse()
    except MultiPartException as error:
        raise BadRequest(f"the multipart/form-data body does not parse: {error}") from None
    try:
        if not parser.closed:
            raise BadRequest("the multipart/form-data body ends before its closing boundary (--BOUNDARY--): "
                             "it may have been cut; nothing was written")
        found = []
        for number, (_, part) in enumerate(form.multi_items(), start=1):
            if not isinstance(part, UploadFile):
                raise UnsupportedMediaType("each part of a multipart/form-data body must be a file with its own "
                                           "Content-Type")
            found.append((part.content_type or "", await part.read(), part.filename or f"part {number}"))
        return found
    finally:
        await form.close()
