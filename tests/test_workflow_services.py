"""The workflow steps as named services: what the admin, the importer and scripts call.

Each step is allowed only from the right status, saves the article as one
revision named after the step, and leaves ``save()`` to derive fields alone.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.importing import ParsedArticle, create_article
from articles.models import Article
from articles.views import HomeView
from cache_engine.versions import versions

from .pages import text_of

pytestmark = pytest.mark.django_db


def _latest_comment(article):
    return Version.objects.get_for_object(article).first().revision.get_comment()


def test_a_draft_goes_to_review_then_to_readers(client, make_article, editor):
    draft = make_article(title="Yol xəritəsi", status=Article.Status.DRAFT)
    workflow.submit_for_review(draft, by=editor)
    assert Article.objects.get(pk=draft.pk).status == Article.Status.REVIEW
    assert _latest_comment(draft) == "Məqalə yoxlamaya göndərildi."

    workflow.publish(draft, by=editor)
    assert _latest_comment(draft) == "Məqalə dərc olundu."
    assert Version.objects.get_for_object(draft).first().revision.user == editor
    assert "Yol xəritəsi" in text_of(client.get(draft.get_absolute_url()))

    workflow.unpublish(draft, by=editor)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_step_from_the_wrong_status_is_refused_with_a_reason(make_article):
    published = make_article()
    with pytest.raises(workflow.WorkflowError, match="artıq dərc olunub"):
        workflow.publish(published)
    with pytest.raises(workflow.WorkflowError, match="Yalnız qaralama"):
        workflow.submit_for_review(published)
    draft = make_article(status=Article.Status.DRAFT)
    with pytest.raises(workflow.WorkflowError, match="onsuz da qaralamadır"):
        workflow.unpublish(draft)


def test_scheduling_says_when_the_article_will_appear(client, make_article):
    draft = make_article(title="Sabahın xəbəri", status=Article.Status.DRAFT)
    at = timezone.now() + timedelta(days=1)
    workflow.schedule(draft, at)
    assert draft.is_scheduled
    assert "tarixində dərc olunacaq" in _latest_comment(draft)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_restoring_brings_back_the_text_and_keeps_status_and_address(make_article):
    article = make_article(title="İlk başlıq", slug="ilk-unvan", body="<p>İlk mətn.</p>")
    first = Version.objects.get_for_object(article).first()
    article.title, article.body, article.slug = "Yeni başlıq", "<p>Yeni mətn.</p>", "yeni-unvan"
    article.save()

    workflow.restore(article, first)

    article.refresh_from_db()
    assert (article.title, article.body) == ("İlk başlıq", "<p>İlk mətn.</p>")
    assert article.slug == "yeni-unvan" and article.status == Article.Status.PUBLISHED
    assert "versiya bərpa olundu" in _latest_comment(article)


def test_an_import_is_a_step_too(politics):
    parsed = ParsedArticle(title="İdxal", kicker="köhnə saytdan", paragraphs=["Abzas."])
    article = create_article(parsed, politics, publish=True)
    assert article.is_public and article.kicker == "KÖHNƏ SAYTDAN"
    assert _latest_comment(article) == "Məqalə idxal olundu."


def test_asking_a_page_for_its_cache_tags_releases_nothing(client, make_article, monkeypatch):
    """Only ScheduledReleaseMiddleware releases scheduled articles: a lookup has no effect."""
    make_article(title="Doqquzun xəbəri", published_at=timezone.now() + timedelta(minutes=10))
    assert "Doqquzun xəbəri" not in text_of(client.get("/"))
    before = versions(["chrome", "lists"])

    later = timezone.now() + timedelta(minutes=11)
    monkeypatch.setattr(timezone, "now", lambda: later)
    HomeView().page_cache_tags()
    assert versions(["chrome", "lists"]) == before

    assert "Doqquzun xəbəri" in text_of(client.get("/"))
    assert versions(["chrome", "lists"]) != before
