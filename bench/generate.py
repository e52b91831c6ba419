"""Generate a synthetic solidarity-economy ecosystem, valid against the ontology and the shapes.

Usage:
    python bench/generate.py --size 10k -o bench/work/10k/ecosystem.nt
    python bench/generate.py --organisations 10000 --instances 5000 --memberships 50000 -o FILE

The output is N-Triples, sorted, and the same for the same arguments (seeded ``random.Random``).
``--size`` picks the number of organisations (1k, 10k, 50k); every other count defaults to a
fixed ratio of it, so that 10k gives about 500,000 triples. Other benchmarks import ``write``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ses_graph import terms  # noqa: E402

SIZES = {"1k": 1_000, "10k": 10_000, "50k": 50_000}

TYPE, LABEL, ALT_LABEL = terms.rdf_type.value, terms.rdfs_label.value, terms.skos_altLabel.value
DERIVED_FROM, MEMBER = terms.prov_wasDerivedFrom.value, terms.org_member.value
ORGANIZATION, ROLE = terms.org_organization.value, terms.org_role.value
IDENTIFIER, TITLE = terms.dcterms_identifier.value, terms.dcterms_title.value
LANGUAGE, CREATOR = terms.dcterms_language.value, terms.dcterms_creator.value
DESCRIPTION, FOUNDING_DATE = terms.dcterms_description.value, terms.schema_foundingDate.value
# terms.py names the class ses:Territory and the property ses:territory alike (same for Funder).
TERRITORY_CLASS, FUNDER_CLASS = terms.Territory.value, terms.Funder.value

ORGANISATION_KINDS = [  # (class, share, name prefix, levels it may carry)
    (terms.MemberOrganisation.value, 50, "Association", ()),
    (terms.Enterprise.value, 15, "Coopérative", ()),
    (terms.Network.value, 12, "Réseau", ("regional", "national", "international")),
    (terms.PublicBody.value, 12, "Conseil", ("local", "departmental", "regional", "national")),
    (FUNDER_CLASS, 6, "Fondation", ()),
    (terms.ResearchBody.value, 5, "Laboratoire", ()),
]
LEVELS = ["local", "departmental", "regional", "national", "european", "international"]
MEMBERSHIP_ROLES = ["member", "founding-member", "board-member", "bureau-member", "co-president", "coordinator"]
SEAT_ROLES = ["board-member", "bureau-member", "administrator", "representative", "steering-committee-member"]
ACTION_TYPES = ["advocacy", "awareness-raising", "representation", "training", "networking", "monitoring"]
STATUSES = ["done", "ongoing", "planned"]
WORDS = ["solidaire", "citoyen", "équitable", "coopératif", "écologique", "territorial", "paysan", "numérique"]
FIRST = ["Josette", "Bruno", "Françoise", "Hélène", "Jérôme", "Léa", "Noël", "Zoé", "André", "Maëlle"]
LAST = ["Combes", "Lasnier", "Dupré", "Lefèvre", "Garçon", "Béranger", "Mercier", "Roussel", "Thévenin"]


class Graph:
    """Collects N-Triples lines."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.lines: list[str] = []

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"<{subject}> <{predicate}> {obj} .\n")

    def link(self, subject: str, predicate: str, iri: str) -> None:
        self.add(subject, predicate, f"<{iri}>")

    def text(
        self, subject: str, predicate: str, value: str, language: str | None = None, datatype: str | None = None
    ) -> None:
        literal = ox.Literal(value, language=language, datatype=ox.NamedNode(datatype) if datatype else None)
        self.add(subject, predicate, str(literal))

    def entity(self, iri: str, cls: str, label: str, sources: list[str], alt_labels: int = 0) -> None:
        """An entity with its class, its label, some other spellings and one or two sources."""
        self.link(iri, TYPE, cls)
        self.text(iri, LABEL, label)
        for variant in [label.upper(), label.replace("é", "e").replace("è", "e"), label.lower()][:alt_labels]:
            self.text(iri, ALT_LABEL, variant)
        for source in sorted(set(self.rng.sample(sources, self.rng.choice((1, 1, 2))))):
            self.link(iri, DERIVED_FROM, source)


