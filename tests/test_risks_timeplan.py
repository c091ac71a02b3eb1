"""Tests for the risk register, internal control plan and time plan loaders.

Expected values were read off the seed with ``sed -n`` (line numbers quoted).
"""

import os
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from loaders.codes import code
from loaders.ids import Minter
from loaders.pipeline import IngestResult, ingest
from loaders.risks import control_method, followed_up_in, read_items
from loaders.source import Line
from loaders.timeplan import occasion_iri, read_cells, report_type_of
from loaders.vocab import DEFAULT_BASE, PROV, RDF, RDFS, STYR, XSD

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir() and os.environ.get("CI") != "true", reason="../shared/seeds is absent"
)
SEED = "001_ac962998a4b6cb85.txt"
BASE = DEFAULT_BASE + "goteborg/2025/ks/"
REGISTER = URIRef(BASE + "riskbild")
CONTROL_PLAN = URIRef(BASE + "internkontrollplan")
TIME_PLAN = URIRef(BASE + "tidplan")


@pytest.fixture(scope="module")
def seed() -> IngestResult:
    return ingest([SEEDS / SEED])


@pytest.fixture(scope="module")
def graph(seed: IngestResult) -> Graph:
    return seed.merged()


# --- helpers ---------------------------------------------------------------------------------
def _in_doc(g: Graph, cls: Node, doc: URIRef, prop: Node = STYR.listedIn) -> set[Node]:
    return {s for s in g.subjects(RDF.type, cls) if (s, prop, doc) in g}


def _risk(g: Graph, doc: URIRef, label: str) -> Node:
    found = [
        r for r in _in_doc(g, STYR.Risk, doc) if (r, RDFS.label, Literal(label, lang="sv")) in g
    ]
    assert len(found) == 1, f"no single risk labelled {label!r}"
    return found[0]


def _actions(g: Graph, risk: Node, status: str) -> list[str]:
    return sorted(
        str(g.value(a, STYR.text))
        for a in g.objects(risk, STYR.hasAction)
        if (a, STYR.actionStatus, code("atgardsstatus", status)) in g
    )


def _spans(g: Graph, node: Node) -> list[tuple[int, int]]:
    return sorted(
        (int(g.value(ev, STYR.lineStart)), int(g.value(ev, STYR.lineEnd)))  # type: ignore[arg-type]
        for ev in g.objects(node, PROV.qualifiedDerivation)
    )


def _quotes(g: Graph, node: Node) -> list[str]:
    return [str(g.value(ev, STYR.quote)) for ev in g.objects(node, PROV.qualifiedDerivation)]


def _row(g: Graph, plan: URIRef, label: str) -> Node:
    found = [
        e
        for e in _in_doc(g, STYR.TimePlanEntry, plan, STYR.inTimePlan)
        if (e, RDFS.label, Literal(label, lang="sv")) in g
    ]
    assert len(found) == 1, f"no single time-plan row labelled {label!r}"
    return found[0]


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


# --- the risk register (seed lines 1707-2326) -------------------------------------------------
@needs_seeds
def test_register_has_eight_risks(graph: Graph) -> None:
    # eight "Riskbeskrivning:" between 1759 and 2279; the intro prose is not a risk
    assert len(_in_doc(graph, STYR.Risk, REGISTER)) == 8


@needs_seeds
def test_first_risk_heading_follows_page_heading(graph: Graph) -> None:
    # 1756 "Genomförandet av stadsledningskontorets samlade uppdrag", 1759 "Riskbeskrivning:"
    risk = _risk(graph, REGISTER, "Genomförandet av stadsledningskontorets samlade uppdrag")
    assert len(_actions(graph, risk, "genomford")) == 8  # paragraphs 1779-1806
    assert len(_actions(graph, risk, "planerad")) == 5  # bullets 1811-1838
    descriptions = {str(o) for o in graph.objects(risk, STYR.riskDescription)}
    assert descriptions == {
        "Risk för kvalitetsbrister i processer och att beslutsunderlag och styrinformation "
        "till kommunstyrelsen är ofullständig.",
        "Att kommunstyrelsens och förvaltningar och bolags tillit och förtroende för kontoret "
        "minskar.",
    }


