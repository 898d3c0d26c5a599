"""Azerbaijani case rules, slugs and search folding (core.azerbaijani)."""

import pytest

from core.azerbaijani import az_lower, az_slugify, az_upper, fold


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Tokayev Soçiyə gedir", "tokayev-sociye-gedir"),
        ("Şəki və Qəbələ", "seki-ve-qebele"),
        ("İlham Əliyev", "ilham-eliyev"),
        ("ISLAHAT ÜÇÜN ÇAĞIRIŞ", "islahat-ucun-cagiris"),
        ("Göyçay, Ağdam və Şuşa!", "goycay-agdam-ve-susa"),
        ("Mərkəzi Asiya: 2026-cı il", "merkezi-asiya-2026-ci-il"),
    ],
)
def test_slugs_transliterate_every_azerbaijani_letter(title, slug):
    assert az_slugify(title) == slug


def test_slug_of_only_punctuation_is_empty_so_callers_use_a_fallback():
    assert az_slugify("…!?") == ""


def test_upper_case_keeps_dotted_and_dotless_i_apart():
    assert az_upper("strateji əhəmiyyətli sənədlər imzalana bilər") == (
        "STRATEJİ ƏHƏMİYYƏTLİ SƏNƏDLƏR İMZALANA BİLƏR"
    )
    assert az_upper("ıslahat") == "ISLAHAT"


def test_lower_case_keeps_dotted_and_dotless_i_apart():
    assert az_lower("İLHAM") == "ilham"
    assert az_lower("ISLAHAT") == "ıslahat"
    assert az_lower("I\u0307lham") == "ilham"  # decomposed capital İ


@pytest.mark.parametrize("query", ["şəki", "ŞƏKİ", "Şəki", "seki", "SEKI"])
def test_search_folding_makes_spellings_of_seki_equal(query):
    assert fold(query) == "seki"


def test_folding_treats_stored_text_and_query_the_same():
    assert fold("Azərbaycan iqtisadiyyatı") == fold("azerbaycan IQTISADIYYATI")
    assert fold("İlham") == fold("ilham") == fold("ILHAM")
