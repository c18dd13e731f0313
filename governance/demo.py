"""Demo data: use cases across the lifecycle, roles, guidelines and training records.

Everything goes through the services, so the demo also has an audit trail.
Runs inside the organisation's scope; a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from governance import services
from governance.models import (
    Classification,
    Guideline,
    Obligation,
    RoleKind,
    TrainingOffer,
    UseCase,
)
from transformation.demo import copy_name
from transformation.models import Department, Membership, Organisation, Role

CHATBOT = {
    "developed_in_house": True,
    "talks_to_people": True,
    "generates_content": True,
    "personal_data": True,
    "wp248_criteria": ["large_scale"],
}
INVOICES = {"personal_data": True, "wp248_criteria": ["matching"]}
KNOWLEDGE = {"generates_content": True, "used_at_workplace": True}
CV_SCREENING = {
    "changed_purpose": True,
    "annex_iii_points": ["4a"],
    "profiling": True,
    "personal_data": True,
    "used_at_workplace": True,
    "monitors_employees": True,
    "wp248_criteria": ["evaluation", "vulnerable", "innovative"],
}
CREDIT = {
    "annex_iii_points": ["5b"],
    "profiling": True,
    "personal_data": True,
    "dpia_mandatory": ["a"],
    "wp248_criteria": ["evaluation", "automated_decision", "matching"],
    "solely_automated_decision": True,
}
WAREHOUSE = {
    "annex_iii_points": ["4b"],
    "personal_data": True,
    "used_at_workplace": True,
    "monitors_employees": True,
    "wp248_criteria": ["monitoring", "vulnerable"],
}
FRAUD = {
    "annex_iii_points": ["5b-excluded"],
    "personal_data": True,
    "wp248_criteria": ["evaluation"],
}
DRAFTING = {"generates_content": True, "talks_to_people": False, "personal_data": True}
MINIMAL: dict = {}

# title, department, area, vendor, system, data (personal, special, employee),
# scores (efficiency, complexity, strategy, data readiness, risk), answers, path
WHOLESALER_USE_CASES = [
    (
        "Customer support chatbot",
        "Customer support",
        "customer_service",
        "Azure OpenAI",
        "SupportBot (own build)",
        (True, False, False),
        (5, 4, 4, 4, 2),
        CHATBOT,
        "production",
    ),
    (
        "Invoice processing",
        "Finance and HR",
        "document_processing",
        "Docutain",
        "Invoice Inbox",
        (True, False, False),
        (5, 3, 3, 4, 2),
        INVOICES,
        "pilot",
    ),
    (
        "Knowledge search for product data",
        "IT",
        "knowledge_management",
        "Microsoft",
        "Copilot with SharePoint",
        (False, False, True),
        (4, 4, 3, 3, 2),
        KNOWLEDGE,
        "approved",
    ),
    (
        "CV screening with a chat assistant",
        "Finance and HR",
        "decision_support",
        "OpenAI",
        "ChatGPT Team",
        (True, False, True),
        (3, 2, 2, 2, 5),
        CV_SCREENING,
        "idea",
    ),
    (
        "Credit limits for sole-trader customers",
        "Sales",
        "decision_support",
        "Creditsafe",
        "Risk Score API",
        (True, False, False),
        (4, 3, 4, 3, 4),
        CREDIT,
        "pending",
    ),
    (
        "Demand forecasting",
        "Purchasing",
        "decision_support",
        "",
        "Forecast model in Python",
        (False, False, False),
        (4, 3, 5, 3, 3),
        MINIMAL,
        "pilot",
    ),
    (
        "Pick-route optimisation with performance tracking",
        "Warehouse",
        "decision_support",
        "LogiSoft",
        "PickOptimizer",
        (True, False, True),
        (4, 3, 3, 2, 4),
        WAREHOUSE,
        "rejected",
    ),
    (
        "Sales e-mail drafting",
        "Sales",
        "customer_service",
        "Microsoft",
        "Copilot for Outlook",
        (True, False, False),
        (3, 2, 3, 5, 1),
        DRAFTING,
        "production",
    ),
    (
        "Visual inspection of incoming goods",
        "Quality",
        "product_development",
        "",
        "",
        (False, False, False),
        (3, 3, 2, 2, 3),
        MINIMAL,
        "idea",
    ),
    (
        "Payment fraud detection",
        "Finance and HR",
        "decision_support",
        "Bank partner",
        "FraudGuard",
        (True, False, False),
        (3, 4, 3, 4, 2),
        FRAUD,
        "assessment",
    ),
    (
        "Machine translation plug-in (old)",
        "Sales",
        "document_processing",
        "DeepL",
        "DeepL API",
        (False, False, False),
        (2, 2, 1, 5, 1),
        MINIMAL,
        "retired",
    ),
]

WHOLESALER_ROLES = [
    # kind, e-mail or external name, department, share, responsibilities, ended days ago
    (RoleKind.SPONSOR, "steering@demo.example", "Management", 10, "", None),
    (RoleKind.COORDINATOR, "coordinator@demo.example", "IT", 50, "", None),
    (RoleKind.DATA_STEWARD, "coordinator@demo.example", "IT", 30, "", None),
    (RoleKind.CHAMPION, "coordinator@demo.example", "IT", 30, "", None),
    (RoleKind.CHAMPION, "champion@demo.example", "Customer support", 20, "", None),
    (RoleKind.CHAMPION, "sales.champion@demo.example", "Sales", 20, "", None),
    (RoleKind.CHAMPION, "Heike Sommer", "Management", 10, "", None),
    (RoleKind.CHAMPION, "Tobias Krüger", "Logistics", 15, "", None),
    (RoleKind.CHAMPION, "Sabine Wolf", "Warehouse", 15, "", None),
    (RoleKind.CHAMPION, "Jan Becker", "Transport", 10, "", None),
    (RoleKind.CHAMPION, "Petra Lang", "Purchasing", 15, "", None),
    (RoleKind.CHAMPION, "Claudia Roth", "Finance and HR", 15, "", None),
    (RoleKind.CHAMPION, "Ralf Meier", "Quality", 10, "", 150),
    (RoleKind.DATA_STEWARD, "Claudia Roth", "Finance and HR", 10, "", None),
    (RoleKind.DATA_STEWARD, "Petra Lang", "Purchasing", 10, "", None),
    (RoleKind.DATA_STEWARD, "champion@demo.example", "Customer support", 10, "", None),
    (
        RoleKind.ETHICS,
        "Dr. Lena Vogt (external data protection officer)",
        None,
        5,
        "Data protection officer under contract; reviews DPIAs and classifications.",
        None,
    ),
]

GUIDELINE_V1 = """# KI-Richtlinie der NordTec

