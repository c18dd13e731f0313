"""One formatter for every figure: the same figure reads the same in a page and in the PDF."""

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from tests.roi.factories import baseline, chosen_kpi, cost, measurement, steady_case
from transformation import formatting
from transformation.models import Role
from transformation.services.roadmap import create_programme

NBSP = "\xa0"

# The same figures in English, German and Dutch (Babel's CLDR patterns).
FIGURES = {
    "en": {
        "number": "1,234.5",
        "decimal": "3.65",
        "percent": "12.5%",
        "whole_percent": "35%",
        "signed_percent": "−62%",
        "money": "€95,000",
        "negative_money": "−€500,000",
        "multiple": "4.28×",
        "months": "6 months",
        "one_month": "1 month",
        "date": "7 September 2026",
    },
    "de": {
        "number": "1.234,5",
        "decimal": "3,65",
        "percent": f"12,5{NBSP}%",
        "whole_percent": f"35{NBSP}%",
        "signed_percent": f"−62{NBSP}%",
        "money": f"95.000{NBSP}€",
        "negative_money": f"−500.000{NBSP}€",
        "multiple": "4,28×",
        "months": "6 Monate",
        "one_month": "1 Monat",
        "date": "7. September 2026",
    },
    "nl": {
        "number": "1.234,5",
        "decimal": "3,65",
        "percent": "12,5%",
        "whole_percent": "35%",
        "signed_percent": "−62%",
        "money": f"€{NBSP}95.000",
        "negative_money": f"€{NBSP}−500.000",
        "multiple": "4,28×",
        "months": "6 maanden",
        "one_month": "1 maand",
        "date": "7 september 2026",
    },
}


def _written(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "number": formatting.number(Decimal("1234.50")),
            "decimal": formatting.decimal(3.654),
            "percent": formatting.percent(12.5),
            "whole_percent": formatting.percent(35, 0),
            "signed_percent": formatting.percent(Decimal("-62.0"), None, signed=True),
            "money": formatting.money(Decimal("95000.40")),
            "negative_money": formatting.money(-500000),
            "multiple": formatting.multiple(Decimal("4.28")),
            "months": formatting.months(6),
            "one_month": formatting.months(1),
            "date": formatting.date(dt.date(2026, 9, 7)),
        }


@pytest.mark.parametrize("language", ["en", "de", "nl"])
def test_figures_follow_the_active_language(language):
    assert _written(language) == FIGURES[language]


def test_an_explicit_language_wins_over_the_active_one():
    with translation.override("en"):
        assert formatting.money(95000, language="de") == f"95.000{NBSP}€"
        assert formatting.date(dt.date(2026, 9, 7), "short", language="nl") == "7-9-2026"


def test_missing_and_edge_values_read_plainly():
    with translation.override("en"):
        assert formatting.number(None) == "–"
        assert formatting.percent("") == "–"
        assert formatting.money(None) == "–"
        assert formatting.share(3, 0) == "–"  # no share of nothing
        assert formatting.share(3, 4) == "75%"
        assert formatting.money(Decimal("-0.4")) == "€0"  # never "-€0"
        assert formatting.number(Decimal("17.00")) == "17"
        assert formatting.number(Decimal("2.50"), 2) == "2.50"
        assert formatting.signed(Decimal("37.70")) == "+37.7"
        assert formatting.signed(0) == "0"


@pytest.mark.parametrize("language", ["en", "de", "nl"])
def test_template_filters_write_what_the_functions_write(language):
    template = Template(
        "{% load formatting %}{{ n|number }}|{{ m|decimal }}|{{ p|percent }}|{{ w|percent:0 }}|"
        "{{ c|signed_percent }}|{{ e|money }}|{{ x|multiple }}|{{ six|months }}|{{ r|rate }}|"
        "{{ done|share_of:total }}"
    )
    with translation.override(language):
        text = template.render(
            Context(
                {
                    "n": Decimal("1234.5"),
                    "m": 3.654,
                    "p": 12.5,
                    "w": 35,
                    "c": Decimal("-62"),
                    "e": 95000,
                    "x": Decimal("4.28"),
                    "six": 6,
                    "r": Decimal("0.125"),
                    "done": 1,
                    "total": 3,
                }
            )
        )
    expected = FIGURES[language]
    assert text.split("|") == [
        expected["number"],
        expected["decimal"],
        expected["percent"],
        expected["whole_percent"],
        expected["signed_percent"],
        expected["money"],
        expected["multiple"],
        expected["months"],
        expected["percent"],  # 0.125 as a rate
        {"en": "33%", "de": f"33{NBSP}%", "nl": "33%"}[language],  # 1 of 3, whole percent
    ]


# -- Pages -------------------------------------------------------------------------------------

