"""Build: parse the ontology and the data with pyoxigraph, validate, and publish the store atomically.

``build`` fills a new store generation, so a failing build (syntax error, shape violation,
dangling reference...) never touches the last good store; ``check`` validates and publishes nothing.
After the curated files, ``build`` replays the journal of accepted writes kept in the store folder
(:mod:`ses_graph.journal`), each entry validated like a write: an entry that no longer validates
against changed curated data fails the build, named with its author, date and problems.
"""

from __future__ import annotations

import gc
import os
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from tqdm import tqdm

from . import store as stores
from . import terms, writes
from .description import dataset_quads
from .errors import DataError, Problem
from .ontology import SHAPES_FILE
from .progress import phase
from .resources import project_dir
from .search_index import search_keys
from .validate import RDF_SUFFIXES, survey_files, validate


@dataclass(frozen=True)
class BuildReport:
    store: Path
    files: int
    triples: int
    seconds: float
    replayed: int = 0


def collect_files(paths: list[Path]) -> list[Path]:
    """The RDF files under ``paths`` (files or folders), each once: in the order of ``paths``, each folder's sorted.

    Not one sort of every path: that order would depend on where the folders are (a data folder named
    ``/srv/a`` read before the ontology, ``/srv/z`` after it), and so would what the build makes of the order
    it reads the files in (the blank nodes' names, the first spelling of a word in the search graph).
    """
    found: dict[Path, None] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.update(dict.fromkeys(sorted(p for p in path.rglob("*") if p.suffix in RDF_SUFFIXES and p.is_file())))
        elif path.is_file():
            found[path] = None
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return list(found)


def _n_quads(path: Path, number: int) -> bytes | Path | list[ox.Quad]:
    """What the bulk loader reads of ``path``: an N-Triples file as it is, a Turtle file converted to
    N-Quads (the shapes file into the shapes graph; nothing when it has a syntax error, which the
    survey reports with its place). A Turtle file with blank nodes gives its quads instead, each blank
    node named by its file's ``number`` and its order in the file (:func:`_named_blanks`), to be added as they are."""
    if path.suffix == ".nt":
        return path
    try:
        quads: Iterable[ox.Quad] = ox.parse(path=str(path), format=RDF_SUFFIXES[path.suffix], lenient=True)
        if path.name == SHAPES_FILE:
            quads = (ox.Quad(q.subject, q.predicate, q.object, terms.SHAPES_GRAPH) for q in quads)
        parsed = list(quads)
        if any(isinstance(term, ox.BlankNode) for q in parsed for term in (q.subject, q.object)):
            return list(_named_blanks(parsed, f"f{number}b"))
        body = ox.serialize(parsed, format=ox.RdfFormat.N_QUADS)
        assert body is not None  # no output given: the bytes
        return body
    except SyntaxError:
        return b""


def _named_blanks(quads: list[ox.Quad], prefix: str) -> Iterator[ox.Quad]:
    """``quads`` with each blank node named ``prefix`` + its order of appearance. A parser names them at random,
    and so does the bulk loader: named here and added as they are, the same files give byte-identical dumps."""
    names: dict[ox.BlankNode, ox.BlankNode] = {}

    def named(term: ox.BlankNode) -> ox.BlankNode:
        return names.get(term) or names.setdefault(term, ox.BlankNode(f"{prefix}{len(names)}"))

    for q in quads:
        subject, obj = q.subject, q.object
        if isinstance(subject, ox.BlankNode) or isinstance(obj, ox.BlankNode):
            yield ox.Quad(named(subject) if isinstance(subject, ox.BlankNode) else subject, q.predicate,
                          named(obj) if isinstance(obj, ox.BlankNode) else obj, q.graph_name)
        else:
            yield q


def _send(pipe: int, source: BinaryIO, bar: tqdm) -> None:
    """Copy the whole file ``source`` into ``pipe`` by ``sendfile``, which runs without the GIL."""
    size, offset = os.fstat(source.fileno()).st_size, 0
    while offset < size:
        sent = os.sendfile(pipe, source.fileno(), offset, size - offset)
        offset += sent
        bar.update(sent)


