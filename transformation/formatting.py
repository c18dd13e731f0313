"""Every figure a person reads, in their language: numbers, percentages, money, months, dates.

The one place for it: templates load the `formatting` tag library (filters of
the same names), and Python code that writes figures into charts, CSV cells
meant for people, e-mails or sentences calls these functions. Each takes the
active Django language unless `language` is given, so a page, the German PDF
and a Dutch e-mail write the same figure the same way (1,234.5 · 1.234,5 ·
1.234,5; 12.5% · 12,5 % · 12,5%; €95,000 · 95.000 € · € 95.000).

Missing values read as an en dash, never as "None" or an empty cell.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent
from django.utils import formats, translation
from django.utils.translation import ngettext

MISSING = "–"
MINUS = "\N{MINUS SIGN}"
CURRENCY = "EUR"

# English as written in Ireland (the euro zone): €95,000 and 12.5%.
_LOCALES = {"en": "en_IE", "de": "de_DE", "nl": "nl_NL"}

Figure = Decimal | int | float | str | None


def locale(language: str | None = None) -> Locale:
    """The Babel locale of `language`, or of the active language."""
    code = (language or translation.get_language() or "en")[:2]
    return _babel_locale(_LOCALES.get(code, _LOCALES["en"]))


@functools.cache
def _babel_locale(identifier: str) -> Locale:
    # A heatmap writes hundreds of figures; parse each locale once per process.
    return Locale.parse(identifier)


def _decimal(value: Figure) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def _pattern(digits: int | None) -> str:
    return "#,##0" if not digits else "#,##0." + "0" * int(digits)


def _trimmed(value: Decimal) -> Decimal:
    """17.00 → 17, 1.20 → 1.2: as many places as the value needs."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def number(value: Figure, digits: int | None = None, *, language: str | None = None) -> str:
    """Grouped, with the language's decimal sign; `digits` fixes the places, else as needed."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    where = locale(language)
    if digits is None:
        return format_decimal(_trimmed(amount), locale=where, decimal_quantization=False)
    return format_decimal(amount, format=_pattern(digits), locale=where)


def decimal(value: Figure, digits: int = 2, *, language: str | None = None) -> str:
    """A mean or a score with fixed places: 3.65 · 3,65."""
    return number(value, digits, language=language)


def signed(value: Figure, digits: int | None = None, *, language: str | None = None) -> str:
    """A change with its sign: +37.7, −62 (a real minus sign), 0."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    text = number(abs(amount), digits, language=language)
    if amount > 0:
        return "+" + text
    if amount < 0:
        return MINUS + text
    return text


def percent(
    value: Figure, digits: int | None = 1, *, signed: bool = False, language: str | None = None
) -> str:
    """`value` is already in percent (12.5 → 12.5% · 12,5 % · 12,5%); `digits=None`: as needed."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    where = locale(language)
    places = "#,##0.###" if digits is None else _pattern(digits)
    pattern = where.percent_formats[None].pattern.replace("#,##0", places, 1)
    text = format_percent(abs(amount) / 100, format=pattern, locale=where)
    if amount < 0:
        return MINUS + text
    if signed and amount > 0:
        return "+" + text
    return text


def share(part: Figure, whole: Figure, digits: int = 0, *, language: str | None = None) -> str:
    """`part` as a percentage of `whole` (3 of 4 → 75%); a dash when `whole` is zero."""
    numerator, denominator = _decimal(part), _decimal(whole)
    if numerator is None or not denominator:
        return MISSING
    return percent(100 * numerator / denominator, digits, language=language)


def money(value: Figure, *, language: str | None = None) -> str:
    """Whole euros in the language's style: €95,000 · 95.000 € · € 95.000."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    where = locale(language)
    pattern = where.currency_formats["standard"].pattern.replace(".00", "")
    whole = amount.quantize(Decimal(1), ROUND_HALF_UP)
    if whole == 0:
        whole = Decimal(0)  # no "-0 €" for a small negative amount
    return format_currency(
        whole, CURRENCY, locale=where, format=pattern, currency_digits=False
    ).replace("-", MINUS)


def multiple(value: Figure, *, language: str | None = None) -> str:
    """A return multiple: 4.28× · 4,28× (one or two places)."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    return format_decimal(amount, format="#,##0.0#", locale=locale(language)) + "×"


def months(value: Figure, *, language: str | None = None) -> str:
    """A duration: 1 month, 6 months · 6 Monate · 6 maanden."""
    amount = _decimal(value)
    if amount is None:
        return MISSING
    with translation.override(language or translation.get_language()):
        count = int(amount) if amount == amount.to_integral() else 2
        return ngettext("%(months)s month", "%(months)s months", count) % {
            "months": number(amount, language=language)
        }


_DATE_STYLES = {
    "long": "DATE_FORMAT",
    "short": "SHORT_DATE_FORMAT",
    "month": "YEAR_MONTH_FORMAT",
    "short_datetime": "SHORT_DATETIME_FORMAT",
}


def date(
    value: dt.date | dt.datetime | None, style: str = "long", *, language: str | None = None
) -> str:
    """A date as the templates' `date` filter writes it (7 September 2026 · 07.09.2026 …).

    Dates keep Django's per-language formats (transformation/formats/), which
    the templates use too, so a date reads the same in a page, an e-mail and
    the PDF. `style`: "long", "short", "month" or "short_datetime".
    """
    if value is None:
        return MISSING
    with translation.override(language or translation.get_language()):
        return formats.date_format(value, _DATE_STYLES[style])
