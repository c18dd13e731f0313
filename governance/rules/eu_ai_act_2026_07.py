"""EU AI Act (Regulation (EU) 2024/1689) as amended by the Digital Omnibus on AI
(Regulation (EU) 2026/1744, in force since 27 July 2026), plus the GDPR flags.

Source: ../shared/domain/EU_AI_ACT.md. Changes from the omnibus come from
secondary sources; their texts say so. A change in the law is a new module
with a new version, never an edit of this one.
"""

from datetime import date

from governance.rules.base import ObligationRule, Option, Question, RuleSet, Step, T

VERSION = "2026.07"
AS_OF = date(2026, 7, 27)

DATES = {
    "gdpr": date(2018, 5, 25),
    "prohibitions": date(2025, 2, 2),
    "literacy": date(2025, 2, 2),
    "penalties": date(2025, 8, 2),
    "transparency": date(2026, 8, 2),
    "omnibus_bans": date(2026, 12, 2),
    "transparency_legacy_generative": date(2026, 12, 2),
    "annex_iii": date(2027, 12, 2),
    "annex_i": date(2028, 8, 2),
}

STEPS = (
    Step("scope", T("Scope", "Anwendungsbereich", "Toepassingsgebied")),
    Step("role", T("Your role", "Ihre Rolle", "Uw rol")),
    Step("prohibited", T("Prohibited practices", "Verbotene Praktiken", "Verboden praktijken")),
    Step("high_risk", T("High risk", "Hochrisiko", "Hoog risico")),
    Step("transparency", T("Transparency", "Transparenz", "Transparantie")),
    Step("gdpr", T("Data protection", "Datenschutz", "Gegevensbescherming")),
    Step("workplace", T("Workplace", "Arbeitsplatz", "Werkplek")),
)

YES_NO_HELP_PROFILING = T(
    "Profiling: automated evaluation of personal aspects such as performance, "
    "reliability, behaviour or location (Art 4(4) GDPR).",
    "Profiling: automatisierte Bewertung persönlicher Aspekte wie Leistung, "
    "Zuverlässigkeit, Verhalten oder Aufenthaltsort (Art. 4 Nr. 4 DSGVO).",
    "Profilering: geautomatiseerde beoordeling van persoonlijke aspecten zoals "
    "prestaties, betrouwbaarheid, gedrag of locatie (art. 4, punt 4, AVG).",
)

PROHIBITED = (
    Option(
        "a",
        T(
            "Subliminal, manipulative or deceptive techniques that materially distort "
            "behaviour and cause or are likely to cause significant harm",
            "Unterschwellige, manipulative oder täuschende Techniken, die das Verhalten "
            "wesentlich verzerren und erheblichen Schaden verursachen (können)",
            "Subliminale, manipulatieve of misleidende technieken die gedrag wezenlijk "
            "verstoren en aanzienlijke schade (kunnen) veroorzaken",
        ),
        "Art 5(1)(a)",
        DATES["prohibitions"],
    ),
    Option(
        "b",
        T(
            "Exploiting vulnerabilities from age, disability or a social or economic "
            "situation, with significant harm",
            "Ausnutzen der Schutzbedürftigkeit wegen Alter, Behinderung oder sozialer oder "
            "wirtschaftlicher Lage, mit erheblichem Schaden",
            "Misbruik van kwetsbaarheden door leeftijd, handicap of sociale of economische "
            "situatie, met aanzienlijke schade",
        ),
        "Art 5(1)(b)",
        DATES["prohibitions"],
    ),
    Option(
        "c",
        T(
            "Social scoring of people by social behaviour or personal traits leading to "
            "detrimental treatment in unrelated contexts or out of proportion",
            "Social Scoring von Personen nach Sozialverhalten oder persönlichen Merkmalen "
            "mit Benachteiligung in fremden Zusammenhängen oder unverhältnismäßig",
            "Sociale scoring van personen op sociaal gedrag of persoonlijke kenmerken met "
            "nadelige behandeling in andere contexten of onevenredig",
        ),
        "Art 5(1)(c)",
        DATES["prohibitions"],
    ),
    Option(
        "d",
        T(
            "Predicting a person's crimes solely from profiling or personality traits",
            "Vorhersage von Straftaten einer Person allein aus Profiling oder "
            "Persönlichkeitsmerkmalen",
            "Voorspellen van strafbare feiten van een persoon uitsluitend op basis van "
            "profilering of persoonlijkheidskenmerken",
        ),
        "Art 5(1)(d)",
        DATES["prohibitions"],
    ),
    Option(
        "e",
        T(
            "Building face-recognition databases by untargeted scraping of images from "
            "the internet or CCTV",
            "Aufbau von Gesichtserkennungsdatenbanken durch ungezieltes Auslesen von "
            "Bildern aus dem Internet oder von Überwachungskameras",
            "Opbouwen van gezichtsherkenningsdatabanken door ongericht afbeeldingen van "
            "internet of camerabeelden te schrapen",
        ),
        "Art 5(1)(e)",
        DATES["prohibitions"],
    ),
    Option(
        "f",
        T(
            "Inferring emotions of people at the workplace or in education (not for "
            "medical or safety reasons; fatigue or pain are not emotions)",
            "Ableiten von Emotionen am Arbeitsplatz oder in Bildungseinrichtungen (nicht "
            "aus medizinischen oder Sicherheitsgründen; Müdigkeit oder Schmerz sind keine "
            "Emotionen)",
            "Afleiden van emoties op de werkplek of in het onderwijs (niet om medische of "
            "veiligheidsredenen; vermoeidheid of pijn zijn geen emoties)",
        ),
        "Art 5(1)(f)",
        DATES["prohibitions"],
    ),
    Option(
        "g",
        T(
            "Biometric categorisation to infer race, political opinions, union membership, "
            "religion or beliefs, sex life or sexual orientation",
            "Biometrische Kategorisierung zur Ableitung von Rasse, politischer Meinung, "
            "Gewerkschaftszugehörigkeit, Religion, Sexualleben oder sexueller Orientierung",
            "Biometrische categorisering om ras, politieke opvattingen, vakbondslidmaatschap, "
            "religie, seksleven of seksuele gerichtheid af te leiden",
        ),
        "Art 5(1)(g)",
        DATES["prohibitions"],
    ),
    Option(
        "h",
        T(
            "Real-time remote biometric identification in public spaces for law enforcement",
            "Biometrische Echtzeit-Fernidentifizierung in öffentlichen Räumen zur Strafverfolgung",
            "Biometrische identificatie op afstand in real time in openbare ruimten voor "
            "rechtshandhaving",
        ),
        "Art 5(1)(h)",
        DATES["prohibitions"],
    ),
    Option(
        "intimate_images",
        T(
            "Generating non-consensual intimate images of an identifiable person (Digital Omnibus)",
            "Erzeugen nicht einvernehmlicher intimer Bilder einer erkennbaren Person "
            "(Digital-Omnibus)",
            "Genereren van intieme beelden van een herkenbare persoon zonder toestemming "
            "(Digital Omnibus)",
        ),
        "Art 5 [omnibus]",
        DATES["omnibus_bans"],
    ),
    Option(
        "csam",
        T(
            "Generating child sexual abuse material (Digital Omnibus)",
            "Erzeugen von Darstellungen sexuellen Kindesmissbrauchs (Digital-Omnibus)",
            "Genereren van materiaal van seksueel kindermisbruik (Digital Omnibus)",
        ),
        "Art 5 [omnibus]",
        DATES["omnibus_bans"],
    ),
)


