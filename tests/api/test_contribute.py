"""``/contribute``: the contribution form (FR/EN, no internet), its writes held to the rules like any other, and the
form itself in headless Chromium: an entity picked by search, one created, a violation shown next to its field."""

from __future__ import annotations

import httpx
import pytest
from live_server import LiveServer, with_tokens
from pages_check import external_resources, open_page

ID = "https://w3id.org/ses-graph/id/"
CURATOR, CONTRIBUTOR = "curator-token-c0n7", "contributor-token-c0n8"
SOURCE = {"iri": ID + "source-003"}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


def send(live: LiveServer, submission: dict, token: str = CURATOR) -> httpx.Response:
    return httpx.post(f"{live.url}/contribute", json=submission, headers=auth(token), timeout=60)


def ask(live: LiveServer, pattern: str) -> bool:
    query = f"PREFIX id: <{ID}> ASK {{ {pattern} }}"
    return httpx.get(live.sparql, params={"query": query}).json()["boolean"]


@pytest.fixture(scope="module")
def live(api_store_path, tmp_path_factory):
    holders = {CURATOR: ("Claire Revue", "curator"), CONTRIBUTOR: ("Paul Contribue", "contributor")}
    with with_tokens(api_store_path, tmp_path_factory.mktemp("contribute"), holders) as server:
        yield server


def test_a_curator_adds_a_seat_in_a_new_instance_with_an_existing_source(live):
    response = send(live, {"kind": "seat", "language": "fr", "source": SOURCE, "quote": "siège au conseil de test",
                           "fields": {"member": {"iri": ID + "mes-france"},
                                      "instance": {"new": {"label": "Conseil de test du formulaire"}},
                                      "role": ID + "role/representative", "level": ID + "level/national"}})
    assert response.status_code == 201, response.text
    fact = response.json()["fact"]
    assert ask(live, f"<{fact}> a ses:Seat ; org:member id:mes-france ; "
                     "org:organization id:conseil-de-test-du-formulaire ; "
                     "ses:level level:national ; ses:quote 'siège au conseil de test'@fr")
    assert ask(live, "id:conseil-de-test-du-formulaire a ses:Instance ; rdfs:label 'Conseil de test du formulaire' ; "
                     "prov:wasDerivedFrom id:source-003")
    assert httpx.get(f"{live.url}/changes").json()[0]["holder"] == "Claire Revue"


def test_a_contributor_sends_a_proposal_with_a_new_source(live):
    response = send(live, {"kind": "membership", "language": "fr", "quote": "Le réseau adhère au MES.",
                           "source": {"new": {"title": "Déclaration du réseau de test", "date": "2026-11",
                                              "publisher": "Réseau de test", "language": "fr"}},
                           "fields": {"member": {"iri": ID + "pesad-21"}, "organisation": {"iri": ID + "mes-france"},
                                      "role": ID + "role/member"}}, CONTRIBUTOR)
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "pending" and response.headers["location"] == f"/proposals/{body['id']}"
    assert not ask(live, f"<{body['fact']}> ?p ?o")
    [proposal] = httpx.get(f"{live.url}/proposals", headers=auth(CURATOR)).json()
    assert any("Déclaration du réseau de test" in line for line in proposal["added"])
    accepted = httpx.post(f"{live.url}/proposals/{body['id']}/accept", headers=auth(CURATOR))
    assert accepted.status_code == 200, accepted.text
    assert ask(live, f"<{body['fact']}> prov:wasDerivedFrom ?s . ?s dcterms:publisher 'Réseau de test' ; "
                     "dcterms:issued '2026-11'^^xsd:gYearMonth")


def test_violations_come_back_with_their_fields_and_nothing_is_written(live):
    response = send(live, {"kind": "seat", "language": "fr", "source": SOURCE, "quote": "",
                           "fields": {"member": {"iri": ID + "mes-france"}, "instance": {"iri": ID + "mes-france"},
                                      "role": ID + "role/representative"}})
    assert response.status_code == 422, response.text
    fields = {v["field"] for v in response.json()["violations"]}
    assert {"quote", "instance"} <= fields  # no quote; a network is not an instance
    assert not ask(live, "?seat a ses:Seat ; org:organization id:mes-france")


UNREADABLE = [({"kind": "nothing"}, "kind"), ({"kind": ["seat"]}, "kind"),
              ({"kind": "seat", "language": ["fr"]}, "language"), ({"kind": "seat", "quote": 5}, "quote"),
              ({"kind": "seat", "source": {"new": {"date": "2020-13"}}}, "source.date"),
              ({"kind": "seat", "fields": {"member": "not an object"}}, "member"),
              ({"kind": "seat", "fields": {"instance": {"new": {"label": "X", "class": "ses:Person"}}}}, "instance"),
              ({"kind": "seat", "source": {"new": {"title": "T", "date": "hier"}}}, "source.date")]


@pytest.mark.parametrize("submission, where", UNREADABLE)
def test_a_field_that_cannot_be_read_is_a_400_naming_it(live, submission, where):
    response = send(live, submission)
    assert response.status_code == 400 and response.json()["detail"].startswith(where), response.text


def test_without_a_token_the_form_does_not_write(live):
    assert httpx.post(f"{live.url}/contribute", json={"kind": "seat"}).status_code == 401


@pytest.mark.parametrize("lang, title", [("fr", "Contribuer à la cartographie"),
                                         ("en", "Contribute to the cartography")])
def test_the_page_speaks_both_languages_and_loads_nothing_from_elsewhere(live, lang, title):
    page = httpx.get(f"{live.url}/contribute", params={"lang": lang})
    assert page.status_code == 200 and title in page.text and external_resources(page.text) == []
    assert "représentant·e" in page.text or "representative" in page.text  # the roles of the scheme
    assert "source-003" in page.text


def test_in_a_browser_an_entity_is_picked_by_search_a_violation_is_shown_by_its_field_then_the_seat_written(live,
                                                                                                          chromium):
    context, page, errors, foreign = open_page(chromium, f"{live.url}/contribute?lang=fr", live.url)
    try:
        page.fill("#token", CURATOR)
        page.dispatch_event("#token", "change")
        page.select_option("#kind", "seat")
        seat = page.locator('fieldset[data-kind="seat"]')
        member = seat.locator('.field[data-field="member"]')
        member.locator(".search").fill("pesad 21")  # any spelling: the project's search
        member.locator("button.pick").first.click(timeout=30_000)
        assert member.locator(".iri").input_value() == ID + "pesad-21"
        instance = seat.locator('.field[data-field="instance"]')
        instance.locator(".create").check()
        instance.locator(".new-label").fill("Comité de test du navigateur")
        seat.locator('.field[data-field="role"] select').select_option(ID + "role/representative")
        page.select_option("#source", ID + "source-003")
        with page.expect_response(lambda r: r.url.endswith("/contribute")) as answer:
            page.click("#send")
        assert answer.value.status == 422
        quote = page.locator('.field[data-field="quote"] .violation')
        quote.wait_for(state="visible")
        assert "citation" in quote.inner_text() or "quote" in quote.inner_text()
        page.fill("#quote", "le PESAD 21 siège au comité de test")
        with page.expect_response(lambda r: r.url.endswith("/contribute")) as answer:
            page.click("#send")
        assert answer.value.status == 201
        assert "Écrit" in page.locator("#outcome").inner_text()
        assert errors == [] and foreign == []
    finally:
        context.close()
    assert ask(live, "?seat a ses:Seat ; org:member id:pesad-21 ; org:organization ?i . "
                     "?i rdfs:label 'Comité de test du navigateur'")