@needs_seeds
def test_kompetensforsorjning(graph: Graph) -> None:
    # 1856 " Kompetensförsörjning" (page start), planned bullets 1896-1916
    risk = _risk(graph, REGISTER, "Kompetensförsörjning")
    planned = _actions(graph, risk, "planerad")
    assert len(planned) == 3
    assert (
        "Stadsledningskontoret följer kontinuerligt utvecklingen och behoven inom den egna "
        "verksamheten för att säkerställa kontoret kompetensförsörjning."
    ) in planned
    assert len(list(graph.objects(risk, STYR.consequenceDescription))) == 3  # 1866-1874
    assert _spans(graph, risk) == [(1856, 1925)]
    assert _quotes(graph, risk)[0].startswith("Kompetensförsörjning Riskbeskrivning:")


@needs_seeds
def test_informationssakerhet(graph: Graph) -> None:
    # planned bullets 2250-2262, five of them
    risk = _risk(graph, REGISTER, "Informationssäkerhet")
    planned = _actions(graph, risk, "planerad")
    assert len(planned) == 5
    assert "Förstärka incidentrapporteringen" in planned
    action = next(
        a
        for a in graph.objects(risk, STYR.hasAction)
        if str(graph.value(a, STYR.text)) == "Förstärka incidentrapporteringen"
    )
    assert _spans(graph, action) == [(2260, 2260)]
    assert _quotes(graph, action) == ["• Förstärka incidentrapporteringen"]
    assert (action, STYR.mitigates, risk) in graph


@needs_seeds
def test_bullet_wrapped_over_blank_line(graph: Graph) -> None:
    # 2308 "• Fortsätta att digitalisera och automatisera", 2309 "• Utvecklas … nyttjande",
    # 2310 blank, 2311 "av befintlig kompetens."
    risk = _risk(graph, REGISTER, "Minskad administration")
    planned = _actions(graph, risk, "planerad")
    assert len(planned) == 3
    assert "Utvecklas våra arbetssätt för bästa nyttjande av befintlig kompetens." in planned
    assert "Fortsätta att digitalisera och automatisera" in planned


@needs_seeds
def test_follow_up(graph: Graph) -> None:
    # 2151-2153 names no report; 1924-1925 "delårs- och årsrapporter till kommunstyrelsen"
    economy = _risk(graph, REGISTER, "Långsiktig ekonomisk utmaning")
    text = str(graph.value(economy, STYR.followUpText))
    assert text.startswith("Den ekonomiska utvecklingen beskrivs löpande")
    assert not list(graph.objects(economy, STYR.followedUpIn))
    skills = _risk(graph, REGISTER, "Kompetensförsörjning")
    assert set(graph.objects(skills, STYR.followedUpIn)) == {
        URIRef(BASE + "rapport/arsrapport"),
        URIRef(BASE + "rapport/delarsrapport-mars"),
        URIRef(BASE + "rapport/delarsrapport-augusti"),
    }


@needs_seeds
def test_risk_area_concept(graph: Graph) -> None:
    risk = _risk(graph, REGISTER, "Kompetensförsörjning")
    area = graph.value(risk, STYR.riskArea)
    assert area == URIRef(DEFAULT_BASE + "goteborg/riskomrade/kompetensforsorjning")
    assert (area, RDF.type, STYR.RiskArea) in graph


# --- the internal control plan (seed lines 2327-2551) -----------------------------------------
@needs_seeds
def test_control_plan_has_four_areas(graph: Graph) -> None:
    # "Riskområde:" at 2334, 2382, 2430, 2507
    assert len(_in_doc(graph, STYR.Risk, CONTROL_PLAN)) == 4


