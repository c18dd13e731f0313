"""Rule set 2026.11: the 2026.07 rules after a review against the Act's text.

What changed (each is a test in tests/governance/test_legal_table.py):
- Art 14(5): remote biometric identification (Annex III 1(a)) needs separate
  verification by two people before anyone acts on a match.
- Art 50(2): no marking duty for an assistive function for standard editing,
  or where the input (or its meaning) is not substantially altered; Art 50(1),
  (3) and (4) exceptions can be expressed too (obvious interaction, criminal-law
  authorisation, artistic works, human editorial responsibility).
- Art 86(1) excludes Annex III point 2 (critical infrastructure).
- A prohibited result names no Annex III point.
- Art 26(8), 49(3): public authorities, and those deploying on their behalf,
  register their use of an Annex III system (not point 2).
- The public-body question is split: an authority, a firm acting on an
  authority's behalf, or a private provider of public services.
- Art 6(1) asks both of its conditions; Annex III points 6, 7 and 8 are
  listed letter by letter with the Act's own exclusions; Art 5 exceptions are
  options of their own.
- Works-council duties follow the organisation's country (BetrVG in Germany,
  WOR in the Netherlands), see governance.rules.participation.

Version 2026.07 stays as it was: classifications made under it keep reading
it, and its procedure is still engine.evaluate.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from governance.rules import eu_ai_act_2026_07 as previous
from governance.rules.base import ObligationRule, Option, Question, RuleSet, T
from governance.rules.participation import ALL_DUTIES

VERSION = "2026.11"
AS_OF = date(2026, 11, 30)
DATES = dict(previous.DATES)
STEPS = previous.STEPS


def _excluded(value: str, article: str, en: str, de: str, nl: str, applies: date) -> Option:
    return Option(value, T(en, de, nl), article, applies)


# Art 5 with each prohibition's own exceptions as options: choosing one records
# why the practice is not prohibited (like the Annex III exclusions).
PROHIBITED = (
    *previous.PROHIBITED[:4],
    _excluded(
        "d-excluded",
        "Art 5(1)(d), exception",
        "Supporting a human assessment of a person's involvement in a crime that already rests "
        "on objective, verifiable facts",
        "Unterstützung einer menschlichen Bewertung der Beteiligung einer Person an einer "
        "Straftat, die bereits auf objektiven, überprüfbaren Tatsachen beruht",
        "Ondersteunen van een menselijke beoordeling van iemands betrokkenheid bij een "
        "strafbaar feit die al op objectieve, verifieerbare feiten berust",
        DATES["prohibitions"],
    ),
    previous.PROHIBITED[4],
    previous.PROHIBITED[5],
    _excluded(
        "f-excluded",
        "Art 5(1)(f), exception",
        "Inferring emotions at the workplace or in education for medical or safety reasons "
        "(still emotion recognition under Annex III 1(c))",
        "Ableiten von Emotionen am Arbeitsplatz oder in der Bildung aus medizinischen oder "
        "Sicherheitsgründen (weiterhin Emotionserkennung nach Anhang III 1(c))",
        "Afleiden van emoties op de werkplek of in het onderwijs om medische of "
        "veiligheidsredenen (blijft emotieherkenning volgens bijlage III 1(c))",
        DATES["prohibitions"],
    ),
    previous.PROHIBITED[6],
    _excluded(
        "g-excluded",
        "Art 5(1)(g), exception",
        "Labelling or filtering lawfully acquired biometric datasets, or categorising biometric "
        "data in law enforcement",
        "Kennzeichnen oder Filtern rechtmäßig erworbener biometrischer Datensätze oder "
        "Kategorisieren biometrischer Daten in der Strafverfolgung",
        "Labelen of filteren van rechtmatig verkregen biometrische datasets, of categoriseren "
        "van biometrische gegevens bij rechtshandhaving",
        DATES["prohibitions"],
    ),
    previous.PROHIBITED[7],
    _excluded(
        "h-excluded",
        "Art 5(1)(h)(i)-(iii), 5(2)-(7)",
        "Real-time remote identification for law enforcement that is strictly necessary for a "
        "listed objective and authorised (search for victims, imminent threat, serious-crime "
        "suspects)",
        "Biometrische Echtzeit-Fernidentifizierung zur Strafverfolgung, unbedingt erforderlich "
        "für ein genanntes Ziel und genehmigt (Suche nach Opfern, unmittelbare Gefahr, "
        "Verdächtige schwerer Straftaten)",
        "Biometrische identificatie op afstand in real time voor rechtshandhaving, strikt "
        "noodzakelijk voor een genoemd doel en toegestaan (zoeken naar slachtoffers, "
        "dreigend gevaar, verdachten van ernstige misdrijven)",
        DATES["prohibitions"],
    ),
    *previous.PROHIBITED[8:],
)


def _point(value: str, en: str, de: str, nl: str, article: str) -> Option:
    return Option(value, T(en, de, nl), article, DATES["annex_iii"])


_OLD_POINTS = {option.value: option for option in previous.ANNEX_III}

ANNEX_III = (
    *(_OLD_POINTS[key] for key in ("1a", "1a-excluded", "1b", "1c", "2", "3a", "3b", "3c", "3d")),
    *(_OLD_POINTS[key] for key in ("4a", "4b", "5a", "5b", "5b-excluded", "5c", "5c-excluded")),
    _OLD_POINTS["5d"],
    _point(
        "6a",
        "Law enforcement: assessing the risk of a person becoming a victim of crime",
        "Strafverfolgung: Bewertung des Risikos, Opfer einer Straftat zu werden",
        "Rechtshandhaving: beoordelen van het risico slachtoffer van een strafbaar feit te worden",
        "Annex III 6(a)",
    ),
    _point(
        "6b",
        "Law enforcement: polygraphs or similar tools",
        "Strafverfolgung: Lügendetektoren oder ähnliche Instrumente",
        "Rechtshandhaving: leugendetectors of vergelijkbare instrumenten",
        "Annex III 6(b)",
    ),
    _point(
        "6c",
        "Law enforcement: evaluating the reliability of evidence",
        "Strafverfolgung: Bewertung der Verlässlichkeit von Beweismitteln",
        "Rechtshandhaving: beoordelen van de betrouwbaarheid van bewijs",
        "Annex III 6(c)",
    ),
    _point(
        "6d",
        "Law enforcement: assessing the risk of (re-)offending, personality traits or past "
        "criminal behaviour",
        "Strafverfolgung: Bewertung des Risikos einer (erneuten) Straftat, von "
        "Persönlichkeitsmerkmalen oder früherem kriminellen Verhalten",
        "Rechtshandhaving: beoordelen van het risico op (her)overtreding, "
        "persoonlijkheidskenmerken of eerder crimineel gedrag",
        "Annex III 6(d)",
    ),
    _point(
        "6e",
        "Law enforcement: profiling in detecting, investigating or prosecuting crime",
        "Strafverfolgung: Profiling bei Aufdeckung, Ermittlung oder Verfolgung von Straftaten",
        "Rechtshandhaving: profilering bij opsporing, onderzoek of vervolging van strafbare feiten",
        "Annex III 6(e)",
    ),
    _point(
        "7a",
        "Migration and border control: polygraphs or similar tools",
        "Migration und Grenzkontrolle: Lügendetektoren oder ähnliche Instrumente",
        "Migratie en grenscontrole: leugendetectors of vergelijkbare instrumenten",
        "Annex III 7(a)",
    ),
    _point(
        "7b",
        "Migration and border control: assessing a security, irregular-migration or health risk "
        "posed by a person",
        "Migration und Grenzkontrolle: Bewertung eines Sicherheits-, irregulären Migrations- "
        "oder Gesundheitsrisikos durch eine Person",
        "Migratie en grenscontrole: beoordelen van een veiligheids-, irreguliere-migratie- of "
        "gezondheidsrisico van een persoon",
        "Annex III 7(b)",
    ),
    _point(
        "7c",
        "Migration and border control: examining applications for asylum, visas or residence "
        "permits",
        "Migration und Grenzkontrolle: Prüfung von Anträgen auf Asyl, Visa oder Aufenthaltstitel",
        "Migratie en grenscontrole: behandelen van aanvragen voor asiel, visa of "
        "verblijfsvergunningen",
        "Annex III 7(c)",
    ),
    _point(
        "7d",
        "Migration and border control: detecting, recognising or identifying people",
        "Migration und Grenzkontrolle: Aufspüren, Erkennen oder Identifizieren von Personen",
        "Migratie en grenscontrole: opsporen, herkennen of identificeren van personen",
        "Annex III 7(d)",
    ),
    _point(
        "7d-excluded",
        "Verifying travel documents",
        "Überprüfung von Reisedokumenten",
        "Verificatie van reisdocumenten",
        "Annex III 7(d), exclusion",
    ),
    _point(
        "8a",
        "Assisting judicial authorities or alternative dispute resolution in researching and "
        "applying the law",
        "Unterstützung von Justizbehörden oder alternativer Streitbeilegung bei Ermittlung und "
        "Anwendung des Rechts",
        "Ondersteuning van rechterlijke instanties of alternatieve geschillenbeslechting bij "
        "het onderzoeken en toepassen van het recht",
        "Annex III 8(a)",
    ),
    _OLD_POINTS["8b"],
    _point(
        "8b-excluded",
        "Tools for organising political campaigns whose output people are not directly exposed to",
        "Werkzeuge zur Organisation politischer Kampagnen, deren Ergebnissen Menschen nicht "
        "direkt ausgesetzt sind",
        "Hulpmiddelen voor het organiseren van politieke campagnes aan wier output mensen niet "
        "direct worden blootgesteld",
        "Annex III 8(b), exclusion",
    ),
)

PUBLIC_SECTOR = (
    Option("none", T("None of these", "Keine davon", "Geen van deze")),
    Option(
        "public_authority",
        T(
            "A public authority or other body governed by public law",
            "Eine Behörde oder sonstige Einrichtung des öffentlichen Rechts",
            "Een overheidsinstantie of ander publiekrechtelijk lichaam",
        ),
        "Art 27(1), 49(3)",
    ),
    Option(
        "acting_for_authority",
        T(
            "A private firm deploying the system on behalf of a public authority",
            "Ein privates Unternehmen, das das System im Auftrag einer Behörde einsetzt",
            "Een particuliere onderneming die het systeem namens een overheidsinstantie inzet",
        ),
        "Art 27(1), 49(3)",
    ),
    Option(
        "public_service",
        T(
            "A private firm providing public services on its own account (e.g. energy, "
            "transport, health care, education)",
            "Ein privates Unternehmen, das auf eigene Rechnung öffentliche Dienste erbringt "
            "(z. B. Energie, Verkehr, Gesundheit, Bildung)",
            "Een particuliere onderneming die voor eigen rekening openbare diensten verleent "
            "(bijv. energie, vervoer, zorg, onderwijs)",
        ),
        "Art 27(1)",
    ),
)
REGISTERS_USE = ("public_authority", "acting_for_authority")

GENERATIVE_EXCEPTION = (
    Option("none", T("None of these", "Keine davon", "Geen van deze")),
    Option(
        "assistive_editing",
        T(
            "It only performs an assistive function for standard editing (spelling, grammar, "
            "formatting)",
            "Es übernimmt nur eine unterstützende Funktion für die Standardbearbeitung "
            "(Rechtschreibung, Grammatik, Formatierung)",
            "Het vervult alleen een ondersteunende functie voor standaardbewerking (spelling, "
            "grammatica, opmaak)",
        ),
        "Art 50(2)",
    ),
    Option(
        "not_substantial",
        T(
            "It does not substantially alter the input data you provide or its meaning",
            "Es verändert die von Ihnen bereitgestellten Eingabedaten oder deren Bedeutung nicht "
            "wesentlich",
            "Het wijzigt de door u aangeleverde invoergegevens of de betekenis ervan niet "
            "wezenlijk",
        ),
        "Art 50(2)",
    ),
)

_OLD_QUESTIONS = {question.key: question for question in previous.QUESTIONS}


def _bool(key: str, step: str, text: T, article: str = "", help: T | None = None) -> Question:
    return Question(key, step, "bool", text, article, help, default=False)


def _replace_options(key: str, options: tuple[Option, ...]) -> Question:
    old = _OLD_QUESTIONS[key]
    return Question(
        old.key, old.step, old.kind, old.text, old.article, old.help, options, old.default
    )


QUESTIONS = (
    _OLD_QUESTIONS["is_ai_system"],
    _OLD_QUESTIONS["scope_exclusion"],
    _OLD_QUESTIONS["developed_in_house"],
    _OLD_QUESTIONS["own_brand"],
    _OLD_QUESTIONS["substantial_modification"],
    _OLD_QUESTIONS["changed_purpose"],
    _replace_options("prohibited_practices", PROHIBITED),
    _bool(
        "annex_i_product",
        "high_risk",
        T(
            "Is it a safety component of a product, or itself a product, covered by the EU "
            "product legislation of Annex I (machinery, toys, lifts, medical devices, ...)? "
            "Quality control is not a safety component.",
            "Ist es ein Sicherheitsbauteil eines Produkts oder selbst ein Produkt, das unter die "
            "EU-Produktvorschriften des Anhangs I fällt (Maschinen, Spielzeug, Aufzüge, "
            "Medizinprodukte, ...)? Qualitätskontrolle ist kein Sicherheitsbauteil.",
            "Is het een veiligheidscomponent van een product, of zelf een product, dat onder de "
            "EU-productwetgeving van bijlage I valt (machines, speelgoed, liften, medische "
            "hulpmiddelen, ...)? Kwaliteitscontrole is geen veiligheidscomponent.",
        ),
        "Art 6(1)(a), Annex I",
    ),
    _bool(
        "annex_i_third_party",
        "high_risk",
        T(
            "Must that product undergo a third-party conformity assessment under that legislation?",
            "Muss dieses Produkt nach diesen Vorschriften eine Konformitätsbewertung durch "
            "Dritte durchlaufen?",
            "Moet dat product volgens die wetgeving een conformiteitsbeoordeling door derden "
            "ondergaan?",
        ),
        "Art 6(1)(b)",
    ),
    _replace_options("annex_iii_points", ANNEX_III),
    _OLD_QUESTIONS["derogation_condition"],
    _OLD_QUESTIONS["no_material_influence"],
    _OLD_QUESTIONS["profiling"],
    Question(
        "public_sector",
        "high_risk",
        "choice",
        T(
            "Are you one of these?",
            "Sind Sie eines davon?",
            "Bent u een van deze?",
        ),
        "Art 27(1), 26(8), 49(3)",
        T(
            "A firm acting for an authority must also register its use; a private provider of "
            "public services on its own account owes the impact assessment only.",
            "Ein Unternehmen im Auftrag einer Behörde muss die Nutzung auch registrieren; ein "
            "privater Erbringer öffentlicher Dienste auf eigene Rechnung schuldet nur die "
            "Folgenabschätzung.",
            "Een onderneming die namens een overheid optreedt, moet het gebruik ook registreren; "
            "een particuliere aanbieder van openbare diensten voor eigen rekening is alleen de "
            "effectbeoordeling verschuldigd.",
        ),
        options=PUBLIC_SECTOR,
        default="none",
    ),
    _OLD_QUESTIONS["in_service_before"],
    _OLD_QUESTIONS["talks_to_people"],
    _bool(
        "interaction_obvious",
        "transparency",
        T(
            "Is it obvious to a reasonably well-informed, observant person that they deal with "
            "an AI system, given the circumstances?",
            "Ist es für eine angemessen informierte, aufmerksame Person unter den Umständen "
            "offensichtlich, dass sie mit einem KI-System zu tun hat?",
            "Is het voor een redelijk geïnformeerde, oplettende persoon gezien de "
            "omstandigheden duidelijk dat hij met een AI-systeem te maken heeft?",
        ),
        "Art 50(1)",
    ),
    _OLD_QUESTIONS["generates_content"],
    Question(
        "generative_exception",
        "transparency",
        "choice",
        T(
            "If it generates content: does one of these describe it?",
            "Falls es Inhalte erzeugt: trifft eines davon zu?",
            "Als het inhoud genereert: is een van deze van toepassing?",
        ),
        "Art 50(2)",
        options=GENERATIVE_EXCEPTION,
        default="none",
    ),
    _OLD_QUESTIONS["on_market_before_transparency"],
    _OLD_QUESTIONS["emotion_or_categorisation"],
    _OLD_QUESTIONS["deep_fake"],
    _bool(
        "artistic_work",
        "transparency",
        T(
            "Is the deep fake part of an evidently artistic, creative, satirical or fictional "
            "work?",
            "Ist der Deepfake Teil eines offensichtlich künstlerischen, kreativen, satirischen "
            "oder fiktionalen Werks?",
            "Maakt de deepfake deel uit van een kennelijk artistiek, creatief, satirisch of "
            "fictief werk?",
        ),
        "Art 50(4)",
    ),
    _bool(
        "public_interest_text",
        "transparency",
        T(
            "Do you publish AI-generated or manipulated text to inform the public on matters of "
            "public interest?",
            "Veröffentlichen Sie KI-generierte oder -veränderte Texte, um die Öffentlichkeit "
            "über Angelegenheiten von öffentlichem Interesse zu informieren?",
            "Publiceert u door AI gegenereerde of bewerkte tekst om het publiek te informeren "
            "over zaken van algemeen belang?",
        ),
        "Art 50(4)",
    ),
    _bool(
        "editorial_responsibility",
        "transparency",
        T(
            "Does that text undergo human review or editorial control, with a person or firm "
            "holding editorial responsibility for the publication?",
            "Durchläuft dieser Text eine menschliche Prüfung oder redaktionelle Kontrolle, und "
            "trägt eine Person oder ein Unternehmen die redaktionelle Verantwortung?",
            "Ondergaat die tekst menselijke controle of redactionele controle, en draagt een "
            "persoon of onderneming de redactionele verantwoordelijkheid?",
        ),
        "Art 50(4)",
    ),
    _bool(
        "crime_authorised",
        "transparency",
        T(
            "Is the use authorised by law to detect, prevent, investigate or prosecute criminal "
            "offences?",
            "Ist die Nutzung gesetzlich zur Aufdeckung, Verhütung, Ermittlung oder Verfolgung "
            "von Straftaten zugelassen?",
            "Is het gebruik bij wet toegestaan om strafbare feiten op te sporen, te voorkomen, "
            "te onderzoeken of te vervolgen?",
        ),
        "Art 50(1)-(4)",
    ),
    _bool(
        "crime_reporting_public",
        "transparency",
        T(
            "Is it available for the public to report a criminal offence?",
            "Steht es der Öffentlichkeit zur Anzeige von Straftaten zur Verfügung?",
            "Is het beschikbaar voor het publiek om een strafbaar feit te melden?",
        ),
        "Art 50(1)",
    ),
    _OLD_QUESTIONS["personal_data"],
    _OLD_QUESTIONS["dpia_mandatory"],
    _OLD_QUESTIONS["wp248_criteria"],
    _OLD_QUESTIONS["solely_automated_decision"],
    _OLD_QUESTIONS["used_at_workplace"],
    _bool(
        "monitors_employees",
        "workplace",
        T(
            "Can it record or evaluate data attributable to individual employees that reveal "
            "behaviour or performance? Objective capability is enough.",
            "Kann es Daten einzelnen Beschäftigten zuordnen und erfassen oder auswerten, die "
            "Verhalten oder Leistung zeigen? Die objektive Eignung genügt.",
            "Kan het gegevens vastleggen of analyseren die herleidbaar zijn tot individuele "
            "werknemers en gedrag of prestaties tonen? Objectieve geschiktheid is genoeg.",
        ),
        "§87(1) Nr. 6 BetrVG, art. 27(1)(l) WOR",
    ),
    _bool(
        "employee_data",
        "workplace",
        T(
            "Does it process personal data of your employees?",
            "Verarbeitet es personenbezogene Daten Ihrer Beschäftigten?",
            "Verwerkt het persoonsgegevens van uw werknemers?",
        ),
        "art. 27(1)(k) WOR",
    ),
)


def _o(key: str, article: str, applies_from: date | None, en: str, de: str, nl: str):
    return ObligationRule(key, article, T(en, de, nl), applies_from)


HR = DATES["annex_iii"]
# The 2026.07 obligations, without its German-only works-council item, plus the new ones.
OBLIGATIONS: dict[str, ObligationRule] = {
    key: rule for key, rule in previous.OBLIGATIONS.items() if key != "wc-87"
}
OBLIGATIONS.update(
    {
        rule.key: rule
        for rule in (
            _o(
                "hr-14-5",
                "Art 14(5), 26(2)",
                HR,
                "Take no action or decision on an identification unless at least two competent, "
                "trained people with authority have separately verified and confirmed it.",
                "Keine Maßnahme oder Entscheidung auf eine Identifizierung stützen, bevor "
                "mindestens zwei kompetente, geschulte und befugte Personen sie getrennt "
                "überprüft und bestätigt haben.",
                "Geen actie of besluit baseren op een identificatie tenzij ten minste twee "
                "bekwame, opgeleide en bevoegde personen die afzonderlijk hebben geverifieerd "
                "en bevestigd.",
            ),
            _o(
                "hr-49-3",
                "Art 26(8), 49(3)",
                HR,
                "Before first use, register yourself, select the system and register its use in "
                "the EU database; do not use a system that is not registered there.",
                "Vor der ersten Nutzung sich selbst registrieren, das System auswählen und seine "
                "Nutzung in der EU-Datenbank eintragen; ein dort nicht registriertes System "
                "nicht verwenden.",
                "Vóór het eerste gebruik uzelf registreren, het systeem selecteren en het "
                "gebruik ervan in de EU-databank registreren; een daar niet geregistreerd "
                "systeem niet gebruiken.",
            ),
            _o(
                "tr-50-4-deepfake-art",
                "Art 50(4)",
                DATES["transparency"],
                "Disclose that the work contains AI-made content, in a way that does not hamper "
                "its display or enjoyment.",
                "Offenlegen, dass das Werk KI-erzeugte Inhalte enthält, ohne die Darstellung "
                "oder den Genuss des Werks zu beeinträchtigen.",
                "Bekendmaken dat het werk door AI gemaakte inhoud bevat, op een manier die de "
                "weergave of het genot van het werk niet belemmert.",
            ),
        )
    }
)
# One checklist item per workers' participation duty, in the organisation's
# own law; §87 keeps the 2026.07 key so an existing checklist item carries over.
WORKS_COUNCIL_KEYS = {
    duty.key: "wc-87" if duty.key == "de-87" else f"wc-{duty.key}" for duty in ALL_DUTIES
}
OBLIGATIONS.update(
    {
        WORKS_COUNCIL_KEYS[duty.key]: ObligationRule(
            WORKS_COUNCIL_KEYS[duty.key], duty.law, duty.reason, None
        )
        for duty in ALL_DUTIES
        if duty.key != "ai-26-7"  # the high-risk checklist already carries Art 26(7)
    }
)

TEXTS = {
    **previous.TEXTS,
    "art_14_5_exception": T(
        "The two-person rule does not apply where Union or national law considers it "
        "disproportionate for law enforcement, migration, border control or asylum.",
        "Die Vier-Augen-Regel gilt nicht, wo Unions- oder nationales Recht sie für "
        "Strafverfolgung, Migration, Grenzkontrolle oder Asyl für unverhältnismäßig hält.",
        "De vier-ogenregel geldt niet waar het Unierecht of nationaal recht die voor "
        "rechtshandhaving, migratie, grenscontrole of asiel onevenredig acht.",
    ),
}

# Questions whose meaning changed since 2026.07: a re-classification asks to check them.
CHANGED_SINCE_2026_07 = (
    "prohibited_practices",
    "annex_i_third_party",
    "annex_iii_points",
    "public_sector",
    "interaction_obvious",
    "generative_exception",
    "artistic_work",
    "public_interest_text",
    "editorial_responsibility",
    "crime_authorised",
    "crime_reporting_public",
    "employee_data",
)


def upgrade(version: str, answers: dict[str, Any]) -> dict[str, Any]:
    """Answers given under `version`, carried over to this version's questions."""
    if version == VERSION:
        return dict(answers)
    upgraded = dict(answers)
    if version == previous.VERSION:
        # 2026.07 asked one question for both Art 6(1) conditions.
        upgraded["annex_i_third_party"] = bool(answers.get("annex_i_product"))
        # It asked "public body or private provider of public services" together;
        # the cautious reading keeps the impact assessment and asks to check the rest.
        upgraded["public_sector"] = "public_service" if answers.get("public_body") else "none"
        upgraded.pop("public_body", None)
        # Points 6 and 7 are now listed letter by letter; the first letter keeps
        # the result high-risk until the answer is checked.
        points = []
        for point in answers.get("annex_iii_points") or ():
            points.append({"6": "6a", "7": "7a"}.get(point, point))
        upgraded["annex_iii_points"] = points
        # Its text question included "without human editorial control".
        upgraded["editorial_responsibility"] = False
    return upgraded


def _procedure(*args, **kwargs):
    from governance.rules.engine_2026_11 import evaluate

    return evaluate(*args, **kwargs)


RULE_SET = RuleSet(
    version=VERSION,
    as_of=AS_OF,
    title=T(
        "EU AI Act with Digital Omnibus, and GDPR (reviewed against the Act's text)",
        "EU-KI-Verordnung mit Digital-Omnibus und DSGVO (am Verordnungstext überprüft)",
        "EU AI-verordening met Digital Omnibus, en AVG (getoetst aan de tekst van de verordening)",
    ),
    steps=STEPS,
    questions=QUESTIONS,
    obligations=OBLIGATIONS,
    dates=DATES,
    texts=TEXTS,
    procedure=_procedure,
    upgrade=upgrade,
)
