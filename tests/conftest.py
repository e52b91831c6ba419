"""Shared fixtures: the real curated graph, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from ses_graph import build, store


@pytest.fixture(scope="session")
def curated_store_path(tmp_path_factory) -> Path:
    """A store built from the project's real ontology and data."""
    path = tmp_path_factory.mktemp("curated") / "store"
    build.build(path, with_mediators=True)
    return path


@pytest.fixture(scope="session")
def curated(curated_store_path):
    """The curated store, opened read-only."""
    return store.open_store(curated_store_path)
