"""Helpers shared by the tests: paths and the command line run as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Third-party material beside the clone (seed texts, datasets): not in the repository.
SHARED = ROOT.parent / "shared"


def shared(name: str, purpose: str) -> Path:
    """The folder ``../shared/NAME``; when it is absent the test is skipped with a clear message, or
    fails when ``SES_GRAPH_REQUIRE_SHARED=1`` (as ``.ci/run`` sets)."""
    path = SHARED / name
    if not path.is_dir():
        reason = f"{path} is absent: {purpose} (it is not part of the repository)"
        if os.environ.get("SES_GRAPH_REQUIRE_SHARED") == "1":
            pytest.fail(f"SES_GRAPH_REQUIRE_SHARED=1 but {reason}")
        pytest.skip(reason)
    return path

#: The prefixes the hand-written Turtle of the tests uses (an empty first line, then five prefixes).
TURTLE_PREFIXES = """
@prefix id: <https://w3id.org/ses-graph/id/> .
@prefix ses: <https://w3id.org/ses-graph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``ses-graph ARGS`` in a subprocess, capturing its output."""
    return subprocess.run([sys.executable, "-m", "ses_graph.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300)
