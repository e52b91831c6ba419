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


def test_the_dates_territory_status_and_affiliations_that_the_shapes_allow_are_written(live):
    seat = send(live, {"kind": "seat", "language": "fr", "source": SOURCE, "quote": "siège au nom d'Attac",
                       "fields": {"member": {"iri": ID + "josette-combes"}, "instance": {"iri": ID + "transiscope"},
                                  "role": ID + "role/representative", "onBehalfOf": {"iri": ID + "attac"},
                                  "startDate": "2019", "endDate": "2020-06"}})
    assert seat.status_code == 201, seat.text
    assert ask(live, f"<{seat.json()['fact']}> ses:onBehalfOf id:attac ; schema:startDate '2019'^^xsd:gYear ; "
                     "schema:endDate '2020-06'^^xsd:gYearMonth")
    action = send(live, {"kind": "action", "language": "fr", "source": SOURCE, "quote": "action datée à Caen",
                         "fields": {"actor": {"iri": ID + "apes"}, "description": "Une action datée à Caen.",
                                    "actionType": ID + "action-type/networking", "territory": {"iri": ID + "caen"},
                                    "status": ID + "status/done", "audience": "élus", "date": "2019-12-04"}})
    assert action.status_code == 201, action.text
    assert ask(live, f"<{action.json()['fact']}> ses:territory id:caen ; ses:status status:done ; "
                     "ses:audience 'élus'@fr ; ses:date '2019-12-04'^^xsd:date")
    participation = send(live, {"kind": "participation", "language": "fr", "source": SOURCE, "quote": "au séminaire",
                                "fields": {"participant": {"iri": ID + "bruno-lasnier"},
                                           "event": {"iri": ID + "seminar-2019"}, "role": ID + "role/participant",
                                           "affiliation": {"iri": ID + "mes-france"}}})
    assert participation.status_code == 201, participation.text
    assert ask(live, f"<{participation.json()['fact']}> ses:affiliation id:mes-france")


def test_an_affiliation_or_territory_of_the_wrong_class_is_refused_next_to_its_field(live):
    response = send(live, {"kind": "action", "language": "fr", "source": SOURCE, "quote": "une action mal placée",
                           "fields": {"actor": {"iri": ID + "apes"}, "description": "Une action mal placée.",
                                      "actionType": ID + "action-type/networking",
                                      "territory": {"iri": ID + "apes"}}})
    assert response.status_code == 422, response.text
    assert {v["field"] for v in response.json()["violations"]} == {"territory"}
    response = send(live, {"kind": "seat", "language": "fr", "source": SOURCE, "quote": "au nom d'une personne",
                           "fields": {"member": {"iri": ID + "mes-france"}, "instance": {"iri": ID + "transiscope"},
                                      "role": ID + "role/representative",
                                      "onBehalfOf": {"iri": ID + "josette-combes"}}})
    assert response.status_code == 422, response.text
    assert {v["field"] for v in response.json()["violations"]} == {"onBehalfOf"}


UNREADABLE = [({"kind": "nothing"}, "kind"), ({"kind": ["seat"]}, "kind"),
              ({"kind": "seat", "language": ["fr"]}, "language"), ({"kind": "seat", "quote": 5}, "quote"),
              ({"kind": "seat", "source": {"new": {"date": "2020-13"}}}, "source.date"),
              ({"kind": "seat", "fields": {"member": "not an object"}}, "member"),
              ({"kind": "seat", "fields": {"instance": {"new": {"label": "X", "class": "ses:Person"}}}}, "instance"),
              ({"kind": "seat", "source": {"new": {"title": "T", "date": "hier"}}}, "source.date"),
              ({"kind": "seat", "fields": {"startDate": "juin 2019"}}, "startDate"),
              ({"kind": "action", "fields": {"date": ["2019"]}}, "date")]


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


def give_token(page, token: str) -> None:
    """Type ``token`` into the page's token field, as a person does (the page reads it on change)."""
    page.fill("#token", token)
    page.dispatch_event("#token", "change")


def fact_form(page, token: str, kind: str):
    """The form's fields for one kind of fact, chosen with ``token`` given."""
    give_token(page, token)
    page.select_option("#kind", kind)
    return page.locator(f'fieldset[data-kind="{kind}"]')