def concept(scheme: str, slug: str) -> str:
    return f"{terms.ID}{scheme}/{slug}"


def generate(organisations: int, instances: int, memberships: int, people: int, actions: int,
             territories: int, sources: int, seed: int = 0) -> list[str]:
    """The sorted N-Triples lines of one synthetic ecosystem."""
    g = Graph(seed)
    rng = g.rng
    persons = [(f"{terms.ID}syn-person-{i:06d}", f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}") for i in range(people)]
    person_iris = [iri for iri, _ in persons]

    source_iris = []
    for i in range(min(sources, 1000)):
        iri = f"{terms.ID}syn-source-{i:03d}"
        language = rng.choice(("fr", "en"))
        g.link(iri, TYPE, terms.SourceDocument.value)
        g.text(iri, IDENTIFIER, f"{i:03d}_{rng.getrandbits(64):016x}")
        g.text(iri, LABEL, f"{i:03d} - compte rendu {rng.choice(WORDS)}", language)
        g.text(iri, TITLE, f"Compte rendu de réunion n° {i}", language)
        g.text(iri, LANGUAGE, language)
        if person_iris and rng.random() < 0.3:
            g.link(iri, CREATOR, rng.choice(person_iris))
        source_iris.append(iri)

    places = []  # (iri, label): a country, 13 regions, 97 departments, then cities
    for i in range(max(territories, 1)):
        iri = f"{terms.ID}syn-territory-{i:05d}"
        level, parent = ("national", None) if i == 0 else ("regional", 0) if i <= 13 else \
            ("departmental", rng.randint(1, 13)) if i <= 110 else ("local", rng.randint(14, 110))
        label = "France" if i == 0 else f"Territoire {rng.choice(WORDS)} {i}"
        g.entity(iri, TERRITORY_CLASS, label, source_iris)
        g.link(iri, terms.level.value, concept("level", level))
        if parent is not None:
            g.link(iri, terms.within.value, places[parent][0])
        places.append((iri, label))

    # the ses:nationalHub that the ontology names, so that the file passes the build (drawn from no random choice:
    # the rest of the file is the same with or without it)
    hub = f"{terms.ID}mes-france"
    g.link(hub, TYPE, terms.Network.value)
    g.text(hub, LABEL, "Mouvement national synthétique")
    g.link(hub, DERIVED_FROM, source_iris[0])
    g.link(hub, terms.territory.value, places[0][0])
    g.link(hub, terms.level.value, concept("level", "national"))

    for iri, label in persons:
        g.entity(iri, terms.Person.value, label, source_iris, rng.choice((0, 0, 1)))

    orgs = []  # (iri, label, class)
    classes = [kind for kind in ORGANISATION_KINDS for _ in range(kind[1])]
    for i in range(organisations):
        cls, _, prefix, levels = rng.choice(classes)
        iri, (place, place_label) = f"{terms.ID}syn-org-{i:06d}", rng.choice(places)
        label = f"{prefix} {rng.choice(WORDS)} {place_label} {i}"
        g.entity(iri, cls, label, source_iris, rng.choice((0, 1, 1, 2)))
        g.link(iri, terms.territory.value, place)
        if levels:
            g.link(iri, terms.level.value, concept("level", rng.choice(levels)))
        if rng.random() < 0.3:
            g.text(iri, FOUNDING_DATE, str(rng.randrange(1970, 2020)), datatype=terms.xsd_gYear.value)
        orgs.append((iri, label, cls))

    bodies = []  # (iri, label, level)
    for i in range(instances):
        iri, (place, place_label), level = f"{terms.ID}syn-instance-{i:06d}", rng.choice(places), rng.choice(LEVELS)
        label = f"Conseil d'administration {rng.choice(WORDS)} {place_label} {i}"
        g.entity(iri, terms.Instance.value, label, source_iris, rng.choice((0, 1)))
        g.link(iri, terms.territory.value, place)
        g.link(iri, terms.level.value, concept("level", level))
        bodies.append((iri, label, level))

    networks = [o for o in orgs if o[2] in (terms.Network.value, terms.MemberOrganisation.value)] or orgs
    for i in range(memberships):
        source = rng.choice(source_iris)
        if rng.random() < 0.6:
            iri, (body, body_label, _) = f"{terms.ID}syn-membership-{i:06d}", rng.choice(networks)
            member, member_label = rng.choice(persons) if persons and rng.random() < 0.5 else rng.choice(orgs)[:2]
            g.link(iri, TYPE, terms.Membership.value)
            g.link(iri, ROLE, concept("role", rng.choice(MEMBERSHIP_ROLES)))
            g.link(iri, terms.level.value, concept("level", rng.choice(LEVELS)))
            quote = f"{member_label} est membre de {body_label}."
        else:
            iri, (body, body_label, level) = f"{terms.ID}syn-seat-{i:06d}", rng.choice(bodies)
            member, member_label, _ = rng.choice(orgs)
            g.link(iri, TYPE, terms.Seat.value)
            g.link(iri, ROLE, concept("role", rng.choice(SEAT_ROLES)))
            g.link(iri, terms.level.value, concept("level", level))
            if rng.random() < 0.2:
                g.link(iri, terms.onBehalfOf.value, rng.choice(networks)[0])
            quote = f"{member_label} siège au sein de {body_label} en tant que membre du conseil."
        g.link(iri, MEMBER, member)
        g.link(iri, ORGANIZATION, body)
        g.link(iri, DERIVED_FROM, source)
        g.text(iri, terms.quote.value, quote, "fr")

    targets = bodies + [o for o in orgs if o[2] == terms.PublicBody.value]
    for i in range(actions):
        iri, (actor, actor_label, _), (target, target_label, _) = (
            f"{terms.ID}syn-action-{i:06d}",
            rng.choice(orgs),
            rng.choice(targets),
        )
        g.link(iri, TYPE, terms.Action.value)
        g.link(iri, terms.actor.value, actor)
        g.link(iri, terms.target.value, target)
        g.link(iri, terms.level.value, concept("level", rng.choice(LEVELS)))
        g.link(iri, terms.actionType.value, concept("action-type", rng.choice(ACTION_TYPES)))
        g.link(iri, terms.axis.value, concept("axis", str(rng.randint(1, 4))))
        g.link(iri, terms.status.value, concept("status", rng.choice(STATUSES)))
        g.link(iri, terms.territory.value, rng.choice(places)[0])
        g.text(
            iri, terms.date.value, f"{rng.randrange(2019, 2023)}-{rng.randint(1, 12):02d}",
            datatype=terms.xsd_gYearMonth.value,
        )
        g.text(iri, DESCRIPTION, f"Plaidoyer de {actor_label} auprès de {target_label}.", "fr")
        g.link(iri, DERIVED_FROM, rng.choice(source_iris))
        g.text(iri, terms.quote.value, f"{actor_label} porte un plaidoyer auprès de {target_label}.", "fr")

    return sorted(g.lines)


def counts(organisations: int, **given: int | None) -> dict[str, int]:
    """Every count, the ones not given at their default ratio to the number of organisations."""
    defaults = {"instances": organisations // 2, "memberships": organisations * 5, "people": organisations,
                "actions": organisations // 4, "territories": max(organisations // 10, 120), "sources": 100}
    return {
        "organisations": organisations,
        **{k: given.get(k) if given.get(k) is not None else v for k, v in defaults.items()},
    }


def write(path: Path, organisations: int = 10_000, seed: int = 0, **given: int | None) -> int:
    """Write the ecosystem to ``path`` (N-Triples) and return its number of triples."""
    lines = generate(**counts(organisations, **given), seed=seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.writelines(lines)
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, help="number of organisations: 1k, 10k or 50k")
    parser.add_argument("--organisations", type=int)
    for name in ("instances", "memberships", "people", "actions", "territories", "sources"):
        parser.add_argument(f"--{name}", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, required=True, help="the .nt file to write")
    args = parser.parse_args()
    organisations = args.organisations or SIZES[args.size or "10k"]
    given = {k: getattr(args, k) for k in ("instances", "memberships", "people", "actions", "territories", "sources")}
    n = write(args.output, organisations, args.seed, **given)
    print(f"{args.output}: {n} triples", file=sys.stderr)


if __name__ == "__main__":
    main()