## Wofür wir KI nutzen
- Texte entwerfen, zusammenfassen und übersetzen
- Informationen in unseren eigenen Dokumenten finden

## Was nie in ein KI-Werkzeug gehört
- personenbezogene Daten von Kunden oder Beschäftigten
- Preise, Konditionen und Verträge

## Qualität
Jedes KI-Ergebnis wird von einem Menschen geprüft, bevor es das Haus verlässt.
"""

GUIDELINE_V2 = (
    GUIDELINE_V1
    + """
## Freigegebene Werkzeuge
Nur die Werkzeuge im KI-Register sind freigegeben. Neue Ideen meldet ihr
eurem KI-Champion; der Koordinator klassifiziert sie nach dem EU AI Act.

## Betriebsrat
Systeme, die Leistung oder Verhalten auswerten können, führen wir erst nach
Vereinbarung mit dem Betriebsrat ein (§87 Abs. 1 Nr. 6 BetrVG).
"""
)

BAKERY_GUIDELINE = """# AI-richtlijn Bakkerij Van Dijk

- Gebruik alleen de tools die Sanne heeft goedgekeurd.
- Zet geen klantgegevens of recepten in een AI-tool.
- Controleer elke tekst voordat die naar een klant gaat.
"""


def seed(organisation: Organisation, *, size: str = "full", **options) -> None:
    if UseCase.objects.exists():
        return
    if size == "full":
        _seed_wholesaler(organisation)
    else:
        _seed_bakery(organisation)


def _member(email: str) -> Membership | None:
    return Membership.objects.select_related("user").filter(user__email=email).first()


def _department(name: str | None) -> Department | None:
    return Department.objects.filter(name=name).first() if name else None


def _seed_wholesaler(organisation: Organisation) -> None:
    coordinator = _member("coordinator@demo.example")
    steering = _member("steering@demo.example")
    if coordinator is None or steering is None:
        return
    today = timezone.localdate()
    _seed_roles(organisation, coordinator, today)
    owners = {
        "Customer support": _member("champion@demo.example"),
        "Sales": _member("sales.champion@demo.example"),
    }
    by_title = {}
    for row in WHOLESALER_USE_CASES:
        title, department, area, vendor, system, data, scores, answers, path = row
        personal, special, employee = data
        efficiency, complexity, strategy, readiness, risk = scores
        use_case = services.save_use_case(
            organisation=organisation,
            actor=coordinator.user,
            values={
                "title": title,
                "department": _department(department),
                "owner": owners.get(department, coordinator),
                "application_area": area,
                "vendor": vendor,
                "system": system,
                "uses_personal_data": personal,
                "uses_special_categories": special,
                "uses_employee_data": employee,
                "efficiency_potential": efficiency,
                "complexity_reduction": complexity,
                "strategic_relevance": strategy,
                "data_readiness": readiness,
                "implementation_risk": risk,
                "state": "idea" if path == "idea" else "assessment",
            },
        )
        by_title[title] = use_case
        services.classify_use_case(use_case=use_case, actor=coordinator.user, answers=answers)
        _walk(use_case, path, coordinator, steering)
    _seed_raci(by_title, coordinator)
    _seed_guidelines(organisation, coordinator, today)
    _seed_training(organisation, coordinator, today)


def _seed_roles(organisation: Organisation, coordinator: Membership, today) -> None:
    for kind, who, department, share, text, ended in WHOLESALER_ROLES:
        member = _member(who) if "@" in who else None
        values = {
            "kind": kind,
            "member": member,
            "external_name": "" if member else who,
            "department": _department(department),
            "share_percent": share,
            "starts_on": today - timedelta(days=300),
            "ends_on": today - timedelta(days=ended) if ended else None,
            "responsibilities": text,
            "custom_role": None,
        }
        services.save_role_assignment(
            organisation=organisation, actor=coordinator.user, values=values
        )
    role = services.create_custom_role(
        organisation=organisation,
        actor=coordinator.user,
        name="Prompt librarian",
        responsibilities="Keeps the shared prompt library current and reviewed.",
    )
    services.save_role_assignment(
        organisation=organisation,
        actor=coordinator.user,
        values={
            "kind": RoleKind.CUSTOM,
            "custom_role": role,
            "member": _member("sales.champion@demo.example"),
            "external_name": "",
            "department": _department("Sales"),
            "share_percent": 5,
            "starts_on": today - timedelta(days=60),
            "ends_on": None,
            "responsibilities": "",
        },
    )


def _walk(use_case: UseCase, path: str, coordinator: Membership, steering: Membership) -> None:
    """Take a use case through requests and decisions to where the demo needs it."""
    if path in ("idea", "assessment"):
        return
    if path == "retired":
        services.move_use_case(use_case=use_case, actor=coordinator.user, target_state="retired")
        return
    request = services.request_approval(
        use_case=use_case,
        actor=coordinator.user,
        target_state="pilot",
        note="Pilot for three months with one team.",
    )
    if path == "pending":
        return
    outcome = "reject" if path == "rejected" else "approve"
    services.decide_approval(
        request=request,
        actor=steering.user,
        membership=steering,
        outcome=outcome,
        reasoning=(
            "Performance tracking of individual pickers needs a works agreement first."
            if outcome == "reject"
            else "Clear benefit, risks understood, owner named."
        ),
    )
    if path in ("rejected", "approved"):
        return
    _continue_walk(use_case, path, coordinator, steering)


def _continue_walk(
    use_case: UseCase, path: str, coordinator: Membership, steering: Membership
) -> None:
    """Pilot, then production. Other apps' guards may hold a use case back for now."""
    use_case.refresh_from_db()
    try:
        if use_case.state == "approved_for_pilot":
            use_case = services.move_use_case(
                use_case=use_case, actor=coordinator.user, target_state="pilot"
            )
        if path != "production" or use_case.state != "pilot":
            return
        if not use_case.approvals.filter(target_state="production").exists():
            request = services.request_approval(
                use_case=use_case, actor=coordinator.user, target_state="production"
            )
            services.decide_approval(
                request=request,
                actor=steering.user,
                membership=steering,
                outcome="approve_with_conditions",
                conditions="Review the answer quality every quarter.",
                reasoning="The pilot met its targets.",
            )
        services.move_use_case(use_case=use_case, actor=coordinator.user, target_state="production")
    except services.TransitionBlocked:
        return


