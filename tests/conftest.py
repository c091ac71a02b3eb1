"""Shared fixtures: the seed texts and one ingest of both seeds per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

from loaders.pipeline import IngestResult, ingest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PLAN = SEEDS / "000_64bcae0d445429da.txt"
BUDGET = SEEDS / "001_ac962998a4b6cb85.txt"


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared/seeds is missing, and CI must not skip")
        pytest.skip("../shared/seeds is absent (tests on the seed corpus skipped)")
    return SEEDS


@pytest.fixture(scope="session")
def seed_result(seeds: Path) -> IngestResult:
    return ingest([seeds / PLAN.name, seeds / BUDGET.name])


@pytest.fixture(scope="session")
def seed_graph(seed_result: IngestResult) -> Graph:
    return seed_result.merged()
