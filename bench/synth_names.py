"""Municipalities, boards and the words of the synthetic data (:mod:`bench.generate`)."""

from __future__ import annotations

from dataclasses import dataclass

from bench.synth_terms import BASE

MUNICIPALITIES = (
    ("goteborg", "Göteborg"), ("malmo", "Malmö"), ("uppsala", "Uppsala"),
    ("linkoping", "Linköping"), ("orebro", "Örebro"), ("vasteras", "Västerås"),
    ("helsingborg", "Helsingborg"), ("norrkoping", "Norrköping"), ("jonkoping", "Jönköping"),
    ("umea", "Umeå"), ("lund", "Lund"), ("boras", "Borås"), ("gavle", "Gävle"),
    ("sodertalje", "Södertälje"), ("eskilstuna", "Eskilstuna"), ("halmstad", "Halmstad"),
    ("vaxjo", "Växjö"), ("karlstad", "Karlstad"), ("sundsvall", "Sundsvall"),
    ("ostersund", "Östersund"), ("trollhattan", "Trollhättan"), ("lulea", "Luleå"),
)  # fmt: skip
BOARDS = (
    ("kommunstyrelsen", "Kommunstyrelsen", "The executive board"),
    ("forskolenamnden", "Förskolenämnden", "The preschool board"),
    ("grundskolenamnden", "Grundskolenämnden", "The compulsory school board"),
    ("utbildningsnamnden", "Utbildningsnämnden", "The upper secondary school board"),
    ("kulturnamnden", "Kulturnämnden", "The culture board"),
    ("idrotts-och-foreningsnamnden", "Idrotts- och föreningsnämnden", "The sports board"),
    ("miljo-och-klimatnamnden", "Miljö- och klimatnämnden", "The environment board"),
    ("socialnamnden", "Socialnämnden", "The social services board"),
    ("aldre-vard-och-omsorgsnamnden", "Äldre samt vård- och omsorgsnämnden",
     "The elderly care board"),
    ("stadsbyggnadsnamnden", "Stadsbyggnadsnämnden", "The city planning board"),
    ("trafiknamnden", "Trafiknämnden", "The traffic board"),
    ("park-och-naturnamnden", "Park- och naturnämnden", "The parks board"),
    ("fastighetsnamnden", "Fastighetsnämnden", "The property board"),
    ("namnden-for-funktionsstod", "Nämnden för funktionsstöd", "The disability support board"),
    ("namnden-for-arbetsmarknad", "Nämnden för arbetsmarknad och vuxenutbildning",
     "The labour market board"),
    ("namnden-for-inkop", "Nämnden för inköp och upphandling", "The procurement board"),
)  # fmt: skip
OPERATIONS = (
    ("politisk-organisation", "Politisk organisation", "Political organisation"),
    ("forvaltningen", "Förvaltningen", "The administration"),
    ("ovrig-verksamhet", "Övrig verksamhet", "Other operations"),
)
LINES = (  # slug, Swedish, English
    ("intakter", "Intäkter", "Income"),
    ("kostnader", "Kostnader", "Costs"),
    ("kommunbidrag", "Kommunbidrag", "Municipal grant"),
    ("resultat", "Resultat", "Result"),
)
GOALS = (
    "{m} ska vara en jämlik och trygg stad där alla invånare ges inflytande",
    "{m} ska ha en hållbar ekonomi med god hushållning",
    "Invånarna i {m} ska ha tillgång till en likvärdig välfärd",
    "{m} ska minska sin klimatpåverkan i snabb takt",
    "Barn och unga i {m} ska ges goda förutsättningar att lyckas i skolan",
    "{m} ska vara en attraktiv arbetsgivare med god arbetsmiljö",
)
DIRECTIONS = (
    "{b} ska i huvudsak arbeta efter inriktningarna i {m}s budget",
    "{b} ska stärka samverkan med civilsamhället",
    "{b} ska prioritera det förebyggande arbetet",
    "{b} ska öka takten i digitaliseringen av sina tjänster",
    "{b} ska säkerställa en god kompetensförsörjning",
)
ASSIGNMENTS = (
    "ta fram en handlingsplan för {x}",
    "utreda förutsättningarna för {x}",
    "följa upp arbetet med {x}",
    "i samverkan med berörda nämnder utveckla {x}",
)
TOPICS = (
    "trygghetsskapande åtgärder", "minskad energianvändning", "ökad digital delaktighet",
    "jämställd resursfördelning", "barnrättsperspektivet", "lokalförsörjningen",
    "upphandling av ordningsvakter", "klimatanpassning", "integrationsinsatser",
    "kompetensförsörjning inom välfärden", "ungdomars fritid", "civil beredskap",
)  # fmt: skip
EXTRA_WORDS = (
    "och särskilt i ytterområdena",
    "samt redovisa kostnaderna",
    "under hela mandatperioden",
)


@dataclass
class Board:
    muni: str
    muni_name: str
    slug: str
    name: str
    name_en: str
    first_of_muni: bool

    @property
    def iri(self) -> str:
        return f"<{BASE}{self.muni}/org/{self.slug}>"

    @property
    def programme(self) -> str:
        return f"<{BASE}{self.muni}/styrdokument/program-{self.slug}>"

    @property
    def muni_iri(self) -> str:
        return f"<{BASE}{self.muni}>"

    def area(self, op: str | None) -> str:
        tail = f"/{op}" if op else ""
        return f"<{BASE}{self.muni}/org/{self.slug}/budgetomrade{tail}>"


def make_board(index: int) -> Board:
    muni_index, b = divmod(index, len(BOARDS))
    slug, name, name_en = BOARDS[b]
    m_slug, m_name = MUNICIPALITIES[muni_index % len(MUNICIPALITIES)]
    round_ = muni_index // len(MUNICIPALITIES)
    if round_:  # more municipalities than names: number them
        m_slug, m_name = f"{m_slug}-{round_ + 1}", f"{m_name} {round_ + 1}"
    return Board(m_slug, m_name, slug, name, name_en, b == 0)
