"""progress: every phase of a build shows its count and rate on a terminal, and nothing goes to a pipe."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from support import ROOT

PHASES = ("loading", "survey", "validation", "search keys", "mediators", "compaction")


def test_a_build_on_a_terminal_shows_every_phase(tmp_path):
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "ses_graph.cli", "build", "--store", str(tmp_path / "store")],
                               cwd=ROOT, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=300) == 0
    os.close(leader)
    text = b"".join(chunks).decode("utf-8", "replace")
    for name in PHASES:
        assert f"{name}:" in text, name
    assert "/s]" in text  # rates
    assert "built " in text


def test_a_build_into_a_pipe_prints_its_summary_only(tmp_path):
    done = subprocess.run([sys.executable, "-m", "ses_graph.cli", "build", "--store", str(tmp_path / "store")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("built ") and "survey" not in done.stderr
