"""Public answering pages: personal links and kiosk codes, no login.

They look the link up without a scope, then run inside the organisation's
scope and in the respondent's language. A used, expired or closed link gets
a clear page, never an error page.

Rate limits count per personal link, per kiosk code and per wave, never per
client address: a whole office answers from behind one NAT address, and a
stranger hammering one link must not use up everybody's allowance. Only
unknown links and codes (guessing) are counted per client address. The
counters survive a Redis outage by falling back to per-process counts.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django_scopes import scope

from assessments import services
from assessments.forms import (
    AnswerForm,
    KioskCodeForm,
    KioskDepartmentForm,
    answers_as_initial,
    field_name,
    pages,
)
from assessments.models import Wave
from assessments.results import width_class
from transformation.identity import counters
from transformation.identity.addresses import client_address
from transformation.models import Department

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _language(request, default: str) -> str:
    chosen = request.POST.get("lang") or request.GET.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return default if default in LANGUAGES else settings.LANGUAGE_CODE


def _unknown_limited(request) -> bool:
    """An unknown link or code: count the guess against the client's address."""
    return counters.over_limit(
        f"survey:unknown:{client_address(request)}",
        settings.SURVEY_UNKNOWN_LINK_RATE_PER_MINUTE,
        60,
    )


def _wave_limited(wave_id: int, key: str, rate: int) -> bool:
    return counters.over_limit(key, rate, 60) or counters.over_limit(
        f"survey:wave:{wave_id}", settings.SURVEY_WAVE_RATE_PER_MINUTE, 60
    )


def _closed_page(request, reason: str, language: str, status: int = 410, wave: Wave | None = None):
    # A not-yet-open link says when it opens.
    context = {"reason": reason, "opens_at": wave.opens_at if reason == "not_open" else None}
    with translation.override(language):
        return render(request, "assessments/link_invalid.html", context, status=status)


def _wave_state(wave: Wave) -> str:
    if wave.purged_at is not None:
        return "closed"
    return {"scheduled": "not_open", "closed": "closed"}.get(wave.status, "")


def _thanks_url(language: str, kiosk_code: str = "") -> str:
    url = f"{reverse('survey:thanks')}?lang={language}"
    return f"{url}&kiosk={kiosk_code}" if kiosk_code else url


def _sent_before(request, wave: Wave) -> bool:
    """The same form came again after its answers were stored (a second tap).

    Asked only where the answer would otherwise be a refusal or another page;
    a second tap that would store the answers again is caught by the form
    token's unique index instead (FormAlreadySubmitted), which saves the
    query on every first submission.
    """
    return request.method == "POST" and services.form_token_is_used(
        wave=wave, token=request.POST.get("form_token")
    )


@csrf_exempt
@never_cache
def answer(request, token):
    """A personal single-use link."""
    participation = services.find_participation(token)
    if participation is None:
        if _unknown_limited(request):
            return _closed_page(request, "limited", _language(request, "en"), status=429)
        return _closed_page(request, "unknown", _language(request, "en"), status=404)
    if _wave_limited(
        participation.wave_id,
        f"survey:link:{participation.pk}",
        settings.SURVEY_LINK_RATE_PER_MINUTE,
    ):
        return _closed_page(request, "limited", _language(request, "en"), status=429)
    language = _language(request, participation.language)
    with scope(organisation=participation.organisation):
        wave = participation.wave
        if participation.has_answered or (state := _wave_state(wave)):
            if _sent_before(request, wave):
                return redirect(_thanks_url(language))
            if participation.has_answered:
                return _closed_page(request, "used", language)
            return _closed_page(request, state, language, wave=wave)
        with translation.override(language):
            return _questionnaire(request, wave, language, participation=participation)


@never_cache
def kiosk(request):
    """Shared-code mode: staff without e-mail enter the code shown on site."""
    form = KioskCodeForm(request.GET or None)
    if form.is_valid():
        url = reverse(
            "survey:kiosk_answer", kwargs={"code": form.cleaned_data["code"].strip().upper()}
        )
        # A language chosen in the header here carries on into the survey.
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in LANGUAGES:
            url += f"?lang={request.COOKIES[settings.LANGUAGE_COOKIE_NAME]}"
        return redirect(url)
    return render(request, "assessments/kiosk.html", {"form": form})


@csrf_exempt
@never_cache
def kiosk_answer(request, code):
    wave = services.find_kiosk_wave(code)
    if wave is None:
        if _unknown_limited(request):
            return _closed_page(request, "limited", _language(request, "en"), status=429)
        return _closed_page(request, "unknown_code", _language(request, "en"), status=404)
    if _wave_limited(wave.pk, f"survey:kiosk:{wave.pk}", settings.SURVEY_KIOSK_RATE_PER_MINUTE):
        return _closed_page(request, "limited", _language(request, "en"), status=429)
    language = _language(request, wave.organisation.default_language)
    with scope(organisation=wave.organisation):
        if state := _wave_state(wave):
            if _sent_before(request, wave):
                return redirect(_thanks_url(language, wave.kiosk_code))
            return _closed_page(request, state, language, wave=wave)
        with translation.override(language):
            return _questionnaire(request, wave, language, kiosk_code=wave.kiosk_code)


def thanks(request):
    language = _language(request, "en")
    code = request.GET.get("kiosk", "")
    with translation.override(language):
        return render(
            request,
            "assessments/thanks.html",
            {"kiosk_code": code.isalnum() and code, "lang": language},
        )


