"""`styrgraf validate`: exit codes, the four report formats, the report file, any RDF."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from api.cli import main

ROOT = Path(__file__).resolve().parents[1]
FAMILY = ROOT / "tests" / "fixtures" / "family"


@pytest.fixture(scope="module")
def family_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("family")
    assert (
        main(["ingest", *map(str, sorted(FAMILY.glob("*.txt"))), "-o", str(folder / "kfn.ttl")])
        == 0
    )
    return folder


def copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(folder, target)
    return target


def test_text_report_groups_by_rule_and_body_with_sources(
    family_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy(family_data, tmp_path)
    assert main(["validate", str(data)]) == 1  # three violations were planted
    out = capsys.readouterr().out
    assert "3 fel, 5 varningar, 4 information" in out
    # a rule heading, its body, the entity, the Swedish message, the value and the quote
    assert "== Fel: Summaraden är summan av raderna (1) ==" in out
    assert "-- Kultur- och fritidsnämnden --" in out
    assert "Fritid: Resultat Budget 2026" in out
    assert "Summaraden stämmer inte med summan av raderna ovanför" in out
    assert "Värde: 0.0; summa = 0.3" in out
    assert "rad 110" in out and '"Resultat 0,0 0,0"' in out
    assert (data / "validation-report.txt").read_text(encoding="utf-8") == out
    assert (data / "validation-report.ttl").exists()


def test_english_report(
    family_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(copy(family_data, tmp_path)), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "The total row does not equal the sum of the rows above it" in out
    assert "line 110" in out


@pytest.mark.parametrize(("fail_on", "code"), [("violation", 1), ("warning", 1), ("info", 1)])
def test_fail_on(family_data: Path, tmp_path: Path, fail_on: str, code: int) -> None:
    assert main(["validate", str(copy(family_data, tmp_path)), "--fail-on", fail_on]) == code


def test_warnings_alone_pass_unless_asked(tmp_path: Path) -> None:
    # one goal and nothing supporting it: a warning only
    data = tmp_path / "goal.ttl"
    data.write_text(
        """@prefix styr: <https://w3id.org/styrgraf/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        <https://example.org/mal/1> a styr:Goal ; rdfs:label "Mål 1"@sv ;
          prov:wasDerivedFrom <https://example.org/doc> ;
          prov:qualifiedDerivation <https://example.org/mal/1/belagg> .
        <https://example.org/mal/1/belagg> a styr:Evidence ; prov:entity <https://example.org/doc> ;
          styr:lineStart 1 ; styr:lineEnd 1 ; styr:quote "Mål 1" .
        """,
        encoding="utf-8",
    )
    assert main(["validate", str(data), "--no-file"]) == 0
    assert main(["validate", str(data), "--no-file", "--fail-on", "warning"]) == 1


def test_turtle_and_json_are_standard_reports(
    family_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy(family_data, tmp_path)
    main(["validate", str(data), "--format", "turtle"])
    turtle = Graph().parse(data=capsys.readouterr().out, format="turtle")
    main(["validate", str(data), "--format", "json"])
    text = capsys.readouterr().out
    json.loads(text)
    jsonld = Graph().parse(data=text, format="json-ld")
    for graph in (turtle, jsonld):
        (report,) = graph.subjects(RDF.type, SH.ValidationReport)
        assert graph.value(report, SH.conforms).toPython() is False  # type: ignore[union-attr]
        assert len(set(graph.objects(report, SH.result))) == 12
    assert (data / "validation-report.jsonld").exists()


def test_html_report(family_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", str(copy(family_data, tmp_path)), "--format", "html"])
    page = capsys.readouterr().out
    assert page.startswith("<!doctype html>") and 'lang="sv"' in page
    assert "Summaraden är summan av raderna" in page and 'lang="en"' in page


def test_bad_rdf_exits_2_and_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    assert "bad.ttl" in capsys.readouterr().err


def test_missing_shapes_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "x.ttl"
    data.write_text("<https://e.org/a> <https://e.org/b> 1 .\n", encoding="utf-8")
    assert main(["validate", str(data), "--shapes", str(tmp_path / "none")]) == 2
    assert "none" in capsys.readouterr().err


def test_foreign_rdf_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # RDF/XML from another tool, with an assignment that lacks everything
    data = tmp_path / "other.rdf"
    data.write_text(
        """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:styr="https://w3id.org/styrgraf/ontology#">
  <styr:Assignment rdf:about="https://example.org/uppdrag/1"/>
</rdf:RDF>
""",
        encoding="utf-8",
    )
    assert main(["validate", str(data), "--no-file", "--format", "turtle"]) == 1
    report = Graph().parse(data=capsys.readouterr().out, format="turtle")
    shapes = {str(s).rsplit("#", 1)[-1] for s in report.objects(None, SH.sourceShape)}
    assert {"AssignmentResponsibleProperty", "AssignmentReportingProperty"} <= shapes


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_time_limit_exits_3_and_says_what_to_do(
    family_data: Path, tmp_path: Path, engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy(family_data, tmp_path)
    # pySHACL needs about 2 s for this data and the fast engine a few hundredths, but a
    # limit of one millisecond runs out before the validating process has even started
    args = ["validate", str(data), "--engine", engine, "--time-limit", "0.001"]
    assert main(args) == 3
    err = capsys.readouterr().err
    assert "0.001 s" in err
    assert "--time-limit" in err
    assert not (data / "validation-report.txt").exists()  # no report for a run that did not end
