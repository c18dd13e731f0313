"""The playbook's three case studies (section 9), with every figure, in en, de and nl.

The Dutch texts follow the source article; English and German are
translations of it. Reference data: refreshed by key, so running it again
changes nothing.
"""

from decimal import Decimal

from django.db import migrations

SOURCE_LABEL = "AI transformation playbook (2025), case study {number}; companies anonymised"

CASE_STUDIES = [
    {
        "key": "playbook-1",
        "number": 1,
        "sector": "manufacturing",
        "employee_count": 150,
        "investment": Decimal("130000"),
        "payback_months": 14,
        "areas": ["document_processing", "product_development"],
        "title": {
            "en": "Special-machinery builder: AI-assisted quotations and technical documentation",
            "de": "Sondermaschinenbauer: KI-gestützte Angebote und technische Dokumentation",
            "nl": "Speciaalmachinebouwer: AI-ondersteunde offertes en technische documentatie",
        },
        "situation": {
            "en": (
                "A mid-sized special-machinery builder struggled with long lead times for "
                "quotations and technical documentation. Its highly specialised engineers spent "
                "up to 40% of their time on repetitive documentation tasks."
            ),
            "de": (
                "Ein mittelständischer Sondermaschinenbauer kämpfte mit langen Durchlaufzeiten "
                "bei der Erstellung von Angeboten und technischer Dokumentation. Die "
                "hochspezialisierten Ingenieure verbrachten bis zu 40 % ihrer Zeit mit "
                "repetitiven Dokumentationsaufgaben."
            ),
            "nl": (
                "Een middelgrote speciaalmachinebouwer kampte met lange doorlooptijden bij het "
                "opstellen van offertes en technische documentatie. De hooggespecialiseerde "
                "ingenieurs besteedden tot 40% van hun tijd aan repetitieve documentatietaken."
            ),
        },
        "components": {
            "en": [
                "Automated drafting of quotations from customer data and project history",
                "AI-assisted technical documentation with knowledge extraction from past projects",
                "Multilingual translation of technical documents",
            ],
            "de": [
                "Automatisierte Erstellung von Angeboten auf Basis von Kundendaten und "
                "Projekthistorie",
                "KI-gestützte technische Dokumentation mit Wissensextraktion aus bestehenden "
                "Projekten",
                "Mehrsprachige Übersetzung technischer Dokumente",
            ],
            "nl": [
                "Geautomatiseerde opstelling van offertes op basis van klantgegevens en "
                "projecthistorie",
                "AI-ondersteunde technische documentatie met kennisextractie uit bestaande "
                "projecten",
                "Meertalige vertaling van technische documenten",
            ],
        },
        "change_approach": {
            "en": [
                "Engineers involved early, in the concept phase",
                "An “AI lab” with representatives from several departments",
                "Step-by-step introduction with a pilot group of 5 engineers",
                "AI champions as multipliers",
                "Regular feedback cycles and continuous adjustments",
            ],
            "de": [
                "Frühzeitige Einbindung der Ingenieure in der Konzeptphase",
                "Aufbau eines „KI-Labors“ mit Vertretern verschiedener Abteilungen",
                "Schrittweise Einführung mit einer Pilotgruppe von 5 Ingenieuren",
                "KI-Champions als Multiplikatoren",
                "Regelmäßige Feedbackzyklen und kontinuierliche Anpassungen",
            ],
            "nl": [
                "Vroegtijdige betrokkenheid van de ingenieurs in de conceptfase",
                "Opbouw van een “AI-lab” met vertegenwoordigers uit verschillende afdelingen",
                "Stapsgewijze implementatie met een pilotgroep van 5 ingenieurs",
                "Creatie van AI-champions als multiplicatoren",
                "Regelmatige feedbackcycli en continue aanpassingen",
            ],
        },
        "success_factor": {
            "en": (
                "Involving the engineers early, and communicating openly that AI would take over "
                "repetitive tasks to free time for challenging engineering work."
            ),
            "de": (
                "Die frühe Einbindung der Ingenieure und die transparente Kommunikation, dass KI "
                "repetitive Aufgaben übernimmt, um mehr Zeit für anspruchsvolle "
                "Ingenieursaufgaben zu schaffen."
            ),
            "nl": (
                "De vroege betrokkenheid van de ingenieurs en de transparante communicatie dat AI "
                "repetitieve taken zou overnemen om meer tijd te creëren voor uitdagende "
                "engineeringtaken."
            ),
        },
        "notes": {"en": "", "de": "", "nl": ""},
        "metrics": [
            {
                "name": {
                    "en": "Time to prepare a quotation",
                    "de": "Zeit für die Angebotserstellung",
                    "nl": "Offerteopstellingstijd",
                },
                "unit": {"en": "", "de": "", "nl": ""},
                "stated_relative_change": Decimal("-62"),
                "higher_is_better": False,
            },
            {
                "name": {
                    "en": "Technical documentation effort",
                    "de": "Aufwand für technische Dokumentation",
                    "nl": "Tijd voor technische documentatie",
                },
                "unit": {"en": "h per project", "de": "Std. pro Projekt", "nl": "uur per project"},
                "before": Decimal("17"),
                "after": Decimal("5"),
                "higher_is_better": False,
            },
            {
                "name": {
                    "en": "Engineering capacity freed for value-adding work",
                    "de": "Freigesetzte Ingenieurskapazität für wertschöpfende Tätigkeiten",
                    "nl": "Vrijgemaakte ingenieurscapaciteit voor waardetoevoegende activiteiten",
                },
                "unit": {"en": "%", "de": "%", "nl": "%"},
                "before": Decimal("0"),
                "after": Decimal("26"),
                "higher_is_better": True,
            },
        ],
    },
    {
        "key": "playbook-2",
        "number": 2,
        "sector": "wholesale_retail",
        "employee_count": 220,
        "investment": Decimal("95000"),
        "payback_months": 7,
        "areas": ["knowledge_management", "customer_service"],
        "title": {
            "en": "Technical wholesaler: AI knowledge management for product information",
            "de": "Technischer Großhändler: KI-Wissensmanagement für Produktinformationen",
            "nl": "Technische groothandel: AI-kennismanagement voor productinformatie",
        },
        "situation": {
            "en": (
                "A technical wholesaler with a broad product portfolio and a high volume of "
                "customer enquiries found that its staff spent on average 1.5 hours a day "
                "searching for product information across different systems."
            ),
            "de": (
                "Ein technischer Großhändler mit breitem Produktportfolio und vielen "
                "Kundenanfragen stellte fest, dass die Mitarbeitenden durchschnittlich 1,5 "
                "Stunden pro Tag mit der Suche nach Produktinformationen in verschiedenen "
                "Systemen verbrachten."
            ),
            "nl": (
                "Een technische groothandel met een breed productportfolio en een hoge frequentie "
                "van klantaanvragen stelde vast dat medewerkers gemiddeld 1,5 uur per dag "
                "besteedden aan het zoeken naar productinformatie in verschillende systemen."
            ),
        },
        "components": {
            "en": [
                "Central knowledge graph with product data, technical specifications and "
                "applications",
                "AI-based search that answers questions in natural language",
                "Automatic categorisation and tagging of product documentation",
            ],
            "de": [
                "Zentraler Knowledge Graph mit Produktdaten, technischen Spezifikationen und "
                "Anwendungsfällen",
                "KI-basierte Suche mit Fragen in natürlicher Sprache",
                "Automatische Kategorisierung und Verschlagwortung der Produktdokumentation",
            ],
            "nl": [
                "Centrale knowledge graph met productgegevens, technische specificaties en "
                "toepassingsgevallen",
                "AI-gebaseerde zoekfunctie met natuurlijke taalvragen",
                "Automatische categorisering en tagging van productdocumentatie",
            ],
        },
        "change_approach": {
            "en": [
                "Detailed analysis of work processes and pain points",
                "Co-creation workshops with sales, support and logistics",
                "A dedicated AI coordinator (50% role)",
                "Gamified training (“AI driving licence”)",
                "Internal dashboard with usage statistics and success stories",
            ],
            "de": [
                "Detaillierte Analyse der Arbeitsprozesse und Schmerzpunkte",
                "Co-Creation-Workshops mit Vertrieb, Support und Logistik",
                "Eigene KI-Koordination (50-%-Stelle)",
                "Spielerische Trainingskonzepte („KI-Führerschein“)",
                "Internes Dashboard mit Nutzungsstatistiken und Erfolgsgeschichten",
            ],
            "nl": [
                "Gedetailleerde analyse van werkprocessen en pijnpunten",
                "Co-creatie workshops met verkoop, support en logistiek",
                "Toegewijde AI-coördinator (50%-functie)",
                "Gamified trainingsconcepten (“AI-rijbewijs”)",
                "Intern dashboard met gebruiksstatistieken en succesverhalen",
            ],
        },
        "success_factor": {
            "en": (
                "Introducing staff to the AI solution playfully, and making the improvements "
                "achieved continuously visible."
            ),
            "de": (
                "Die spielerische Heranführung der Mitarbeitenden an die KI-Lösung und das "
                "kontinuierliche Sichtbarmachen der erzielten Verbesserungen."
            ),
            "nl": (
                "De speelse introductie van medewerkers aan de AI-oplossing en het continu "
                "zichtbaar maken van de behaalde verbeteringen."
            ),
        },
        "notes": {"en": "", "de": "", "nl": ""},
        "metrics": [
            {
                "name": {
                    "en": "Time spent searching for product information",
                    "de": "Suchzeit für Produktinformationen",
                    "nl": "Zoektijd naar productinformatie",
                },
                "unit": {"en": "", "de": "", "nl": ""},
                "stated_relative_change": Decimal("-72"),
                "higher_is_better": False,
            },
            {
                "name": {
                    "en": "First-time-fix rate in customer service",
                    "de": "First-Time-Fix-Rate im Kundenservice",
                    "nl": "First-time-fix rate in de klantenservice",
                },
                "unit": {"en": "%", "de": "%", "nl": "%"},
                "before": Decimal("61"),
                "after": Decimal("84"),
                "higher_is_better": True,
            },
            {
                "name": {
                    "en": "Employee Satisfaction Index",
                    "de": "Mitarbeiterzufriedenheit (Employee Satisfaction Index)",
                    "nl": "Medewerkerstevredenheid (Employee Satisfaction Index)",
                },
                "unit": {"en": "points", "de": "Punkte", "nl": "punten"},
                "stated_absolute_change": Decimal("18"),
                "higher_is_better": True,
            },
        ],
    },
    {
        "key": "playbook-3",
        "number": 3,
        "sector": "financial_services",
        "employee_count": 80,
        "investment": Decimal("210000"),
        "payback_months": 18,
        "areas": ["document_processing", "decision_support", "customer_service"],
        "title": {
            "en": "Financial services provider: compliance checks, credit decisions and an "
            "adviser assistant",
            "de": "Finanzdienstleister: Compliance-Prüfungen, Kreditentscheidungen und "
            "Beraterassistent",
            "nl": "Financiële dienstverlener: compliance-checks, kredietbeslissingen en "
            "adviseursassistent",
        },
        "situation": {
            "en": (
                "A mid-sized financial services provider had to meet complex regulatory "
                "requirements efficiently and, at the same time, answer customer enquiries more "
                "precisely."
            ),
            "de": (
                "Ein mittelständischer Finanzdienstleister stand vor der Herausforderung, "
                "komplexe regulatorische Anforderungen effizient zu erfüllen und gleichzeitig "
                "Kundenanfragen präziser zu beantworten."
            ),
            "nl": (
                "Een middelgrote financiële dienstverlener stond voor de uitdaging om complexe "
                "regelgevingseisen efficiënt te vervullen en tegelijkertijd klantaanvragen "
                "nauwkeuriger te beantwoorden."
            ),
        },
        "components": {
            "en": [
                "Automated document analysis for regulatory compliance checks",
                "AI-assisted decision support for credit applications",
                "Intelligent assistant for client advisers with real-time information",
            ],
            "de": [
                "Automatisierte Dokumentenanalyse für regulatorische Compliance-Prüfungen",
                "KI-gestützte Entscheidungsunterstützung bei Kreditanträgen",
                "Intelligenter Assistent für Kundenberater mit Echtzeit-Informationen",
            ],
            "nl": [
                "Geautomatiseerde documentanalyse voor regelgevende compliance-checks",
                "AI-ondersteunde beslissingsondersteuning bij kredietaanvragen",
                "Intelligente assistent voor klantadviseurs met real-time informatie",
            ],
        },
        "change_approach": {
            "en": [
                "Clearly communicated split of roles: AI supports the decision, a person makes "
                "the final one",
                "Intensive training on how the AI system works and where its limits are",
                "Tandem structure: each department had a tandem of domain expert and AI "
                "specialist",
                "Regular “AI review meetings” for quality assurance and optimisation",
                "Functionality extended step by step based on user feedback",
            ],
            "de": [
                "Klar kommunizierte Rollenteilung: KI unterstützt die Entscheidung, die finale "
                "Entscheidung trifft der Mensch",
                "Intensive Schulung zu Funktionsweise und Grenzen des KI-Systems",
                "Tandemstruktur: Jede Fachabteilung hatte ein Tandem aus Fachexperte und "
                "KI-Spezialist",
                "Regelmäßige „KI-Review-Meetings“ zur Qualitätssicherung und Optimierung",
                "Schrittweise Erweiterung der Funktionalität auf Basis von Nutzerfeedback",
            ],
            "nl": [
                "Duidelijk gecommuniceerde rolscheiding: AI als beslissingsondersteuning, finale "
                "beslissing bij de mens",
                "Intensieve training over werking en grenzen van het AI-systeem",
                "Tandemstructuur: elke vakafdeling had een tandem van vakexpert en AI-specialist",
                "Regelmatige “AI-review-meetings” voor kwaliteitsborging en optimalisatie",
                "Stapsgewijze uitbreiding van de functionaliteit op basis van gebruikersfeedback",
            ],
        },
        "success_factor": {
            "en": (
                "Communicating clearly that AI is there to support staff, not to replace them, "
                "and keeping the domain experts involved in developing the system further."
            ),
            "de": (
                "Die klare Kommunikation, dass KI die Mitarbeitenden unterstützen und nicht "
                "ersetzen soll, und die kontinuierliche Einbindung der Fachexperten in die "
                "Weiterentwicklung des Systems."
            ),
            "nl": (
                "De duidelijke communicatie dat AI de medewerkers moet ondersteunen, niet "
                "vervangen, en de continue betrokkenheid van de vakexperts bij de "
                "doorontwikkeling van het systeem."
            ),
        },
        "notes": {
            "en": (
                "Governance: decision support for credit applications concerns the "
                "creditworthiness of natural persons, which the EU AI Act lists as high-risk "
                "(Annex III point 5(b))."
            ),
            "de": (
                "Governance: Die Entscheidungsunterstützung bei Kreditanträgen betrifft die "
                "Kreditwürdigkeit natürlicher Personen, die der EU AI Act als hochriskant "
                "einstuft (Anhang III Nummer 5 Buchstabe b)."
            ),
            "nl": (
                "Governance: de beslissingsondersteuning bij kredietaanvragen betreft de "
                "kredietwaardigheid van natuurlijke personen, die de EU AI-verordening als hoog "
                "risico aanmerkt (bijlage III, punt 5, onder b)."
            ),
        },
        "metrics": [
            {
                "name": {
                    "en": "Effort for compliance checks",
                    "de": "Aufwand für Compliance-Prüfungen",
                    "nl": "Tijdsbesteding voor compliance-checks",
                },
                "unit": {"en": "", "de": "", "nl": ""},
                "stated_relative_change": Decimal("-58"),
                "higher_is_better": False,
            },
            {
                "name": {
                    "en": "Processing time of a credit application",
                    "de": "Bearbeitungszeit eines Kreditantrags",
                    "nl": "Verwerkingstijd van een kredietaanvraag",
                },
                "unit": {"en": "days", "de": "Tage", "nl": "dagen"},
                "before": Decimal("4"),
                "after": Decimal("1.2"),
                "higher_is_better": False,
            },
            {
                "name": {
                    "en": "Customer satisfaction (Net Promoter Score)",
                    "de": "Kundenzufriedenheit (Net Promoter Score)",
                    "nl": "Klanttevredenheid (Net Promoter Score)",
                },
                "unit": {"en": "NPS", "de": "NPS", "nl": "NPS"},
                "before": Decimal("27"),
                "after": Decimal("42"),
                "higher_is_better": True,
            },
        ],
    },
]

