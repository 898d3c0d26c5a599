"""Experts: the people whose signature closes an analysis."""

from django.db import models
from django.urls import reverse

from senzor.azerbaijani import az_slugify
from senzor.images import normalise_field_file, validate_image_upload
from senzor.slugs import unique_slug


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
    photo = models.ImageField(
        "foto",
        upload_to="experts/%Y/%m/",
        blank=True,
        validators=[validate_image_upload],
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
        if not self.slug:
            self.slug = unique_slug(self, az_slugify(self.full_name), fallback="ekspert")
        normalise_field_file(self.photo)
        renamed = self.pk is not None and self._stored_full_name() != self.full_name
        super().save(*args, **kwargs)
        if renamed:
            self._refresh_article_search_documents()

    def get_absolute_url(self):
        return reverse("experts:detail", kwargs={"slug": self.slug})

    def _stored_full_name(self):
        return type(self).objects.filter(pk=self.pk).values_list("full_name", flat=True).first()

    def _refresh_article_search_documents(self):
        """Articles are found by their expert's name: after a rename, store the new
        name in their search text, in one bulk update (one cache invalidation)."""
        articles = list(self.articles.all())
        for article in articles:
            article.expert = self
            article.search_document = article.build_search_document()
        self.articles.model.objects.bulk_update(articles, ["search_document"], batch_size=500)
