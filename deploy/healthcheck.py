"""Docker's healthcheck for the web container: exit 0 when /healthz says "ok".

Run inside the container (``python deploy/healthcheck.py``), so it needs
nothing but the standard library. It asks gunicorn directly, with the first
of DJANGO_ALLOWED_HOSTS as the Host header, since Django refuses a request
for a host it does not serve.
"""

import json
import os
import sys
import urllib.error
import urllib.request


def probe_host():
    """A host name Django accepts: the first allowed one ("*" and ".x" made concrete)."""
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")]
    first = next((h for h in hosts if h), "localhost")
    if first == "*":
        return "localhost"
    return first.lstrip(".")


def main():
    port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": probe_host()}
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            body = json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1
    if body.get("status") != "ok":
        print(f"unhealthy: {body}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
