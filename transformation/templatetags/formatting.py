"""The template side of transformation/formatting.py: `{% load formatting %}`.

Filters carry the names of the functions; an optional argument is the number
of decimal places (`{{ mean|decimal:2 }}`, `{{ share|percent:0 }}`).
"""

from django import template

from transformation import formatting

register = template.Library()


def _places(digits) -> int | None:
    """The filter argument: a number of places, or none given (as many as the value needs)."""
    return None if digits in (None, "") else int(digits)


def _as_needed(function, **fixed):
    """A filter whose optional argument fixes the places; without it, as many as needed."""

    def write(value, digits=None) -> str:
        return function(value, _places(digits), **fixed)

    return write


# 1,234.5 · 1.234,5; a change with its sign, +37.7 · −62; the same in percent, +37.7% · −62%.
register.filter("number", _as_needed(formatting.number))
register.filter("signed", _as_needed(formatting.signed))
register.filter("signed_percent", _as_needed(formatting.percent, signed=True))


@register.filter
def decimal(value, digits=2) -> str:
    return formatting.decimal(value, int(digits))


@register.filter
def percent(value, digits=1) -> str:
    """`value` already in percent: 12.5% · 12,5 % · 12,5%."""
    return formatting.percent(value, int(digits))


@register.filter
def rate(fraction, digits=1) -> str:
    """A rate stored as a fraction (0.08), as a percentage (8.0%)."""
    return formatting.percent(None if fraction is None else fraction * 100, int(digits))


@register.filter
def share_of(part, whole) -> str:
    """`part` as a whole percentage of `whole`: `{{ done|share_of:total }}` → 75%."""
    return formatting.share(part, whole)


# One argument, nothing to convert: the functions themselves are the filters.
register.filter("money", formatting.money)
register.filter("multiple", formatting.multiple)
register.filter("months", formatting.months)
