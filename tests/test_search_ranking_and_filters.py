"""/axtar/ as a reader uses it: headline first, fresh first, phrases, "or" and "-",
typos forgiven, filters in the URL; and the newsroom's count of what readers search.

Runs on SQLite and PostgreSQL alike (ranking details that only PostgreSQL has
are marked); the relevance set over a generated corpus is in
tests/test_search_relevance.py.
"""

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article, SearchQueryDay, SearchWord
from articles.search import ParsedQuery
from articles.search_log import aggregate_search_log
from articles.vocabulary import near_spellings, words_of_text
from experts.models import Expert

from .pages import soup, text_of

pytestmark = pytest.mark.django_db


def titles(client, **params):
    page = soup(client.get("/axtar/", params))
    return [a.get_text() for a in page.select(".search-result__title a")]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


# --- The query's rules ---------------------------------------------------------


def test_a_query_is_read_by_web_search_rules():
    parsed = ParsedQuery.parse('Şəki "Cənubi  Qafqaz" neft or QAZ -futbol')
    assert parsed.normalised == 'seki "cenubi qafqaz" neft or qaz -futbol'
    assert parsed.positive_words == ["seki", "cenubi", "qafqaz", "neft", "qaz"]
    assert parsed.tsquery() == (
        "('seki':*) & (('cenubi':* <-> 'qafqaz':*)) & ('neft':* | 'qaz':*) & (!'futbol':*)"
    )


def test_only_excluded_words_or_punctuation_is_an_empty_query():
    assert ParsedQuery.parse("-futbol").is_empty
    assert ParsedQuery.parse("' & | ! :* <->").is_empty
    assert ParsedQuery.parse('"').is_empty


def test_a_query_holds_at_most_eight_words_whatever_its_syntax():
    parsed = ParsedQuery.parse(" or ".join(f'"söz{n} a{n}"' for n in range(20)))
    assert sum(len(term.words) for group in parsed.groups for term in group) == 8


# --- Ranking -------------------------------------------------------------------


def test_an_article_whose_headline_holds_the_query_comes_before_older_and_newer_mentions(
    client, make_article
):
    make_article(
        title="Tokayev Soçiyə gedir",
        body="<p>İqtisadi məsələlər də müzakirə olunacaq.</p>",
        published_at=days_ago(1),
    )
    make_article(title="İqtisadi islahatlar davam edir", published_at=days_ago(30))
    make_article(title="Büdcə", lead="İqtisadi artım gözlənilir.", published_at=days_ago(2))
    found = titles(client, q="iqtisadi")
    assert found[0] == "İqtisadi islahatlar davam edir"
    assert set(found[1:]) == {"Büdcə", "Tokayev Soçiyə gedir"}
    if connection.vendor == "postgresql":  # the lead outweighs the body
        assert found[1:] == ["Büdcə", "Tokayev Soçiyə gedir"]


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="weights are PostgreSQL's")
def test_headline_beats_kicker_beats_lead_beats_body(client, make_article):
    make_article(title="Lənkəran", body="<p>Çay yığımı başladı.</p>", published_at=days_ago(1))
    make_article(title="Məhsul", lead="Çay yığımı başladı.", published_at=days_ago(2))
    make_article(title="Bağlar", kicker="çay yığımı", published_at=days_ago(3))
    make_article(title="Çay yığımı başladı", published_at=days_ago(4))
    assert titles(client, q="çay") == ["Çay yığımı başladı", "Bağlar", "Məhsul", "Lənkəran"]


def test_between_equal_matches_the_freshest_comes_first(client, make_article):
    make_article(title="Neft qiymətləri", published_at=days_ago(9))
    make_article(title="Neft qiymətləri", published_at=days_ago(1))
    make_article(title="Neft qiymətləri", published_at=days_ago(5))
    found = Article.objects.published().search("neft")
    assert [article.published_at.date() for article in found] == [
        days_ago(days).date() for days in (1, 5, 9)
    ]


