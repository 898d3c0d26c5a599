"""Invalidate the cached public pages whenever the newsroom changes what they show.

Connected in ``ArticlesConfig.ready``. Bulk ``QuerySet.update`` and
``bulk_create`` send no signals; ``ArticleQuerySet`` invalidates for those.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from experts.models import Expert
from portal.caching import CHROME

from . import caching
from .models import Article, Rubric


@receiver(pre_save, sender=Article, dispatch_uid="articles.remember_stored_tags")
def remember_stored_tags(sender, instance, raw=False, **kwargs):
    """Before a save, note what showed the article as stored: it may be moving away."""
    if not raw:
        instance._cache_tags_before = caching.stored_tags(instance.pk) if instance.pk else set()


@receiver(post_save, sender=Article, dispatch_uid="articles.invalidate_saved_article")
def invalidate_saved_article(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_cache_tags_before", set())
    caching.invalidate_after_change(*before, *caching.tags_of(instance))
    caching.schedule_changed()


@receiver(post_delete, sender=Article, dispatch_uid="articles.invalidate_deleted_article")
def invalidate_deleted_article(sender, instance, **kwargs):
    caching.invalidate_after_change(*caching.tags_of(instance))


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
    caching.invalidate_after_change(*shown_on)


@receiver(post_save, sender=Rubric, dispatch_uid="articles.invalidate_rubric")
@receiver(post_delete, sender=Rubric, dispatch_uid="articles.invalidate_deleted_rubric")
def invalidate_everything(sender, raw=False, **kwargs):
    """The menu and rubric names are on every page (the site's facts invalidate
    themselves in ``SiteSettings.save``)."""
    if not raw:
        caching.invalidate_after_change(CHROME)
