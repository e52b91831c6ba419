"""Progress of long work on the standard error: one tqdm bar per phase, with its count and rate.

Bars are drawn only when the standard error is a terminal (and ``enabled``): a log or a pipe gets
nothing. A phase whose work gives no count as it goes adds it once done, so its last line still
says how much it did, in how long, at which rate.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def phase(name: str, enabled: bool, *, total: int | None = None, unit: str = "it", position: int = 0) -> Iterator[tqdm]:
    """A bar for the phase ``name`` (``total`` when known beforehand); ``position`` 1 for one beside another."""
    size = shutil.get_terminal_size((100, 24))  # a terminal that gives no size (0 x 0) hides every bar otherwise
    with tqdm(total=total, desc=name, unit=unit, unit_scale=True, disable=None if enabled else True,
              file=sys.stderr, position=position, leave=True,
              ncols=size.columns, nrows=size.lines) as bar:
        yield bar
