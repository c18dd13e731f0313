"""Survey workflows and the read API other apps call.

Writes (keyword-only, atomic, audited) live in `instruments`, `waves`,
`actions` and `retention`. Submitting answers deliberately writes no audit
event: a timestamped row next to a participation would tie the person to
the moment, and so to the answers. `mixing` rewrites a wave's answer rows
together, so that not even the database's own row versions tie them.

Read functions for other apps; every one applies the confidentiality
thresholds (minimum group, comment minimum, subtraction protection, roll-up)
and must be called inside the organisation's scope:

- `scale_mean_for_departments(*, organisation, scale_key, departments=None, until=None)`
  -> `ScaleMean(mean, n, wave, reason)`: ROI employee-effect KPIs.
- `readiness_by_department(*, organisation)` -> `list[DepartmentReadiness]`:
  readiness (commitment and efficacy) per department for the roadmap matrix.
- `people_report_context(report=None, *, organisation=None, until=None)` -> dict:
  the board report's "people" section (also registered as a ReportSection).
- `wave_results(*, wave, group_key=None)`, `response_rate(*, wave)`,
  `trend(*, wave)`, `csv_rows(*, wave)`, `latest_wave(*, organisation, kind)`.
"""

from assessments.results import response_rate, trend, wave_results
from assessments.services.actions import (
    action_effect,
    action_effects,
    create_action,
    scale_mean_for_wave,
    update_action,
)
from assessments.services.instruments import (
    InstrumentImportError,
    copy_instrument,
    export_instrument,
    import_instrument,
    install_standard_instruments,
    parse_instrument_json,
    update_instrument,
)
from assessments.services.mixing import mix_answers
from assessments.services.retention import purge_expired_answers, retention_months
from assessments.services.waves import (
    Audience,
    FormAlreadySubmitted,
    LinkAlreadyUsed,
    close_wave,
    create_pulse_series,
    create_wave,
    find_kiosk_wave,
    find_participation,
    form_token_is_used,
    form_token_is_valid,
    hash_token,
    invite_respondents,
    issue_form_token,
    link_token,
    new_kiosk_code,
    open_surveys_for,
    open_wave,
    personal_link,
    questionnaire_items,
    reminders_due,
    send_invitations,
    send_reminders,
    set_pulse_series_active,
    start_due_series_wave,
    submit_response,
    wave_audience,
)
from assessments.summaries import (
    DepartmentReadiness,
    ScaleMean,
    csv_rows,
    latest_wave,
    people_report_context,
    readiness_by_department,
    scale_mean_for_departments,
)

__all__ = [
    "Audience",
    "DepartmentReadiness",
    "FormAlreadySubmitted",
    "InstrumentImportError",
    "LinkAlreadyUsed",
    "ScaleMean",
    "action_effect",
    "action_effects",
    "close_wave",
    "copy_instrument",
    "create_action",
    "create_pulse_series",
    "create_wave",
    "csv_rows",
    "export_instrument",
    "find_kiosk_wave",
    "find_participation",
    "form_token_is_used",
    "form_token_is_valid",
    "hash_token",
    "import_instrument",
    "install_standard_instruments",
    "invite_respondents",
    "issue_form_token",
    "latest_wave",
    "link_token",
    "mix_answers",
    "new_kiosk_code",
    "open_surveys_for",
    "open_wave",
    "parse_instrument_json",
    "people_report_context",
    "personal_link",
    "purge_expired_answers",
    "questionnaire_items",
    "readiness_by_department",
    "reminders_due",
    "response_rate",
    "retention_months",
    "scale_mean_for_departments",
    "scale_mean_for_wave",
    "send_invitations",
    "send_reminders",
    "set_pulse_series_active",
    "start_due_series_wave",
    "submit_response",
    "trend",
    "update_action",
    "update_instrument",
    "wave_audience",
    "wave_results",
]
