"""Board reports: request, produce in a worker, fail, retry."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import mimetypes
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from transformation import formatting, registry
from transformation.audit import AuditAction
from transformation.lists import excerpt
from transformation.memo import request_memo
from transformation.models import Membership, Organisation, Programme, Role, User
from transformation.models.reports import BoardReport, ReportSettings, ReportStatus, report_path
from transformation.services.audit import record_audit_event
from transformation.uploads import discard_after_commit

logger = logging.getLogger(__name__)
# The summary page lists this many risks and decisions, then says how many more.
SUMMARY_LIMIT = 6
# A report whose worker died this many times is failed, not sent again.
REPORT_MAX_ATTEMPTS = 3


def available_sections() -> list[registry.ReportSection]:
    return registry.report_sections.all()


def _dispatch(report: BoardReport) -> None:
    from transformation.tasks import render_board_report

    render_board_report.delay_on_commit(organisation_id=report.organisation_id, report_id=report.pk)


@transaction.atomic
def request_board_report(
    *,
    organisation: Organisation,
    requested_by: User | None,
    period_start: dt.date,
    period_end: dt.date,
    language: str,
    sections: list[str],
    email_to_steering: bool = False,
    scheduled: bool = False,
) -> BoardReport:
    """Queue a board report; a worker renders it after this transaction commits."""
    known = {section.key for section in available_sections()}
    unknown = set(sections) - known
    if unknown:
        raise ValidationError(
            _("Unknown report sections: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
        )
    if not sections:
        raise ValidationError(_("Choose at least one section."))
    if period_start > period_end:
        raise ValidationError(_("The period must start before it ends."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose English, German or Dutch."))
    ordered = [section.key for section in available_sections() if section.key in sections]
    report = BoardReport.objects.create(
        organisation=organisation,
        requested_by=requested_by,
        period_start=period_start,
        period_end=period_end,
        language=language,
        sections=ordered,
        email_to_steering=email_to_steering,
        scheduled=scheduled,
    )
    record_audit_event(
        organisation=organisation,
        actor=requested_by,
        action=AuditAction.BOARD_REPORT_REQUESTED,
        target=report,
        changes={
            "period": f"{period_start}–{period_end}",
            "language": language,
            "sections": ordered,
        },
    )
    _dispatch(report)
    return report


def claim_board_report(report_id: int) -> BoardReport | None:
    """Mark the report running if it still needs producing, else None.

    A conditional UPDATE, so two deliveries of the same task cannot both
    produce it once one has finished; a report left `running` by a worker that
    died is claimed again by the redelivered task. Call inside the
    organisation's scope: another organisation's report is not found.
    """
    claimed = BoardReport.objects.filter(
        pk=report_id, status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING]
    ).update(
        status=ReportStatus.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        error="",
    )
    if not claimed:
        return None
    return BoardReport.objects.select_related("organisation", "requested_by").get(pk=report_id)


def produce_board_report(*, report: BoardReport) -> BoardReport:
    """Render the PDF, store it under the report's fixed name, mark it done, mail it if asked.

    Regenerating overwrites the same file, so a repeated run leaves one file.
    """
    rendered = render_board_report_pdf(report)
    name = report_path(report, "report.pdf")
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = default_storage.save(name, ContentFile(rendered.content))
    with transaction.atomic():
        finished = BoardReport.objects.filter(pk=report.pk, status=ReportStatus.RUNNING).update(
            status=ReportStatus.DONE,
            file=stored,
            page_count=rendered.page_count,
            finished_at=timezone.now(),
        )
        if not finished:
            return BoardReport.objects.get(pk=report.pk)
        record_audit_event(
            organisation=report.organisation,
            actor=None,
            action=AuditAction.BOARD_REPORT_PRODUCED,
            target=report,
            changes={"pages": rendered.page_count, "attempt": report.attempts},
        )
        report.refresh_from_db()
        if report.email_to_steering:
            content = rendered.content
            transaction.on_commit(lambda: _mail_to_steering(report, content))
    return report


def resend_stalled_reports(*, now: dt.datetime) -> dict[str, int]:
    """Send again what a broker outage or a dead worker left behind; fail what keeps dying.

    A report still queued after REPORT_QUEUED_GRACE_SECONDS was never picked
    up (the broker was down when it was requested); one running longer than
    REPORT_LEASE_SECONDS lost its worker (a SIGKILL does not run any cleanup).
    Both are sent again; the task's conditional claim keeps the result exactly
    once. After REPORT_MAX_ATTEMPTS the report fails with a message, so the
    coordinator can retry instead of watching "being produced" for ever.
    """
    counts = {"resent": 0, "failed": 0}
    for report in stalled_rows(BoardReport, now=now):
        if report.status == ReportStatus.RUNNING and report.attempts >= REPORT_MAX_ATTEMPTS:
            fail_board_report(
                report_id=report.pk,
                error=_("The worker stopped while producing the report. Try again."),
            )
            counts["failed"] += 1
        else:
            _dispatch(report)
            counts["resent"] += 1
    return counts


def stalled_rows(model, *, now: dt.datetime) -> list:
    """Rows of a worker-produced file (board report, information pack) left behind.

    Queued past REPORT_QUEUED_GRACE_SECONDS: the broker never took the message.
    Running past REPORT_LEASE_SECONDS: the worker died. Across organisations; the
    rows hold only what a sweep needs (pk, organisation, status, attempts). Both
    models use the statuses of `ReportStatus`.
    """
    queued_since = now - dt.timedelta(seconds=settings.REPORT_QUEUED_GRACE_SECONDS)
    running_since = now - dt.timedelta(seconds=settings.REPORT_LEASE_SECONDS)
    with scopes_disabled():
        return list(
            model.objects.filter(
                Q(status=ReportStatus.QUEUED, created_at__lt=queued_since)
                | Q(status=ReportStatus.RUNNING, started_at__lt=running_since)
            ).only("pk", "organisation_id", "status", "attempts")
        )


def fail_board_report(*, report_id: int, error: str) -> None:
    """Record that producing the report failed for good, with a message for the page."""
    with scopes_disabled():
        report = BoardReport.objects.select_related("organisation").get(pk=report_id)
        BoardReport.objects.filter(pk=report_id).exclude(status=ReportStatus.DONE).update(
            status=ReportStatus.FAILED, error=error[:2000], finished_at=timezone.now()
        )
        record_audit_event(
            organisation=report.organisation,
            actor=None,
            action=AuditAction.BOARD_REPORT_FAILED,
            target=report,
            changes={"error": error[:500]},
        )


@transaction.atomic
def retry_board_report(*, report: BoardReport, actor: User) -> BoardReport:
    """Queue a failed report again."""
    if report.status != ReportStatus.FAILED:
        raise ValidationError(_("Only a failed report can be retried."))
    BoardReport.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
        status=ReportStatus.QUEUED, error="", finished_at=None
    )
    report.refresh_from_db()
    record_audit_event(
        organisation=report.organisation,
        actor=actor,
        action=AuditAction.BOARD_REPORT_RETRIED,
        target=report,
    )
    _dispatch(report)
    return report


@transaction.atomic
def save_report_settings(
    *, organisation: Organisation, actor: User, values: dict[str, Any]
) -> ReportSettings:
    """Change the cover logo and the monthly schedule."""
    report_settings, _created = ReportSettings.objects.get_or_create(organisation=organisation)
    changes = {}
    for key, value in values.items():
        if key == "logo" and not value:
            continue
        if key == "logo":
            discard_after_commit(report_settings.logo)  # the replaced logo
        if getattr(report_settings, key) != value:
            changes[key] = str(value)
            setattr(report_settings, key, value)
    report_settings.save()
    if changes:
        record_audit_event(
            organisation=organisation,
            actor=actor,
            action=AuditAction.REPORT_SETTINGS_CHANGED,
            target=report_settings,
            changes=changes,
        )
    return report_settings


def request_monthly_reports(*, today: dt.date) -> list[BoardReport]:
    """Queue last month's report for every organisation that asked for one."""
    period_end = today.replace(day=1) - dt.timedelta(days=1)
    period_start = period_end.replace(day=1)
    reports = []
    with scopes_disabled():
        due = list(ReportSettings.objects.filter(monthly=True).select_related("organisation"))
        for report_settings in due:
            exists = BoardReport.objects.filter(
                organisation=report_settings.organisation,
                scheduled=True,
                period_start=period_start,
                period_end=period_end,
            ).exists()
            if exists:
                continue
            reports.append(
                request_board_report(
                    organisation=report_settings.organisation,
                    requested_by=None,
                    period_start=period_start,
                    period_end=period_end,
                    language=report_settings.monthly_language,
                    sections=[section.key for section in available_sections()],
                    email_to_steering=report_settings.email_to_steering,
                    scheduled=True,
                )
            )
    return reports