def test_a_quoted_phrase_needs_its_words_side_by_side(client, make_article):
    make_article(title="Cənubi Qafqazda sülh", published_at=days_ago(2))
    make_article(title="Qafqaz və cənubi qonşular", published_at=days_ago(1))
    assert titles(client, q='"Cənubi Qafqaz"') == ["Cənubi Qafqazda sülh"]
    assert set(titles(client, q="cənubi qafqaz")) == {
        "Cənubi Qafqazda sülh",
        "Qafqaz və cənubi qonşular",
    }


def test_every_word_is_required_unless_the_reader_writes_or(client, make_article):
    make_article(title="Neft hasilatı artdı")
    make_article(title="Qaz ixracı artdı")
    assert titles(client, q="neft qaz") == []
    assert set(titles(client, q="neft or qaz")) == {"Neft hasilatı artdı", "Qaz ixracı artdı"}


def test_a_word_with_a_minus_excludes_articles(client, make_article):
    make_article(title="Bakıda futbol", published_at=days_ago(1))
    make_article(title="Bakıda teatr", published_at=days_ago(2))
    assert titles(client, q="bakı -futbol") == ["Bakıda teatr"]


# --- Typos ---------------------------------------------------------------------


def test_a_public_articles_words_join_the_vocabulary_as_the_newsroom_spells_them(make_article):
    make_article(title="Tokayev Soçiyə gedir", kicker="səfər")
    make_article(title="Gizli layihə", status=Article.Status.DRAFT)
    spellings = dict(SearchWord.objects.values_list("word", "spelling"))
    assert spellings["tokayev"] == "Tokayev"
    assert spellings["sociye"] == "Soçiyə"
    assert spellings["sefer"] == "səfər"  # the kicker is stored in capitals
    assert "gizli" not in spellings  # a draft's words are never suggested


def test_a_word_seen_in_lower_case_is_spelled_in_lower_case():
    assert words_of_text("Neft bazarı. Bazarda neft ucuzlaşdı.")["neft"] == "neft"


def test_a_misspelt_name_finds_the_article_and_the_page_proposes_the_spelling(client, make_article):
    make_article(title="Tokayev Soçiyə gedir")
    make_article(title="Prezident Astanada")
    response = client.get("/axtar/", {"q": "Tokaev"})
    assert [a.get_text() for a in soup(response).select(".search-result__title a")] == [
        "Tokayev Soçiyə gedir"
    ]
    suggestion = soup(response).select_one(".search-suggestion a")
    assert "Bunu axtarırdınız: Tokayev" in text_of(response)
    assert parse_qs(urlparse(suggestion["href"]).query)["q"] == ["Tokayev"]
    assert soup(response).select_one(".search-result__title mark").get_text() == "Tokayev"


def test_a_word_the_site_knows_is_not_corrected(client, make_article):
    make_article(title="Tokayev Soçiyə gedir")
    assert near_spellings(["tokayev"]) == {}
    assert "Bunu axtarırdınız" not in text_of(client.get("/axtar/", {"q": "Tokayev"}))


def test_nothing_near_means_no_suggestion(client, make_article):
    make_article(title="Tokayev Soçiyə gedir")
    response = client.get("/axtar/", {"q": "qwxzv"})
    assert "heç nə tapılmadı" in text_of(response)
    assert "Bunu axtarırdınız" not in text_of(response)


# --- Filters, order and page size, from the URL ---------------------------------


@pytest.fixture
def news(make_article, economy):
    expert = Expert.objects.create(full_name="Aygün Məmmədova", signature="İqtisadçı")
    baku = timezone.get_current_timezone()
    make_article(
        title="Bazar və büdcə",
        rubric=economy,
        expert=expert,
        published_at=datetime(2026, 3, 10, 9, 0, tzinfo=baku),
    )
    make_article(title="Büdcə müzakirəsi", published_at=datetime(2026, 3, 20, 0, 30, tzinfo=baku))
    make_article(title="Büdcə qəbul edildi", published_at=datetime(2026, 4, 2, 23, 50, tzinfo=baku))
    return expert


