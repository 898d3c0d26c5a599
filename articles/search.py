"""Reader search: the query's rules, and highlighted snippets, by Azerbaijani folding.

The database finds and ranks articles by their stored folded text (folded by
``core.azerbaijani.fold``; on PostgreSQL as the ``search_vector`` that
``weighted_vector`` declares). The snippet a reader sees must
show the article's own words ("Şəki", not the folded "seki"), so it is cut
from the original text here, where every folded letter still knows which
letter of the original it came from. PostgreSQL's ``ts_headline`` cannot do
that: it has no Azerbaijani rules and would highlight the folded text.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from core.azerbaijani import fold
from core.fulltext import OnPostgresOnly

# A reader's query is a few words; anything longer is cut, not refused, so a
# pasted paragraph still finds its article and a 10 000-character query
# cannot turn into 10 000 database conditions.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
SNIPPET_LENGTH = 220
# Results are counted up to this many ("200-dən çox"), and paged as far
# (10 pages of 20: readers seldom go past the first); as many are ranked in
# one query (``RankedMatches``). A common word's count reads rows until the
# bound: 1 000 cost a query for "Pashinyan" 50 ms at 100 000 articles, 200
# cost 10 ms (bench/search.py, docs/performance.md).
MAX_COUNTED = 200
# A query matched by more than ``MAX_COUNTED`` of the newest this many public
# articles (the filters applied) is ranked among them alone: they already fill
# every page a reader can open, and what it costs is reading this many rows by
# primary key, at a thousand articles or a million. Ranking all the matches of
# a common word ("nazirliyi") read the whole archive, and ranking the best of
# them needs all of them (docs/performance.md, "Search at scale": what that
# costs in relevance). 2 000 is about ten days of a newsroom's articles, well
# under the rows bench/scale.py lets one plan step read (5 000); older articles
# of a common word are found by narrowing the dates or adding a word.
RECENT_ARTICLES = 2_000
# The newest this many are checked first: a query that matches no more than
# its share of ``MAX_COUNTED`` among them is no common word, and goes to the
# full-text index at once, after reading an eighth of ``RECENT_ARTICLES``.
RECENT_PROBE = 250

# What the stored folded columns weigh in the full-text vector: headline,
# kicker, lead (with the expert's name), then everything (search_document).
WEIGHTED_COLUMNS = (
    ("search_title", "A"),
    ("search_kicker", "B"),
    ("search_lead", "C"),
    ("search_document", "D"),
)
# The configuration that only splits words: the text is already folded by
# our own rules, and PostgreSQL has no Azerbaijani dictionary or stemmer.
CONFIG = "simple"
# ts_rank divides by 1 + the logarithm of the vector's length: among articles
# whose headline holds the query, the one whose headline says little else wins.
RANK_NORMALIZATION = 1


def weighted_vector(columns):
    """``setweight(to_tsvector('simple', column), weight) || …`` over ``columns``,
    for a ``GeneratedField`` (PostgreSQL only, NULL elsewhere: ``OnPostgresOnly``)."""
    vectors = [SearchVector(column, weight=weight, config=CONFIG) for column, weight in columns]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return OnPostgresOnly(combined)


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OR = "or"


@dataclass(frozen=True)
class Term:
    """One thing a reader asked for: a word, or a quoted phrase of adjacent words.

    ``negated`` is "-word": the article must not hold it.
    """

    words: tuple
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """A reader's query by the rules of web search engines (PostgreSQL's
    ``websearch_to_tsquery``): every term is required; ``or`` between two terms
    accepts either; ``-term`` excludes; ``"…"`` is a phrase. Words are folded
    (``core.azerbaijani.fold``), so SQL, tsquery or regular-expression
    characters never reach the database as anything but word separators.

    ``groups`` is a list of alternatives (an OR) that must each match (an AND).
    """

    groups: tuple

    @classmethod
    def parse(cls, query):
        groups, budget, join_next = [], MAX_QUERY_WORDS, False
        for match in _TOKEN.finditer((query or "")[:MAX_QUERY_LENGTH]):
            negated_phrase, phrase, bare = match.groups()
            if phrase is not None:
                negated, text, is_phrase = bool(negated_phrase), phrase, True
            else:
                negated = bare.startswith("-") and len(bare) > 1
                text, is_phrase = (bare[1:] if negated else bare), False
            words = fold(text).replace("_", " ").split()
            if not is_phrase and not negated and words == [_OR]:
                join_next = bool(groups)
                continue
            words = words[:budget]
            if not words:
                continue
            budget -= len(words)
            terms = (
                [Term(tuple(words), negated)]
                if is_phrase
                else [Term((word,), negated) for word in words]
            )
            if join_next and not negated:
                groups[-1] = groups[-1] + (terms[0],)
                terms = terms[1:]
            groups.extend((term,) for term in terms if (term,) not in groups)
            join_next = False
            if budget <= 0:
                break
        return cls(tuple(groups))

    @property
    def is_empty(self):
        """A query with nothing a reader asks to find (no words, or only "-word")."""
        return not self.positive_words

    @property
    def normalised(self):
        """The query as the newsroom's statistics count it: folded words, with
        the reader's ``or``, ``-`` and quotes ("Şəki  TURİZM" and "seki turizm" are one)."""

        def shown(term):
            text = " ".join(term.words)
            text = f'"{text}"' if len(term.words) > 1 else text
            return f"-{text}" if term.negated else text

        return " ".join(" or ".join(shown(term) for term in group) for group in self.groups)

    def replaced(self, replacements):
        """The query written out with some words replaced (``{folded: spelling}``):
        what "Bunu axtarırdınız" proposes."""
        normalised = self.normalised
        return " ".join(replacements.get(word, word) for word in normalised.split(" "))

    @property
    def is_one_word(self):
        """One wanted word and nothing else: a match in the head is a match."""
        return (
            len(self.groups) == 1
            and len(self.groups[0]) == 1
            and not self.groups[0][0].negated
            and len(self.groups[0][0].words) == 1
        )

    @property
    def positive_words(self):
        """The folded words the reader looks for, in order, each once (what is highlighted)."""
        words = [
            word
            for group in self.groups
            for term in group
            if not term.negated
            for word in term.words
        ]
        return list(dict.fromkeys(words))

    def tsquery(self, alternatives=None):
        """The query as ``to_tsquery`` text; every word a prefix (``seki:*`` finds
        "Şəkidə"), each with its ``alternatives`` (near spellings) ORed in."""
        alternatives = alternatives or {}

        def lexeme(word):
            forms = [word, *alternatives.get(word, ())]
            joined = " | ".join(f"'{form}':*" for form in forms)
            return f"({joined})" if len(forms) > 1 else joined

        def term_sql(term):
            sql = " <-> ".join(lexeme(word) for word in term.words)
            sql = f"({sql})" if len(term.words) > 1 else sql
            return f"!{sql}" if term.negated else sql

        return " & ".join(
            "(" + " | ".join(term_sql(term) for term in group) + ")" for group in self.groups
        )

    def any_word_tsquery(self, alternatives=None, prefix=True):
        """Any one of the wanted words (near spellings included), as prefixes or,
        with ``prefix=False``, as whole words: ranking adds the latter, so
        "iqtisadi" itself outranks "iqtisadiyyat"."""
        alternatives = alternatives or {}
        words = [
            form for word in self.positive_words for form in (word, *alternatives.get(word, ()))
        ]
        suffix = ":*" if prefix else ""
        return " | ".join(f"'{word}'{suffix}" for word in dict.fromkeys(words))

    def search_query(self, alternatives=None, any_word=False, prefix=True):
        """The ``SearchQuery`` of ``tsquery``, or of ``any_word_tsquery`` (PostgreSQL)."""
        if any_word:
            text = self.any_word_tsquery(alternatives, prefix)
        else:
            text = self.tsquery(alternatives)
        return SearchQuery(text, search_type="raw", config=CONFIG)

    def text_filter(self, field="search_document", alternatives=None):
        """The same query as substring conditions on a folded text ``field``: the
        fallback where there is no full-text search (SQLite)."""
        alternatives = alternatives or {}

        def term_q(term):
            if len(term.words) > 1:
                q = Q(**{f"{field}__contains": " ".join(term.words)})
            else:
                q = Q()
                for form in (term.words[0], *alternatives.get(term.words[0], ())):
                    q |= Q(**{f"{field}__contains": form})
            return ~q if term.negated else q

        condition = Q()
        for group in self.groups:
            alternatives_q = Q()
            for term in group:
                alternatives_q |= term_q(term)
            condition &= alternatives_q
        return condition


