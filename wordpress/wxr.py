"""Reading a WordPress export (WXR 1.0, 1.1, 1.2) as a stream of items.

The file is parsed by defusedxml over the standard library's expat, with
DTDs refused outright: a WordPress export never declares one, and refusing
them stops entity expansion ("billion laughs") and external entities
(``file:///etc/passwd``, network fetches) before any text is read. Each
``<item>`` is turned into a plain ``Item`` and then removed from the tree,
so memory stays the same however many posts the file holds.

Element names are read by their namespace, not by the prefix a file happens
to use: ``wp`` is ``http://wordpress.org/export/1.N/`` in every WXR version.
"""

import html
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")

_NAMESPACES = [
    (re.compile(r"^http://wordpress\.org/export/\d+\.\d+/excerpt/$"), "excerpt"),
    (re.compile(r"^http://wordpress\.org/export/\d+\.\d+/$"), "wp"),
    (re.compile(r"^http://purl\.org/rss/1\.0/modules/content/$"), "content"),
    (re.compile(r"^http://purl\.org/dc/elements/1\.1/$"), "dc"),
]
# Post meta the import reads; the rest (plugin settings, edit locks) is dropped
# as soon as it is parsed.
KEPT_META = {
    "_thumbnail_id",
    "_wp_attached_file",
    "_wp_attachment_image_alt",
    "_yoast_wpseo_primary_category",
}


class WXRError(ValueError):
    """The file cannot be read as a WordPress export; the message says why, in Azerbaijani."""


@dataclass
class Channel:
    """What the export says about the site it came from."""

    site_url: str = ""
    version: str = ""
    title: str = ""
    authors: dict = field(default_factory=dict)  # login -> display name
    categories: dict = field(default_factory=dict)  # nicename -> name


@dataclass
class Item:
    """One ``<item>``: a post, page, attachment, menu item or other post type."""

    post_id: int
    post_type: str = ""
    status: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    creator: str = ""
    parent_id: int = 0
    menu_order: int = 0
    attachment_url: str = ""
    categories: list = field(default_factory=list)  # [(nicename, name)]
    tags: list = field(default_factory=list)  # [(slug, name)]
    meta: dict = field(default_factory=dict)
    comments: int = 0

    @property
    def label(self):
        """How messages name the item: its id and title."""
        title = self.title or "(başlıqsız)"
        return f"#{self.post_id} “{title}”"


def _local_name(tag):
    """``{http://wordpress.org/export/1.2/}post_id`` -> ``wp:post_id``."""
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    for pattern, prefix in _NAMESPACES:
        if pattern.match(namespace):
            return f"{prefix}:{local}"
    return f"{{{namespace}}}{local}"


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def _int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


def _plain(text):
    """Titles and names: entities decoded, surrounding space dropped."""
    return html.unescape(text or "").strip()


def _read_channel(channel):
    info, urls = Channel(), {}
    for child in channel:
        name = _local_name(child.tag)
        if name == "wp:wxr_version":
            info.version = _text(child)
        elif name in ("wp:base_blog_url", "wp:base_site_url", "link"):
            # The blog's own address first: on a multisite network the site URL is the network's.
            urls[name] = _text(child)
        elif name == "title":
            info.title = _plain(child.text)
        elif name == "wp:author":
            fields = {_local_name(part.tag): (part.text or "") for part in child}
            login = fields.get("wp:author_login", "").strip()
            if login:
                info.authors[login] = _plain(fields.get("wp:author_display_name")) or login
        elif name == "wp:category":
            fields = {_local_name(part.tag): (part.text or "") for part in child}
            nicename = fields.get("wp:category_nicename", "").strip()
            if nicename:
                info.categories[nicename] = _plain(fields.get("wp:cat_name")) or nicename
    info.site_url = next(
        (urls[name] for name in ("wp:base_blog_url", "wp:base_site_url", "link") if urls.get(name)),
        "",
    )
    return info


