"""What any change of the newsroom's content sets off, whichever code made it.

Connected in ``ArticlesConfig.ready``. Workflow steps are named functions
(``articles.workflow``); these receivers are the bookkeeping every save needs,
from the admin, a workflow step, the importer or a shell alike:

- the cached public pages that showed, show or will show the content are
  invalidated (``articles.caching`` names them);
- a save outside a workflow step still keeps a revision (django-reversion);
- a public article whose address changed keeps its old one as a redirect;
- an expert's new name reaches the search text of their articles;
- an article's tags and gallery photos, and a tag's name, are on its page and
  the lists (tag pages, "Oxşar xəbərlər", the "Foto" label).
"""

import reversion
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from cache_engine.versions import CHROME, invalidate_after_change
from experts.models import Expert
from experts.signals import expert_renamed

from . import caching, schedule
from .models import (
    Article,
    ArticleOldSlug,
    ArticlePhoto,
    Rubric,
    Tag,
    TaggedArticle,
    visible_to_readers,
)
from .signals import articles_changed_in_bulk


@receiver(pre_save, sender=Article, dispatch_uid="articles.remember_stored_state")
def remember_stored_state(sender, instance, raw=False, **kwargs):
    """Before a save, note what showed the article as stored, and the address readers
    knew it by: it may be moving away from both."""
    if raw:
        return
    stored = (
        Article.objects.filter(pk=instance.pk)
        .annotate(was_public=ExpressionWrapper(visible_to_readers(), output_field=BooleanField()))
        .values_list("slug", "status", "rubric__slug", "expert__slug", "was_public")
        .first()
        if instance.pk
        else None
    )
    if stored is None:
        instance._cache_tags_before, instance._public_slug_before = set(), None
        return
    slug, status, rubric_slug, expert_slug, was_public = stored
    instance._cache_tags_before = caching.tags_of_article_state(
        slug, status, rubric_slug, expert_slug
    )
    instance._public_slug_before = slug if was_public else None


@receiver(post_save, sender=Article, dispatch_uid="articles.after_article_saved")
def after_article_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if not reversion.is_active():
        with reversion.create_revision():
            reversion.add_to_revision(instance)
    public_slug_before = getattr(instance, "_public_slug_before", None)
    if public_slug_before and public_slug_before != instance.slug:
        ArticleOldSlug.remember(public_slug_before, instance)
    before = getattr(instance, "_cache_tags_before", set())
    invalidate_after_change(*before, *caching.tags_of(instance))
    schedule.schedule_changed()


@receiver(post_delete, sender=Article, dispatch_uid="articles.invalidate_deleted_article")
def invalidate_deleted_article(sender, instance, **kwargs):
    invalidate_after_change(*caching.tags_of(instance))


@receiver(articles_changed_in_bulk, dispatch_uid="articles.invalidate_after_bulk_change")
def invalidate_after_bulk_change(sender, fields, **kwargs):
    """Which pages a bulk change touched is unknown, so all of them did."""
    invalidate_after_change(CHROME, caching.LISTS)
    if fields is None or {"status", "published_at"} & fields:
        schedule.remember_next_due()
        transaction.on_commit(schedule.remember_next_due)


@receiver(post_save, sender=Expert, dispatch_uid="articles.invalidate_expert")
@receiver(pre_delete, sender=Expert, dispatch_uid="articles.invalidate_deleted_expert")
def invalidate_expert(sender, instance, raw=False, **kwargs):
    """An expert's name and signature show on their page, their articles and the lists.

    On deletion this runs before the delete, while the articles still name the expert.
    """
    if raw:
        return
    shown_on = {caching.expert_tag(instance.slug), caching.LISTS}
    for slug, rubric_slug in Article.objects.filter(expert_id=instance.pk).values_list(
        "slug", "rubric__slug"
    ):
        shown_on |= {caching.article_tag(slug), caching.rubric_tag(rubric_slug)}
    invalidate_after_change(*shown_on)


@receiver(expert_renamed, dispatch_uid="articles.refresh_search_text_of_renamed_expert")
def refresh_search_text_of_renamed_expert(sender, instance, **kwargs):
    """Articles are found by their expert's name: store the new name in their
    search text, in one bulk update (one cache invalidation)."""
    articles = list(Article.objects.filter(expert=instance))
    for article in articles:
        article.expert = instance
        article.search_document = article.build_search_document()
    Article.objects.bulk_update(articles, ["search_document"], batch_size=500)


@receiver(post_save, sender=Rubric, dispatch_uid="articles.invalidate_rubric")
@receiver(post_delete, sender=Rubric, dispatch_uid="articles.invalidate_deleted_rubric")
def invalidate_everything(sender, raw=False, **kwargs):
    """The menu and rubric names are on every page (the site's facts invalidate
    themselves in ``SiteSettings.save``)."""
    if not raw:
        invalidate_after_change(CHROME)


@receiver(m2m_changed, sender=TaggedArticle, dispatch_uid="articles.invalidate_retagged_article")
def invalidate_retagged_article(sender, instance, action, reverse, **kwargs):
    """Tags added to or removed from an article: its page, and (when readers see or
    will see it) the lists, tag pages and "Oxşar xəbərlər" of other articles."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Article):
        invalidate_after_change(*caching.tags_of(instance))
    else:  # from the tag's side: every article it is on
        invalidate_tag(sender=Tag, instance=instance)


@receiver(post_save, sender=Tag, dispatch_uid="articles.invalidate_tag")
@receiver(pre_delete, sender=Tag, dispatch_uid="articles.invalidate_deleted_tag")
def invalidate_tag(sender, instance, raw=False, **kwargs):
    """A tag's name is on its page (a list: ``lists``) and on its articles' pages.

    On deletion this runs before the delete, while the articles still carry it.
    """
    if raw or instance.pk is None:
        return
    slugs = Article.objects.filter(tagged_items__tag=instance).values_list("slug", flat=True)
    invalidate_after_change(caching.LISTS, *(caching.article_tag(slug) for slug in slugs))


@receiver(post_save, sender=ArticlePhoto, dispatch_uid="articles.invalidate_photo")
@receiver(post_delete, sender=ArticlePhoto, dispatch_uid="articles.invalidate_deleted_photo")
def invalidate_photo(sender, instance, raw=False, **kwargs):
    """A gallery photo is on its article's page, and makes the "Foto" label in lists."""
    if raw:
        return
    article = Article.objects.select_related("rubric", "expert").filter(pk=instance.article_id)
    for stored in article:
        invalidate_after_change(*caching.tags_of(stored))
