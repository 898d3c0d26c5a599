"""What the WordPress import remembers: which post became which article, and the
addresses readers and search engines knew those posts by."""

from urllib.parse import parse_qs, unquote, urlsplit

from django.db import models

from articles.models import Article

# The one query parameter by which WordPress finds a post whatever its
# permalink structure (``/?p=123``, also the usual ``<guid>``).
POST_QUERY_PARAMETER = "p"


def address_key(url, query=None):
    """The form an old address is stored and looked up in.

    The path is percent-decoded (WordPress links carry Azerbaijani slugs as
    ``%c9%99``; Django hands views the decoded path) and loses its trailing
    slash, so ``/slug`` and ``/slug/`` are one address. Host and scheme are
    dropped (the portal may move to another domain), and so is every query
    parameter but a numeric ``p``: ``/?p=123&utm_source=x`` is ``/?p=123``.
    ``query`` (a ``QueryDict``) replaces the URL's own query string.
    """
    parts = urlsplit(url.strip())
    path = unquote(parts.path or "/")
    if not path.startswith("/"):
        path = "/" + path
    path = path.rstrip("/") or "/"
    if query is None:
        values = parse_qs(parts.query).get(POST_QUERY_PARAMETER, [])
    else:
        values = query.getlist(POST_QUERY_PARAMETER)
    post_id = values[0].strip() if values else ""
    if post_id.isdigit():
        return f"{path}?{POST_QUERY_PARAMETER}={int(post_id)}"
    return path


class OldAddress(models.Model):
    """An address of the old site that now answers with a permanent redirect.

    Filled by the WordPress import (each post's ``<link>``, ``<guid>``,
    ``/?p=ID`` and ``/slug/``) and editable in the admin. It is consulted only
    when the site has no page at the address (``OldAddressRedirectMiddleware``),
    so it can never hide a page of the portal.
    """

    old_path = models.CharField(
        "köhnə ünvan",
        max_length=500,
        unique=True,
        help_text="Köhnə saytdakı ünvan, məs. /2024/05/xeber/ və ya /?p=123 "
        "(tam link də yazmaq olar: domen atılır).",
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="old_addresses",
        verbose_name="məqalə",
    )
    source = models.CharField("mənbə", max_length=200, blank=True)
    created_at = models.DateTimeField("yaradılıb", auto_now_add=True)

    class Meta:
        verbose_name = "köhnə ünvan (yönləndirmə)"
        verbose_name_plural = "köhnə ünvanlar (yönləndirmələr)"
        ordering = ["old_path"]

    def __str__(self):
        return self.old_path

    def save(self, *args, **kwargs):
        self.old_path = address_key(self.old_path)
        super().save(*args, **kwargs)

    @classmethod
    def current_url(cls, key):
        """Where the old address ``key`` lives now, or None (unknown, or not public)."""
        old = (
            cls.objects.filter(old_path=key, article__in=Article.objects.published())
            .select_related("article")
            .first()
        )
        return old.article.get_absolute_url() if old else None


class ImportedPost(models.Model):
    """A WordPress post that became an article, keyed by its export site and post id.

    A second run finds the article here instead of making another: it is left
    alone when the post is as it was (``fingerprint``), updated when the
    export brings edits, and left alone with a message when the newsroom has
    edited it since (its ``lock_version`` moved on from ``article_version``).
    """

    site = models.CharField("sayt", max_length=200)
    post_id = models.PositiveBigIntegerField("yazının nömrəsi")
    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        related_name="wordpress_post",
        verbose_name="məqalə",
    )
    fingerprint = models.CharField("məzmunun izi", max_length=64)
    article_version = models.PositiveIntegerField("məqalənin idxaldan sonrakı sayğacı")
    lead_image_source = models.CharField("əsas şəklin mənbəyi", max_length=500, blank=True)
    imported_at = models.DateTimeField("idxal olunub", auto_now_add=True)
    updated_at = models.DateTimeField("yenilənib", auto_now=True)

    class Meta:
        verbose_name = "idxal olunmuş WordPress yazısı"
        verbose_name_plural = "idxal olunmuş WordPress yazıları"
        constraints = [
            models.UniqueConstraint(fields=["site", "post_id"], name="wordpress_post_once")
        ]

    def __str__(self):
        return f"{self.site} #{self.post_id}"
