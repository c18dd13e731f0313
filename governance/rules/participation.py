"""Who must be informed, consulted or asked for consent before an AI system goes live.

Workers' participation is national law: the German Works Constitution Act
(BetrVG) and the Dutch Works Councils Act (WOR) are modelled; the AI Act's
Art 26(7) applies in every member state. A pure function of the organisation's
country and works-council flag and of the questionnaire's answers, so every
branch is tested without a database and a Dutch organisation never sees a
German paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from governance.rules.base import T

# How much the workers' representatives have to say, from least to most.
INFORMATION = "information"
ADVICE = "advice"
CONSENT = "consent"
LEVELS = (INFORMATION, ADVICE, CONSENT)


@dataclass(frozen=True)
class Duty:
    """One participation duty: its law, how strong it is, and why it applies."""

    key: str
    law: str
    level: str
    reason: T

    def as_data(self) -> dict[str, Any]:
        return {"key": self.key, "law": self.law, "level": self.level, "reason": dict(self.reason)}


ART_26_7 = Duty(
    "ai-26-7",
    "Art 26(7) AI Act",
    INFORMATION,
    T(
        "A high-risk system used at the workplace: inform the workers' representatives and the "
        "affected workers before it is put into service.",
        "Ein Hochrisiko-System am Arbeitsplatz: Arbeitnehmervertretung und betroffene "
        "Beschäftigte vor der Inbetriebnahme informieren.",
        "Een hoog-risicosysteem op de werkplek: de werknemersvertegenwoordiging en de "
        "betrokken werknemers informeren voordat het in gebruik wordt genomen.",
    ),
)
DE_90 = Duty(
    "de-90",
    "§90(1) Nr. 3 BetrVG",
    INFORMATION,
    T(
        "Planning work procedures that use AI: inform the works council in good time and "
        "consult it on the effects on the work (§90(2)).",
        "Planung von Arbeitsverfahren mit KI: den Betriebsrat rechtzeitig unterrichten und die "
        "Auswirkungen auf die Arbeit mit ihm beraten (§90 Abs. 2).",
        "Planning van werkprocessen met AI: de Duitse ondernemingsraad tijdig informeren en de "
        "gevolgen voor het werk met hem bespreken (§90 lid 2).",
    ),
)
DE_87 = Duty(
    "de-87",
    "§87(1) Nr. 6 BetrVG",
    CONSENT,
    T(
        "The system can record or evaluate behaviour or performance of individual employees "
        "(objective capability is enough): co-determination, no use without agreement.",
        "Das System kann Verhalten oder Leistung einzelner Beschäftigter erfassen oder "
        "auswerten (objektive Eignung genügt): Mitbestimmung, keine Nutzung ohne Einigung.",
        "Het systeem kan gedrag of prestaties van individuele werknemers vastleggen of "
        "analyseren (objectieve geschiktheid volstaat): medezeggenschap, geen gebruik zonder "
        "overeenstemming.",
    ),
)
DE_95 = Duty(
    "de-95",
    "§95(1), (2a) BetrVG",
    CONSENT,
    T(
        "Selection in recruitment uses AI: selection guidelines need the works council's "
        "consent, also when AI draws them up.",
        "Die Personalauswahl nutzt KI: Auswahlrichtlinien bedürfen der Zustimmung des "
        "Betriebsrats, auch wenn KI sie aufstellt.",
        "De selectie bij werving gebruikt AI: selectierichtlijnen hebben de instemming van de "
        "Duitse ondernemingsraad nodig, ook als AI ze opstelt.",
    ),
)
NL_27_L = Duty(
    "nl-27-1-l",
    "art. 27(1)(l) WOR",
    CONSENT,
    T(
        "A facility aimed at or suitable for monitoring the presence, behaviour or performance "
        "of staff: the works council's consent is needed.",
        "Eine Einrichtung, die auf die Kontrolle von Anwesenheit, Verhalten oder Leistung des "
        "Personals gerichtet oder dafür geeignet ist: die Zustimmung des Betriebsrats ist nötig.",
        "Een voorziening gericht op of geschikt voor waarneming van of controle op "
        "aanwezigheid, gedrag of prestaties van het personeel: instemming van de OR is nodig.",
    ),
)
NL_27_K = Duty(
    "nl-27-1-k",
    "art. 27(1)(k) WOR",
    CONSENT,
    T(
        "Rules on processing and protecting the personal data of staff: the works council's "
        "consent is needed.",
        "Regeln zur Verarbeitung und zum Schutz personenbezogener Daten des Personals: die "
        "Zustimmung des Betriebsrats ist nötig.",
        "Regeling omtrent de behandeling en bescherming van persoonsgegevens van het personeel: "
        "instemming van de OR is nodig.",
    ),
)
NL_27_E = Duty(
    "nl-27-1-e",
    "art. 27(1)(e) WOR",
    CONSENT,
    T(
        "Rules on recruitment, dismissal or promotion policy: the works council's consent is "
        "needed.",
        "Regeln zur Einstellungs-, Entlassungs- oder Beförderungspolitik: die Zustimmung des "
        "Betriebsrats ist nötig.",
        "Regeling op het gebied van aanstellings-, ontslag- of bevorderingsbeleid: instemming "
        "van de OR is nodig.",
    ),
)
NL_27_G = Duty(
    "nl-27-1-g",
    "art. 27(1)(g) WOR",
    CONSENT,
    T(
        "Rules on assessing staff: the works council's consent is needed.",
        "Regeln zur Personalbeurteilung: die Zustimmung des Betriebsrats ist nötig.",
        "Regeling op het gebied van personeelsbeoordeling: instemming van de OR is nodig.",
    ),
)
NL_25_K = Duty(
    "nl-25-1-k",
    "art. 25(1)(k) WOR",
    ADVICE,
    T(
        "Introducing or changing an important technological facility: ask the works council "
        "for advice in time to influence the decision.",
        "Einführung oder Änderung einer wichtigen technologischen Einrichtung: den Betriebsrat "
        "so rechtzeitig um Rat fragen, dass er die Entscheidung beeinflussen kann.",
        "Invoeren of wijzigen van een belangrijke technologische voorziening: de OR tijdig om "
        "advies vragen, zodat het advies het besluit kan beïnvloeden.",
    ),
)

ALL_DUTIES = (ART_26_7, DE_90, DE_87, DE_95, NL_27_L, NL_27_K, NL_27_E, NL_27_G, NL_25_K)


def duties(
    *,
    country: str,
    has_works_council: bool,
    in_scope: bool,
    high_risk: bool,
    points: Iterable[str],
    used_at_workplace: bool,
    monitors_employees: bool,
    employee_data: bool,
) -> list[Duty]:
    """The participation duties for one AI use case, strongest first within each law."""
    if not in_scope:
        return []
    points = set(points)
    employment = bool(points & {"4a", "4b"})
    workplace = used_at_workplace or employment or monitors_employees
    found: list[Duty] = []
    country = (country or "").upper()
    if has_works_council and country == "DE":
        if monitors_employees or "4b" in points:
            found.append(DE_87)
        if "4a" in points:
            found.append(DE_95)
        found.append(DE_90)
    if has_works_council and country == "NL":
        if monitors_employees or "4b" in points:
            found.append(NL_27_L)
        if "4a" in points:
            found.append(NL_27_E)
        if "4b" in points:
            found.append(NL_27_G)
        if employee_data:
            found.append(NL_27_K)
        if workplace:
            found.append(NL_25_K)
    # Art 26(7) binds every employer deploying a high-risk system at the
    # workplace, with or without a works council (then: the affected workers).
    if high_risk and workplace:
        found.append(ART_26_7)
    return found


def strongest(found: Iterable[Duty]) -> str:
    """The strongest level among the duties, or "" when there is none."""
    levels = [LEVELS.index(duty.level) for duty in found]
    return LEVELS[max(levels)] if levels else ""


def duty(key: str) -> Duty:
    return next(item for item in ALL_DUTIES if item.key == key)
