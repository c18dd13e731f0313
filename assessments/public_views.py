"""Public answering pages: personal links and kiosk codes, no login.

They look the link up without a scope, then run inside the organisation's
scope and in the respondent's language. A used, expired or closed link gets
a clear page, never an error page. Every request is rate-limited per address.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from django_scopes import scope

from assessments import services
from assessments.forms import AnswerForm, KioskCodeForm, KioskDepartmentForm, field_name, pages
from assessments.models import Wave
from assessments.results import width_class
from transformation.models import Department

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _language(request, default: str) -> str:
    chosen = request.POST.get("lang") or request.GET.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return default if default in LANGUAGES else settings.LANGUAGE_CODE


def _limited(request) -> bool:
    return is_ratelimited(
        request,
        group="assessments.answer",
        key="ip",
        rate=settings.SURVEY_RATE_LIMIT,
        method=ALL,
        increment=True,
    )


def _closed_page(request, reason: str, language: str, status: int = 410):
    with translation.override(language):
        return render(request, "assessments/link_invalid.html", {"reason": reason}, status=status)


def _wave_state(wave: Wave) -> str:
    if wave.purged_at is not None:
        return "closed"
    return {"scheduled": "not_open", "closed": "closed"}.get(wave.status, "")


@never_cache
def answer(request, token):
    """A personal single-use link."""
    if _limited(request):
        return _closed_page(request, "limited", _language(request, "en"), status=429)
    participation = services.find_participation(token)
    if participation is None:
        return _closed_page(request, "unknown", _language(request, "en"), status=404)
    language = _language(request, participation.language)
    with scope(organisation=participation.organisation):
        wave = participation.wave
        if participation.has_answered:
            return _closed_page(request, "used", language)
        if state := _wave_state(wave):
            return _closed_page(request, state, language)
        with translation.override(language):
            return _questionnaire(request, wave, language, participation=participation)


@never_cache
def kiosk(request):
    """Shared-code mode: staff without e-mail enter the code shown on site."""
    if _limited(request):
        return _closed_page(request, "limited", _language(request, "en"), status=429)
    form = KioskCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("survey:kiosk_answer", code=form.cleaned_data["code"].strip().upper())
    return render(request, "assessments/kiosk.html", {"form": form})


@never_cache
def kiosk_answer(request, code):
    if _limited(request):
        return _closed_page(request, "limited", _language(request, "en"), status=429)
    wave = services.find_kiosk_wave(code)
    if wave is None:
        return _closed_page(request, "unknown_code", _language(request, "en"), status=404)
    language = _language(request, wave.organisation.default_language)
    with scope(organisation=wave.organisation):
        if state := _wave_state(wave):
            return _closed_page(request, state, language)
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


def _questionnaire(request, wave: Wave, language: str, participation=None, kiosk_code=""):
    items = list(
        wave.instrument.items.select_related("instrument", "scale").order_by("order", "pk")
    )
    page_list = pages(items)
    departments = list(Department.objects.order_by("name")) if kiosk_code else []
    page, status = 0, 200
    form = AnswerForm(items=page_list[0], language=language)
    carried: list[tuple[str, str]] = []
    department_form = KioskDepartmentForm(departments=departments) if kiosk_code else None
    if request.method == "POST":
        try:
            page = min(max(int(request.POST.get("page", 0)), 0), len(page_list) - 1)
        except ValueError:
            page = 0
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
        if form.is_valid() and department_ok:
            if page == len(page_list) - 1:
                answers = {**previous.answers(), **form.answers()}
                return _submit(
                    request, wave, language, answers, participation, department_form, kiosk_code
                )
            carried = _carried(request.POST, earlier + page_list[page])
            page += 1
            form = AnswerForm(items=page_list[page], language=language)
        else:
            carried = _carried(request.POST, earlier)
            status = 422
        if department_ok and department_form is not None and page > 0:
            department = department_form.cleaned_data.get("department")
            carried.append(("department", "" if department is None else str(department)))
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
        "lang": language,
        "languages": LANGUAGES,
        "is_last": page == len(page_list) - 1,
        "kiosk_code": kiosk_code,
    }
    return render(request, "assessments/answer.html", context, status=status)


def _submit(request, wave, language, answers, participation, department_form, kiosk_code):
    department = None
    if department_form is not None:
        department_id = department_form.cleaned_data.get("department")
        department = Department.objects.filter(pk=department_id).first() if department_id else None
    try:
        services.submit_response(
            wave=wave,
            answers=answers,
            language=language,
            participation=participation,
            department=department,
        )
    except services.LinkAlreadyUsed:
        return _closed_page(request, "used", language)
    except ValidationError:
        return _closed_page(request, "closed", language)
    url = f"{reverse('survey:thanks')}?lang={language}"
    if kiosk_code:
        url += f"&kiosk={kiosk_code}"
    return redirect(url)
