"""What the articles app tells others about changes the model signals do not cover.

Bulk ``QuerySet.update`` and ``bulk_create`` send no ``post_save``;
``ArticleQuerySet`` sends ``articles_changed_in_bulk`` instead, with
``fields``: the set of updated field names, or None for new rows (any field).
The receivers are in ``articles.receivers``.
"""

from django.dispatch import Signal

articles_changed_in_bulk = Signal()

# The manşet's rows reordered in bulk (django-admin-sortable2's drag and drop
# uses ``bulk_update`` and ``update``): ``TopStoryQuerySet`` sends it.
top_stories_changed_in_bulk = Signal()
