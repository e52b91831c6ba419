"""The reference point of the latency target: a minimal FastAPI + pyoxigraph SPARQL endpoint.

Usage: python bench/api/minimal.py STORE PORT

One route, ``POST /sparql`` with a URL-encoded ``query``, evaluated in the server's own process
(so no time limit can stop it) and answered in SPARQL JSON: what ses-graph's endpoint would cost
without its protocol handling, its negotiation and its worker processes. Served by uvicorn like
``ses-graph serve`` (no access log).
"""

from __future__ import annotations

import io
import sys

import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI, Request, Response


def create_app(store_path: str) -> FastAPI:
    store = ox.Store.read_only(store_path)
    app = FastAPI()

    @app.post("/sparql")
    async def sparql(request: Request) -> Response:
        form = await request.form()
        out = io.BytesIO()
        store.query(form["query"]).serialize(out, ox.QueryResultsFormat.JSON)
        return Response(out.getvalue(), media_type="application/sparql-results+json")

    return app


if __name__ == "__main__":
    uvicorn.run(create_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), access_log=False)
