"""Uploaded images: what is accepted, and how it is normalised before storage.

Lead images and expert photos come from editors' cameras and phones. They are
checked to be real JPEG/PNG/WebP pictures of sane size (a decompression bomb
or a renamed HTML file is refused with a form error), turned upright by their
EXIF orientation, shrunk to a sensible master size and re-encoded, which also
drops EXIF and GPS metadata before anything is written to media storage.
"""

import contextlib
import io
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
# The stored master's width: more than the widest rendition (1200 px) needs,
# and half a phone's 4000 px, which a JPEG decoder produces directly, at a
# quarter of the cost of decoding at full size and resizing
# (``Image.draft``; bench/publish.py).
MASTER_MAX_WIDTH = 2000
ORIENTATION = 0x0112  # the EXIF tag that says how a camera was held


def _open_verified(uploaded):
    """Open ``uploaded`` with Pillow and fully decode it, or raise ValidationError.

    The form field, the model field's validator and the normalising step all
    ask for the same upload in one request; the picture is decoded once and
    kept on the upload (a phone photo takes a third of a second to decode).
    """
    upload = uploaded.file if isinstance(uploaded, FieldFile) else uploaded
    decoded = getattr(upload, "_senzor_decoded", None)
    if decoded is not None:
        return decoded
    image = _decode(uploaded)
    with contextlib.suppress(AttributeError):  # a plain file object: decoded again
        upload._senzor_decoded = image
    return image


def _decode(uploaded):
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(uploaded)
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    "Yalnız JPEG, PNG və WebP şəkilləri qəbul olunur.", code="image_format"
                )
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    "Şəkil çox böyükdür: ən çoxu 40 meqapiksel ola bilər.", code="image_pixels"
                )
            if image.format == "JPEG" and image.width > MASTER_MAX_WIDTH:
                # Decode at 1/2, 1/4 or 1/8 scale, still at least the master's
                # width; every byte of the file is still read and checked.
                height = round(image.height * MASTER_MAX_WIDTH / image.width)
                image.draft(image.mode, (MASTER_MAX_WIDTH, height))
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ValidationError(
            "Şəkil çox böyükdür: ən çoxu 40 meqapiksel ola bilər.", code="image_pixels"
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "Fayl şəkil deyil və ya zədələnib. JPEG, PNG və ya WebP yükləyin.", code="image_invalid"
        ) from error
    finally:
        uploaded.seek(0)
    return image


def validate_image_upload(uploaded):
    """Model-field validator: a real JPEG/PNG/WebP, at most 20 MB and 40 megapixels."""
    if uploaded is None:
        return
    if getattr(uploaded, "size", 0) > MAX_UPLOAD_BYTES:
        raise ValidationError("Şəkil faylı ən çoxu 20 MB ola bilər.", code="image_size")
    if getattr(uploaded, "_committed", False):
        return  # Already in storage: checked when it was uploaded.
    _open_verified(uploaded)


# What a re-encoded image keeps of its source's metadata: the transparent colour
# of a palette PNG. Pillow writes a JPEG's comment (and, in recent releases, its
# XMP) back by default when it is left in ``info``.
_KEPT_INFO = ("transparency",)
# The longest name a stored file may have: its folder and a storage suffix must
# still fit in the 255 bytes most file systems allow.
MAX_NAME_BYTES = 100


def without_metadata(image):
    """``image`` with nothing in its ``info`` that Pillow would write into the file
    (comments, XMP, EXIF, ICC profiles): none is needed to show the picture."""
    image.info = {key: image.info[key] for key in _KEPT_INFO if key in image.info}
    return image


def short_stem(name, fallback="sekil"):
    """The file name's stem, cut to ``MAX_NAME_BYTES`` bytes of UTF-8 (200 Azerbaijani
    letters are 400 bytes: too long for the disk)."""
    stem = (name or fallback).rsplit("/", 1)[-1].rsplit(".", 1)[0] or fallback
    return stem.encode()[:MAX_NAME_BYTES].decode(errors="ignore") or fallback


def normalise_upload(uploaded):
    """Return a clean re-encoded copy of ``uploaded``: upright, no metadata, capped width.

    Re-encoding is what strips EXIF (including GPS) and anything smuggled after
    the image data; the copy keeps the original format.
    """
    image = _open_verified(uploaded)
    source_format = image.format
    if image.getexif().get(ORIENTATION, 1) != 1:
        image = ImageOps.exif_transpose(image)
    if image.width > MASTER_MAX_WIDTH:
        # Bicubic, as Pillow's own thumbnails: the master is never shown at full
        # size (pages use the renditions), and Lanczos costs half as much again.
        height = round(image.height * MASTER_MAX_WIDTH / image.width)
        image = image.resize((MASTER_MAX_WIDTH, height), Image.Resampling.BICUBIC)
    if source_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    save_options = {"quality": 88} if source_format != "PNG" else {}
    without_metadata(image).save(buffer, format=source_format, **save_options)
    return SimpleUploadedFile(
        f"{short_stem(uploaded.name)}.{ALLOWED_FORMATS[source_format]}",
        buffer.getvalue(),
        content_type=Image.MIME[source_format],
    )


def normalise_field_file(field_file):
    """Replace a freshly uploaded, not yet stored image with its normalised copy.

    Called from model ``save()`` so every path that stores an image (admin,
    import, demo content) stores the clean copy and never the original bytes.
    """
    if not field_file or field_file._committed:
        return
    clean = normalise_upload(field_file.file)
    field_file.save(clean.name, clean, save=False)


class CheckedImageFormField(forms.ImageField):
    """The admin's image upload field: this module's checks first, with their own messages.

    Django's ``forms.ImageField`` already refuses what Pillow cannot open, but
    with one message for every case; running ``validate_image_upload`` first
    tells the editor what is wrong ("at most 20 MB", "at most 40 megapixels",
    "only JPEG, PNG and WebP"). Use it through ``formfield_overrides``.
    """

    def to_python(self, data):
        if data not in self.empty_values and getattr(data, "size", 0):
            validate_image_upload(data)
        return super().to_python(data)
