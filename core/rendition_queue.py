"""Renditions made after the response, so saving an article with a big photo stays fast.

Making the six renditions of a phone photo takes about a second of CPU
(``bench/renditions.py``); an editor pressing "Dərc et" must not wait for it.
When a stored image is new, its field records it as *pending* (its size is
read from the file's header; no renditions yet) and, once the transaction
commits, hands the work to this module: one background thread per process
makes the renditions and writes the record into the row with an ``UPDATE``
that names the image it made them for, so a photo replaced meanwhile is never
given the old one's renditions. Until then pages serve the original image
(``core.renditions.rendition_url`` falls back to it), so they are correct,
only heavier, for those few seconds.

A process that stops with work queued leaves records pending:
``manage.py make_renditions`` finishes them (and the next save of the row
queues them again).
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.apps import apps
from django.db import close_old_connections, connections

from .renditions import delete_renditions, make_renditions

logger = logging.getLogger(__name__)

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="renditions")
_queued = []
_lock = threading.Lock()


def make_later(model_label, pk, field_name, source_name):
    """Queue the renditions of ``source_name``, the image of row ``pk``'s ``field_name``."""
    future = _executor.submit(_make, model_label, pk, field_name, source_name)
    with _lock:
        _queued[:] = [queued for queued in _queued if not queued.done()] + [future]
    return future


def wait(timeout=60):
    """Block until the queued renditions are made (the benchmark and the tests)."""
    with _lock:
        queued = list(_queued)
    for future in queued:
        future.result(timeout=timeout)


def _make(model_label, pk, field_name, source_name):
    close_old_connections()
    try:
        make_now(apps.get_model(model_label), pk, field_name, source_name)
    except Exception:
        logger.exception("Renditions of %s could not be made", source_name)
    finally:
        for connection in connections.all(initialized_only=True):
            connection.close()


def make_now(model, pk, field_name, source_name):
    """Make and record the renditions of row ``pk``'s image, if it is still ``source_name``."""
    field = model._meta.get_field(field_name)
    instance = model._default_manager.filter(pk=pk).first()
    field_file = getattr(instance, field.attname, None) if instance is not None else None
    if not field_file or field_file.name != source_name:
        return False  # deleted, or replaced by a newer image with its own queued work
    record, size = make_renditions(field_file)
    written = {field.renditions_field: record}
    if field.size_fields and size:
        written.update(zip(field.size_fields, size, strict=True))
    # The model's own manager: for articles its update() tells the cache (articles.signals).
    updated = model._default_manager.filter(pk=pk, **{field.attname: source_name}).update(**written)
    if not updated:
        delete_renditions(field.storage, record)
    return bool(updated)
