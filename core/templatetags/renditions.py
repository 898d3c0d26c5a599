"""Template tags for resized images: ``{% rendition_url image 800 "webp" %}`` and ``srcset``.

They wrap ``core.renditions`` so templates stay free of logic: a template
names the image and the format; the URLs come from the renditions recorded
beside the image, with no storage call.
"""

from django import template

from core import renditions

register = template.Library()


@register.simple_tag
def rendition_url(field_file, width, image_format="jpeg"):
    """URL of ``field_file`` at ``width`` px wide (``"jpeg"`` or ``"webp"``)."""
    return renditions.rendition_url(field_file, int(width), image_format)


@register.simple_tag
def srcset(field_file, image_format="jpeg"):
    """The ``srcset`` attribute value for ``field_file`` in ``image_format``."""
    return renditions.srcset(field_file, image_format)
