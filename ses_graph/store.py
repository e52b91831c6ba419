"""The on-disk pyoxigraph store, replaced atomically by each successful build.

A store path is a folder holding numbered generations (``gen-1``, ``gen-2``...) and a symbolic
link ``current`` to the last good one. A build fills a hidden folder (``.building-``, its process id
and a random suffix), and only once it is complete and closed renames it to the next ``gen-N`` and
swaps the link with one ``rename``: a build that fails, or is killed, leaves ``current`` untouched
and answering, and its folder is never taken for a generation (a later build removes it once its
process is gone).

A process that opens a generation holds a *lease* on it: a shared ``flock`` on the generation's
folder, which the system releases when the process ends, however it ends. A build removes an old
generation only when it can take that lock exclusively (no process has the generation open) and
the generation is neither ``current`` nor the last good one before it.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

CURRENT = "current"
GENERATION_PREFIX = "gen-"
BUILDING_PREFIX = ".building-"

#: The leases this process holds: a generation's folder -> the descriptor holding its shared lock.
_leases: dict[Path, int] = {}


def current_generation(store_path: Path) -> Path | None:
    """The folder of the last good generation, or None if the store was never built."""
    link = Path(store_path) / CURRENT
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def exists(store_path: Path) -> bool:
    return current_generation(store_path) is not None


def hold(folder: Path) -> int:
    """Take a shared lock on ``folder`` (a generation or a snapshot) and return its descriptor; close it to let go.

    Raises FileNotFoundError when the folder was removed before the lock was taken.
    """
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        if os.stat(folder).st_ino != os.fstat(fd).st_ino:  # removed (and perhaps made again) meanwhile
            raise FileNotFoundError(f"{folder} was removed")
    except BaseException:
        os.close(fd)
        raise
    return fd


def lease(generation: Path) -> None:
    """Hold ``generation`` for as long as this process runs, or until :func:`release`."""
    generation = Path(generation).resolve()
    if generation not in _leases:
        _leases[generation] = hold(generation)


def release(generation: Path) -> None:
    """Let go of the lease on ``generation`` (a build may then remove it, once it is no longer current)."""
    fd = _leases.pop(Path(generation).resolve(), None)
    if fd is not None:
        os.close(fd)


def open_generation(generation: Path, *, read_only: bool = True) -> ox.Store:
    """Open one generation folder, holding a lease on it."""
    lease(generation)
    return ox.Store.read_only(str(generation)) if read_only else ox.Store(str(generation))


def open_store(store_path: Path, *, read_only: bool = True) -> ox.Store:
    """Open the current generation of the store (read-only by default), holding a lease on it."""
    for _ in range(3):  # a build may replace it between the link's reading and the lock
        generation = current_generation(store_path)
        if generation is None:
            raise FileNotFoundError(f"no store built at {store_path}")
        try:
            return open_generation(generation, read_only=read_only)
        except FileNotFoundError:
            continue
    raise FileNotFoundError(f"the store at {store_path} keeps being replaced; try again")


def _number(folder: Path) -> int:
    return int(folder.name[len(GENERATION_PREFIX):])


def _generations(store_path: Path) -> list[Path]:
    found = [p for p in Path(store_path).glob(f"{GENERATION_PREFIX}*") if p.name[len(GENERATION_PREFIX):].isdigit()]
    return sorted(found, key=_number)


def process_running(pid: int) -> bool:
    """Whether process ``pid`` still runs (another user's process counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def remove_orphans(store_path: Path, prefix: str) -> None:
    """Remove the folders ``PREFIX<pid>-...`` of ``store_path`` whose process is no longer running
    (a folder whose name holds no process id stays)."""
    for folder in Path(store_path).glob(f"{prefix}*"):
        pid = folder.name.removeprefix(prefix).partition("-")[0]
        if pid.isdigit() and not process_running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def new_generation(store_path: Path) -> Path:
    """Create and return an empty folder where a build fills the next generation (published by :func:`publish`)."""
    store_path = Path(store_path)
    store_path.mkdir(parents=True, exist_ok=True)
    remove_orphans(store_path, BUILDING_PREFIX)
    return Path(tempfile.mkdtemp(prefix=f"{BUILDING_PREFIX}{os.getpid()}-", dir=store_path))


def discard(generation: Path) -> None:
    """Remove a generation that failed to build."""
    shutil.rmtree(generation, ignore_errors=True)


def _name(store_path: Path, folder: Path) -> Path:
    """Rename a complete build folder to the next free ``gen-N`` (two builds at once each get their own)."""
    while True:
        existing = _generations(store_path)
        target = store_path / f"{GENERATION_PREFIX}{_number(existing[-1]) + 1 if existing else 1}"
        try:
            os.rename(folder, target)  # fails if another build took that name first
        except OSError:
            if not target.exists():
                raise
            continue
        return target


def publish(store_path: Path, folder: Path) -> Path:
    """Make the complete (and closed) build ``folder`` the current generation, atomically; return it.

    Then remove the generations that are neither the new one, nor the one it replaces (the last good
    one), nor open in any process.
    """
    store_path = Path(store_path)
    previous = current_generation(store_path)
    generation = _name(store_path, folder) if folder.name.startswith(BUILDING_PREFIX) else folder
    staging_link = store_path / f".{CURRENT}.new"
    if staging_link.is_symlink() or staging_link.exists():
        staging_link.unlink()
    staging_link.symlink_to(generation.name)
    os.replace(staging_link, store_path / CURRENT)
    keep = {generation.resolve(), previous}
    for old in _generations(store_path):
        if old.resolve() not in keep:
            _remove_unused(old)
    return generation


def _remove_unused(generation: Path) -> None:
    """Remove ``generation`` if no process holds it (the exclusive lock is held while it goes)."""
    try:
        fd = os.open(generation, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:  # open somewhere: it stays, a later build removes it
        os.close(fd)
        return
    try:
        shutil.rmtree(generation, ignore_errors=True)
    finally:
        os.close(fd)