def _feed(pipe: int, parts: list[bytes | Path], bar: tqdm, last: Future[BinaryIO | None] | None) -> None:
    """Write ``parts`` into ``pipe`` with system calls that run without the GIL (the survey holds it meanwhile), then
    the file that ``last`` gives when it is ready (closed once written)."""
    try:
        for part in parts:
            if isinstance(part, Path):
                with part.open("rb") as f:
                    _send(pipe, f, bar)
                part = b"\n"
            view = memoryview(part)
            while view:
                written = os.write(pipe, view)
                view = view[written:]
                bar.update(written)
        spool = last.result() if last is not None else None
        if spool is not None:
            with spool:
                _send(pipe, spool, bar)
    except BrokenPipeError:  # the loader stopped: its own error is reported
        pass
    finally:
        os.close(pipe)


def load_files(store: ox.Store, files: list[Path], *, progress: bool = False,
               last: Future[BinaryIO | None] | None = None) -> None:
    """Bulk-load ``files`` into ``store`` in one go, parsing leniently (the survey checks the syntax), and then the
    N-Quads file that ``last`` gives, once it is ready (the build's search keys, made by the survey; None: none).

    One bulk load rather than one per file: a store written by several loads keeps overlapping
    files that make every later query slower (``bench/README.md``). The files reach the loader
    through a pipe, which it reads without holding the GIL, so the survey runs meanwhile.
    """
    converted = [_n_quads(f, number) for number, f in enumerate(files) if f.suffix in RDF_SUFFIXES]
    parts = [part for part in converted if not isinstance(part, list)]
    read_end, write_end = os.pipe()
    total = sum(p.stat().st_size + 1 if isinstance(p, Path) else len(p) for p in parts)
    with phase("loading", progress, total=total, unit="B") as bar:
        feeder = threading.Thread(target=_feed, args=(write_end, parts, bar, last), name="ses-graph-feed")
        feeder.start()
        try:
            store.bulk_load(path=f"/dev/fd/{read_end}", format=ox.RdfFormat.N_QUADS, lenient=True)
        finally:
            os.close(read_end)  # a feeder still writing gets a broken pipe
            feeder.join()
    for part in converted:
        if isinstance(part, list):  # the files with blank nodes, named
            store.bulk_extend(part)


@contextmanager
def _uncollected() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a step that makes millions of objects and frees few:
    collecting would only rescan them (restored as it was found)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _survey_and_validate(files: list[Path], keys: Future[BinaryIO | None], progress: bool = False) -> list[Problem]:
    """Every problem of ``files`` (syntax errors alone if there are any); ``keys``: given the search keys, as an
    N-Quads file, as soon as the survey has read the labels, before validation (None when there are syntax errors).
    A temporary file rather than bytes: at 200k organisations they would be 110 MB more in memory while validation
    holds its own peak beside the loader's."""
    with _uncollected():  # the survey makes a million tuples and frees none
        with phase("survey", progress, total=sum(f.stat().st_size for f in files), unit="B", position=1) as bar:
            survey, problems = survey_files(files, bar)
        if problems:
            return problems
        with phase("search keys", progress, unit="keys", position=1) as bar:
            spool, made = tempfile.TemporaryFile(), 0
            made_keys = search_keys(survey.labels())
            while quads := list(islice(made_keys, 65536)):  # written as they are made, not all kept
                ox.serialize(quads, spool, format=ox.RdfFormat.N_QUADS)
                made += len(quads)
            keys.set_result(spool)
            bar.update(made)
            survey.forget_labels()
        with phase("validation", progress, unit="pairs", position=1) as bar:
            problems = validate(survey)
            bar.update(sum(len(pairs) for pairs in survey.pairs.values()))
        return problems


def mediator_quads(store: ox.Store) -> list[ox.Quad]:
    """The mediator rankings (organisations and people) as quads of the mediators named graph; a store passed as a
    temporary is freed once the network is read from it."""
    from .analysis import CANDIDATE_KINDS, graphs, mediators

    with _uncollected():  # the network, claims and quads: millions of objects, none freed before the end
        network = graphs.network(store)
        del store  # the caller's temporary (the build's copy in memory): not kept beside the ranking
        ranked = mediators.rankings(network, CANDIDATE_KINDS)
        return [q for entries in ranked.values() for q in mediators.to_quads(entries)]


