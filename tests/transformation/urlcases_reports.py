import datetime as dt

from tests.urlaccess import COORDINATOR, READERS, UrlCase
from transformation.models import BoardReport, ReportStatus


def _report(organisation, status=ReportStatus.QUEUED):
    report = BoardReport.objects.create(
        organisation=organisation,
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 10, 31),
        language="en",
        sections=["next_steps"],
        status=status,
    )
    return {"public_id": report.public_id}


def _done_report(organisation):
    from django.core.files.base import ContentFile

    kwargs = _report(organisation, ReportStatus.DONE)
    report = BoardReport.objects.get(public_id=kwargs["public_id"])
    report.file.save("report.pdf", ContentFile(b"%PDF-1.7 test"))
    return kwargs


def _failed_report(organisation):
    return _report(organisation, ReportStatus.FAILED)


CASES = [
    UrlCase("board_reports", READERS),
    UrlCase("board_report_request", COORDINATOR, method="post", data=lambda o: {}, ok=(422,)),
    UrlCase(
        "board_report_settings",
        COORDINATOR,
        method="post",
        data=lambda o: {"monthly_language": "de"},
        ok=(302,),
    ),
    UrlCase("board_report", READERS, kwargs=_report),
    UrlCase("board_report_download", READERS, kwargs=_done_report),
    UrlCase("board_report_retry", COORDINATOR, kwargs=_failed_report, method="post", ok=(302,)),
]
