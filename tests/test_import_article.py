"""Importing an article exported as plain text from the old portal (the seed file)."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from experts.models import Expert

from .pages import soup

pytestmark = pytest.mark.django_db

SEED_PARAGRAPH_OPENINGS = [
    "Qazaxıstan Prezidenti Kasım-Jomart Tokayev bu gün Soçiyə gedəcək.",
    "Ukrayna ilə müharibə və sivil dünyadan təcrid",
    "Qazaxıstanda çevriliş baş verdikdən",
    "Türk dövlətləri arasında inteqrasiyanın güclənməsi",
    "Buna baxmayaraq, digər Mərkəzi Asiya ölkələri",
    "Rusiya Türk dövlətlərinin inteqrasiyasından",
    "Bundan başqa, çox güman ki, dövlət başçıları",
]


def test_the_seed_article_imports_and_reads_as_on_the_old_site(
    client, seed_article_path, lead_rubric
):
    call_command("import_article", seed_article_path, rubric="bas-yazi", publish=True)

    article = Article.objects.get()
    response = client.get(article.get_absolute_url())
    page = soup(response)

    assert page.h1.get_text(strip=True) == "Tokayev Soçiyə gedir"
    assert page.select_one(".article__header .kicker").get_text(strip=True) == (
        "STRATEJİ ƏHƏMİYYƏTLİ SƏNƏDLƏR İMZALANA BİLƏR"
    )
    paragraphs = [p.get_text() for p in page.select(".article__body p")]
    assert len(paragraphs) == 7
    for paragraph, opening in zip(paragraphs, SEED_PARAGRAPH_OPENINGS, strict=True):
        assert paragraph.startswith(opening)
    signature = page.select_one(".signature")
    assert signature.select_one(".signature__name").get_text(strip=True) == "Kənan Novruzov"
    assert signature.select_one(".signature__line").get_text(strip=True) == (
        "Beynəlxalq Münasibətlər və Diplomatiya Araşdırmaları Mərkəzinin eksperti"
    )
    article_text = " ".join(page.select_one("article").get_text(" ").split())
    assert "Digər xəbərlər" not in article_text
    assert "Rusvat Bayramov" not in article_text
    body_text = page.select_one(".article__body").get_text()
    assert "Baş yazı" not in body_text
    assert "Telefon" not in body_text
    assert article.slug == "tokayev-sociye-gedir"


def test_without_publish_the_import_is_a_draft(seed_article_path, lead_rubric):
    call_command("import_article", seed_article_path, rubric="bas-yazi")
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article not in Article.objects.published()


def test_an_existing_expert_is_reused(seed_article_path, lead_rubric, expert):
    call_command("import_article", seed_article_path, rubric="bas-yazi")
    assert Expert.objects.count() == 1
    assert Article.objects.get().expert == expert


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Fayl boşdur"),
        (b"\n\n  \n\xc2\xa0\n", "Fayl boşdur"),
        (b"\nKICKER\n\nParagraph.\n", "Birinci sətir başlıq olmalıdır"),
        (b"Ba\xfe yaz\xfd\nKICKER\n\nM\xe4tn.\n", "UTF-8"),
        ("Başlıq\nYARIMBAŞLIQ\n\nDigər xəbərlər\nBaş yazı\n".encode(), "mətni yoxdur"),
    ],
    ids=["empty", "only-blank-lines", "no-title", "not-utf8", "no-body"],
)
def test_bad_input_is_refused_clearly_and_creates_nothing(tmp_path, lead_rubric, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_article", path, rubric="bas-yazi")
    assert not Article.objects.exists()
    assert not Expert.objects.exists()


def test_a_missing_file_or_rubric_is_refused_clearly(tmp_path, seed_article_path, db):
    with pytest.raises(CommandError, match="Faylı oxumaq olmur"):
        call_command("import_article", tmp_path / "yoxdur.txt", rubric="bas-yazi")
    with pytest.raises(CommandError, match="rubrika yoxdur"):
        call_command("import_article", seed_article_path, rubric="bas-yazi")
