"""The CLI: exit codes, clear errors, atomic output, reproducible data/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from api.cli import main
from api.validate import REPORT_STEM

ROOT = Path(__file__).resolve().parents[1]


def test_missing_file_exits_2_and_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.txt"
    assert main(["ingest", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "nope.txt" in err and "hint:" in err


def test_empty_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n   \n", encoding="utf-8")
    assert main(["ingest", str(empty)]) == 2
    assert "no text" in capsys.readouterr().err


def test_binary_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    assert main(["ingest", str(binary)]) == 2
    assert "image.txt" in capsys.readouterr().err


def test_non_governance_text_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recipe = tmp_path / "recipe.txt"
    recipe.write_text("Kanelbullar\n\nBlanda mjöl, smör och socker.\n", encoding="utf-8")
    assert main(["ingest", str(recipe)]) == 2
    assert "no governance content" in capsys.readouterr().err


def test_failed_ingest_leaves_no_output(tmp_path: Path) -> None:
    out = tmp_path / "out.ttl"
    assert main(["ingest", str(tmp_path / "missing.txt"), "-o", str(out)]) == 2
    assert not out.exists()


def test_every_command_has_help() -> None:
    for command in ("ingest", "build", "validate"):
        done = subprocess.run(
            [sys.executable, "-m", "api.cli", command, "--help"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert done.returncode == 0 and "usage:" in done.stdout


def test_readme_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert "\nrun:" in makefile and "\ntest:" in makefile
    for command in ("ingest", "build", "validate"):
        assert f"styrgraf {command}" in readme


@pytest.mark.slow
def test_build_reproduces_committed_data(seeds: Path, tmp_path: Path) -> None:
    assert main(["build", "--sources", str(seeds), "--out", str(tmp_path)]) == 0
    # `make run` leaves the validation reports beside the data: no build writes them
    committed = sorted(
        p.name
        for p in (ROOT / "data").iterdir()
        if p.suffix in {".ttl", ".json"} and not p.name.startswith(REPORT_STEM)
    )
    built = sorted(p.name for p in tmp_path.iterdir())
    assert committed == built
    for name in built:
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


def test_ingest_formats_parse(seeds: Path, tmp_path: Path) -> None:
    from rdflib import Dataset, Graph

    source = str(seeds / "000_64bcae0d445429da.txt")
    sizes = {}
    for fmt, parser in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        out = tmp_path / f"g.{fmt}"
        assert main(["ingest", source, "-o", str(out), "--format", fmt]) == 0
        sizes[fmt] = len(Graph().parse(out, format=parser))
    out = tmp_path / "g.trig"
    assert main(["ingest", source, "-o", str(out), "--format", "trig"]) == 0
    ds = Dataset()
    ds.parse(out, format="trig")
    assert len(set(sizes.values())) == 1 and sizes["nt"] > 100
    assert sum(len(g) for g in ds.graphs()) == sizes["nt"]
