"""The answering page's radio buttons and checkboxes, written without a template per option.

Django renders each option of a choice widget through three small templates
(`input_option.html`, `input.html`, `attrs.html`); a survey page has dozens
of options, and those renders were most of its server time. This filter
writes the same markup from the same option data (`BoundWidget.data`),
escaping every name and value as the templates do.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _attribute(name: str, value) -> str:
    return f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'


@register.filter
def choice_input(choice) -> SafeString:
    """`{{ choice.tag }}` of a radio or checkbox option, as Django's templates write it."""
    widget = choice.data
    value = "" if widget["value"] is None else f' value="{escape(str(widget["value"]))}"'
    attrs = "".join(
        _attribute(name, value) for name, value in widget["attrs"].items() if value is not False
    )
    kind, name = escape(widget["type"]), escape(widget["name"])
    return mark_safe(f'<input type="{kind}" name="{name}"{value}{attrs}>')  # noqa: S308 - escaped above
