"""The newsroom's workflow steps, as the admin, the importer and the tests call them.

    draft ──submit──▶ review ──publish──▶ published (now, or scheduled)
      ▲                  │                    │
      └────unpublish─────┴────unpublish───────┘

Each step (submit, publish, schedule, unpublish, restore, import) checks that
it is allowed from the article's status (else ``WorkflowError``, whose message
the editor reads), changes the status, and saves the article with whatever
else the caller changed on it, as one revision (django-reversion) that names
the step and who took it. ``save()``
itself only derives fields; who may take which step is the admin's business
(``ArticleAdmin``), since it depends on the user's role.
"""

import reversion
from django.db import transaction
from django.utils import timezone

from core.dates import format_datetime, format_datetime_seconds

from . import batching
from .models import Article, Tag, TaggedArticle

# The article's text, as an earlier version brings it back. Its place in the
# workflow (status, publication time), its address and its save counter stay
# as they are now: a restore never publishes, unpublishes or renames by surprise.
RESTORED_FIELDS = [
    "title",
    "kicker",
    "lead",
    "body",
    "image",
    "image_alt",
    "image_caption",
    "image_credit",
    "rubric",
    "expert",
]


class WorkflowError(Exception):
    """A status change the workflow does not allow (e.g. submitting a published article)."""


def _save_step(article, comment, by):
    """Save ``article`` as one revision commented with the step it took."""
    with transaction.atomic(), reversion.create_revision():
        if by is not None:
            reversion.set_user(by)
        reversion.set_comment(comment)
        article.save()
    return article


def submit_for_review(article, *, by=None):
    """An author hands a draft to the editors."""
    if article.status != Article.Status.DRAFT:
        raise WorkflowError("Yalnız qaralama yoxlamaya göndərilə bilər.")
    article.status = Article.Status.REVIEW
    return _save_step(article, "Məqalə yoxlamaya göndərildi.", by)


def publish(article, *, by=None, at=None):
    """Publish now, or at ``at`` (or the article's own ``published_at``) if that is
    still to come: a scheduled article appears by itself at its minute."""
    if article.status == Article.Status.PUBLISHED:
        raise WorkflowError("Məqalə artıq dərc olunub.")
    article.status = Article.Status.PUBLISHED
    if at is not None:
        article.published_at = at
    elif article.published_at is None:
        article.published_at = timezone.now()
    return _save_step(article, f"Məqalə {publication_outcome(article)}.", by)


def schedule(article, at, *, by=None):
    """Publish at ``at``, a time still to come (a time past publishes now)."""
    return publish(article, by=by, at=at)


def publication_outcome(article):
    """What the history and the editor are told: published, or when it will be."""
    if article.is_scheduled:
        return f"{format_datetime(article.published_at)} tarixində dərc olunacaq"
    return "dərc olundu"


def unpublish(article, *, by=None):
    """Take an article off the site (or out of review) back to draft."""
    if article.status == Article.Status.DRAFT:
        raise WorkflowError("Məqalə onsuz da qaralamadır.")
    article.status = Article.Status.DRAFT
    return _save_step(article, "Məqalə qaralamaya qaytarıldı.", by)


IMPORTED = "Məqalə idxal olundu."


def import_article(article, *, publish=False, by=None):
    """Store an article brought from elsewhere (an export of the old portal): a
    draft for the editors, or published now.

    Inside ``importing_batch`` the article joins the batch's revision and
    its bookkeeping is done when the batch ends; otherwise it is its own revision.
    """
    if publish:
        article.status = Article.Status.PUBLISHED
        article.published_at = article.published_at or timezone.now()
    if batching.current() is not None:
        article.save()
        return article
    return _save_step(article, IMPORTED, by)


def importing_batch(*, by=None):
    """Import many articles as one batch (``articles.batching``), in one transaction:

        with workflow.importing_batch() as batch:
            for each in items:
                with batch.item():  # whole or not at all
                    workflow.import_article(...)

    One revision ("Məqalə idxal olundu.") holds a version of every article
    imported in it; the cached pages, the vocabulary and the schedule are
    brought up to date once, at its end.
    """
    return batching.batch(IMPORTED, by=by)


def text_of_version(version):
    """``{field name: value}`` of ``RESTORED_FIELDS`` as an earlier ``version`` held
    them (a foreign key as its id, as a form's initial data takes it)."""
    stored = version.field_dict  # keyed by attname: "rubric_id", not "rubric"
    attnames = {name: Article._meta.get_field(name).attname for name in RESTORED_FIELDS}
    return {name: stored[attname] for name, attname in attnames.items() if attname in stored}


def tags_of_version(version):
    """The tags (``Tag`` rows, by name) the article had in an earlier ``version``;
    ``None`` when its revision kept no tag rows of it.

    Revisions follow the article's tag rows, so a version holds its tags; an
    empty answer cannot tell "no tags" from a revision made before they were
    kept, and a restore then leaves the tags as they are, losing none. A tag
    deleted since is left out.
    """
    rows = version.revision.version_set.get_for_model(TaggedArticle)
    tag_ids = {
        row.field_dict["tag_id"]
        for row in rows
        if str(row.field_dict["content_object_id"]) == version.object_id
    }
    if not tag_ids:
        return None
    return list(Tag.objects.filter(pk__in=tag_ids).order_by("name"))


def restore(article, version, *, by=None):
    """Bring back the text and the tags of an earlier ``version``, as a new revision."""
    for name, value in text_of_version(version).items():
        setattr(article, Article._meta.get_field(name).attname, value)
    tags = tags_of_version(version)
    with transaction.atomic(), reversion.create_revision():
        record_restore(article, version, by=by)
        if tags is not None:
            article.tags.set(tags)
    return article


def record_restore(article, version, *, by=None):
    """Save ``article``, which carries an earlier version's text (the admin's
    revision form, where the editor may still correct it), as a restore."""
    when = format_datetime_seconds(version.revision.date_created)
    return _save_step(article, f"{when} tarixli versiya bərpa olundu.", by)
