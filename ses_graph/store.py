"""The on-disk pyoxigraph store, replaced atomically by each successful build.

A store path is a folder holding numbered generations (``gen-1``, ``gen-2``...) and a symbolic
link ``current`` to the last good one. A build fills a new generation, validates it, and only then
swaps the link with one ``rename``: a build that fails leaves ``current`` untouched and answering.
The previous generation is kept, so that a server that still has it open keeps answering.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox

CURRENT = "current"
GENERATION_PREFIX = "gen-"
KEEP_GENERATIONS = 2


def current_generation(store_path: Path) -> Path | None:
    """The folder of the last good generation, or None if the store was never built."""
    link = Path(store_path) / CURRENT
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def exists(store_path: Path) -> bool:
    return current_generation(store_path) is not None


def open_store(store_path: Path, *, read_only: bool = True) -> ox.Store:
    """Open the current generation of the store (read-only by default)."""
    generation = current_generation(store_path)
    if generation is None:
        raise FileNotFoundError(f"no store built at {store_path}")
    return ox.Store.read_only(str(generation)) if read_only else ox.Store(str(generation))


def _generations(store_path: Path) -> list[Path]:
    found = [p for p in Path(store_path).glob(f"{GENERATION_PREFIX}*") if p.name[len(GENERATION_PREFIX):].isdigit()]
    return sorted(found, key=lambda p: int(p.name[len(GENERATION_PREFIX):]))


def new_generation(store_path: Path) -> Path:
    """Create and return an empty folder for the next generation."""
    store_path = Path(store_path)
    store_path.mkdir(parents=True, exist_ok=True)
    existing = _generations(store_path)
    number = int(existing[-1].name[len(GENERATION_PREFIX):]) + 1 if existing else 1
    folder = store_path / f"{GENERATION_PREFIX}{number}"
    folder.mkdir()
    return folder


def discard(generation: Path) -> None:
    """Remove a generation that failed to build."""
    shutil.rmtree(generation, ignore_errors=True)


def publish(store_path: Path, generation: Path) -> None:
    """Make ``generation`` the current one, atomically, and drop generations older than the previous one."""
    store_path = Path(store_path)
    staging_link = store_path / f".{CURRENT}.new"
    if staging_link.is_symlink() or staging_link.exists():
        staging_link.unlink()
    staging_link.symlink_to(generation.name)
    os.replace(staging_link, store_path / CURRENT)
    keep = {generation.resolve()}
    for old in reversed(_generations(store_path)):
        if old.resolve() in keep:
            continue
        if len(keep) < KEEP_GENERATIONS and int(old.name[len(GENERATION_PREFIX):]) < int(generation.name[len(GENERATION_PREFIX):]):
            keep.add(old.resolve())
            continue
        shutil.rmtree(old, ignore_errors=True)
