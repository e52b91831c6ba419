"""Work of the analyses run in processes of their own, beside the caller (the measures of a big network).

:func:`started` runs one function of this package in a new ``python -c`` process, its arguments and its result
pickled through the process's standard input and output. Not :mod:`multiprocessing`, which would import the
caller's main script again in each process (a script without ``if __name__ == "__main__"`` would start its work
anew), nor a fork, unsafe in a process that runs threads (a server, the build's loader). Should the process fail,
the function is called again in the caller's process: the result is the same, only later.
"""

from __future__ import annotations

import contextlib
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, cast

__all__ = ["PROGRAM", "started"]

#: The program of each process: import the function's module, call it on the arguments, write its result.
PROGRAM = (
    "import importlib, pickle, sys\n"
    "path, module, name, args = pickle.load(sys.stdin.buffer)\n"
    "sys.path.insert(0, path)\n"
    "result = getattr(importlib.import_module(module), name)(*args)\n"
    "pickle.dump(result, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)\n"
)
#: The folder the package is imported from, given to each process (a caller may have put it on ``sys.path``).
_PACKAGE_PATH = str(Path(__file__).resolve().parents[2])


def _send(pipe: BinaryIO, payload: bytes) -> None:
    with pipe:
        with contextlib.suppress(BrokenPipeError):  # the process stopped: its exit status says so
            pipe.write(payload)


def started(function: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """Start ``function(*args)`` in a process of its own; return the function that waits for its result and gives it.

    ``function`` is a module-level function of this package and ``args`` can be pickled. The arguments are written
    by a thread of this process, so that the caller goes on at once.

    >>> import math
    >>> started(math.hypot, 3.0, 4.0)()
    5.0
    """
    child = subprocess.Popen([sys.executable, "-c", PROGRAM], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL)
    payload = pickle.dumps((_PACKAGE_PATH, function.__module__, function.__qualname__, args),
                           protocol=pickle.HIGHEST_PROTOCOL)
    sending = threading.Thread(target=_send, args=(child.stdin, payload), daemon=True)
    sending.start()

    def result() -> Any:
        with cast(BinaryIO, child.stdout) as output:
            out = output.read()
        sending.join()
        child.wait()
        if child.returncode == 0:
            with contextlib.suppress(pickle.UnpicklingError, EOFError):
                return pickle.loads(out)
        return function(*args)

    return result