def test_results_narrow_to_a_rubric(client, news):
    assert titles(client, q="büdcə", rubrika="iqtisadiyyat") == ["Bazar və büdcə"]


def test_results_narrow_to_an_expert(client, news):
    assert titles(client, q="büdcə", ekspert=news.slug) == ["Bazar və büdcə"]


def test_results_narrow_to_baku_days_both_ends_included(client, news):
    found = titles(client, q="büdcə", tarixden="2026-03-20", tarixe="2026-04-02", sira="tarix")
    assert found == ["Büdcə qəbul edildi", "Büdcə müzakirəsi"]


# Ranked at most: as now (all matches), 1 (the date index past it), and 1 of the
# newest 3 (all 3 from the newest articles).
@pytest.mark.parametrize("ranked, recent", [(200, 2000), (1, 1), (1, 3)])
def test_results_can_be_ordered_by_date(client, news, monkeypatch, ranked, recent):
    monkeypatch.setattr("articles.search.MAX_COUNTED", ranked)
    monkeypatch.setattr("articles.search.RECENT_ARTICLES", recent)
    assert titles(client, q="büdcə", sira="tarix") == [
        "Büdcə qəbul edildi",
        "Büdcə müzakirəsi",
        "Bazar və büdcə",
    ]


def test_the_reader_chooses_how_many_results_a_page_shows(client, make_article):
    for number in range(25):
        make_article(title=f"Şəki xəbəri {number}")
    assert len(titles(client, q="şəki")) == 10
    assert len(titles(client, q="şəki", say="20")) == 20
    page = soup(client.get("/axtar/", {"q": "şəki", "say": "20", "rubrika": "siyaset"}))
    next_link = page.select_one('.pagination a[rel="next"]')["href"]
    assert parse_qs(urlparse(next_link).query) == {
        "q": ["şəki"],
        "say": ["20"],
        "rubrika": ["siyaset"],
        "page": ["2"],
    }


def test_the_form_shows_the_chosen_filters_with_labels(client, news):
    page = soup(client.get("/axtar/", {"q": "büdcə", "rubrika": "iqtisadiyyat", "sira": "tarix"}))
    assert page.select_one("#id_rubrika option[selected]")["value"] == "iqtisadiyyat"
    assert page.select_one("#id_sira option[selected]")["value"] == "tarix"
    for field in ("rubrika", "ekspert", "tarixden", "tarixe", "sira", "say"):
        assert page.select_one(f'label[for="id_{field}"]'), field


@pytest.mark.parametrize(
    "params, message",
    [
        ({"rubrika": "yoxdur"}, "Belə seçim yoxdur; bu filtr nəzərə alınmadı."),
        ({"ekspert": "<script>"}, "Belə seçim yoxdur; bu filtr nəzərə alınmadı."),
        ({"tarixden": "dünən"}, "Tarixi İİİİ-AA-GG kimi yazın"),
        ({"tarixe": "0001-01-01"}, "Tarix 1900–2100 illəri arasında olmalıdır."),
        ({"tarixden": "2026-05-01", "tarixe": "2026-04-01"}, "Son tarix başlanğıc tarixindən"),
        ({"say": "100000"}, "Belə seçim yoxdur"),
        ({"sira": "'; DROP TABLE"}, "Belə seçim yoxdur"),
    ],
)
def test_a_bad_filter_is_explained_and_left_out(client, news, params, message):
    response = client.get("/axtar/", {"q": "büdcə", **params})
    assert response.status_code == 200
    assert message in text_of(response)
    assert soup(response).select_one('[aria-invalid="true"]')
    assert len(titles(client, q="büdcə", **params)) == 3


def test_each_filter_keeps_its_own_page_in_the_cache(client, news):
    assert titles(client, q="büdcə", rubrika="iqtisadiyyat") == ["Bazar və büdcə"]
    assert len(titles(client, q="büdcə")) == 3
    assert titles(client, q="büdcə", rubrika="iqtisadiyyat") == ["Bazar və büdcə"]


# --- What the newsroom sees ----------------------------------------------------


