"""Helpers to read pages as a reader sees them, not as strings of HTML."""

from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(response):
    """The page's visible text with white space collapsed."""
    return " ".join(soup(response).get_text(" ").split())


VERSIONS_TABLE = "cache_engine_tagversion"


def content_queries(queries):
    """The SQL of ``queries`` (a ``CaptureQueriesContext``) other than the one read of
    cache-tag versions that every cached page makes (``cache_engine.versions``)."""
    return [q["sql"] for q in queries.captured_queries if VERSIONS_TABLE not in q["sql"]]


def version_reads(queries):
    return [q["sql"] for q in queries.captured_queries if VERSIONS_TABLE in q["sql"]]


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_documents(client):
    """The XML of every sitemap /sitemap.xml (the index) points to, as a crawler reads them."""
    from urllib.parse import urlsplit
    from xml.etree import ElementTree

    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    documents = []
    for loc in ElementTree.fromstring(index.content).iter(f"{SITEMAP_NS}loc"):
        parts = urlsplit(loc.text)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert response.status_code == 200, loc.text
        documents.append(response.content.decode())
    return documents


def sitemap_text(client):
    """Everything the sitemaps list, as one text (to look for an address or a slug in)."""
    return "\n".join(sitemap_documents(client))
