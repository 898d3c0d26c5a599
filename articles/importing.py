"""Import an article exported as plain text from the old portal.

The layout is the one of ``shared/seed/tokayev-sociye-gedir.txt``::

    Title line
    KICKER LINE
    <blank>
    Paragraph…            (blank lines and lines of only spaces between them)
    Expert Name,          (a short line ending with a comma)
    Signature line
    Digər xəbərlər        (from here on: page furniture, ignored)
    …

Parsing is separate from saving so the command can report a clear error
before anything touches the database.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import escape

from experts.models import Expert

from . import workflow
from .models import Article

FURNITURE_MARKER = "Digər xəbərlər"
MAX_SIGNATURE_NAME_WORDS = 5


class ArticleImportError(ValueError):
    """The text is not an article in the expected layout; nothing was created."""


@dataclass
class ParsedArticle:
    title: str
    kicker: str
    paragraphs: list[str] = field(default_factory=list)
    expert_name: str = ""
    expert_signature: str = ""


def decode(raw_bytes):
    """Decode an exported file, which must be UTF-8 (a BOM is allowed)."""
    try:
        return raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleImportError(
            f"Fayl UTF-8 kodlaşmasında deyil (bayt {error.start}): faylı UTF-8 kimi saxlayın."
        ) from error


def _clean(line):
    """Strip ordinary and no-break spaces the old site's editor left around text."""
    return line.replace("\u00a0", " ").strip()


def _blocks(lines):
    """Non-empty lines, in order; blank and space-only lines only separate them."""
    return [cleaned for cleaned in (_clean(line) for line in lines) if cleaned]


def _looks_like_signature_name(line):
    return line.endswith(",") and len(line.split()) <= MAX_SIGNATURE_NAME_WORDS


def parse(text):
    """Parse exported ``text`` into a ``ParsedArticle`` or raise ``ArticleImportError``."""
    lines = text.splitlines()
    if not _blocks(lines):
        raise ArticleImportError("Fayl boşdur: içində məqalə yoxdur.")
    if not _clean(lines[0]):
        raise ArticleImportError("Birinci sətir başlıq olmalıdır, amma boşdur.")
    title = _clean(lines[0])
    kicker = _clean(lines[1]) if len(lines) > 1 else ""

    body = []
    for line in _blocks(lines[2:]):
        if line.casefold() == FURNITURE_MARKER.casefold():
            break
        body.append(line)

    parsed = ParsedArticle(title=title, kicker=kicker)
    if len(body) >= 2 and _looks_like_signature_name(body[-2]):
        parsed.expert_name = body[-2].rstrip(",").strip()
        parsed.expert_signature = body[-1]
        body = body[:-2]
    if not body:
        raise ArticleImportError("Məqalənin mətni yoxdur: başlıqdan sonra heç bir abzas tapılmadı.")
    parsed.paragraphs = body
    return parsed


def paragraphs_to_html(paragraphs):
    """Paragraphs as escaped ``<p>`` elements (the sanitiser runs again on save)."""
    return "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


@transaction.atomic
def create_article(parsed, rubric, publish=False, author=None):
    """Create the article (and its expert, if new) from ``parsed``, all or nothing."""
    expert = None
    if parsed.expert_name:
        expert, _ = Expert.objects.get_or_create(
            full_name=parsed.expert_name,
            defaults={"signature": parsed.expert_signature},
        )
    article = Article(
        title=parsed.title,
        kicker=parsed.kicker,
        body=paragraphs_to_html(parsed.paragraphs),
        rubric=rubric,
        expert=expert,
        author=author,
    )
    return workflow.import_article(article, publish=publish, by=author)
