"""The words readers can find on the site, for forgiving their typos.

A reader who types "Tokaev" or "prezdent" finds nothing by the letters alone.
``SearchWord`` keeps every word of the public articles, folded (the key) and
as the newsroom spelled it (what "Bunu axtarırdınız: …" shows), updated by
each save of a public article (``articles.receivers``). A query word that is
not in it is matched against it by trigram similarity (pg_trgm on
PostgreSQL, from a GIN index; ``difflib`` elsewhere), and the near spellings
found count as the word: "Tokaev" finds "Tokayev". Folding already makes
"Azerbaycan" find "Azərbaycan"; trigrams add the missing or swapped letters.

Only public articles feed it, so a suggestion never shows a draft's word.
"""

import difflib
import re
from collections import Counter

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils.html import strip_tags

from core.azerbaijani import az_lower, fold
from core.fulltext import PostgresGinIndex

# Words shorter than this are too short for a trigram to tell apart.
MIN_WORD_LENGTH = 3
MAX_WORD_LENGTH = 60
# How alike (pg_trgm similarity, 0-1) a vocabulary word must be to count as
# a misspelt query word; "tokaev"/"tokayev" is 0.5, unrelated words < 0.3.
SIMILARITY = 0.4
# The same threshold for difflib's ratio, which scores a letter's difference higher.
DIFFLIB_CUTOFF = 0.75
NEAR_SPELLINGS_PER_WORD = 3
# At most this many vocabulary words are read for one query.
CANDIDATES = 60
# At most this many words in one query's IN list (SQLite limits its parameters).
WORDS_PER_QUERY = 900
_TOKEN = re.compile(r"\w+", re.UNICODE)


class SearchWord(models.Model):
    """One word of the site's public text: folded, as spelled, and how often published."""

    word = models.CharField("qatlanmış söz", max_length=MAX_WORD_LENGTH, unique=True)
    spelling = models.CharField("yazılışı", max_length=MAX_WORD_LENGTH)
    frequency = models.PositiveIntegerField(
        "tezlik", default=0, help_text="Sözü daşıyan ictimai məqalələrin saxlanma sayı."
    )

    class Meta:
        verbose_name = "axtarış sözü"
        verbose_name_plural = "axtarış sözləri"
        indexes = [
            PostgresGinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="search_word_trgm"),
        ]

    def __str__(self):
        return self.spelling


def words_of_text(*texts):
    """{folded word: spelling} of the words in ``texts`` (plain text or HTML).

    The spelling is the word as first written; an all-capitals word (a
    kicker) is lower-cased by the Azerbaijani alphabet, and a word seen
    both capitalised and not keeps the lower-case form (a sentence's first
    word is not a name).
    """
    words = {}
    for text in texts:
        # Each distinct token once, in the order first written (a repeated
        # token would give the same word and spelling again).
        for token in dict.fromkeys(_TOKEN.findall(strip_tags(text or ""))):
            folded = fold(token).replace("_", "")
            if not (MIN_WORD_LENGTH <= len(folded) <= MAX_WORD_LENGTH) or folded.isdigit():
                continue
            spelling = az_lower(token) if token.isupper() else token
            if folded not in words or spelling == az_lower(spelling):
                words[folded] = spelling
    return words


def article_words(article):
    return words_of_text(article.title, article.lead, article.body, article.kicker)


def remember_words(article):
    """Add the words of a public ``article`` to the vocabulary (three queries)."""
    if not article.is_public:
        return
    words = article_words(article)
    count_words(Counter(words.keys()), words)


def count_words(counts, spellings):
    """Add ``counts`` (``{folded word: public saves carrying it}``) to the vocabulary,
    spelled as ``spellings`` says for a new word: one update per distinct count,
    one insert (a batch of imported articles adds its words at once)."""
    if not counts:
        return
    words = sorted(counts)
    known_words = set()
    for start in range(0, len(words), WORDS_PER_QUERY):
        chunk = words[start : start + WORDS_PER_QUERY]
        known_words |= set(SearchWord.objects.filter(word__in=chunk).values_list("word", flat=True))
    by_count = {}
    for word in sorted(known_words):
        by_count.setdefault(counts[word], []).append(word)
    for count, same in by_count.items():
        for start in range(0, len(same), WORDS_PER_QUERY):
            SearchWord.objects.filter(word__in=same[start : start + WORDS_PER_QUERY]).update(
                frequency=F("frequency") + count
            )
    SearchWord.objects.bulk_create(
        [
            SearchWord(word=word, spelling=spellings[word], frequency=count)
            for word, count in counts.items()
            if word not in known_words
        ],
        ignore_conflicts=True,
        batch_size=500,
    )


def rebuild_vocabulary(articles):
    """The vocabulary afresh from ``articles`` (public ones): for bulk loads, which
    send no saves, and to forget the words of unpublished articles."""
    frequency, spellings = Counter(), {}
    for article in articles.iterator(chunk_size=500):
        words = article_words(article)
        frequency.update(words.keys())
        for word, spelling in words.items():
            spellings.setdefault(word, spelling)
    SearchWord.objects.all().delete()
    SearchWord.objects.bulk_create(
        (
            SearchWord(word=word, spelling=spellings[word], frequency=count)
            for word, count in frequency.items()
        ),
        batch_size=2000,
    )
    return len(frequency)


def near_spellings(words, using="default"):
    """{query word: [vocabulary words spelt nearly like it]} for the ``words`` the site
    does not know, in one query."""
    words = [word for word in words if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH]
    if not words:
        return {}
    vocabulary = SearchWord.objects.using(using)
    if connections[using].vendor != "postgresql":
        return _near_spellings_by_difflib(words, vocabulary)
    # Each candidate close to any query word (the ``%`` operator, from the GIN
    # index), with its similarity to every query word; exact words come first.
    similarities = {
        f"similarity_{n}": TrigramSimilarity("word", word) for n, word in enumerate(words)
    }
    close_to_any = Q()
    for word in words:
        close_to_any |= Q(word__trigram_similar=word)
    candidates = list(
        vocabulary.filter(close_to_any)
        .annotate(
            **similarities, closest=Greatest(*similarities) if len(words) > 1 else F("similarity_0")
        )
        .order_by("-closest", "-frequency", "word")
        .values("word", "frequency", *similarities)[:CANDIDATES]
    )
    found = {}
    for n, word in enumerate(words):
        if any(candidate["word"] == word for candidate in candidates):
            continue
        near = sorted(
            (c for c in candidates if c[f"similarity_{n}"] >= SIMILARITY),
            key=lambda c: (-c[f"similarity_{n}"], -c["frequency"], c["word"]),
        )
        if near:
            found[word] = [c["word"] for c in near[:NEAR_SPELLINGS_PER_WORD]]
    return found


def _near_spellings_by_difflib(words, vocabulary):
    """Without pg_trgm (SQLite): ``difflib`` over the words of the same first letter."""
    known = set(vocabulary.filter(word__in=words).values_list("word", flat=True))
    found = {}
    for word in words:
        if word in known:
            continue
        candidates = vocabulary.filter(word__startswith=word[0]).values_list("word", flat=True)
        near = difflib.get_close_matches(
            word, list(candidates), n=NEAR_SPELLINGS_PER_WORD, cutoff=DIFFLIB_CUTOFF
        )
        if near:
            found[word] = near
    return found


def spelled(words, using="default"):
    """{folded word: spelling as the site writes it} for ``words``."""
    return dict(
        SearchWord.objects.using(using).filter(word__in=words).values_list("word", "spelling")
    )
