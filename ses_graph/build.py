"""Build: parse the ontology and the data with pyoxigraph, validate, and publish the store atomically.

``build`` fills a new store generation, so a failing build (syntax error, shape violation,
dangling reference...) never touches the last good store; ``check`` does the same work in a
temporary store and publishes nothing.
"""

from __future__ import annotations

import gc
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from tqdm import tqdm

from . import store as stores
from . import terms
from .errors import DataError, Problem
from .resources import project_dir
from .search import search_keys
from .validate import Survey, validate

RDF_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
SHAPES_FILE = "shapes.ttl"
BULK_THRESHOLD = 4 * 1024 * 1024  # bytes: bigger files go through the bulk loader, smaller ones through a transaction


@dataclass(frozen=True)
class BuildReport:
    store: Path
    files: int
    triples: int
    seconds: float


def collect_files(paths: list[Path]) -> list[Path]:
    """The RDF files under ``paths`` (files or folders), sorted, each once."""
    found: set[Path] = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.suffix in RDF_SUFFIXES and p.is_file())
        elif path.is_file():
            found.add(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return sorted(found)


def _graph_for(path: Path):
    return terms.SHAPES_GRAPH if path.name == SHAPES_FILE else ox.DefaultGraph()


def load_files(store: ox.Store, files: list[Path], *, progress: bool = False) -> list[Problem]:
    """Bulk-load every file into ``store``; return every syntax error (file, line, column), not only the first."""
    problems = []
    total = sum(f.stat().st_size for f in files)
    with tqdm(total=total, unit="B", unit_scale=True, desc="loading", disable=not progress, delay=0.5, file=sys.stderr) as bar:
        for path in files:
            fmt = RDF_SUFFIXES.get(path.suffix)
            if fmt is None:
                problems.append(Problem(str(path), 0, 0, "", "", f"unsupported file type {path.suffix!r} (use .ttl or .nt)"))
                continue
            try:
                loader = store.bulk_load if path.stat().st_size > BULK_THRESHOLD else store.load
                loader(path=str(path), format=fmt, to_graph=_graph_for(path))
            except SyntaxError as error:
                message = str(error.msg) if hasattr(error, "msg") else str(error)
                problems.append(Problem(str(path), error.lineno or 0, error.offset or 0, "", "", message))
            bar.update(path.stat().st_size)
    return problems


def mediator_quads(store: ox.Store) -> list[ox.Quad]:
    """The mediator rankings (organisations and people) as quads of the mediators named graph."""
    from .analysis import graphs, mediators

    network = graphs.network(store)
    return [q for kind in ("organisation", "person") for q in mediators.to_quads(mediators.ranking(network, kind))]


def survey_files(files: list[Path]) -> Survey:
    """Read every triple of ``files`` once, for validation (:mod:`ses_graph.validate`)."""
    survey = Survey()
    for path in files:
        if path.suffix in RDF_SUFFIXES:
            survey.read(path, RDF_SUFFIXES[path.suffix], shapes=path.name == SHAPES_FILE)
    return survey


def _fill(store: ox.Store, files: list[Path], progress: bool, with_mediators: bool = False) -> None:
    """Load ``files`` into ``store`` and, on the other core meanwhile, survey and validate them."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        loading = pool.submit(load_files, store, files, progress=progress)  # pyoxigraph releases the GIL
        collecting = gc.isenabled()
        gc.disable()  # the survey makes a million tuples and frees none: collecting would only rescan them
        try:
            survey = survey_files(files)
            problems = validate(survey, files)
            keys = search_keys(survey.labels())
            del survey
        finally:
            if collecting:
                gc.enable()
            syntax = loading.result()
    if syntax or problems:
        raise DataError(syntax or problems)
    store.bulk_extend(keys)
    if with_mediators:
        store.bulk_extend(mediator_quads(store))


def default_inputs(data_dir: Path | None = None, ontology_dir: Path | None = None) -> list[Path]:
    return [ontology_dir or project_dir("ontology"), data_dir or project_dir("data")]


def build(store_path: Path, *, data_dir: Path | None = None, ontology_dir: Path | None = None,
          extra: list[Path] = (), progress: bool = False, with_mediators: bool = False) -> BuildReport:
    """Parse, validate and load the ontology and the data into a new generation, then publish it.

    ``with_mediators`` also writes the mediator rankings into the named graph ``terms.MEDIATORS_GRAPH``
    (the command line does so by default), so that SPARQL users can query the scores.
    """
    started = time.perf_counter()
    files = collect_files([*default_inputs(data_dir, ontology_dir), *extra])
    generation = stores.new_generation(store_path)
    try:
        store = ox.Store(str(generation))
        _fill(store, files, progress, with_mediators)
        triples = len(store)
        store.flush()
        del store
    except BaseException:
        stores.discard(generation)
        raise
    stores.publish(store_path, generation)
    return BuildReport(Path(store_path), len(files), triples, time.perf_counter() - started)


def check(paths: list[Path], *, ontology_dir: Path | None = None, progress: bool = False) -> int:
    """Validate the ontology plus ``paths`` in a throw-away in-memory store; return the triple count or raise DataError."""
    files = collect_files([ontology_dir or project_dir("ontology"), *paths])
    store = ox.Store()  # in memory: nothing to clean up, nothing published
    _fill(store, files, progress)
    return len(store)


def ensure_built(store_path: Path, *, progress: bool = True) -> None:
    """Build the default store when none exists yet (commands that read a store call this)."""
    if not stores.exists(store_path):
        build(store_path, progress=progress, with_mediators=True)
