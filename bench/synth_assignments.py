"""Assignments, reporting requirements and status reports of a synthetic block
(:class:`bench.synth_block.Block`)."""

from __future__ import annotations

from bench.synth_names import ASSIGNMENTS, TOPICS
from bench.synth_terms import (
    DATE,
    LABEL,
    LOPANDE,
    PROV_ENTITY,
    A,
    day,
    en,
    gyear,
    integer,
    kod,
    plain,
    plus_week,
    styr,
    sv,
)


class AssignmentParts:
    """The assignments of a :class:`~bench.synth_block.Block` (a part of it)."""

    def assignments(self) -> None:
        b, y, t, rng = self.board, self.y, self.t, self.rng
        # the time plan: three reporting occasions, one entry each
        april = (y, 4, 9 + rng.randrange(6))
        august = (y, 9, 10 + rng.randrange(6))
        annual = (y + 1, 2, 6 + rng.randrange(6))
        occasions = (
            ("delarsrapport-april", "Delårsrapport april", "delarsrapport-mars", april, True),
            ("delarsrapport-augusti", "Delårsrapport augusti", "delarsrapport-augusti", august,
             True),
            ("arsrapport", "Årsrapport", "arsrapport", annual, False),
        )  # fmt: skip
        occ: dict[str, tuple[str, str, str]] = {}  # slug -> (occasion, toKS, lastDecision)
        for order, (slug, name, report_type, (yy, mm, dd), to_ks) in enumerate(occasions, 1):
            o = self.iri(f"rapport/{slug}")
            t(o, A, styr("ReportingOccasion"))
            t(o, LABEL, sv(f"{name} {y} för {b.name.lower()}"))
            t(o, styr("forBudgetYear"), gyear(y))
            t(o, styr("reportType"), kod(f"rapporttyp/{report_type}"))
            t(o, styr("reportingBody"), b.iri)
            e = self.iri(f"tidplan/post/{order}")
            t(e, A, styr("TimePlanEntry"))
            t(e, A, PROV_ENTITY)
            t(e, LABEL, sv(f"{name} {y}"))
            t(e, LABEL, en(f"Time plan entry {order}, {y}"))
            t(e, styr("inTimePlan"), self.timeplan)
            t(e, styr("order"), integer(order))
            t(e, styr("plannedReport"), o)
            t(e, styr("documentForm"), kod("handlingstyp/tjansteutlatande"))
            last = day(yy, mm, dd)
            to_ks_date = day(yy, mm, dd + 7) if to_ks else ""
            if to_ks:
                t(e, styr("dateToKS"), to_ks_date)
            if slug == "delarsrapport-augusti" and self.has("date-not-date"):
                t(e, styr("lastDecisionDate"), plain(f"{yy:04d}-{mm:02d}-{dd:02d}"))
                self.focus["date-not-date"] = e
            else:
                t(e, styr("lastDecisionDate"), last)
            no_derived = slug == "delarsrapport-april" and self.has("no-provenance")
            no_derived = no_derived and not self.odd("no-provenance")
            if no_derived:
                self.focus["no-provenance"] = e
            reversed_lines = slug == "arsrapport" and self.has("evidence-lines-reversed")
            evs = self.provenance(
                e,
                [(self.timeplan, "tp")],
                f"{name} {y} Tjänsteutlåtande",
                derived=not no_derived,
                reversed_lines=reversed_lines,
            )
            if reversed_lines:
                self.focus["evidence-lines-reversed"] = evs[0]
            occ[slug] = (o, to_ks_date, last)
        # six assignments: 0-3 dated, 4 continuous, 5 from the year before (budget only)
        dated = (
            ("delarsrapport-april", 1),  # due on the date to KS
            ("delarsrapport-april", 2),  # due on the last decision date
            ("delarsrapport-augusti", 1),
            ("arsrapport", 2),
        )
        for k in range(6):
            a = self.iri(f"uppdrag/{k + 1}")
            topic = rng.choice(TOPICS)
            task = rng.choice(ASSIGNMENTS).format(x=topic)
            text = f"{b.name} får i uppdrag att {task}."
            origin = y - 1 if k == 5 else y
            t(a, A, styr("Assignment"))
            t(a, A, PROV_ENTITY)
            t(a, LABEL, sv(task[0].upper() + task[1:]))
            t(a, LABEL, en(f"Assignment {k + 1} to {b.name_en.lower()}, {y}"))
            t(a, styr("text"), sv(text))
            if k == 0 and self.has("no-responsible-body"):
                self.focus["no-responsible-body"] = a
            else:
                t(a, styr("responsibleBody"), b.iri)
            t(a, styr("origin"), kod("uppdragsursprung/stadens-budget"))
            t(a, styr("originYear"), gyear(origin))
            if k == 5:
                listed = [(self.budget, "bu")]
            elif k == 0 and self.has("missing-from-budget"):
                listed = [(self.plan, "gp")]
                self.focus["missing-from-budget"] = a
            else:
                listed = [(self.plan, "gp"), (self.budget, "bu")]
            for doc, _ in listed:
                t(a, styr("listedIn"), doc)
            if k < 2:
                t(a, styr("contributesTo"), self.goal[0])
            self.provenance(a, listed, text, text)
            # the reporting requirement, stated where the assignment is listed last
            r = self.iri(f"budget/rapportering/{k + 1}")
            stated_in, code = listed[-1]
            t(a, styr("hasReportingRequirement"), r)
            t(r, A, styr("ReportingRequirement"))
            t(r, A, PROV_ENTITY)
            t(r, LABEL, sv(f"Återrapportering: {topic}"))
            t(r, LABEL, en(f"Reporting on assignment {k + 1}"))
            t(r, styr("forAssignment"), a)
            t(r, styr("statedIn"), stated_in)
            t(r, styr("reportTo"), b.iri)
            if k == 4:
                t(r, styr("reportingMode"), LOPANDE)
                t(r, styr("timingKind"), kod("tidpunktstyp/lopande"))
                plan_text = "Löpande i ordinarie uppföljning"
            elif k == 5:
                due = day(y, 6, 1 + rng.randrange(28))
                t(r, styr("reportingMode"), kod("rapporteringssatt/slutrapport"))
                t(r, styr("timingKind"), kod("tidpunktstyp/datum"))
                t(r, styr("dueBy"), due)
                t(r, styr("dueDate"), due)
                plan_text = f"Senast {due[1:11]}"
            else:
                slug, which = dated[k]
                o, to_ks_date, last = occ[slug]
                due = to_ks_date if which == 1 else last
                t(r, styr("reportingMode"), kod("rapporteringssatt/slutrapport"))
                t(r, styr("timingKind"), kod("tidpunktstyp/rapporttillfalle"))
                t(r, styr("reportingOccasion"), o)
                plan_text = f"KS {due[1:11]}, i {slug.replace('-', ' ')}"
                if k == 1 and self.has("no-reporting-date"):
                    self.focus["no-reporting-date"] = a
                else:
                    due_by = due
                    if k == 2 and self.has("date-outside-window"):
                        odd = self.odd("date-outside-window")
                        due_by = day(y - 1, 11, 30) if odd else day(y + 1, 4, 15)
                        self.focus["date-outside-window"] = r
                    due_date = due
                    if k == 3 and self.has("time-plan-disagrees"):
                        due_date = '"' + plus_week(due[1:11]) + due[11:]
                        self.focus["time-plan-disagrees"] = r
                    t(r, styr("dueBy"), due_by)
                    t(r, styr("dueDate"), due_date)
            t(r, styr("planText"), sv(plan_text))
            self.provenance(r, [(stated_in, code)], plan_text)
            self.status_reports(k, a, task)

    def status_report(
        self,
        assignment: str,
        n: int,
        status: str,
        task: str,
        doc: tuple[str, str],
        when: str | None,
        source: bool = True,
    ) -> str:
        """A status report on ``assignment``: what document ``doc`` declares of it, when."""
        t = self.t
        rep = f"{assignment[:-1]}/status/{n}>"
        words = {"fullgjord": "fullgjort", "pagaende": "pågående"}[status]
        text = f"{self.board.name} får i uppdrag att {task}. {words.capitalize()}."
        t(rep, A, styr("StatusReport"))
        t(rep, A, PROV_ENTITY)
        t(rep, LABEL, sv(f"Uppdraget {words}: {task}"))
        t(rep, styr("reportsOn"), assignment)
        t(rep, styr("assignmentStatus"), kod(f"uppdragsstatus/{status}"))
        if source:
            t(rep, styr("reportedIn"), doc[0])
        if when is not None:
            t(rep, DATE, when)
        self.provenance(rep, [doc], text, text)
        return rep

    def status_reports(self, k: int, a: str, task: str) -> None:
        """The planted status reports; an assignment with none has no current status.

        Each kind has an assignment of its own (6, 5 and 3), and the assignment's current
        status is the one its latest report gives, as the loaders write it: ongoing.
        """
        rng, y = self.rng, self.y
        budget, plan = (self.budget, "bu"), (self.plan, "gp")
        if k == 5 and self.has("reopened-assignment"):  # fulfilled, then ongoing
            declared = day(y - 1, 11, 10 + rng.randrange(10))
            self.status_report(a, 1, "fullgjord", task, budget, declared)
            later = day(y, 1, 10 + rng.randrange(10))
            self.status_report(a, 2, "pagaende", task, plan, later)  # the finding's value
            self.focus["reopened-assignment"] = a
        elif k == 4 and self.has("status-report-no-date"):
            self.focus["status-report-no-date"] = self.status_report(
                a, 1, "pagaende", task, budget, None
            )
        elif k == 2 and self.has("status-report-no-source"):
            when = day(y, 4, 10 + rng.randrange(10))
            self.focus["status-report-no-source"] = self.status_report(
                a, 1, "pagaende", task, budget, when, source=False
            )
        else:
            return
        self.t(a, styr("currentStatus"), kod("uppdragsstatus/pagaende"))
