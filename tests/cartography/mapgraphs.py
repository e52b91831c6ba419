"""Graphs for the map tests and benchmark: a small hand-made one, generated ones; the browser set-up."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from ses_graph import resources, search_index

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def load(turtle_files: list[Path], extra: str = "") -> ox.Store:
    """An in-memory store: the ontology (where the network is declared), its concept schemes, the given files and their
    search keys."""
    store = ox.Store()
    for path in [resources.project_dir("ontology") / name for name in ("ses.ttl", "schemes.ttl")] + turtle_files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    if extra:
        store.bulk_load(extra.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    store.extend(search_index.search_key_quads(store))
    return store


PREFIX = "https://w3id.org/ses-graph/"
LEVELS = ["local", "departmental", "regional", "national", "european", "international"]


def generated_ntriples(n: int, seed: int = 1) -> str:
    """About ``n`` entities: instances by level, organisations, people, seats, memberships, actions."""
    rng = random.Random(seed)
    ses, idb = PREFIX + "ontology#", PREFIX + "id/"
    rdf, rdfs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2000/01/rdf-schema#label"
    org, prov = "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#"
    lines = [f"<{idb}g-source> <{rdf}> <{ses}SourceDocument> ."]

    def t(s, p, o, literal=False):
        lines.append(f"<{s}> <{p}> " + (f'"{o}"' if literal else f"<{o}>") + " .")

    instances = [f"{idb}g-instance-{i}" for i in range(max(6, n // 20))]
    orgs = [f"{idb}g-org-{i}" for i in range(n // 2)]
    people = [f"{idb}g-person-{i}" for i in range(n - len(instances) - len(orgs) - n // 10)]
    for i, iri in enumerate(instances):
        t(iri, rdf, ses + "Instance")
        t(iri, rdfs, f"Instance {i}", True)
        t(iri, ses + "level", f"{idb}level/{LEVELS[i % 6]}")
    for i, iri in enumerate(orgs):
        t(iri, rdf, ses + "MemberOrganisation")
        t(iri, rdfs, f"Organisation {i}", True)
    for i, iri in enumerate(people):
        t(iri, rdf, ses + "Person")
        t(iri, rdfs, f"Personne {i}", True)
    facts = 0
    for iri in orgs:
        for instance in rng.sample(instances, 2):
            fact = f"{idb}g-seat-{facts}"
            facts += 1
            t(fact, rdf, ses + "Seat")
            t(fact, org + "member", iri)
            t(fact, org + "organization", instance)
            t(fact, prov + "wasDerivedFrom", f"{idb}g-source")
            t(fact, ses + "quote", f"siège {facts}", True)
    for iri in people:
        fact = f"{idb}g-membership-{facts}"
        facts += 1
        t(fact, rdf, ses + "Membership")
        t(fact, org + "member", iri)
        t(fact, org + "organization", rng.choice(orgs))
        t(fact, prov + "wasDerivedFrom", f"{idb}g-source")
        t(fact, ses + "quote", f"membre {facts}", True)
    for i in range(n // 10):
        fact = f"{idb}g-action-{i}"
        t(fact, rdf, ses + "Action")
        t(fact, ses + "actor", rng.choice(orgs))
        t(fact, ses + "target", rng.choice(instances))
        t(fact, ses + "level", f"{idb}level/{rng.choice(LEVELS)}")
        t(fact, ses + "axis", f"{idb}axis/{rng.randint(1, 4)}")
        t(fact, "http://purl.org/dc/terms/description", f"Action {i}", True)
        t(fact, prov + "wasDerivedFrom", f"{idb}g-source")
        t(fact, ses + "quote", f"action {i}", True)
    return "\n".join(lines) + "\n"


def browser_missing_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ses_graph.cli", *args], capture_output=True, text=True, timeout=300)
