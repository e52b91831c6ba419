"""After an accepted write, the stored mediator rankings are never stale unsaid: marked stale by the write itself,
computed again in a process of their own that no write waits for, the writes made meanwhile counted by one more run."""

from __future__ import annotations

import os
import signal
import time

import httpx
from live_server import TOKEN, LiveServer

from ses_graph import build, terms
from ses_graph.api.mediators import STALE_HEADER
from ses_graph.api.settings import Settings

MEDIATORS = terms.MEDIATORS_GRAPH.value
PREFIXES = f"""PREFIX id: <{terms.ID}> PREFIX ses: <{terms.SES}> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX role: <{terms.ID}role/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
FACT = terms.ID + "membership-laurent-fraisse-ufisc-test"
UPDATE = PREFIXES + f"""INSERT DATA {{ <{FACT}> a ses:Membership ; org:member id:laurent-fraisse ;
    org:organization id:ufisc ; org:role role:co-president ; prov:wasDerivedFrom id:source-003 ;
    ses:quote "Laurent FRAISSE"@fr . }}"""
NEW = f"ASK {{ GRAPH <{MEDIATORS}> {{ <{terms.ID}laurent-fraisse> <{terms.mediatorEvidence.value}> <{FACT}> }} }}"
ANY = f"ASK {{ GRAPH <{MEDIATORS}> {{ ?s <{terms.mediatorRecord.value}> ?o }} }}"
STALE = f"ASK {{ GRAPH <{MEDIATORS}> {{ <{MEDIATORS}> <http://www.w3.org/ns/prov#wasInvalidatedBy> ?change }} }}"


def person(n: int) -> str:
    return PREFIXES + f"""INSERT DATA {{ id:test-refresh-{n} a ses:Person ; rdfs:label "Personne {n}" ;
    prov:wasDerivedFrom id:source-003 . }}"""


def test_writes_are_answered_while_the_rankings_are_computed_again_and_say_they_are_stale_meanwhile(tmp_path):
    path = tmp_path / "store"
    build.build(path, with_mediators=True)
    with LiveServer(Settings(store=path, token=TOKEN)) as live, httpx.Client(timeout=60) as client:
        state = live.app.state

        def ask(query: str) -> bool:
            return client.get(live.sparql, params={"query": query}).json()["boolean"]

        def named_rows() -> list[dict]:  # the named query mediators
            rows = client.get(f"{live.url}/queries/mediators", headers={"Accept": "application/sparql-results+json"})
            assert rows.status_code == 200, rows.text
            return rows.json()["results"]["bindings"]

        def write(text: str) -> None:
            done = client.post(live.sparql, content=text, headers={"Content-Type": "application/sparql-update",
                                                                   "Authorization": f"Bearer {TOKEN}"})
            assert done.status_code == 204, done.text

        assert ask(ANY) and not ask(NEW) and not ask(STALE)
        assert STALE_HEADER not in client.get(f"{live.url}/mediators").headers
        write(UPDATE)
        # Right after the write: the rankings that count it, or the former ones marked stale by it; never unsaid.
        assert ask(NEW) or ask(STALE)
        # Catch the process that computes them again (a few seconds: an interpreter, the network, the ranking), and
        # stop it: writes are still answered, and the rankings say that they do not count them.
        refresher, n = None, 0
        while refresher is None:
            process = getattr(state, "mediators_refresher", None)
            if process is not None:
                os.kill(process.pid, signal.SIGSTOP)
                refresher = process
            elif not ask(STALE):  # it ended before we saw it: another write, another refresh
                n += 1
                assert n < 20, "no refresh process was ever seen"
                write(person(100 + n))
            else:
                time.sleep(0.01)
        try:
            before = getattr(state, "mediators_refreshes", 0)
            for i in range(3):
                write(person(i))  # answered while the ranking is being computed: no write waits for it
            assert ask(STALE)
            answer = client.get(f"{live.url}/mediators", params={"kind": "person"})
            assert answer.status_code == 200 and answer.headers[STALE_HEADER].startswith("20")
            page = client.get(f"{live.url}/map")  # its panels say it too
            assert page.status_code == 200 and f'"rankingStale":"{answer.headers[STALE_HEADER]}"' in page.text
            assert {row["staleSince"]["value"] for row in named_rows()} == {answer.headers[STALE_HEADER]}
        finally:
            os.kill(refresher.pid, signal.SIGCONT)
        deadline = time.monotonic() + 180
        while ask(STALE):
            assert time.monotonic() < deadline, "the stored rankings were not computed again"
            time.sleep(0.2)
        assert ask(NEW)  # counting every write
        person_ranking = client.get(f"{live.url}/mediators", params={"kind": "person", "lang": "en"})
        assert STALE_HEADER not in person_ranking.headers
        assert '"rankingStale":null' in client.get(f"{live.url}/map").text
        laurent = next(e for e in person_ranking.json() if e["entity"] == terms.ID + "laurent-fraisse")
        assert laurent["explanation"].startswith("Co-president of UFISC") and FACT in laurent["evidence"]
        # The three writes made while it was stopped: one more refresh after the stopped one, not one each.
        assert state.mediators_refreshes - before <= 2
        rows = named_rows()
        assert rows and not any("staleSince" in row for row in rows)