def _point(value: str, en: str, de: str, nl: str, article: str) -> Option:
    return Option(value, T(en, de, nl), article, DATES["annex_iii"])


# Points ending in "-excluded" are the Act's own exclusions: choosing one
# records why the system is not high-risk under that point.
ANNEX_III = (
    _point(
        "1a",
        "Remote biometric identification",
        "Biometrische Fernidentifizierung",
        "Biometrische identificatie op afstand",
        "Annex III 1(a)",
    ),
    _point(
        "1a-excluded",
        "Biometric 1:1 verification that only confirms a claimed identity (e.g. badge plus "
        "face match at a door)",
        "Biometrische 1:1-Verifizierung, die nur eine behauptete Identität bestätigt (z. B. "
        "Ausweis plus Gesichtsabgleich an einer Tür)",
        "Biometrische 1-op-1-verificatie die alleen een geclaimde identiteit bevestigt "
        "(bijv. pas plus gezichtscontrole bij een deur)",
        "Annex III 1(a), exclusion",
    ),
    _point(
        "1b",
        "Biometric categorisation by sensitive attributes",
        "Biometrische Kategorisierung nach sensiblen Merkmalen",
        "Biometrische categorisering op gevoelige kenmerken",
        "Annex III 1(b)",
    ),
    _point("1c", "Emotion recognition", "Emotionserkennung", "Emotieherkenning", "Annex III 1(c)"),
    _point(
        "2",
        "Safety component in critical infrastructure (digital infrastructure, road traffic, "
        "water, gas, heating, electricity)",
        "Sicherheitsbauteil kritischer Infrastruktur (digitale Infrastruktur, Straßenverkehr, "
        "Wasser, Gas, Wärme, Strom)",
        "Veiligheidscomponent van kritieke infrastructuur (digitale infrastructuur, wegverkeer, "
        "water, gas, verwarming, elektriciteit)",
        "Annex III 2",
    ),
    _point(
        "3a",
        "Education: admission or assignment",
        "Bildung: Zulassung oder Zuweisung",
        "Onderwijs: toelating of toewijzing",
        "Annex III 3(a)",
    ),
    _point(
        "3b",
        "Education: evaluating learning outcomes",
        "Bildung: Bewertung von Lernergebnissen",
        "Onderwijs: beoordelen van leerresultaten",
        "Annex III 3(b)",
    ),
    _point(
        "3c",
        "Education: assessing the level of education a person receives",
        "Bildung: Bewertung des Bildungsniveaus, das eine Person erhält",
        "Onderwijs: beoordelen van het onderwijsniveau dat iemand krijgt",
        "Annex III 3(c)",
    ),
    _point(
        "3d",
        "Education: proctoring during tests",
        "Bildung: Überwachung bei Prüfungen",
        "Onderwijs: toezicht tijdens toetsen",
        "Annex III 3(d)",
    ),
    _point(
        "4a",
        "Employment: recruitment and selection (job-ad targeting, filtering applications, "
        "evaluating candidates)",
        "Beschäftigung: Einstellung und Auswahl (gezielte Stellenanzeigen, Filtern von "
        "Bewerbungen, Bewerten von Kandidaten)",
        "Werk: werving en selectie (gerichte vacatures, filteren van sollicitaties, "
        "beoordelen van kandidaten)",
        "Annex III 4(a)",
    ),
    _point(
        "4b",
        "Employment: decisions on terms, promotion, termination, task allocation, monitoring "
        "and evaluating performance and behaviour",
        "Beschäftigung: Entscheidungen über Bedingungen, Beförderung, Kündigung, "
        "Aufgabenzuweisung, Überwachung und Bewertung von Leistung und Verhalten",
        "Werk: besluiten over voorwaarden, promotie, ontslag, taaktoewijzing, monitoren en "
        "beoordelen van prestaties en gedrag",
        "Annex III 4(b)",
    ),
    _point(
        "5a",
        "Eligibility for public benefits and services",
        "Anspruch auf öffentliche Leistungen und Dienste",
        "Recht op publieke uitkeringen en diensten",
        "Annex III 5(a)",
    ),
    _point(
        "5b",
        "Creditworthiness or credit score of natural persons",
        "Kreditwürdigkeit oder Kreditscore natürlicher Personen",
        "Kredietwaardigheid of kredietscore van natuurlijke personen",
        "Annex III 5(b)",
    ),
    _point(
        "5b-excluded",
        "Detecting financial fraud",
        "Aufdeckung von Finanzbetrug",
        "Opsporen van financiële fraude",
        "Annex III 5(b), exclusion",
    ),
    _point(
        "5c",
        "Risk assessment and pricing in life and health insurance",
        "Risikobewertung und Preisbildung in der Lebens- und Krankenversicherung",
        "Risicobeoordeling en prijsstelling bij levens- en ziektekostenverzekeringen",
        "Annex III 5(c)",
    ),
    _point(
        "5c-excluded",
        "Risk or pricing in other insurance (not life or health)",
        "Risiko oder Preis in anderen Versicherungen (nicht Leben oder Gesundheit)",
        "Risico of prijs bij andere verzekeringen (niet leven of gezondheid)",
        "Annex III 5(c), exclusion",
    ),
    _point(
        "5d",
        "Emergency call triage and dispatch",
        "Triage und Disposition von Notrufen",
        "Triage en uitzending bij noodoproepen",
        "Annex III 5(d)",
    ),
    _point(
        "6",
        "Law enforcement",
        "Strafverfolgung",
        "Rechtshandhaving",
        "Annex III 6",
    ),
    _point(
        "7",
        "Migration, asylum and border control",
        "Migration, Asyl und Grenzkontrolle",
        "Migratie, asiel en grenscontrole",
        "Annex III 7",
    ),
    _point(
        "8a",
        "Assisting judicial authorities",
        "Unterstützung von Justizbehörden",
        "Ondersteuning van rechterlijke instanties",
        "Annex III 8(a)",
    ),
    _point(
        "8b",
        "Influencing elections or voting behaviour",
        "Beeinflussung von Wahlen oder Wahlverhalten",
        "Beïnvloeden van verkiezingen of stemgedrag",
        "Annex III 8(b)",
    ),
)

