"""A local-memory cache that misbehaves as Redis does in an outage, on demand.

``Stutter.mode`` says how the shared cache behaves:

- ``"healthy"``: a plain ``LocMemCache``;
- ``"frozen"``: Redis stopped with SIGSTOP, or a partition: every call times out,
  and django-redis's ``IGNORE_EXCEPTIONS`` turns that into "nothing found" and
  "nothing written";
- ``"refusing"``: reads answer, every write is lost (a failover to a replica
  that has not been promoted yet, a full disk);
- ``"failing"``: reads answer, every write raises (django-redis without
  ``IGNORE_EXCEPTIONS``).

``snapshot()`` and ``restore()`` stand for Redis restarted with the data it
had saved earlier (an RDB snapshot taken before the edit).
"""

import copy

from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import TimeoutError as RedisTimeoutError


class Stutter:
    mode = "healthy"


_WRITES = ("set", "add", "set_many", "delete", "delete_many", "touch", "incr", "decr", "clear")
_READS = ("get", "get_many", "has_key")


class StutteringCache(LocMemCache):
    def snapshot(self):
        with self._lock:
            return copy.deepcopy(self._cache), copy.deepcopy(self._expire_info)

    def restore(self, saved):
        values, expiry = saved
        with self._lock:
            self._cache.clear()
            self._cache.update(copy.deepcopy(values))
            self._expire_info.clear()
            self._expire_info.update(copy.deepcopy(expiry))


def _misbehaving(name, write):
    healthy = getattr(LocMemCache, name)

    def method(self, *args, **kwargs):
        mode = Stutter.mode
        if mode == "failing" and write:
            raise RedisTimeoutError("Timeout reading from socket")
        if mode == "frozen" or (mode == "refusing" and write):
            if name == "get":
                return kwargs.get("default", args[1] if len(args) > 1 else None)
            return {} if name in ("get_many", "set_many") else (False if name == "add" else None)
        return healthy(self, *args, **kwargs)

    method.__name__ = name
    return method


for _name in _WRITES:
    setattr(StutteringCache, _name, _misbehaving(_name, write=True))
for _name in _READS:
    setattr(StutteringCache, _name, _misbehaving(_name, write=False))
