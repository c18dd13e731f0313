"""The core app's models, one module per entity group; import them from here."""

from transformation.models.core import (
    AuditEvent,
    AuditEventQuerySet,
    DeletedOrganisation,
    Department,
    DepartmentQuerySet,
    Invitation,
    Membership,
    Organisation,
    Role,
    User,
    UserManager,
)
from transformation.models.roadmap import (
    OPEN_STATUSES,
    ChangePhase,
    DurationKind,
    OrganisationStep,
    Phase,
    Programme,
    RoadmapStep,
    StepEvidence,
    StepProgress,
    StepStatus,
    localised,
    schedule_steps,
)
from transformation.models.stakeholders import (
    ATTITUDE_RANK,
    Attitude,
    AttitudeChange,
    CommunicationItem,
    Concern,
    Engagement,
    Stakeholder,
    engagement_for,
)

__all__ = [
    "ATTITUDE_RANK",
    "OPEN_STATUSES",
    "Attitude",
    "AttitudeChange",
    "AuditEvent",
    "AuditEventQuerySet",
    "ChangePhase",
    "CommunicationItem",
    "Concern",
    "DeletedOrganisation",
    "Department",
    "DepartmentQuerySet",
    "DurationKind",
    "Engagement",
    "Invitation",
    "Membership",
    "Organisation",
    "OrganisationStep",
    "Phase",
    "Programme",
    "RoadmapStep",
    "Role",
    "Stakeholder",
    "StepEvidence",
    "StepProgress",
    "StepStatus",
    "User",
    "UserManager",
    "engagement_for",
    "localised",
    "schedule_steps",
]

# Board reports (issue 8) are imported last: they depend on the core models only.
from transformation.models.reports import (
    BoardReport,
    ReportSettings,
    ReportStatus,
)

__all__ += ["BoardReport", "ReportSettings", "ReportStatus"]

# Deadlines and notifications (issue 17), also on the core models only.
from transformation.models.notifications import (  # noqa: E402
    ChannelWebhook,
    DeliveryStatus,
    Digest,
    DigestFrequency,
    Notification,
    NotificationPreference,
    OutgoingMail,
    Stage,
    WebhookKind,
    WebhookPost,
)

__all__ += [
    "ChannelWebhook",
    "DeliveryStatus",
    "Digest",
    "DigestFrequency",
    "Notification",
    "NotificationPreference",
    "OutgoingMail",
    "Stage",
    "WebhookKind",
    "WebhookPost",
]
# Identity and access (issue 16): single sign-on and the second-factor rule.
from transformation.models.identity import (  # noqa: E402
    AccessPolicy,
    SecondFactorRule,
    SingleSignOn,
    split_domains,
)

__all__ += ["AccessPolicy", "SecondFactorRule", "SingleSignOn", "split_domains"]
