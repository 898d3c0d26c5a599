"""Production settings with every cache off, for bench/scale.py.

Each page is rendered from the database on every request: no whole-page
cache, no cached blocks ({% fragment %}, the cached article, menu and site
settings), no in-process copies. What a page costs here is what the first
reader after an edit pays, and it is what must not grow with the archive.
"""

from senzor.settings import *  # noqa: F403 - the production settings, then caches off
from senzor.settings import CACHES

DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
CACHES = {alias: dict(DUMMY) for alias in CACHES}
SENZOR_PAGE_CACHE_SECONDS = 0
SENZOR_FRAGMENT_CACHE_SECONDS = 0