def _mail_to_steering(report: BoardReport, content: bytes) -> None:
    with scopes_disabled():
        recipients = list(
            Membership.objects.filter(
                organisation=report.organisation, role=Role.STEERING
            ).values_list("user__email", flat=True)
        )
    if not recipients:
        return
    with translation.override(report.language):
        subject = _("Board report %(organisation)s, %(period)s") % {
            "organisation": report.organisation.name,
            "period": f"{formatting.date(report.period_start, 'short')}–"
            f"{formatting.date(report.period_end, 'short')}",
        }
        body = _("The AI programme's board report is attached.")
    message = EmailMessage(subject, body, to=recipients)
    message.attach(report.download_name, content, "application/pdf")
    message.send()


# Rendering ----------------------------------------------------------------


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    html: str
    context: dict


def _logo_data_url(organisation: Organisation) -> str | None:
    report_settings = ReportSettings.objects.filter(organisation=organisation).first()
    if not report_settings or not report_settings.logo:
        return None
    try:
        with report_settings.logo.open("rb") as logo:
            data = logo.read()
    except OSError:
        logger.warning("Logo of %s could not be read", organisation.slug)
        return None
    mime_type = mimetypes.guess_type(report_settings.logo.name)[0] or "image/png"
    return f"data:{mime_type};base64,{base64.b64encode(data).decode()}"


