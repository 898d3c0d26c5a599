"""Topic tags (teqlər) on articles, with django-taggit and Azerbaijani slugs.

taggit keeps the tag list and parses what an editor types ("Cənubi Qafqaz,
Bakı"); the project's own ``Tag`` model gives every tag an ASCII slug built by
``core.azerbaijani.az_slugify`` ("Cənubi Qafqaz" → ``cenubi-qafqaz``) where
taggit's default would keep ``ə`` or drop letters, and ``TaggedArticle`` joins
tags to articles with a real foreign key, so "Oxşar xəbərlər" and a tag's page
are plain joins (no generic relation).

Two spellings that fold to the same slug ("cənubi qafqaz", "CƏNUBİ QAFQAZ")
are one tag: ``canonical_tag_names`` maps what an editor typed to the names
already in use.
"""

from django.db import models
from django.urls import reverse
from taggit.models import TagBase, TaggedItemBase

from core.azerbaijani import az_slugify

TAG_SLUG_FALLBACK = "teq"


def tag_slug(name, number=None):
    """The slug of a tag called ``name``; ``number`` 2, 3… tells it from an earlier one."""
    base = az_slugify(name) or TAG_SLUG_FALLBACK
    if number is None:
        return base[:100]
    suffix = f"-{number}"
    return base[: 100 - len(suffix)].rstrip("-") + suffix


class Tag(TagBase):
    """A topic that articles share ("Cənubi Qafqaz", "Neft"); each has a public page."""

    name = models.CharField("ad", unique=True, max_length=100)
    slug = models.SlugField(
        "URL adı",
        unique=True,
        max_length=100,
        help_text="Addan avtomatik düzəldilir: teq səhifəsinin ünvanı /teq/<URL adı>/.",
    )

    class Meta:
        verbose_name = "teq"
        verbose_name_plural = "teqlər"
        ordering = ["name"]

    def slugify(self, tag, i=None):
        """taggit asks with ``i`` = 1, 2… when the slug is taken: give ``-2``, ``-3``…"""
        return tag_slug(tag, None if i is None else i + 1)

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    """One tag on one article."""

    content_object = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="tagged_items",
        verbose_name="məqalə",
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="tagged_articles", verbose_name="teq"
    )

    class Meta:
        verbose_name = "məqalənin teqi"
        verbose_name_plural = "məqalələrin teqləri"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="article_tag_once")
        ]
        # A tag's newest articles without sorting all of them ("Oxşar xəbərlər",
        # ``ArticleQuerySet.related_to``).
        indexes = [models.Index(fields=["tag", "-content_object"], name="tagged_article_newest")]


def canonical_tag_names(names):
    """``names`` with each replaced by the existing tag of the same slug, duplicates dropped.

    One query. "cənubi qafqaz" becomes "Cənubi Qafqaz" when that tag exists,
    so the article joins it instead of making a second tag with slug ``-2``.
    """
    wanted = {}
    for name in names:
        name = " ".join(name.split())
        if name:
            wanted.setdefault(tag_slug(name), name)
    existing = dict(Tag.objects.filter(slug__in=wanted).values_list("slug", "name"))
    return [existing.get(slug, name) for slug, name in wanted.items()]