def _network_copy(files: list[Path], journal_of: Path | None) -> ox.Store:
    """What the new generation will hold for the network's queries, in memory: ``files`` and the journal of the store
    folder ``journal_of`` (the search keys left out: the network does not read them).

    The mediator step reads its network from this copy, not from the generation on disk: there pyoxigraph reads
    every IRI of a result from RocksDB, and the network's three queries take seven to ten times longer (16.2 against
    3.6 s for ``graphs.network`` at 10k, ``bench/README.md``). Loading it costs 2.6 s at 10k, made while the
    generation's own load still runs.
    """
    copy = ox.Store()
    load_files(copy, files)
    if journal_of is not None:
        writes.replay(copy, journal_of)
    return copy


def _fill(store: ox.Store, files: list[Path], progress: bool, with_mediators: bool = False,
          journal_of: Path | None = None) -> int:
    """Load ``files`` into ``store`` while, on the other core, surveying and validating them, then computing the
    mediators on a copy in memory (:func:`_network_copy`); replay the journal of the store folder ``journal_of``;
    add the derived graphs. Return how many journal entries were made."""
    keys: Future[BinaryIO | None] = Future()  # into the same bulk load as the files, after them: one set of index files
    mediators: list[ox.Quad] = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        loading = pool.submit(load_files, store, files, progress=progress, last=keys)
        try:
            problems = _survey_and_validate(files, keys, progress)
            if with_mediators and not problems:
                with phase("mediators", progress, unit="quads", position=1) as bar:
                    mediators = mediator_quads(_network_copy(files, journal_of))
                    bar.update(len(mediators))
        finally:
            if not keys.done():  # syntax errors, or the survey failed: the loader waits for nothing more
                keys.set_result(None)
            failure = loading.exception()
    if problems:
        raise DataError(problems)
    if failure is not None:
        raise failure
    replayed = writes.replay(store, journal_of) if journal_of is not None else 0
    store.bulk_extend(mediators)
    with phase("compaction", progress, unit="quads") as bar:
        # Before the description: its count of the entities looks up the text of every typed subject's IRI, 2.5 times
        # faster on the compacted store (1.4 against 4.0 CPU s at 50k organisations); the compaction after it then
        # has little left to merge (0.5 against 1.2 s).
        store.optimize()
        store.bulk_extend(dataset_quads(store))  # last: it counts what the others wrote
        store.optimize()  # merge the description's files with the others': queries on the result are faster
        bar.update(len(store))
    return replayed


def default_inputs(data_dir: Path | None = None, ontology_dir: Path | None = None) -> list[Path]:
    return [ontology_dir or project_dir("ontology"), data_dir or project_dir("data")]


def build(store_path: Path, *, data_dir: Path | None = None, ontology_dir: Path | None = None,
          extra: Iterable[Path] = (), progress: bool = False, with_mediators: bool = False) -> BuildReport:
    """Parse, validate and load the ontology and the data into a new generation, then publish it.

    ``with_mediators`` also writes the mediator rankings into the named graph ``terms.MEDIATORS_GRAPH``
    (the command line does so by default), so that SPARQL users can query the scores.
    """
    started = time.perf_counter()
    files = collect_files([*default_inputs(data_dir, ontology_dir), *extra])
    generation = stores.new_generation(store_path)
    try:
        store = ox.Store(str(generation))
        replayed = _fill(store, files, progress, with_mediators, journal_of=Path(store_path))
        triples = len(store)
        store.flush()
        del store
    except BaseException:
        stores.discard(generation)
        raise
    stores.publish(store_path, generation)
    return BuildReport(Path(store_path), len(files), triples, time.perf_counter() - started, replayed)


def check(paths: list[Path], *, ontology_dir: Path | None = None) -> int:
    """Validate the ontology plus ``paths``, publishing nothing; return the number of distinct triples or raise
    DataError."""
    files = collect_files([ontology_dir or project_dir("ontology"), *paths])
    survey, problems = survey_files(files, keep_literals=True)
    if problems or (problems := validate(survey)):
        raise DataError(problems)
    return sum(len(set(pairs)) for pairs in survey.pairs.values()) + len(survey.shapes)


def ensure_built(store_path: Path, *, progress: bool = True) -> None:
    """Build the default store when none exists yet (commands that read a store call this)."""
    if not stores.exists(store_path):
        build(store_path, progress=progress, with_mediators=True)
