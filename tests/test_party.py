"""Party statements, motions and the service report.

Every expected value was read off ../shared/seeds by a person (line numbers are
those of the text files, checked with ``sed -n``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from loaders.documents import split_documents
from loaders.party import canonical_order, decide, detect_parties, document_lines, find_cues
from loaders.pipeline import IngestResult, ingest
from loaders.source_reader import read_source
from loaders.vocab import DCTERMS, ELI, KOD, ORG, PROV, STYR

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir() and os.environ.get("CI") != "true", reason="../shared/seeds is absent"
)
PLAN = SEEDS / "000_64bcae0d445429da.txt"
BUDGET = SEEDS / "001_ac962998a4b6cb85.txt"
ID = "https://w3id.org/styrgraf/id/"
PARTY = ID + "parti/"
NS = {"styr": STYR._NS, "prov": PROV, "org": ORG, "eli": ELI, "dcterms": DCTERMS, "kod": KOD}


@pytest.fixture(scope="module")
def plan_graph() -> Graph:
    return ingest([PLAN]).merged()


@pytest.fixture(scope="module")
def budget_result() -> IngestResult:
    return ingest([BUDGET])


@pytest.fixture(scope="module")
def budget_graph(budget_result: IngestResult) -> Graph:
    return budget_result.merged()


def _party_docs(path: Path) -> list[tuple[str, int, list[str]]]:
    src = read_source(path)
    return [
        (d.kind, d.start, detect_parties("\n".join(document_lines(src, d))))
        for d in split_documents(src)
        if d.kind in {"statement", "motion"}
    ]


def _doc_by(graph: Graph, cls: URIRef, creator: URIRef) -> URIRef:
    found = [d for d in graph.subjects(DCTERMS.creator, creator) if (d, RDF.type, cls) in graph]
    assert len(found) == 1, found
    return URIRef(found[0])


def _points(graph: Graph, doc: URIRef) -> dict[int, URIRef]:
    out: dict[int, URIRef] = {}
    for point in graph.objects(doc, STYR.hasDecisionPoint):
        number = graph.value(point, STYR.pointNumber)
        assert isinstance(number, Literal)
        out[int(number)] = URIRef(point)
    return out


def _evidence_lines(graph: Graph, node: URIRef) -> set[tuple[int, int]]:
    spans = set()
    for ev in graph.objects(node, PROV.qualifiedDerivation):
        start, end = graph.value(ev, STYR.lineStart), graph.value(ev, STYR.lineEnd)
        assert isinstance(start, Literal) and isinstance(end, Literal)
        spans.add((int(start), int(end)))
    return spans


def _report(graph: Graph) -> URIRef:
    reports = list(graph.subjects(RDF.type, STYR.ServiceReport))
    assert len(reports) == 1
    return URIRef(reports[0])


# --- detect_parties ----------------------------------------------------------------------


@needs_seeds
def test_detect_parties_in_000() -> None:
    # 000 lines 45-47: "avstå ... med hänvisning till Moderaternas, Demokraternas,
    # Liberalernas och Kristdemokraternas budgetförslag"; line 66: the annex
    # "1. Socialdemokraterna, Vänsterpartiet och Miljöpartiet genomförandeplan"
    assert _party_docs(PLAN) == [
        ("statement", 1, ["M", "D", "L", "KD"]),
        ("motion", 48, ["S", "V", "MP"]),
    ]


@needs_seeds
def test_detect_parties_in_001() -> None:
    # line 10 "Centerpartiet vill se", line 17 "I Centerpartiets budget ... föreslår vi";
    # lines 35-36 "till förmån för förslaget från Moderaterna, Demokraterna, Liberalerna
    # och Kristdemokraterna" (S, V and MP on line 34 are the side criticised);
    # line 93 "Sverigedemokraterna ställer sig skeptiska"
    assert _party_docs(BUDGET) == [
        ("statement", 1, ["C"]),
        ("statement", 31, ["M", "D", "L", "KD"]),
        ("motion", 67, ["SD"]),
    ]


def test_detect_parties_cues_of_the_family() -> None:
    assert detect_parties("Kommunstyrelsen\nYttrande (M, L, KD)\nÄrende 2.1") == ["M", "L", "KD"]
    assert detect_parties("Text.\n\nAnna Andersson (S)\nBo Berg (V)\nCia Ek (MP)") == [
        "S",
        "V",
        "MP",
    ]
    assert detect_parties("Vi i Liberalerna anser att budgeten brister.") == ["L"]
    assert detect_parties("För Kristdemokraterna\n") == ["KD"]
    assert detect_parties("Moderaternas förslag är sämre än Miljöpartiets.") == []


def test_criticised_parties_are_not_authors() -> None:
    text = (
        "Vi reserverar oss mot S, V och MP:s klubbade budget.\n"
        "De styrande partierna Socialdemokraterna, Vänsterpartiet och Miljöpartiet har\n"
        "genomfört förändringar i budgetprocessen."
    )
    assert detect_parties(text) == []
    text += "\nVi yrkar bifall till förmån för Centerpartiets budgetförslag."
    assert detect_parties(text) == ["C"]


def test_strong_cues_outvote_weak_and_ties_give_nothing() -> None:
    text = "Socialdemokraterna vill höja skatten.\nMed hänvisning till Moderaternas budget."
    assert detect_parties(text) == ["M"]
    tie = find_cues(["Socialdemokraterna vill mer.", "Moderaterna vill mindre."])
    assert decide(tie) == frozenset()
    assert canonical_order(["SD", "C", "S", "KD"]) == ["S", "KD", "C", "SD"]


# --- statements and motions on the seeds -------------------------------------------------


@needs_seeds
def test_statements_of_001(budget_graph: Graph) -> None:
    centre = _doc_by(budget_graph, STYR.Statement, URIRef(PARTY + "centerpartiet"))
    assert list(budget_graph.objects(centre, STYR.stance)) == []  # lines 1-30: no stance
    constellation = URIRef(ID + "goteborg/partikonstellation/d-kd-l-m")
    joint = _doc_by(budget_graph, STYR.Statement, constellation)
    # line 34 "reserverade vi oss"; line 55 "avstå från att delta i beslutet"
    assert set(budget_graph.objects(joint, STYR.stance)) == {
        KOD["stallningstagande/avstar"],
        KOD["stallningstagande/reservation"],
    }
    members = {str(m).rsplit("/", 1)[1] for m in budget_graph.objects(constellation, ORG.hasMember)}
    assert members == {"moderaterna", "demokraterna", "liberalerna", "kristdemokraterna"}
    assert (constellation, RDFS.label, Literal("M, D, L och KD", lang="sv")) in budget_graph
    assert _evidence_lines(budget_graph, URIRef(PARTY + "centerpartiet")) == {(17, 17)}
    text = str(budget_graph.value(joint, DCTERMS.description))
    assert text.startswith("I kommunfullmäktige reserverade vi oss mot")  # line 34
    assert text.endswith("deltar därför inte i beslutet.")  # lines 65-66


@needs_seeds
def test_sd_motion_has_four_assignment_proposals(budget_graph: Graph) -> None:
    sd = URIRef(PARTY + "sverigedemokraterna")
    motion = _doc_by(budget_graph, STYR.Motion, sd)
    assert (sd, RDFS.label, Literal("Sverigedemokraterna", lang="sv")) in budget_graph
    points = _points(budget_graph, motion)
    assert sorted(points) == [1, 2, 3, 4]  # lines 72, 78, 84, 88
    ks = URIRef(ID + "goteborg/org/kommunstyrelsen")
    kf = URIRef(ID + "goteborg/org/kommunfullmaktige")
    for point in points.values():
        assert (point, RDF.type, STYR.AssignmentProposal) in budget_graph
        assert (point, RDF.type, STYR.Assignment) not in budget_graph
        assert list(budget_graph.objects(point, STYR.responsibleBody)) == [ks]
        assert set(budget_graph.objects(point, STYR.decisionForum)) == {ks, kf}  # line 70
        assert budget_graph.value(point, STYR.origin) == KOD["uppdragsursprung/yrkande"]
    assert budget_graph.value(points[3], STYR.text) == Literal(
        "Kommunstyrelsen får i uppdrag att ta bort hänvisningar till utgångspunkt i "
        "ett Agenda 2030 hållbarhetsperspektiv.",
        lang="sv",
    )  # lines 84-85
    assert _evidence_lines(budget_graph, points[3]) == {(84, 85)}
    reasons = str(budget_graph.value(motion, DCTERMS.description))
    assert reasons.startswith("Sverigedemokraterna ställer sig skeptiska")  # line 93


@needs_seeds
def test_no_assignment_comes_from_a_motion(budget_graph: Graph, plan_graph: Graph) -> None:
    for graph in (budget_graph, plan_graph):
        for motion in graph.subjects(RDF.type, STYR.Motion):
            for node in graph.subjects(PROV.wasDerivedFrom, motion):
                assert (node, RDF.type, STYR.Assignment) not in graph


@needs_seeds
def test_plan_motion_adopts_the_implementation_plan(plan_graph: Graph) -> None:
    constellation = URIRef(ID + "goteborg/partikonstellation/mp-s-v")
    assert (constellation, RDFS.label, Literal("S, V och MP", lang="sv")) in plan_graph
    motion = _doc_by(plan_graph, STYR.Motion, constellation)
    points = _points(plan_graph, motion)
    assert sorted(points) == [1]  # lines 52-53
    adopted = plan_graph.value(points[1], STYR.proposesAdoptionOf)
    assert (adopted, RDF.type, STYR.ImplementationPlan) in plan_graph
    assert (points[1], RDF.type, STYR.AssignmentProposal) not in plan_graph
    assert _evidence_lines(plan_graph, constellation) == {(66, 66)}
    statement = _doc_by(
        plan_graph, STYR.Statement, URIRef(ID + "goteborg/partikonstellation/d-kd-l-m")
    )
    assert list(plan_graph.objects(statement, STYR.stance)) == [KOD["stallningstagande/avstar"]]


# --- the service report ------------------------------------------------------------------


@needs_seeds
def test_service_report_case_and_date(budget_graph: Graph) -> None:
    report = _report(budget_graph)
    # lines 176-177: "Utfärdat 2024-11-28", "Ärendenummer SLK-2024-00738"
    assert budget_graph.value(report, ELI.date_document) == Literal("2024-11-28", datatype=XSD.date)
    assert budget_graph.value(report, STYR.caseNumber) == Literal("SLK-2024-00738")
    case = URIRef(ID + "goteborg/arende/slk-2024-00738")
    assert (report, STYR.inCase, case) in budget_graph
    assert (case, RDFS.label, Literal("Ärende SLK-2024-00738", lang="sv")) in budget_graph
    assert _evidence_lines(budget_graph, case) == {(177, 177)}
    in_case = set(budget_graph.subjects(STYR.inCase, case))
    parties = set(budget_graph.subjects(RDF.type, STYR.Statement)) | set(
        budget_graph.subjects(RDF.type, STYR.Motion)
    )
    assert len(parties) == 3 and parties <= in_case
    slk = URIRef(ID + "goteborg/org/stadsledningskontoret")
    assert budget_graph.value(report, DCTERMS.creator) == slk  # line 173


@needs_seeds
def test_service_report_decision_points(budget_graph: Graph) -> None:
    points = _points(budget_graph, _report(budget_graph))
    assert sorted(points) == [1, 2, 3, 4]  # lines 134, 137, 140, 144

    def adopted(n: int) -> set[URIRef]:
        return {
            URIRef(cls)
            for doc in budget_graph.objects(points[n], STYR.proposesAdoptionOf)
            for cls in budget_graph.objects(doc, RDF.type)
            if str(cls).startswith(str(STYR._NS))
            and cls not in {STYR.Document, STYR.SteeringDocument, STYR.Budget}
        }

    assert adopted(1) == {STYR.BoardBudget}
    assert adopted(2) == {STYR.RiskRegister, STYR.InternalControlPlan}
    assert adopted(3) == {STYR.Rules}
    assert adopted(4) == {STYR.TimePlan}
    assert _evidence_lines(budget_graph, points[3]) == {(140, 142)}
    assert str(budget_graph.value(points[4], STYR.text)).endswith(
        "i enlighet med bilaga 4 till stadsledningskontorets tjänsteutlåtande, fastställs."
    )
    ks = URIRef(ID + "goteborg/org/kommunstyrelsen")
    assert all(budget_graph.value(p, STYR.decisionForum) == ks for p in points.values())


@needs_seeds
def test_service_report_signing_posts(budget_graph: Graph) -> None:
    report = _report(budget_graph)
    slk = URIRef(ID + "goteborg/org/stadsledningskontoret")
    posts = {
        str(budget_graph.value(p, RDFS.label)): URIRef(p)
        for p in budget_graph.objects(report, STYR.signedByPost)
    }
    assert set(posts) == {"Stadsdirektör", "Chef för område kontorsledning"}  # lines 220, 224
    for post in posts.values():
        assert (post, RDF.type, ORG.Post) in budget_graph
        assert budget_graph.value(post, ORG.postIn) == slk
        assert budget_graph.value(post, ORG.heldBy) is None
    assert _evidence_lines(budget_graph, posts["Stadsdirektör"]) == {(224, 224)}
    assert posts["Stadsdirektör"] == URIRef(f"{slk}/befattning/stadsdirektor")


# Read off 001: lines 180 (handläggare), 181 (phone), 182 (e-mail), 218 and 222 (signatories).
PERSONAL = [
    "Elisabeth Kylmänen",
    "Kylmänen",
    "031-3680110",
    "3680110",
    "elisabeth.kylmanen@stadshuset.goteborg.se",
    "kylmanen",
    "Aya Norvell",
    "Norvell",
    "Eva Hessman",
    "Hessman",
]


@needs_seeds
def test_no_personal_data_in_the_graph(budget_graph: Graph) -> None:
    ntriples = budget_graph.serialize(format="nt")
    leaked = [word for word in PERSONAL if word.lower() in ntriples.lower()]
    assert leaked == []


@needs_seeds
def test_personal_data_only_on_request() -> None:
    graph = ingest([BUDGET], include_personal=True).merged()
    holders = {
        str(graph.value(graph.value(post, ORG.heldBy), RDFS.label))
        for post in graph.subjects(RDF.type, ORG.Post)
    }
    assert holders == {"Aya Norvell", "Eva Hessman"}  # lines 218, 222
    ntriples = graph.serialize(format="nt")
    assert "3680110" not in ntriples and "@stadshuset" not in ntriples


# --- a document of the family: another municipality and board ----------------------------

MOTION = """\
 Yrkande angående Budget 2026 för idrotts- och föreningsnämnden
