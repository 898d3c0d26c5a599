"""Public pages of articles: home, rubric feeds, expert pages and the article page."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, TemplateView

from cache_engine.page_cache import AnonymousPageCacheMixin
from cache_engine.versions import CHROME
from core.dates import format_day, group_by_day
from core.links import absolute_url
from core.pagination import MAX_FEED_PAGES, PaginatedFeedMixin
from core.sharing import share_links
from experts.models import Expert
from portal.models import SiteSettings

from . import caching, newsdesk, readership, search_form, search_log, vocabulary
from .metadata import ArticleMetadata
from .models import Article, ArticleOldSlug, Tag
from .search import MAX_QUERY_LENGTH, ParsedQuery, SearchResult

HOME_PER_RUBRIC = 4
# How many of the newest items the front page's news feed column lists.
HOME_FEED_COUNT = 15
# Items per page of the news feed (/lent/): a newsroom's day fits on two pages.
FEED_PAGE_SIZE = 30
# The news feed's pages: 3 000 items, two weeks of a busy newsroom. Earlier days
# are in the archive (/arxiv/), a page each; a longer feed would count and skip
# more rows with every article written.
NEWS_FEED_MAX_PAGES = 100


class HomeView(AnonymousPageCacheMixin, TemplateView):
    """The front page: manşet, news feed column, the newest lead editorial ("Baş
    yazı"), the latest of each rubric and "Ən çox oxunanlar". The "Təcili" strip
    above it is on every page (``base.html``)."""

    template_name = "articles/home.html"

    def page_cache_tags(self):
        return caching.public_tags(caching.LISTS)

    def get_context_data(self, **kwargs):
        now = timezone.now()
        site = SiteSettings.load()
        public = Article.objects.published(now).defer("body", "search_document")
        newest = list(Article.objects.public_listing()[: HOME_FEED_COUNT + site.top_story_count])
        manset = newsdesk.top_stories(site.top_story_count, newest, now)
        # One more of each rubric than a block shows: a lead editorial rubric's
        # newest goes to the Baş yazı band, and its block goes on from the next.
        newest_of_rubrics = public.latest_per_rubric(
            HOME_PER_RUBRIC + 1, [rubric.pk for rubric in caching.menu_rubrics()]
        )
        featured, rubric_sections = newsdesk.lead_editorial_and_rubric_blocks(
            newest_of_rubrics, HOME_PER_RUBRIC
        )
        return super().get_context_data(
            manset_lead=manset[0] if manset else None,
            manset_rest=manset[1:],
            feed_days=group_by_day(newest[:HOME_FEED_COUNT], now),
            featured=featured,
            rubric_sections=rubric_sections,
            most_read=public.most_read(),
            **kwargs,
        )


class NewsFeedView(AnonymousPageCacheMixin, PaginatedFeedMixin, ListView):
    """Xəbər lenti: every public item newest first with its time, under day
    headings ("Bu gün", "Dünən", "25 noyabr"); all rubrics (/lent/) or one
    (/lent/<rubric>/). An unknown rubric or page is a 404."""

    template_name = "articles/news_feed.html"
    context_object_name = "articles"
    paginate_by = FEED_PAGE_SIZE
    max_pages = NEWS_FEED_MAX_PAGES
    page_cache_params = ("page",)

    def page_cache_tags(self):
        slug = self.kwargs.get("slug")
        return caching.public_tags(caching.rubric_tag(slug) if slug else caching.LISTS)

    def get_queryset(self):
        self.rubric = None
        articles = Article.objects.public_listing()
        if "slug" in self.kwargs:
            self.rubric = caching.rubric_by_slug(self.kwargs["slug"])
            if self.rubric is None:
                raise Http404("Belə rubrika yoxdur.")
            articles = articles.filter(rubric=self.rubric)
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(rubric=self.rubric, **kwargs)
        context["feed_days"] = group_by_day(context["articles"])
        context["today_archive_url"] = newsdesk.day_url(timezone.localdate())
        return context


class ArchiveDayView(AnonymousPageCacheMixin, TemplateView):
    """/arxiv/YYYY/MM/DD/: the items of one day (Baku time), newest first, beside
    the month's calendar. An impossible, future or too early date is a 404."""

    template_name = "articles/archive_day.html"

    def page_cache_tags(self):
        return caching.public_tags(caching.LISTS)

    def get_context_data(self, **kwargs):
        day = newsdesk.archive_day(kwargs.pop("year"), kwargs.pop("month"), kwargs.pop("day"))
        return super().get_context_data(
            day=day,
            day_title=format_day(day),
            articles=list(newsdesk.articles_of_day(day)),
            calendar=newsdesk.month_calendar(day.replace(day=1), selected=day),
            **kwargs,
        )


class ArchiveMonthView(AnonymousPageCacheMixin, TemplateView):
    """/arxiv/YYYY/MM/: a month's calendar, each day with news a link to its page."""

    template_name = "articles/archive_month.html"

    def page_cache_tags(self):
        return caching.public_tags(caching.LISTS)

    def get_context_data(self, **kwargs):
        first = newsdesk.archive_month(kwargs.pop("year"), kwargs.pop("month"))
        return super().get_context_data(calendar=newsdesk.month_calendar(first), **kwargs)


def archive_today(request):
    """/arxiv/: today's archive page (Baku time); a redirect, so never cached."""
    return HttpResponseRedirect(newsdesk.day_url(timezone.localdate()))


class RubricView(AnonymousPageCacheMixin, PaginatedFeedMixin, ListView):
    """One rubric's paginated feed; an unknown rubric or page is a 404."""

    template_name = "articles/rubric.html"
    context_object_name = "articles"
    page_cache_params = ("page",)
    max_pages = MAX_FEED_PAGES

    def page_cache_tags(self):
        return caching.public_tags(caching.rubric_tag(self.kwargs["slug"]))

    def get_queryset(self):
        self.rubric = caching.rubric_by_slug(self.kwargs["slug"])
        if self.rubric is None:
            raise Http404("Belə rubrika yoxdur.")
        return Article.objects.public_listing().filter(rubric=self.rubric)

    def get_context_data(self, **kwargs):
        return super().get_context_data(rubric=self.rubric, current_rubric=self.rubric, **kwargs)


class ExpertView(AnonymousPageCacheMixin, PaginatedFeedMixin, ListView):
    """An expert's page: photo, signature line and bio, their public articles paginated."""

    template_name = "experts/expert_detail.html"
    context_object_name = "articles"
    page_cache_params = ("page",)
    max_pages = MAX_FEED_PAGES

    def page_cache_tags(self):
        return caching.public_tags(caching.expert_tag(self.kwargs["slug"]))

    def get_queryset(self):
        self.expert = get_object_or_404(Expert, slug=self.kwargs["slug"])
        return Article.objects.public_listing().filter(expert=self.expert)

    def get_context_data(self, **kwargs):
        return super().get_context_data(expert=self.expert, **kwargs)


class ArticleDetailView(AnonymousPageCacheMixin, DetailView):
    """An article page, with its canonical source line and "Digər xəbərlər"."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def page_cache_tags(self):
        return caching.public_tags(caching.article_tag(self.kwargs["slug"]), caching.LISTS)

    def page_served(self, request):
        """Count a reading, from the page cache or not (``articles.readership``),
        unless the page's own beacon counts it (``read_beacon``); the newsroom's
        own visits (staff signed in) are not readings."""
        user = getattr(request, "user", None)
        is_staff = user is not None and user.is_staff
        if request.method == "GET" and not settings.SENZOR_READERSHIP_BEACON and not is_staff:
            readership.record_view(self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        """A renamed article's old address answers with a 301 to the current one."""
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            current_url = ArticleOldSlug.current_url(kwargs["slug"])
            if current_url is None:
                raise
            return HttpResponsePermanentRedirect(current_url)

    def get_queryset(self):
        return Article.objects.published().for_article_page()

    def get_object(self, queryset=None):
        """For readers, the article from the cache (no query when it is there);
        for the logged-in newsroom, from the database."""
        if queryset is not None or self.request.user.is_authenticated:
            return super().get_object(queryset)
        article = caching.article_by_slug(self.kwargs["slug"])
        if article is None or not article.is_public:
            raise Http404("Belə məqalə yoxdur.")
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        return super().get_context_data(
            canonical_url=absolute_url(self.request, article.get_absolute_url()),
            # Built only when their block is rendered, not when it comes from the
            # fragment cache ({% fragment %} in the template).
            metadata=SimpleLazyObject(
                lambda: ArticleMetadata(article, self.request, SiteSettings.load())
            ),
            other_news=SimpleLazyObject(
                lambda: caching.other_news(article, SiteSettings.load().other_news_count)
            ),
            related=SimpleLazyObject(lambda: _related(article)),
            share_links=share_links(
                absolute_url(self.request, article.get_absolute_url()), article.title
            ),
            fragment_tags=caching.article_fragment_tags(article),
            other_news_tags=[CHROME, caching.LISTS],
            related_tags=caching.related_fragment_tags(article),
            readership_beacon=settings.SENZOR_READERSHIP_BEACON,
            **kwargs,
        )


@csrf_exempt
@require_POST
@never_cache
def read_beacon(request, slug):
    """POST /oxu/<slug>/: one reading of a public article, sent by its page's script.

    A page served by the proxy's microcache (deploy/nginx.conf) never reaches
    Django, so the page reports its reading itself: a tiny request the proxy
    never caches, answered with an empty 204. Bots and the newsroom's staff are
    not counted (``readership.counts_as_reader``). No CSRF token: the page it
    comes from is a shared cached copy without one, and all a forged beacon
    can do is what anyone can do by reading the page, count one view; an
    address that is no public article is a 404 and counts nothing.
    """
    article = caching.article_by_slug(slug)
    if article is None or not article.is_public:
        raise Http404("Belə məqalə yoxdur.")
    if readership.counts_as_reader(request):
        readership.record_view(slug)
    return HttpResponse(status=204)


def _related(article):
    """ "Oxşar xəbərlər": by the tags read along with the article (two queries)."""
    return list(Article.objects.related_to(article, [tag.pk for tag in article.tags.all()]))


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(DetailView):
    """The article page of a draft, in-review or scheduled article, for the newsroom.

    Only staff who may see the article in the admin get it (an author: their
    own articles); anyone else gets a 404, as if it did not exist. The page
    says it is a preview, is never cached, and tells search engines not to
    index it (``X-Robots-Tag`` and a robots meta tag).
    """

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.previewable_by(self.request.user).for_article_page()

    def get_context_data(self, **kwargs):
        canonical_url = absolute_url(self.request, self.object.get_absolute_url())
        return super().get_context_data(
            canonical_url=canonical_url,
            other_news=self.object.other_news(SiteSettings.load().other_news_count),
            related=_related(self.object),
            share_links=share_links(canonical_url, self.object.title),
            is_preview=True,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class TagView(AnonymousPageCacheMixin, PaginatedFeedMixin, ListView):
    """/teq/<slug>/: a tag's public articles, newest first, paginated like a rubric feed.

    A tag no public article carries (only drafts, or none) is a 404: its name
    alone could tell what the newsroom is preparing.
    """

    template_name = "articles/tag.html"
    context_object_name = "articles"
    page_cache_params = ("page",)
    max_pages = MAX_FEED_PAGES

    def page_cache_tags(self):
        # A tag's page lists the latest articles carrying it: it changes with the lists.
        return caching.public_tags(caching.LISTS)

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.public_listing().filter(tagged_items__tag=self.tag)

    def get_paginator(self, queryset, per_page, **kwargs):
        """Count and page the tag's own rows, newest first by their copy of each
        article's publication time: a deep page reads the tag's index up to it,
        never the articles the tag does not carry nor those of earlier pages."""
        ids = self.tag.tagged_articles.public().newest_first().values("content_object_id")
        return super().get_paginator(queryset, per_page, ids=ids, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(tag=self.tag, **kwargs)
        # The paginator's count decides (ListView's allow_empty would ask the database again).
        if not context["page_obj"].paginator.count:
            raise Http404("Bu teqlə dərc olunmuş məqalə yoxdur.")
        return context


class SearchView(AnonymousPageCacheMixin, PaginatedFeedMixin, ListView):
    """/axtar/?q=: published articles that hold what the query asks for, best first.

    Any query is answered with a page: an empty one asks for words, a long
    one is cut to ``MAX_QUERY_LENGTH`` characters, and punctuation (SQL,
    regular-expression or HTML characters) only separates words. Words the
    site does not know count with their near spellings (``vocabulary``),
    and the page proposes the corrected query. Filters, order and page size
    come from the URL (``search_form``), so a search can be shared.
    """

    template_name = "articles/search.html"
    context_object_name = "articles"
    page_cache_params = (*search_form.PARAMETERS, "page")
    paginator_class = search_form.SearchPaginator

    def page_cache_tags(self):
        return caching.public_tags(caching.LISTS)

    def page_served(self, request):
        """Count the search for the newsroom (``search_log``); paging on is not a new search."""
        if request.GET.get("page", "1") != "1":
            return
        parsed = getattr(self, "parsed", None) or ParsedQuery.parse(_query_of(request))
        if not parsed.is_empty:
            search_log.record_search(parsed.normalised, getattr(self, "found", None))

    def get_paginate_by(self, queryset):
        return self.form.page_size

    def get_queryset(self):
        self.query = _query_of(self.request)
        self.form = search_form.SearchForm(self.request.GET)
        self.parsed = ParsedQuery.parse(self.query)
        self.alternatives = {}
        if self.parsed.is_empty:
            return Article.objects.none()
        self.alternatives = vocabulary.near_spellings(self.parsed.positive_words)
        return self.form.filter(Article.objects.published()).search(
            self.parsed, self.alternatives, by_date=self.form.by_date
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.found = context["paginator"].count if context["paginator"] else 0
        marked = self.parsed.positive_words + [
            word for near in self.alternatives.values() for word in near
        ]
        context.update(
            query=self.query[:MAX_QUERY_LENGTH],
            query_was_cut=len(self.query) > MAX_QUERY_LENGTH,
            form=self.form,
            results=[SearchResult(article, marked) for article in context["articles"]],
            suggestion=self.suggestion(),
        )
        return context

    def suggestion(self):
        """(text, query string) of "Bunu axtarırdınız: …", or None: the query with
        each unknown word in the site's spelling of its nearest word."""
        if not self.alternatives:
            return None
        spellings = vocabulary.spelled(
            [*self.parsed.positive_words, *(near[0] for near in self.alternatives.values())]
        )
        replacements = {word: spellings.get(word, word) for word in self.parsed.positive_words}
        replacements.update(
            {word: spellings.get(near[0], near[0]) for word, near in self.alternatives.items()}
        )
        text = self.parsed.replaced(replacements)
        parameters = self.request.GET.copy()
        parameters["q"] = text
        parameters.pop("page", None)
        return text, parameters.urlencode()


def _query_of(request):
    return " ".join(request.GET.get("q", "").split())
