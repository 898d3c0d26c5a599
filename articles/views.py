"""Public pages of articles: home, rubric feeds, expert pages and the article page."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from cache_engine.page_cache import AnonymousPageCacheMixin
from cache_engine.versions import CHROME
from core.links import absolute_url
from core.pagination import PaginatedFeedMixin
from core.sharing import share_links
from experts.models import Expert
from portal.models import SiteSettings

from . import caching, readership
from .metadata import ArticleMetadata
from .models import Article, ArticleOldSlug, Tag
from .search import MAX_QUERY_LENGTH, SearchResult

HOME_LATEST_COUNT = 8
HOME_PER_RUBRIC = 4


class HomeView(AnonymousPageCacheMixin, TemplateView):
    """The newest lead editorial, the latest news, then the latest of each rubric."""

    template_name = "articles/home.html"

    def page_cache_tags(self):
        return caching.public_tags(caching.LISTS)

    def get_context_data(self, **kwargs):
        public = Article.objects.published().defer("body", "search_document")
        latest = Article.objects.public_listing()
        featured = latest.filter(rubric__is_lead_editorial=True).first()
        if featured:
            latest = latest.exclude(pk=featured.pk)
        return super().get_context_data(
            featured=featured,
            latest=latest[:HOME_LATEST_COUNT],
            rubric_sections=_group_by_rubric(public.latest_per_rubric(HOME_PER_RUBRIC)),
            most_read=public.most_read(),
            **kwargs,
        )


def _group_by_rubric(articles):
    """[(rubric, [articles…]), …] in menu order, rubrics with no articles left out."""
    sections = {}
    for article in articles:
        sections.setdefault(article.rubric, []).append(article)
    return sorted(sections.items(), key=lambda item: (item[0].menu_position, item[0].name))


class RubricView(AnonymousPageCacheMixin, PaginatedFeedMixin, ListView):
    """One rubric's paginated feed; an unknown rubric or page is a 404."""

    template_name = "articles/rubric.html"
    context_object_name = "articles"
    page_cache_params = ("page",)

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
        """Count a reading, from the page cache or not (``articles.readership``);
        the newsroom's own visits (staff signed in) are not readings."""
        user = getattr(request, "user", None)
        if request.method == "GET" and not (user is not None and user.is_staff):
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
            other_news=SimpleLazyObject(lambda: caching.other_news(article)),
            related=SimpleLazyObject(lambda: _related(article)),
            share_links=share_links(
                absolute_url(self.request, article.get_absolute_url()), article.title
            ),
            fragment_tags=caching.article_fragment_tags(article),
            other_news_tags=[CHROME, caching.LISTS],
            related_tags=caching.related_fragment_tags(article),
            **kwargs,
        )


def _related(article):
    """ "Oxşar xəbərlər": by the tags read along with the article (one query)."""
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
            other_news=self.object.other_news(),
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

    def page_cache_tags(self):
        # A tag's page lists the latest articles carrying it: it changes with the lists.
        return caching.public_tags(caching.LISTS)

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.public_listing().filter(tagged_items__tag=self.tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(tag=self.tag, **kwargs)
        # The paginator's count decides (ListView's allow_empty would ask the database again).
        if not context["page_obj"].paginator.count:
            raise Http404("Bu teqlə dərc olunmuş məqalə yoxdur.")
        return context


class SearchView(AnonymousPageCacheMixin, PaginatedFeedMixin, ListView):
    """/axtar/?q=: published articles holding every word of the query, best first.

    Any query is answered with a page: an empty one asks for words, a long
    one is cut to ``MAX_QUERY_LENGTH`` characters, and punctuation (SQL,
    regular-expression or HTML characters) only separates words.
    """

    template_name = "articles/search.html"
    context_object_name = "articles"
    page_cache_params = ("q", "page")

    def page_cache_tags(self):
        return caching.public_tags(caching.LISTS)

    def get_queryset(self):
        self.query = " ".join(self.request.GET.get("q", "").split())
        return Article.objects.published().search(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            query=self.query[:MAX_QUERY_LENGTH],
            query_was_cut=len(self.query) > MAX_QUERY_LENGTH,
            results=[SearchResult(article, self.query) for article in context["articles"]],
        )
        return context