@needs_seeds
def test_loneprocessen_controls(graph: Graph) -> None:
    # 2357 "Planerade kontroller:", bullets 2359-2360 and 2362-2363
    risk = _risk(graph, CONTROL_PLAN, "Löneprocessen")
    controls = list(graph.objects(risk, STYR.hasControl))
    assert len(controls) == 2
    for control in controls:
        assert (control, STYR.controlMethod, code("kontrollmetod", "stickprov")) in graph
        assert (control, STYR.controlsRisk, risk) in graph
        assert (control, STYR.followedUpIn, URIRef(BASE + "rapport/arsrapport")) in graph
    first = URIRef(f"{CONTROL_PLAN}/kontroll/loneprocessen-1")
    assert _spans(graph, first) == [(2359, 2360)]
    assert len(_actions(graph, risk, "genomford")) == 4  # 2344-2354


@needs_seeds
def test_other_control_methods(graph: Graph) -> None:
    # 2413 "• Genomgång av att kontroller …"; 2471 "• Kontrollera att existerande åtgärder …"
    people = _risk(graph, CONTROL_PLAN, "Processen vid nyanställning/avslut av personal")
    methods = sorted(
        str(graph.value(c, STYR.controlMethod)).rsplit("/", 1)[-1]
        for c in graph.objects(people, STYR.hasControl)
    )
    assert methods == ["genomgang", "stickprov"]
    assert len(_actions(graph, people, "existerande")) == 3  # 2398-2404
    purchase = _risk(graph, CONTROL_PLAN, "Inköp och upphandling")
    (control,) = list(graph.objects(purchase, STYR.hasControl))
    assert (control, STYR.controlMethod, code("kontrollmetod", "atgardsuppfoljning")) in graph


# --- the time plan (seed lines 2624-2751) -------------------------------------------------------
@needs_seeds
def test_time_plan_rows(graph: Graph, seed: IngestResult) -> None:
    # twelve rows under "Rubrik Till KS Notering" (2656), 2658-2751
    rows = _in_doc(graph, STYR.TimePlanEntry, TIME_PLAN, STYR.inTimePlan)
    assert len(rows) == 12
    assert sorted(int(graph.value(r, STYR.order)) for r in rows) == list(range(1, 13))  # type: ignore[arg-type]
    assert not [f for f in seed.report.findings if f.kind == "time_plan_row"]


@needs_seeds
def test_interim_report_for_ks(graph: Graph) -> None:
    # 2689 title, 2693-2694 "Ordinarie KS" / "2025-04-23", 2698 "(sent utskick)",
    # 2700 "Sista dag för beslut i nämnd 2025-04-23"
    row = _row(graph, TIME_PLAN, "Delårsrapport mars 2025 för kommunstyrelsen")
    assert graph.value(row, STYR.dateToKS) == _date("2025-04-23")
    assert graph.value(row, STYR.lastDecisionDate) == _date("2025-04-23")
    assert graph.value(row, STYR.lateDispatch) == Literal(True)
    assert graph.value(row, STYR.documentForm) == code("handlingstyp", "tjansteutlatande")
    assert _spans(graph, row) == [(2689, 2700)]
    occasion = graph.value(row, STYR.plannedReport)
    assert occasion == URIRef(BASE + "rapport/delarsrapport-mars")
    assert (occasion, STYR.reportType, code("rapporttyp", "delarsrapport-mars")) in graph
    assert (
        occasion,
        STYR.reportingBody,
        URIRef(DEFAULT_BASE + "goteborg/org/kommunstyrelsen"),
    ) in graph


@needs_seeds
def test_monthly_row(graph: Graph) -> None:
    # 2666 "Månatligen  Tjänsteutlåtande"
    rows = [
        r
        for r in graph.subjects(STYR.inTimePlan, TIME_PLAN)
        if graph.value(r, STYR.recurrence) == Literal("P1M", datatype=XSD.duration)
    ]
    assert len(rows) == 1
    assert str(graph.value(rows[0], RDFS.label)).startswith(
        "Uppföljning av Göteborgs Stads riktlinje"
    )
    assert graph.value(rows[0], STYR.order) == Literal(1, datatype=XSD.integer)


