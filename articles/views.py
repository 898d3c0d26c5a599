"""Public pages of articles: home, rubric feeds and the article page."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from portal.links import absolute_url
from portal.pagination import PaginatedFeedMixin

from .models import Article, Rubric
from .search import MAX_QUERY_LENGTH, SearchResult

HOME_LATEST_COUNT = 8
HOME_PER_RUBRIC = 4


class HomeView(TemplateView):
    """The newest lead editorial, the latest news, then the latest of each rubric."""

    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        public = Article.objects.published()
        featured = public.filter(rubric__is_lead_editorial=True).for_listing().first()
        latest = public.for_listing()
        if featured:
            latest = latest.exclude(pk=featured.pk)
        return super().get_context_data(
            featured=featured,
            latest=latest[:HOME_LATEST_COUNT],
            rubric_sections=_group_by_rubric(public.latest_per_rubric(HOME_PER_RUBRIC)),
            **kwargs,
        )


def _group_by_rubric(articles):
    """[(rubric, [articles…]), …] in menu order, rubrics with no articles left out."""
    sections = {}
    for article in articles:
        sections.setdefault(article.rubric, []).append(article)
    return sorted(sections.items(), key=lambda item: (item[0].menu_position, item[0].name))


class RubricView(PaginatedFeedMixin, ListView):
    """One rubric's paginated feed; an unknown rubric or page is a 404."""

    template_name = "articles/rubric.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.rubric = get_object_or_404(Rubric, slug=self.kwargs["slug"])
        return Article.objects.published().filter(rubric=self.rubric).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(rubric=self.rubric, current_rubric=self.rubric, **kwargs)


class ArticleDetailView(DetailView):
    """An article page, with its canonical source line and "Digər xəbərlər"."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related("rubric", "expert")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            canonical_url=absolute_url(self.request, self.object.get_absolute_url()),
            other_news=self.object.other_news(),
            **kwargs,
        )


class SearchView(PaginatedFeedMixin, ListView):
    """/axtar/?q=: published articles holding every word of the query, best first.

    Any query is answered with a page: an empty one asks for words, a long
    one is cut to ``MAX_QUERY_LENGTH`` characters, and punctuation (SQL,
    regular-expression or HTML characters) only separates words.
    """

    template_name = "articles/search.html"
    context_object_name = "articles"

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

