"""What an article is: public only when published and due, slugs, kicker, safe body."""

from datetime import timedelta

import pytest
from django.db.models import ProtectedError
from django.utils import timezone

from articles.models import Article, Rubric

pytestmark = pytest.mark.django_db


def test_published_shows_only_published_articles_whose_time_has_come(make_article):
    visible = make_article(title="Görünən")
    make_article(title="Qaralama", status=Article.Status.DRAFT)
    make_article(title="Yoxlamada", status=Article.Status.REVIEW)
    make_article(title="Planlaşdırılıb", published_at=timezone.now() + timedelta(minutes=5))

    assert list(Article.objects.published()) == [visible]


def test_a_scheduled_article_appears_when_its_minute_comes(make_article):
    due = timezone.now() + timedelta(hours=2)
    scheduled = make_article(published_at=due)

    assert scheduled not in Article.objects.published()
    assert scheduled in Article.objects.published(now=due)


def test_publishing_without_a_time_stamps_the_current_time(politics):
    article = Article.objects.create(
        title="Dərhal", body="<p>x</p>", rubric=politics, status=Article.Status.PUBLISHED
    )
    assert article.published_at is not None
    assert article in Article.objects.published()


def test_slug_is_transliterated_from_the_title(make_article):
    assert make_article(title="Tokayev Soçiyə gedir").slug == "tokayev-sociye-gedir"


def test_slugs_stay_unique(make_article):
    first = make_article(title="Şəki xəbərləri")
    second = make_article(title="Şəki xəbərləri")
    assert (first.slug, second.slug) == ("seki-xeberleri", "seki-xeberleri-2")


def test_a_title_without_letters_still_gets_a_slug(make_article):
    assert make_article(title="!!!").slug == "meqale"


def test_an_edited_slug_is_kept(make_article):
    article = make_article(title="Uzun başlıq", slug="qisa")
    article.title = "Yeni başlıq"
    article.save()
    article.refresh_from_db()
    assert article.slug == "qisa"


def test_kicker_is_stored_in_azerbaijani_upper_case(make_article):
    article = make_article(kicker="strateji əhəmiyyətli sənədlər imzalana bilər")
    assert article.kicker == "STRATEJİ ƏHƏMİYYƏTLİ SƏNƏDLƏR İMZALANA BİLƏR"


def test_body_is_sanitised_before_it_is_stored(make_article):
    article = make_article(body='<p onclick="x()">Mətn<script>alert(1)</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>Mətn</p>"


def test_a_rubric_with_articles_cannot_be_deleted(make_article, politics):
    make_article(rubric=politics)
    with pytest.raises(ProtectedError):
        politics.delete()
    assert Rubric.objects.filter(pk=politics.pk).exists()


def test_other_news_excludes_the_article_itself_and_unpublished_ones(make_article):
    current = make_article()
    older = make_article(published_at=timezone.now() - timedelta(days=1))
    make_article(status=Article.Status.DRAFT)
    assert list(current.other_news()) == [older]


def test_latest_per_rubric_takes_the_newest_of_each_rubric(make_article, politics, economy):
    now = timezone.now()
    newest_politics = [
        make_article(rubric=politics, published_at=now - timedelta(hours=hours)) for hours in (1, 2)
    ]
    make_article(rubric=politics, published_at=now - timedelta(hours=3))
    make_article(rubric=politics, status=Article.Status.DRAFT)
    only_economy = make_article(rubric=economy)
    public = Article.objects.published()

    latest = list(public.latest_per_rubric(2, [politics.pk, economy.pk]))

    assert latest == [only_economy, *newest_politics]  # newest first, as lists are
    assert list(public.latest_per_rubric(2, [economy.pk])) == [only_economy]
    assert list(public.latest_per_rubric(2, [])) == []


def test_articles_are_found_by_their_experts_new_name_after_a_rename(make_article, expert):
    article = make_article(expert=expert)
    assert list(Article.objects.matching("Novruzov")) == [article]

    expert.full_name = "Kənan Əlizadə"
    expert.save()

    assert list(Article.objects.matching("Əlizadə")) == [article]
    assert list(Article.objects.matching("Novruzov")) == []
