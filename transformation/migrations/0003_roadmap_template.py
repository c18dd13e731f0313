"""Ship the playbook's 10-step roadmap template in English, German and Dutch.

The template is reference data: organisations copy it into their own steps
(which they may rename or extend), so later edits here never rewrite an
organisation's wording.
"""

from django.db import migrations

STEPS = [
    {
        "number": 1,
        "phase": 1,
        "duration_kind": "weeks",
        "weeks_min": 2,
        "weeks_max": 4,
        "anchor_number": None,
        "change_phases": [1],
        "name_en": "AI potential analysis",
        "name_de": "KI-Potenzialanalyse durchführen",
        "name_nl": "AI-potentieelanalyse uitvoeren",
        "description_en": "Identify systematically where AI adds the most value, with a scoring "
        "matrix: efficiency potential, complexity reduction and strategic relevance.",
        "description_de": "Systematisch ermitteln, wo KI den größten Mehrwert schafft, mit einer "
        "Bewertungsmatrix: Effizienzpotenzial, Komplexitätsreduktion und strategische Relevanz.",
        "description_nl": "Identificeer systematisch waar AI de grootste meerwaarde creëert, met "
        "een beoordelingsmatrix: efficiëntiepotentieel, complexiteitsreductie en strategische "
        "relevantie.",
        "focus_en": "Involve leaders and key employees in the analysis early.",
        "focus_de": "Führungskräfte und Schlüsselpersonen früh in die Analyse einbinden.",
        "focus_nl": "Vroegtijdige betrokkenheid van leidinggevenden en sleutelmedewerkers in het "
        "analyseproces.",
    },
    {
        "number": 2,
        "phase": 1,
        "duration_kind": "weeks",
        "weeks_min": 4,
        "weeks_max": 6,
        "anchor_number": None,
        "change_phases": [2],
        "name_en": "Develop and anchor the AI strategy",
        "name_de": "KI-Strategie entwickeln und verankern",
        "name_nl": "AI-strategie ontwikkelen en verankeren",
        "description_en": "Define a clear vision and measurable goals; derive a realistic roadmap "
        "with quick wins and long-term milestones.",
        "description_de": "Eine klare Vision und messbare Ziele festlegen; daraus einen "
        "realistischen Fahrplan mit Quick Wins und langfristigen Meilensteinen ableiten.",
        "description_nl": "Definieer een duidelijke visie en meetbare doelen; leid daaruit een "
        "realistisch stappenplan af met quick wins en lange termijn mijlpalen.",
        "focus_en": "A convincing story of the benefit for each stakeholder group.",
        "focus_de": "Eine überzeugende Geschichte vom Nutzen für jede Stakeholder-Gruppe.",
        "focus_nl": "Een overtuigend verhaal dat het nut voor elke stakeholdergroep verduidelijkt.",
    },
    {
        "number": 3,
        "phase": 1,
        "duration_kind": "weeks",
        "weeks_min": 2,
        "weeks_max": 3,
        "anchor_number": None,
        "change_phases": [1, 2],
        "name_en": "Stakeholder analysis and change-readiness assessment",
        "name_de": "Stakeholder-Analyse und Change-Readiness-Assessment",
        "name_nl": "Stakeholderanalyse en change-readiness-assessment",
        "description_en": "Identify promoters, sceptics and potential opponents; assess the "
        "readiness for change in each business area.",
        "description_de": "Promotoren, Skeptiker und mögliche Gegner identifizieren; die "
        "Veränderungsbereitschaft in jedem Bereich bewerten.",
        "description_nl": "Identificeer voorstanders, sceptici en potentiële tegenstanders; "
        "beoordeel de veranderingsbereidheid in de verschillende bedrijfsgebieden.",
        "focus_en": "Audience-specific communication and engagement strategies.",
        "focus_de": "Zielgruppenspezifische Kommunikations- und Einbindungsstrategien.",
        "focus_nl": "Doelgroepspecifieke communicatie- en betrokkenheidsstrategieën.",
    },
    {
        "number": 4,
        "phase": 2,
        "duration_kind": "weeks",
        "weeks_min": 8,
        "weeks_max": 12,
        "anchor_number": None,
        "change_phases": [3],
        "name_en": "Define and run the AI pilot",
        "name_de": "KI-Pilotprojekt definieren und durchführen",
        "name_nl": "AI-pilotproject definiëren en uitvoeren",
        "description_en": "Choose a use case with a high chance of success and visible benefit; "
        "set clear success criteria and a fixed time box.",
        "description_de": "Einen Anwendungsfall mit hoher Erfolgschance und sichtbarem Nutzen "
        "wählen; klare Erfolgskriterien und einen festen Zeitrahmen setzen.",
        "description_nl": "Kies een use case met hoge slagingskans en zichtbaar nut; definieer "
        "duidelijke succescriteria en een vast tijdskader.",
        "focus_en": "A cross-functional team with change agents from several departments.",
        "focus_de": "Ein bereichsübergreifendes Team mit Change Agents aus mehreren Abteilungen.",
        "focus_nl": "Een cross-functioneel team met change agents uit verschillende afdelingen.",
    },
    {
        "number": 5,
        "phase": 2,
        "duration_kind": "parallel",
        "weeks_min": None,
        "weeks_max": None,
        "anchor_number": 4,
        "change_phases": [1, 3],
        "name_en": "Develop and run the communication strategy",
        "name_de": "Kommunikationsstrategie entwickeln und umsetzen",
        "name_nl": "Communicatiestrategie ontwikkelen en uitvoeren",
        "description_en": "A plan across channels with clear messages about the goals, benefits "
        "and process of introducing AI.",
        "description_de": "Ein kanalübergreifender Plan mit klaren Botschaften zu Zielen, Nutzen "
        "und Ablauf der KI-Einführung.",
        "description_nl": "Een kanaalbreed communicatieplan met duidelijke boodschappen over "
        "doelen, voordelen en processen van de AI-invoering.",
        "focus_en": "Transparent reporting of the pilot's progress, problems and successes.",
        "focus_de": "Transparente Berichte über Fortschritt, Probleme und Erfolge des Piloten.",
        "focus_nl": "Transparante communicatie over voortgang, uitdagingen en successen van het "
        "pilotproject.",
    },
    {
        "number": 6,
        "phase": 2,
        "duration_kind": "parallel",
        "weeks_min": None,
        "weeks_max": None,
        "anchor_number": 4,
        "change_phases": [3],
        "name_en": "Start competence building and training",
        "name_de": "Kompetenzaufbau und Schulungsprogramm starten",
        "name_nl": "Competentieopbouw en trainingsprogramma starten",
        "description_en": "Identify the competences needed and build audience-specific formats, "
        "from executive briefing to hands-on training.",
        "description_de": "Benötigte Kompetenzen ermitteln und zielgruppengerechte Formate "
        "entwickeln, vom Executive Briefing bis zum Hands-on-Training.",
        "description_nl": "Identificeer benodigde competenties en ontwikkel doelgroepspecifieke "
        "trainingsformats, van executive briefing tot hands-on training.",
        "focus_en": "Change content inside every training module.",
        "focus_de": "Change-Inhalte in jedem Schulungsmodul.",
        "focus_nl": "Verandermanagementinhoud in alle trainingsmodules.",
    },
    {
        "number": 7,
        "phase": 3,
        "duration_kind": "after",
        "weeks_min": 4,
        "weeks_max": 4,
        "anchor_number": 4,
        "change_phases": [4],
        "name_en": "Results analysis and optimisation",
        "name_de": "Ergebnisanalyse und Optimierung",
        "name_nl": "Resultaatanalyse en optimalisatie",
        "description_en": "Analyse the pilot thoroughly; document successes, problems and "
        "learnings as the basis for scaling.",
        "description_de": "Den Piloten gründlich auswerten; Erfolge, Probleme und Erkenntnisse "
        "als Grundlage für die Skalierung dokumentieren.",
        "description_nl": "Analyseer het pilotproject grondig; documenteer successen, uitdagingen "
        "en learnings als basis voor de opschaling.",
        "focus_en": "Recognise everyone's contribution and reflect openly on the problems.",
        "focus_de": "Die Beiträge aller anerkennen und offen über Probleme sprechen.",
        "focus_nl": "Erkenning van de bijdragen van alle betrokkenen en open reflectie op de "
        "uitdagingen.",
    },
    {
        "number": 8,
        "phase": 3,
        "duration_kind": "weeks",
        "weeks_min": 8,
        "weeks_max": 12,
        "anchor_number": None,
        "change_phases": [4],
        "name_en": "Develop and run the scaling concept",
        "name_de": "Skalierungskonzept entwickeln und umsetzen",
        "name_nl": "Opschalingsconcept ontwikkelen en uitvoeren",
        "description_en": "A roadmap from the pilot's insights to more use cases and business "
        "areas.",
        "description_de": "Ein Fahrplan von den Erkenntnissen des Piloten zu weiteren "
        "Anwendungsfällen und Bereichen.",
        "description_nl": "Een routekaart op basis van de pilotinzichten naar meer use cases of "
        "bedrijfsgebieden.",
        "focus_en": "A network of AI champions as multipliers in their areas.",
        "focus_de": "Ein Netzwerk von KI-Champions als Multiplikatoren in ihren Bereichen.",
        "focus_nl": "Een netwerk van AI-champions die als multiplicatoren in hun gebieden "
        "fungeren.",
    },
    {
        "number": 9,
        "phase": 3,
        "duration_kind": "weeks",
        "weeks_min": 4,
        "weeks_max": 6,
        "anchor_number": None,
        "change_phases": [5],
        "name_en": "Set up governance structures",
        "name_de": "Governance-Strukturen etablieren",
        "name_nl": "Governance-structuren opzetten",
        "description_en": "Binding guidelines, processes and responsibilities for using AI, "
        "built into existing decision processes.",
        "description_de": "Verbindliche Richtlinien, Prozesse und Verantwortlichkeiten für den "
        "KI-Einsatz, eingebunden in bestehende Entscheidungsprozesse.",
        "description_nl": "Bindende richtlijnen, processen en verantwoordelijkheden voor het "
        "AI-gebruik, geïntegreerd in bestaande beslissingsprocessen.",
        "focus_en": "Balance the control needed with room to experiment.",
        "focus_de": "Notwendige Kontrolle und Raum für Experimente ausbalancieren.",
        "focus_nl": "Balans tussen noodzakelijke controle en ruimte voor innovatie en "
        "experimenten.",
    },
    {
        "number": 10,
        "phase": 3,
        "duration_kind": "continuous",
        "weeks_min": None,
        "weeks_max": None,
        "anchor_number": None,
        "change_phases": [5],
        "name_en": "Continuous optimisation and culture change",
        "name_de": "Kontinuierliche Optimierung und Kulturwandel",
        "name_nl": "Voortdurende optimalisatie en cultuurverandering",
        "description_en": "Mechanisms for continuous improvement of the AI solutions and for an "
        "AI-positive company culture.",
        "description_de": "Mechanismen für die laufende Verbesserung der KI-Lösungen und für "
        "eine KI-positive Unternehmenskultur.",
        "description_nl": "Mechanismen voor continue verbetering van de AI-oplossingen en voor "
        "een AI-positieve bedrijfscultuur.",
        "focus_en": "AI competence in appraisals, career paths and rewards.",
        "focus_de": "KI-Kompetenz in Mitarbeitergesprächen, Karrierepfaden und Anreizsystemen.",
        "focus_nl": "AI-competentie in prestatiebeoordelingen, loopbaanpaden en beloningssystemen.",
    },
]


def ship_template(apps, schema_editor):
    RoadmapStep = apps.get_model("transformation", "RoadmapStep")
    for step in STEPS:
        values = dict(step)
        RoadmapStep.objects.update_or_create(number=values.pop("number"), defaults=values)


def remove_template(apps, schema_editor):
    RoadmapStep = apps.get_model("transformation", "RoadmapStep")
    RoadmapStep.objects.filter(number__in=[step["number"] for step in STEPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("transformation", "0002_roadmap_stakeholders")]

    operations = [migrations.RunPython(ship_template, remove_template)]