def seed_lifecycle(organisation: Organisation, *, size: str = "full", **options) -> None:
    """Second pass, after other apps' seeders (e.g. ROI baselines) have run."""
    if size != "full":
        return
    coordinator = _member("coordinator@demo.example")
    steering = _member("steering@demo.example")
    if coordinator is None or steering is None:
        return
    paths = {row[0]: row[-1] for row in WHOLESALER_USE_CASES}
    for use_case in UseCase.objects.filter(
        title__in=paths, state__in=("approved_for_pilot", "pilot")
    ):
        if paths[use_case.title] in ("pilot", "production"):
            _continue_walk(use_case, paths[use_case.title], coordinator, steering)


def copy_use_cases(organisation: Organisation, *, copies: int = 1, **options) -> None:
    """Copies 2..n of the seeded use cases, their current classification and checklist.

    For `seed_demo --copies n`; runs after every other seeder has added its use cases.

    Bulk inserts without the services: the growth benchmark's 1,100 use cases
    would take an hour through the audited workflow, and the copies only need
    to look like the demo's on every page and in the report.
    """
    if copies <= 1 or options.get("size", "full") != "full":
        return
    departments = {d.name: d for d in Department.objects.all()}
    originals = list(UseCase.objects.select_related("department", "current_classification"))
    checklists: dict[int, list[Obligation]] = {}
    for obligation in Obligation.objects.filter(use_case__in=originals):
        checklists.setdefault(obligation.use_case_id, []).append(obligation)
    for copy in range(2, copies + 1):
        pairs = []
        for original in originals:
            use_case = UseCase(
                **{
                    field.attname: getattr(original, field.attname)
                    for field in UseCase._meta.concrete_fields
                    if not field.primary_key
                }
            )
            use_case.current_classification_id = None
            if original.department_id:
                use_case.department = departments[copy_name(original.department.name, copy)]
            pairs.append((original, use_case))
        UseCase.objects.bulk_create(use_case for _original, use_case in pairs)
        classifications = []
        for original, use_case in pairs:
            if original.current_classification_id:
                classification = original.current_classification
                classifications.append(
                    Classification(
                        **{
                            field.attname: getattr(classification, field.attname)
                            for field in Classification._meta.concrete_fields
                            if not field.primary_key
                        }
                        | {"use_case_id": use_case.pk}
                    )
                )
                use_case.current_classification = classifications[-1]
        Classification.objects.bulk_create(classifications)
        UseCase.objects.bulk_update(
            [use_case for _original, use_case in pairs], ["current_classification"]
        )
        Obligation.objects.bulk_create(
            Obligation(
                **{
                    field.attname: getattr(obligation, field.attname)
                    for field in Obligation._meta.concrete_fields
                    if not field.primary_key
                }
                | {"use_case_id": use_case.pk}
            )
            for original, use_case in pairs
            for obligation in checklists.get(original.pk, [])
        )


