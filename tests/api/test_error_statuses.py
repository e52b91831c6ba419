"""Every status of an error answer comes from the one table, ses_graph.errors.CODES: the HTTP adapter names an error
type, never a number; an exception of Python or pyoxigraph that a route lets through is answered as the project's error
it stands for, and a failure of the server's own disk is a 503 with a message, never a 500 or a traceback."""

from __future__ import annotations

import ast
import tempfile
from pathlib import Path

import httpx

from ses_graph import errors

API = Path(__file__).resolve().parents[2] / "api"


def _error_statuses_written_as_numbers(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        numbers = [keyword.value for keyword in node.keywords if keyword.arg == "status_code"]
        numbers += node.args[:1] if name == "ForwardedError" else []
        found += [f"{path.name}:{node.lineno}" for number in numbers
                  if isinstance(number, ast.Constant) and isinstance(number.value, int) and number.value >= 400]
    return found


def test_the_http_adapter_writes_no_error_status_as_a_number():
    found = [place for path in sorted(API.glob("*.py")) for place in _error_statuses_written_as_numbers(path)]
    assert not found, f"an error status decided outside ses_graph.errors.CODES: {', '.join(found)}"


def test_python_s_and_pyoxigraph_s_exceptions_take_their_status_from_the_table():
    assert errors.http_status(errors.of_exception(SyntaxError("error at 1:3: x"))) == 400
    assert errors.http_status(errors.of_exception(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid"))) == 400
    unavailable = errors.of_exception(FileNotFoundError(2, "No such file or directory"))
    assert isinstance(unavailable, errors.Unavailable) and errors.http_status(unavailable) == 503


def test_a_failure_of_the_server_s_own_disk_is_a_503_with_a_message(server, tmp_path, monkeypatch):
    """A graph is dumped into a spool file of the temporary folder: that folder gone, the OSError is the server's."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "gone"))
    response = httpx.get(f"{server.url}/store", params={"default": ""})
    assert response.status_code == 503, response.text
    detail = response.json()["detail"]
    assert detail.startswith("the server could not answer: its store or one of its processes failed")
    assert "No such file or directory" in detail and "try again later" in detail and "Traceback" not in response.text
    monkeypatch.undo()
    assert httpx.get(f"{server.url}/store", params={"default": ""}).status_code == 200
