import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

from governance.rules import localized as localized_text

register = template.Library()

RISK_BADGES = {
    "prohibited": "badge--bad",
    "high_risk_annex_i": "badge--warn",
    "high_risk_annex_iii": "badge--warn",
    "limited": "badge--info",
    "minimal": "badge--ok",
    "out_of_scope": "",
}
MARKDOWN_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "code",
    "pre",
    "blockquote",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


@register.filter
def localized(text):
    """A rule text stored as {"en": ..., "de": ..., "nl": ...} in the active language."""
    return localized_text(text)


@register.filter
def risk_badge(result_class: str) -> str:
    return RISK_BADGES.get(result_class or "", "")


@register.filter
def width_class(value, total=100) -> str:
    """A .w-N class (5 % steps) for a value out of `total`, for bars without inline styles."""
    try:
        share = float(value) / float(total) if total else 0.0
    except (TypeError, ValueError):
        share = 0.0
    share = min(max(share, 0.0), 1.0)
    return f"w-{round(share * 20) * 5}"


@register.filter
def render_markdown(text: str) -> str:
    """Markdown rendered to HTML, then cleaned: no scripts, styles or event handlers."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    return mark_safe(  # noqa: S308 - nh3 has removed everything but the allowed tags
        nh3.clean(html, tags=MARKDOWN_TAGS, attributes={"a": {"href", "title"}})
    )
