"""Demo data for the duties that follow classification: works council, incidents, deadlines.

Runs after the governance seeder and before the lifecycle walk, so that the
works council's agreement is on file when a use case moves to pilot or
production. Everything goes through the services; a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from governance.models import (
    DataProtectionImpactAssessment,
    Incident,
    SystemCategory,
    UseCase,
    WorksAgreement,
)
from governance.services import consultations, incidents
from governance.services.usecases import save_impact_assessment
from transformation.models import Membership, NotificationPreference, Organisation, Role

FRAMEWORK = "RBV-KI-2026/01"
# use case, category, status, extra values
CONSULTATIONS = [
    ("Customer support chatbot", SystemCategory.CUSTOMER_CHATBOT, "in_force", {}),
    ("Invoice processing", SystemCategory.DOCUMENTS, "in_force", {}),
    ("Knowledge search for product data", SystemCategory.ASSISTANT, "in_force", {}),
    ("Demand forecasting", SystemCategory.ANALYTICS, "in_force", {}),
    ("Sales e-mail drafting", SystemCategory.ASSISTANT, "in_force", {}),
    ("Credit limits for sole-trader customers", SystemCategory.ANALYTICS, "to_inform", {}),
    (
        "Pick-route optimisation with performance tracking",
        SystemCategory.WORKFORCE,
        "in_consultation",
        {"participants": "Betriebsrat: Jens Hoffmann (Vorsitz), Aylin Demir; IT: Markus Berg"},
    ),
    ("CV screening with a chat assistant", SystemCategory.RECRUITMENT, "to_inform", {}),
]


def seed(organisation: Organisation, *, size: str = "full", **options) -> None:
    if not organisation.has_works_council or not UseCase.objects.exists():
        _preferences(organisation)
        return
    coordinator = Membership.objects.filter(role=Role.COORDINATOR).select_related("user").first()
    if coordinator is None:
        return
    today = timezone.localdate()
    framework = WorksAgreement.objects.filter(reference=FRAMEWORK).first()
    if framework is None:
        framework = consultations.save_works_agreement(
            organisation=organisation,
            actor=coordinator.user,
            values={
                "kind": "framework",
                "reference": FRAMEWORK,
                "title": "Rahmenbetriebsvereinbarung KI-Assistenzsysteme",
                "categories": [
                    SystemCategory.ASSISTANT,
                    SystemCategory.CUSTOMER_CHATBOT,
                    SystemCategory.DOCUMENTS,
                    SystemCategory.ANALYTICS,
                ],
                "concluded_on": today - timedelta(days=240),
                "valid_until": None,
                "notes": "Keine Leistungs- und Verhaltenskontrolle; Protokolle nur anonymisiert.",
            },
        )
    by_title = {use_case.title: use_case for use_case in UseCase.objects.all()}
    for title, category, status, extra in CONSULTATIONS:
        use_case = by_title.get(title)
        if use_case is None or hasattr(use_case, "consultation"):
            continue
        values = {
            "status": status,
            "category": category,
            "agreement": framework if status == "in_force" else None,
            "agreement_reference": "",
            "informed_on": today - timedelta(days=60) if status != "to_inform" else None,
            "started_on": today - timedelta(days=45) if status == "in_consultation" else None,
            "concluded_on": None,
            "participants": "",
            "notes": "",
            **extra,
        }
        if title == "Credit limits for sole-trader customers":
            values["informed_on"] = today - timedelta(days=20)
        consultations.save_consultation(use_case=use_case, actor=coordinator.user, values=values)
    chatbot = by_title.get("Customer support chatbot")
    if chatbot is not None and not Incident.objects.filter(use_case=chatbot).exists():
        now = timezone.now()
        incidents.record_incident(
            use_case=chatbot,
            actor=coordinator.user,
            values={
                "title": "Chatbot showed another customer's order status",
                "description": (
                    "After an update the chatbot answered an order-status question with the "
                    "delivery address of another customer. The prompt template was rolled back."
                ),
                "occurred_at": now - timedelta(hours=26),
                "aware_at": now - timedelta(hours=20),
                "affected_people": "Two business customers (contact persons)",
                "affected_count": 2,
                "severity": "high",
                "serious_harm": "",
                "death": False,
                "widespread_infringement": False,
                "breach_risk": "risk",
            },
            now=now,
        )
    if (
        chatbot is not None
        and not DataProtectionImpactAssessment.objects.filter(use_case=chatbot).exists()
    ):
        save_impact_assessment(
            use_case=chatbot,
            actor=coordinator.user,
            model=DataProtectionImpactAssessment,
            values={
                "processing_description": "Customer questions about orders and deliveries.",
                "completed_on": today - timedelta(days=340),
                "next_review_on": today + timedelta(days=25),
            },
        )
    _preferences(organisation)


def _preferences(organisation: Organisation) -> None:
    """The coordinator reads a daily digest; everybody else keeps the weekly default."""
    for member in Membership.objects.filter(role=Role.COORDINATOR):
        NotificationPreference.objects.get_or_create(
            organisation=organisation, membership=member, defaults={"digest": "daily"}
        )


def refresh(organisation: Organisation, **options) -> None:
    """Last seeder: build the notification centre so the demo opens with it filled."""
    from transformation.services.notifications import refresh_notifications

    refresh_notifications(organisation=organisation, now=timezone.now())
