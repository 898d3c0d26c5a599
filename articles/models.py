"""Rubrics and articles: what the newsroom writes and readers read."""

from datetime import timedelta

import reversion
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.managers import TaggableManager

from core.azerbaijani import az_slugify, az_upper, fold
from core.fulltext import PostgresGinIndex
from core.image_fields import RenditionedImageField
from core.sanitizer import sanitize_html
from core.slugs import unique_slug
from core.video import parse_video_url, validate_video_url

from . import search
from .gallery import ArticlePhoto
from .signals import articles_changed_in_bulk, top_stories_changed_in_bulk
from .tagging import Tag, TaggedArticle

# How long an article marked "Təcili" stays urgent when the editor gives no end time.
URGENT_DEFAULT_HOURS = 3

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


# What decides whether and from when readers see an article (``Article.public_from``).
PUBLICATION_FIELDS = frozenset({"status", "published_at"})

# The folded text the search reads; no page prints it.
SEARCH_TEXT_FIELDS = ("search_title", "search_kicker", "search_lead", "search_document")

# "Oxşar xəbərlər" looks at this many of the most recently published articles
# of each shared tag.
RELATED_CANDIDATES_PER_TAG = 200

# "Ən çox oxunanlar" ranks this many times the articles it shows, so that a
# few withdrawn leaders cannot empty it (``ArticleQuerySet.most_read``).
MOST_READ_CANDIDATES = 4


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
        return self.published().for_listing().defer("body", *SEARCH_TEXT_FIELDS)

    def urgent(self, now=None):
        """Public articles marked "Təcili" whose urgency has not ended: the strip
        on every page and the label in lists (``Article.is_urgent_now`` in memory)."""
        now = now or timezone.now()
        return self.published(now).filter(is_urgent=True, urgent_until__gt=now)

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

    def matching(self, query, alternatives=None):
        """Articles that hold what ``query`` asks for (``search.ParsedQuery``), folded the same way.

        "şəki", "ŞƏKİ" and "seki" find the same articles; every word is
        required unless the reader writes ``or`` between two, ``-word``
        excludes, ``"…"`` is a phrase. An empty query, or one of only
        punctuation, matches nothing. ``alternatives`` maps a word to near
        spellings that count as it (``SearchWord.near_spellings``).

        On PostgreSQL the stored ``search_vector`` answers, from its GIN
        index, each word a prefix ("seki" finds "Şəkidə"); elsewhere the
        folded text is searched for substrings.
        """
        parsed = query if isinstance(query, search.ParsedQuery) else search.ParsedQuery.parse(query)
        if parsed.is_empty:
            return self.none()
        return self.filter(self._match_condition(parsed, alternatives))

    def _match_condition(self, parsed, alternatives):
        """What ``matching`` requires of an article, as a condition (``Q``)."""
        if connections[self.db].vendor == "postgresql":
            return Q(search_vector=parsed.search_query(alternatives))
        return parsed.text_filter(alternatives=alternatives)

    def search(self, query, alternatives=None, by_date=False):
        """Reader search (/axtar/): ``matching`` articles, best first, or newest first.

        Best first on PostgreSQL (``search.RankedMatches``): the articles
        whose headline, kicker or lead hold a wanted word, by ``SearchRank``
        of that small vector (weights A, B, C; whole words count once more
        than prefixes), newest first among equals; then those that hold it
        only in the body, newest first. A query that more than
        ``search.MAX_COUNTED`` of the newest ``search.RECENT_ARTICLES`` match
        is ranked among those only; newest first is read the same bounded
        way. Elsewhere: articles whose headline holds every word first, then
        the newest.
        """
        parsed = query if isinstance(query, search.ParsedQuery) else search.ParsedQuery.parse(query)
        matches = self.matching(parsed, alternatives).for_listing()
        if parsed.is_empty:
            return matches
        if connections[self.db].vendor != "postgresql":
            if by_date:
                return matches
            in_title = Case(
                When(parsed.text_filter("search_title", alternatives), then=Value(1)),
                default=Value(0),
            )
            return matches.annotate(in_title=in_title).order_by("-in_title", "-published_at", "-pk")
        listing = self.for_listing()
        bounds = {"listing": listing, "condition": self._match_condition(parsed, alternatives)}
        if by_date:
            return search.RankedMatches(matches, None, None, **bounds)
        rank = sum(
            SearchRank(
                F("search_head_vector"),
                parsed.search_query(alternatives, any_word=not whole, prefix=not whole),
                normalization=search.RANK_NORMALIZATION,
            )
            for whole in (False, True)
        )
        in_head = Q(search_head_vector=parsed.search_query(alternatives, any_word=True))
        return search.RankedMatches(
            matches,
            rank,
            in_head,
            head_source=listing if parsed.is_one_word else None,
            **bounds,
        )

    def update(self, **kwargs):
        """Bulk updates send no model signals: say that articles changed in bulk
        (``articles_changed_in_bulk``), naming the updated fields.

        A change of status or publication time reaches the articles' tag rows
        (their copy of ``Article.public_from``) in the same transaction: the
        articles are chosen first, since the update may change what chose them.
        """
        if PUBLICATION_FIELDS.isdisjoint(kwargs):
            rows = super().update(**kwargs)
        else:
            self._for_write = True  # chosen on the primary, as the update runs there
            with transaction.atomic(using=self.db):
                chosen = list(self.values_list("pk", flat=True))
                rows = super().update(**kwargs)
                TaggedArticle.objects.using(self.db).copy_publication(chosen)
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
        """What lists print beside a title, read with the row: ``has_gallery`` (the
        "Foto" label, a column of the article) and ``view_count`` (its running total
        of readings, ``ArticleTotalViews``, joined on the primary key; 0 before its
        first aggregated reading).

        Both are kept where they change (``record_gallery``,
        ``articles.readership.add_readings``) rather than worked out here: a
        subquery per row cost every list about 1 ms of CPU to compile and fetch
        and PostgreSQL a plan and a run per row (docs/performance.md).
        """
        return self.annotate(view_count=Coalesce("total_views__views", 0))

    def record_gallery(self):
        """Set ``has_gallery`` from the photos each article has now, in one UPDATE.

        Called where photos are added or removed (``articles.receivers``), which
        also invalidates the pages that show the article. This is bookkeeping of
        a derived column, not an edit: unlike ``update`` it does not say that
        articles changed in bulk, which would invalidate every page.
        """
        has_photos = Exists(ArticlePhoto.objects.filter(article=OuterRef("pk")))
        return super().update(has_gallery=has_photos)

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
        """ "Oxşar xəbərlər": up to ``limit`` public articles sharing tags with
        ``article``, most shared tags first, then the newest; a list.

        Ranked on the tag rows alone, which carry their article's publication
        moment: the candidates are the ``RELATED_CANDIDATES_PER_TAG`` most
        recently published articles of each of ``tag_ids`` (the article's own
        tags; one small ``LIMIT`` per tag on ``tagged_article_public_order``),
        their shared tags counted on the ``(content_object, tag)`` index. Only
        the chosen articles are then read, with what lists print. Two queries
        whatever the tags' size: a tag on a tenth of a million-article archive
        would otherwise be read whole, and ranking joined articles (their
        rubric, expert and reader facts for every candidate) cost 8 ms of SQL
        at a million articles.
        """
        if not tag_ids:
            return []
        now = timezone.now()
        # Each part wraps its LIMIT in an IN, as ``latest_per_rubric`` does: SQLite
        # allows no LIMIT directly in a part of a UNION.
        newest_of_each_tag = [
            TaggedArticle.objects.filter(
                pk__in=TaggedArticle.objects.filter(tag_id=tag_id)
                .public(now)
                .newest_first()
                .values("pk")[:RELATED_CANDIDATES_PER_TAG]
            )
            .order_by()
            .values("content_object_id")
            for tag_id in tag_ids
        ]
        candidates = newest_of_each_tag[0].union(*newest_of_each_tag[1:], all=True)
        ranked = list(
            TaggedArticle.objects.filter(content_object_id__in=candidates, tag_id__in=list(tag_ids))
            .public(now)
            .exclude(content_object_id=article.pk)
            .values("content_object_id")
            .annotate(shared_tags=Count("pk"), newest=Max("public_from"))
            .order_by("-shared_tags", "-newest", "-content_object_id")
            .values_list("content_object_id", flat=True)[:limit]
        )
        chosen = self.public_listing().in_bulk(ranked)
        return [chosen[pk] for pk in ranked if pk in chosen]

    def most_read(self, days=7, limit=5):
        """The most read articles of the last ``days`` days (today included), in one query.

        Views are counted in the cache and aggregated into ``ArticleDailyViews``
        by ``articles.readership.aggregate_views``; nothing is written to the
        article row when a reader opens a page. The ranking reads only the
        readership rows of those days and the few articles it picks, never the
        whole archive: its cost grows with how many articles were read this
        week, not with how many were written (docs/performance.md, "Scale").
        """
        since = timezone.localdate() - timedelta(days=days - 1)
        per_article = (
            ArticleDailyViews.objects.filter(day__gte=since)
            .values("article_id")
            .annotate(total=Sum("views"))
            .order_by()
        )
        # The week's leaders are ranked from the readership rows alone (index
        # ``article_daily_views_window``), a few more than shown; only those are
        # then checked against the archive. Joining every readership row to its
        # article let PostgreSQL hash all published articles (100 000 rows read
        # at 100 000 articles). An article taken off the site drops out here;
        # the block would show fewer than ``limit`` only if most of the week's
        # leaders were withdrawn.
        leaders = per_article.filter(total__gt=0).order_by("-total", "-article_id")
        views_of_article = per_article.filter(article_id=OuterRef("pk")).values("total")
        return (
            self.filter(pk__in=leaders.values("article_id")[: limit * MOST_READ_CANDIDATES])
            .annotate(recent_views=Subquery(views_of_article))
            .select_related("rubric", "expert")
            .with_reader_facts()
            .order_by("-recent_views", "-published_at", "-pk")[:limit]
        )

    def latest_per_rubric(self, per_rubric, rubric_ids):
        """The newest ``per_rubric`` articles of each rubric in ``rubric_ids``, in one query.

        Each rubric's articles are read with a small ``LIMIT`` from the
        ``article_rubric_order`` index, so the query reads
        ``per_rubric x rubrics`` rows however large the archive is (a window
        function over every published article, as before, grew with it).
        """
        if not rubric_ids:
            return self.none()
        return self.filter(pk__in=self._newest_ids_per_rubric(per_rubric, rubric_ids)).for_listing()

    def _newest_ids_per_rubric(self, per_rubric, rubric_ids):
        newest = self.order_by("-published_at", "-pk").values("pk")
        if connections[self.db].vendor == "postgresql":
            # One subquery run for each rubric row (an array of its newest ids,
            # unnested): Django compiles it and PostgreSQL plans it once. The
            # UNION below costs both once per rubric, about 7 ms of the front
            # page's CPU with ten rubrics (docs/performance.md).
            of_rubric = ArraySubquery(newest.filter(rubric=OuterRef("pk"))[:per_rubric])
            return (
                Rubric.objects.filter(pk__in=rubric_ids)
                .annotate(article_id=Func(of_rubric, function="unnest"))
                .values("article_id")
            )
        # Elsewhere one part per rubric joined by UNION ALL, each wrapping its
        # LIMIT in an IN: SQLite allows no LIMIT directly in a part of a UNION.
        parts = [
            Article.objects.filter(pk__in=newest.filter(rubric_id=rubric_id)[:per_rubric])
            .order_by()
            .values("pk")
            for rubric_id in rubric_ids
        ]
        return parts[0].union(*parts[1:], all=True)


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """Articles without their stored search vectors: only the database reads them."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector", "search_head_vector")


# Every save of an article keeps a revision (django-reversion): the admin shows
# the history and restores an earlier text (``articles.receivers`` makes one for
# a save outside a workflow step). ``lock_version`` and the derived image
# fields are left out: restoring old text must never turn the save counter
# back, and an image's renditions are made again for whichever image it restores.
# ``has_gallery`` follows the photos, which revisions do not restore. The tag
# rows are followed: a revision holds the tags the article had when it was
# saved (rows removed in the same save are not kept, as they no longer exist).
@reversion.register(
    exclude=[
        "lock_version",
        "image_width",
        "image_height",
        "image_renditions",
        "search_vector",
        "search_head_vector",
        "has_gallery",
    ],
    follow=["tagged_items"],
)
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
    is_urgent = models.BooleanField(
        "təcili",
        default=False,
        help_text="Siyahılarda «Təcili» nişanı ilə və hər səhifənin yuxarısındakı zolaqda "
        "göstərilir, bitmə vaxtına qədər.",
    )
    urgent_until = models.DateTimeField(
        "təcili bitmə vaxtı",
        null=True,
        blank=True,
        db_index=True,
        help_text=f"Boş qalsa, {URGENT_DEFAULT_HOURS} saat sonra bitir. Bu vaxtdan sonra "
        "nişan və zolaq özü yox olur.",
    )
    search_document = models.TextField(
        "axtarış mətni",
        blank=True,
        editable=False,
        help_text="Başlıq, yarımbaşlıq, xülasə, mətn və ekspertin adı, axtarış üçün qatlanmış.",
    )
    # The same text folded per part, for the weights of ``search_vector``
    # (``search.WEIGHTED_COLUMNS``): derived by ``save()``.
    search_title = models.TextField("axtarış üçün başlıq", blank=True, editable=False)
    search_kicker = models.TextField("axtarış üçün yarımbaşlıq", blank=True, editable=False)
    search_lead = models.TextField("axtarış üçün xülasə", blank=True, editable=False)
    # PostgreSQL keeps these vectors current on every write (NULL on SQLite):
    # the whole text weighted by part, for finding (GIN index below), and the
    # small headline-kicker-lead vector, for ranking.
    search_vector = models.GeneratedField(
        verbose_name="axtarış vektoru",
        expression=search.weighted_vector(search.WEIGHTED_COLUMNS),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )
    search_head_vector = models.GeneratedField(
        verbose_name="sıralama vektoru",
        expression=search.weighted_vector(search.WEIGHTED_COLUMNS[:3]),
        output_field=SearchVectorField(null=True),
        db_persist=True,
    )
    # Derived from the gallery's rows, not typed: ``ArticleQuerySet.record_gallery``
    # sets it whenever a photo is added or removed. A save writes back the value
    # read with the article: the admin saves the article before its photos, and
    # photos change in the article's form, which saves the article too, so
    # ``lock_version`` refuses a save of an article whose gallery changed meanwhile.
    has_gallery = models.BooleanField(
        "qalereyası var",
        default=False,
        db_default=False,  # rows written in SQL (bench archives, restores) have no gallery
        editable=False,
        help_text="Məqalənin qalereya şəkilləri varsa, siyahılarda «Foto» nişanı göstərilir.",
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

    objects = ArticleManager()

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
            PostgresGinIndex(fields=["search_vector"], name="article_search_vector"),
            PostgresGinIndex(fields=["search_head_vector"], name="article_search_head_vector"),
            # An expert's page, read the same way: a page of their articles
            # without sorting all of them (docs/performance.md, "Scale").
            models.Index(
                fields=["expert", "status", "-published_at", "-id"], name="article_expert_order"
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
        if self.is_urgent and self.urgent_until is None:
            start = max(filter(None, [self.published_at, timezone.now()]))
            self.urgent_until = start + timedelta(hours=URGENT_DEFAULT_HOURS)
        self.derive_search_text()
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
    def is_urgent_now(self):
        """Marked "Təcili" and its end time still to come (``ArticleQuerySet.urgent``)."""
        return bool(
            self.is_urgent and self.urgent_until is not None and self.urgent_until > timezone.now()
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
    def public_from(self):
        """From when readers see the article: its publication time if it is
        published (scheduled or not), else None. Its tag rows keep a copy
        (``TaggedArticle.public_from``)."""
        return self.published_at if self.status == self.Status.PUBLISHED else None

    @property
    def is_public(self):
        """Whether a reader may see this article now: ``visible_to_readers`` in memory."""
        return self.public_from is not None and self.public_from <= timezone.now()

    def build_search_document(self):
        """The article's searchable text, folded by ``core.azerbaijani.fold``.

        Stored so that search compares folded text with a folded query on any
        database, instead of trusting the database's idea of Azerbaijani case.
        """
        parts = [self.title, self.kicker, self.lead, strip_tags(self.body)]
        if self.expert_id:
            parts.append(self.expert.full_name)
        return fold(" ".join(parts))

    def derive_search_text(self):
        """Fold the text per part for the weighted vector, and the whole of it."""
        self.search_title = fold(self.title)
        self.search_kicker = fold(self.kicker)
        expert = self.expert.full_name if self.expert_id else ""
        self.search_lead = fold(f"{self.lead} {expert}")
        self.search_document = self.build_search_document()

    def other_news(self, limit=30):
        """The "Digər xəbərlər" list: the latest public articles except this one
        (the site settings' ``other_news_count`` says how many)."""
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
        indexes = [
            models.Index(fields=["day"], name="article_daily_views_day"),
            # "Ən çox oxunanlar" sums the last 7 days: this index holds all it
            # reads, so the sum reads the week's rows and no others, however
            # many years of readership the table keeps.
            models.Index(fields=["day", "article", "views"], name="article_daily_views_window"),
        ]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"


class ArticleTotalViews(models.Model):
    """How many times an article was read in all: the "Baxış sayı" lists and its page print.

    The running total of its ``ArticleDailyViews`` rows, added to in the same
    transaction as they are (``articles.readership.add_readings``), so a list
    reads it joined to each article on the primary key instead of summing the
    daily rows per article.

    A table of its own rather than a column of ``Article``: the aggregation
    writes it every few minutes for every article read, and an article row is
    wide (stored search vectors; over a dozen indexes, two of them GIN, each
    given a new entry when PostgreSQL cannot keep the new row on its page),
    saved whole by editors (a save of an article read before an aggregation
    would write the older total back) and kept in its revisions.
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="total_views",
        verbose_name="məqalə",
    )
    views = models.PositiveBigIntegerField("oxunma sayı", default=0)

    class Meta:
        verbose_name = "ümumi oxunma"
        verbose_name_plural = "ümumi oxunmalar"

    def __str__(self):
        return f"{self.article_id}: {self.views}"


class TopStoryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Reordering by drag and drop updates rows in bulk: no ``post_save``, so say so."""
        rows = super().update(**kwargs)
        if rows:
            top_stories_changed_in_bulk.send(sender=self.model)
        return rows

    def bulk_update(self, objs, fields, *args, **kwargs):
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        if rows:
            top_stories_changed_in_bulk.send(sender=self.model)
        return rows

    def active(self, now=None):
        """Slots readers see: the end time (if any) still to come, the article public,
        in the editors' order, with what the block prints joined."""
        now = now or timezone.now()
        return (
            self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
            .filter(visible_to_readers(now, prefix="article__"))
            .select_related("article__rubric", "article__expert")
            .order_by("position", "pk")
        )


class TopStory(models.Model):
    """A slot of the front page's "Manşet": an article editors put there, in their order.

    Editors order the slots by dragging them in the admin (django-admin-sortable2
    keeps ``position``). A slot whose end time has passed, or whose article
    readers cannot see, is skipped, and the newest articles fill the empty
    places (``articles.newsdesk.top_stories``).
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="top_story", verbose_name="məqalə"
    )
    position = models.PositiveIntegerField("sıra", default=0, db_index=True)
    ends_at = models.DateTimeField(
        "bitmə vaxtı",
        null=True,
        blank=True,
        db_index=True,
        help_text="Boş qalsa, redaktor çıxarana qədər manşetdə qalır.",
    )

    objects = TopStoryQuerySet.as_manager()

    class Meta:
        verbose_name = "manşet"
        verbose_name_plural = "manşet"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.article.title

    @property
    def is_active(self):
        """Shown on the front page now (``TopStoryQuerySet.active`` in memory)."""
        return self.article.is_public and (self.ends_at is None or self.ends_at > timezone.now())


# Search's own records, in modules named for them (imported here so Django
# finds their models): the site's vocabulary and the daily query counts.
from .search_log import SearchQueryDay  # noqa: E402, F401
from .vocabulary import SearchWord  # noqa: E402, F401
