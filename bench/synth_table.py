"""The budget table and the amounts stated in the prose of a synthetic block
(:class:`bench.synth_block.Block`)."""

from __future__ import annotations

from bench.synth_names import LINES, OPERATIONS
from bench.synth_terms import (
    AMOUNT,
    BASE,
    FISCAL_YEAR,
    LABEL,
    PROV_ENTITY,
    QB_DATASET,
    QB_IN,
    QB_OBS,
    A,
    gap,
    kod,
    money,
    styr,
    sv,
    swedish_money,
)


class TableParts:
    """The budget table of a :class:`~bench.synth_block.Block` (a part of it)."""

    def table(self) -> None:
        b, y, t, rng = self.board, self.y, self.t, self.rng
        dataset = self.iri("budget/tabell")
        t(dataset, A, styr("BudgetDataSet"))
        t(dataset, A, QB_DATASET)
        t(dataset, LABEL, sv(f"Budget {y} för {b.name.lower()}: driftbudget"))
        cells: dict[tuple[str | None, int, int], str] = {}
        amounts: dict[tuple[str | None, int, int], int] = {}

        def cell(op: str | None, line: int, year: int, tenths: int) -> str:
            slug, name, _ = LINES[line]
            area_slug = op or "totalt"
            c = self.iri(f"budget/tabell/obs/{area_slug}/{slug}/{year}")
            area_name = next((n for o, n, _ in OPERATIONS if o == op), b.name)
            t(c, A, styr("BudgetObservation"))
            t(c, A, QB_OBS)
            t(c, A, PROV_ENTITY)
            t(c, LABEL, sv(f"{area_name}: {name} Budget {year}"))
            t(c, AMOUNT, money(tenths))
            t(c, QB_IN, dataset)
            t(c, styr("budgetArea"), b.area(op))
            t(c, styr("budgetLine"), f"<{BASE}budgetrad/{slug}>")
            t(c, FISCAL_YEAR, f"<http://reference.data.gov.uk/id/year/{year}>")
            no_qualified = (
                op == OPERATIONS[2][0] and line == 1 and year == y and self.odd("no-provenance")
            )
            if no_qualified:
                self.focus["no-provenance"] = c
            printed = f"{name} {money(tenths)[1:].split(chr(34))[0].replace('.', ',')}"
            self.provenance(c, [(self.budget, "bu")], printed, qualified=not no_qualified)
            cells[(op, line, year)] = c
            amounts[(op, line, year)] = tenths
            return c

        for year in (y - 1, y):
            income = [rng.randrange(50, 3000) for _ in OPERATIONS]
            costs = [-rng.randrange(500, 9000) for _ in OPERATIONS]
            grant = rng.randrange(100, 9000)
            totals = (sum(income), sum(costs))
            result = sum(totals) + grant
            # planted table defects: a part or a total row off its sum
            if year == y and self.has("parts-sum-off"):
                income[0] += gap(rng)
            if year == y - 1 and self.has("parts-sum-rounding"):
                costs[1] += rng.choice((-1, 1))
            if year == y and self.has("row-sum-off"):
                result += gap(rng)
            if year == y - 1 and self.has("row-sum-rounding"):
                result += rng.choice((-1, 1))
            for line, parts in ((0, income), (1, costs)):
                total = cell(None, line, year, totals[line])
                for (op, _, _), amount in zip(OPERATIONS, parts, strict=True):
                    t(total, styr("hasPartObservation"), cell(op, line, year, amount))
            cell(None, 2, year, grant)
            r = cell(None, 3, year, result)
            for line in range(3):
                t(r, styr("hasSummand"), cells[(None, line, year)])
        for kind, key in (
            ("row-sum-off", (None, 3, y)),
            ("row-sum-rounding", (None, 3, y - 1)),
            ("parts-sum-off", (None, 0, y)),
            ("parts-sum-rounding", (None, 1, y - 1)),
        ):
            if self.has(kind):
                self.focus[kind] = cells[key]
        # amounts in the prose: two levels and two changes
        for k, (line, change) in enumerate(((2, False), (0, False), (2, True), (0, True))):
            s = self.iri(f"budget/belopp/{k + 1}")
            now = amounts[(None, line, y)]
            then = amounts[(None, line, y - 1)]
            value = now - then if change else now
            level_amount = value
            if (k == 0 and self.has("stated-amount-off") and not self.odd("stated-amount-off")) or (
                k == 3 and self.has("stated-amount-off") and self.odd("stated-amount-off")
            ):
                value += gap(rng)
                self.focus["stated-amount-off"] = s
            if (
                k == 2
                and self.has("stated-amount-rounding")
                and not self.odd("stated-amount-rounding")
            ) or (
                k == 1 and self.has("stated-amount-rounding") and self.odd("stated-amount-rounding")
            ):
                value += rng.choice((-1, 1))
                self.focus["stated-amount-rounding"] = s
            shown = money(value)[1:].split('"')[0].replace(".", ",")
            if change:
                text = f"{LINES[line][1]} förändras med {shown} mnkr jämfört med {y - 1}."
            else:
                text = f"{LINES[line][1]} uppgår {y} till {shown} mnkr."
            t(s, A, styr("StatedAmount"))
            t(s, A, PROV_ENTITY)
            t(s, LABEL, sv(text[:-1]))
            t(s, styr("text"), sv(text))
            t(s, styr("describesObservation"), cells[(None, line, y)])
            t(s, styr("statedUnit"), kod("enhet/mnkr"))
            if change:
                t(s, styr("amountRole"), kod("beloppstyp/forandring"))
                t(s, styr("baselineObservation"), cells[(None, line, y - 1)])
                t(s, styr("changeAmount"), money(value))
                if k == 2 and self.has("amount-not-decimal"):
                    t(s, AMOUNT, swedish_money(level_amount))
                    self.focus["amount-not-decimal"] = s
                else:
                    t(s, AMOUNT, money(level_amount))
            else:
                t(s, styr("amountRole"), kod("beloppstyp/niva"))
                t(s, AMOUNT, money(value))
            self.provenance(s, [(self.budget, "bu")], text)