def board_report_context(report: BoardReport) -> dict[str, Any]:
    """Everything the report template needs, in the report's language.

    Call inside the organisation's scope. Each section comes from the
    registry; its own template is rendered here so that sections can use any
    context names they like.
    """
    sections = []
    for section in available_sections():
        if section.key not in report.sections:
            continue
        context = section.context(report)
        html = render_to_string(section.template, {**context, "report": report})
        sections.append(RenderedSection(section.key, str(section.title), html, context))
    risks: list[str] = []
    decisions: list[str] = []
    for section in sections:
        risks.extend(str(item) for item in section.context.get("risks", []))
        decisions.extend(str(item) for item in section.context.get("decisions", []))
    # Sections give key figures as {"value", "label"} boxes or as sentences.
    highlights, key_facts = [], []
    for section in sections:
        for item in section.context.get("highlights", []):
            if isinstance(item, dict):
                highlights.append(item)
            else:
                key_facts.append(str(item))
    return {
        "report": report,
        "organisation": report.organisation,
        "sections": sections,
        "appendices": [
            appendix for section in sections for appendix in section.context.get("appendices", [])
        ],
        "risks": excerpt(risks, SUMMARY_LIMIT),
        "decisions": excerpt(decisions, SUMMARY_LIMIT),
        "highlights": highlights,
        "key_facts": key_facts,
        "logo": _logo_data_url(report.organisation),
        "programme": Programme.objects.current(),
        "generated_on": timezone.localdate(),
    }


def render_board_report_html(report: BoardReport) -> str:
    with translation.override(report.language), request_memo():
        return render_to_string(
            "transformation/report/board_report.html", board_report_context(report)
        )


def render_board_report_pdf(report: BoardReport):
    """The PDF, with the whole lists its sections show in part attached as CSV files."""
    from transformation.pdf import render_pdf

    # The memo: sections ask for the same survey results (the summary, people, change load);
    # the report only reads, so one computation serves them all.
    with translation.override(report.language), request_memo():
        context = board_report_context(report)
        html = render_to_string("transformation/report/board_report.html", context)
        # Headers may be lazy translations: written in the report's language too.
        attachments = {appendix.filename: appendix.csv() for appendix in context["appendices"]}
    return render_pdf(html, attachments=attachments)
