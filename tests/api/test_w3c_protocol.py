"""The W3C SPARQL 1.1 Protocol test suite, replayed against a live server (one pytest test per W3C test)."""

from __future__ import annotations

import httpx
import pytest
from live_server import TOKEN
from w3c_protocol import MANIFEST, load_tests, run_test

TESTS = load_tests()


def test_the_suite_has_its_34_tests():
    assert len(TESTS) == 34, f"{MANIFEST} not found or changed"


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=60, follow_redirects=False) as http:
        yield http


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_w3c_protocol(writer, client, test):
    outcome = run_test(client, writer.sparql, test, TOKEN)
    assert outcome.passed, f"{test.name}: " + "; ".join(outcome.problems)
