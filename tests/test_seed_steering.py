"""Goals, directions, steering documents and assignments of the seed corpus.

Every expected value was read off ../shared/seeds by a person; line numbers are
those of the text files.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from loaders.vocab import KOD, PROV, STYR

ID = "https://w3id.org/styrgraf/id/goteborg/"
NS = {"styr": STYR._NS, "prov": PROV, "kod": KOD}


def _select(graph: Graph, query: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in graph.query(query, initNs=NS)]  # type: ignore[arg-type]


def _count(graph: Graph, cls: URIRef) -> int:
    return len(set(graph.subjects(RDF.type, cls)))


def test_counts_per_kind(seed_graph: Graph) -> None:
    assert _count(seed_graph, STYR.Goal) == 7  # 000 lines 76-163, 001 lines 341-718
    assert _count(seed_graph, STYR.Direction) == 8  # 000 181-222 = 001 750-791, 8 paragraphs
    # 12 city-budget + 1 own in 000 (226-289); 001 adds the winter-road one (936-940)
    # and 8 from earlier budgets (973-1040)
    assert _count(seed_graph, STYR.Assignment) == 22


def test_goal_three_has_evidence_in_both_documents(seed_graph: Graph) -> None:
    goal = URIRef(ID + "mal/2023-2026/3")
    assert (goal, STYR.goalNumber, Literal(3, datatype=XSD.integer)) in seed_graph
    lines = {
        int(row[0])  # type: ignore[call-overload]
        for row in _select(
            seed_graph,
            f"SELECT ?l WHERE {{ <{goal}> prov:qualifiedDerivation ?e . ?e styr:lineStart ?l }}",
        )
    }
    assert {104, 485} <= lines


def test_goal_wording_differences_are_kept(seed_graph: Graph) -> None:
    stated = {
        str(row[0])
        for row in _select(
            seed_graph,
            f"""SELECT ?t WHERE {{ <{ID}mal/2023-2026/2> prov:qualifiedDerivation ?e .
                ?e styr:statedText ?t }}""",
        )
    }
    assert stated == {"Segregationen i Göteborg ska brytas", "Segregationen i Göteborgs ska brytas"}


def test_programme_supports_goal_with_validity(seed_graph: Graph) -> None:
    plan = URIRef(ID + "styrdokument/plan-for-kompetensforsorjning")
    assert (plan, STYR.supportsGoal, URIRef(ID + "mal/2023-2026/3")) in seed_graph
    assert (plan, STYR.validFrom, Literal("2024-01-01", datatype=XSD.date)) in seed_graph
    assert (plan, RDF.type, STYR.Plan) in seed_graph
    # the same plan is also listed, without years, for goal 7 (001 line 739)
    assert (plan, STYR.supportsGoal, URIRef(ID + "mal/2023-2026/7")) in seed_graph


def test_goals_four_to_six_name_no_steering_documents(seed_graph: Graph) -> None:
    rows = _select(
        seed_graph,
        """SELECT DISTINCT ?n WHERE { ?d styr:supportsGoal ?g . ?g styr:goalNumber ?n }""",
    )
    assert sorted(int(r[0]) for r in rows) == [1, 2, 3, 7]  # type: ignore[call-overload]


def _assignment(graph: Graph, words: str) -> URIRef:
    rows = _select(
        graph,
        f"""SELECT DISTINCT ?a WHERE {{ ?a a styr:Assignment ; styr:text ?t .
            FILTER(CONTAINS(LCASE(STR(?t)), "{words}")) }}""",
    )
    assert len(rows) == 1, rows
    return rows[0][0]  # type: ignore[return-value]


def _requirements(graph: Graph, assignment: URIRef) -> list[tuple[object, ...]]:
    return _select(
        graph,
        f"""SELECT ?doc ?mode ?due ?kind WHERE {{ <{assignment}> styr:hasReportingRequirement ?r .
            ?r styr:statedIn ?doc ; styr:reportingMode ?mode ; styr:timingKind ?kind .
            OPTIONAL {{ ?r styr:dueBy ?due }} }}""",
    )


def test_neuropsychiatric_assignment_due_q4(seed_graph: Graph) -> None:
    a = _assignment(seed_graph, "neuropsykiatriska")
    assert (a, STYR.responsibleBody, URIRef(ID + "org/kommunstyrelsen")) in seed_graph
    budget_reqs = [r for r in _requirements(seed_graph, a) if str(r[0]).endswith("/ks/budget")]
    assert [(str(r[2]), str(r[3]).rsplit("/", 1)[-1]) for r in budget_reqs] == [
        ("2025-12-31", "kvartal")
    ]  # 001 line 874: "KS Q4 2025"
    # the two documents word it differently ("Göteborgs Stads kan" vs "Göteborgs Stad kan")
    assert len(set(seed_graph.objects(a, PROV.wasDerivedFrom))) == 2


def test_vocabulary_study_has_cooperating_boards_and_two_deadlines(seed_graph: Graph) -> None:
    a = _assignment(seed_graph, "ordförrådet")
    for board in ("forskolenamnden", "grundskolenamnden"):
        assert (a, STYR.cooperatingBody, URIRef(ID + "org/" + board)) in seed_graph
    dues = sorted(str(r[2]) for r in _requirements(seed_graph, a) if r[2] is not None)
    # 001 line 858: "Delrapportering under våren, rapport KS Q4 2025"
    assert dues == ["2025-06-30", "2025-12-31"]


def test_climate_budget_assignment_has_two_bodies_and_no_date(seed_graph: Graph) -> None:
    a = _assignment(seed_graph, "klimatbudget")
    bodies = set(seed_graph.objects(a, STYR.responsibleBody))
    assert bodies == {
        URIRef(ID + "org/miljo-och-klimatnamnden"),
        URIRef(ID + "org/kommunstyrelsen"),
    }
    budget_reqs = [r for r in _requirements(seed_graph, a) if str(r[0]).endswith("/ks/budget")]
    assert [str(r[3]).rsplit("/", 1)[-1] for r in budget_reqs] == ["ingen"]  # 001 812-818


def test_segregation_assignment_is_continuous(seed_graph: Graph) -> None:
    a = _assignment(seed_graph, "motverka segregation")
    modes = {str(r[1]).rsplit("/", 1)[-1] for r in _requirements(seed_graph, a)}
    assert "lopande" in modes  # 001 865-866


def test_earlier_year_assignment_keeps_case_number_and_year(seed_graph: Graph) -> None:
    a = URIRef(ID + "2023/kf/uppdrag/dnr-0202-23")
    assert (a, STYR.caseNumber, Literal("dnr 0202/23")) in seed_graph
    assert (a, STYR.originYear, Literal("2023", datatype=XSD.gYear)) in seed_graph
    assert (a, STYR.origin, KOD["uppdragsursprung/tidigare-budget"]) in seed_graph
    dues = {str(r[2]) for r in _requirements(seed_graph, a)}
    assert dues == {"2025-02-05"}  # 001 line 978


def test_collective_and_dependency(seed_graph: Graph) -> None:
    a = _assignment(seed_graph, "bärbar elektronik")
    assert (
        a,
        STYR.responsibleBody,
        URIRef(ID + "org/samling/alla-namnder-och-bolagsstyrelser"),
    ) in seed_graph
    dep = URIRef(ID + "2024/kf/uppdrag/slk-2023-01063")
    bodies = set(seed_graph.objects(dep, STYR.responsibleBody))
    assert URIRef(ID + "org/namnden-for-arbetsmarknad-och-vuxenutbildning") in bodies
    kinds = {str(r[3]).rsplit("/", 1)[-1] for r in _requirements(seed_graph, dep)}
    assert kinds == {"beroende"}  # 001 1042-1043 "Beror av annan"


def test_winter_roads_only_in_budget(seed_graph: Graph) -> None:
    a = _assignment(seed_graph, "vinterväghållningen")
    assert set(seed_graph.objects(a, STYR.responsibleBody)) == {
        URIRef(ID + "org/stadsmiljonamnden")
    }
    assert set(seed_graph.objects(a, STYR.cooperatingBody)) == {URIRef(ID + "org/kommunstyrelsen")}
    assert set(seed_graph.objects(a, STYR.listedIn)) == {URIRef(ID + "2025/ks/budget")}


def test_board_own_assignment_lives_under_the_board(seed_graph: Graph) -> None:
    a = _assignment(seed_graph, "jämställdhetsbudgetering")
    assert str(a).startswith(ID + "2025/ks/uppdrag/")
    assert (a, STYR.origin, KOD["uppdragsursprung/namnden"]) in seed_graph


def test_every_extracted_node_has_provenance_and_quote(seed_graph: Graph) -> None:
    missing = _select(
        seed_graph,
        """SELECT ?s WHERE { ?s a ?c . VALUES ?c { styr:Goal styr:Direction styr:Assignment
            styr:ReportingRequirement styr:GoalContribution styr:SteeringDocument }
            FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?d ; prov:qualifiedDerivation ?e .
                                ?e styr:quote ?q ; styr:lineStart ?l } }""",
    )
    assert missing == []


def test_party_documents_are_named_by_their_authors(seed_graph: Graph) -> None:
    # 000: M+D+L+KD statement (45-47), S+V+MP motion (66); 001: C (17), M+D+L+KD (35-36), SD (93)
    expected = {
        ID + "2025/ks/genomforandeplan/yttrande/d-kd-l-m",
        ID + "2025/ks/genomforandeplan/yrkande/mp-s-v",
        ID + "2025/ks/budget/yttrande/c",
        ID + "2025/ks/budget/yttrande/d-kd-l-m",
        ID + "2025/ks/budget/yrkande/sd",
    }
    found = {
        str(s) for cls in (STYR.Statement, STYR.Motion) for s in seed_graph.subjects(RDF.type, cls)
    }
    assert found == expected


def test_reporting_occasion_is_shared_by_table_and_time_plan(seed_graph: Graph) -> None:
    march = URIRef(ID + "2025/ks/rapport/delarsrapport-mars")
    # 001 lines 826-829: "KS 2025-04-23, delrapportering i delårsrapport mars för kommunstyrelsen"
    work_env = _assignment(seed_graph, "systematiska arbetsmiljöarbetet")
    requirements = set(seed_graph.objects(work_env, STYR.hasReportingRequirement))
    assert any((r, STYR.reportingOccasion, march) in seed_graph for r in requirements)
    # the time plan's row "Delårsrapport mars 2025 för kommunstyrelsen" plans the same report
    assert any(True for _ in seed_graph.subjects(STYR.plannedReport, march))
    labels = list(seed_graph.objects(march, RDFS.label))
    assert labels == [Literal("Delårsrapport mars 2025 för kommunstyrelsen", lang="sv")]


def test_every_reporting_occasion_has_one_swedish_label(seed_graph: Graph) -> None:
    for occasion in set(seed_graph.subjects(RDF.type, STYR.ReportingOccasion)):
        assert len(list(seed_graph.objects(occasion, RDFS.label))) == 1, occasion


def test_involved_body_covers_every_role(seed_graph: Graph) -> None:
    # 000 lines 233-236: KS, "i samverkan med förskolenämnden och grundskolenämnden"
    study = _assignment(seed_graph, "ordförrådet")
    assert set(seed_graph.objects(study, STYR.involvedBody)) == {
        URIRef(ID + "org/kommunstyrelsen"),
        URIRef(ID + "org/forskolenamnden"),
        URIRef(ID + "org/grundskolenamnden"),
    }


def test_super_properties_are_written_out(seed_graph: Graph) -> None:
    ontology = Graph().parse(Path(__file__).parents[1] / "ontology" / "styr.ttl")
    for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
        for s, o in seed_graph.subject_objects(sub):
            assert (s, sup, o) in seed_graph, (s, sub, sup)
