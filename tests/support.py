"""Helpers shared by the tests: paths and the command line run as a user would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``ses-graph ARGS`` in a subprocess, capturing its output."""
    return subprocess.run([sys.executable, "-m", "ses_graph.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300)
