"""Load the demo content; running it again changes nothing (idempotent)."""

import io
from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image, ImageDraw

from core.azerbaijani import az_slugify
from experts.models import Expert

from ..importing import create_article, decode, parse
from ..models import Article, Rubric
from ..readership import add_readings
from . import content
from .news_desk import load_news_desk_day

RUBRIC_COLOURS = {
    "bas-yazi": (163, 22, 27),
    "siyaset": (20, 70, 140),
    "iqtisadiyyat": (20, 110, 80),
    "dunya": (90, 60, 130),
    "cemiyyet": (180, 110, 20),
}
HOURS_BETWEEN_ARTICLES = 5


def illustration(slug, colour, index):
    """A small abstract JPEG so demo pages show images without shipping any."""
    image = Image.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(image)
    for ring in range(6):
        radius = 120 + ring * 70 + (index * 37) % 90
        centre = (200 + (index * 173) % 800, 340)
        shade = tuple(min(255, channel + 25 * (ring + 1)) for channel in colour)
        draw.ellipse(
            [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius],
            outline=shade,
            width=18,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(f"{slug}.jpg", buffer.getvalue(), content_type="image/jpeg")


@transaction.atomic
def load_demo_content(seed_dir=None, now=None):
    """Create the demo rubrics, experts and articles that do not exist yet.

    Returns the number of articles created. Rows are matched by slug, so an
    article an editor has since changed is left as it is.
    """
    now = now or timezone.now()
    rubrics = _load_rubrics()
    experts = _load_experts()
    created = 0
    for position, (rubric_slug, number, title) in enumerate(_interleaved_headlines()):
        slug = az_slugify(title)
        if Article.objects.filter(slug=slug).exists():
            continue
        rubric = rubrics[rubric_slug]
        paragraphs = content.PARAGRAPHS[rubric_slug]
        article = Article.objects.create(
            title=title,
            slug=slug,
            kicker=content.KICKERS[number % len(content.KICKERS)],
            # The first sentence pattern is the lead, printed above the body,
            # so the body starts with the second and nothing is read twice.
            lead=paragraphs[0],
            body="\n".join(f"<p>{escape(text)}</p>" for text in paragraphs[1:]),
            rubric=rubric,
            expert=experts[(position + number) % len(experts)] if number % 3 != 2 else None,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=HOURS_BETWEEN_ARTICLES * (position + 1)),
            image=illustration(slug, RUBRIC_COLOURS[rubric_slug], position),
            image_alt=f"{rubric.name} rubrikası üçün illüstrasiya",
            image_credit="Senzor",
        )
        _record_demo_readings(article, position, now)
        created += 1
    created += _import_seed_articles(seed_dir, rubrics["bas-yazi"])
    created += load_news_desk_day(
        rubrics,
        now,
        lambda slug, rubric_slug, index: illustration(slug, RUBRIC_COLOURS[rubric_slug], index),
    )
    return created


def _record_demo_readings(article, position, now):
    """A week of made-up daily readings, so "Ən çox oxunanlar" is not empty in the demo.

    In production these rows come from readers' page views, moved out of the
    cache by ``aggregate_readership``.
    """
    published_on = timezone.localdate(article.published_at)
    today = timezone.localdate(now)
    for offset in range(7):
        day = today - timedelta(days=offset)
        if day >= published_on:
            add_readings(article.pk, day, (97 * (position + 3) + 31 * offset) % 400 + 20)


def _interleaved_headlines():
    """Headlines rubric by rubric in turn, so the newest articles span all rubrics."""
    columns = [
        [(slug, number, title) for number, title in enumerate(titles)]
        for slug, titles in content.HEADLINES.items()
    ]
    for row in zip(*columns, strict=True):
        yield from row


def _load_rubrics():
    rubrics = {}
    for position, (slug, name, description, is_lead) in enumerate(content.RUBRICS):
        rubrics[slug], _ = Rubric.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "menu_position": position,
                "is_lead_editorial": is_lead,
            },
        )
    return rubrics


def _load_experts():
    experts = []
    for full_name, signature, bio in content.EXPERTS:
        expert, _ = Expert.objects.get_or_create(
            slug=az_slugify(full_name),
            defaults={"full_name": full_name, "signature": signature, "bio": bio},
        )
        experts.append(expert)
    return experts


def _import_seed_articles(seed_dir, rubric):
    """Publish the seed articles (plain-text exports) found in ``seed_dir``, once each."""
    if seed_dir is None or not Path(seed_dir).is_dir():
        return 0
    created = 0
    for path in sorted(Path(seed_dir).glob("*.txt")):
        parsed = parse(decode(path.read_bytes()))
        if Article.objects.filter(title=parsed.title).exists():
            continue
        create_article(parsed, rubric, publish=True)
        created += 1
    return created
