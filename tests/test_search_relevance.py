"""The team's relevance set: what readers type, and the article that must come first.

bench/search_corpus.py generates 2 000 realistic articles from templates of
Azerbaijani sentences, quoting the target stories' headlines in fresher
articles' bodies and leads, and lists 79 queries (diacritics dropped,
capitals, İ/ı, typos, names, phrases, "or" and "-"). On PostgreSQL the mean
reciprocal rank must reach 0.9; SQLite's simpler ranking (headline first,
then newest; typos by difflib) must reach 0.8.
Per-query timing lives in bench/search.py, not here.
"""

import importlib.util
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

_path = Path(__file__).resolve().parent.parent / "bench" / "search_corpus.py"
_spec = importlib.util.spec_from_file_location("search_corpus", _path)
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


def test_the_relevance_set_is_large_and_varied():
    queries = [query for query, _ in corpus.QUERIES]
    assert len(queries) >= 60
    assert any(query.isupper() and "İ" in query for query in queries)
    assert any('"' in query for query in queries)
    assert any(" or " in query for query in queries)
    assert "Tokaev" in queries and "Azerbaycan Avropa Ittifaqi memorandum" in queries


@pytest.fixture
def loaded_corpus(db):
    return corpus.load(2000)


def _report(results):
    misses = "\n".join(f"{rank}\t{query}" for query, rank, _, _ in results if rank != 1)
    return f"MRR {corpus.mean_reciprocal_rank(results):.3f}, not first:\n{misses}"


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ranking")
def test_postgresql_puts_the_expected_article_first(loaded_corpus):
    results = corpus.evaluate(loaded_corpus)
    assert corpus.mean_reciprocal_rank(results) >= 0.9, _report(results)
    assert corpus.mean_ndcg(results) >= 0.9, _report(results)
    print(_report(results))


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the fallback's own bar")
def test_the_fallback_finds_most_targets_first(loaded_corpus):
    results = corpus.evaluate(loaded_corpus)
    assert corpus.mean_reciprocal_rank(results) >= 0.8, _report(results)
    print(_report(results))
