"""The project's own lint: ``ruff check`` and ``mypy``, configured in pyproject.toml, find nothing.

Both run as the commands a contributor runs, on the whole working copy; a finding fails the test and
is shown in its message (file, line, rule).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    done = run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert done.returncode == 0, f"ruff check found problems:\n{done.stdout}{done.stderr}"


def test_mypy_finds_nothing():
    done = run("mypy")  # the files and options are in pyproject.toml ([tool.mypy])
    assert done.returncode == 0, f"mypy found problems:\n{done.stdout}{done.stderr}"


def test_the_http_adapter_is_imported_under_the_project_s_name():
    """The folder ``api/`` is installed as ``ses_graph.api`` (``ses_graph/api`` links to it in a working copy):
    an absolute ``import api`` would reach another package's ``api``, or load the adapter a second time."""
    import ast

    found = []
    for path in sorted(ROOT.glob("**/*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in (".venv", ".store") or parts[:2] == ("ses_graph", "api"):  # the link: the files of api/
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            found += [f"{path.relative_to(ROOT)}:{node.lineno}" for name in names if name.split(".")[0] == "api"]
    assert not found, "import ses_graph.api instead: " + ", ".join(found)