@needs_seeds
def test_annual_report_month(graph: Graph) -> None:
    # 2734 "Årsrapport 2025 för kommunstyrelsen", 2738 "Februari år 2026 Tjänsteutlåtande",
    # 2739 "Sista dag för beslut i nämnd 2026-02-13"
    row = _row(graph, TIME_PLAN, "Årsrapport 2025 för kommunstyrelsen")
    assert graph.value(row, STYR.dueMonth) == Literal("2026-02", datatype=XSD.gYearMonth)
    assert graph.value(row, STYR.lastDecisionDate) == _date("2026-02-13")
    assert graph.value(row, STYR.dateToKS) is None
    assert graph.value(row, STYR.lateDispatch) is None
    # the same occasion the risk register's follow-up names
    assert graph.value(row, STYR.plannedReport) == URIRef(BASE + "rapport/arsrapport")


@needs_seeds
def test_city_report_on_one_line(graph: Graph) -> None:
    # 2702 "Delårsrapport mars 2025 för Göteborgs Stad 2025-05-21 Tjänsteutlåtande"
    row = _row(graph, TIME_PLAN, "Delårsrapport mars 2025 för Göteborgs Stad")
    assert graph.value(row, STYR.dateToKS) == _date("2025-05-21")
    assert _spans(graph, row) == [(2702, 2702)]
    occasion = graph.value(row, STYR.plannedReport)
    assert occasion == URIRef(DEFAULT_BASE + "goteborg/2025/stad/rapport/delarsrapport-mars")
    assert graph.value(occasion, STYR.reportingBody) == URIRef(DEFAULT_BASE + "goteborg")


# --- unit checks of the public helpers -------------------------------------------------------
def test_report_type_of() -> None:
    assert report_type_of("Delårsrapport mars 2025 för kommunstyrelsen") == "delarsrapport-mars"
    assert report_type_of("i delårsrapport augusti för kommunstyrelsen") == "delarsrapport-augusti"
    assert report_type_of("Årsrapport 2024 för kommunstyrelsen") == "arsrapport"
    assert report_type_of("Årsredovisning 2024 för Göteborgs Stad") == "arsredovisning"
    assert report_type_of("Bokslutsberedning avseende 2024") == "bokslutsberedning"
    assert report_type_of("Budget 2026 för kommunstyrelsen") == "budget"
    assert report_type_of("Lokalförsörjningsplan") is None


def test_occasion_iri() -> None:
    mint = Minter("https://example.org/")
    iri = occasion_iri(mint, "goteborg", 2025, "ks", "delarsrapport-mars")
    assert iri == URIRef("https://example.org/goteborg/2025/ks/rapport/delarsrapport-mars")


def test_read_cells_one_line() -> None:
    cells = read_cells("Delårsrapport augusti 2025 för Göteborgs Stad  2025-10-22 Tjänsteutlåtande")
    assert cells.title == "Delårsrapport augusti 2025 för Göteborgs Stad"
    assert cells.when_date == "2025-10-22"
    assert cells.form == "tjansteutlatande"
    title_only = read_cells("Delårsrapport mars 2025 för kommunstyrelsen")
    assert title_only.month is None and title_only.title.startswith("Delårsrapport mars")


def test_control_method_and_follow_up_words() -> None:
    assert control_method("Stickprov på attesterade fakturor.") == "stickprov"
    assert control_method("Genomgång av attestförteckningen.") == "genomgang"
    assert control_method("Kontrollera att existerande åtgärder genomförs.") == "atgardsuppfoljning"
    assert control_method("Analys av avvikelser.") == "ovrig"
    assert followed_up_in("Uppföljning sker i delårsrapport augusti och årsrapport") == [
        "delarsrapport-augusti",
        "arsrapport",
    ]
    assert followed_up_in("Resultatet redovisas i ärende till nämnden.") == []