DEROGATION = (
    Option("none", T("None of these", "Keine davon", "Geen van deze")),
    Option(
        "a",
        T(
            "A narrow procedural task",
            "Eine eng gefasste Verfahrensaufgabe",
            "Een beperkte procedurele taak",
        ),
        "Art 6(3)(a)",
    ),
    Option(
        "b",
        T(
            "Improving the result of a completed human activity",
            "Verbessern des Ergebnisses einer abgeschlossenen menschlichen Tätigkeit",
            "Verbeteren van het resultaat van een afgeronde menselijke activiteit",
        ),
        "Art 6(3)(b)",
    ),
    Option(
        "c",
        T(
            "Detecting decision patterns or deviations without replacing human review",
            "Erkennen von Entscheidungsmustern oder Abweichungen, ohne die menschliche "
            "Prüfung zu ersetzen",
            "Opsporen van beslispatronen of afwijkingen zonder menselijke beoordeling te vervangen",
        ),
        "Art 6(3)(c)",
    ),
    Option(
        "d",
        T("A preparatory task", "Eine vorbereitende Aufgabe", "Een voorbereidende taak"),
        "Art 6(3)(d)",
    ),
)

SCOPE_EXCLUSIONS = (
    Option("none", T("None of these", "Keine davon", "Geen van deze")),
    Option(
        "personal",
        T(
            "Purely personal, non-professional use",
            "Rein persönliche, nicht berufliche Nutzung",
            "Puur persoonlijk, niet-beroepsmatig gebruik",
        ),
        "Art 2(10)",
    ),
    Option(
        "military",
        T(
            "Exclusively military, defence or national security",
            "Ausschließlich militärisch, Verteidigung oder nationale Sicherheit",
            "Uitsluitend militair, defensie of nationale veiligheid",
        ),
        "Art 2(3)",
    ),
    Option(
        "research",
        T(
            "Sole purpose of scientific research and development",
            "Einziger Zweck wissenschaftliche Forschung und Entwicklung",
            "Uitsluitend wetenschappelijk onderzoek en ontwikkeling",
        ),
        "Art 2(6)",
    ),
    Option(
        "testing",
        T(
            "Research and testing before placing on the market",
            "Forschung und Tests vor dem Inverkehrbringen",
            "Onderzoek en testen vóór het in de handel brengen",
        ),
        "Art 2(8)",
    ),
)

DPIA_MANDATORY = (
    Option(
        "a",
        T(
            "Systematic and extensive automated evaluation with legal or similarly "
            "significant effects",
            "Systematische und umfassende automatisierte Bewertung mit rechtlicher oder "
            "ähnlich erheblicher Wirkung",
            "Systematische en uitgebreide geautomatiseerde beoordeling met rechtsgevolgen "
            "of vergelijkbare aanzienlijke gevolgen",
        ),
        "Art 35(3)(a) GDPR",
    ),
    Option(
        "b",
        T(
            "Large-scale processing of special categories of data",
            "Umfangreiche Verarbeitung besonderer Kategorien personenbezogener Daten",
            "Grootschalige verwerking van bijzondere categorieën persoonsgegevens",
        ),
        "Art 35(3)(b) GDPR",
    ),
    Option(
        "c",
        T(
            "Large-scale systematic monitoring of publicly accessible areas",
            "Umfangreiche systematische Überwachung öffentlich zugänglicher Bereiche",
            "Grootschalige stelselmatige monitoring van openbaar toegankelijke ruimten",
        ),
        "Art 35(3)(c) GDPR",
    ),
)