Malmö stad, idrotts- och föreningsnämnden

Förslag till beslut
I idrotts- och föreningsnämnden:

1. Förvaltningens förslag till budget 2026 för idrotts- och föreningsnämnden
antas med de ändringar som följer av detta yrkande.
2. Idrotts- och föreningsnämnden får i uppdrag att utreda hur fler
spontanidrottsplatser kan hållas öppna under sommarlovet.

Yrkandet
Liberalerna och Centerpartiet vill se fler barn i föreningslivet. I Liberalernas
och Centerpartiets budgetförslag föreslår vi därför höjda föreningsbidrag i
Malmö stad.

Anna Andersson (L)
Bo Berg (C)
"""


@pytest.fixture(scope="module")
def family_graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    path = tmp_path_factory.mktemp("party") / "malmo_yrkande.txt"
    path.write_text(MOTION, encoding="utf-8")
    return ingest([path]).merged()


def test_family_motion_authors(family_graph: Graph) -> None:
    constellation = URIRef(ID + "malmo/partikonstellation/c-l")
    assert (constellation, RDF.type, STYR.PartyConstellation) in family_graph
    assert (constellation, RDFS.label, Literal("L och C", lang="sv")) in family_graph
    motion = _doc_by(family_graph, STYR.Motion, constellation)
    # lines 13-14 of MOTION: "I Liberalernas / och Centerpartiets budgetförslag föreslår vi"
    assert _evidence_lines(family_graph, URIRef(PARTY + "liberalerna")) == {(13, 14)}
    assert "höjda föreningsbidrag" in str(family_graph.value(motion, DCTERMS.description))


def test_family_motion_points(family_graph: Graph) -> None:
    constellation = URIRef(ID + "malmo/partikonstellation/c-l")
    motion = _doc_by(family_graph, STYR.Motion, constellation)
    points = _points(family_graph, motion)
    assert sorted(points) == [1, 2]
    board = URIRef(ID + "malmo/org/idrotts-och-foreningsnamnden")
    assert (points[2], RDF.type, STYR.AssignmentProposal) in family_graph
    assert (points[1], RDF.type, STYR.AssignmentProposal) not in family_graph
    assert family_graph.value(points[2], STYR.responsibleBody) == board
    assert family_graph.value(points[1], STYR.decisionForum) == board
    assert _evidence_lines(family_graph, points[1]) == {(7, 8)}
    assert not list(family_graph.subjects(RDF.type, STYR.Assignment))


def test_family_motion_keeps_signatures_out(family_graph: Graph) -> None:
    ntriples = family_graph.serialize(format="nt")
    assert "Andersson" not in ntriples and "Berg" not in ntriples


REPORT = """\
 Budget 2026 för miljö- och klimatnämnden
