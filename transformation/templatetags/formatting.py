"""Numbers, money and percentages formatted for the active language."""

from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent
from django import template
from django.utils import translation

register = template.Library()

_LOCALES = {"en": "en_GB", "de": "de_DE", "nl": "nl_NL"}


def current_locale() -> str:
    return _LOCALES.get((translation.get_language() or "en")[:2], "en_GB")


@register.filter
def euro(value, digits: int = 0) -> str:
    """EUR 130,000 / 130.000 € / € 130.000, as the language writes it."""
    if value in (None, ""):
        return "–"
    amount = Decimal(value)
    pattern = None
    if int(digits) == 0:
        amount = amount.quantize(Decimal(1))
        pattern = {"en_GB": "¤#,##0", "de_DE": "#,##0 ¤", "nl_NL": "¤ #,##0"}[current_locale()]
    return format_currency(
        amount, "EUR", format=pattern, locale=current_locale(), currency_digits=int(digits) != 0
    )


@register.filter
def number(value, digits: int = 0) -> str:
    if value in (None, ""):
        return "–"
    amount = Decimal(value)
    pattern = "#,##0" if int(digits) == 0 else "#,##0." + "0" * int(digits)
    return format_decimal(amount, format=pattern, locale=current_locale())


@register.filter
def percent(value, digits: int = 0) -> str:
    """`value` is already in percent (35 → 35 %)."""
    if value in (None, ""):
        return "–"
    locale = Locale.parse(current_locale())
    pattern = locale.percent_formats[None].pattern
    if int(digits):
        pattern = pattern.replace("#,##0", "#,##0." + "0" * int(digits), 1)
    return format_percent(Decimal(value) / 100, format=pattern, locale=locale)
