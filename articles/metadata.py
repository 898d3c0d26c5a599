"""What an article page tells search engines and social networks about itself.

Open Graph and Twitter card tags, and schema.org ``NewsArticle`` JSON-LD
(``OpinionNewsArticle`` for the lead editorial) with the tags as ``keywords``
and a ``VideoObject`` for a video lead, all built from one object so
that the title, image and dates agree everywhere. Templates print these
values; they decide nothing.
"""

from django.templatetags.static import static

from core.links import absolute_url
from core.renditions import rendition_url

SOCIAL_IMAGE_WIDTH = 1200
DESCRIPTION_LENGTH = 200
# Google shows at most 110 characters of a NewsArticle headline.
HEADLINE_LENGTH = 110
LOGO = ("img/logo.png", 600, 60)
DEFAULT_SOCIAL_IMAGE = "img/social-card.png"


def _shorten(text, length):
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class ArticleMetadata:
    """The metadata of one article page, with absolute URLs for this request's site."""

    def __init__(self, article, request, site):
        self.article = article
        self.site = site
        self._request = request
        self.canonical_url = self.absolute(article.get_absolute_url())
        self.title = article.title
        self.description = _shorten(
            article.lead or article.kicker or article.title, DESCRIPTION_LENGTH
        )
        self.is_opinion = article.rubric.is_lead_editorial
        self.has_own_image = bool(article.image)
        if self.has_own_image:
            self.image_url = self.absolute(rendition_url(article.image, SOCIAL_IMAGE_WIDTH))
            self.image_alt = article.image_alt
        else:
            self.image_url = self.absolute(static(DEFAULT_SOCIAL_IMAGE))
            self.image_alt = site.site_name
        self.expert_url = self.absolute(article.expert.get_absolute_url()) if article.expert else ""

    def absolute(self, path):
        return absolute_url(self._request, path)

    @property
    def schema_type(self):
        return "OpinionNewsArticle" if self.is_opinion else "NewsArticle"

    def author(self):
        """The expert as a Person with their page; the newsroom itself without one."""
        expert = self.article.expert
        if expert:
            return {
                "@type": "Person",
                "name": expert.full_name,
                "url": self.expert_url,
                "jobTitle": expert.signature,
            }
        return {"@type": "Organization", "name": self.site.site_name, "url": self.absolute("/")}

    def publisher(self):
        path, width, height = LOGO
        return {
            "@type": "NewsMediaOrganization",
            "name": self.site.site_name,
            "url": self.absolute("/"),
            "logo": {
                "@type": "ImageObject",
                "url": self.absolute(static(path)),
                "width": width,
                "height": height,
            },
        }

    def json_ld(self):
        """The schema.org object for ``<script type="application/ld+json">``."""
        article = self.article
        return {
            "@context": "https://schema.org",
            "@type": self.schema_type,
            "mainEntityOfPage": {"@type": "WebPage", "@id": self.canonical_url},
            "url": self.canonical_url,
            "headline": _shorten(article.title, HEADLINE_LENGTH),
            "description": self.description,
            "image": [self.image_url],
            "datePublished": article.published_at.isoformat(),
            "dateModified": max(article.updated_at, article.published_at).isoformat(),
            "author": [self.author()],
            "publisher": self.publisher(),
            "articleSection": article.rubric.name,
            "inLanguage": "az",
            "isAccessibleForFree": True,
            **self.keywords(),
            **self.video(),
        }

    def keywords(self):
        """The article's tags, as schema.org ``keywords`` (read along with the article)."""
        names = [tag.name for tag in self.article.tags.all()]
        return {"keywords": names} if names else {}

    def video(self):
        """A ``VideoObject`` for the video lead: its player, page and poster."""
        video = self.article.video
        if video is None:
            return {}
        return {
            "video": {
                "@type": "VideoObject",
                "name": _shorten(self.article.title, HEADLINE_LENGTH),
                "description": self.description,
                "thumbnailUrl": [self.image_url],
                "uploadDate": self.article.published_at.isoformat(),
                "embedUrl": video.embed_url,
                "url": video.watch_url,
            }
        }