def test_in_a_browser_an_entity_is_picked_by_search_a_violation_is_shown_by_its_field_then_the_seat_written(live,
                                                                                                          chromium):
    context, page, errors, foreign = open_page(chromium, f"{live.url}/contribute?lang=fr", live.url)
    try:
        seat = fact_form(page, CURATOR, "seat")
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
        page.wait_for_function("document.getElementById('outcome').textContent.includes('Écrit')")  # once read
        assert errors == [] and foreign == []
    finally:
        context.close()
    assert ask(live, "?seat a ses:Seat ; org:member id:pesad-21 ; org:organization ?i . "
                     "?i rdfs:label 'Comité de test du navigateur'")


def test_in_a_browser_a_contributor_proposes_sees_the_violations_by_their_fields_and_a_curator_accepts(live, chromium):
    """The contributor's whole path against the real server: a new name that resembles an existing entity is shown
    with it (the project's search), a refused proposal's violations appear next to their fields, the corrected one is
    kept for review (not published), and a curator accepts it on the proposals page."""
    context, page, errors, foreign = open_page(chromium, f"{live.url}/contribute?lang=en", live.url)
    try:
        membership = fact_form(page, CONTRIBUTOR, "membership")
        member = membership.locator('.field[data-field="member"]')
        member.locator(".create").check()
        member.locator(".new-label").fill("Pesad 12")  # one transposition from PESAD 21
        similar = member.locator(".similar")
        similar.wait_for(state="visible", timeout=30_000)
        assert "PESAD 21" in similar.inner_text() and "resembles" in similar.inner_text()
        member.locator(".new-label").fill("Collectif entièrement nouveau du navigateur")
        similar.wait_for(state="hidden", timeout=30_000)  # nothing like it
        member.locator(".new-label").fill("Pesad 12")
        similar.locator("button.use-existing").first.click(timeout=30_000)
        assert member.locator(".iri").input_value() == ID + "pesad-21" and not member.locator(".create").is_checked()
        organisation = membership.locator('.field[data-field="organisation"]')
        organisation.locator(".search").fill("ripess europe")
        organisation.locator("button.pick").first.click(timeout=30_000)
        assert organisation.locator(".iri").input_value() == ID + "ripess-europe"
        membership.locator('.field[data-field="role"] select').select_option(ID + "role/member")
        membership.locator('.field[data-field="startDate"] .date').fill("2019-03")
        with page.expect_response(lambda r: r.url.endswith("/contribute")) as answer:
            page.click("#send")  # no source, no quote
        assert answer.value.status == 422
        for name in ("quote", "source"):
            page.locator(f'.field[data-field="{name}"] .violation').wait_for(state="visible")
            assert "invalid" in page.locator(f'.field[data-field="{name}"]').get_attribute("class")
        page.select_option("#source", ID + "source-003")
        page.fill("#quote", "le PESAD 21 adhère au RIPESS Europe depuis mars 2019")
        with page.expect_response(lambda r: r.url.endswith("/contribute")) as answer:
            page.click("#send")
        assert answer.value.status == 202
        proposal = answer.value.json()
        page.wait_for_function("document.getElementById('outcome').textContent.includes('Proposal saved')")
        assert proposal["id"] in page.locator("#outcome").inner_text()
        assert page.locator(".field.invalid").count() == 0  # the earlier violations are gone
        assert not ask(live, f"<{proposal['fact']}> ?p ?o")  # not published before review
        page.goto(f"{live.url}/proposals?lang=en")
        give_token(page, CURATOR)
        page.click("#show")
        row = page.locator(f'tr[data-id="{proposal["id"]}"]')
        row.wait_for(timeout=30_000)
        assert "Paul Contribue" in row.inner_text()
        with page.expect_response(lambda r: r.url.endswith(f"/proposals/{proposal['id']}/accept")) as answer:
            row.locator("button.accept").click()
        assert answer.value.status == 200
        row.wait_for(state="detached")
        assert errors == [] and foreign == []
    finally:
        context.close()
    assert ask(live, f"<{proposal['fact']}> a ses:Membership ; org:member id:pesad-21 ; "
                     "org:organization id:ripess-europe ; schema:startDate '2019-03'^^xsd:gYearMonth")
    [change] = [c for c in httpx.get(f"{live.url}/changes").json() if c.get("proposal", "").endswith(proposal["id"])]
    assert change["holder"] == "Claire Revue" and change["proposer"] == "Paul Contribue"  # both agents
