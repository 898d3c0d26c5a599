"""What search engines and social networks read from an article page's <head>."""

import io
import json
from datetime import datetime

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from portal.models import SiteSettings

from .pages import soup
from .uploads import png_upload

pytestmark = pytest.mark.django_db


def head_of(client, article):
    return soup(client.get(article.get_absolute_url())).head


def meta(head, key):
    tag = head.select_one(f'meta[property="{key}"], meta[name="{key}"]')
    assert tag is not None, f"no {key}"
    return tag["content"]


def json_ld(head):
    scripts = head.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


@pytest.fixture
def analysis(make_article, expert, politics):
    return make_article(
        title="Tokayev Soçiyə gedir",
        kicker="strateji əhəmiyyətli sənədlər imzalana bilər",
        lead="Qazaxıstan prezidenti Rusiyaya səfər edir.",
        rubric=politics,
        expert=expert,
        image=png_upload(),
        image_alt="Prezident təyyarədən enir",
    )


def test_open_graph_and_twitter_cards_describe_the_article(client, analysis):
    head = head_of(client, analysis)
    canonical = f"http://testserver{analysis.get_absolute_url()}"
    assert meta(head, "og:type") == "article"
    assert meta(head, "og:url") == canonical
    assert meta(head, "og:title") == "Tokayev Soçiyə gedir"
    assert meta(head, "og:description") == "Qazaxıstan prezidenti Rusiyaya səfər edir."
    assert meta(head, "og:site_name") == SiteSettings.load().site_name
    assert meta(head, "og:image:alt") == "Prezident təyyarədən enir"
    published = datetime.fromisoformat(meta(head, "article:published_time"))
    assert published == analysis.published_at
    assert meta(head, "twitter:card") == "summary_large_image"
    assert meta(head, "twitter:title") == "Tokayev Soçiyə gedir"
    assert meta(head, "twitter:image") == meta(head, "og:image")


def test_the_social_image_is_a_1200px_rendition_that_is_served(client, analysis):
    image_url = meta(head_of(client, analysis), "og:image")
    assert image_url.startswith("http://testserver/media/renditions/")
    assert image_url.endswith("-1200w.jpg")
    response = client.get(image_url[len("http://testserver") :])
    body = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(body)).size == (1200, 675)


def test_json_ld_is_a_news_article_by_the_expert_as_a_person(client, analysis, expert):
    head = head_of(client, analysis)
    data = json_ld(head)
    canonical = f"http://testserver{analysis.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Tokayev Soçiyə gedir"
    assert data["mainEntityOfPage"]["@id"] == canonical
    assert data["image"] == [meta(head, "og:image")]
    assert datetime.fromisoformat(data["datePublished"]) == analysis.published_at
    assert datetime.fromisoformat(data["dateModified"]) >= analysis.published_at
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Kənan Novruzov",
            "url": f"http://testserver{expert.get_absolute_url()}",
            "jobTitle": expert.signature,
        }
    ]
    publisher = data["publisher"]
    assert publisher["name"] == SiteSettings.load().site_name
    assert publisher["logo"]["url"] == "http://testserver/static/img/logo.png"
    assert Image.open(finders.find("img/logo.png")).size == (600, 60)


def test_a_lead_editorial_is_an_opinion_news_article(client, make_article, lead_rubric):
    editorial = make_article(title="Baş yazı", rubric=lead_rubric)
    assert json_ld(head_of(client, editorial))["@type"] == "OpinionNewsArticle"


def test_without_an_image_or_expert_the_site_card_and_newsroom_stand_in(client, make_article):
    article = make_article(title="Qısa xəbər", kicker="təcili")
    head = head_of(client, article)
    data = json_ld(head)
    assert meta(head, "og:image") == "http://testserver/static/img/social-card.png"
    assert meta(head, "og:description") == "TƏCİLİ"
    assert data["author"][0]["@type"] == "Organization"
    assert head.select('meta[property="article:author"]') == []


def test_a_title_cannot_break_out_of_the_json_ld_script(client, make_article):
    article = make_article(title="</script><script>alert(1)</script> & <!--")
    head = head_of(client, article)
    assert json_ld(head)["headline"] == "</script><script>alert(1)</script> & <!--"
    assert head.select("script:not([type])") == []
    assert meta(head, "og:title") == "</script><script>alert(1)</script> & <!--"
