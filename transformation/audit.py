"""The audit trail's vocabulary: every kind of event, with the sentence people read.

One enumeration for the whole product, in the manner of zulip's
`AuditLogEventType`: the value (`"department.changed"`, always
`<entity>.<what happened>`) is what `AuditEvent.action` stores and what the
CSV export's code column shows, so it never changes once released (rename
one only with a data migration, as 0005 did). The label is the sentence the
audit view shows in the reader's language; it may use `%(actor)s` (the
person, or "the system") and `%(target)s` (the object's label as recorded).

To add an action: add a member in its app's section below with its sentence,
append the sentence's German and Dutch translation to the end of
transformation's catalogues, and pass the member to `record_audit_event` or
`save_audited` (transformation/services/audit.py). Unknown codes are refused
there, so the trail only ever holds actions that have a sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from transformation.models import AuditEvent


class AuditAction(models.TextChoices):
    # -- Organisation, people and departments --
    INVITATION_CREATED = "invitation.created", _("%(actor)s invited %(target)s.")
    INVITATION_ACCEPTED = (
        "invitation.accepted",
        _("%(actor)s accepted an invitation (%(target)s)."),
    )
    INVITATION_REVOKED = "invitation.revoked", _("%(actor)s revoked the invitation %(target)s.")
    MEMBERSHIP_JOINED = "membership.joined", _("%(actor)s joined the organisation (%(target)s).")
    MEMBERSHIP_CHANGED = (
        "membership.changed",
        _("%(actor)s changed the access role or department of %(target)s."),
    )
    MEMBERSHIP_REMOVED = (
        "membership.removed",
        _("%(actor)s removed %(target)s from the organisation."),
    )
    DEPARTMENT_CREATED = "department.created", _("%(actor)s created the department “%(target)s”.")
    DEPARTMENT_CHANGED = "department.changed", _("%(actor)s changed the department “%(target)s”.")
    ORGANISATION_CHANGED = (
        "organisation.changed",
        _("%(actor)s changed the profile of the organisation “%(target)s”."),
    )
    PERSON_ERASED = (
        "person.erased",
        _("%(actor)s erased the personal data of %(target)s on their request."),
    )
    ORGANISATION_EXPORTED = (
        "organisation.exported",
        _("%(actor)s exported all data of the organisation “%(target)s”."),
    )
    ORGANISATION_IMPORTED = (
        "organisation.imported",
        _("%(actor)s imported the organisation “%(target)s” from an archive."),
    )

    # -- Sign-in and access (transformation/identity) --
    MEMBERSHIP_JOINED_BY_SSO = (
        "membership.joined_by_sso",
        _("%(actor)s joined the organisation through single sign-on (%(target)s)."),
    )
    SSO_CONFIGURED = (
        "sso.configured",
        _("%(actor)s set up single sign-on (%(target)s)."),
    )
    SSO_CHANGED = (
        "sso.changed",
        _("%(actor)s changed the single sign-on settings (%(target)s)."),
    )
    ACCESS_POLICY_SECOND_FACTOR_CHANGED = (
        "access_policy.second_factor_changed",
        _("%(actor)s changed who must sign in with a second factor (%(target)s)."),
    )

    # -- Programme and roadmap --
    PROGRAMME_CREATED = "programme.created", _("%(actor)s created the programme “%(target)s”.")
    PROGRAMME_CHANGED = "programme.changed", _("%(actor)s changed the programme “%(target)s”.")
    STEP_PROGRESS_CHANGED = (
        "step_progress.changed",
        _("%(actor)s updated the progress of “%(target)s”."),
    )
    STEP_EVIDENCE_ADDED = (
        "step_evidence.added",
        _("%(actor)s added evidence to “%(target)s”."),
    )
    STEP_EVIDENCE_REMOVED = (
        "step_evidence.removed",
        _("%(actor)s removed evidence from “%(target)s”."),
    )
    ROADMAP_STEP_ADDED = (
        "roadmap_step.added",
        _("%(actor)s added the roadmap step “%(target)s”."),
    )
    ROADMAP_STEP_RENAMED = (
        "roadmap_step.renamed",
        _("%(actor)s renamed the roadmap step “%(target)s”."),
    )

    # -- Stakeholders and communication --
    STAKEHOLDER_CREATED = (
        "stakeholder.created",
        _("%(actor)s added the stakeholder “%(target)s”."),
    )
    STAKEHOLDER_CHANGED = (
        "stakeholder.changed",
        _("%(actor)s changed the stakeholder “%(target)s”."),
    )
    STAKEHOLDER_IMPORTED = (
        "stakeholder.imported",
        _("%(actor)s imported stakeholders from a CSV file."),
    )
    COMMUNICATION_CREATED = (
        "communication.created",
        _("%(actor)s planned the communication item “%(target)s”."),
    )
    COMMUNICATION_CHANGED = (
        "communication.changed",
        _("%(actor)s changed the communication item “%(target)s”."),
    )

    # -- Notifications --
    NOTIFICATIONS_PREFERENCE_CHANGED = (
        "notifications.preference_changed",
        _("%(actor)s changed the e-mail digest setting of %(target)s."),
    )
    CHANNEL_WEBHOOK_SAVED = (
        "channel_webhook.saved",
        _("%(actor)s changed the steering committee's channel (%(target)s)."),
    )
    CHANNEL_WEBHOOK_TEST_REQUESTED = (
        "channel_webhook.test_requested",
        _("%(actor)s sent a test message to the steering committee's channel."),
    )

    # -- Board reports --
    BOARD_REPORT_REQUESTED = (
        "board_report.requested",
        _("%(actor)s requested the board report “%(target)s”."),
    )
    BOARD_REPORT_PRODUCED = (
        "board_report.produced",
        _("%(actor)s produced the board report “%(target)s”."),
    )
    BOARD_REPORT_FAILED = (
        "board_report.failed",
        _("The board report “%(target)s” could not be produced."),
    )
    BOARD_REPORT_RETRIED = (
        "board_report.retried",
        _("%(actor)s asked for the board report “%(target)s” again."),
    )
    REPORT_SETTINGS_CHANGED = (
        "report_settings.changed",
        _("%(actor)s changed the board-report schedule."),
    )

    # -- Surveys (assessments) --
    INSTRUMENT_INSTALLED = (
        "instrument.installed",
        _("%(actor)s installed the survey instrument “%(target)s”."),
    )
    INSTRUMENT_IMPORTED = (
        "instrument.imported",
        _("%(actor)s imported the survey instrument “%(target)s”."),
    )
    INSTRUMENT_COPIED = (
        "instrument.copied",
        _("%(actor)s copied a survey instrument as “%(target)s”."),
    )
    INSTRUMENT_CHANGED = (
        "instrument.changed",
        _("%(actor)s changed the survey instrument “%(target)s”."),
    )
    WAVE_CREATED = "wave.created", _("%(actor)s created the survey wave “%(target)s”.")
    WAVE_INVITED = (
        "wave.invited",
        _("%(actor)s sent the invitations to the survey wave “%(target)s”."),
    )
    WAVE_REMINDED = (
        "wave.reminded",
        _("%(actor)s sent reminders for the survey wave “%(target)s”."),
    )
    WAVE_CLOSED = "wave.closed", _("%(actor)s closed the survey wave “%(target)s”.")
    WAVE_ANSWERS_DELETED = (
        "wave.answers_deleted",
        _("%(actor)s deleted the raw answers of the survey wave “%(target)s” (retention period)."),
    )
    PULSE_SERIES_CREATED = (
        "pulse_series.created",
        _("%(actor)s created the pulse series “%(target)s”."),
    )
    PULSE_SERIES_PAUSED = (
        "pulse_series.paused",
        _("%(actor)s paused the pulse series “%(target)s”."),
    )
    PULSE_SERIES_RESUMED = (
        "pulse_series.resumed",
        _("%(actor)s resumed the pulse series “%(target)s”."),
    )
    SURVEY_ACTION_CREATED = (
        "survey_action.created",
        _("%(actor)s added the follow-up action “%(target)s”."),
    )
    SURVEY_ACTION_CHANGED = (
        "survey_action.changed",
        _("%(actor)s changed the follow-up action “%(target)s”."),
    )

    # -- Governance --
    USE_CASE_CREATED = (
        "use_case.created",
        _("%(actor)s registered the AI use case “%(target)s”."),
    )
    USE_CASE_CHANGED = (
        "use_case.changed",
        _("%(actor)s changed the AI use case “%(target)s”."),
    )
    USE_CASE_CLASSIFIED = (
        "use_case.classified",
        _("%(actor)s classified the AI use case “%(target)s”."),
    )
    USE_CASE_MOVED = (
        "use_case.moved",
        _("%(actor)s moved the AI use case “%(target)s” to another lifecycle stage."),
    )
    OBLIGATION_CHANGED = (
        "obligation.changed",
        _("%(actor)s updated the obligation “%(target)s”."),
    )
    DPIA_SAVED = (
        "dpia.saved",
        _("%(actor)s saved the data protection impact assessment “%(target)s”."),
    )
    FRIA_SAVED = (
        "fria.saved",
        _("%(actor)s saved the fundamental rights impact assessment “%(target)s”."),
    )
    RACI_ADDED = "raci.added", _("%(actor)s added a person to the RACI of “%(target)s”.")
    RACI_REMOVED = (
        "raci.removed",
        _("%(actor)s removed a person from the RACI of “%(target)s”."),
    )
    APPROVAL_REQUESTED = (
        "approval.requested",
        _("%(actor)s requested the approval “%(target)s”."),
    )
    APPROVAL_DECIDED = (
        "approval.decided",
        _("%(actor)s decided on the approval “%(target)s”."),
    )
    APPROVAL_REOPENED = (
        "approval.reopened",
        _("%(actor)s reopened the approval “%(target)s” by changing the classification."),
    )
    CUSTOM_ROLE_CREATED = (
        "custom_role.created",
        _("%(actor)s defined the custom role “%(target)s”."),
    )
    ROLE_ASSIGNMENT_CREATED = (
        "role_assignment.created",
        _("%(actor)s assigned the role “%(target)s”."),
    )
    ROLE_ASSIGNMENT_CHANGED = (
        "role_assignment.changed",
        _("%(actor)s changed the role assignment “%(target)s”."),
    )
    GUIDELINE_CREATED = (
        "guideline.created",
        _("%(actor)s created the guideline “%(target)s”."),
    )
    GUIDELINE_DRAFT_SAVED = (
        "guideline.draft_saved",
        _("%(actor)s saved the draft “%(target)s”."),
    )
    GUIDELINE_PUBLISHED = (
        "guideline.published",
        _("%(actor)s published the guideline “%(target)s”."),
    )
    GUIDELINE_ACKNOWLEDGED = (
        "guideline.acknowledged",
        _("%(actor)s acknowledged the guideline “%(target)s”."),
    )
    TRAINING_OFFER_CREATED = (
        "training_offer.created",
        _("%(actor)s added the training offer “%(target)s”."),
    )
    TRAINING_OFFER_CHANGED = (
        "training_offer.changed",
        _("%(actor)s changed the training offer “%(target)s”."),
    )
    TRAINING_SESSION_ADDED = (
        "training_session.added",
        _("%(actor)s added the training session “%(target)s”."),
    )
    ATTENDANCE_RECORDED = (
        "attendance.recorded",
        _("%(actor)s recorded attendance at “%(target)s”."),
    )
    ATTENDANCE_REMOVED = (
        "attendance.removed",
        _("%(actor)s removed an attendance from “%(target)s”."),
    )
    CONSULTATION_SAVED = (
        "consultation.saved",
        _("%(actor)s updated the works-council consultation on “%(target)s”."),
    )
    CONSULTATION_DOCUMENT_ADDED = (
        "consultation.document_added",
        _("%(actor)s added a document to the works-council consultation on “%(target)s”."),
    )
    INFORMATION_PACK_REQUESTED = (
        "information_pack.requested",
        _("%(actor)s requested the works council's information pack on “%(target)s” as a PDF."),
    )
    WORKS_AGREEMENT_CREATED = (
        "works_agreement.created",
        _("%(actor)s registered the works agreement “%(target)s”."),
    )
    WORKS_AGREEMENT_CHANGED = (
        "works_agreement.changed",
        _("%(actor)s changed the works agreement “%(target)s”."),
    )
    INCIDENT_RECORDED = "incident.recorded", _("%(actor)s recorded the incident “%(target)s”.")
    INCIDENT_CHANGED = "incident.changed", _("%(actor)s changed the incident “%(target)s”.")
    INCIDENT_REPORTED = (
        "incident.reported",
        _("%(actor)s recorded a report made on the incident “%(target)s”."),
    )
    INCIDENT_ACTION_ADDED = (
        "incident.action_added",
        _("%(actor)s added a corrective action to the incident “%(target)s”."),
    )
    INCIDENT_ACTION_DONE = (
        "incident.action_done",
        _("%(actor)s completed a corrective action of the incident “%(target)s”."),
    )
    INCIDENT_CLOSED = "incident.closed", _("%(actor)s closed the incident “%(target)s”.")

    # -- Value and ROI --
    KPI_CREATED = "kpi.created", _("%(actor)s added the KPI “%(target)s” to the catalogue.")
    KPI_CHANGED = "kpi.changed", _("%(actor)s changed the catalogue KPI “%(target)s”.")
    USE_CASE_KPI_CHOSEN = "use_case_kpi.chosen", _("%(actor)s chose the KPI “%(target)s”.")
    USE_CASE_KPI_CHANGED = (
        "use_case_kpi.changed",
        _("%(actor)s changed the target or monetisation of the KPI “%(target)s”."),
    )
    USE_CASE_KPI_REMOVED = "use_case_kpi.removed", _("%(actor)s removed the KPI “%(target)s”.")
    BASELINE_RECORDED = (
        "baseline.recorded",
        _("%(actor)s recorded the baseline “%(target)s”."),
    )
    BASELINE_CORRECTED = (
        "baseline.corrected",
        _("%(actor)s corrected the baseline “%(target)s”."),
    )
    MEASUREMENT_RECORDED = (
        "measurement.recorded",
        _("%(actor)s recorded the measurement “%(target)s”."),
    )
    MEASUREMENT_REMOVED = (
        "measurement.removed",
        _("%(actor)s removed the measurement “%(target)s”."),
    )
    MEASUREMENT_IMPORTED = (
        "measurement.imported",
        _("%(actor)s imported measurements for “%(target)s”."),
    )
    COST_ADDED = "cost.added", _("%(actor)s added the cost “%(target)s”.")
    COST_REMOVED = "cost.removed", _("%(actor)s removed the cost “%(target)s”.")
    VALUE_PLAN_CHANGED = (
        "value_plan.changed",
        _("%(actor)s changed the go-live date or discount rate of “%(target)s”."),
    )
    DISCOUNT_RATE_CHANGED = (
        "discount_rate.changed",
        _("%(actor)s changed the organisation's discount rate."),
    )

    # -- Case studies --
    CASE_STUDY_UPDATED = (
        "case_study.updated",
        _("%(actor)s edited the case study “%(target)s”."),
    )
    CASE_STUDY_RESULTS_UPDATED = (
        "case_study.results_updated",
        _("%(actor)s updated the results of the case study “%(target)s”."),
    )
    CASE_STUDY_PUBLISHED = (
        "case_study.published",
        _("%(actor)s published the case study “%(target)s” inside the organisation."),
    )
    CASE_STUDY_SHARED = (
        "case_study.shared",
        _("%(actor)s shared the case study “%(target)s” anonymously with other organisations."),
    )
    CASE_STUDY_SHARE_WITHDRAWN = (
        "case_study.share_withdrawn",
        _("%(actor)s withdrew the shared copy of the case study “%(target)s”."),
    )
    CASE_STUDY_DRAFTED = (
        "case_study.drafted",
        _("%(actor)s drafted the case study “%(target)s” from a finished pilot."),
    )

    # -- Change management (adoption) --
    # An anonymous idea and every support of an idea write no row at all (see
    # adoption.services.submit_idea): a row's time and place in the sequence
    # would link them to the person's other actions.
    AI_TOOL_CREATED = (
        "ai_tool.created",
        _("%(actor)s added the AI tool “%(target)s” to the inventory."),
    )
    AI_TOOL_CHANGED = "ai_tool.changed", _("%(actor)s changed the AI tool “%(target)s”.")
    USAGE_RECORDED = (
        "usage.recorded",
        _("%(actor)s entered usage figures of the AI tool “%(target)s”."),
    )
    USAGE_IMPORTED = (
        "usage.imported",
        _("%(actor)s imported usage figures of AI tools from a CSV file."),
    )
    IDEA_SUBMITTED = "idea.submitted", _("%(actor)s submitted the idea “%(target)s”.")
    IDEA_TRIAGED = "idea.triaged", _("%(actor)s reviewed the idea “%(target)s”.")
    IDEA_TURNED_INTO_USE_CASE = (
        "idea.turned_into_use_case",
        _("%(actor)s turned the idea “%(target)s” into a use case."),
    )
    ESCALATION_RECORDED = (
        "escalation.recorded",
        _("%(actor)s recorded the escalation “%(target)s”."),
    )
    ESCALATION_CHANGED = (
        "escalation.changed",
        _("%(actor)s changed the escalation “%(target)s”."),
    )
    RETROSPECTIVE_RECORDED = (
        "retrospective.recorded",
        _("%(actor)s recorded the retrospective “%(target)s”."),
    )
    RETROSPECTIVE_CHANGED = (
        "retrospective.changed",
        _("%(actor)s changed the retrospective “%(target)s”."),
    )
    CHANGE_LOAD_SETTINGS_CHANGED = (
        "change_load_settings.changed",
        _("%(actor)s changed the weights and levels of the change-load heatmap."),
    )

    @property
    def sentence(self):
        return self.label


class _Blanks(dict):
    """Sentence values; a placeholder without a value reads as a dash, never an error."""

    def __missing__(self, key: str) -> str:
        return "–"


def actor_name(event: AuditEvent) -> str:
    """The person as the trail names them: their name if the account still exists."""
    if event.actor_id is not None and event.actor is not None:
        return str(event.actor)
    if not event.actor_label or event.actor_label == "system":
        return gettext("The system")
    return event.actor_label


def sentence(event: AuditEvent) -> str:
    """What happened, as one sentence in the active language.

    A code this vocabulary does not know (none should exist) is shown as it
    was stored rather than hidden.
    """
    values = _Blanks(actor=actor_name(event), target=event.target_label or "–")
    try:
        action = AuditAction(event.action)
    except ValueError:
        return f"{values['actor']}: {event.action} {event.target_label}".strip()
    return str(action.label) % values
