"""Share links for an article: plain addresses of each network's own share page.

No network's script or button is loaded: a share link is an ordinary link the
reader follows, so the page makes no third-party request and the CSP needs no
exception. What is shared is the canonical address, the one the article's
"Mənbə" line gives, so a shared or copied link keeps pointing at the source.
"""

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class ShareLink:
    network: str  # short name, also the CSS modifier
    label: str  # what the link says
    href: str


def share_links(url, title):
    """WhatsApp, Telegram, Facebook and X links sharing ``url`` with ``title``."""
    text = f"{title} {url}"
    return [
        ShareLink("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ShareLink(
            "telegram",
            "Telegram",
            "https://t.me/share/url?" + urlencode({"url": url, "text": title}),
        ),
        ShareLink(
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ShareLink("x", "X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
    ]
