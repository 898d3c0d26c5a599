"""WordPress shortcodes turned into the markup the portal's editor makes, or removed.

``[caption]`` becomes the image with its caption in italics below it,
``[embed]`` and ``[video]`` of YouTube or Vimeo become the editor's iframe
(``core.sanitizer.EMBED_HOSTS``), other media a plain link, ``[gallery]`` the
gallery's pictures one after another. Any other shortcode is a plugin's
(``[vc_row]``, ``[su_box]``, ``[contact-form-7 id=…]``): its tags are removed
and what it encloses is kept. Shortcodes nest (``[vc_column][caption]…``),
and ``[[tag]]`` is WordPress's escape for a literal ``[tag]``.

Bracketed prose must survive: ``[sic]``, ``[1]`` or ``[Redaktorun qeydi]`` are
text. A bracketed word is taken for a shortcode only when WordPress's own
shortcodes name it, when it is closed by ``[/name]``, when it has
``key=value`` attributes, or when its name has ``_`` or ``-`` as plugin
shortcodes do. (The ``shortcodes`` package on PyPI parses a different syntax,
``[% tag %]…[% endtag %]``, hence this small parser.)
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.utils.html import escape

OWN_SHORTCODES = {"caption", "wp_caption", "embed", "gallery", "video", "audio", "playlist"}
MAX_DEPTH = 20

_TAG = re.compile(r"\[(\[?)(/?)([A-Za-z][\w-]*)([^\[\]]*?)(/?)\](\]?)")
_CLOSING_NAME = re.compile(r"\[/([A-Za-z][\w-]*)\]")
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)"""
)
_CAPTIONED_IMAGE = re.compile(
    r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
_VIDEO_ID = re.compile(r"^[\w-]{6,20}$")


def parse_attributes(text):
    """``id="a" align='b' width=300 positional`` -> ``{"id": "a", …, 0: "positional"}``."""
    attributes, position = {}, 0
    for match in _ATTRIBUTE.finditer(text.strip().rstrip("/")):
        groups = match.groups()
        key_double, value_double, key_single, value_single, key_bare, value_bare = groups[:6]
        if key_double:
            attributes[key_double.lower()] = value_double
        elif key_single:
            attributes[key_single.lower()] = value_single
        elif key_bare:
            attributes[key_bare.lower()] = value_bare
        else:
            attributes[position] = next(group for group in groups[6:] if group is not None)
            position += 1
    return attributes


def expand(text, gallery=None, depth=0):
    """``text`` with every shortcode replaced (see the module docstring).

    ``gallery(attributes)`` returns the ``(url, alt)`` pairs of a ``[gallery]``'s
    pictures (the export's attachments); without it a gallery is removed.
    """
    out, position = [], 0
    # Only a name that is closed somewhere is looked for its closing tag: many
    # self-closing shortcodes in a long post must not each scan the rest of it.
    closed_names = {name.lower() for name in _CLOSING_NAME.findall(text)}
    while True:
        match = _TAG.search(text, position)
        if match is None:
            out.append(text[position:])
            return "".join(out)
        escaped_open, closing, name, raw_attributes, _, escaped_close = match.groups()
        lowered = name.lower()
        if escaped_open and escaped_close:  # [[tag]]: the literal text [tag]
            out.append(text[position : match.start()] + match.group(0)[1:-1])
            position = match.end()
            continue
        if escaped_open:  # a stray "[" before a tag: keep it as text
            out.append(text[position : match.start() + 1])
            position = match.start() + 1
            continue
        closable = not closing and lowered in closed_names
        end = _matching_close(text, lowered, match.end()) if closable else None
        if not _is_shortcode(lowered, raw_attributes, end is not None):
            out.append(text[position : match.end() - len(escaped_close)])
            position = match.end() - len(escaped_close)
            continue
        out.append(text[position : match.start()])
        if closing:  # a closing tag with no opening one: drop it
            position = match.end()
            continue
        inner = text[match.end() : end[0]] if end else None
        if depth < MAX_DEPTH:
            out.append(_render(lowered, parse_attributes(raw_attributes), inner, gallery, depth))
        else:  # nested past any real use: keep the text, drop every tag in it
            out.append(_TAG.sub("", inner or ""))
        position = end[1] if end else match.end()


def _is_shortcode(name, raw_attributes, closed):
    return name in OWN_SHORTCODES or closed or "=" in raw_attributes or "_" in name or "-" in name


def _matching_close(text, name, start):
    """``(start, end)`` of the ``[/name]`` closing the tag opened before ``start``."""
    depth = 1
    for match in _TAG.finditer(text, start):
        if match.group(3).lower() != name or match.group(1):
            continue
        if match.group(2):
            depth -= 1
            if depth == 0:
                return match.start(), match.end()
        elif not match.group(5):
            depth += 1
    return None


def _render(name, attributes, inner, gallery, depth):
    content = expand(inner, gallery, depth + 1) if inner is not None else ""
    if name in ("caption", "wp_caption"):
        return _caption(attributes, content)
    if name == "embed":
        return embed_html(content.strip() or attributes.get("src", ""))
    if name in ("video", "audio"):
        source = next(
            (
                attributes[key]
                for key in ("src", "mp4", "m4v", "webm", "ogv", "mp3", "ogg", "wav")
                if attributes.get(key)
            ),
            content.strip(),
        )
        return embed_html(source, label="Video" if name == "video" else "Audio")
    if name == "gallery":
        pictures = gallery(attributes) if gallery else []
        return "".join(
            f'<p><img src="{escape(url)}" alt="{escape(alt)}"></p>' for url, alt in pictures
        )
    if name == "playlist":
        return ""
    return content  # someone else's shortcode: keep what it encloses


def _caption(attributes, content):
    match = _CAPTIONED_IMAGE.match(content)
    if not match:
        return content
    image, caption = match.group(1), (attributes.get("caption") or match.group(2)).strip()
    if not caption:
        return f"<p>{image}</p>"
    return f"<p>{image}<br><em>{caption}</em></p>"


def video_embed_url(url):
    """The embeddable address of a YouTube or Vimeo video page, or None."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    video_id = None
    if host in _YOUTUBE_HOSTS:
        if host == "youtu.be" and segments:
            video_id = segments[0]
        elif segments[:1] in (["embed"], ["shorts"], ["v"], ["live"]) and len(segments) > 1:
            video_id = segments[1]
        else:
            video_id = (parse_qs(parts.query).get("v") or [None])[0]
        if video_id and _VIDEO_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    if host in _VIMEO_HOSTS and segments and segments[-1].isdigit():
        return f"https://player.vimeo.com/video/{segments[-1]}"
    return None


def embed_html(url, label=None):
    """An iframe for a YouTube or Vimeo address, a link for any other, nothing for none."""
    url = url.strip()
    if not url:
        return ""
    embed = video_embed_url(url)
    if embed:
        return (
            f'<p><iframe src="{escape(embed)}" width="640" height="360" '
            f'title="{escape(label or "Video")}" allowfullscreen></iframe></p>'
        )
    if urlsplit(url).scheme not in ("http", "https"):
        return ""
    return f'<p><a href="{escape(url)}">{escape(label or url)}</a></p>'


_LONE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.MULTILINE)


def auto_embed(text):
    """A YouTube or Vimeo address alone on its line is a video, as in WordPress's editor."""

    def replace(match):
        return embed_html(match.group(1)) if video_embed_url(match.group(1)) else match.group(0)

    return _LONE_URL.sub(replace, text)