def _seed_raci(by_title: dict[str, UseCase], coordinator: Membership) -> None:
    parts = [
        ("Customer support chatbot", "champion@demo.example", "R"),
        ("Customer support chatbot", "steering@demo.example", "A"),
        ("Customer support chatbot", "coordinator@demo.example", "C"),
        ("Credit limits for sole-trader customers", "sales.champion@demo.example", "R"),
        ("Credit limits for sole-trader customers", "steering@demo.example", "A"),
        ("Pick-route optimisation with performance tracking", "employee@demo.example", "R"),
        ("Pick-route optimisation with performance tracking", "coordinator@demo.example", "A"),
    ]
    for title, email, letter in parts:
        member = _member(email)
        if member is not None:
            services.add_raci_entry(
                use_case=by_title[title], actor=coordinator.user, member=member, letter=letter
            )


def _seed_guidelines(organisation: Organisation, coordinator: Membership, today) -> None:
    now = timezone.now()
    first = services.create_guideline(
        organisation=organisation,
        actor=coordinator.user,
        title="KI-Richtlinie",
        body=GUIDELINE_V1,
        change_note="Erste Fassung",
    )
    services.publish_guideline_version(
        version=first, actor=coordinator.user, when=now - timedelta(days=200), notify=False
    )
    for member in Membership.objects.select_related("user"):
        services.acknowledge_guideline(version=first, member=member)
    second = services.add_guideline_version(
        guideline=first.guideline,
        actor=coordinator.user,
        body=GUIDELINE_V2,
        change_note="Freigegebene Werkzeuge und Betriebsrat ergänzt",
    )
    services.publish_guideline_version(
        version=second, actor=coordinator.user, when=now - timedelta(days=20), notify=False
    )
    for email in ("coordinator@demo.example", "champion@demo.example"):
        member = _member(email)
        if member is not None:
            services.acknowledge_guideline(version=second, member=member)