WP248 = (
    Option(
        "evaluation", T("Evaluation or scoring", "Bewertung oder Scoring", "Evaluatie of scoring")
    ),
    Option(
        "automated_decision",
        T(
            "Automated decision with legal or similar effect",
            "Automatisierte Entscheidung mit rechtlicher oder ähnlicher Wirkung",
            "Geautomatiseerd besluit met rechtsgevolg of vergelijkbaar effect",
        ),
    ),
    Option(
        "monitoring",
        T("Systematic monitoring", "Systematische Überwachung", "Stelselmatige monitoring"),
    ),
    Option(
        "sensitive",
        T(
            "Sensitive or highly personal data",
            "Sensible oder höchstpersönliche Daten",
            "Gevoelige of zeer persoonlijke gegevens",
        ),
    ),
    Option("large_scale", T("Large scale", "Umfangreiche Verarbeitung", "Grote schaal")),
    Option(
        "matching",
        T(
            "Matching or combining datasets",
            "Abgleichen oder Zusammenführen von Datensätzen",
            "Koppelen of combineren van datasets",
        ),
    ),
    Option(
        "vulnerable",
        T(
            "Vulnerable data subjects (employees count)",
            "Schutzbedürftige Betroffene (auch Beschäftigte)",
            "Kwetsbare betrokkenen (ook werknemers)",
        ),
    ),
    Option(
        "innovative",
        T(
            "Innovative use or new technology",
            "Innovative Nutzung oder neue Technologie",
            "Innovatief gebruik of nieuwe technologie",
        ),
    ),
    Option(
        "prevents_rights",
        T(
            "Prevents people from exercising a right or using a service",
            "Hindert Personen an der Ausübung eines Rechts oder der Nutzung eines Dienstes",
            "Belet mensen een recht uit te oefenen of een dienst te gebruiken",
        ),
    ),
)


def _bool(key: str, step: str, text: T, article: str = "", help: T | None = None) -> Question:
    return Question(key, step, "bool", text, article, help, default=False)


