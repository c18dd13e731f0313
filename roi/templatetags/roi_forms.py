from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """The form for one KPI row from a mapping of forms by KPI id."""
    return mapping.get(key) if mapping else None