def test_searches_are_counted_per_normalised_query_even_from_the_page_cache(client, make_article):
    make_article(title="Şəki xəbəri")
    for query in ("Şəki", "seki", "  ŞƏKİ ", "Naxçıvan"):
        client.get("/axtar/", {"q": query})
    client.get("/axtar/", {"q": "seki"})  # the same page again, from the page cache
    client.get("/axtar/", {"q": ""})  # no query, nothing to count
    assert aggregate_search_log() == 5
    rows = {row.query: (row.searches, row.results) for row in SearchQueryDay.objects.all()}
    assert rows == {"seki": (4, 1), "naxcivan": (1, 0)}
    assert aggregate_search_log() == 0  # moved once


def test_the_log_keeps_no_reader_detail():
    fields = {field.name for field in SearchQueryDay._meta.get_fields()}
    assert fields == {"id", "day", "query", "searches", "results"}


def test_editors_see_frequent_and_fruitless_queries_of_7_and_30_days(login, editor):
    today = timezone.localdate()
    SearchQueryDay.objects.create(day=today, query="seki", searches=5, results=3)
    SearchQueryDay.objects.create(
        day=today - timedelta(days=20), query="seki", searches=4, results=3
    )
    SearchQueryDay.objects.create(
        day=today - timedelta(days=2), query="tokaev", searches=2, results=0
    )
    SearchQueryDay.objects.create(
        day=today - timedelta(days=40), query="kohne", searches=9, results=0
    )
    page = soup(login(editor).get("/admin/articles/searchqueryday/"))
    week, month = page.select("#son-7-gun table"), page.select("#son-30-gun table")

    def rows(table):
        return [[cell.get_text() for cell in row.select("td")] for row in table.select("tbody tr")]

    assert rows(week[0]) == [["seki", "5"], ["tokaev", "2"]]
    assert rows(week[1]) == [["tokaev", "2"]]
    assert rows(month[0]) == [["seki", "9"], ["tokaev", "2"]]
    assert rows(month[1]) == [["tokaev", "2"]]


def test_the_search_report_is_read_only_and_not_for_authors(login, editor, author):
    row = SearchQueryDay.objects.create(day=timezone.localdate(), query="seki", searches=1)
    browser = login(editor)
    assert browser.get(f"/admin/articles/searchqueryday/{row.pk}/delete/").status_code == 403
    assert browser.get("/admin/articles/searchqueryday/add/").status_code == 403
    assert login(author).get("/admin/articles/searchqueryday/").status_code == 403


def test_the_aggregation_command_moves_the_counts(client, make_article):
    client.get("/axtar/", {"q": "parlament"})
    call_command("aggregate_search_queries", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SearchQueryDay.objects.get().searches == 1


def test_a_common_word_is_counted_up_to_a_bound(client, make_article, monkeypatch):
    monkeypatch.setattr("articles.search_form.SearchPaginator.max_counted", 3)
    for number in range(5):
        make_article(title=f"Şəki xəbəri {number}")
    response = client.get("/axtar/", {"q": "şəki"})
    assert "“şəki” üzrə tapılan məqalə sayı: 3-dən çox" in text_of(response)


def test_results_are_counted_up_to_200(client, politics):
    """The count stops at 200 (bench/search.py: counting to 1 000 cost a common
    word tens of milliseconds at 100 000 articles); 200 are counted exactly."""
    now = timezone.now()

    def load(count):
        Article.objects.bulk_create(
            Article(
                title=f"Şəki xəbəri {number}",
                slug=f"seki-{number}",
                search_title=f"seki xeberi {number}",
                search_document=f"seki xeberi {number}",
                rubric=politics,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=number + 1),
            )
            for number in range(Article.objects.count(), count)
        )

    load(200)
    assert "“şəki” üzrə tapılan məqalə sayı: 200" in text_of(client.get("/axtar/", {"q": "şəki"}))
    load(201)
    response = client.get("/axtar/", {"q": "şəki"})
    assert "“şəki” üzrə tapılan məqalə sayı: 200-dən çox" in text_of(response)


