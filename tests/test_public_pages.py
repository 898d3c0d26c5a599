"""What a reader sees on the home page, rubric feeds, article and expert pages."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .pages import soup, text_of

pytestmark = pytest.mark.django_db


class TestHomePage:
    def test_features_the_newest_lead_editorial(self, client, make_article, lead_rubric):
        make_article(
            title="Köhnə baş yazı",
            rubric=lead_rubric,
            published_at=timezone.now() - timedelta(days=2),
        )
        make_article(title="Yeni baş yazı", rubric=lead_rubric, kicker="əsas mövzu")
        make_article(title="Daha yeni siyasət xəbəri", published_at=timezone.now())

        featured = soup(client.get("/")).select_one(".featured")

        assert featured.h2.get_text(strip=True) == "Yeni baş yazı"
        assert "ƏSAS MÖVZU" in featured.get_text()

    def test_lists_the_latest_articles_of_each_rubric(
        self, client, make_article, politics, economy
    ):
        make_article(title="Siyasət xəbəri", rubric=politics)
        make_article(title="İqtisadiyyat xəbəri", rubric=economy)
        page = soup(client.get("/"))

        sections = {
            section.h2.get_text(strip=True): section.get_text(" ")
            for section in page.select(".rubric-section")
        }

        assert "Siyasət xəbəri" in sections["Siyasət"]
        assert "İqtisadiyyat xəbəri" in sections["İqtisadiyyat"]

    def test_never_shows_unpublished_articles(self, client, make_article, lead_rubric):
        make_article(title="Gizli qaralama", status=Article.Status.DRAFT, rubric=lead_rubric)
        make_article(
            title="Sabahkı yazı",
            rubric=lead_rubric,
            published_at=timezone.now() + timedelta(days=1),
        )
        page = text_of(client.get("/"))
        assert "Gizli qaralama" not in page
        assert "Sabahkı yazı" not in page

    def test_menu_links_every_rubric_including_the_lead_editorial(
        self, client, lead_rubric, politics
    ):
        menu = soup(client.get("/")).select_one("nav.rubric-menu")
        links = {a.get_text(strip=True): a["href"] for a in menu.select("a")}
        assert links == {"Baş yazı": "/rubrika/bas-yazi/", "Siyasət": "/rubrika/siyaset/"}


class TestRubricFeed:
    def test_pages_through_the_rubric_ten_at_a_time(self, client, make_article, politics):
        now = timezone.now()
        for hours in range(1, 13):
            make_article(title=f"Xəbər {hours:02}", published_at=now - timedelta(hours=hours))

        first = soup(client.get("/rubrika/siyaset/"))
        second = soup(client.get("/rubrika/siyaset/?page=2"))

        first_titles = [h.get_text(strip=True) for h in first.select(".card__title")]
        second_titles = [h.get_text(strip=True) for h in second.select(".card__title")]
        assert first_titles == [f"Xəbər {n:02}" for n in range(1, 11)]
        assert second_titles == ["Xəbər 11", "Xəbər 12"]
        assert first.select_one('link[rel="next"]')["href"] == "?page=2"
        assert second.select_one('link[rel="prev"]')["href"] == "?page=1"
        assert first.select_one('.pagination [aria-current="page"]').get_text() == "1"

    def test_shows_only_its_own_rubric(self, client, make_article, politics, economy):
        make_article(title="Siyasi xəbər", rubric=politics)
        make_article(title="Bazar xəbəri", rubric=economy)
        page = text_of(client.get("/rubrika/iqtisadiyyat/"))
        assert "Bazar xəbəri" in page
        assert "Siyasi xəbər" not in page

    @pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", "%00"])
    def test_a_bad_page_number_is_the_sites_404(self, client, make_article, page):
        make_article()
        response = client.get(f"/rubrika/siyaset/?page={page}")
        assert response.status_code == 404
        assert "Səhifə tapılmadı" in text_of(response)

    def test_an_unknown_rubric_is_the_sites_404(self, client, db):
        response = client.get("/rubrika/bele-rubrika-yoxdur/")
        assert response.status_code == 404
        assert "Səhifə tapılmadı" in text_of(response)


class TestArticlePage:
    @pytest.fixture
    def article(self, make_article, expert, politics):
        return make_article(
            title="Tokayev Soçiyə gedir",
            kicker="strateji əhəmiyyətli sənədlər imzalana bilər",
            body="<p>Birinci abzas.</p><p>İkinci abzas.</p>",
            rubric=politics,
            expert=expert,
            published_at=datetime(2026, 11, 20, 10, 5, tzinfo=UTC),
        )

    def test_shows_rubric_title_kicker_date_and_body(self, client, article):
        page = soup(client.get(article.get_absolute_url()))
        header = page.select_one(".article__header")

        assert header.select_one(".rubric-label").get_text(strip=True) == "Siyasət"
        assert page.h1.get_text(strip=True) == "Tokayev Soçiyə gedir"
        assert header.select_one(".kicker").get_text(strip=True) == (
            "STRATEJİ ƏHƏMİYYƏTLİ SƏNƏDLƏR İMZALANA BİLƏR"
        )
        assert header.time.get_text(strip=True) == "20 noyabr 2026, 14:05"
        paragraphs = [p.get_text() for p in page.select(".article__body p")]
        assert paragraphs == ["Birinci abzas.", "İkinci abzas."]

    def test_ends_with_the_experts_signature_linking_to_their_page(self, client, article):
        signature = soup(client.get(article.get_absolute_url())).select_one(".signature")
        name = signature.select_one(".signature__name")
        assert name.get_text(strip=True) == "Kənan Novruzov"
        assert name["href"] == "/ekspert/kenan-novruzov/"
        assert signature.select_one(".signature__line").get_text(strip=True) == (
            "Beynəlxalq Münasibətlər və Diplomatiya Araşdırmaları Mərkəzinin eksperti"
        )

    def test_without_an_expert_there_is_no_signature(self, client, make_article):
        article = make_article(expert=None)
        assert soup(client.get(article.get_absolute_url())).select_one(".signature") is None

    def test_other_news_lists_recent_articles_with_rubric_but_not_itself(
        self, client, article, make_article, economy
    ):
        make_article(title="Bazar açıldı", rubric=economy)
        block = soup(client.get(article.get_absolute_url())).select_one(".other-news")

        assert block.h2.get_text(strip=True) == "Digər xəbərlər"
        items = [" ".join(li.get_text(" ").split()) for li in block.select("li")]
        assert items == ["İqtisadiyyat Bazar açıldı"]

    def test_a_draft_or_scheduled_article_is_not_found(self, client, make_article):
        draft = make_article(status=Article.Status.DRAFT)
        scheduled = make_article(published_at=timezone.now() + timedelta(hours=1))
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(scheduled.get_absolute_url()).status_code == 404

    def test_an_unknown_slug_is_the_sites_404(self, client, db):
        response = client.get("/meqale/bele-meqale-yoxdur/")
        assert response.status_code == 404
        assert "Səhifə tapılmadı" in text_of(response)


class TestExpertPage:
    def test_shows_signature_bio_and_only_published_articles(self, client, expert, make_article):
        make_article(title="Ekspertin təhlili", expert=expert)
        make_article(title="Ekspertin qaralaması", expert=expert, status=Article.Status.DRAFT)
        make_article(title="Başqasının yazısı")

        response = client.get(expert.get_absolute_url())
        page = soup(response)

        assert page.h1.get_text(strip=True) == "Kənan Novruzov"
        assert expert.signature in page.select_one(".expert__signature").get_text()
        assert "Regional siyasət üzrə şərhçi." in page.select_one(".expert__bio").get_text()
        titles = [h.get_text(strip=True) for h in page.select(".card__title")]
        assert titles == ["Ekspertin təhlili"]

    def test_an_unknown_expert_is_the_sites_404(self, client, db):
        response = client.get("/ekspert/nobody/")
        assert response.status_code == 404
        assert "Səhifə tapılmadı" in text_of(response)