def test_read_items_bullets() -> None:
    texts = ["• Första punkten", "som fortsätter", "", "• Andra", "", "fortsätter här.", "", "Ny."]
    lines = [Line(i, t, t, 1) for i, t in enumerate(texts, start=1)]
    items = read_items(lines)
    assert [(i.start, i.end, i.text, i.bullet) for i in items] == [
        (1, 2, "Första punkten som fortsätter", True),
        (4, 6, "Andra fortsätter här.", True),
        (8, 8, "Ny.", False),
    ]


# --- the family: another board, another municipality ----------------------------------------
FAMILY = """Bilaga 2

Samlad riskbild och intern kontrollplan 2026
Idrotts- och föreningsnämnden

Idrotts- och föreningsnämnden ska säkerställa att riskhantering sker kontinuerligt
inom väsentliga verksamhetsområden i Borås Stad och fastställa en samlad riskbild.

1. Bokning och upplåtelse av idrottsanläggningar

Riskbeskrivning: Att bokningar av hallar och planer hanteras felaktigt eller
inte enligt gällande taxor.
Konsekvensbeskrivning:
Intäktsbortfall och minskat förtroende från föreningslivet.

Genomförda åtgärder:
Nytt bokningssystem har införts.

Planerade åtgärder:
• Utbilda personal i bokningssystemet
• Se över taxor och avgifter
inför säsongen 2026.

Uppföljning sker i årsrapporten till idrotts- och föreningsnämnden.
 Föreningsbidrag


Riskbeskrivning:

Att bidrag betalas ut till föreningar som inte uppfyller villkoren.

Att beslut om bidrag inte dokumenteras.

Konsekvensbeskrivning:
Felaktiga utbetalningar och förtroendeskada för Borås Stad.

Befintliga åtgärder:
Bidragsreglerna finns publicerade på Borås Stads webbplats.

Planerade åtgärder:

- Kontroll av föreningarnas verksamhetsberättelser
- Dokumentera alla bidragsbeslut i

ärendehanteringssystemet.

Uppföljning sker i delårsrapport augusti och årsrapport till nämnden.

 Internkontrollplan

Inom området nedan görs kontroller under 2026.

Riskområde: Attest av fakturor
Riskbeskrivning:
Fakturor attesteras av fel person eller utan underlag.
Konsekvensbeskrivning:
Felaktiga utbetalningar.
Existerande åtgärder:
Attesträtter ses över varje år.

Planerade kontroller:
• Stickprov på attesterade fakturor varje kvartal.
• Genomgång av attestförteckningen.
• Kontrollera att existerande åtgärder genomförs.

Resultatet av kontrollerna följs upp i årsrapporten till nämnden.
 1 Inledning
Enligt Borås Stads riktlinjer ska nämnden besluta om en tid- och arbetsplan för
planerings- och uppföljningsarbetet 2026.
 2 Tid- och arbetsplan för planerings- och uppföljningsarbetet
Rubrik Till nämnd Notering

Årsrapport 2025 för idrotts- och föreningsnämnden 2026-02-17 Tjänsteutlåtande

Delårsrapport augusti 2026 för
idrotts- och föreningsnämnden
Inklusive uppföljning av intern kontroll

Ordinarie nämnd
2026-09-22
Tjänsteutlåtande (sent utskick)

Uppföljning av föreningsbidrag
Varje månad Information

Budget 2027 för idrotts- och föreningsnämnden
November år 2026 Tjänsteutlåtande
Sista dag för beslut i nämnd 2026-11-30

Lokalbokningsrapport till nämnden
Datum meddelas senare
"""
FAMILY_BASE = DEFAULT_BASE + "boras/2026/idrotts-och-foreningsnamnden/"


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> IngestResult:
    path = tmp_path_factory.mktemp("family") / "boras_idrott_bilagor.txt"
    path.write_text(FAMILY, encoding="utf-8")
    return ingest([path])


