"""Rubrics and articles: what the newsroom writes and readers read."""

from datetime import timedelta

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from senzor.azerbaijani import az_slugify, az_upper, fold
from senzor.images import normalise_field_file, validate_image_upload
from senzor.renditions import prepare_renditions
from senzor.slugs import unique_slug

from .sanitizer import sanitize_html
from .search import postgres_rank, query_words


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


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Articles a reader may see: published, with a publication time now or past.

        This is the only way public code reads articles. A scheduled article
        (published status, ``published_at`` in the future) appears by itself
        when its minute comes: the query decides, no job has to run.
        """
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__lte=now or timezone.now(),
        )

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
        """Bulk updates send no signals: invalidate every cached public page (see
        ``articles.caching``), as any article may have changed."""
        rows = super().update(**kwargs)
        if rows:
            from .caching import invalidate_everything_after_bulk_change

            invalidate_everything_after_bulk_change(fields=kwargs)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        """Bulk creation sends no signals either: invalidate as ``update`` does."""
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            from .caching import invalidate_everything_after_bulk_change

            invalidate_everything_after_bulk_change()
        return created

    def for_listing(self):
        """Join what article lists print (rubric label, expert name) in one query."""
        return self.select_related("rubric", "expert").order_by("-published_at", "-pk")

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


class WorkflowError(Exception):
    """A status change the workflow does not allow (e.g. submitting a published article)."""


# Every save of an article keeps a revision (django-reversion): the admin shows
# the history and restores an earlier text. ``lock_version`` is left out: it
# counts saves, and restoring old text must never turn that counter back.
@reversion.register(exclude=["lock_version"])
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
    image = models.ImageField(
        "əsas şəkil",
        upload_to="articles/%Y/%m/",
        blank=True,
        validators=[validate_image_upload],
    )
    image_alt = models.CharField(
        "şəklin alternativ mətni",
        max_length=250,
        blank=True,
        help_text="Şəkli görməyən oxucu üçün təsvir. Şəkil varsa, mütləqdir.",
    )
    image_caption = models.CharField("şəklin izahı", max_length=300, blank=True)
    image_credit = models.CharField("şəklin müəllifi", max_length=150, blank=True)
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
        self.kicker = az_upper(self.kicker.strip())
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_slug(self, az_slugify(self.title), fallback="meqale")
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        new_image = bool(self.image) and not self.image._committed
        normalise_field_file(self.image)
        self.search_document = self.build_search_document()
        self.lock_version += 1
        with transaction.atomic(), reversion.create_revision():
            public_slug_before = self._public_slug_in_database()
            super().save(*args, **kwargs)
            if public_slug_before and public_slug_before != self.slug:
                ArticleOldSlug.remember(public_slug_before, self)
        if new_image:
            # Made now, by the editor's save, so no reader's first visit pays for them.
            prepare_renditions(self.image)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def _public_slug_in_database(self):
        """The slug readers know this article by, if it is public as stored now."""
        if self.pk is None:
            return None
        stored = Article.objects.filter(pk=self.pk).published().values_list("slug", flat=True)
        return stored.first()

    # The workflow: draft → review → published, and back to draft. Each step
    # changes the status only; the caller saves, so a revision records it.

    def submit_for_review(self):
        """An author hands a draft to the editors."""
        if self.status != self.Status.DRAFT:
            raise WorkflowError("Yalnız qaralama yoxlamaya göndərilə bilər.")
        self.status = self.Status.REVIEW

    def publish(self):
        """Publish now, or at ``published_at`` if that lies in the future (scheduling)."""
        if self.status == self.Status.PUBLISHED:
            raise WorkflowError("Məqalə artıq dərc olunub.")
        self.status = self.Status.PUBLISHED
        if self.published_at is None:
            self.published_at = timezone.now()

    def unpublish(self):
        """Take an article off the site (or out of review) back to draft."""
        if self.status == self.Status.DRAFT:
            raise WorkflowError("Məqalə onsuz da qaralamadır.")
        self.status = self.Status.DRAFT

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
        """The lead image's ``(width, height)``, or None when its file cannot be read.

        The page prints the size so the browser keeps the image's place while
        it loads; a file missing from media storage must cost that, not the page.
        """
        if not self.image:
            return None
        try:
            return self.image.width, self.image.height
        except (OSError, SyntaxError, ValueError):
            return None

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Şəkil üçün alternativ mətn yazın: görməyən oxucu onu eşidir."}
            )

    @property
    def is_public(self):
        """Whether a reader may see this article now (see ``ArticleQuerySet.published``)."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def build_search_document(self):
        """The article's searchable text, folded by ``senzor.azerbaijani.fold``.

        Stored so that search compares folded text with a folded query on any
        database, instead of trusting the database's idea of Azerbaijani case.
        """
        parts = [self.title, self.kicker, self.lead, strip_tags(self.body)]
        if self.expert_id:
            parts.append(self.expert.full_name)
        return fold(" ".join(parts))

    def other_news(self, limit=10):
        """The "Digər xəbərlər" list: the latest public articles except this one."""
        return Article.objects.published().for_listing().exclude(pk=self.pk)[:limit]


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
        old = cls.objects.filter(slug=old_slug).select_related("article").first()
        if old is None or not old.article.is_public:
            return None
        return old.article.get_absolute_url()

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
