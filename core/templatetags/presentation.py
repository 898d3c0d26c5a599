"""Presentation filters for public templates: Azerbaijani dates, e-mail links, page links
and JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import dates

register = template.Library()


@register.filter
def az_datetime(value):
    """``25 noyabr 2026, 14:05``."""
    return dates.format_datetime(value) if value else ""


@register.filter
def az_relative(value):
    """``12 dəqiqə əvvəl`` within the last hour, otherwise ``25 noyabr 2026, 14:05``."""
    return dates.format_relative(value) if value else ""


@register.filter
def az_count(value):
    """``12 345`` (groups of three digits split by a no-break space, as Azerbaijani writes them)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    return f"{number:,}".replace(",", "\u00a0")


def _entities(text):
    return "".join(f"&#{ord(char)};" for char in text)


@register.filter
def email_link(address):
    """A ``mailto:`` link written as HTML character references.

    A browser shows and follows it like any link, but the raw HTML holds no
    ``name@host`` text for a naive address harvester to match.
    """
    if not address:
        return ""
    encoded = mark_safe(_entities(address))  # noqa: S308 - only character references
    return format_html('<a href="{}{}">{}</a>', mark_safe(_entities("mailto:")), encoded, encoded)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """``?…&page=N``: the current list's page ``number``, keeping its other
    parameters (the search query) so that paging a search stays in it."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


# Characters that could end a <script> element or open a comment inside it,
# written as JSON escapes (Django's json_script does the same).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """``<script type="application/ld+json">`` holding ``data``: data, not code, so a
    Content-Security-Policy without inline scripts still lets it through."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.filter
def az_time(value):
    """``14:05``."""
    return dates.format_time(value) if value else ""
