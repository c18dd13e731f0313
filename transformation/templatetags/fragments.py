"""`{% load fragments %}`: cached fragments that are rendered anyway when the cache is down.

    {% cached_fragment "roadmap_matrix" matrix_version oob %}…{% endcached_fragment %}
    {% cached_for row in matrix.rows "roadmap_row" row_version row.digest %}…{% endcached_for %}

Like Django's `{% cache %}`, keyed on the name and the values after it, but a
cache that cannot be reached (Redis down) costs the rendering, not the page:
Django's tag would answer 500. The key must hold everything the fragment
shows; the views that use it say how they build it.

`cached_for` is a loop whose every item is a cached fragment, keyed with the
loop variable set: when one row of a long table changes, only that row is
rendered again. It asks the cache once for all items (`get_many`: one round
trip to Redis, not one per row) and stores the missing ones at once.
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


class CachedForNode(template.Node):
    def __init__(self, loopvar: str, sequence, name, parts: list, nodelist, nodelist_empty) -> None:
        self.loopvar = loopvar
        self.sequence = sequence
        self.name = name
        self.parts = parts
        self.nodelist = nodelist
        self.nodelist_empty = nodelist_empty

    def render(self, context) -> str:
        items = list(self.sequence.resolve(context, ignore_failures=True) or ())
        if not items:
            return self.nodelist_empty.render(context)
        name = str(self.name.resolve(context))
        with context.push():
            keys = []
            for item in items:
                context[self.loopvar] = item
                parts = [part.resolve(context) for part in self.parts]
                keys.append(make_template_fragment_key(name, parts))
            cache = caches["default"]
            try:
                found = cache.get_many(keys)
            except UNAVAILABLE:
                found = {}
            missing = {}
            for key, item in zip(keys, items, strict=True):
                if key not in found:
                    context[self.loopvar] = item
                    found[key] = missing[key] = self.nodelist.render(context)
        if missing:
            with contextlib.suppress(*UNAVAILABLE):
                cache.set_many(missing, FRAGMENT_SECONDS)
        return "".join(found[key] for key in keys)


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


@register.tag
def cached_for(parser, token) -> CachedForNode:
    bits = token.split_contents()
    if len(bits) < 6 or bits[2] != "in":
        raise template.TemplateSyntaxError(
            f"{bits[0]} needs: item in items name key-value [key-value …]"
        )
    nodelist = parser.parse(("empty", "endcached_for"))
    if parser.next_token().contents == "empty":
        nodelist_empty = parser.parse(("endcached_for",))
        parser.delete_first_token()
    else:
        nodelist_empty = template.NodeList()
    return CachedForNode(
        bits[1],
        parser.compile_filter(bits[3]),
        parser.compile_filter(bits[4]),
        [parser.compile_filter(bit) for bit in bits[5:]],
        nodelist,
        nodelist_empty,
    )
