"""Time the advocacy map: building the page in Python, then drawing it in headless Chromium.

Usage: python bench/bench_map.py [--sizes 1000,10000] [--repeats 3]

Maps: the real curated graph, and generated graphs of about N entities (instances at every level,
organisations with two seats each, people with one membership each, one action per ten entities;
tests/cartography/mapgraphs.py). "ready" is the time from navigation start to the first frame drawn
by vis-network (``sesMap.readyAt``), the median of the repeats, each in a fresh page of one browser.
Needs /usr/bin/chromium and the playwright package (pip install -e ".[test]").
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "cartography"))

from mapgraphs import CHROMIUM, CHROMIUM_ARGS, generated_ntriples, load  # noqa: E402

from ses_graph import build, cartography, store  # noqa: E402


def ready_ms(browser, path: Path) -> float:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function("window.sesMap && window.sesMap.ready", timeout=300_000)
    value = page.evaluate("sesMap.readyAt")
    context.close()
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        build.build(work / "store")
        graphs = [("real", store.open_store(work / "store"))]
        graphs += [(f"generated {n}", load([], generated_ntriples(int(n)))) for n in args.sizes.split(",")]
        print(
            "| map | nodes | edges | HTML (kB) | Python render (s) | "
            f"ready in Chromium (ms, median of {args.repeats}) |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for name, graph in graphs:
                started = time.perf_counter()
                nodes, edges, concepts = cartography.map_data(graph)
                html = cartography.render_rows(nodes, edges, concepts)
                seconds = time.perf_counter() - started
                path = work / f"{name.replace(' ', '-')}.html"
                path.write_text(html, encoding="utf-8")
                times = [ready_ms(browser, path) for _ in range(args.repeats)]
                print(
                    f"| {name} | {len(nodes)} | {len(edges)} | {len(html.encode()) // 1000} | {seconds:.2f} "
                    f"| {statistics.median(times):.0f} |",
                    flush=True,
                )
            browser.close()
    print(f"\n{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
