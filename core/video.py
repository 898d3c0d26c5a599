"""Video leads: which addresses are YouTube or Vimeo videos, and how to embed them.

An editor pastes the address they see in the browser (``youtube.com/watch?v=…``,
``youtu.be/…``, ``youtube.com/shorts/…``, ``vimeo.com/123…``). The article
page shows a local preview and loads the player only when the reader asks for
it, from the privacy-minded hosts: ``www.youtube-nocookie.com`` and
``player.vimeo.com`` (``?dnt=1``). Both are in ``core.sanitizer.EMBED_HOSTS``,
the one list the CSP ``frame-src`` is built from.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError

from .sanitizer import EMBED_HOSTS

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
YOUTUBE_SHORT_HOSTS = {"youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_EMBED_HOST = "www.youtube-nocookie.com"
VIMEO_EMBED_HOST = "player.vimeo.com"

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")

INVALID_MESSAGE = (
    "Yalnız YouTube və ya Vimeo videosunun linkini yazın, məsələn "
    "https://www.youtube.com/watch?v=… və ya https://vimeo.com/123456789."
)


@dataclass(frozen=True)
class Video:
    """A YouTube or Vimeo video, by its site and its id there."""

    provider: str  # "youtube" or "vimeo"
    video_id: str

    @property
    def provider_name(self):
        return "YouTube" if self.provider == "youtube" else "Vimeo"

    @property
    def watch_url(self):
        """The video's own page: where the preview links to without JavaScript."""
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"

    @property
    def embed_url(self):
        """The player, from a host that sets no tracking cookie before play."""
        if self.provider == "youtube":
            return f"https://{YOUTUBE_EMBED_HOST}/embed/{self.video_id}"
        return f"https://{VIMEO_EMBED_HOST}/video/{self.video_id}?dnt=1"

    @property
    def autoplay_url(self):
        """The player as loaded after the reader's click: it starts at once."""
        separator = "&" if "?" in self.embed_url else "?"
        return f"{self.embed_url}{separator}autoplay=1"


def parse_video_url(url):
    """The ``Video`` at ``url``, or None when it is not a YouTube or Vimeo video address."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    candidate = None
    if host in YOUTUBE_HOSTS:
        if parts.path == "/watch":
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) == 2 and segments[0] in ("shorts", "embed", "live", "v"):
            candidate = segments[1]
        return Video("youtube", candidate) if _YOUTUBE_ID.match(candidate or "") else None
    if host in YOUTUBE_SHORT_HOSTS or host == YOUTUBE_EMBED_HOST:
        if host == YOUTUBE_EMBED_HOST and len(segments) == 2 and segments[0] == "embed":
            candidate = segments[1]
        elif host in YOUTUBE_SHORT_HOSTS and len(segments) == 1:
            candidate = segments[0]
        return Video("youtube", candidate) if _YOUTUBE_ID.match(candidate or "") else None
    if host in VIMEO_HOSTS:
        if host == VIMEO_EMBED_HOST:
            candidate = segments[1] if len(segments) == 2 and segments[0] == "video" else None
        else:
            # vimeo.com/123, vimeo.com/channels/staffpicks/123, vimeo.com/123/abcdef (unlisted)
            candidate = next((s for s in segments if _VIMEO_ID.match(s)), None)
        return Video("vimeo", candidate) if _VIMEO_ID.match(candidate or "") else None
    return None


def validate_video_url(url):
    """A model-field validator: the editor gets a clear message for any other address."""
    if url and parse_video_url(url) is None:
        raise ValidationError(INVALID_MESSAGE, code="video_url")


assert {YOUTUBE_EMBED_HOST, VIMEO_EMBED_HOST} <= EMBED_HOSTS, "the CSP must allow the players"
