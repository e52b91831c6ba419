"""Tests of ses_graph.analysis.brokerage (Gould & Fernandez brokerage roles).

The reference is R's ``sna::brokerage(g, cl)$raw.nli``. The R comparison
tests run one ``Rscript`` process for all graphs and are skipped when
``Rscript`` or the sna package is missing (set ``SES_GRAPH_REQUIRE_R=1`` to
make that a failure instead).
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
from itertools import permutations

import networkx as nx
import pytest

from ses_graph.analysis.brokerage import ROLES, brokerage

KEYS = ROLES + ("total",)
R_COLUMNS = ("w_I", "w_O", "b_IO", "b_OI", "b_O", "t")  # same order as KEYS


def row(coordinator=0, itinerant=0, representative=0, gatekeeper=0, liaison=0):
    counts = dict(coordinator=coordinator, itinerant=itinerant,
                  representative=representative, gatekeeper=gatekeeper,
                  liaison=liaison)
    counts["total"] = sum(counts.values())
    return counts


ZERO = row()


def naive(graph, groups):
    """Direct transcription of the definition: every two-path a -> b -> c."""
    succ = {v: set() for v in graph}
    for u, v in graph.edges():
        if u != v:
            succ[u].add(v)
            if not graph.is_directed():
                succ[v].add(u)
    out = {v: dict.fromkeys(KEYS, 0) for v in graph}
    for a in graph:
        for b in succ[a]:
            for c in succ[b]:
                if c == a or c in succ[a]:
                    continue
                ga, gb, gc = groups[a], groups[b], groups[c]
                if ga == gb:
                    role = "coordinator" if gb == gc else "representative"
                elif gb == gc:
                    role = "gatekeeper"
                elif ga == gc:
                    role = "itinerant"
                else:
                    role = "liaison"
                out[b][role] += 1
                out[b]["total"] += 1
    return out


# --------------------------------------------------------------------------
# Hand-checked graphs
# --------------------------------------------------------------------------


def test_reciprocal_star_centre_is_only_broker():
    # Centre c (group A) tied both ways to leaves a1, a2 (A) and b1, b2 (B).
    # Leaves are not tied to each other, so c brokers every ordered pair of
    # distinct leaves (4 * 3 = 12): (a1,a2),(a2,a1) A->A->A coordinator;
    # (b1,b2),(b2,b1) B->A->B itinerant; 4 pairs A->A->B representative;
    # 4 pairs B->A->A gatekeeper. Leaves have a single neighbour: no pair.
    g = nx.star_graph(["c", "a1", "a2", "b1", "b2"]).to_directed()
    groups = {"c": "A", "a1": "A", "a2": "A", "b1": "B", "b2": "B"}
    res = brokerage(g, groups)
    assert res["c"] == row(coordinator=2, itinerant=2, representative=4, gatekeeper=4)
    for leaf in ("a1", "a2", "b1", "b2"):
        assert res[leaf] == ZERO


def test_in_out_star():
    # l1, l2 -> c -> r1, r2, r3, all one group: 2 * 3 coordinator pairs.
    g = nx.DiGraph([("l1", "c"), ("l2", "c"), ("c", "r1"), ("c", "r2"), ("c", "r3")])
    res = brokerage(g, dict.fromkeys(g, "g"))
    assert res["c"] == row(coordinator=6)
    assert all(res[v] == ZERO for v in g if v != "c")


@pytest.mark.parametrize(
    "groups, expected",
    [
        (("x", "x", "x"), row(coordinator=1)),  # A -> A -> A
        (("x", "y", "x"), row(itinerant=1)),  # A -> B -> A: broker outside
        (("x", "x", "y"), row(representative=1)),  # broker in source's group
        (("x", "y", "y"), row(gatekeeper=1)),  # broker in target's group
        (("x", "y", "z"), row(liaison=1)),  # three groups
    ],
)
def test_path_each_role(groups, expected):
    # a -> b -> c, no a -> c: b brokers exactly the ordered pair (a, c).
    g = nx.DiGraph([("a", "b"), ("b", "c")])
    res = brokerage(g, dict(zip("abc", groups, strict=True)))
    assert res["b"] == expected
    assert res["a"] == res["c"] == ZERO


def test_closed_triad_is_not_brokerage():
    # a -> b -> c with a -> c: a already reaches c, nothing to broker.
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")])
    assert all(r == ZERO for r in brokerage(g, dict.fromkeys(g, 1)).values())


def test_reverse_edge_does_not_close():
    # c -> a does not close a -> b -> c; c -> a -> b is itself a two-path
    # brokered by a, and b -> c -> a one brokered by c (a directed 3-cycle).
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    res = brokerage(g, {"a": "x", "b": "y", "c": "x"})
    assert res["b"] == row(itinerant=1)  # a -> b -> c: x y x
    assert res["c"] == row(gatekeeper=1)  # b -> c -> a: y x x
    assert res["a"] == row(representative=1)  # c -> a -> b: x x y


def test_reciprocated_ties_count_both_directions():
    # a <-> b <-> c, a and c not adjacent: b brokers (a, c) and (c, a);
    # a -> b -> a is not a two-path between distinct nodes.
    g = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "b")])
    res = brokerage(g, {"a": "x", "b": "x", "c": "y"})
    assert res["b"] == row(representative=1, gatekeeper=1)
    assert res["a"] == res["c"] == ZERO


def test_mutual_dyad_has_no_brokerage():
    g = nx.DiGraph([("a", "b"), ("b", "a")])
    assert brokerage(g, dict.fromkeys(g, 0)) == {"a": ZERO, "b": ZERO}


def test_undirected_path():
    g = nx.Graph([("a", "b"), ("b", "c")])
    res = brokerage(g, {"a": "x", "b": "y", "c": "x"})
    assert res["b"] == row(itinerant=2)


def test_multiedges_and_self_loops_ignored():
    g = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "b"), ("b", "c"), ("c", "c")])
    res = brokerage(g, dict.fromkeys(g, 0))
    assert res["b"] == row(coordinator=1)


def test_group_attribute_name_and_order():
    g = nx.DiGraph([(3, 2), (2, 1)])
    nx.set_node_attributes(g, {1: "u", 2: "v", 3: "u"}, "sector")
    res = brokerage(g, "sector")
    assert list(res) == [1, 2, 3]
    assert res[2] == row(itinerant=1)
    assert list(brokerage(g, "sector", nodes=[2, 3])) == [2, 3]


def test_unsortable_nodes_keep_graph_order():
    g = nx.DiGraph([("a", 1), (1, ("t",))])
    res = brokerage(g, dict.fromkeys(g, 0))
    assert list(res) == ["a", 1, ("t",)]
    assert res[1] == row(coordinator=1)


def test_missing_group_attribute_raises():
    g = nx.DiGraph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(g, {"a": 1, "b": 2}, "sector")
    with pytest.raises(ValueError, match="'c'"):
        brokerage(g, "sector")
    with pytest.raises(ValueError, match="'b'"):
        brokerage(g, {"a": 1, "c": 2})


def test_unknown_broker_raises():
    g = nx.DiGraph([("a", "b")])
    with pytest.raises(ValueError, match="'z'"):
        brokerage(g, dict.fromkeys(g, 0), nodes=["z"])


# --------------------------------------------------------------------------
# Random graphs: oracle and invariants
# --------------------------------------------------------------------------


def random_case(rng, *, directed=True):
    """(n, edge list, group list) with optional self-loops and duplicates."""
    n = rng.randint(5, 60)
    density = rng.choice([0.02, 0.05, 0.1, 0.2, 0.35, 0.6, 0.9])
    n_groups = rng.randint(1, 5)
    edges = [
        (u, v)
        for u in range(n)
        for v in (range(n) if directed else range(u, n))
        if (u != v or rng.random() < 0.05) and rng.random() < density
    ]
    edges += rng.sample(edges, min(len(edges), rng.randint(0, 5)))  # duplicates
    groups = [f"g{rng.randrange(n_groups)}" for _ in range(n)]
    return n, edges, groups


def build(n, edges, *, directed=True):
    g = nx.MultiDiGraph() if directed else nx.MultiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    return g


def simple_digraph(n, edges, *, directed=True):
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    for u, v in edges:
        if u != v:
            g.add_edge(u, v)
            if not directed:
                g.add_edge(v, u)
    return g


RANDOM_SEEDS = range(60)


@pytest.mark.parametrize("seed", RANDOM_SEEDS)
def test_random_graphs_match_oracle_and_invariants(seed):
    rng = random.Random(seed)
    directed = seed % 3 != 0
    n, edges, groups = random_case(rng, directed=directed)
    g = build(n, edges, directed=directed)
    cl = dict(enumerate(groups))
    res = brokerage(g, cl)

    assert res == naive(g, cl)
    for counts in res.values():
        assert sum(counts[r] for r in ROLES) == counts["total"]
        assert all(isinstance(counts[k], int) and counts[k] >= 0 for k in KEYS)

    # Parallel edges and self-loops do not matter; an undirected graph is the
    # digraph with both directions.
    assert brokerage(simple_digraph(n, edges, directed=directed), cl) == res

    # Renaming groups by a bijection changes nothing.
    labels = sorted(set(groups))
    renamed = dict(zip(labels, rng.sample(range(100), len(labels)), strict=True))
    assert brokerage(g, {v: renamed[gr] for v, gr in cl.items()}) == res

    # Relabelling nodes permutes the rows; attribute name == mapping.
    perm = dict(zip(range(n), rng.sample(range(n), n), strict=True))
    h = nx.relabel_nodes(g, perm)
    nx.set_node_attributes(h, {perm[v]: gr for v, gr in cl.items()}, "grp")
    res_h = brokerage(h, "grp")
    assert all(res_h[perm[v]] == res[v] for v in range(n))

    # Restricting the reported brokers does not change their counts.
    subset = rng.sample(range(n), 3)
    assert brokerage(g, cl, nodes=subset) == {v: res[v] for v in subset}


def test_all_group_permutations_small():
    rng = random.Random(7)
    n, edges, _ = random_case(rng)
    g = build(n, edges)
    base = [i % 3 for i in range(n)]
    ref = brokerage(g, dict(enumerate(base)))
    for perm in permutations("abc"):
        assert brokerage(g, {v: perm[x] for v, x in enumerate(base)}) == ref


# --------------------------------------------------------------------------
# Comparison with R's sna::brokerage
# --------------------------------------------------------------------------

N_R_DIRECTED = 200
N_R_UNDIRECTED = 40
R_CASES = [("d", s) for s in range(N_R_DIRECTED)]
R_CASES += [("u", s) for s in range(N_R_UNDIRECTED)]

R_SCRIPT = r"""
suppressPackageStartupMessages(library(sna))
dir <- commandArgs(trailingOnly = TRUE)[1]
# Example of ?brokerage (a random digraph on 15 nodes, 3 groups), seeded.
set.seed(1989)
g <- rgraph(15)
cl <- rep(1:3, 5)
write.csv(g, file.path(dir, "example.adj.csv"), row.names = FALSE)
writeLines(as.character(cl), file.path(dir, "example.groups"))
out <- brokerage(g, cl)$raw.nli
write.csv(out, file.path(dir, "example.out.csv"), row.names = FALSE)
for (f in list.files(dir, pattern = "^case_.*\\.edges$")) {
  stem <- sub("\\.edges$", "", f)
  cl <- readLines(file.path(dir, paste0(stem, ".groups")))
  n <- length(cl)
  e <- scan(file.path(dir, f), what = integer(), quiet = TRUE)
  e <- matrix(e, ncol = 2, byrow = TRUE)
  adj <- matrix(0, n, n)
  adj[e] <- 1
  out <- brokerage(adj, cl)$raw.nli
  write.csv(out, file.path(dir, paste0(stem, ".out.csv")), row.names = FALSE)
}
"""


def r_case(kind, seed):
    rng = random.Random(10_000 + seed if kind == "d" else 20_000 + seed)
    return random_case(rng, directed=kind == "d")


def read_r_table(path):
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == R_COLUMNS
        return [
            {key: int(float(rec[col])) for key, col in zip(KEYS, R_COLUMNS, strict=True)}
            for rec in reader
        ]


def _skip_or_fail(reason):
    if os.environ.get("SES_GRAPH_REQUIRE_R"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def r_dir(tmp_path_factory):
    """Write every case, run sna::brokerage on all of them in one Rscript."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        _skip_or_fail("Rscript not found (apt-get install r-base-core r-cran-sna)")
    probe = subprocess.run(
        [rscript, "-e", "quit(status = !requireNamespace('sna', quietly = TRUE))"],
        capture_output=True, text=True, timeout=120,
    )
    if probe.returncode != 0:
        _skip_or_fail("R package sna not installed (apt-get install r-cran-sna)")
    d = tmp_path_factory.mktemp("sna_brokerage")
    for kind, seed in R_CASES:
        n, edges, groups = r_case(kind, seed)
        pairs = set(edges) | ({(v, u) for u, v in edges} if kind == "u" else set())
        (d / f"case_{kind}{seed:03d}.edges").write_text(
            "".join(f"{u + 1} {v + 1}\n" for u, v in sorted(pairs))
        )
        (d / f"case_{kind}{seed:03d}.groups").write_text(
            "".join(f"{x}\n" for x in groups)
        )
    (d / "run.R").write_text(R_SCRIPT)
    proc = subprocess.run(
        [rscript, "--vanilla", str(d / "run.R"), str(d)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return d


def test_r_help_page_example(r_dir):
    with open(r_dir / "example.adj.csv", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    g = nx.DiGraph()
    g.add_nodes_from(range(len(rows)))
    g.add_edges_from(
        (i, j) for i, r in enumerate(rows) for j, x in enumerate(r) if float(x) != 0
    )
    groups = (r_dir / "example.groups").read_text().split()
    res = brokerage(g, dict(enumerate(groups)))
    expected = read_r_table(r_dir / "example.out.csv")
    assert g.number_of_edges() > 50
    assert sum(r["total"] for r in expected) > 0
    assert [res[v] for v in range(len(rows))] == expected


@pytest.mark.parametrize("kind, seed", R_CASES, ids=[f"{k}{s}" for k, s in R_CASES])
def test_r_random_graphs(r_dir, kind, seed):
    n, edges, groups = r_case(kind, seed)
    g = build(n, edges, directed=kind == "d")
    res = brokerage(g, dict(enumerate(groups)))
    expected = read_r_table(r_dir / f"case_{kind}{seed:03d}.out.csv")
    assert [res[v] for v in range(n)] == expected
