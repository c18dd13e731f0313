"""Money, numbers and percentages in the active language (EUR 130,000 · 130.000 € · € 130.000)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import format_currency, format_decimal
from django.utils import translation

LOCALES = {"en": "en_IE", "de": "de_DE", "nl": "nl_NL"}


def _locale() -> str:
    return LOCALES.get((translation.get_language() or "en")[:2], "en_IE")


def format_money(value: Decimal | None, *, cents: bool = False) -> str:
    """EUR in the active language; whole euros unless `cents`."""
    if value is None:
        return ""
    locale = _locale()
    if cents:
        return format_currency(value, "EUR", locale=locale)
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")
    whole = Decimal(value).quantize(Decimal(1), ROUND_HALF_UP)
    return format_currency(whole, "EUR", locale=locale, format=pattern, currency_digits=False)


def format_number(value: Decimal | int | float | None) -> str:
    """A KPI value without trailing zeros, grouped and with the language's decimal sign."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        whole = value == value.to_integral()
        value = value.quantize(Decimal(1)) if whole else value.normalize()
    return format_decimal(value, locale=_locale(), decimal_quantization=False)


def format_percent(value: Decimal | None, *, signed: bool = False, digits: int = 1) -> str:
    if value is None:
        return ""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    text = format_decimal(value, format=pattern, locale=_locale())
    if signed and value > 0:
        text = "+" + text
    return f"{text}\N{NO-BREAK SPACE}%"


def format_multiple(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.0#", locale=_locale()) + "×"