def _carried(data, items) -> list[tuple[str, str]]:
    """Answers of earlier pages, sent along as hidden fields: nothing is stored until the end."""
    names = {field_name(item) for item in items}
    return [(name, value) for name in data if name in names for value in data.getlist(name)]


def _page_number(data, page_count: int) -> int:
    try:
        return min(max(int(data.get("page", 0)), 0), page_count - 1)
    except ValueError:
        return 0


def _questionnaire(request, wave: Wave, language: str, participation=None, kiosk_code=""):
    page_list = pages(services.questionnaire_items(wave))
    departments = list(Department.objects.order_by("name")) if kiosk_code else []
    page, status, notice = 0, 200, ""
    form = AnswerForm(items=page_list[0], language=language)
    carried: list[tuple[str, str]] = []
    department_form = KioskDepartmentForm(departments=departments) if kiosk_code else None
    form_token = request.POST.get("form_token", "")
    token_valid = services.form_token_is_valid(wave=wave, token=form_token)
    if not token_valid:
        form_token = services.issue_form_token(wave=wave)
    elif _page_number(request.POST, len(page_list)) < len(page_list) - 1 and _sent_before(
        request, wave
    ):
        # A page before the last of a form whose answers are stored (back, then on).
        return redirect(_thanks_url(language, kiosk_code))
    if request.method == "POST" and "switch_language" in request.POST:
        # Another language: the same page again, with every answer given so far.
        page = _page_number(request.POST, len(page_list))
        form, carried, department_form = _draft(
            request.POST, page_list, page, language, department_form, departments
        )
    elif request.method == "POST":
        page = _page_number(request.POST, len(page_list))
        earlier = [item for chunk in page_list[:page] for item in chunk]
        previous = AnswerForm(request.POST, items=earlier, language=language)
        if kiosk_code:
            department_form = KioskDepartmentForm(request.POST, departments=departments)
        # Hidden answers of earlier pages are validated again; anything odd starts over.
        if not previous.is_valid() or (department_form and not department_form.is_valid()):
            page, earlier = 0, []
            previous = AnswerForm(request.POST, items=[], language=language)
            previous.is_valid()
        form = AnswerForm(request.POST, items=page_list[page], language=language)
        department_ok = department_form is None or department_form.is_valid()
        if form.is_valid() and department_ok and page == len(page_list) - 1 and not token_valid:
            # An old or tampered page: nothing is stored, the answers come back to send again.
            notice = "expired"
            form, carried, department_form = _draft(
                request.POST, page_list, page, language, department_form, departments
            )
        elif form.is_valid() and department_ok:
            if page == len(page_list) - 1:
                answers = {**previous.answers(), **form.answers()}
                return _submit(
                    request,
                    wave,
                    language,
                    answers,
                    participation,
                    department_form,
                    departments,
                    kiosk_code,
                    form_token,
                )
            carried = _carried(request.POST, earlier + page_list[page])
            page += 1
            form = AnswerForm(items=page_list[page], language=language)
            carried += _carried_department(department_form)
        else:
            carried = _carried(request.POST, earlier)
            status = 422
            if page > 0:
                carried += _carried_department(department_form)
    context = {
        "wave": wave,
        "form": form,
        "page": page,
        "page_number": page + 1,
        "page_count": len(page_list),
        "progress": width_class(100 * page / len(page_list)),
        "progress_percent": round(100 * page / len(page_list)),
        "carried": carried,
        "department_form": department_form,
        "form_token": form_token,
        "notice": notice,
        "lang": language,
        "answer_form_id": "survey-form",
        "is_last": page == len(page_list) - 1,
        "kiosk_code": kiosk_code,
    }
    return render(request, "assessments/answer.html", context, status=status)


def _carried_department(department_form) -> list[tuple[str, str]]:
    if department_form is None or not department_form.is_valid():
        return []
    department = department_form.cleaned_data.get("department")
    return [("department", "" if department is None else str(department))]


def _draft(data, page_list, page, language, department_form, departments):
    """The page as the respondent left it: answers kept, nothing validated or stored."""
    earlier = [item for chunk in page_list[:page] for item in chunk]
    carried = _carried(data, earlier)
    if department_form is not None:
        chosen = data.get("department", "")
        if page > 0:
            carried.append(("department", chosen if chosen.isdigit() else ""))
        else:
            department_form = KioskDepartmentForm(
                initial={"department": chosen}, departments=departments
            )
    form = AnswerForm(
        initial=answers_as_initial(data, page_list[page]), items=page_list[page], language=language
    )
    return form, carried, department_form


def _submit(
    request,
    wave,
    language,
    answers,
    participation,
    department_form,
    departments,
    kiosk_code,
    form_token,
):
    department = None
    if department_form is not None:
        # The form only accepts one of these departments, already read for its choices.
        chosen = department_form.cleaned_data.get("department")
        department = next((d for d in departments if d.pk == chosen), None)
    try:
        services.submit_response(
            wave=wave,
            answers=answers,
            language=language,
            participation=participation,
            department=department,
            form_token=form_token,
        )
    except services.FormAlreadySubmitted:
        # The same form's first submission stored the answers: thank, do not warn.
        return redirect(_thanks_url(language, kiosk_code))
    except services.LinkAlreadyUsed:
        return _closed_page(request, "used", language)
    except ValidationError:
        return _closed_page(request, "closed", language)
    return redirect(_thanks_url(language, kiosk_code))
