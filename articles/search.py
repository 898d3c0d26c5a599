"""Reader search: query words and highlighted snippets, by Azerbaijani folding.

The database finds and ranks articles by their stored ``search_document``
(text folded by ``core.azerbaijani.fold``). The snippet a reader sees must
show the article's own words ("Şəki", not the folded "seki"), so it is cut
from the original text here, where every folded letter still knows which
letter of the original it came from. PostgreSQL's ``ts_headline`` cannot do
that: it has no Azerbaijani rules and would highlight the folded text.
"""

import re

from django.db.models import FloatField
from django.db.models.expressions import RawSQL
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from core.azerbaijani import fold

# A reader's query is a few words; anything longer is cut, not refused, so a
# pasted paragraph still finds its article and a 10 000-character query
# cannot turn into 10 000 database conditions.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
SNIPPET_LENGTH = 220


def query_words(query):
    """The folded words of a reader's query, at most ``MAX_QUERY_WORDS`` of them.

    Punctuation folds away, so SQL, regular-expression or HTML characters in
    a query are never more than word separators.
    """
    words = fold((query or "")[:MAX_QUERY_LENGTH]).split()
    return list(dict.fromkeys(words))[:MAX_QUERY_WORDS]


def _fold_char(char):
    """Fold one character with ``fold``; a non-word character becomes a space."""
    return fold(char) or " "


def fold_with_positions(text):
    """``text`` folded letter by letter, with the index in ``text`` of each folded letter.

    Unlike ``fold`` it keeps every separator, so a match found in the folded
    string maps back to the exact letters of the original.
    """
    folded, positions = [], []
    for index, char in enumerate(text):
        for part in _fold_char(char):
            folded.append(part)
            positions.append(index)
    return "".join(folded), positions


def _match_spans(text, words):
    """Sorted, non-overlapping (start, end) spans of ``text`` whose folding is one of ``words``."""
    folded, positions = fold_with_positions(text)
    spans = []
    for word in words:
        for match in re.finditer(re.escape(word), folded):
            spans.append((positions[match.start()], positions[match.end() - 1] + 1))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text, spans, length):
    """The (start, end) of a ``length``-character window around the first match, on word edges."""
    if len(text) <= length:
        return 0, len(text)
    first = spans[0][0] if spans else 0
    start = max(0, first - length // 4)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > max(start, spans[0][1] if spans else start) else end
    return start, end


def highlight(text, query, length=SNIPPET_LENGTH):
    """A snippet of ``text`` around the first match of ``query``, matches in ``<mark>``.

    Returns safe HTML: the text is escaped, only the ``<mark>`` tags are ours.
    """
    text = " ".join(text.split())
    spans = _match_spans(text, query_words(query))
    start, end = _window(text, spans, length)
    pieces = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    pieces.append("…" if end < len(text) else "")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above


def postgres_rank(words, table):
    """PostgreSQL full-text relevance of ``table``'s folded text to the folded ``words``.

    It reads the stored ``search_vector`` column (migration 0006, generated
    from ``search_document`` with the ``simple`` configuration, which only
    splits words: the text is already folded by our own rules, and
    PostgreSQL has no Azerbaijani stemmer). Each word counts as a prefix
    (``seki:*`` also ranks "Şəkidə").
    """
    tsquery = " & ".join(f"'{word}':*" for word in words)  # words are \w+ only
    return RawSQL(
        f"""ts_rank("{table}".search_vector, to_tsquery('simple', %s))""",
        (tsquery,),
        output_field=FloatField(),
    )


class SearchResult:
    """One line of the results page: the article, its title and a snippet, matches marked."""

    def __init__(self, article, query):
        self.article = article
        self.title = highlight(article.title, query, length=len(article.title) + 1)
        self.snippet = highlight(f"{article.lead} {plain_text(article.body)}", query)


_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|blockquote|div|tr|td|th|figcaption)>|<br\s*/?>)", re.I)


def plain_text(html):
    """The text of an article body, a space where a paragraph or heading ends.

    ``strip_tags`` alone glues "…edəcək.</p><h2>Gündəlik" into "edəcək.Gündəlik".
    """
    return strip_tags(_BLOCK_END.sub(r"\1 ", html))
