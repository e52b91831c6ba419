"""After an accepted write, the stored mediator rankings are never stale: removed at once, computed again."""

from __future__ import annotations

import time

import httpx
from live_server import TOKEN, LiveServer

from ses_graph import build, terms
from ses_graph.api.settings import Settings

MEDIATORS = terms.MEDIATORS_GRAPH.value
FACT = terms.ID + "membership-laurent-fraisse-ufisc-test"
UPDATE = f"""PREFIX id: <{terms.ID}> PREFIX ses: <{terms.SES}> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX role: <{terms.ID}role/>
INSERT DATA {{ <{FACT}> a ses:Membership ; org:member id:laurent-fraisse ; org:organization id:ufisc ;
    org:role role:co-president ; prov:wasDerivedFrom id:source-003 ; ses:quote "Laurent FRAISSE"@fr . }}"""
NEW = f"ASK {{ GRAPH <{MEDIATORS}> {{ <{terms.ID}laurent-fraisse> <{terms.mediatorEvidence.value}> <{FACT}> }} }}"
ANY = f"ASK {{ GRAPH <{MEDIATORS}> {{ ?s ?p ?o }} }}"


def test_a_write_removes_the_stored_ranking_at_once_and_the_server_computes_it_again(tmp_path):
    path = tmp_path / "store"
    build.build(path, with_mediators=True)
    with LiveServer(Settings(store=path, token=TOKEN)) as live, httpx.Client(timeout=60) as client:
        def ask(query: str) -> bool:
            return client.get(live.sparql, params={"query": query}).json()["boolean"]

        assert ask(ANY) and not ask(NEW)
        done = client.post(live.sparql, content=UPDATE, headers={"Content-Type": "application/sparql-update",
                                                                 "Authorization": f"Bearer {TOKEN}"})
        assert done.status_code == 204, done.text
        # Right after the write: either no stored ranking, or the new one; never the one before.
        assert not ask(ANY) or ask(NEW)
        person = client.get(f"{live.url}/mediators", params={"kind": "person", "lang": "en"}).json()
        laurent = next(e for e in person if e["entity"] == terms.ID + "laurent-fraisse")
        assert laurent["explanation"].startswith("Co-president of UFISC")
        assert FACT in laurent["evidence"]
        deadline = time.monotonic() + 120
        while not ask(NEW):
            assert time.monotonic() < deadline, "the stored ranking was not computed again"
            time.sleep(0.5)
        rows = client.get(f"{live.url}/queries/mediators", headers={"Accept": "application/sparql-results+json"})
        assert rows.status_code == 200 and rows.json()["results"]["bindings"]
