"""Resized copies ("renditions") of uploaded images, for ``srcset`` and social cards.

An image is offered at 400, 800 and 1200 px wide (never wider than the
original), as WebP and as JPEG. The renditions are made once, when the image
is stored (``core.image_fields.RenditionedImageField``), and recorded on the
model row beside it as a small JSON object::

    {"source": "articles/2026/11/bulvar.jpg",
     "files": {"webp": {"400": ["renditions/…-400w.webp", 10412], …}, "jpeg": {…}}}

A page then builds every URL from that record alone: no storage call (no
``exists()``, no reading the original's width), whatever the storage, which
matters once media lives on S3, where each call is an HTTP request. The name
carries a fingerprint of the original's name and size, so a new upload that
reuses a deleted file's name never gets the old picture.

Nothing here raises on a broken original: an image whose renditions could
not be made has an empty record, and its pages fall back to the original's URL.
"""

import hashlib
import io
import logging
import posixpath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from .images import without_metadata

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (400, 800, 1200)
RENDITION_DIR = "renditions"

# Pillow format name, file extension and encoder options for each output.
_FORMATS = {
    "jpeg": ("JPEG", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
    "webp": ("WEBP", "webp", {"quality": 80, "method": 4}),
}

UNREADABLE = (OSError, SyntaxError, ValueError, Image.DecompressionBombError)


def _format(image_format):
    try:
        return _FORMATS[image_format.lower()]
    except KeyError:
        raise ValueError(
            f"Unknown rendition format {image_format!r}; use one of {sorted(_FORMATS)}."
        ) from None


def rendition_name(source_name, source_size, width, image_format="jpeg"):
    """The storage name of the original ``source_name`` resized to ``width``."""
    _, extension, _ = _format(image_format)
    stem = posixpath.splitext(source_name)[0]
    fingerprint = hashlib.sha1(f"{source_name}:{source_size}".encode()).hexdigest()[:8]
    return f"{RENDITION_DIR}/{stem}-{fingerprint}-{width}w.{extension}"


def offered_widths(original_width):
    """The rendition widths worth making: no upscaling past the original's width.

    The smallest width is always offered, so a small original still gets one entry.
    """
    widths = [width for width in RENDITION_WIDTHS if width <= original_width]
    return widths or [RENDITION_WIDTHS[0]]


def _resized(original, width):
    """``original`` (a Pillow image, upright) at ``width`` (never wider): a new image,
    whose metadata the encoders may strip while the original keeps its own."""
    if original.width <= width:
        return original.copy()
    height = max(1, round(original.height * width / original.width))
    return original.resize((width, height), Image.Resampling.LANCZOS)


def _encode(image, image_format):
    """``image`` encoded in ``image_format``, without its metadata."""
    pil_format, _, options = _format(image_format)
    if pil_format == "JPEG" and image.mode != "RGB":
        image = _flatten_on_white(image)
    buffer = io.BytesIO()
    without_metadata(image).save(buffer, format=pil_format, **options)
    return buffer.getvalue()


def _flatten_on_white(image):
    """JPEG has no transparency: put a transparent PNG on a white page."""
    image = image.convert("RGBA")
    page = Image.new("RGB", image.size, (255, 255, 255))
    page.paste(image, mask=image.getchannel("A"))
    return page


def make_renditions(field_file):
    """Make every rendition of a stored image; returns ``(record, (width, height))``.

    Reads the original once and writes each width in each format. An original
    that cannot be read gives an empty record and no size (logged, not raised):
    the editor's save must not fail because of a damaged file already stored.
    """
    storage = field_file.storage
    record = {"source": field_file.name, "files": {}}
    try:
        size = field_file.size
        field_file.open("rb")
        try:
            with Image.open(field_file) as opened:
                original = ImageOps.exif_transpose(opened)
                original.load()
        finally:
            field_file.close()
        made = {image_format: {} for image_format in _FORMATS}
        # Each width is resized once and encoded in every format: the resize
        # (Lanczos) costs about as much as an encoding.
        for width in offered_widths(original.width):
            resized = _resized(original, width)
            for image_format in _FORMATS:
                data = _encode(resized, image_format)
                name = rendition_name(field_file.name, size, width, image_format)
                if storage.exists(name):  # an earlier save of the same file made it
                    storage.delete(name)
                made[image_format][str(width)] = [storage.save(name, ContentFile(data)), len(data)]
        record["files"] = made
    except UNREADABLE:
        logger.warning("No renditions of %s: the original cannot be read", field_file.name)
        return {"source": field_file.name, "files": {}}, None
    return record, (original.width, original.height)


def delete_renditions(storage, record):
    """Remove the files of a rendition ``record`` (an image was replaced or deleted)."""
    for by_width in (record or {}).get("files", {}).values():
        for name, _ in by_width.values():
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Rendition %s could not be deleted", name)


# --- Reading a record: no storage I/O below this line ------------------------


def _recorded(field_file, image_format):
    """``{width: (name, bytes)}`` of ``field_file`` in ``image_format``, from its record."""
    if not field_file:
        return {}
    _format(image_format)
    record = field_file.field.renditions_of(field_file.instance)
    if record.get("source") != field_file.name:
        return {}
    files = record.get("files", {}).get(image_format.lower(), {})
    return {int(width): tuple(entry) for width, entry in files.items()}


def _closest(recorded, width):
    """The recorded width nearest ``width`` from below (else the smallest), or None."""
    if not recorded:
        return None
    below = [candidate for candidate in recorded if candidate <= width]
    return max(below) if below else min(recorded)


def rendition_url(field_file, width, image_format="jpeg"):
    """The URL of ``field_file`` at ``width`` px wide (or the nearest made below it).

    ``image_format`` is ``"jpeg"`` or ``"webp"``. An empty field gives ``""``;
    an image without renditions gives the original's URL.
    """
    if not field_file:
        return ""
    recorded = _recorded(field_file, image_format)
    chosen = _closest(recorded, width)
    if chosen is None:
        return field_file.url
    return field_file.storage.url(recorded[chosen][0])


def rendition_bytes(field_file, width, image_format="jpeg"):
    """The size in bytes of ``rendition_url(field_file, width, image_format)``'s file, or 0."""
    recorded = _recorded(field_file, image_format)
    chosen = _closest(recorded, width)
    return recorded[chosen][1] if chosen is not None else 0


def srcset(field_file, image_format="jpeg"):
    """A ``srcset`` value: ``"…-400w.jpg 400w, …-800w.jpg 800w, …"``, or ``""``."""
    recorded = _recorded(field_file, image_format)
    storage = field_file.storage if field_file else None
    return ", ".join(
        f"{storage.url(name)} {width}w" for width, (name, _) in sorted(recorded.items())
    )
