"""Rubrics and articles: what the newsroom writes and readers read."""

from datetime import timedelta

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.managers import TaggableManager

from core.azerbaijani import az_slugify, az_upper, fold
from core.image_fields import RenditionedImageField
from core.sanitizer import sanitize_html
from core.slugs import unique_slug
from core.video import parse_video_url, validate_video_url

from .gallery import ArticlePhoto
from .search import postgres_rank, query_words
from .signals import articles_changed_in_bulk
from .tagging import Tag, TaggedArticle

__all__ = ["ArticlePhoto", "Tag", "TaggedArticle"]  # models of their own modules, registered here


class Rubric(models.Model):
    """A section of the site with its own feed and menu entry ("Siyasət", "Baş yazı")."""

    name = models.CharField("ad", max_length=100, unique=True)
    slug = models.SlugField("URL adı", max_length=100, unique=True, blank=True)
    description = models.CharField("qısa təsvir", max_length=300, blank=True)
    menu_position = models.PositiveSmallIntegerField(
        "menyuda yeri", default=0, help_text="Kiçik rəqəm menyuda əvvəl gəlir."
    )
    is_lead_editorial = models.BooleanField(
        "baş yazı rubrikası",
        default=False,
        help_text="Bu rubrikanın ən yeni məqaləsi ana səhifədə önə çıxarılır.",
    )

    class Meta:
        verbose_name = "rubrika"
        verbose_name_plural = "rubrikalar"
        ordering = ["menu_position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, az_slugify(self.name), fallback="rubrika")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:rubric", kwargs={"slug": self.slug})


