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
