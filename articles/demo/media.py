"""Demo tags, a photo-gallery article and a video article (issue 13's article features).

Kept apart from ``loader.load_demo_content`` so the demo's articles and these
additions change independently; ``load_demo`` runs both. Idempotent like the
rest: tags are added only where missing, and the two articles are matched by
slug, so running it again changes nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from core.azerbaijani import az_slugify

from ..models import Article, Rubric
from ..readership import add_readings
from .loader import illustration

# Each rubric's articles take two tags of its list in turn; the lists overlap, so
# "Oxşar xəbərlər" links across rubrics.
RUBRIC_TAGS = {
    "bas-yazi": ["Cənubi Qafqaz", "Orta Dəhliz", "Regional təhlükəsizlik", "Təhsil"],
    "siyaset": ["Parlament", "Cənubi Qafqaz", "Diplomatiya", "Seçkilər"],
    "iqtisadiyyat": ["Enerji", "Orta Dəhliz", "Büdcə", "Neft və qaz"],
    "dunya": ["Diplomatiya", "Mərkəzi Asiya", "Enerji", "Regional təhlükəsizlik"],
    "cemiyyet": ["Təhsil", "Səhiyyə", "Şəhər həyatı", "Mədəniyyət"],
}

GALLERY_TITLE = "Şəki karvansarayları: İpək yolunun daş yaddaşı fotolarda"
GALLERY_PHOTOS = [
    ("Yuxarı karvansarayın darvazası səhər işığında", "Aysel Quliyeva"),
    ("Həyətin iki mərtəbəli tağları", "Aysel Quliyeva"),
    ("Xan sarayının şəbəkə pəncərələri", "Senzor"),
    ("Köhnə bazar küçəsində sənətkar emalatxanası", "Senzor"),
    ("Kiş kəndinin alban məbədi", "Rəşad Kərimov"),
    ("Şəhərin üstündən Qafqaz dağlarına baxış", "Rəşad Kərimov"),
]
GALLERY_COLOURS = [
    (120, 70, 40),
    (90, 100, 60),
    (60, 80, 120),
    (140, 100, 50),
    (80, 60, 90),
    (40, 90, 110),
]

VIDEO_TITLE = "Açıq lisenziyalı animasiya: «Big Buck Bunny» filmi necə yarandı"
# The Blender Foundation's open film (CC BY 3.0) on its own YouTube channel.
VIDEO_URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


@transaction.atomic
def load_demo_media(now=None):
    """Tag the demo articles, and add the gallery and video articles; returns how many
    articles were created (0 or up to 2)."""
    now = now or timezone.now()
    _tag_demo_articles()
    created = 0
    created += _gallery_article(now)
    created += _video_article(now)
    return created


def _tag_demo_articles():
    """Two tags of its rubric's list on every public demo article that has none."""
    for rubric_slug, names in RUBRIC_TAGS.items():
        untagged = (
            Article.objects.filter(rubric__slug=rubric_slug, tagged_items__isnull=True)
            .order_by("published_at", "pk")
            .only("pk", "slug", "status", "rubric_id", "expert_id")
        )
        for number, article in enumerate(untagged):
            article.tags.add(names[number % len(names)], names[(number + 1) % len(names)])


def _gallery_article(now):
    article = _feature_article(
        GALLERY_TITLE,
        kicker="FOTOREPORTAJ",
        lead="Şəkinin karvansarayları əsrlər boyu tacirləri qarşılayıb; "
        "bu gün onlar şəhərin ən çox gəzilən yerləridir.",
        paragraphs=(
            "Fotoqraflarımız Şəkinin köhnə məhəllələrini bir gün ərzində gəzdi.",
            "Qalereyada karvansaraylar, xan sarayı və Kiş kəndi var; şəkilləri böyütmək "
            "üçün üzərinə basın, klaviaturada oxlarla keçin.",
        ),
        published_at=now - timedelta(hours=2, minutes=10),
        colour=GALLERY_COLOURS[0],
        seed=3,
        image_alt="Şəki karvansarayının darvazası (illüstrasiya)",
    )
    if article is None:
        return 0
    for position, ((caption, credit), colour) in enumerate(
        zip(GALLERY_PHOTOS, GALLERY_COLOURS, strict=True)
    ):
        article.photos.create(
            image=illustration(f"{article.slug}-{position + 1}", colour, position * 5 + 1),
            alt=f"{caption} (illüstrasiya)",
            caption=caption,
            credit=credit,
            position=position,
        )
    article.tags.add("Mədəniyyət", "Turizm", "Şəki")
    _readings(article, now, 640)
    return 1


def _video_article(now):
    article = _feature_article(
        VIDEO_TITLE,
        kicker="VİDEO",
        lead="Blender fondunun açıq filmi hər kəsin istifadə edə biləcəyi "
        "lisenziya ilə yayılıb: baxın və öyrənin.",
        paragraphs=(
            "Film tamamilə açıq mənbəli proqramlarla hazırlanıb.",
            "Video oxucu düyməni basana qədər yüklənmir: səhifə sürətli açılır və "
            "heç bir kənar sayt sizin ziyarətinizdən xəbər tutmur.",
        ),
        published_at=now - timedelta(hours=3, minutes=25),
        colour=(30, 60, 30),
        seed=7,
        image_alt="Filmdən kadr (illüstrasiya)",
        video_url=VIDEO_URL,
    )
    if article is None:
        return 0
    article.tags.add("Mədəniyyət", "Texnologiya")
    _readings(article, now, 410)
    return 1


def _feature_article(title, *, kicker, lead, paragraphs, published_at, colour, seed, **fields):
    """A published "Cəmiyyət" article with an illustration as its lead image, or None
    when the demo already has it (matched by the slug of ``title``)."""
    slug = az_slugify(title)
    if Article.objects.filter(slug=slug).exists():
        return None
    return Article.objects.create(
        title=title,
        slug=slug,
        kicker=kicker,
        lead=lead,
        body="\n".join(f"<p>{escape(text)}</p>" for text in paragraphs),
        rubric=Rubric.objects.get(slug="cemiyyet"),
        status=Article.Status.PUBLISHED,
        published_at=published_at,
        image=illustration(slug, colour, seed),
        image_credit="Senzor",
        **fields,
    )


def _readings(article, now, views):
    add_readings(article.pk, timezone.localdate(now), views)
