"""Cache tags and their versions: how a change reaches every cached page at once.

Everything cached names the *tags* it depends on ("chrome", "lists",
"article:<slug>", ...). Each tag has a version, and the version of every tag
is part of the cache key. Invalidating a tag gives it a new version, so every
key built with the old one is simply never read again and expires by its
timeout. No list of cached keys is kept.

The versions live in the database (``cache_engine.models.TagVersion``), written
in the same transaction as the edit that changes the tag. A reader's request
reads them once (one indexed query, from the database its data comes from:
the replica for readers when one is configured), before it reads any data.
So the new version becomes visible to every worker at the very moment the edit
does, and nothing Redis does (freezing, refusing a write, losing its data,
coming back with an old snapshot) can make a worker build an old key after
the editor's save has returned: Redis keeps values, never the truth about
which ones are current. ``docs/architecture.md`` says why the database and not
Redis, and what a page-cache hit pays for it.

When the database itself cannot be read, a page that needs no query may still
be answered from the cache: the versions are then read from their copy in
Redis (``portal:tag-version:<tag>``, written after each commit). While the
database is down no edit can be saved, so that copy is as new as the last
edit unless Redis also refused that write; ``docs/operations.md`` covers the
double failure.

An invalidation may say that it takes something off the site (``withdrawal``):
the page cache then never answers with a copy stored before it, not even for
the few seconds it otherwise serves the previous copy while one worker renders
the new one (``cache_engine.page_cache``).

Content apps decide which tags a change touches and call ``invalidate``; this
module knows nothing of articles.
"""

import contextlib
import contextvars
import hashlib
import logging
import secrets
import time

from django.core.cache import cache
from django.db import DatabaseError, connections, router, transaction
from redis.exceptions import RedisError

from core.redis import redis_connection

from .fingerprint import code_fingerprint
from .models import TagVersion

logger = logging.getLogger(__name__)

CHROME = "chrome"
"""The tag of what every page shows: site settings (masthead, footer) and the rubric menu."""

NEWEST = 2**63 - 1
"""A withdrawal version newer than any copy: used when the database cannot say."""

# The versions read during one request, ``{tag: (version, withdrawn)}``, so that a
# page and its blocks agree and the database is asked once (see ``request_snapshot``).
_request_versions = contextvars.ContextVar("cache_engine_request_versions", default=None)


@contextlib.contextmanager
def request_snapshot():
    """Within this block, each tag's version is read at most once.

    Nested blocks share the outer one's snapshot: the page cache middleware
    opens it, and the view and its fragments then read the same versions.
    """
    if _request_versions.get() is not None:
        yield
        return
    token = _request_versions.set({})
    try:
        yield
    finally:
        _request_versions.reset(token)


def _stored_tag(tag):
    """The tag as stored: a tag longer than the column (a slug of any length from
    the URL) is hashed."""
    return hashlib.md5(tag.encode()).hexdigest() if len(tag) > 100 else tag


def _mirror_key(tag):
    """``portal:tag-version:<tag>``: the Redis copy of a tag's version (not the
    ``portal:version:`` keys of earlier releases, whose random versions the
    database never had)."""
    return f"portal:tag-version:{_stored_tag(tag)}"


def _read_from_database(tags):
    """``{tag: (version, withdrawn)}`` in one indexed query; 0 for a tag never invalidated."""
    stored = {_stored_tag(tag): tag for tag in tags}
    found = {tag: (0, 0) for tag in tags}
    for name, version, withdrawn in TagVersion.objects.filter(tag__in=stored).values_list(
        "tag", "version", "withdrawn"
    ):
        found[stored[name]] = (version, withdrawn)
    return found