def test_family_documents_found(family: IngestResult) -> None:
    g = family.merged()
    for kind, cls in (
        ("riskbild", STYR.RiskRegister),
        ("internkontrollplan", STYR.InternalControlPlan),
        ("tidplan", STYR.TimePlan),
    ):
        assert (URIRef(FAMILY_BASE + kind), RDF.type, cls) in g, kind


def test_family_risks(family: IngestResult) -> None:
    g = family.merged()
    register = URIRef(FAMILY_BASE + "riskbild")
    assert len(_in_doc(g, STYR.Risk, register)) == 2
    # the heading "1. Bokning och …" (family line 9) loses its number
    booking = _risk(g, register, "Bokning och upplåtelse av idrottsanläggningar")
    assert _spans(g, booking) == [(9, 24)]
    assert _actions(g, booking, "planerad") == [
        "Se över taxor och avgifter inför säsongen 2026.",
        "Utbilda personal i bokningssystemet",
    ]
    assert [str(o) for o in g.objects(booking, STYR.riskDescription)] == [
        "Att bokningar av hallar och planer hanteras felaktigt eller inte enligt gällande taxor."
    ]
    grants = _risk(g, register, "Föreningsbidrag")
    assert len(list(g.objects(grants, STYR.riskDescription))) == 2
    assert _actions(g, grants, "existerande") == [
        "Bidragsreglerna finns publicerade på Borås Stads webbplats."
    ]
    assert "Dokumentera alla bidragsbeslut i ärendehanteringssystemet." in _actions(
        g, grants, "planerad"
    )
    assert set(g.objects(grants, STYR.followedUpIn)) == {
        URIRef(FAMILY_BASE + "rapport/delarsrapport-augusti"),
        URIRef(FAMILY_BASE + "rapport/arsrapport"),
    }


def test_family_controls(family: IngestResult) -> None:
    g = family.merged()
    plan = URIRef(FAMILY_BASE + "internkontrollplan")
    risk = _risk(g, plan, "Attest av fakturor")
    methods = sorted(
        str(g.value(c, STYR.controlMethod)).rsplit("/", 1)[-1]
        for c in g.objects(risk, STYR.hasControl)
    )
    assert methods == ["atgardsuppfoljning", "genomgang", "stickprov"]
    assert _actions(g, risk, "existerande") == ["Attesträtter ses över varje år."]
    area = g.value(risk, STYR.riskArea)
    assert area == URIRef(DEFAULT_BASE + "boras/riskomrade/attest-av-fakturor")


def test_family_time_plan(family: IngestResult) -> None:
    g = family.merged()
    plan = URIRef(FAMILY_BASE + "tidplan")
    rows = _in_doc(g, STYR.TimePlanEntry, plan, STYR.inTimePlan)
    assert len(rows) == 4
    august = _row(g, plan, "Delårsrapport augusti 2026 för idrotts- och föreningsnämnden")
    # the column is "Till nämnd", not "Till KS"
    assert g.value(august, STYR.dueDate) == _date("2026-09-22")
    assert g.value(august, STYR.dateToKS) is None
    assert g.value(august, STYR.lateDispatch) == Literal(True)
    assert g.value(august, STYR.plannedReport) == URIRef(
        FAMILY_BASE + "rapport/delarsrapport-augusti"
    )
    budget = _row(g, plan, "Budget 2027 för idrotts- och föreningsnämnden")
    assert g.value(budget, STYR.dueMonth) == Literal("2026-11", datatype=XSD.gYearMonth)
    assert g.value(budget, STYR.lastDecisionDate) == _date("2026-11-30")
    monthly = _row(g, plan, "Uppföljning av föreningsbidrag")
    assert g.value(monthly, STYR.recurrence) == Literal("P1M", datatype=XSD.duration)
    assert g.value(monthly, STYR.documentForm) == code("handlingstyp", "information")
    unread = [f for f in family.report.findings if f.kind == "time_plan_row"]
    assert [f.raw for f in unread] == ["Lokalbokningsrapport till nämnden Datum meddelas senare"]