def query_words(query):
    """The folded words a reader looks for in ``query``, at most ``MAX_QUERY_WORDS``.

    Punctuation folds away, so SQL, regular-expression or HTML characters in
    a query are never more than word separators.
    """
    return ParsedQuery.parse(query).positive_words


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

    ``query`` is the reader's text, or the list of folded words to mark.
    Returns safe HTML: the text is escaped, only the ``<mark>`` tags are ours.
    """
    words = query_words(query) if isinstance(query, str) else query
    text = " ".join(text.split())
    spans = _match_spans(text, words)
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


class RankedMatches:
    """Search results on PostgreSQL, best first; sliceable and countable for a ``Paginator``.

    The order: articles whose headline, kicker or lead hold a wanted word, by
    rank, then those that hold it only in the body, newest first. The newest
    ``RECENT_PROBE`` articles the filters allow are checked first; when the
    query matches enough of them to fill the pages from the newest
    ``RECENT_ARTICLES``, those are checked too, each with its rank (a bounded
    walk by primary key that the planner cannot trade for the full-text
    index, which for a common word holds the whole archive). When they hold
    more than ``MAX_COUNTED`` matches, or are the whole list, those are the
    results. Otherwise the full-text index finds the matches: up to
    ``MAX_COUNTED``, ranked by one query (a number each, from the small head
    vector) and the page read by primary key. More than that (a word common
    in the past, rarer lately): the articles with the word up front are
    ranked (from the head vector's GIN index) and the rest come from the date
    index, which stops at the page's end.
    """

    ordered = True

    def __init__(self, matches, rank, in_head, *, listing, condition, head_source=None):
        """``rank`` None: newest first, read the same bounded way (the reader's
        "Əvvəlcə ən yenilər"; ``matches`` is ordered so). ``listing``: the
        articles the filters allow, newest first, before matching
        (``for_listing``); ``condition``: what ``matches`` requires of them.
        ``head_source``: where to look for head matches when ``in_head`` alone
        implies a match (a one-word query), sparing the check of the whole text."""
        self.matches, self.rank, self.in_head = matches, rank, in_head
        self.listing, self.condition = listing, condition
        self.head_source = self.matches if head_source is None else head_source
        self._ranks_limit = None

    def _ranked(self, matches):
        return matches.annotate(search_rank=self.rank).order_by(
            "-search_rank", "-published_at", "-pk"
        )

    def count(self):
        return self.matches.count()

    def count_up_to(self, limit):
        return min(len(self._ranks_up_to(limit)), limit)

    def _ranks_up_to(self, limit):
        """(rank, published_at, pk) of the matches ranked, in no order: those of the
        newest ``RECENT_ARTICLES`` when at least ``limit`` are there (or the list
        ends there), else up to ``limit`` from the full-text index.
        ``self.all_ranked`` says whether they are all the results to page through."""
        if self._ranks_limit != limit:
            rank = Value(0.0) if self.rank is None else self.rank
            newest = self.listing.values_list("pk", flat=True)
            probe = min(RECENT_PROBE, RECENT_ARTICLES)
            rows = self._newest_ranks(newest[:probe], rank)
            whole_list = len(rows) < probe
            ranks = [row for row in rows if row[0] is not None]
            on_course = len(ranks) * RECENT_ARTICLES > MAX_COUNTED * probe  # to fill the pages
            if on_course and probe < RECENT_ARTICLES:
                rows = self._newest_ranks(newest[probe:RECENT_ARTICLES], rank)
                whole_list = whole_list or len(rows) < RECENT_ARTICLES - probe
                ranks += [row for row in rows if row[0] is not None]
            self.all_ranked = len(ranks) >= limit or whole_list
            if not self.all_ranked:
                ranks = list(
                    self.matches.order_by()
                    .annotate(search_rank=rank)
                    .values_list("search_rank", "published_at", "pk")[:limit]
                )
                self.all_ranked = len(ranks) < limit
            self._ranks, self._ranks_limit = ranks, limit
        return self._ranks

    def _newest_ranks(self, keys, rank):
        """(rank or None when it does not match, published_at, pk) of the articles
        whose primary keys the query ``keys`` selects.

        The keys are read once, as an array (an InitPlan), and the rows by
        primary key, the text condition inside a CASE: nothing the full-text
        index can answer, so the planner cannot trade this walk for that index,
        which for a common word holds the whole archive.
        """
        return list(
            self.listing.order_by()
            .filter(_KeyIn(keys))
            .annotate(search_rank=Case(When(self.condition, then=rank)))
            .values_list("search_rank", "published_at", "pk")
        )

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self[0:None])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ranks = self._ranks_up_to(MAX_COUNTED + 1)
        if self.all_ranked:
            wanted = [pk for *_, pk in sorted(ranks, reverse=True)[index]]
            # Known matches, read by primary key only: asked to match again, the
            # planner might read the full-text index for a handful of rows.
            by_pk = self.listing.order_by().filter(pk__in=wanted).in_bulk()
            return [by_pk[pk] for pk in wanted if pk in by_pk]
        if self.rank is None:
            return list(self.matches[index])
        start, stop = index.start or 0, index.stop
        head = self._ranked(self.head_source.filter(self.in_head))
        # Ranked narrow (the primary key only), then the page's rows joined:
        # thousands of head matches never carry a whole article through the sort.
        page_keys = head.values("pk")[start:stop]
        page = list(self._ranked(self.head_source.filter(pk__in=page_keys)))
        if stop is not None and len(page) == stop - start:
            return page
        # Where the head ends: within this slice, or (a later page) counted.
        head_count = start + len(page) if page or start == 0 else head.count()
        rest_stop = None if stop is None else stop - head_count
        rest = self.matches.exclude(self.in_head)
        return page + list(rest[max(0, start - head_count) : rest_stop])


class _KeyIn(Func):
    """``pk = ANY(ARRAY(keys))``: the keys a subquery selects, read once (an
    InitPlan), then each row by primary key. As ``pk__in`` (a semi-join) the
    planner may hash the keys and scan the whole table for them instead."""

    # Rendered "<pk> = ANY(ARRAY(<keys>))": the two expressions joined by the
    # opening of the array, which the template closes.
    template = "%(expressions)s)"
    arg_joiner = " = ANY(ARRAY"
    output_field = BooleanField()

    def __init__(self, keys):
        super().__init__(F("pk"), Subquery(keys))


def count_up_to(results, limit):
    """How many ``results`` there are, counting no further than ``limit``: a
    common word's full count would cost more than the page itself."""
    if isinstance(results, RankedMatches):
        return results.count_up_to(limit)
    # Unordered: the list's order would make the database walk the date index.
    return results.order_by()[:limit].count()


class SearchResult:
    """One line of the results page: the article, its title and a snippet, matches marked."""

    def __init__(self, article, words):
        self.article = article
        self.title = highlight(article.title, words, length=len(article.title) + 1)
        self.snippet = highlight(f"{article.lead} {plain_text(article.body)}", words)


_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|blockquote|div|tr|td|th|figcaption)>|<br\s*/?>)", re.I)


def plain_text(html):
    """The text of an article body, a space where a paragraph or heading ends.

    ``strip_tags`` alone glues "…edəcək.</p><h2>Gündəlik" into "edəcək.Gündəlik".
    """
    return strip_tags(_BLOCK_END.sub(r"\1 ", html))
