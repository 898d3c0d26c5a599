"""Structured logs: one JSON object a line on stdout, for Django and gunicorn alike.

A container's stdout is collected by Docker (or the platform around it) and
shipped to whatever log store ops use; JSON lines let that store filter on
fields (status, path, duration) instead of parsing free text. The formatter
comes from python-json-logger; this module only names the fields.
"""

from contextlib import suppress

from pythonjsonlogger.json import JsonFormatter

# gunicorn passes the access-log "atoms" as the record's mapping args; these
# are the ones worth a field of their own, under readable names.
GUNICORN_ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "f": "referer",
    "a": "user_agent",
    "{x-forwarded-for}i": "forwarded_for",
    "{x-request-id}i": "request_id",
}

# Attributes of a record that do not serialise usefully (Django's request
# logger attaches the request and the socket of the server).
UNSERIALISABLE_EXTRAS = ("request", "server_time", "server")


class StructuredFormatter(JsonFormatter):
    """JSON lines with time, level and logger name, plus request fields when known."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        for name in UNSERIALISABLE_EXTRAS:
            log_data.pop(name, None)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            log_data["method"] = request.method
            log_data["path"] = request.path
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            log_data.update(gunicorn_access_fields(record.args))


def gunicorn_access_fields(atoms):
    """Pick the useful gunicorn access atoms, with numbers as numbers."""
    fields = {}
    for atom, field in GUNICORN_ACCESS_FIELDS.items():
        value = atoms.get(atom)
        if value in (None, "", "-"):
            continue
        fields[field] = value
    for numeric in ("status", "bytes", "duration_ms"):
        if numeric in fields:
            with suppress(TypeError, ValueError):
                fields[numeric] = int(fields[numeric])
    return fields


class DatabaseOutageFilter:
    """Drop ``django.request``'s traceback for a request that failed because the
    database is unreachable.

    ``core.security.server_error`` answers those with the 503 page and logs
    one warning line each; without this filter an outage under load would also
    write a full traceback per request (1 416 of them in the database drill).
    Every other error keeps its traceback.
    """

    def filter(self, record):
        from django.db import InterfaceError, OperationalError

        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, (OperationalError, InterfaceError))
