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

Each ``TaggedArticle`` row keeps a copy of its article's ``public_from`` (the
publication time of a published article, else nothing), so that a tag's page
walks the tag's own index in publication order and reads only the rows it
shows, however many articles carry the tag (docs/performance.md, "Tag pages").
The copy is written wherever it can change: a row derives it when it is
saved or created in bulk (taggit's ``tags.add``/``set`` save each row), an
article's save copies it to its rows (``articles.receivers``), and
``ArticleQuerySet.update`` to the rows of the articles it updated.
"""

import reversion
from django.db import connections, models
from django.db.models import Count, Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
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


class TaggedArticleQuerySet(models.QuerySet):
    def public(self, now=None):
        """Rows of articles a reader may see now, by the row's copy of ``public_from``:
        ``visible_to_readers`` without reading the article."""
        return self.filter(public_from__lte=now or timezone.now())

    def newest_first(self):
        """In the order of article lists (publication time, then id), from the
        ``tagged_article_public_order`` index."""
        return self.order_by("-public_from", "-content_object_id")

    def bulk_create(self, objs, *args, **kwargs):
        """New rows with their articles' ``public_from``, read in one query (per
        batch of ids the database takes)."""
        objs = list(objs)
        self._for_write = True  # the articles as the primary has them, as the rows go there
        article_model = self.model._meta.get_field("content_object").related_model
        articles = (
            article_model._base_manager.using(self.db)
            .only("status", "published_at")
            .in_bulk({obj.content_object_id for obj in objs})
        )
        for obj in objs:
            obj.public_from = articles[obj.content_object_id].public_from
        return super().bulk_create(objs, *args, **kwargs)

    def copy_publication(self, article_ids):
        """Give the rows of the articles ``article_ids`` their articles' stored
        ``public_from`` again (after a bulk update of those articles)."""
        article_model = self.model._meta.get_field("content_object").related_model
        stored = article_model._base_manager.filter(
            pk=OuterRef("content_object_id"), status=article_model.Status.PUBLISHED
        ).values("published_at")
        article_ids = list(article_ids)
        batch = max(connections[self.db].ops.bulk_batch_size(["pk"], article_ids), 1)
        for start in range(0, len(article_ids), batch):
            self.filter(content_object_id__in=article_ids[start : start + batch]).update(
                public_from=Subquery(stored)
            )


# Kept in an article's revisions (``Article`` follows ``tagged_items``), so that
# restoring a version brings back its tags. ``public_from`` is left out: it is
# the article's, copied when the row comes back (``articles.receivers``).
@reversion.register(fields=["content_object", "tag"])
class TaggedArticle(TaggedItemBase):
    """One tag on one article, with the moment the article is public from."""

    content_object = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="tagged_items",
        verbose_name="məqalə",
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="tagged_articles", verbose_name="teq"
    )
    # ``Article.public_from``, copied: the tag page's order and its filter.
    public_from = models.DateTimeField("oxuculara açıq olduğu vaxt", null=True, editable=False)

    objects = TaggedArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "məqalənin teqi"
        verbose_name_plural = "məqalələrin teqləri"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="article_tag_once")
        ]
        # A page of a tag's public articles, newest first, without reading or
        # sorting the others (the tag page, "Oxşar xəbərlər"): the filter and the
        # order of article lists, on the tag's own rows.
        indexes = [
            models.Index(
                fields=["tag", "-public_from", "-content_object"],
                name="tagged_article_public_order",
            )
        ]

    def save(self, *args, **kwargs):
        """Copy the article's ``public_from`` (taggit's ``tags.add`` passes the article
        it was called on, so this reads nothing more)."""
        self.public_from = self.content_object.public_from
        super().save(*args, **kwargs)


# The admin's tag suggestions rank tags by their uses among about this many of the
# newest tag rows: a month of a newsroom tagging 200 articles a day three times
# each, what editors write about now. Counting every row instead took 1.1 s of
# each article form's opening at a million articles (3.1 million rows); a range
# at the primary key's end takes 10 ms, whatever the archive.
SUGGESTION_WINDOW_ROWS = 20_000


def suggested_tag_names(limit):
    """Up to ``limit`` tag names for the admin's tag field: the most used among the
    newest ``SUGGESTION_WINDOW_ROWS`` tag rows first, then the others by name."""
    newest = TaggedArticle.objects.aggregate(newest=Max("pk"))["newest"] or 0
    names = list(
        Tag.objects.filter(tagged_articles__pk__gt=newest - SUGGESTION_WINDOW_ROWS)
        .annotate(uses=Count("tagged_articles"))
        .order_by("-uses", "name")
        .values_list("name", flat=True)[:limit]
    )
    if len(names) < limit:
        others = Tag.objects.exclude(name__in=names).order_by("name")
        names += others.values_list("name", flat=True)[: limit - len(names)]
    return names


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