PAGE_FIGURES = {
    # 130,000 technology + 20,000 change management = 150,000; 20,000 is 13.3 % of it;
    # the second KPI's baseline 1,234.5 and measurement 12.5.
    "en": ["€150,000", "€130,000", "€20,000", "13.3%", "1,234.5", "12.5", "8.0%"],
    "de": [f"150.000{NBSP}€", f"130.000{NBSP}€", f"20.000{NBSP}€", f"13,3{NBSP}%", "1.234,5"],
    "nl": [f"€{NBSP}150.000", f"€{NBSP}130.000", f"€{NBSP}20.000", "13,3%", "1.234,5"],
}
ENGLISH_ONLY = ["€150,000", "13.3%", "1,234.5"]


def _value_case(tenant):
    with scope(organisation=tenant.organisation):
        use_case = steady_case(tenant.organisation, investment="130000", monthly_benefit="9300")
        cost(use_case, "cm_training", "20000")
        errors = chosen_kpi(use_case, "document_error_rate", non_monetary_reason="Quality.")
        baseline(errors, "1234.5")
        measurement(errors, dt.date(2026, 3, 3), "12.5")
    return use_case


def _get(client, tenant, name, language, **kwargs):
    url = reverse(f"roi:{name}", kwargs={"org": tenant.slug, **kwargs})
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    return response


def _page(client, tenant, name, language, **kwargs) -> str:
    return _get(client, tenant, name, language, **kwargs).content.decode()


@pytest.mark.parametrize("language", ["en", "de", "nl"])
def test_value_pages_write_the_same_figures_in_each_language(tenant, client, language):
    use_case = _value_case(tenant)
    client.force_login(tenant.user(Role.COORDINATOR))
    html = _page(client, tenant, "usecase", language, pk=use_case.pk)
    html += _page(client, tenant, "programme", language)
    for figure in PAGE_FIGURES[language]:
        assert figure in html, figure
    if language != "en":
        for english in ENGLISH_ONLY:
            assert english not in html, english
        assert "EUR " not in html  # one money format: the euro sign where the language puts it


# -- The German board report against the German page -----------------------------------------

RULE_SET_VERSION = re.compile(r"\b20\d\d\.\d\d\b")
ENGLISH_DECIMAL = re.compile(r"\d\.\d{1,2}(?![\d.])")  # 3.65, 6.7 (not 380.000, not 07.09.)
ENGLISH_GROUPING = re.compile(r"\d,\d{3}(?!\d)")  # 95,000


def english_numbers(text: str) -> list[str]:
    text = RULE_SET_VERSION.sub("", text)
    return ENGLISH_DECIMAL.findall(text) + ENGLISH_GROUPING.findall(text)


def test_the_english_number_finder_finds_what_it_should():
    assert english_numbers("3.65 von 5; 1,025,587 €; 6.7") == ["3.65", "6.7", "1,025"]
    assert english_numbers("3,65 von 5; 1.025.587 €; 07.09.2026; Regelwerk 2026.11") == []


def _squeezed(text: str) -> str:
    """pdftotext spaces table cells and SVG text freely: compare without any white space."""
    return re.sub(r"\s+", "", text.replace(NBSP, " "))


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_german_board_report_writes_the_figures_of_the_german_page(tenant, client, tmp_path):
    use_case = _value_case(tenant)
    with scope(organisation=tenant.organisation):
        create_programme(
            organisation=tenant.organisation,
            actor=tenant.user(Role.COORDINATOR),
            name="KI 2026",
            start_date=dt.date(2026, 6, 1),
        )
    client.force_login(tenant.user(Role.COORDINATOR))
    programme_page = _get(client, tenant, "programme", "de")
    value = programme_page.context["value"]
    page = programme_page.content.decode() + _page(client, tenant, "usecase", "de", pk=use_case.pk)
    out = tmp_path / "report.pdf"
    call_command("board_report", "acme", "--out", str(out), "--language", "de")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout

    assert "Nutzen" in text  # the value section is there
    assert english_numbers(text) == []
    assert "EUR " not in text
    with translation.override("de"):
        figures = [
            formatting.money(value.investment),
            formatting.money(value.npv),
            formatting.multiple(value.roi_multiple),
            formatting.percent(value.discount_rate * 100),
        ]
    for figure in figures:
        assert figure in page, figure
        assert _squeezed(figure) in _squeezed(text), figure


# -- Machine numbers stay machine numbers ------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "nl"])
def test_svg_coordinates_keep_the_decimal_point_in_every_language(tenant, client, language):
    from tests.governance.factories import UseCaseFactory

    with scope(organisation=tenant.organisation):
        UseCaseFactory(
            organisation=tenant.organisation,
            title="Odd scores",
            efficiency_potential=4,
            complexity_reduction=3,
            strategic_relevance=3,
            data_readiness=2,
            implementation_risk=3,
        )
    client.force_login(tenant.user(Role.CHAMPION))
    response = client.get(
        reverse("governance:portfolio", kwargs={"org": tenant.slug}),
        headers={"accept-language": language},
    )
    svg = response.content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
    coordinates = re.findall(r'\b(?:x|y|cx|cy|x1|x2|y1|y2|width|height|transform)="([^"]*)"', svg)
    assert coordinates and not [value for value in coordinates if "," in value]
    assert re.search(r'cx="\d+\.\d"', svg)  # e.g. cx="200.0"
