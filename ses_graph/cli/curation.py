"""The commands of curation: from the data to the store and back (``build``, ``validate``, ``import``,
``contributions``)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .. import build, public
from .. import store as stores
from ..errors import EXIT_DATA, EXIT_OK, UsageError
from ..remote import RemoteStore, publish
from .options import endpoint, open_store, store_option, store_path


def add_build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="parse, validate and load the ontology and the data, atomically")
    p.add_argument("--data", type=Path, action="append", default=None, metavar="DIR",
                   help="data folder or file, repeatable (default: the project's data/): --data data --data DIR")
    p.add_argument("--no-mediators", action="store_true",
                   help="do not write the mediator rankings into the store's mediators named graph")
    p.add_argument("--no-public", action="store_true",
                   help="do not derive the public view (serve --public derives it when it starts)")
    store_option(p)
    p.set_defaults(run=cmd_build)


def add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check syntax, shapes and references; publish nothing")
    p.add_argument("paths", nargs="*", type=Path, help="data files or folders (default: the project's data/)")
    p.set_defaults(run=cmd_validate)


def add_import(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="convert another project's data into Turtle that the build accepts")
    formats = p.add_subparsers(dest="format", required=True, metavar="FORMAT")
    e = formats.add_parser("essglobal", help="the SSE standard CSV of the DigitalCommons / RIPESS mapping pipeline")
    e.add_argument("csv", type=Path, metavar="FILE.csv", help="the CSV file, one initiative a row")
    e.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.ttl",
                   help="the Turtle to write; the entity-resolution candidates go beside it (OUT.candidates.csv)")
    e.add_argument("--dataset", default=None, help="the name in the imported IRIs (default: the CSV's folder name)")
    e.add_argument("--title", default=None, help="title of the file's source record")
    e.add_argument("--publisher", default=None, help="publisher of the file (default: Digital Commons Co-operative)")
    e.add_argument("--licence", default=None, metavar="IRI", help="licence of the file (default: ODC-By 1.0)")
    e.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                   help="date of the file (default: the date its name starts with)")
    e.add_argument("--language", default=None, choices=["en", "fr"], help="language of the file's texts (default: en)")
    e.add_argument("--schemes", type=Path, default=None, metavar="FOLDER",
                   help="the ESSGlobal SKOS schemes (*.skos): the labels of the concepts used are written too")
    e.add_argument("--candidates", type=Path, default=None, metavar="FILE.csv",
                   help="where to write the entity-resolution candidates (default: beside OUT.ttl)")
    store_option(e)
    e.set_defaults(run=cmd_import, public=False)  # entity resolution compares with the whole graph


def add_contributions(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "contributions", help="the writes accepted over HTTP back into data/: export them, then mark them merged"
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    c = actions.add_parser("export", help="write the accepted writes not yet merged as Turtle in the style of data/, "
                                          "one file per kind of fact")
    c.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="the folder to write the files into")
    store_option(c)
    c.set_defaults(run=cmd_contributions_export)
    c = actions.add_parser("mark-merged", help="check that data/ holds the exported writes, then record them as merged "
                                               "(the next build makes only their provenance)")
    c.add_argument("--data", type=Path, action="append", default=None, metavar="DIR",
                   help="curated data folder, repeatable (default: the project's data/)")
    store_option(c)
    c.set_defaults(run=cmd_contributions_mark_merged)


def cmd_build(args: argparse.Namespace) -> int:
    first, *others = args.data or [None]
    report = build.build(store_path(args), data_dir=first, extra=others, progress=True,
                         with_mediators=not args.no_mediators)
    replayed = f" and {report.replayed} journal entries" if report.replayed else ""
    print(
        f"built {report.store}: {report.triples} triples from {report.files} files{replayed} in {report.seconds:.2f} s",
        file=sys.stderr,
    )
    if not args.no_public:
        view = public.build_view(report.store)
        print(f"public view {view.store}: {view.triples} triples, {view.hidden_persons} people without a public "
              f"mandate left out with {view.hidden_nodes} of their facts, in {view.seconds:.2f} s", file=sys.stderr)
    remote = endpoint(args)
    if remote is not None:
        count, requests = publish(stores.open_store(report.store), RemoteStore(remote))
        print(f"loaded {count} triples into {remote.update or remote.query} in {requests} update requests: "
              "into staging graphs, then moved onto the project's graphs in one request (readers see the previous "
              "graphs until then)", file=sys.stderr)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    triples = build.check(args.paths or [build.default_inputs()[1]])
    print(f"valid: {triples} triples", file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Write the Turtle of the CSV's valid rows and the candidates report; exit 1 when rows were rejected."""
    from .. import essglobal, resolution

    if not args.csv.is_file():
        raise UsageError(f"{args.csv}: no such file")
    if args.schemes is not None and not args.schemes.is_dir():
        raise UsageError(f"{args.schemes}: no such folder")
    if args.date is not None and not essglobal.FILE_DATE.fullmatch(args.date):
        raise UsageError(f"--date must be YYYY-MM-DD, not {args.date!r}")
    record = essglobal.SourceRecord(args.dataset or essglobal.dataset_name(args.csv), args.title, args.publisher,
                                    args.licence, args.date, args.language)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record.dataset):
        raise UsageError(f"--dataset must be lowercase letters, digits and hyphens, not {record.dataset!r}")
    found = essglobal.read(args.csv, record)
    if args.schemes is not None:
        found.quads += essglobal.concept_quads(found.concepts, args.schemes)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(essglobal.turtle(found.quads))
    matches = resolution.candidates(open_store(args), found.organisations)
    report = args.candidates or args.output.with_suffix(".candidates.csv")
    report.write_text(resolution.report(matches), encoding="utf-8")
    for problem in found.rejected:
        print(f"ses-graph import: {problem}", file=sys.stderr)
    print(f"ses-graph import: {found.rows} rows read, {len(found.organisations)} written to {args.output}, "
          f"{len(found.rejected)} rejected; {len(matches)} entity-resolution candidate(s) in {report}", file=sys.stderr)
    return EXIT_DATA if found.rejected else EXIT_OK


def cmd_contributions_export(args: argparse.Namespace) -> int:
    from .. import contributions

    report = contributions.export(store_path(args), args.output)
    if not report.entries:
        print("ses-graph contributions export: no accepted write to export (none, or all merged)", file=sys.stderr)
        return EXIT_OK
    for path in report.files:
        print(path)
    named = report.named_graph_quads
    left = f"; {named} quad(s) of named graphs left to the journal" if named else ""
    removed = f"; {len(report.removed)} removed triple(s) to delete from data/ by hand" if report.removed else ""
    print(f"ses-graph contributions export: {len(report.entries)} journal entries in {len(report.files)} file(s)"
          f"{removed}{left}; copy them into data/, then run: ses-graph contributions mark-merged", file=sys.stderr)
    return EXIT_OK


def cmd_contributions_mark_merged(args: argparse.Namespace) -> int:
    from .. import contributions

    ids = contributions.mark_merged(store_path(args), args.data)
    print(f"ses-graph contributions mark-merged: {len(ids)} journal entries recorded as merged"
          + (f" ({ids[0]} to {ids[-1]})" if ids else ""), file=sys.stderr)
    return EXIT_OK