QUESTIONS = (
    Question(
        "is_ai_system",
        "scope",
        "choice",
        T(
            "Is it an AI system: a machine-based system that infers from its input how to "
            "generate outputs such as predictions, content, recommendations or decisions?",
            "Ist es ein KI-System: ein maschinengestütztes System, das aus Eingaben ableitet, "
            "wie es Ausgaben wie Vorhersagen, Inhalte, Empfehlungen oder Entscheidungen "
            "erzeugt?",
            "Is het een AI-systeem: een machinaal systeem dat uit invoer afleidt hoe het "
            "output zoals voorspellingen, inhoud, aanbevelingen of besluiten genereert?",
        ),
        "Art 3(1)",
        options=(
            Option("yes", T("Yes", "Ja", "Ja")),
            Option("no", T("No", "Nein", "Nee")),
        ),
        default="yes",
    ),
    Question(
        "scope_exclusion",
        "scope",
        "choice",
        T(
            "Is it used only for one of these purposes?",
            "Wird es nur für einen dieser Zwecke genutzt?",
            "Wordt het alleen voor een van deze doelen gebruikt?",
        ),
        "Art 2",
        options=SCOPE_EXCLUSIONS,
        default="none",
    ),
    _bool(
        "developed_in_house",
        "role",
        T(
            "Did you develop the system, or have it developed, and put it into service under "
            "your own name, including for your own use (e.g. a chatbot you built on an LLM API)?",
            "Haben Sie das System entwickelt oder entwickeln lassen und unter eigenem Namen in "
            "Betrieb genommen, auch für die eigene Nutzung (z. B. ein selbst gebauter Chatbot "
            "auf einer LLM-API)?",
            "Heeft u het systeem ontwikkeld of laten ontwikkelen en onder eigen naam in gebruik "
            "genomen, ook voor eigen gebruik (bijv. een zelfgebouwde chatbot op een LLM-API)?",
        ),
        "Art 3(3)",
    ),
    _bool(
        "own_brand",
        "role",
        T(
            "Do you put your name or trademark on a high-risk system someone else built?",
            "Versehen Sie ein von anderen gebautes Hochrisiko-System mit Ihrem Namen oder "
            "Ihrer Marke?",
            "Zet u uw naam of merk op een hoog-risicosysteem dat een ander heeft gebouwd?",
        ),
        "Art 25(1)(a)",
    ),
    _bool(
        "substantial_modification",
        "role",
        T(
            "Have you substantially modified a high-risk system?",
            "Haben Sie ein Hochrisiko-System wesentlich verändert?",
            "Heeft u een hoog-risicosysteem wezenlijk gewijzigd?",
        ),
        "Art 25(1)(b)",
    ),
    _bool(
        "changed_purpose",
        "role",
        T(
            "Do you use a system, a general-purpose one included, for a purpose its provider "
            "did not intend (e.g. HR staff ranking CVs with a general chat assistant)?",
            "Nutzen Sie ein System, auch ein Allzweck-System, für einen vom Anbieter nicht "
            "vorgesehenen Zweck (z. B. Personalabteilung sortiert Lebensläufe mit einem "
            "allgemeinen Chat-Assistenten)?",
            "Gebruikt u een systeem, ook een systeem voor algemene doeleinden, voor een doel "
            "dat de aanbieder niet bedoelde (bijv. HR rangschikt cv's met een algemene "
            "chatassistent)?",
        ),
        "Art 25(1)(c)",
    ),
    Question(
        "prohibited_practices",
        "prohibited",
        "multi",
        T(
            "Does the system do any of the following?",
            "Tut das System eines der folgenden Dinge?",
            "Doet het systeem een van de volgende dingen?",
        ),
        "Art 5",
        options=PROHIBITED,
        default=(),
    ),
    _bool(
        "annex_i_product",
        "high_risk",
        T(
            "Is it a safety component of, or itself, a product under the EU product "
            "legislation of Annex I (machinery, toys, lifts, medical devices, ...) that needs "
            "third-party conformity assessment? Quality control is not a safety component.",
            "Ist es ein Sicherheitsbauteil eines Produkts oder selbst ein Produkt nach den "
            "EU-Produktvorschriften des Anhangs I (Maschinen, Spielzeug, Aufzüge, "
            "Medizinprodukte, ...), das eine Konformitätsbewertung durch Dritte braucht? "
            "Qualitätskontrolle ist kein Sicherheitsbauteil.",
            "Is het een veiligheidscomponent van, of zelf, een product onder de "
            "EU-productwetgeving van bijlage I (machines, speelgoed, liften, medische "
            "hulpmiddelen, ...) waarvoor conformiteitsbeoordeling door derden nodig is? "
            "Kwaliteitscontrole is geen veiligheidscomponent.",
        ),
        "Art 6(1), Annex I",
    ),
    Question(
        "annex_iii_points",
        "high_risk",
        "multi",
        T(
            "Is it used in one of these areas?",
            "Wird es in einem dieser Bereiche eingesetzt?",
            "Wordt het in een van deze gebieden gebruikt?",
        ),
        "Art 6(2), Annex III",
        options=ANNEX_III,
        default=(),
    ),
    Question(
        "derogation_condition",
        "high_risk",
        "choice",
        T(
            "If it is in an Annex III area: does it only perform one of these tasks?",
            "Falls es in einem Anhang-III-Bereich liegt: erfüllt es nur eine dieser Aufgaben?",
            "Als het in een gebied van bijlage III valt: voert het alleen een van deze taken uit?",
        ),
        "Art 6(3)",
        options=DEROGATION,
        default="none",
    ),
    _bool(
        "no_material_influence",
        "high_risk",
        T(
            "It does not materially influence the outcome of decisions.",
            "Es beeinflusst das Ergebnis von Entscheidungen nicht wesentlich.",
            "Het beïnvloedt de uitkomst van besluiten niet wezenlijk.",
        ),
        "Art 6(3)",
    ),
    _bool(
        "profiling",
        "high_risk",
        T(
            "It profiles natural persons.",
            "Es erstellt Profile natürlicher Personen.",
            "Het profileert natuurlijke personen.",
        ),
        "Art 6(3), last subparagraph",
        YES_NO_HELP_PROFILING,
    ),
    _bool(
        "public_body",
        "high_risk",
        T(
            "Are you a body governed by public law, or a private entity providing public services?",
            "Sind Sie eine Einrichtung des öffentlichen Rechts oder eine private Stelle, die "
            "öffentliche Dienste erbringt?",
            "Bent u een publiekrechtelijke instelling of een particuliere entiteit die "
            "openbare diensten verleent?",
        ),
        "Art 27(1)",
    ),
    _bool(
        "in_service_before",
        "high_risk",
        T(
            "Was the system put into service before its high-risk rules apply, with no "
            "significant change to its design since?",
            "Wurde das System vor Geltung seiner Hochrisiko-Regeln in Betrieb genommen, ohne "
            "wesentliche Änderung seines Designs seitdem?",
            "Is het systeem in gebruik genomen voordat de hoog-risicoregels gelden, zonder "
            "significante wijziging van het ontwerp sindsdien?",
        ),
        "Art 111(2)",
    ),
    _bool(
        "talks_to_people",
        "transparency",
        T(
            "Does it talk to people (chatbot, voice agent)?",
            "Kommuniziert es mit Menschen (Chatbot, Sprachassistent)?",
            "Communiceert het met mensen (chatbot, spraakassistent)?",
        ),
        "Art 50(1)",
    ),
    _bool(
        "generates_content",
        "transparency",
        T(
            "Does it generate synthetic audio, images, video or text?",
            "Erzeugt es synthetische Audio-, Bild-, Video- oder Textinhalte?",
            "Genereert het synthetische audio, beelden, video of tekst?",
        ),
        "Art 50(2)",
    ),
    _bool(
        "on_market_before_transparency",
        "transparency",
        T(
            "Was this generative system already on the market before 2 August 2026?",
            "War dieses generative System schon vor dem 2. August 2026 auf dem Markt?",
            "Was dit generatieve systeem al vóór 2 augustus 2026 op de markt?",
        ),
        "Art 50(2) [omnibus]",
    ),
    _bool(
        "emotion_or_categorisation",
        "transparency",
        T(
            "Does it recognise emotions or categorise people biometrically?",
            "Erkennt es Emotionen oder kategorisiert es Personen biometrisch?",
            "Herkent het emoties of categoriseert het mensen biometrisch?",
        ),
        "Art 50(3)",
    ),
    _bool(
        "deep_fake",
        "transparency",
        T(
            "Does it produce deep fakes (realistic image, audio or video of real people, "
            "places or events)?",
            "Erzeugt es Deepfakes (realistische Bilder, Audio oder Video echter Personen, Orte "
            "oder Ereignisse)?",
            "Maakt het deepfakes (realistische beelden, audio of video van echte personen, "
            "plaatsen of gebeurtenissen)?",
        ),
        "Art 50(4)",
    ),
    _bool(
        "public_interest_text",
        "transparency",
        T(
            "Do you publish AI-generated text to inform the public on matters of public "
            "interest without human editorial control?",
            "Veröffentlichen Sie KI-generierte Texte zur Information der Öffentlichkeit über "
            "Angelegenheiten von öffentlichem Interesse ohne menschliche redaktionelle "
            "Kontrolle?",
            "Publiceert u door AI gegenereerde tekst om het publiek te informeren over zaken "
            "van algemeen belang zonder menselijke redactionele controle?",
        ),
        "Art 50(4)",
    ),
    _bool(
        "personal_data",
        "gdpr",
        T(
            "Does it process personal data?",
            "Verarbeitet es personenbezogene Daten?",
            "Verwerkt het persoonsgegevens?",
        ),
        "Art 4(1) GDPR",
    ),
    Question(
        "dpia_mandatory",
        "gdpr",
        "multi",
        T(
            "Does the processing involve any of these?",
            "Umfasst die Verarbeitung einen dieser Fälle?",
            "Omvat de verwerking een van deze gevallen?",
        ),
        "Art 35(3) GDPR",
        options=DPIA_MANDATORY,
        default=(),
    ),
    Question(
        "wp248_criteria",
        "gdpr",
        "multi",
        T(
            "Which of the nine screening criteria apply?",
            "Welche der neun Prüfkriterien treffen zu?",
            "Welke van de negen screeningscriteria zijn van toepassing?",
        ),
        "Art 35(1) GDPR, WP248",
        options=WP248,
        default=(),
    ),
    _bool(
        "solely_automated_decision",
        "gdpr",
        T(
            "Does it take decisions based solely on automated processing with legal or "
            "similarly significant effects (e.g. a credit score a lender relies on strongly)?",
            "Trifft es Entscheidungen ausschließlich auf Grundlage automatisierter "
            "Verarbeitung mit rechtlicher oder ähnlich erheblicher Wirkung (z. B. ein "
            "Kreditscore, auf den sich ein Kreditgeber stark stützt)?",
            "Neemt het besluiten die uitsluitend op geautomatiseerde verwerking berusten met "
            "rechtsgevolgen of vergelijkbare aanzienlijke gevolgen (bijv. een kredietscore "
            "waarop een kredietverstrekker sterk leunt)?",
        ),
        "Art 22 GDPR",
    ),
    _bool(
        "used_at_workplace",
        "workplace",
        T(
            "Is it used at the workplace, affecting employees?",
            "Wird es am Arbeitsplatz eingesetzt und betrifft es Beschäftigte?",
            "Wordt het op de werkplek gebruikt en raakt het werknemers?",
        ),
        "Art 26(7)",
    ),
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
        "§87(1) Nr. 6 BetrVG",
    ),
)


