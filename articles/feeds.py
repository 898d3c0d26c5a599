"""RSS feeds: the whole site at /rss/ and each rubric at /rubrika/<slug>/rss/.

Every item carries the attribution sentence and the article's canonical
link in its description, so reuse attribution reaches feed readers and
sites that republish feeds, not only visitors of the pages.
"""

import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed

from core.links import absolute_url
from core.renditions import rendition_bytes, rendition_url
from portal.models import SiteSettings

from .models import Article, Rubric

FEED_LENGTH = 30
FEED_IMAGE_WIDTH = 800


class ArticleFeed(Feed):
    """The latest public articles, newest first, for the whole site."""

    feed_type = Rss201rev2Feed
    language = "az"
    description_template = "feeds/article_description.html"

    def __call__(self, request, *args, **kwargs):
        # Feed instances are shared between requests: keep the request on a
        # copy so that absolute links are built for this request only.
        feed = copy.copy(self)
        feed.request = request
        feed.site = SiteSettings.load()
        return Feed.__call__(feed, request, *args, **kwargs)

    def absolute(self, path):
        return absolute_url(self.request, path)

    def title(self, obj):
        return self.site.site_name

    def link(self, obj):
        return self.absolute("/")

    def feed_url(self, obj):
        return self.absolute(self.request.path)

    def description(self, obj):
        return self.site.tagline

    def feed_copyright(self, obj):
        return self.site.copyright_line

    def items(self, obj):
        return Article.objects.public_listing()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return self.absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.expert.full_name if item.expert else None

    def item_author_link(self, item):
        return self.absolute(item.expert.get_absolute_url()) if item.expert else None

    def item_categories(self, item):
        return [item.rubric.name]

    def item_enclosures(self, item):
        """The lead image as a resized JPEG, the way feed readers show a picture."""
        if not item.image:
            return []
        url = self.absolute(rendition_url(item.image, FEED_IMAGE_WIDTH))
        length = rendition_bytes(item.image, FEED_IMAGE_WIDTH)
        return [Enclosure(url, str(length), "image/jpeg")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            article=kwargs["item"],
            site_settings=self.site,
            canonical_url=self.item_link(kwargs["item"]),
        )
        return context


class RubricFeed(ArticleFeed):
    """One rubric's latest public articles; an unknown rubric is a 404."""

    def get_object(self, request, slug):
        return get_object_or_404(Rubric, slug=slug)

    def title(self, obj):
        return f"{obj.name} – {self.site.site_name}"

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())

    def description(self, obj):
        return obj.description or f"{self.site.site_name}: {obj.name}"

    def items(self, obj):
        return Article.objects.public_listing().filter(rubric=obj)[:FEED_LENGTH]
