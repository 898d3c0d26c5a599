"""/axtar/: search that reads Azerbaijani as Azerbaijani readers type it.

The same corpus and the same expectations run on SQLite and on PostgreSQL
(the suite runs on both), so both find the same articles; the PostgreSQL
index and ranking have their own tests at the end.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from articles.search import MAX_QUERY_WORDS, highlight, query_words
from experts.models import Expert

from .pages import soup, text_of

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's index and ranking"
)


@pytest.fixture
def corpus(make_article, economy):
    """Five public articles and one draft, each findable by a different part."""
    expert = Expert.objects.create(full_name="İlham Qasımov", signature="Politoloq")
    make_article(title="Şəkidə turizm mövsümü açıldı", body="<p>Şəki xanlarının sarayı.</p>")
    make_article(
        title="Azərbaycan iqtisadiyyatı böyüyür",
        kicker="ıslahat davam edir",
        rubric=economy,
        published_at=timezone.now() - timedelta(hours=3),
    )
    make_article(title="Regionlarda yeni yollar", lead="ŞƏKİ–Qax yolu təmir olunur.")
    make_article(title="Ekspert rəyi", body="<p>Seçkilər barədə.</p>", expert=expert)
    make_article(title="Vergi sistemində İSLAHAT", body="<p>Yeni <strong>qaydalar</strong>.</p>")
    make_article(title="Şəki qaralaması", status=Article.Status.DRAFT)


def found_titles(client, query):
    page = soup(client.get("/axtar/", {"q": query}))
    return {a.get_text() for a in page.select(".search-result__title a")}


SEKI = {"Şəkidə turizm mövsümü açıldı", "Regionlarda yeni yollar"}


@pytest.mark.parametrize("query", ["şəki", "ŞƏKİ", "Şəki", "seki", "SEKI", "  şƏkİ  "])
def test_every_spelling_of_seki_finds_the_same_public_articles(client, corpus, query):
    assert found_titles(client, query) == SEKI


@pytest.mark.parametrize("query", ["azerbaycan", "Azərbaycan", "AZƏRBAYCAN", "azərbaycan"])
def test_a_query_typed_without_azerbaijani_letters_finds_them(client, corpus, query):
    assert found_titles(client, query) == {"Azərbaycan iqtisadiyyatı böyüyür"}


@pytest.mark.parametrize("query", ["ıslahat", "islahat", "İSLAHAT", "ISLAHAT", "Islahat"])
def test_dotted_and_dotless_i_find_each_other(client, corpus, query):
    assert found_titles(client, query) == {
        "Azərbaycan iqtisadiyyatı böyüyür",  # by its kicker
        "Vergi sistemində İSLAHAT",
    }


@pytest.mark.parametrize("query", ["ilham", "İlham", "ILHAM", "ilham qasimov"])
def test_an_article_is_found_by_its_experts_name(client, corpus, query):
    assert found_titles(client, query) == {"Ekspert rəyi"}


def test_every_word_of_the_query_must_match(client, corpus):
    assert found_titles(client, "şəki yolu") == {"Regionlarda yeni yollar"}
    assert found_titles(client, "şəki vergi") == set()


def test_words_in_the_body_are_found_but_not_its_html(client, corpus):
    assert found_titles(client, "qaydalar") == {"Vergi sistemində İSLAHAT"}
    assert found_titles(client, "<strong>") == set()


def test_matches_are_highlighted_in_the_readers_own_letters(client, corpus):
    page = soup(client.get("/axtar/", {"q": "seki"}))
    marks = {mark.get_text() for mark in page.select(".search-results mark")}
    assert marks == {"Şəki", "ŞƏKİ"}


def test_results_are_counted_and_the_query_is_kept_in_the_form(client, corpus):
    response = client.get("/axtar/", {"q": "Şəki"})
    assert "“Şəki” üzrə tapılan məqalə sayı: 2" in text_of(response)
    assert soup(response).select_one("#search-page-q")["value"] == "Şəki"


def test_nothing_found_says_so(client, corpus):
    assert "“Naxçıvan” üzrə heç nə tapılmadı" in text_of(client.get("/axtar/", {"q": "Naxçıvan"}))


def test_an_empty_query_asks_for_words(client, corpus):
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "!?%_*"}):
        response = client.get("/axtar/", params)
        assert response.status_code == 200
        assert found_titles(client, params.get("q", "")) == set()
    assert "Axtarmaq üçün söz yazın" in text_of(client.get("/axtar/"))


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        "'; DROP TABLE articles_article; --",
        "%_%",
        "(.*)+[",
        "\\",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "şəki\x00",
        "seki:* | !",
    ],
)
def test_hostile_queries_get_a_page_and_are_shown_as_text(client, corpus, query):
    response = client.get("/axtar/", {"q": query})
    assert response.status_code == 200
    page = soup(response)
    assert page.select("script:not([src]):not([type='application/ld+json'])") == []
    assert page.select("img[onerror]") == []
    assert Article.objects.filter(title__startswith="Şəkidə").exists()


def test_a_10000_character_query_is_cut_and_answered(client, corpus):
    response = client.get("/axtar/", {"q": "şəki " * 2000})
    assert response.status_code == 200
    assert "yalnız ilk 200 simvol axtarıldı" in text_of(response)
    assert found_titles(client, "şəki " * 2000) == SEKI


def test_a_long_query_uses_only_its_first_words():
    assert len(query_words(" ".join(f"söz{n}" for n in range(50)))) == MAX_QUERY_WORDS


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=300))
def test_any_text_at_all_gets_a_page(client, query):
    assert client.get("/axtar/", {"q": query}).status_code == 200


def test_results_page_through_keeping_the_query(client, make_article):
    for number in range(12):
        make_article(title=f"Şəki xəbəri {number}")
    first = soup(client.get("/axtar/", {"q": "seki"}))
    next_link = first.select_one('.pagination a[rel="next"]')["href"]
    assert "q=seki" in next_link and "page=2" in next_link
    assert len(soup(client.get("/axtar/" + next_link)).select(".search-result")) == 2


def test_a_page_past_the_end_is_the_sites_404(client, corpus):
    assert client.get("/axtar/", {"q": "şəki", "page": "9"}).status_code == 404


def test_highlight_escapes_the_text_and_marks_only_matches():
    html = highlight("<i>Şəki</i> & İsmayıllı", "seki ismayilli")
    assert html == "&lt;i&gt;<mark>Şəki</mark>&lt;/i&gt; &amp; <mark>İsmayıllı</mark>"


def test_a_long_text_is_cut_around_the_first_match():
    text = "Söz " * 100 + "Qəbələ şəhərində konsert. " + "Son " * 100
    snippet = highlight(text, "qebele")
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>Qəbələ</mark> şəhərində konsert." in snippet
    assert len(snippet) < 300


@pytest.mark.postgres_only
@needs_postgresql
def test_postgresql_serves_the_search_from_the_gin_index_of_the_weighted_vector(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector'")
        (definition,) = cursor.fetchone()
        assert "USING gin (search_vector)" in definition
        cursor.execute("SET enable_seqscan = off")
        plan = Article.objects.matching("şəki").order_by().explain()
        cursor.execute("SET enable_seqscan = on")
    assert "article_search_vector" in plan


@pytest.mark.postgres_only
@needs_postgresql
def test_the_raw_sql_search_objects_are_gone(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'article_search_trgm'")
        assert cursor.fetchone() == (0,)
        cursor.execute(
            "SELECT attgenerated FROM pg_attribute WHERE attrelid = 'articles_article'::regclass"
            " AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("s",)  # Django's GeneratedField, stored


@pytest.mark.postgres_only
@needs_postgresql
def test_the_search_vectors_are_kept_in_the_row(corpus):
    """Migration 0013: STORAGE MAIN (lz4) keeps both vectors in the article's row,
    so checking one costs no TOAST lookup (bench/search.py: 40 ms -> 4 ms for a
    count of 200 at 100 000 articles); the long texts are what leave the row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage, attcompression FROM pg_attribute"
            " WHERE attrelid = 'articles_article'::regclass"
            " AND attname IN ('search_vector', 'search_head_vector', 'body') ORDER BY attname"
        )
        assert cursor.fetchall() == [
            ("body", "x", ""),
            ("search_head_vector", "m", "l"),
            ("search_vector", "m", "l"),
        ]


@pytest.mark.postgres_only
@needs_postgresql
def test_postgresql_ranks_the_most_relevant_article_first(client, make_article):
    make_article(title="Bakıda konfrans", body="<p>Qonaqlar arasında Şəkidən gələnlər var.</p>")
    make_article(
        title="Şəki, Şəki və yenə Şəki",
        body="<p>Şəki haqqında Şəki sakinləri danışır.</p>",
        published_at=timezone.now() - timedelta(days=5),
    )
    page = soup(client.get("/axtar/", {"q": "şəki"}))
    titles = [a.get_text() for a in page.select(".search-result__title a")]
    assert titles == ["Şəki, Şəki və yenə Şəki", "Bakıda konfrans"]


def test_snippets_keep_paragraphs_and_headings_apart():
    from articles.search import plain_text

    text = plain_text("<p>Birinci.</p><h2>Başlıq</h2><p>Yeni <strong>qayda</strong>.<br>Son</p>")
    assert " ".join(text.split()) == "Birinci. Başlıq Yeni qayda. Son"