LANGUAGES = ("en", "de", "nl")
TRANSLATED = ("title", "situation", "components", "change_approach", "success_factor", "notes")


def load(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    CaseStudyArea = apps.get_model("casestudies", "CaseStudyArea")
    CaseStudyMetric = apps.get_model("casestudies", "CaseStudyMetric")
    for data in CASE_STUDIES:
        values = {
            "source": "published",
            "status": "published",
            "original_language": "nl",
            "sector": data["sector"],
            "employee_count": data["employee_count"],
            "investment": data["investment"],
            "payback_months": data["payback_months"],
            "source_label": SOURCE_LABEL.format(number=data["number"]),
        }
        for field in TRANSLATED:
            for language in LANGUAGES:
                values[f"{field}_{language}"] = data[field][language]
        case_study, _ = CaseStudy.objects.update_or_create(key=data["key"], defaults=values)
        CaseStudyArea.objects.filter(case_study=case_study).delete()
        for area in data["areas"]:
            CaseStudyArea.objects.create(case_study=case_study, area=area)
        CaseStudyMetric.objects.filter(case_study=case_study).delete()
        for position, metric in enumerate(data["metrics"]):
            row = {
                "case_study": case_study,
                "position": position,
                "before": metric.get("before"),
                "after": metric.get("after"),
                "stated_relative_change": metric.get("stated_relative_change"),
                "stated_absolute_change": metric.get("stated_absolute_change"),
                "higher_is_better": metric["higher_is_better"],
            }
            for language in LANGUAGES:
                row[f"name_{language}"] = metric["name"][language]
                row[f"unit_{language}"] = metric["unit"][language]
            CaseStudyMetric.objects.create(**row)


def unload(apps, schema_editor):
    CaseStudy = apps.get_model("casestudies", "CaseStudy")
    CaseStudy.objects.filter(key__in=[data["key"] for data in CASE_STUDIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
