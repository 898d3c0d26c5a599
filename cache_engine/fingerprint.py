"""A fingerprint of the release, part of every cached key (``code_fingerprint``)."""

import functools
import hashlib
import importlib
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

# What a page's HTML comes from: the project's own code and templates.
_SOURCE_SUFFIXES = {".py", ".html", ".xml", ".txt", ".json"}


@functools.cache
def code_fingerprint():
    """A digest of the code and templates this process renders pages with.

    Cached pages and blocks outlive a deploy in Redis; without this, the new
    release would serve the old one's HTML (and its links to hashed static
    files that are gone) until they expired. Every process of one release
    computes the same digest at its first request; a new release (or a
    template edited in development) gets keys of its own. The tags' versions
    are not part of it, so invalidation still reaches every release.
    """
    return source_digest(_source_roots())


def _source_roots():
    """The project's own apps, its template folders, and the static manifest."""
    base = Path(settings.BASE_DIR).resolve()
    installed = Path(sys.prefix).resolve()  # a virtualenv may live inside the project
    # The project package (settings, URLs): the one holding the root URLconf.
    roots = {Path(importlib.import_module(settings.ROOT_URLCONF).__file__).resolve().parent}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and not path.is_relative_to(installed):
            roots.add(path)
    for engine in settings.TEMPLATES:
        roots |= {Path(folder).resolve() for folder in engine.get("DIRS", ())}
    manifest = Path(settings.STATIC_ROOT or base / "staticfiles") / "staticfiles.json"
    return sorted(roots) + ([manifest] if manifest.is_file() else [])


def source_digest(roots):
    """An MD5 over the path and bytes of every source file under ``roots``."""
    digest = hashlib.md5()
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if path.suffix in _SOURCE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()
