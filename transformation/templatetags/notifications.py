from datetime import timedelta

from django import template
from django.utils import timezone, translation

from transformation import formatting

register = template.Library()


@register.filter
def in_language(texts) -> str:
    """A stored {"en", "de", "nl"} text in the reader's language."""
    if not isinstance(texts, dict):
        return str(texts or "")
    language = (translation.get_language() or "en")[:2]
    return texts.get(language) or texts.get("en", "")


@register.filter
def due_day(moment) -> str:
    """The day a dated item falls due (it is due at the end of that day)."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) - timedelta(seconds=1)
    return formatting.date(local.date(), "short")
