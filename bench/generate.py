"""Synthetic governance data in the styrgraf vocabulary, with planted defects.

``python -m bench.generate --triples N --out FILE.nt [--seed S]`` writes about ``N``
triples of N-Triples that look like the graph the loaders build from real documents:
boards (nämnder) of many municipalities, each with one block per budget year holding an
implementation plan, a board budget and a time plan, goals, directions, assignments with
reporting requirements, time-plan entries, a budget table (total rows with summands,
operation parts) and amounts stated in the prose, every fact with line-level evidence,
provenance and Swedish and English labels. A correct block produces no finding for any
shape in ``shapes/``.

Defects are then planted at about one per :data:`TRIPLES_PER_DEFECT` triples (at least
one of each kind), round robin over :data:`KINDS`, which covers every shape that has a
target. Each kind changes one entity that no other kind touches, so a block may hold
several defects (never two of one kind) and each defect produces exactly the findings
listed for it; :func:`write` returns their sum per shape local name (:class:`Planted`).

The output is deterministic for a given seed. Nothing here uses rdflib: lines are written
as strings, so a million triples take a few seconds.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bench.synth_block import Block
from bench.synth_kinds import KINDS, Generated, Kind, Planted
from bench.synth_names import LINES, make_board
from bench.synth_terms import (
    BASE,
    CONCEPT,
    FIRST_YEAR,
    LABEL,
    YEARS_PER_BOARD,
    A,
    en,
    styr,
    sv,
)

TRIPLES_PER_DEFECT = 500
__all__ = [
    "BASE",
    "KINDS",
    "Generated",
    "Kind",
    "Planted",
    "emit",
    "generate",
    "parse_size",
    "write",
]


def _header() -> list[str]:
    out = []
    for slug, name, name_en in LINES:
        line = f"<{BASE}budgetrad/{slug}>"
        out += [
            f"{line} {A} {styr('BudgetLine')} .\n",
            f"{line} {A} {CONCEPT} .\n",
            f"{line} {LABEL} {sv(name)} .\n",
            f"{line} {LABEL} {en(name_en)} .\n",
        ]
    return out


def _block_size(first_of_board: bool, defects: dict[str, int] | None = None) -> int:
    block = Block(random.Random(0), make_board(1), FIRST_YEAR, defects or {})
    block.build(first_of_board)
    return len(block.lines)


@functools.cache
def _defect_size() -> float:
    """The triples a defect adds to its block, on average over the kinds and their variants
    (a kind that plants an entity adds it; one that leaves a triple out takes one away)."""
    base = _block_size(False)
    sizes = [_block_size(False, {k.name: n}) - base for k in KINDS for n in (0, 1)]
    return sum(sizes) / len(sizes)


def _filler_size() -> int:
    block = Block(random.Random(0), make_board(1), FIRST_YEAR, {})
    block.build(False)
    before = len(block.lines)
    block.filler(1)
    return len(block.lines) - before


def emit(sink: Callable[[list[str]], object], triples: int, seed: int = 0) -> Planted:
    """Generate about ``triples`` triples, passing each block's lines to ``sink``."""
    rng = random.Random(seed)
    planted = Planted()
    header = _header()
    sink(header)
    written = len(header)
    # plan the blocks: as many whole board years as fit beside the triples the defects add,
    # then extra directions
    wanted = max(len(KINDS), round(triples / TRIPLES_PER_DEFECT))
    budget = triples - round(wanted * _defect_size())
    first, rest = _block_size(True), _block_size(False)
    blocks = 0
    size = written
    while True:
        nxt = first if blocks % YEARS_PER_BOARD == 0 else rest
        if blocks and size + nxt > budget:
            break
        size += nxt
        blocks += 1
    extra = max(0, round((budget - size) / _filler_size()))
    # plan the defects: about one per TRIPLES_PER_DEFECT triples, at least one of each kind
    n_defects = min(wanted, len(KINDS) * blocks)
    offset = rng.randrange(len(KINDS))
    per_block: list[dict[str, int]] = [{} for _ in range(blocks)]
    for i in range(n_defects):
        kind = KINDS[(i + offset) % len(KINDS)]
        per_block[i * blocks // n_defects][kind.name] = (i + offset) // len(KINDS)
    by_name = {k.name: k for k in KINDS}
    for index in range(blocks):
        board, year = divmod(index, YEARS_PER_BOARD)
        block = Block(rng, make_board(board), FIRST_YEAR + year, per_block[index])
        block.build(year == 0)
        if index == blocks - 1:
            block.filler(extra)
        for name in per_block[index]:
            planted.add(by_name[name], block.focus[name])
        sink(block.lines)
        written += len(block.lines)
    planted.triples = written
    return planted


def write(out: TextIO, triples: int, seed: int = 0) -> Planted:
    """Write about ``triples`` triples of N-Triples to ``out``; return what was planted."""
    return emit(lambda lines: out.write("".join(lines)), triples, seed)


def generate(triples: int, seed: int = 0) -> Generated:
    """Return the lines and the planted findings (for tests and small sizes)."""
    lines: list[str] = []
    planted = emit(lines.extend, triples, seed)
    return Generated(lines, planted)


def parse_size(text: str) -> int:
    """Parse "10k", "1M", "2.5M" or "3000" into a number of triples."""
    t = text.strip().lower().replace("_", "")
    factor = 1
    if t.endswith("k"):
        factor, t = 1_000, t[:-1]
    elif t.endswith("m"):
        factor, t = 1_000_000, t[:-1]
    return round(float(t) * factor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--triples", type=parse_size, required=True, help="e.g. 10k, 1M")
    parser.add_argument("--out", type=Path, required=True, help="the N-Triples file to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--planted", type=Path, help="also write the planted counts as JSON")
    args = parser.parse_args(argv)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        planted = write(out, args.triples, args.seed)
    summary = {
        "triples": planted.triples,
        "seed": args.seed,
        "planted": dict(sorted(planted.items())),
    }
    if args.planted:
        args.planted.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {planted.triples} triples to {args.out}", file=sys.stderr)
    print(json.dumps(summary["planted"], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
