"""Photo galleries: ordered pictures on an article, each with its caption and credit.

A picture is stored like a lead image (``RenditionedImageField``: checked,
normalised, measured and rendered at 400/800/1200 px when saved), so the
article page prints the gallery from the rows alone, with no storage call.
"""

from django.core.exceptions import ValidationError
from django.db import models

from core.image_fields import RenditionedImageField


class ArticlePhoto(models.Model):
    """One picture of an article's gallery; ``position`` orders them, then upload order."""

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name="məqalə",
    )
    image = RenditionedImageField(
        "şəkil",
        upload_to="galleries/%Y/%m/",
        size_fields=("image_width", "image_height"),
        renditions_field="image_renditions",
    )
    image_width = models.PositiveIntegerField("şəklin eni", null=True, editable=False)
    image_height = models.PositiveIntegerField("şəklin hündürlüyü", null=True, editable=False)
    image_renditions = models.JSONField("şəklin ölçüləri", default=dict, blank=True, editable=False)
    alt = models.CharField(
        "alternativ mətn",
        max_length=250,
        help_text="Şəkli görməyən oxucu üçün təsvir.",
    )
    caption = models.CharField("izah", max_length=300, blank=True)
    credit = models.CharField("müəllif", max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(
        "sıra", default=0, help_text="Kiçik rəqəm qalereyada əvvəl gəlir."
    )

    class Meta:
        verbose_name = "qalereya şəkli"
        verbose_name_plural = "qalereya şəkilləri"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.caption or self.alt

    def clean(self):
        if not self.alt.strip():
            raise ValidationError({"alt": "Şəkil üçün alternativ mətn yazın."})

    @property
    def image_size(self):
        """``(width, height)`` as recorded when saved, or None."""
        if not (self.image_width and self.image_height):
            return None
        return self.image_width, self.image_height
