"""Helpers to read pages as a reader sees them, not as strings of HTML."""

from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(response):
    """The page's visible text with white space collapsed."""
    return " ".join(soup(response).get_text(" ").split())
