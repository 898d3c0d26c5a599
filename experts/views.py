"""The public page of an expert: photo, signature line, bio and their articles."""

from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles import caching
from articles.models import Article
from portal.page_cache import AnonymousPageCacheMixin
from portal.pagination import PaginatedFeedMixin

from .models import Expert


class ExpertDetailView(AnonymousPageCacheMixin, PaginatedFeedMixin, ListView):
    """An expert's page, their published articles paginated under the bio."""

    template_name = "experts/expert_detail.html"
    context_object_name = "articles"
    page_cache_params = ("page",)

    def page_cache_tags(self):
        return caching.public_tags(caching.expert_tag(self.kwargs["slug"]))

    def get_queryset(self):
        self.expert = get_object_or_404(Expert, slug=self.kwargs["slug"])
        public = Article.objects.published().defer("body", "search_document")
        return public.filter(expert=self.expert).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(expert=self.expert, **kwargs)
