"""What any change of the newsroom's content sets off, whichever code made it.

Connected in ``ArticlesConfig.ready``. Workflow steps are named functions
(``articles.workflow``); these receivers are the bookkeeping every save needs,
from the admin, a workflow step, the importer or a shell alike:

- the cached public pages that showed, show or will show the content are
  invalidated (``articles.caching`` names them), in the edit's own
  transaction; a change that takes something off the site says so, and no
  copy from before it is ever served again (``cache_engine.versions``);
- a save outside a workflow step still keeps a revision (django-reversion);
- in a batch (``articles.batching``, e.g. an import), the save is handed to the
  batch, which records the revision, invalidates, remembers the words and the
  schedule once for all its saves;
- a change of the front page's manşet invalidates the lists and moves the
  moment its next end time is due (``articles.schedule``);
- a public article whose address changed keeps its old one as a redirect;
- an expert's new name reaches the search text of their articles;
- the words of a public article join the search vocabulary (``articles.vocabulary``).
- an article's tags and gallery photos, and a tag's name, are on its page and
  the lists (tag pages, "Oxşar xəbərlər", the "Foto" label, which a photo
  added or removed sets in the article's row);
- an article's tag rows keep a copy of when it is public (``articles.tagging``).
"""

import reversion
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from cache_engine.versions import CHROME, invalidate
from experts.models import Expert
from experts.signals import expert_renamed

from . import batching, caching, schedule, vocabulary
from .models import (
    PUBLICATION_FIELDS,
    Article,
    ArticleOldSlug,
    ArticlePhoto,
    Rubric,
    Tag,
    TaggedArticle,
    TopStory,
    visible_to_readers,
)
from .signals import articles_changed_in_bulk, top_stories_changed_in_bulk


@receiver(pre_save, sender=Article, dispatch_uid="articles.remember_stored_state")
def remember_stored_state(sender, instance, raw=False, **kwargs):
    """Before a save, note what showed the article as stored, and the address readers
    knew it by: it may be moving away from both."""
    if raw:
        return
    stored = (
        Article.objects.filter(pk=instance.pk)
        .annotate(was_public=ExpressionWrapper(visible_to_readers(), output_field=BooleanField()))
        .values_list(
            "slug",
            "status",
            "rubric__slug",
            "expert__slug",
            "was_public",
            "is_urgent",
            "urgent_until",
        )
        .first()
        if instance.pk
        else None
    )
    if stored is None:
        instance._cache_tags_before, instance._public_slug_before = set(), None
        instance._public_place_before = None
        return
    slug, status, rubric_slug, expert_slug, was_public, is_urgent, urgent_until = stored
    was_urgent = is_urgent and urgent_until is not None and urgent_until > timezone.now()
    instance._cache_tags_before = caching.tags_of_article_state(
        slug, status, rubric_slug, expert_slug, was_urgent
    )
    instance._public_slug_before = slug if was_public else None
    instance._public_place_before = (slug, rubric_slug, expert_slug) if was_public else None


@receiver(post_save, sender=Article, dispatch_uid="articles.after_article_saved")
def after_article_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    public_slug_before = getattr(instance, "_public_slug_before", None)
    if public_slug_before and public_slug_before != instance.slug:
        ArticleOldSlug.remember(public_slug_before, instance)
    before = getattr(instance, "_cache_tags_before", set())
    withdrawal = caching.takes_off_site(getattr(instance, "_public_place_before", None), instance)
    batch = batching.current()
    if batch is not None:
        # The batch records the revision and does the rest once, when it ends.
        words = vocabulary.article_words(instance) if instance.is_public else {}
        batch.article_saved(
            instance, tags={*before, *caching.tags_of(instance)}, withdrawal=withdrawal, words=words
        )
        return
    if not reversion.is_active():
        with reversion.create_revision():
            reversion.add_to_revision(instance)
    invalidate(*before, *caching.tags_of(instance), withdrawal=withdrawal)
    schedule.schedule_changed()
    vocabulary.remember_words(instance)


