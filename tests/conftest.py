"""Shared fixtures: the real curated graph built once per session, and the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ses_graph import build, store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def curated_store_path(tmp_path_factory) -> Path:
    """A store built from the project's real ontology and data."""
    path = tmp_path_factory.mktemp("curated") / "store"
    build.build(path)
    return path


@pytest.fixture(scope="session")
def curated(curated_store_path):
    """The curated store, opened read-only."""
    return store.open_store(curated_store_path)


def cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``ses-graph ARGS`` in a subprocess (as a user would), capturing its output."""
    return subprocess.run([sys.executable, "-m", "ses_graph.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300)