# One ranked query, or (fewer than 4 among the newest 2) head matches, then the rest.
@pytest.mark.parametrize("rank_all_up_to, recent", [(1000, 2000), (3, 2)])
def test_headline_matches_then_body_matches_page_through_without_gaps(
    client, make_article, monkeypatch, rank_all_up_to, recent
):
    monkeypatch.setattr("articles.search.MAX_COUNTED", rank_all_up_to)
    monkeypatch.setattr("articles.search.RECENT_ARTICLES", recent)
    for number in range(7):
        make_article(
            title=f"Xəbər {number}", body="<p>Şəki haqqında.</p>", published_at=days_ago(number)
        )
    for number in range(5):
        make_article(title=f"Şəki {number}", published_at=days_ago(10 + number))
    first = titles(client, q="şəki", say="10")
    second = soup(client.get("/axtar/", {"q": "şəki", "say": "10", "page": "2"}))
    second = [a.get_text() for a in second.select(".search-result__title a")]
    assert first[:5] == [f"Şəki {number}" for number in range(5)]
    assert first[5:] + second == [f"Xəbər {number}" for number in range(7)]


@pytest.fixture
def common_word(make_article, monkeypatch):
    """ "Şəki" in the body of the 4 newest articles, and in the headline of a month-old
    one; 2 results counted and ranked at most, among the newest 4."""
    monkeypatch.setattr("articles.search.MAX_COUNTED", 2)
    monkeypatch.setattr("articles.search_form.SearchPaginator.max_counted", 2)
    monkeypatch.setattr("articles.search.RECENT_ARTICLES", 4)
    make_article(title="Şəki", published_at=days_ago(30))
    for number in range(4):
        make_article(
            title=f"Xəbər {number}", body="<p>Şəki haqqında.</p>", published_at=days_ago(number)
        )


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking")
def test_a_word_that_fills_the_results_from_the_newest_articles_is_ranked_among_them(
    client, common_word
):
    """``search.RECENT_ARTICLES``: what a common word costs does not grow with the
    archive; the month-old headline is found by narrowing the dates."""
    response = client.get("/axtar/", {"q": "şəki"})
    assert titles(client, q="şəki") == ["Xəbər 0", "Xəbər 1"]
    assert "“şəki” üzrə tapılan məqalə sayı: 2-dən çox" in text_of(response)
    assert titles(client, q="şəki", tarixe=days_ago(20).date().isoformat()) == ["Şəki"]
    assert titles(client, q="şəki", sira="tarix") == ["Xəbər 0", "Xəbər 1"]


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking")
def test_a_word_fewer_of_the_newest_articles_hold_is_ranked_over_the_whole_archive(
    client, common_word, make_article
):
    for number in range(3):
        make_article(title=f"Bakı {number}", published_at=timezone.now() - timedelta(minutes=1))
    assert titles(client, q="şəki") == ["Şəki", "Xəbər 0"]


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking")
def test_a_word_the_very_newest_articles_lack_is_ranked_over_the_whole_archive(
    client, common_word, make_article, monkeypatch
):
    """``search.RECENT_PROBE``: the newest few decide whether the rest of the newest
    ``RECENT_ARTICLES`` are worth reading; a rare word goes to the full-text index."""
    monkeypatch.setattr("articles.search.RECENT_PROBE", 1)
    make_article(title="Bakı", published_at=timezone.now())
    assert titles(client, q="şəki") == ["Şəki", "Xəbər 0"]


def test_rebuilding_the_vocabulary_forgets_the_words_of_articles_taken_down(make_article):
    gone = make_article(title="Xarıbülbül festivalı")
    make_article(title="Tokayev Soçiyə gedir")
    gone.status = Article.Status.DRAFT
    gone.save()
    assert SearchWord.objects.filter(word="xaribulbul").exists()
    call_command("rebuild_search_words", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not SearchWord.objects.filter(word="xaribulbul").exists()
    assert SearchWord.objects.get(word="tokayev").frequency == 1
