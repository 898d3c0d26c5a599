"""Experts: the people whose signature closes an analysis."""

from django.db import models
from django.urls import reverse

from core.azerbaijani import az_slugify
from core.image_fields import RenditionedImageField
from core.slugs import unique_slug

from .signals import expert_renamed


class Expert(models.Model):
    """An expert byline, printed as at the end of the portal's articles.

    The signature line is stored exactly as printed ("Beynəlxalq Münasibətlər
    və Diplomatiya Araşdırmaları Mərkəzinin eksperti"): Azerbaijani genitive
    forms are irregular, so it is not composed from a position and an
    organisation.
    """

    full_name = models.CharField("ad və soyad", max_length=150)
    slug = models.SlugField(
        "URL adı",
        max_length=160,
        unique=True,
        blank=True,
        help_text="Boş qalsa, addan avtomatik düzəldilir.",
    )
    signature = models.CharField(
        "imza sətri",
        max_length=300,
        help_text="Məqalənin sonunda adın altında yazıldığı kimi: vəzifə və təşkilat.",
    )
    photo = RenditionedImageField(
        "foto",
        upload_to="experts/%Y/%m/",
        blank=True,
        size_fields=("photo_width", "photo_height"),
        renditions_field="photo_renditions",
    )
    photo_width = models.PositiveIntegerField("fotonun eni", null=True, editable=False)
    photo_height = models.PositiveIntegerField("fotonun hündürlüyü", null=True, editable=False)
    photo_renditions = models.JSONField(
        "fotonun ölçüləri", default=dict, blank=True, editable=False
    )
    bio = models.TextField("bioqrafiya", blank=True)
    created_at = models.DateTimeField("yaradılıb", auto_now_add=True)
    updated_at = models.DateTimeField("yenilənib", auto_now=True)

    class Meta:
        verbose_name = "ekspert"
        verbose_name_plural = "ekspertlər"
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        """Derive the slug, save, and say so when the name changed (``expert_renamed``)."""
        if not self.slug:
            self.slug = unique_slug(self, az_slugify(self.full_name), fallback="ekspert")
        renamed = self.pk is not None and self._stored_full_name() != self.full_name
        super().save(*args, **kwargs)
        if renamed:
            expert_renamed.send(sender=type(self), instance=self)

    def get_absolute_url(self):
        return reverse("experts:detail", kwargs={"slug": self.slug})

    def _stored_full_name(self):
        return type(self).objects.filter(pk=self.pk).values_list("full_name", flat=True).first()
