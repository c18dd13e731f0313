"""`{% load fragments %}`: a cached fragment that is rendered anyway when the cache is down.

    {% cached_fragment "roadmap_matrix" matrix_version oob %}…{% endcached_fragment %}

Like Django's `{% cache %}`, keyed on the name and the values after it, but a
cache that cannot be reached (Redis down) costs the rendering, not the page:
Django's tag would answer 500. The key must hold everything the fragment
shows; the views that use it say how they build it.
"""

from __future__ import annotations

import contextlib

from django import template
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key

from transformation.identity.counters import UNAVAILABLE

register = template.Library()

FRAGMENT_SECONDS = 600  # bounds what a key cannot see (a release renaming shipped steps)


class CachedFragmentNode(template.Node):
    def __init__(self, name: template.base.FilterExpression, parts: list, nodelist) -> None:
        self.name = name
        self.parts = parts
        self.nodelist = nodelist

    def render(self, context) -> str:
        key = make_template_fragment_key(
            str(self.name.resolve(context)), [part.resolve(context) for part in self.parts]
        )
        cache = caches["default"]
        try:
            value = cache.get(key)
        except UNAVAILABLE:
            return self.nodelist.render(context)
        if value is None:
            value = self.nodelist.render(context)
            with contextlib.suppress(*UNAVAILABLE):
                cache.set(key, value, FRAGMENT_SECONDS)
        return value


@register.tag
def cached_fragment(parser, token) -> CachedFragmentNode:
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name and at least one key value")
    nodelist = parser.parse(("endcached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )
