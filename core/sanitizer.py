"""Server-side sanitising of article bodies with nh3 (the Rust ``ammonia`` sanitiser).

The allow-list is exactly what the admin editor's toolbar produces (see
``CKEDITOR_CONFIGS`` in settings): paragraphs, headings, lists, links, bold
and italic, block quotes, images, tables, and iframes from a short list of
video hosts. Everything else (scripts, event handlers, ``style``,
``javascript:`` and ``data:`` URLs, unknown tags) is removed before a body is
stored, so the browser-side editor is never trusted.

The editor is given the same list as its "allowed content"
(``editor_allowed_content``), so CKEditor itself drops what the server would:
what an editor sees in the editor is what is stored and what readers get.
"""

import re
from urllib.parse import urlsplit

import nh3

# What each toolbar button of the editor (settings.CKEDITOR_CONFIGS) produces.
TOOLBAR_OUTPUT = {
    "Format": {"p", "h2", "h3", "h4"},
    "Bold": {"strong"},
    "Italic": {"em"},
    "NumberedList": {"ol", "li"},
    "BulletedList": {"ul", "li"},
    "Blockquote": {"blockquote"},
    "Link": {"a"},
    "Unlink": set(),
    "Image": {"img"},
    "Table": {"table", "caption", "thead", "tbody", "tr", "th", "td"},
    "HorizontalRule": {"hr"},
    "Iframe": {"iframe"},
    "RemoveFormat": set(),
    "Source": set(),
}

# The toolbar's output plus the line break (Shift+Enter), and nothing else.
ALLOWED_TAGS = set().union(*TOOLBAR_OUTPUT.values()) | {"br"}

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
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


def editor_allowed_content():
    """The allow-list in CKEditor 4's "allowed content" syntax, for ``CKEDITOR_CONFIGS``.

    ``"blockquote br … ul; a[href,title]; img[alt,height,src,width]; …"``: the
    editor's own filter then keeps exactly what ``sanitize_html`` keeps.
    """
    plain = " ".join(sorted(ALLOWED_TAGS - ALLOWED_ATTRIBUTES.keys()))
    with_attributes = [
        f"{tag}[{','.join(sorted(attributes))}]"
        for tag, attributes in sorted(ALLOWED_ATTRIBUTES.items())
    ]
    return "; ".join([plain, *with_attributes])


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