def _o(key: str, article: str, applies_from: date | None, en: str, de: str, nl: str):
    return ObligationRule(key, article, T(en, de, nl), applies_from)


HR = DATES["annex_iii"]
OBLIGATIONS = {
    rule.key: rule
    for rule in (
        _o(
            "literacy",
            "Art 4",
            DATES["literacy"],
            "Take measures to support the AI literacy of the staff who use or operate the "
            "system (training records are the evidence).",
            "Maßnahmen zur Förderung der KI-Kompetenz der Beschäftigten ergreifen, die das "
            "System nutzen oder betreiben (Schulungsnachweise sind der Beleg).",
            "Maatregelen nemen om de AI-geletterdheid te ondersteunen van medewerkers die het "
            "systeem gebruiken of bedienen (trainingsregistraties zijn het bewijs).",
        ),
        _o(
            "stop",
            "Art 5",
            DATES["prohibitions"],
            "Stop using it: the practice is prohibited.",
            "Nutzung einstellen: die Praxis ist verboten.",
            "Stop met het gebruik: de praktijk is verboden.",
        ),
        _o(
            "hr-26-1",
            "Art 26(1)",
            HR,
            "Use the system according to the provider's instructions for use.",
            "Das System gemäß der Betriebsanleitung des Anbieters verwenden.",
            "Het systeem gebruiken volgens de gebruiksaanwijzing van de aanbieder.",
        ),
        _o(
            "hr-26-2",
            "Art 26(2)",
            HR,
            "Assign human oversight to competent, trained people with the authority to act.",
            "Menschliche Aufsicht kompetenten, geschulten Personen mit Befugnis übertragen.",
            "Menselijk toezicht toewijzen aan bekwame, opgeleide personen met bevoegdheid.",
        ),
        _o(
            "hr-26-4",
            "Art 26(4)",
            HR,
            "Ensure input data you control is relevant and sufficiently representative.",
            "Sicherstellen, dass kontrollierte Eingabedaten relevant und hinreichend "
            "repräsentativ sind.",
            "Zorgen dat invoergegevens onder uw controle relevant en voldoende representatief "
            "zijn.",
        ),
        _o(
            "hr-26-5",
            "Art 26(5)",
            HR,
            "Monitor operation, report risks and serious incidents, suspend use when at risk.",
            "Betrieb überwachen, Risiken und schwerwiegende Vorfälle melden, Nutzung bei Risiko "
            "aussetzen.",
            "Werking monitoren, risico's en ernstige incidenten melden, gebruik opschorten bij "
            "risico.",
        ),
        _o(
            "hr-26-6",
            "Art 26(6)",
            HR,
            "Keep the automatically generated logs for at least six months.",
            "Automatisch erzeugte Protokolle mindestens sechs Monate aufbewahren.",
            "Automatisch gegenereerde logs ten minste zes maanden bewaren.",
        ),
        _o(
            "hr-26-7",
            "Art 26(7)",
            HR,
            "Inform workers' representatives and affected workers before use at the workplace.",
            "Arbeitnehmervertretung und betroffene Beschäftigte vor dem Einsatz am Arbeitsplatz "
            "informieren.",
            "Werknemersvertegenwoordigers en betrokken werknemers informeren vóór gebruik op "
            "de werkplek.",
        ),
        _o(
            "hr-26-9",
            "Art 26(9)",
            HR,
            "Use the provider's information to carry out the data protection impact assessment.",
            "Die Informationen des Anbieters für die Datenschutz-Folgenabschätzung nutzen.",
            "De informatie van de aanbieder gebruiken voor de "
            "gegevensbeschermingseffectbeoordeling.",
        ),
        _o(
            "hr-26-11",
            "Art 26(11)",
            HR,
            "Inform the people subject to decisions the system makes or assists.",
            "Personen informieren, über die das System entscheidet oder Entscheidungen "
            "unterstützt.",
            "Personen informeren over wie het systeem besluit of besluiten ondersteunt.",
        ),
        _o(
            "hr-86",
            "Art 86",
            HR,
            "Give affected people an explanation of adverse decisions on request.",
            "Betroffenen auf Verlangen eine Erklärung nachteiliger Entscheidungen geben.",
            "Betrokkenen op verzoek een uitleg geven van nadelige besluiten.",
        ),
        _o(
            "fria",
            "Art 27",
            HR,
            "Carry out a fundamental-rights impact assessment before first use.",
            "Vor der ersten Nutzung eine Grundrechte-Folgenabschätzung durchführen.",
            "Vóór het eerste gebruik een effectbeoordeling op grondrechten uitvoeren.",
        ),
        _o(
            "pr-9",
            "Art 9",
            HR,
            "Run a risk management system over the whole lifecycle.",
            "Ein Risikomanagementsystem über den gesamten Lebenszyklus betreiben.",
            "Een risicobeheersysteem hanteren gedurende de hele levenscyclus.",
        ),
        _o(
            "pr-10",
            "Art 10",
            HR,
            "Apply data governance to training, validation and test data.",
            "Daten-Governance für Trainings-, Validierungs- und Testdaten anwenden.",
            "Datagovernance toepassen op trainings-, validatie- en testdata.",
        ),
        _o(
            "pr-11",
            "Art 11, Annex IV",
            HR,
            "Write and keep the technical documentation.",
            "Die technische Dokumentation erstellen und aufbewahren.",
            "De technische documentatie opstellen en bewaren.",
        ),
        _o(
            "pr-12",
            "Art 12",
            HR,
            "Build in automatic logging of events.",
            "Automatische Protokollierung von Ereignissen einbauen.",
            "Automatische registratie van gebeurtenissen inbouwen.",
        ),
        _o(
            "pr-13",
            "Art 13",
            HR,
            "Provide instructions for use to deployers.",
            "Betreibern eine Betriebsanleitung bereitstellen.",
            "Gebruiksinstructies aan gebruiksverantwoordelijken verstrekken.",
        ),
        _o(
            "pr-14",
            "Art 14",
            HR,
            "Design the system for effective human oversight.",
            "Das System für wirksame menschliche Aufsicht gestalten.",
            "Het systeem ontwerpen voor effectief menselijk toezicht.",
        ),
        _o(
            "pr-15",
            "Art 15",
            HR,
            "Ensure accuracy, robustness and cybersecurity.",
            "Genauigkeit, Robustheit und Cybersicherheit sicherstellen.",
            "Nauwkeurigheid, robuustheid en cyberbeveiliging waarborgen.",
        ),
        _o(
            "pr-17",
            "Art 17",
            HR,
            "Operate a quality management system.",
            "Ein Qualitätsmanagementsystem betreiben.",
            "Een kwaliteitsbeheersysteem hanteren.",
        ),
        _o(
            "pr-43",
            "Art 43, 47, 48",
            HR,
            "Pass the conformity assessment, sign the EU declaration and affix the CE marking.",
            "Konformitätsbewertung bestehen, EU-Konformitätserklärung ausstellen und "
            "CE-Kennzeichnung anbringen.",
            "De conformiteitsbeoordeling doorlopen, de EU-conformiteitsverklaring opstellen "
            "en de CE-markering aanbrengen.",
        ),
        _o(
            "pr-49",
            "Art 49",
            HR,
            "Register the system in the EU database.",
            "Das System in der EU-Datenbank registrieren.",
            "Het systeem registreren in de EU-databank.",
        ),
        _o(
            "pr-72",
            "Art 72, 73",
            HR,
            "Monitor after placing on the market and report serious incidents.",
            "Beobachtung nach dem Inverkehrbringen und Meldung schwerwiegender Vorfälle.",
            "Monitoring na het in de handel brengen en melden van ernstige incidenten.",
        ),
        _o(
            "der-6-4",
            "Art 6(4), 49(2)",
            HR,
            "Document why the Annex III system is not high-risk before placing it on the "
            "market, and register it.",
            "Vor dem Inverkehrbringen dokumentieren, warum das Anhang-III-System nicht "
            "hochriskant ist, und es registrieren.",
            "Vóór het in de handel brengen documenteren waarom het bijlage III-systeem geen "
            "hoog risico heeft, en het registreren.",
        ),
        _o(
            "der-file",
            "Art 6(3), 6(4)",
            HR,
            "Keep the provider's assessment that the system is not high-risk on file.",
            "Die Bewertung des Anbieters, dass das System nicht hochriskant ist, aufbewahren.",
            "De beoordeling van de aanbieder dat het systeem geen hoog risico heeft bewaren.",
        ),
        _o(
            "tr-50-1",
            "Art 50(1)",
            DATES["transparency"],
            "Tell people they are dealing with an AI system unless it is obvious.",
            "Menschen mitteilen, dass sie mit einem KI-System interagieren, sofern nicht "
            "offensichtlich.",
            "Mensen laten weten dat ze met een AI-systeem te maken hebben, tenzij dat "
            "duidelijk is.",
        ),
        _o(
            "tr-50-1-check",
            "Art 50(1)",
            DATES["transparency"],
            "Check that the provider tells people they are dealing with an AI system.",
            "Prüfen, dass der Anbieter Menschen mitteilt, dass sie mit KI interagieren.",
            "Controleren dat de aanbieder mensen laat weten dat ze met AI te maken hebben.",
        ),
        _o(
            "tr-50-2",
            "Art 50(2)",
            DATES["transparency"],
            "Mark generated audio, images, video and text in a machine-readable way.",
            "Erzeugte Audio-, Bild-, Video- und Textinhalte maschinenlesbar kennzeichnen.",
            "Gegenereerde audio, beelden, video en tekst machineleesbaar markeren.",
        ),
        _o(
            "tr-50-2-check",
            "Art 50(2)",
            DATES["transparency"],
            "Check that the provider marks generated content in a machine-readable way.",
            "Prüfen, dass der Anbieter erzeugte Inhalte maschinenlesbar kennzeichnet.",
            "Controleren dat de aanbieder gegenereerde inhoud machineleesbaar markeert.",
        ),
        _o(
            "tr-50-3",
            "Art 50(3)",
            DATES["transparency"],
            "Inform the people exposed to emotion recognition or biometric categorisation.",
            "Die betroffenen Personen über Emotionserkennung oder biometrische Kategorisierung "
            "informieren.",
            "De blootgestelde personen informeren over emotieherkenning of biometrische "
            "categorisering.",
        ),
        _o(
            "tr-50-4-deepfake",
            "Art 50(4)",
            DATES["transparency"],
            "Disclose that deep-fake image, audio or video content is AI-made.",
            "Offenlegen, dass Deepfake-Bilder, -Audio oder -Video KI-erzeugt sind.",
            "Bekendmaken dat deepfake-beeld, -audio of -video door AI is gemaakt.",
        ),
        _o(
            "tr-50-4-text",
            "Art 50(4)",
            DATES["transparency"],
            "Disclose that text published on matters of public interest is AI-generated.",
            "Offenlegen, dass veröffentlichte Texte zu Angelegenheiten von öffentlichem "
            "Interesse KI-generiert sind.",
            "Bekendmaken dat gepubliceerde tekst over zaken van algemeen belang door AI is "
            "gegenereerd.",
        ),
        _o(
            "gdpr-35",
            "Art 35 GDPR",
            DATES["gdpr"],
            "Carry out a data protection impact assessment before the processing starts.",
            "Vor Beginn der Verarbeitung eine Datenschutz-Folgenabschätzung durchführen.",
            "Vóór de verwerking een gegevensbeschermingseffectbeoordeling uitvoeren.",
        ),
        _o(
            "gdpr-35-screening",
            "Art 35(1) GDPR",
            DATES["gdpr"],
            "Document the DPIA screening and why no DPIA is needed.",
            "Die DSFA-Vorprüfung dokumentieren und begründen, warum keine DSFA nötig ist.",
            "De DPIA-screening documenteren en waarom geen DPIA nodig is.",
        ),
        _o(
            "gdpr-22",
            "Art 22 GDPR",
            DATES["gdpr"],
            "Have an Art 22(2) basis and give human intervention, the right to be heard and "
            "to contest the decision.",
            "Eine Grundlage nach Art. 22 Abs. 2 haben und menschliches Eingreifen, rechtliches "
            "Gehör und Anfechtung ermöglichen.",
            "Een grondslag volgens art. 22, lid 2, hebben en menselijke tussenkomst, het recht "
            "om gehoord te worden en bezwaar te maken bieden.",
        ),
        _o(
            "wc-87",
            "§87(1) Nr. 6 BetrVG",
            None,
            "Agree the introduction with the works council (co-determination) before use.",
            "Die Einführung vor der Nutzung mit dem Betriebsrat vereinbaren (Mitbestimmung).",
            "De invoering vóór gebruik met de ondernemingsraad overeenkomen (medezeggenschap).",
        ),
    )
}

TEXTS = {
    "legacy": T(
        "Put into service before its high-risk rules apply: the high-risk obligations bind "
        "only after a significant change of design (Art 111(2)); prohibitions apply "
        "regardless.",
        "Vor Geltung der Hochrisiko-Regeln in Betrieb genommen: die Hochrisiko-Pflichten "
        "gelten erst nach einer wesentlichen Designänderung (Art. 111 Abs. 2); Verbote "
        "gelten trotzdem.",
        "In gebruik genomen voordat de hoog-risicoregels gelden: de hoog-risicoverplichtingen "
        "gelden pas na een significante ontwerpwijziging (art. 111, lid 2); verboden gelden "
        "altijd.",
    ),
}

RULE_SET = RuleSet(
    version=VERSION,
    as_of=AS_OF,
    title=T(
        "EU AI Act with Digital Omnibus, and GDPR",
        "EU-KI-Verordnung mit Digital-Omnibus und DSGVO",
        "EU AI-verordening met Digital Omnibus, en AVG",
    ),
    steps=STEPS,
    questions=QUESTIONS,
    obligations=OBLIGATIONS,
    dates=DATES,
    texts=TEXTS,
)
