"""Many article saves as one batch: the bookkeeping of each save done once at its end.

Every save of an article sets off bookkeeping (``articles.receivers``): a
revision, the invalidation of the cached pages that show it, the schedule's
next due moment, the search vocabulary. For one editor's save that is right;
for an import of thousands of articles it is most of the work, and each of
them gives the same result when done once for the whole batch.

Inside ``Batch`` (``articles.workflow.importing_batch`` opens one), the
receivers hand each save to the batch instead of doing the work themselves
(they read ``current()``). When the batch ends, still in its transaction, it
records one revision holding a version of each article saved in it, gives
every tag those saves touched one new version (a withdrawal if any of them took
something off the site), adds their words to the vocabulary and computes the
schedule's next due moment: the same state as saving them one by one, at the
same commit.

An item of the batch (``Batch.item()``) is written whole or not at all: it has
its own savepoint, and when it fails, what its saves handed to the batch is
dropped with its rows (no version, no words of an article that was never
written).
"""

import contextlib
import contextvars
from collections import Counter
from dataclasses import dataclass, field

import reversion
from django.db import transaction

_current = contextvars.ContextVar("articles_batch", default=None)


def current():
    """The batch the saves of this context belong to, or None (each save on its own)."""
    return _current.get()


@dataclass
class _Deferred:
    """What saves handed over: articles to version, tags to invalidate, words to remember."""

    articles: dict = field(default_factory=dict)  # pk -> the article as saved
    tags: set = field(default_factory=set)
    withdrawal: bool = False
    words: Counter = field(default_factory=Counter)  # folded word -> public saves carrying it
    spellings: dict = field(default_factory=dict)

    def merge(self, other):
        self.articles.update(other.articles)
        self.tags |= other.tags
        self.withdrawal = self.withdrawal or other.withdrawal
        self.words.update(other.words)
        for word, spelling in other.spellings.items():
            self.spellings.setdefault(word, spelling)


class Batch:
    """Saves whose bookkeeping is done once, when the batch ends (see the module docstring)."""

    def __init__(self, comment, by=None):
        self.comment = comment
        self.by = by
        self._done = _Deferred()
        self._item = None  # the running item's share, merged when it succeeds

    @property
    def _open(self):
        return self._item if self._item is not None else self._done

    def article_saved(self, article, *, tags, withdrawal, words):
        """Called by the receivers for each save of an article in this batch.

        ``words`` are the ``{folded: spelling}`` the save adds to the vocabulary
        (empty for an article readers cannot see).
        """
        deferred = self._open
        deferred.articles[article.pk] = article
        deferred.tags |= set(tags)
        deferred.withdrawal = deferred.withdrawal or withdrawal
        deferred.words.update(words.keys())
        for word, spelling in words.items():
            deferred.spellings.setdefault(word, spelling)

    @contextlib.contextmanager
    def item(self):
        """One item of the batch, in its own savepoint: written whole or not at all."""
        if self._item is not None:
            raise RuntimeError("Batch items do not nest.")
        self._item = _Deferred()
        try:
            with transaction.atomic():
                yield
            self._done.merge(self._item)
        finally:
            self._item = None

    def finish(self):
        """The batch's bookkeeping, in its transaction (``articles.receivers`` does
        the same for a single save)."""
        # Imported here: these modules import the models, and receivers import this one.
        from cache_engine.versions import invalidate

        from . import schedule, vocabulary

        done = self._done
        if done.articles:
            # One revision, a version of each article as it was saved.
            with reversion.create_revision(atomic=False):
                reversion.set_comment(self.comment)
                if self.by is not None:
                    reversion.set_user(self.by)
                for article in done.articles.values():
                    reversion.add_to_revision(article)
        if done.tags:
            invalidate(*done.tags, withdrawal=done.withdrawal)
        if done.words:
            vocabulary.count_words(done.words, done.spellings)
        if done.articles:
            schedule.schedule_changed()


@contextlib.contextmanager
def batch(comment, *, by=None):
    """Open a ``Batch`` in a transaction; its bookkeeping is done when it ends."""
    if _current.get() is not None:
        raise RuntimeError("Batches do not nest.")
    opened = Batch(comment, by=by)
    with transaction.atomic():
        token = _current.set(opened)
        try:
            yield opened
        finally:
            _current.reset(token)
        opened.finish()
