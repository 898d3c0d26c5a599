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


def sitemap_text(client):
    """Every sitemap the index ``/sitemap.xml`` names, read as a search engine
    would, as one text."""
    import re
    from urllib.parse import urlsplit

    index = client.get("/sitemap.xml").content.decode()
    texts = []
    for location in re.findall(r"<loc>([^<]+)</loc>", index):
        address = urlsplit(location.replace("&amp;", "&"))
        texts.append(client.get(address.path + (f"?{address.query}" if address.query else "")))
    return "\n".join(response.content.decode() for response in texts)