def _seed_training(organisation: Organisation, coordinator: Membership, today) -> None:
    offers = [
        (
            "Executive workshop: AI strategy and change",
            "leaders",
            "Workshop, 1 day",
            24,
            ["steering@demo.example", "coordinator@demo.example"],
            240,
        ),
        (
            "Prompt engineering lab",
            "power_users",
            "Hands-on lab, 3 × 3 hours",
            12,
            ["champion@demo.example", "sales.champion@demo.example", "coordinator@demo.example"],
            120,
        ),
        (
            "AI basics: learning nuggets",
            "end_users",
            "On-demand tutorials, 90 minutes",
            12,
            ["employee@demo.example"],
            400,
        ),
    ]
    for title, audience, fmt, months, emails, days_ago in offers:
        offer = services.save_training_offer(
            organisation=organisation,
            actor=coordinator.user,
            values={
                "title": title,
                "audience": audience,
                "format": fmt,
                "content": "",
                "validity_months": months,
            },
        )
        session = services.add_training_session(
            offer=offer,
            actor=coordinator.user,
            held_on=today - timedelta(days=days_ago),
            trainer="Anna Berger",
            location="Hamburg",
        )
        members = [m for m in (_member(e) for e in emails) if m is not None]
        services.record_attendance(session=session, actor=coordinator.user, members=members)


def _seed_bakery(organisation: Organisation) -> None:
    coordinator = Membership.objects.filter(role=Role.COORDINATOR).select_related("user").first()
    if coordinator is None:
        return
    today = timezone.localdate()
    services.save_role_assignment(
        organisation=organisation,
        actor=coordinator.user,
        values={
            "kind": RoleKind.COORDINATOR,
            "member": coordinator,
            "external_name": "",
            "department": _department("Shops"),
            "share_percent": 20,
            "starts_on": today - timedelta(days=90),
            "ends_on": None,
            "responsibilities": "",
            "custom_role": None,
        },
    )
    for title, area, answers, state in (
        ("Bestelvoorspelling brood", "decision_support", MINIMAL, "assessment"),
        (
            "WhatsApp-chatbot voor bestellingen",
            "customer_service",
            {"talks_to_people": True, "generates_content": True},
            "idea",
        ),
    ):
        use_case = services.save_use_case(
            organisation=organisation,
            actor=coordinator.user,
            values={
                "title": title,
                "application_area": area,
                "department": _department("Shops"),
                "owner": coordinator,
                "state": state,
                "efficiency_potential": 4,
                "complexity_reduction": 3,
                "strategic_relevance": 3,
                "data_readiness": 3,
                "implementation_risk": 2,
            },
        )
        services.classify_use_case(use_case=use_case, actor=coordinator.user, answers=answers)
    version = services.create_guideline(
        organisation=organisation,
        actor=coordinator.user,
        title="AI-richtlijn",
        body=BAKERY_GUIDELINE,
    )
    services.publish_guideline_version(version=version, actor=coordinator.user, notify=False)
    if not Guideline.objects.exists() or TrainingOffer.objects.exists():
        return
    offer = services.save_training_offer(
        organisation=organisation,
        actor=coordinator.user,
        values={
            "title": "AI-basis voor iedereen",
            "audience": "end_users",
            "format": "Workshop",
            "content": "",
            "validity_months": 12,
        },
    )
    session = services.add_training_session(
        offer=offer, actor=coordinator.user, held_on=today - timedelta(days=30)
    )
    services.record_attendance(
        session=session, actor=coordinator.user, members=list(Membership.objects.all())
    )
