"""The OpenAPI description and the server agree: schemathesis generates requests from ``/openapi.json``, valid and
invalid ones, sends them to a real uvicorn server on 127.0.0.1 (the read-only server on the curated graph) and runs
every check it has on each answer, on every operation: no 5xx; statuses, media types, headers and ``Allow`` as
documented; a request the schema forbids refused; one it allows accepted (SPARQL texts and RDF bodies generated valid
by schemathesis_hooks, their grammars being no JSON schema's). A bounded number of examples per operation keeps the
suite fast; the longer campaign and its figures are in tests/README.md.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
import pytest
import schemathesis
import schemathesis_hooks  # noqa: F401 (registers the generators of the SPARQL and RDF formats)
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from ses_graph.api.app import create_app
from ses_graph.api.settings import Settings

EXAMPLES = 12
HTTP_METHODS = ("get", "head", "post", "put", "delete", "options", "patch")
#: The operations the application describes (its description does not depend on the store).
OPERATIONS = sorted((method.upper(), path) for path, item in create_app(
    Settings(store=Path(tempfile.gettempdir()) / "ses-graph-description-only")).openapi()["paths"].items()
    for method in item if method in HTTP_METHODS)


@pytest.fixture(scope="module")
def openapi(server) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


def test_the_description_lists_the_routes(openapi):
    assert len(OPERATIONS) >= 25 and {("GET", "/sparql"), ("PUT", "/store"), ("GET", "/mediators")} <= set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_operation_answers_as_its_description_says(openapi, server, method, path):
    """Valid and invalid requests mixed (an operation whose only input is a path that takes any text has no
    invalid request)."""
    operation = openapi[path][method]
    statuses = []
    requests = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(GenerationMode.NEGATIVE)

    @given(requests)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        response = case.call_and_validate(base_url=server.url)
        statuses.append(response.status_code)

    run()
    assert statuses and max(statuses) < 500


def test_a_method_a_path_does_not_take_is_405_with_every_method_it_does_take(server):
    """Starlette answers with the methods of the first route it tried; /queries/NAME has a GET and a POST route."""
    for method, path, allow in (("OPTIONS", "/queries/network-members", "GET, POST"),
                                ("PUT", "/sparql", "GET, HEAD, POST"),
                                ("PATCH", "/store", "GET, HEAD, POST, PUT, DELETE, OPTIONS")):
        response = httpx.request(method, f"{server.url}{path}")
        assert (response.status_code, response.headers["allow"]) == (405, allow), (method, path)
        assert method in response.json()["detail"]
