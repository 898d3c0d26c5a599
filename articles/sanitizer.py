"""Server-side sanitising of article bodies with nh3 (the Rust ``ammonia`` sanitiser).

The allow-list matches what the admin editor's toolbar can produce (see
``CKEDITOR_CONFIGS`` in settings): paragraphs, headings, lists, links, bold
and italic, block quotes, images, tables, and iframes from a short list of
video hosts. Everything else (scripts, event handlers, ``style``,
``javascript:`` and ``data:`` URLs, unknown tags) is removed before a body is
stored, so the browser-side editor is never trusted.
"""

import re
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr",
    "h2", "h3", "h4",
    "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li",
    "blockquote",
    "a",
    "img", "figure", "figcaption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "iframe",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen"},
}

ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Only these hosts may be embedded; any other iframe is dropped whole.
EMBED_HOSTS = {
    "www.youtube.com",
    "youtube.com",
    "www.youtube-nocookie.com",
    "player.vimeo.com",
}


def _is_allowed_embed(src):
    parts = urlsplit(src.strip())
    return parts.scheme == "https" and parts.hostname in EMBED_HOSTS


def _filter_attribute(tag, attribute, value):
    """Drop iframes that point anywhere but the embed allow-list."""
    if tag == "iframe" and attribute == "src" and not _is_allowed_embed(value):
        return None
    return value


def sanitize_html(html):
    """Return ``html`` with only the allow-listed tags, attributes and URL schemes."""
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _IFRAME_WITHOUT_SRC.sub("", cleaned)


# nh3's output is well-formed, so a pattern is safe here: it removes the
# empty frame left behind when ``_filter_attribute`` refused its ``src``.
_IFRAME_WITHOUT_SRC = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL)
