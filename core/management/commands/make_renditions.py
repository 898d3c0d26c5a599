"""``manage.py make_renditions``: make the renditions still missing or left pending.

Renditions are made after the response (``core.rendition_queue``); a process
stopped with work queued leaves its images pending, and pages show the
originals until this command (or the row's next save) makes them.
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from core.image_fields import RenditionedImageField, record_missing_renditions


class Command(BaseCommand):
    help = "Make the renditions of stored images that have none yet (or are pending)."

    def handle(self, *args, **options):
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if isinstance(field, RenditionedImageField) and field.renditions_field:
                    record_missing_renditions(model, field.name)
                    self.stdout.write(f"{model._meta.label}.{field.name}: hazırdır")