def _read_item(element):
    item = Item(post_id=0)
    for child in element:
        name = _local_name(child.tag)
        if name == "title":
            item.title = _plain(child.text)
        elif name == "link":
            item.link = _text(child)
        elif name == "guid":
            item.guid = _text(child)
        elif name == "content:encoded":
            item.content = child.text or ""
        elif name == "excerpt:encoded":
            item.excerpt = child.text or ""
        elif name == "dc:creator":
            item.creator = _text(child)
        elif name == "wp:post_id":
            item.post_id = _int(_text(child))
        elif name == "wp:post_type":
            item.post_type = _text(child)
        elif name == "wp:status":
            item.status = _text(child)
        elif name == "wp:post_name":
            item.post_name = _text(child)
        elif name == "wp:post_date":
            item.post_date = _text(child)
        elif name == "wp:post_date_gmt":
            item.post_date_gmt = _text(child)
        elif name == "wp:post_parent":
            item.parent_id = _int(_text(child))
        elif name == "wp:menu_order":
            item.menu_order = _int(_text(child))
        elif name == "wp:attachment_url":
            item.attachment_url = _text(child)
        elif name == "category":
            _read_term(item, child)
        elif name == "wp:postmeta":
            fields = {_local_name(part.tag): (part.text or "") for part in child}
            key = fields.get("wp:meta_key", "").strip()
            if key in KEPT_META:
                item.meta[key] = fields.get("wp:meta_value", "").strip()
        elif name == "wp:comment":
            item.comments += 1
    return item


def _read_term(item, element):
    """``<category domain="category|post_tag|tag" nicename="…">Name</category>``.

    WXR 1.0 also lists each category once more without ``domain`` or
    ``nicename``; such a bare entry gives way to the full one of the same name.
    """
    name = _plain(element.text)
    domain = element.get("domain", "category")
    nicename = (element.get("nicename") or "").strip()
    if domain in ("post_tag", "tag"):
        terms = item.tags
    elif domain == "category":
        terms = item.categories
    else:
        return
    if not (name or nicename):
        return
    for index, (known_nicename, known_name) in enumerate(terms):
        if known_name == name and (known_nicename == nicename or not nicename):
            return
        if known_name == name and not known_nicename:
            terms[index] = (nicename, name)
            return
    terms.append((nicename, name))


class WXRFile:
    """A WXR file on disk, read item by item (``items()``), as often as needed.

    ``channel`` is filled when the first item (or the end of the file) is
    reached. Problems with the file as a whole raise ``WXRError``.
    """

    def __init__(self, path):
        self.path = path
        self.channel = None

    def items(self):
        try:
            yield from self._items()
        except DefusedXmlException as error:
            raise WXRError(
                "Fayl DTD və ya entity elan edir (“billion laughs”, xarici fayl oxuma kimi "
                "XML hücumlarında işlənir); WordPress ixracında bunlar olmur. "
                f"Heç nə idxal olunmadı. ({type(error).__name__})"
            ) from error
        except ParseError as error:
            line, column = error.position
            raise WXRError(
                f"Fayl düzgün XML deyil (sətir {line}, sütun {column}): {error}. "
                "Heç nə idxal olunmadı."
            ) from error
        except OSError as error:
            raise WXRError(f"Faylı oxumaq olmur: {self.path} ({error.strerror}).") from error

    def _items(self):
        root = channel = None
        for event, element in iterparse(str(self.path), events=("start", "end"), forbid_dtd=True):
            if event == "start":
                if root is None:
                    root = element
                    if _local_name(element.tag) != "rss":
                        raise WXRError(_not_wxr(f"kök elementi <{_local_name(element.tag)}>"))
                elif channel is None and element.tag == "channel":
                    channel = element
                elif element.tag == "item" and self.channel is None:
                    self.channel = self._checked_channel(channel)
                    channel.clear()  # the header is read; keep nothing of it in the tree
                continue
            if element.tag == "item" and channel is not None:
                yield _read_item(element)
                element.clear()
                channel.clear()
        if channel is None:
            raise WXRError(_not_wxr("<channel> elementi yoxdur"))
        if self.channel is None:
            self.channel = self._checked_channel(channel)

    def _checked_channel(self, channel):
        if channel is None:
            raise WXRError(_not_wxr("<item> <channel> xaricindədir"))
        info = _read_channel(channel)
        if not info.version:
            raise WXRError(_not_wxr("<wp:wxr_version> yoxdur"))
        if info.version not in SUPPORTED_VERSIONS:
            raise WXRError(
                f"WXR {info.version} versiyası tanınmır: yalnız "
                f"{', '.join(SUPPORTED_VERSIONS)} oxunur."
            )
        return info


def _not_wxr(detail):
    return (
        f"Fayl WordPress ixracı (WXR) deyil: {detail}. WordPress-də "
        "“Alətlər → İxrac” ilə alınan XML faylını verin."
    )