Förslag till beslut
I miljö- och klimatnämnden:
1. Förvaltningens förslag till budget 2026 för miljö- och klimatnämnden, i enlighet
med bilaga 1, fastställs.
2. Miljö- och klimatnämnden får i uppdrag att återkomma med en
uppföljning i augusti 2026.

Sammanfattning
Miljöförvaltningen har tagit fram förslag till budget 2026 för Malmö stad.

Miljöförvaltningen
Tjänsteutlåtande
Utfärdat 2025-11-20
Diarienummer MKF-2025-01234
Handläggare
Per Persson
Telefon: 040-345678
E-post: per.persson@malmo.se

Ärendet
Nämnden ska besluta om budget.

Karin Karlsson
Förvaltningschef
"""


@pytest.fixture(scope="module")
def family_report(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    path = tmp_path_factory.mktemp("party") / "malmo_tjansteutlatande.txt"
    path.write_text(REPORT, encoding="utf-8")
    return ingest([path]).merged()


def test_family_service_report(family_report: Graph) -> None:
    report = _report(family_report)
    assert family_report.value(report, STYR.caseNumber) == Literal("MKF-2025-01234")  # line 15
    admin = URIRef(ID + "malmo/org/miljoforvaltningen")
    assert family_report.value(report, DCTERMS.creator) == admin  # line 12
    points = _points(family_report, report)
    assert sorted(points) == [1, 2]
    assert (points[2], RDF.type, STYR.AssignmentProposal) in family_report
    assert family_report.value(points[2], STYR.origin) is None  # not a party's yrkande
    assert _evidence_lines(family_report, points[1]) == {(4, 5)}
    post = URIRef(f"{admin}/befattning/forvaltningschef")
    assert family_report.value(report, STYR.signedByPost) == post  # line 25
    summary = family_report.value(report, DCTERMS.abstract)
    assert summary == Literal(
        "Miljöförvaltningen har tagit fram förslag till budget 2026 för Malmö stad.", lang="sv"
    )
    ntriples = family_report.serialize(format="nt")
    for word in ("Persson", "345678", "malmo.se", "Karlsson"):
        assert word not in ntriples
