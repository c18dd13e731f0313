"""Case-study figures as people read them: localised, no trailing zeros, signed changes."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def _plain(value: Decimal) -> str:
    normalised = value.normalize()
    if normalised == normalised.to_integral():
        normalised = normalised.quantize(Decimal(1))
    decimals = max(0, -normalised.as_tuple().exponent)
    return number_format(normalised, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def figure(value) -> str:
    """17.00 → 17, 1.20 → 1.2, 130000 → 130,000 (in the active language's format)."""
    if value is None or value == "":
        return "–"
    return _plain(Decimal(value))


@register.filter
def signed(value) -> str:
    """A change with its sign: +37.7, −62 (a real minus sign)."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    if value > 0:
        return f"+{_plain(value)}"
    if value < 0:
        return f"−{_plain(-value)}"
    return _plain(value)
