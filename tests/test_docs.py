"""docs/: the generated pages match the queries, the ontology and the data (regenerate with docs/generate.py)."""

from __future__ import annotations

import subprocess
import sys

from support import ROOT


def test_generated_docs_are_up_to_date(tmp_path, curated_store_path):
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "docs" / "generate.py"),
            "--store",
            str(curated_store_path),
            "--out",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    for page in ("queries.md", "ontology.md"):
        assert (tmp_path / page).read_text(encoding="utf-8") == (ROOT / "docs" / page).read_text(encoding="utf-8"), \
            f"docs/{page} is stale: run python docs/generate.py"


def test_queries_page_shows_every_named_query_with_an_answer():
    text = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for name in ("network-members", "workshop-participants", "entity-search", "timeline"):
        assert f"## {name}" in text and f"ses-graph query {name}" in text
    assert "Charlotte Maurier" in text or "KPsens" in text