@receiver(post_save, sender=Article, dispatch_uid="articles.copy_publication_to_tags")
def copy_publication_to_tags(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """The article's tag rows keep its ``public_from``, the order and the filter of
    tag pages: every save that may change it copies it, a raw one too (loaddata,
    a deleted article django-reversion brings back, its tag rows perhaps before
    it). A new article made otherwise has no rows yet."""
    if (created and not raw) or (
        update_fields is not None and PUBLICATION_FIELDS.isdisjoint(update_fields)
    ):
        return
    TaggedArticle.objects.filter(content_object=instance).exclude(
        public_from=instance.public_from
    ).update(public_from=instance.public_from)


@receiver(post_save, sender=TaggedArticle, dispatch_uid="articles.copy_publication_to_tag_row")
def copy_publication_to_restored_tag_row(sender, instance, raw=False, **kwargs):
    """A tag row django-reversion brings back is saved raw: not through
    ``TaggedArticle.save``, and without the ``public_from`` its revision leaves
    out. It takes its article's, when the article is back already (else the
    article's own raw save copies it, above)."""
    if raw:
        TaggedArticle.objects.copy_publication([instance.content_object_id])


@receiver(post_delete, sender=Article, dispatch_uid="articles.invalidate_deleted_article")
def invalidate_deleted_article(sender, instance, **kwargs):
    invalidate(*caching.tags_of(instance), withdrawal=True)


@receiver(articles_changed_in_bulk, dispatch_uid="articles.invalidate_after_bulk_change")
def invalidate_after_bulk_change(sender, fields, **kwargs):
    """Which pages a bulk change touched is unknown, so all of them did, and it may
    have taken something off the site."""
    invalidate(CHROME, caching.LISTS, withdrawal=True)
    if fields is None or {"status", "published_at"} & fields:
        schedule.remember_next_due()
        transaction.on_commit(schedule.remember_next_due)


@receiver(post_save, sender=Expert, dispatch_uid="articles.invalidate_expert")
@receiver(pre_delete, sender=Expert, dispatch_uid="articles.invalidate_deleted_expert")
def invalidate_expert(sender, instance, raw=False, **kwargs):
    """An expert's name and signature show on their page, their articles and the lists.

    On deletion this runs before the delete, while the articles still name the expert.
    A new name or address, or none, takes the old one off the site.
    """
    if raw:
        return
    shown_on = {caching.expert_tag(instance.slug), caching.LISTS}
    for slug, rubric_slug in Article.objects.filter(expert_id=instance.pk).values_list(
        "slug", "rubric__slug"
    ):
        shown_on |= {caching.article_tag(slug), caching.rubric_tag(rubric_slug)}
    invalidate(*shown_on, withdrawal=True)


@receiver(expert_renamed, dispatch_uid="articles.refresh_search_text_of_renamed_expert")
def refresh_search_text_of_renamed_expert(sender, instance, **kwargs):
    """Articles are found by their expert's name: store the new name in their
    search text, in one bulk update (one cache invalidation)."""
    articles = list(Article.objects.filter(expert=instance))
    for article in articles:
        article.expert = instance
        article.derive_search_text()
    Article.objects.bulk_update(articles, ["search_lead", "search_document"], batch_size=500)


@receiver(top_stories_changed_in_bulk, dispatch_uid="articles.invalidate_reordered_top_stories")
@receiver(post_save, sender=TopStory, dispatch_uid="articles.invalidate_top_story")
@receiver(post_delete, sender=TopStory, dispatch_uid="articles.invalidate_deleted_top_story")
def invalidate_top_stories(sender, raw=False, **kwargs):
    """The manşet is on the front page (``lists``); its end times join the moment
    ``articles.schedule`` next invalidates pages."""
    if raw:
        return
    invalidate(caching.LISTS)
    schedule.remember_next_due()
    transaction.on_commit(schedule.remember_next_due)


@receiver(post_save, sender=Rubric, dispatch_uid="articles.invalidate_rubric")
@receiver(post_delete, sender=Rubric, dispatch_uid="articles.invalidate_deleted_rubric")
def invalidate_everything(sender, raw=False, **kwargs):
    """The menu and rubric names are on every page (the site's facts invalidate
    themselves in ``SiteSettings.save``); a rubric's new address or its deletion
    takes the old one off the site."""
    if not raw:
        invalidate(CHROME, withdrawal=True)


@receiver(m2m_changed, sender=TaggedArticle, dispatch_uid="articles.invalidate_retagged_article")
def invalidate_retagged_article(sender, instance, action, reverse, **kwargs):
    """Tags added to or removed from an article: its page, and (when readers see or
    will see it) the lists, tag pages and "Oxşar xəbərlər" of other articles."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    # A tag taken off an article takes the article off that tag's page.
    withdrawal = action != "post_add"
    if isinstance(instance, Article):
        invalidate(*caching.tags_of(instance), withdrawal=withdrawal)
    else:  # from the tag's side: every article it is on
        invalidate_tag(sender=Tag, instance=instance, withdrawal=withdrawal)


@receiver(post_save, sender=Tag, dispatch_uid="articles.invalidate_tag")
@receiver(pre_delete, sender=Tag, dispatch_uid="articles.invalidate_deleted_tag")
def invalidate_tag(sender, instance, raw=False, withdrawal=None, **kwargs):
    """A tag's name is on its page (a list: ``lists``) and on its articles' pages.

    On deletion this runs before the delete, while the articles still carry it;
    a deleted or renamed tag takes its page's address off the site.
    """
    if raw or instance.pk is None:
        return
    if withdrawal is None:
        withdrawal = not kwargs.get("created", False)
    slugs = Article.objects.filter(tagged_items__tag=instance).values_list("slug", flat=True)
    invalidate(caching.LISTS, *(caching.article_tag(slug) for slug in slugs), withdrawal=withdrawal)


@receiver(post_save, sender=ArticlePhoto, dispatch_uid="articles.invalidate_photo")
@receiver(post_delete, sender=ArticlePhoto, dispatch_uid="articles.invalidate_deleted_photo")
def invalidate_photo(sender, instance, raw=False, **kwargs):
    """A gallery photo is on its article's page, and makes the "Foto" label in lists;
    a photo removed is taken off the site.

    A photo added or removed (one by one, in the admin's inline, or with its
    article) sets the article's ``has_gallery`` from the photos it has now.
    """
    if raw:
        return
    created = kwargs.get("created")
    withdrawal = created is None  # post_delete sends no "created"
    article = Article.objects.filter(pk=instance.article_id)
    if created or withdrawal:
        article.record_gallery()
    for stored in article.select_related("rubric", "expert"):
        invalidate(*caching.tags_of(stored), withdrawal=withdrawal)
