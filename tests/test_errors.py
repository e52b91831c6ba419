"""errors: one table gives every error type its exit code and its HTTP status."""

from __future__ import annotations

import inspect

from support import cli

from ses_graph import errors


def test_every_error_type_is_in_the_table():
    types = [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.SesGraphError)]
    assert set(types) == set(errors.CODES), "an error type without an entry would silently take its parent's codes"


def test_the_command_line_and_http_read_the_same_codes():
    assert (errors.exit_code(errors.UnknownQuery("x")), errors.http_status(errors.UnknownQuery("x"))) == (2, 404)
    assert (errors.exit_code(errors.ParameterError("x")), errors.http_status(errors.ParameterError("x"))) == (2, 400)
    assert (errors.exit_code(errors.QueryError("x")), errors.http_status(errors.QueryError("x"))) == (1, 400)
    assert (errors.exit_code(errors.DataError([])), errors.http_status(errors.DataError([]))) == (1, 422)
    assert errors.http_status(errors.ForwardedError(406, "x")) == 406, "an error from a worker keeps its status"
    assert (errors.http_status(errors.RemoteError("x")), errors.http_status(errors.RemoteTimeout("x"))) == (502, 503)
    assert all(400 <= status < 500 for kind, (_, status) in errors.CODES.items()
               if kind not in (errors.SesGraphError, errors.QueryTimeout, errors.ForwardedError, errors.RemoteError,
                               errors.RemoteTimeout, errors.Unavailable)), "bad input is never a 5xx"


def test_the_exit_code_of_an_unknown_query_is_the_table_s():
    result = cli("query", "no-such-query")
    assert result.returncode == errors.exit_code(errors.UnknownQuery("x")) == 2, result.stderr
    assert "no named query" in result.stderr
