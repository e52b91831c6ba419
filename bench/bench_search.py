"""The named query entity-search, uncached, on a built store: what people type, and the size of the search graph.

Usage: python bench/bench_search.py STORE [--size 10k] [--sample 40] [--repeats 3] [--rows FILE] [--against FILE]

The texts: the spellings of ``tests/search_spellings.json`` and, from the generated ecosystem of
``--size`` (``bench/work/SIZE/ecosystem.nt``, read only), ``--sample`` labels drawn with a fixed
seed, each as written, with a letter left out, by its first two words, and its first three words in
the reverse order. Each text is run ``--repeats`` times in this process (``queries.run``, every row
read; the best of the repeats counts); printed: the median, the 90th centile and the largest time
(ms), the rows of each text in a JSON file (``--rows FILE``), compared with those of another run
(``--against FILE``: how many texts give the same first entity, and the same rows), the quads of the
search graph, and the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ses_graph import queries, terms  # noqa: E402
from ses_graph import store as stores  # noqa: E402

LABEL = re.compile(r'^<https://w3id\.org/ses-graph/id/[^>]*> <http://www\.w3\.org/2000/01/rdf-schema#label> '
                   r'"((?:[^"\\]|\\.)*)"')


def texts(size: str, sample: int) -> list[str]:
    spellings = json.loads((ROOT / "tests" / "search_spellings.json").read_text(encoding="utf-8"))["spellings"]
    found = [row["typed"] for row in spellings]
    source = ROOT / "bench" / "work" / size / "ecosystem.nt"
    if source.exists():
        with source.open(encoding="utf-8") as lines:
            labels = [m.group(1) for line in lines if (m := LABEL.match(line))]
        pick = random.Random(1)
        for label in pick.sample(labels, sample):
            words, at = label.split(), pick.randrange(len(label))
            found += [label, label[:at] + label[at + 1:], " ".join(words[:2]), " ".join(reversed(words[:3]))]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--size", default="10k")
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rows", type=Path, help="write the rows of every text (entity, match) to this JSON file")
    parser.add_argument("--against", type=Path, help="compare the rows with those written by another run (--rows)")
    args = parser.parse_args()
    store = stores.open_store(args.store)
    query = queries.get("entity-search")
    print(f"# load average before: {os.getloadavg()}", file=sys.stderr)
    times, rows = [], {}
    for text in texts(args.size, args.sample):
        best = float("inf")
        for _ in range(args.repeats):
            started = time.perf_counter()
            found = [(r["entity"].value.removeprefix(terms.ID), int(r["match"].value))
                     for r in queries.run(store, query, {"q": text})]
            best = min(best, time.perf_counter() - started)
        times.append(best * 1000)
        rows[text] = found
    times.sort()
    search = sum(1 for _ in store.quads_for_pattern(None, None, None, terms.SEARCH_GRAPH))
    print(f"{len(times)} texts: median {statistics.median(times):.1f} ms, p90 {times[int(len(times) * 0.9)]:.1f} ms, "
          f"max {times[-1]:.1f} ms; search graph {search:,} quads of {len(store):,}")
    print(f"# load average after: {os.getloadavg()}", file=sys.stderr)
    if args.rows:
        args.rows.write_text(json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8")
    if args.against:
        compare(rows, json.loads(args.against.read_text(encoding="utf-8")))


def compare(rows: dict[str, list], before: dict[str, list]) -> None:
    """Print how many texts give the same first entity and the same rows (entity and rank, in order) as ``before``,
    and the texts whose first entity differs."""
    common = [text for text in rows if text in before]
    first = [text for text in common if [tuple(r) for r in rows[text][:1]] == [tuple(r) for r in before[text][:1]]]
    same = [text for text in common if [tuple(r) for r in rows[text]] == [tuple(r) for r in before[text]]]
    print(f"against the other run: {len(common)} texts in both, the same first entity for {len(first)}, "
          f"the same rows for {len(same)}")
    for text in common:
        if text not in first:
            print(f"  first entity differs: {text!r}: {rows[text][:1]} against {before[text][:1]}")


if __name__ == "__main__":
    main()