def visible_to_readers(now=None, prefix=""):
    """The one definition of what a reader may see, as a filter: published, with a
    publication time now or past. ``prefix`` applies it across a relation
    (``"articles__"`` from a rubric or an expert).

    A scheduled article (published status, ``published_at`` in the future)
    appears by itself when its minute comes: the query decides, no job has to
    run. ``Article.is_public`` is the same rule for one article in memory.
    """
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": now or timezone.now(),
        }
    )


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Articles a reader may see (``visible_to_readers``): the only way public
        code reads articles."""
        return self.filter(visible_to_readers(now))

    def scheduled(self, now=None):
        """Published articles whose time is still to come: readers do not see them yet."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now())

    def public_listing(self):
        """What article lists print: public articles, newest first, rubric and expert
        joined, without the columns no list shows (body, search text)."""
        return self.published().for_listing().defer("body", "search_document")

    def previewable_by(self, user):
        """Articles ``user`` may open as a preview: what the admin lets them see.

        Editors (``publish_article``) see every article, an author their own;
        readers and anonymous visitors none.
        """
        if not (user.is_active and user.is_staff and user.has_perm("articles.view_article")):
            return self.none()
        if user.has_perm("articles.publish_article"):
            return self
        return self.filter(author=user)

    def matching(self, query):
        """Articles whose folded text holds every word of ``query``, folded the same way.

        "şəki", "ŞƏKİ" and "seki" find the same articles; an empty query or one
        of only punctuation matches nothing.
        """
        words = fold(query).split()
        if not words:
            return self.none()
        matches = self
        for word in words:
            matches = matches.filter(search_document__contains=word)
        return matches

    def search(self, query):
        """Reader search (/axtar/): ``matching`` on the query's first words, best first.

        Every database finds the same articles: those whose folded text holds
        each folded query word; on PostgreSQL that ``LIKE`` is served by the
        pg_trgm GIN index of migration 0002. PostgreSQL also ranks them by
        full-text relevance over the folded text, stored as a ``tsvector`` by
        migration 0006 (``search.postgres_rank``); elsewhere the newest come first.
        """
        words = query_words(query)
        if not words:
            return self.none()
        matches = self.matching(" ".join(words)).for_listing()
        if connections[self.db].vendor != "postgresql":
            return matches
        rank = postgres_rank(words, self.model._meta.db_table)
        return matches.annotate(search_rank=rank).order_by("-search_rank", "-published_at", "-pk")

    def update(self, **kwargs):
        """Bulk updates send no model signals: say that articles changed in bulk
        (``articles_changed_in_bulk``), naming the updated fields."""
        rows = super().update(**kwargs)
        if rows:
            articles_changed_in_bulk.send(sender=self.model, fields=set(kwargs))
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        """Bulk creation sends no model signals either: new rows, any field."""
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            articles_changed_in_bulk.send(sender=self.model, fields=None)
        return created

    def for_listing(self):
        """Join what article lists print (rubric label, expert name, "Foto" label,
        view count) in one query."""
        return (
            self.select_related("rubric", "expert")
            .with_reader_facts()
            .order_by("-published_at", "-pk")
        )

    def with_reader_facts(self):
        """Annotate what lists print beside a title, each a subquery of the same query:
        ``view_count`` (all the readings aggregated into ``ArticleDailyViews``) and
        ``has_gallery`` (the article has photos: the "Foto" label)."""
        views = (
            ArticleDailyViews.objects.filter(article=OuterRef("pk"))
            .values("article")
            .annotate(total=Sum("views"))
            .values("total")
        )
        return self.annotate(
            view_count=Coalesce(Subquery(views), 0),
            has_gallery=Exists(ArticlePhoto.objects.filter(article=OuterRef("pk"))),
        )

    def for_article_page(self):
        """An article as its page prints it: rubric and expert joined, view count,
        and its tags and gallery photos read along (two more queries, whatever
        their number)."""
        return (
            self.select_related("rubric", "expert")
            .with_reader_facts()
            .prefetch_related("tags", "photos")
        )

    def related_to(self, article, tag_ids, limit=6):
        """ "Oxşar xəbərlər": public articles sharing tags with ``article``, in one query.

        Most shared tags first, then the newest. ``tag_ids`` are the article's
        own tags (read with it, so this is the only query).
        """
        if not tag_ids:
            return self.none()
        return (
            self.public_listing()
            .filter(tagged_items__tag_id__in=list(tag_ids))
            .exclude(pk=article.pk)
            .annotate(shared_tags=Count("tagged_items", distinct=True))
            .order_by("-shared_tags", "-published_at", "-pk")[:limit]
        )

    def most_read(self, days=7, limit=5):
        """The most read articles of the last ``days`` days (today included), in one query.

        Views are counted in the cache and aggregated into ``ArticleDailyViews``
        by ``articles.readership.aggregate_views``; nothing is written to the
        article row when a reader opens a page.
        """
        since = timezone.localdate() - timedelta(days=days - 1)
        return (
            self.annotate(
                recent_views=Sum("daily_views__views", filter=Q(daily_views__day__gte=since))
            )
            .filter(recent_views__gt=0)
            .select_related("rubric", "expert")
            .with_reader_facts()
            .order_by("-recent_views", "-published_at", "-pk")[:limit]
        )

    def latest_per_rubric(self, per_rubric):
        """The newest ``per_rubric`` articles of every rubric, in one query.

        A window function numbers each rubric's articles newest first, so the
        home page's sections cost one query however many rubrics there are.
        """
        numbered = self.annotate(
            rank_in_rubric=Window(
                RowNumber(),
                partition_by=F("rubric_id"),
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
        return numbered.filter(rank_in_rubric__lte=per_rubric).for_listing()


# Every save of an article keeps a revision (django-reversion): the admin shows
# the history and restores an earlier text (``articles.receivers`` makes one for
# a save outside a workflow step). ``lock_version`` and the derived image
# fields are left out: restoring old text must never turn the save counter
# back, and an image's renditions are made again for whichever image it restores.
@reversion.register(exclude=["lock_version", "image_width", "image_height", "image_renditions"])
class Article(models.Model):
    """A news item or analysis, with an optional expert byline."""

    class Status(models.TextChoices):
        DRAFT = "draft", "qaralama"
        REVIEW = "review", "yoxlamada"
        PUBLISHED = "published", "dərc olunub"

    title = models.CharField("başlıq", max_length=250)
    kicker = models.CharField(
        "yarımbaşlıq",
        max_length=250,
        blank=True,
        help_text="Başlığın altındakı böyük hərflə yazılan sətir; avtomatik böyük hərfə çevrilir.",
    )
    slug = models.SlugField(
        "URL adı",
        max_length=250,
        unique=True,
        blank=True,
        help_text="Boş qalsa, başlıqdan avtomatik düzəldilir.",
    )
    lead = models.TextField(
        "xülasə", blank=True, help_text="Siyahılarda və sosial şəbəkələrdə görünən qısa mətn."
    )
    body = models.TextField("mətn", help_text="Saxlanarkən təhlükəsiz HTML-ə təmizlənir.")
    image = RenditionedImageField(
        "əsas şəkil",
        upload_to="articles/%Y/%m/",
        blank=True,
        size_fields=("image_width", "image_height"),
        renditions_field="image_renditions",
    )
    image_width = models.PositiveIntegerField("şəklin eni", null=True, editable=False)
    image_height = models.PositiveIntegerField("şəklin hündürlüyü", null=True, editable=False)
    image_renditions = models.JSONField("şəklin ölçüləri", default=dict, blank=True, editable=False)
    image_alt = models.CharField(
        "şəklin alternativ mətni",
        max_length=250,
        blank=True,
        help_text="Şəkli görməyən oxucu üçün təsvir. Şəkil varsa, mütləqdir.",
    )
    image_caption = models.CharField("şəklin izahı", max_length=300, blank=True)
    image_credit = models.CharField("şəklin müəllifi", max_length=150, blank=True)
    video_url = models.URLField(
        "video linki",
        max_length=300,
        blank=True,
        validators=[validate_video_url],
        help_text="YouTube və ya Vimeo videosunun linki: məqalənin başında göstərilir, "
        "oxucu düyməni basana qədər kənar saytdan heç nə yüklənmir.",
    )
    tags = TaggableManager(
        "teqlər",
        through=TaggedArticle,
        blank=True,
        help_text="Vergüllə ayırın: «Cənubi Qafqaz, Neft». Yazdıqca mövcud teqlər təklif olunur.",
    )
    rubric = models.ForeignKey(
        Rubric,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name="rubrika",
    )
    expert = models.ForeignKey(
        "experts.Expert",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name="ekspert",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name="müəllif",
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "dərc vaxtı",
        null=True,
        blank=True,
        db_index=True,
        help_text="Gələcək vaxt yazılsa, məqalə həmin dəqiqədə özü görünəcək.",
    )
    search_document = models.TextField(
        "axtarış mətni",
        blank=True,
        editable=False,
        help_text="Başlıq, yarımbaşlıq, xülasə, mətn və ekspertin adı, axtarış üçün qatlanmış.",
    )
    lock_version = models.PositiveIntegerField(
        "redaktə sayğacı",
        default=0,
        editable=False,
        help_text="Hər saxlamada artır; iki redaktor eyni məqaləni eyni vaxtda dəyişəndə "
        "sonrakı saxlama əvvəlkini səssizcə silməsin deyə yoxlanılır.",
    )
    created_at = models.DateTimeField("yaradılıb", auto_now_add=True)
    updated_at = models.DateTimeField("yenilənib", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "məqalə"
        verbose_name_plural = "məqalələr"
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("publish_article", "Məqaləni dərc edə, planlaşdıra və dərcdən çıxara bilər"),
        ]
        # The public lists filter on status (and rubric) and sort by
        # (-published_at, -pk): with the pk in the index, PostgreSQL reads a
        # page of any list straight from it, with no sort (bench/run.py EXPLAIN).
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_order"),
            models.Index(
                fields=["rubric", "status", "-published_at", "-id"], name="article_rubric_order"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Derive the stored fields from what the newsroom typed, then save.

        The lead image normalises itself and records its size and renditions
        (``RenditionedImageField``); what a save sets off elsewhere (cache,
        history, old addresses) is in ``articles.receivers``.
        """
        self.kicker = az_upper(self.kicker.strip())
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_slug(self, az_slugify(self.title), fallback="meqale")
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.search_document = self.build_search_document()
        self.lock_version += 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def video(self):
        """The video lead (``core.video.Video``), or None."""
        return parse_video_url(self.video_url) if self.video_url else None

    @property
    def is_scheduled(self):
        """Published status with a time still to come: readers see it from that minute."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def image_size(self):
        """The lead image's ``(width, height)`` as stored when it was saved, or None.

        The page prints the size so the browser keeps the image's place while
        it loads; it is read from the row, never from the file in storage.
        """
        if not self.image or not (self.image_width and self.image_height):
            return None
        return self.image_width, self.image_height

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Şəkil üçün alternativ mətn yazın: görməyən oxucu onu eşidir."}
            )

    @property
    def is_public(self):
        """Whether a reader may see this article now: ``visible_to_readers`` in memory."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def build_search_document(self):
        """The article's searchable text, folded by ``core.azerbaijani.fold``.

        Stored so that search compares folded text with a folded query on any
        database, instead of trusting the database's idea of Azerbaijani case.
        """
        parts = [self.title, self.kicker, self.lead, strip_tags(self.body)]
        if self.expert_id:
            parts.append(self.expert.full_name)
        return fold(" ".join(parts))

    def other_news(self, limit=10):
        """The "Digər xəbərlər" list: the latest public articles except this one."""
        return Article.objects.public_listing().exclude(pk=self.pk)[:limit]


class ArticleOldSlug(models.Model):
    """An address a published article had before its slug changed.

    Readers, search engines and other sites keep linking to the old address;
    the article page answers it with a permanent redirect to the current one.
    """

    slug = models.SlugField("köhnə URL adı", max_length=250, unique=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="old_slugs", verbose_name="məqalə"
    )
    created_at = models.DateTimeField("dəyişdirilib", auto_now_add=True)

    class Meta:
        verbose_name = "köhnə URL adı"
        verbose_name_plural = "köhnə URL adları"

    def __str__(self):
        return self.slug

    @classmethod
    def current_url(cls, old_slug):
        """Where ``old_slug`` lives now, or ``None`` (unknown, or the article is not public)."""
        old = (
            cls.objects.filter(slug=old_slug, article__in=Article.objects.published())
            .select_related("article")
            .first()
        )
        return old.article.get_absolute_url() if old else None

    @classmethod
    def remember(cls, old_slug, article):
        """Point ``old_slug`` at ``article``; a slug taken back by it stops redirecting."""
        cls.objects.update_or_create(slug=old_slug, defaults={"article": article})
        cls.objects.filter(slug=article.slug).delete()


class ArticleDailyViews(models.Model):
    """How many times an article was read on one day (Baku time), for "Ən çox oxunanlar".

    One row per article and day, filled from counters kept in the cache
    (``articles.readership``), so a page view writes neither this table
    nor the article row.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="daily_views", verbose_name="məqalə"
    )
    day = models.DateField("gün")
    views = models.PositiveIntegerField("oxunma sayı", default=0)

    class Meta:
        verbose_name = "günlük oxunma"
        verbose_name_plural = "günlük oxunmalar"
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="article_daily_views_once")
        ]
        indexes = [models.Index(fields=["day"], name="article_daily_views_day")]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"
