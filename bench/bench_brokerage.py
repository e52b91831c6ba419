"""Time ses_graph.analysis.brokerage on seeded random directed graphs.

Usage: python bench/bench_brokerage.py

Graphs are G(n, m) directed random graphs with an average out-degree of 10
(m = 10 n) and 4 groups assigned at random. Prints one line per size.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ses_graph.analysis.brokerage import brokerage  # noqa: E402

SIZES = (1_000, 5_000, 20_000)
AVG_OUT_DEGREE = 10
N_GROUPS = 4
REPEATS = 3


def make_graph(n: int, seed: int) -> nx.DiGraph:
    graph = nx.gnm_random_graph(n, AVG_OUT_DEGREE * n, seed=seed, directed=True)
    rng = random.Random(seed)
    nx.set_node_attributes(
        graph, {v: f"g{rng.randrange(N_GROUPS)}" for v in graph}, "group"
    )
    return graph


def main() -> None:
    print(f"brokerage(): G(n, m={AVG_OUT_DEGREE}n) directed, {N_GROUPS} groups, "
          f"best of {REPEATS}")
    for n in SIZES:
        graph = make_graph(n, seed=n)
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            result = brokerage(graph, "group")
            times.append(time.perf_counter() - start)
        total = sum(row["total"] for row in result.values())
        print(f"n={n:>6} m={graph.number_of_edges():>7} "
              f"time={min(times):.3f}s (brokered pairs: {total})")


if __name__ == "__main__":
    main()