def _read_mirror(tags):
    """``{tag: (version, NEWEST)}`` from the Redis copy, when the database cannot be
    read. A withdrawal may hide behind any of them, so no previous copy is
    served; a tag Redis does not hold gets a fresh random version (the page
    is rendered, and answers 503 if it needs the database)."""
    keys = {tag: _mirror_key(tag) for tag in tags}
    connection = redis_connection(write=False)
    try:
        if connection is None:  # local memory (development, tests)
            values = cache.get_many(list(keys.values()))
        else:
            raw = connection.mget([cache.make_key(key) for key in keys.values()])
            values = {
                key: int(value)
                for key, value in zip(keys.values(), raw, strict=True)
                if value is not None and value.isdigit()
            }
    except (RedisError, OSError):
        values = {}
    found = {}
    for tag, key in keys.items():
        version = values.get(key)
        if version is None:
            version = -secrets.randbits(62) - 1  # negative: never a stored version
        found[tag] = (version, NEWEST)
    return found


def _current(tags):
    """``{tag: (version, withdrawn)}``, from the request's snapshot where it has them."""
    snapshot = _request_versions.get()
    known = {tag: snapshot[tag] for tag in tags if tag in snapshot} if snapshot is not None else {}
    wanted = [tag for tag in tags if tag not in known]
    if not wanted:
        return known
    try:
        found = _read_from_database(wanted)
    except DatabaseError as error:
        logger.warning("Cache versions read from Redis, the database is unavailable: %s", error)
        found = _read_mirror(wanted)
    if snapshot is not None:
        snapshot.update(found)
    return {**known, **found}


def versions(tags):
    """The current version of each tag, ``{tag: version}``, in one query."""
    return {tag: version for tag, (version, _) in _current(tags).items()}


def withdrawals(tags):
    """For each tag, the version of its latest invalidation that took something off
    the site, ``{tag: version}``: a copy stored under an older version of any
    tag must never be served again."""
    return {tag: withdrawn for tag, (_, withdrawn) in _current(tags).items()}


_UPSERT = """
INSERT INTO {table} (tag, version, withdrawn) VALUES {rows}
ON CONFLICT (tag) DO UPDATE SET
    version = {next_version},
    withdrawn = CASE WHEN excluded.withdrawn = 0 THEN {table}.withdrawn ELSE {next_version} END
"""
_NEXT_VERSION = (
    "CASE WHEN excluded.version > {table}.version"
    " THEN excluded.version ELSE {table}.version + 1 END"
)


def invalidate(*tags, withdrawal=False):
    """Give each tag a new version: what was cached under the old one is never read again.

    Runs in the caller's transaction (the edit's): the new versions become
    visible when, and only when, the edit does. ``withdrawal`` says that the
    change takes something off the site (an unpublished, deleted or moved
    article): then no copy stored before it is served at all. After the
    commit the new versions are copied to Redis for the database's outages.
    """
    if not tags:
        return
    database = router.db_for_write(TagVersion)
    connection = connections[database]
    table = connection.ops.quote_name(TagVersion._meta.db_table)
    now = time.time_ns() // 1000
    stored = sorted({_stored_tag(tag) for tag in tags})  # one lock order: no deadlocks
    sql = _UPSERT.format(
        table=table,
        rows=", ".join(["(%s, %s, %s)"] * len(stored)),
        next_version=_NEXT_VERSION.format(table=table),
    )
    parameters = [value for tag in stored for value in (tag, now, now if withdrawal else 0)]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
    snapshot = _request_versions.get()
    for tag in tags if snapshot is not None else ():
        snapshot.pop(tag, None)
    transaction.on_commit(lambda: _copy_to_redis(stored, database), using=database)


def _copy_to_redis(stored_tags, database):
    """The committed versions of these tags, copied to Redis (best effort: only the
    database's outages read them)."""
    try:
        rows = TagVersion.objects.using(database).filter(tag__in=stored_tags)
        cache.set_many({_mirror_key(row.tag): row.version for row in rows}, timeout=None)
    except Exception as error:  # noqa: BLE001 - a copy; the edit is saved either way
        logger.warning("Cache versions not copied to Redis: %s", error)


def versioned_key(name, tags, *parts):
    """A cache key for ``name`` and ``parts`` that changes whenever one of ``tags``
    does, and with each release of the code (``code_fingerprint``)."""
    current = versions(tags)
    material = "\n".join(
        [
            code_fingerprint(),
            *map(str, parts),
            *(f"{tag}={current[tag]}" for tag in sorted(tags)),
        ]
    )
    return f"portal:{name}:{hashlib.md5(material.encode()).hexdigest()}"
