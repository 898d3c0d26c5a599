"""An image field that stores a clean picture, its size and its renditions.

Lead images and expert photos come from editors' cameras and phones. On the
way into storage (the field's ``pre_save``, where Django's own ``FileField``
writes the file) an upload is checked and normalised (``core.images``), and
once stored, its size and its renditions (``core.renditions``) are recorded
in sibling fields of the same row. Every path that saves the model (admin,
importer, demo content, a shell) gets the same result, and a page that shows
the image reads only those fields: no storage call while rendering.

With ``SENZOR_RENDITIONS_IN_BACKGROUND`` (the default outside the tests) a
new image is recorded as *pending* and its renditions are made after the
response (``core.rendition_queue``); pages show the original meanwhile.

When the image is replaced or cleared, or the row deleted, the old
renditions are removed once the transaction commits; the original itself is
kept, as the article's history (django-reversion) may bring it back, and
then its renditions are made again.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from PIL import Image

from . import rendition_queue
from .images import normalise_field_file, validate_image_upload
from .renditions import UNREADABLE, delete_renditions, make_renditions


class RenditionedImageField(models.ImageField):
    """``ImageField`` plus the names of the fields that hold its size and renditions.

    ``size_fields=("image_width", "image_height")`` and
    ``renditions_field="image_renditions"`` name fields declared *after* this
    one on the model (Django reads field values in declaration order, so they
    see what ``pre_save`` set).
    """

    def __init__(self, *args, size_fields=None, renditions_field=None, **kwargs):
        self.size_fields = tuple(size_fields) if size_fields else None
        self.renditions_field = renditions_field
        kwargs.setdefault("validators", [validate_image_upload])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["size_fields"] = self.size_fields
        kwargs["renditions_field"] = self.renditions_field
        if kwargs.get("validators") == [validate_image_upload]:
            del kwargs["validators"]
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract and self.renditions_field:
            post_delete.connect(self._remove_renditions_of_deleted, sender=cls, weak=False)

    def renditions_of(self, instance):
        """The rendition record stored on ``instance`` (``{}`` when there is none)."""
        if not self.renditions_field:
            return {}
        return getattr(instance, self.renditions_field, None) or {}

    def pre_save(self, model_instance, add):
        field_file = getattr(model_instance, self.attname)
        if field_file and not field_file._committed:
            normalise_field_file(field_file)  # stores the clean copy, never the upload
        field_file = super().pre_save(model_instance, add)
        if self.renditions_field:
            self._refresh_renditions(model_instance, field_file)
        return field_file

    def _refresh_renditions(self, instance, field_file):
        """Record the stored image's size and renditions, when they are not its own yet."""
        old_record = self.renditions_of(instance)
        current = (
            bool(field_file)
            and old_record.get("source") == field_file.name
            and not old_record.get("pending")
        )
        if current or (not field_file and not old_record):
            return
        if not field_file:
            record, size = {}, None
        elif getattr(settings, "SENZOR_RENDITIONS_IN_BACKGROUND", False):
            record, size = self._pending(instance, field_file)
        else:
            record, size = make_renditions(field_file)
        setattr(instance, self.renditions_field, record)
        if self.size_fields:
            for size_field, value in zip(self.size_fields, size or (None, None), strict=True):
                setattr(instance, size_field, value)
        if old_record:
            transaction.on_commit(lambda: delete_renditions(self.storage, old_record))

    def _pending(self, instance, field_file):
        """A record saying the renditions are on their way, the image's size read from its
        header, and the work queued for when the row is committed."""
        try:
            field_file.open("rb")
            with Image.open(field_file) as opened:
                size = opened.size
        except UNREADABLE:
            return {"source": field_file.name, "files": {}}, None
        finally:
            field_file.close()
        name, label = field_file.name, instance._meta.label
        transaction.on_commit(
            lambda: rendition_queue.make_later(label, instance.pk, self.name, name)
        )
        return {"source": name, "files": {}, "pending": True}, size

    def _remove_renditions_of_deleted(self, sender, instance, **kwargs):
        record = self.renditions_of(instance)
        if record:
            transaction.on_commit(lambda: delete_renditions(self.storage, record))


def record_missing_renditions(model, field_name):
    """Record the size and renditions of every stored image of ``field_name`` without them.

    For data migrations (their historical models keep this field class) and
    ``manage.py make_renditions`` (records left pending by a stopped process):
    one read of each original and its renditions written, in this process, so
    on a large media archive this takes a while;
    pages work meanwhile, falling back to the original image until its record
    is there.
    """
    field = model._meta.get_field(field_name)
    for item in model.objects.exclude(**{field_name: ""}).iterator(chunk_size=200):
        record = field.renditions_of(item)
        if not record or record.get("pending"):
            rendition_queue.make_now(model, item.pk, field_name, getattr(item, field.attname).name)
