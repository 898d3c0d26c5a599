"""Image files as an editor's browser would upload them."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_upload(name="lead.png", size=(1600, 900), colour=(30, 90, 160)):
    """A real PNG picture of ``size``, ready for an ImageField or a form post."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def jpeg_upload(name="foto.jpg", size=(4000, 3000), colour=(120, 60, 30)):
    """A real JPEG photo of ``size``, as a phone camera sends one."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG", quality=90)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
