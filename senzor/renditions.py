"""Resized copies ("renditions") of uploaded images, for ``srcset`` and social cards.

A page asks for an image at 400, 800 or 1200 px wide, as WebP or JPEG. The
first request makes the file in media storage, next to nothing else, under
``renditions/``; every later request finds it there and only builds its URL.
The name carries a fingerprint of the original's name and size, so a new
upload that happens to reuse a deleted file's name never gets the old picture.

Nothing here raises on a broken original: a page with a missing or damaged
image file falls back to the original's URL instead of failing with a 500.
"""

import hashlib
import io
import logging
import posixpath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (400, 800, 1200)
RENDITION_DIR = "renditions"

# Pillow format name, file extension and encoder options for each output.
_FORMATS = {
    "jpeg": ("JPEG", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
    "webp": ("WEBP", "webp", {"quality": 80, "method": 4}),
}


def _format(image_format):
    try:
        return _FORMATS[image_format.lower()]
    except KeyError:
        raise ValueError(
            f"Unknown rendition format {image_format!r}; use one of {sorted(_FORMATS)}."
        ) from None


def rendition_name(field_file, width, image_format="jpeg"):
    """The storage name of ``field_file`` resized to ``width``, e.g. for a cleanup job."""
    _, extension, _ = _format(image_format)
    stem = posixpath.splitext(field_file.name)[0]
    fingerprint = hashlib.sha1(f"{field_file.name}:{field_file.size}".encode()).hexdigest()[:8]
    return f"{RENDITION_DIR}/{stem}-{fingerprint}-{width}w.{extension}"


def _render(field_file, width, image_format):
    """Encode the original at ``width`` (never wider than it is) in ``image_format``."""
    pil_format, _, options = _format(image_format)
    field_file.open("rb")
    try:
        with Image.open(field_file) as original:
            image = ImageOps.exif_transpose(original)
            if image.width > width:
                height = max(1, round(image.height * width / image.width))
                image = image.resize((width, height), Image.Resampling.LANCZOS)
            if pil_format == "JPEG" and image.mode != "RGB":
                image = _flatten_on_white(image)
            buffer = io.BytesIO()
            image.save(buffer, format=pil_format, **options)
    finally:
        field_file.close()
    return buffer.getvalue()


def _flatten_on_white(image):
    """JPEG has no transparency: put a transparent PNG on a white page."""
    image = image.convert("RGBA")
    page = Image.new("RGB", image.size, (255, 255, 255))
    page.paste(image, mask=image.getchannel("A"))
    return page


def rendition_url(field_file, width, image_format="jpeg"):
    """The URL of ``field_file`` at ``width`` px wide, made once and then reused.

    ``image_format`` is ``"jpeg"`` or ``"webp"``. An empty field gives ``""``;
    an original that cannot be read gives the original's URL.
    """
    if not field_file:
        return ""
    try:
        name = rendition_name(field_file, width, image_format)
        storage = field_file.storage
        if not storage.exists(name):
            name = storage.save(name, ContentFile(_render(field_file, width, image_format)))
        return storage.url(name)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        logger.warning("No %s rendition of %s at %spx", image_format, field_file.name, width)
        return field_file.url


def available_widths(field_file):
    """The rendition widths worth offering: no upscaling past the original's width.

    The smallest width is always offered, so a small original still gets one entry.
    """
    try:
        original_width = field_file.width
    except (OSError, SyntaxError, ValueError):
        original_width = 0
    widths = [width for width in RENDITION_WIDTHS if width <= original_width]
    return widths or [RENDITION_WIDTHS[0]]


def prepare_renditions(field_file):
    """Make every rendition ``srcset`` will ask for (each width, WebP and JPEG) now.

    Called when an image is uploaded, so the first reader of a page does not
    wait for them; ``rendition_url`` would make any that are missing anyway.
    """
    for image_format in _FORMATS:
        srcset(field_file, image_format)


def srcset(field_file, image_format="jpeg"):
    """A ``srcset`` value: ``"…-400w.jpg 400w, …-800w.jpg 800w, …"``, or ``""`` without image."""
    if not field_file:
        return ""
    return ", ".join(
        f"{rendition_url(field_file, width, image_format)} {width}w"
        for width in available_widths(field_file)
    )
