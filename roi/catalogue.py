"""The shipped KPI catalogue: the playbook's indicators by application area (section 8).

Loaded by the data migration `0002_kpi_catalogue` (update-or-create by key,
so a later migration can load additions the same way); each row names its
dimension, unit, direction and how it is measured, in English, German and
Dutch.
"""

# key, area, dimension, higher_is_better,
# (name en, de, nl), (unit en, de, nl), (method en, de, nl)
CATALOGUE = [
    # Document processing
    (
        "document_processing_time",
        "document_processing",
        "efficiency",
        False,
        (
            "Processing time per document",
            "Bearbeitungszeit je Dokument",
            "Verwerkingstijd per document",
        ),
        ("minutes", "Minuten", "minuten"),
        (
            "Time a sample of at least 30 documents from receipt to completion, "
            "before the project and again after go-live.",
            "Eine Stichprobe von mindestens 30 Dokumenten vom Eingang bis zum Abschluss "
            "stoppen, vor dem Projekt und erneut nach dem Go-live.",
            "Meet bij een steekproef van minstens 30 documenten de tijd van ontvangst tot "
            "afronding, vóór het project en opnieuw na de livegang.",
        ),
    ),
    (
        "document_error_rate",
        "document_processing",
        "quality",
        False,
        ("Error rate", "Fehlerquote", "Foutpercentage"),
        ("% of documents", "% der Dokumente", "% van de documenten"),
        (
            "Quality check of a monthly sample: documents with at least one error "
            "÷ documents checked.",
            "Qualitätsprüfung einer monatlichen Stichprobe: Dokumente mit mindestens einem "
            "Fehler ÷ geprüfte Dokumente.",
            "Kwaliteitscontrole van een maandelijkse steekproef: documenten met minstens "
            "één fout ÷ gecontroleerde documenten.",
        ),
    ),
    (
        "document_cost_per_transaction",
        "document_processing",
        "efficiency",
        False,
        ("Cost per transaction", "Kosten je Vorgang", "Kosten per transactie"),
        ("EUR", "EUR", "EUR"),
        (
            "Process costs of the month (staff time × hourly cost plus system costs) "
            "÷ transactions processed.",
            "Prozesskosten des Monats (Arbeitszeit × Stundensatz plus Systemkosten) "
            "÷ bearbeitete Vorgänge.",
            "Proceskosten van de maand (werktijd × uurtarief plus systeemkosten) "
            "÷ verwerkte transacties.",
        ),
    ),
    (
        "document_staff_relief",
        "document_processing",
        "employee",
        True,
        (
            "Relief from repetitive work",
            "Entlastung von Routinearbeit",
            "Ontlasting van routinewerk",
        ),
        ("points (1-5)", "Punkte (1-5)", "punten (1-5)"),
        (
            "Mean of the relief scale in the pulse survey of the affected departments.",
            "Mittelwert der Entlastungsskala in der Pulsbefragung der betroffenen Abteilungen.",
            "Gemiddelde van de ontlastingsschaal in de pulsmeting van de betrokken afdelingen.",
        ),
    ),
    # Customer service
    (
        "service_first_contact_resolution",
        "customer_service",
        "quality",
        True,
        (
            "First-contact resolution rate",
            "Erstlösungsquote",
            "Oplossingspercentage bij eerste contact",
        ),
        ("% of requests", "% der Anfragen", "% van de vragen"),
        (
            "From the ticket system: requests closed without a follow-up contact "
            "÷ all requests of the month.",
            "Aus dem Ticketsystem: ohne Folgekontakt abgeschlossene Anfragen "
            "÷ alle Anfragen des Monats.",
            "Uit het ticketsysteem: vragen afgesloten zonder vervolgcontact "
            "÷ alle vragen van de maand.",
        ),
    ),
    (
        "service_customer_satisfaction",
        "customer_service",
        "strategic",
        True,
        ("Customer satisfaction", "Kundenzufriedenheit", "Klanttevredenheid"),
        ("points (1-5)", "Punkte (1-5)", "punten (1-5)"),
        (
            "Short survey after a closed request; mean score of the month.",
            "Kurzbefragung nach abgeschlossener Anfrage; Mittelwert des Monats.",
            "Korte enquête na een afgesloten vraag; gemiddelde score van de maand.",
        ),
    ),
    (
        "service_handling_time",
        "customer_service",
        "efficiency",
        False,
        ("Handling time", "Bearbeitungsdauer", "Afhandeltijd"),
        ("minutes per request", "Minuten je Anfrage", "minuten per vraag"),
        (
            "Mean time from opening to closing a request, from the ticket system's time stamps.",
            "Mittlere Zeit vom Öffnen bis zum Schließen einer Anfrage, aus den Zeitstempeln "
            "des Ticketsystems.",
            "Gemiddelde tijd van openen tot sluiten van een vraag, uit de tijdstempels van "
            "het ticketsysteem.",
        ),
    ),
    (
        "service_staff_satisfaction",
        "customer_service",
        "employee",
        True,
        (
            "Satisfaction of service staff",
            "Zufriedenheit der Servicemitarbeitenden",
            "Tevredenheid van de servicemedewerkers",
        ),
        ("points (1-5)", "Punkte (1-5)", "punten (1-5)"),
        (
            "Mean of the satisfaction scale in the pulse survey of the service team.",
            "Mittelwert der Zufriedenheitsskala in der Pulsbefragung des Serviceteams.",
            "Gemiddelde van de tevredenheidsschaal in de pulsmeting van het serviceteam.",
        ),
    ),
    # Decision support
    (
        "decision_quality",
        "decision_support",
        "quality",
        True,
        ("Decision quality", "Entscheidungsqualität", "Beslissingskwaliteit"),
        (
            "% confirmed on review",
            "% bei Prüfung bestätigt",
            "% bevestigd bij controle",
        ),
        (
            "Experts review a sample of decisions each month; confirmed decisions "
            "÷ decisions reviewed.",
            "Fachleute prüfen monatlich eine Stichprobe von Entscheidungen; bestätigte "
            "Entscheidungen ÷ geprüfte Entscheidungen.",
            "Experts beoordelen elke maand een steekproef van beslissingen; bevestigde "
            "beslissingen ÷ beoordeelde beslissingen.",
        ),
    ),
    (
        "decision_speed",
        "decision_support",
        "efficiency",
        False,
        ("Decision time", "Entscheidungsdauer", "Beslistijd"),
        ("days", "Tage", "dagen"),
        (
            "Mean days from a complete application to the decision, from the case files.",
            "Mittlere Tage vom vollständigen Antrag bis zur Entscheidung, aus den Vorgangsakten.",
            "Gemiddeld aantal dagen van een volledige aanvraag tot de beslissing, uit de dossiers.",
        ),
    ),
    (
        "decision_confidence",
        "decision_support",
        "employee",
        True,
        (
            "Confidence in decisions",
            "Sicherheit bei Entscheidungen",
            "Zekerheid bij beslissingen",
        ),
        ("points (1-5)", "Punkte (1-5)", "punten (1-5)"),
        (
            "Mean of the confidence items in the pulse survey of the deciding staff.",
            "Mittelwert der Sicherheitsfragen in der Pulsbefragung der Entscheidenden.",
            "Gemiddelde van de zekerheidsvragen in de pulsmeting van de beslissers.",
        ),
    ),
    (
        "decision_customer_nps",
        "decision_support",
        "strategic",
        True,
        ("Net promoter score", "Net Promoter Score", "Net promoter score"),
        ("points", "Punkte", "punten"),
        (
            "Share of promoters minus share of detractors in the quarterly customer survey.",
            "Anteil der Promotoren minus Anteil der Kritiker in der quartalsweisen "
            "Kundenbefragung.",
            "Aandeel promotors min aandeel criticasters in de driemaandelijkse klantenenquête.",
        ),
    ),
    # Product development
    (
        "product_time_to_market",
        "product_development",
        "strategic",
        False,
        ("Time to market", "Time-to-Market", "Time-to-market"),
        ("months", "Monate", "maanden"),
        (
            "Months from project approval to market launch, per completed development project.",
            "Monate von der Projektfreigabe bis zur Markteinführung, je abgeschlossenem "
            "Entwicklungsprojekt.",
            "Maanden van projectgoedkeuring tot marktintroductie, per afgerond ontwikkelproject.",
        ),
    ),
    (
        "product_innovation_rate",
        "product_development",
        "strategic",
        True,
        ("Innovation rate", "Innovationsrate", "Innovatiegraad"),
        (
            "% of revenue from new products",
            "% Umsatz mit neuen Produkten",
            "% omzet uit nieuwe producten",
        ),
        (
            "Revenue from products launched in the last three years ÷ total revenue, "
            "from the annual accounts.",
            "Umsatz mit Produkten der letzten drei Jahre ÷ Gesamtumsatz, aus dem Jahresabschluss.",
            "Omzet uit producten van de laatste drie jaar ÷ totale omzet, uit de jaarrekening.",
        ),
    ),
    (
        "product_development_cost",
        "product_development",
        "efficiency",
        False,
        ("Development cost", "Entwicklungskosten", "Ontwikkelkosten"),
        ("EUR per project", "EUR je Projekt", "EUR per project"),
        (
            "Booked hours × hourly cost plus external costs, per completed project.",
            "Gebuchte Stunden × Stundensatz plus Fremdkosten, je abgeschlossenem Projekt.",
            "Geboekte uren × uurtarief plus externe kosten, per afgerond project.",
        ),
    ),
    (
        "product_documentation_time",
        "product_development",
        "efficiency",
        False,
        (
            "Documentation time per project",
            "Dokumentationszeit je Projekt",
            "Documentatietijd per project",
        ),
        ("hours", "Stunden", "uur"),
        (
            "Hours booked to documentation in the time recording, per project.",
            "Auf Dokumentation gebuchte Stunden in der Zeiterfassung, je Projekt.",
            "Op documentatie geboekte uren in de urenregistratie, per project.",
        ),
    ),
    (
        "product_competence_growth",
        "product_development",
        "employee",
        True,
        ("Competence growth", "Kompetenzzuwachs", "Competentiegroei"),
        (
            "% of team at target skill level",
            "% des Teams auf Zielniveau",
            "% van het team op doelniveau",
        ),
        (
            "Share of the team that reached the defined AI skill level, from the training records.",
            "Anteil des Teams, der das definierte KI-Kompetenzniveau erreicht hat, aus den "
            "Schulungsnachweisen.",
            "Aandeel van het team dat het vastgestelde AI-vaardigheidsniveau heeft bereikt, "
            "uit de opleidingsregistratie.",
        ),
    ),
    # Knowledge management
    (
        "knowledge_search_time",
        "knowledge_management",
        "efficiency",
        False,
        (
            "Time to find information",
            "Suchzeit nach Informationen",
            "Zoektijd naar informatie",
        ),
        (
            "minutes per employee and day",
            "Minuten je Person und Tag",
            "minuten per medewerker per dag",
        ),
        (
            "Self-recorded search time over one week by a sample of staff, before and after.",
            "Selbst erfasste Suchzeit über eine Woche durch eine Stichprobe von "
            "Mitarbeitenden, vorher und nachher.",
            "Zelf geregistreerde zoektijd gedurende een week door een steekproef van "
            "medewerkers, vooraf en achteraf.",
        ),
    ),
    (
        "knowledge_first_time_fix",
        "knowledge_management",
        "quality",
        True,
        (
            "Knowledge transfer (first-time-fix rate)",
            "Wissenstransfer (Erstlösungsquote)",
            "Kennisoverdracht (first-time-fix-percentage)",
        ),
        ("% of cases", "% der Fälle", "% van de gevallen"),
        (
            "Cases solved at the first attempt with the knowledge base ÷ all cases, "
            "from the service records.",
            "Beim ersten Versuch mit der Wissensbasis gelöste Fälle ÷ alle Fälle, aus den "
            "Serviceberichten.",
            "Bij de eerste poging met de kennisbank opgeloste gevallen ÷ alle gevallen, uit "
            "de serviceregistratie.",
        ),
    ),
    (
        "knowledge_onboarding_time",
        "knowledge_management",
        "efficiency",
        False,
        ("Onboarding time", "Einarbeitungszeit", "Inwerktijd"),
        ("weeks", "Wochen", "weken"),
        (
            "Weeks until a new colleague works without a buddy, agreed with the team lead.",
            "Wochen, bis neue Kolleginnen und Kollegen ohne Pate arbeiten, mit der "
            "Teamleitung abgestimmt.",
            "Weken tot een nieuwe collega zonder buddy werkt, afgestemd met de teamleider.",
        ),
    ),
    (
        "knowledge_staff_satisfaction",
        "knowledge_management",
        "employee",
        True,
        (
            "Employee satisfaction index",
            "Mitarbeiterzufriedenheitsindex",
            "Medewerkerstevredenheidsindex",
        ),
        ("points (0-100)", "Punkte (0-100)", "punten (0-100)"),
        (
            "Satisfaction scale of the pulse survey converted to 0-100, for the affected "
            "departments.",
            "Zufriedenheitsskala der Pulsbefragung auf 0-100 umgerechnet, für die "
            "betroffenen Abteilungen.",
            "Tevredenheidsschaal van de pulsmeting omgerekend naar 0-100, voor de "
            "betrokken afdelingen.",
        ),
    ),
]


def install(kpi_model) -> None:
    """Create or refresh the shipped rows; `kpi_model` may be a migration's historical model."""
    for position, row in enumerate(CATALOGUE, start=1):
        key, area, dimension, higher_is_better, names, units, methods = row
        values = {
            "application_area": area,
            "dimension": dimension,
            "higher_is_better": higher_is_better,
            "position": position,
        }
        for index, language in enumerate(("en", "de", "nl")):
            values[f"name_{language}"] = names[index]
            values[f"unit_{language}"] = units[index]
            values[f"method_{language}"] = methods[index]
        kpi_model._base_manager.update_or_create(organisation=None, key=key, defaults=values)
