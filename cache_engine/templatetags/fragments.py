"""``{% fragment %}``: a block of a public page rendered once, kept until its tags change.

    {% fragment "masthead" "chrome" current_rubric.pk %} … {% endfragment %}
    {% fragment "article" fragment_tags canonical_url %} … {% endfragment %}

The first argument names the block, the second gives its tags (a string of
space-separated tags or a list; see ``cache_engine.versions``), the others whatever
else the block's HTML depends on. Everything the block prints must come from
those: a block that printed, say, the reader's query would need it among them.
A block renders afresh, and is not stored, for logged-in users, when its
tags are empty (the newsroom's preview) or when the request has no user yet
(an error page raised before the authentication middleware).
"""

from django import template
from django.utils.safestring import mark_safe

from cache_engine.blocks import cached

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, tags, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.tags = tags
        self.vary_on = vary_on

    def render(self, context):
        tags = self.tags.resolve(context)
        user = getattr(context.get("request"), "user", None)
        if not tags or user is None or user.is_authenticated:
            # Logged in, no tags, or an error page rendered before the
            # authentication middleware ran: render afresh, store nothing.
            return self.nodelist.render(context)
        if isinstance(tags, str):
            tags = tags.split()
        parts = [str(expression.resolve(context)) for expression in self.vary_on]
        html = cached(
            f"fragment:{self.name.resolve(context)}",
            list(tags),
            lambda: str(self.nodelist.render(context)),
            *parts,
        )
        return mark_safe(html)  # noqa: S308 - HTML this template rendered and escaped


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' needs a name and tags: {{% fragment \"name\" tags [vary_on …] %}}"
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name, tags, *vary_on = (parser.compile_filter(bit) for bit in bits[1:])
    return FragmentNode(nodelist, name, tags, vary_on)
