"""Helpers shared by the tests: paths and the command line run as a user would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

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
