from django import template

from roi.formatting import format_money, format_multiple, format_number, format_percent

register = template.Library()


@register.filter
def money(value):
    return format_money(value)


@register.filter
def money_cents(value):
    return format_money(value, cents=True)


@register.filter
def number(value):
    return format_number(value)


@register.filter
def percent(value):
    return format_percent(value)


@register.filter
def whole_percent(value):
    return format_percent(value, digits=0)


@register.filter
def signed_percent(value):
    return format_percent(value, signed=True)


@register.filter
def multiple(value):
    return format_multiple(value)


@register.filter
def percent_of(fraction):
    """An annual rate stored as a fraction (0.08), shown as a percentage (8.0 %)."""
    return format_percent(None if fraction is None else fraction * 100)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
