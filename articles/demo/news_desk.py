"""A newsroom's day for the demo: short news items through the last day, one urgent
item and a chosen manşet, so the feed, the strip and the front page look lived in.

Kept apart from the rubric archive of ``loader.py`` so other demo additions (tags,
galleries, video) sit beside it without touching it. Every headline is the team's
own invention. Running it again changes nothing: items are matched by slug, the
manşet by article.
"""

from datetime import timedelta

from django.utils.html import escape

from core.azerbaijani import az_slugify

from ..models import Article, TopStory

# (rubric slug, headline), newest first: the items of the last day.
DAY_OF_NEWS = [
    ("cemiyyet", "Bakıda güclü külək: metro və avtobuslar iş rejimini dəyişdi"),
    ("siyaset", "Milli Məclisin növbəti iclasının gündəliyi açıqlandı"),
    ("iqtisadiyyat", "Mərkəzi Bank rəsmi məzənnəni açıqladı"),
    ("dunya", "Gürcüstanda növbəti hökumət iclası keçirildi"),
    ("cemiyyet", "Sumqayıtda yeni uşaq bağçası istifadəyə verildi"),
    ("iqtisadiyyat", "Neftin qiyməti səhər ticarətində bahalaşdı"),
    ("siyaset", "Xarici İşlər Nazirliyi brifinq keçirdi"),
    ("dunya", "Qazaxıstan ilə ticarət dövriyyəsi artıb"),
    ("cemiyyet", "Gəncədə tarixi binanın bərpasına başlanıldı"),
    ("iqtisadiyyat", "Kənd təsərrüfatı sərgisi öz işinə başladı"),
    ("siyaset", "Regional əməkdaşlıq üzrə üçtərəfli görüş keçirildi"),
    ("dunya", "Türkiyədə yeni sürətli qatar xətti açıldı"),
    ("cemiyyet", "Məktəblərdə qış tətilinin vaxtı bəlli oldu"),
    ("iqtisadiyyat", "Kiçik sahibkarlara güzəştli kreditlərin verilməsi davam edir"),
    ("siyaset", "Bələdiyyə seçkilərinə hazırlıq müzakirə olundu"),
    ("dunya", "Özbəkistanda su ehtiyatları üzrə forum keçirilir"),
    ("cemiyyet", "Paytaxtda yeni piyada zonası yaradılır"),
    ("iqtisadiyyat", "Qeyri-neft ixracında artım qeydə alınıb"),
    ("siyaset", "Parlament nümayəndə heyəti rəsmi səfərə yola düşdü"),
    ("dunya", "Avropa İttifaqı enerji paketini müzakirə edir"),
    ("cemiyyet", "Səhiyyə Nazirliyi qripə qarşı peyvənd kampaniyasına başladı"),
    ("iqtisadiyyat", "Bakı birjasında istiqrazların hərracı keçirildi"),
    ("siyaset", "Konstitusiya Məhkəməsi yeni qərar qəbul etdi"),
    ("dunya", "Xəzər regionu ölkələrinin ekoloqları görüşdü"),
    ("cemiyyet", "Şəkidə ipəkçilik festivalı başa çatdı"),
    ("iqtisadiyyat", "Taxıl idxalı üzrə yeni qaydalar təsdiqləndi"),
    ("siyaset", "Müdafiə Nazirliyi təlimlərin nəticələrini açıqladı"),
    ("dunya", "İranda prezident seçkilərinin tarixi elan olundu"),
    ("cemiyyet", "Universitetlərdə qəbul planı artırıldı"),
    ("iqtisadiyyat", "Elektrik enerjisinin istehsalı ötən ilə nisbətən artıb"),
    ("siyaset", "Hökumət yeni rəqəmsal xidmətlər paketini təqdim etdi"),
    ("dunya", "Rusiya ilə sərhəd keçid məntəqəsində növbələr azalıb"),
    ("cemiyyet", "Lənkəranda sitrus meyvələrinin yığımı başlayıb"),
    ("iqtisadiyyat", "Turizm sektorunda payız mövsümünün yekunları"),
    ("siyaset", "Ombudsman illik məruzəsini təqdim etdi"),
    ("dunya", "Çin ilə yeni yük qatarı marşrutu işə düşdü"),
    ("cemiyyet", "Bakı Kitab Sərgisində yerli nəşriyyatlar iştirak edir"),
    ("iqtisadiyyat", "Avtomobil bazarında qiymətlər sabit qalır"),
    ("siyaset", "Seçki Komissiyası seçici siyahılarını yeniləyir"),
    ("dunya", "BMT iqlim konfransının yekun bəyannaməsi razılaşdırıldı"),
    ("cemiyyet", "Qubada qar yağdı, dağ yolları təmizlənir"),
    ("iqtisadiyyat", "Dövlət büdcəsinin icrası barədə hesabat yayıldı"),
    ("siyaset", "Gecə saatlarında hökumətin növbədənkənar iclası keçirildi"),
    ("dunya", "Gecə Asiya birjalarında ticarət enişlə başladı"),
]
MINUTES_BETWEEN_ITEMS = 27
# The newest item is the urgent one; these items make the manşet, in this order.
URGENT_ITEM = 0
MANSET_ITEMS = (0, 2, 5)
URGENT_HOURS = 12


def load_news_desk_day(rubrics, now, illustration):
    """Create the day's items that do not exist yet; return how many were created.

    ``illustration(slug, rubric_slug, index)`` gives an image for every third
    item, so the front page's blocks mix pictures and headlines as a real day does.
    """
    created = 0
    articles = []
    for index, (rubric_slug, title) in enumerate(DAY_OF_NEWS):
        slug = az_slugify(title)
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            article = _create_item(index, rubrics[rubric_slug], title, slug, now, illustration)
            created += 1
        articles.append(article)
    for position, index in enumerate(MANSET_ITEMS, start=1):
        TopStory.objects.get_or_create(article=articles[index], defaults={"position": position})
    return created


def _create_item(index, rubric, title, slug, now, illustration):
    published_at = now - timedelta(minutes=3 + MINUTES_BETWEEN_ITEMS * index)
    fields = {}
    if index % 3 == 0:
        fields = {
            "image": illustration(slug, rubric.slug, index),
            "image_alt": f"{rubric.name} rubrikası üçün illüstrasiya",
            "image_credit": "Senzor",
        }
    if index == URGENT_ITEM:
        fields |= {"is_urgent": True, "urgent_until": now + timedelta(hours=URGENT_HOURS)}
    return Article.objects.create(
        title=title,
        slug=slug,
        lead=f"{title}. Ətraflı məlumat redaksiyanın mənbələrinə istinadla verilir.",
        body="\n".join(
            f"<p>{escape(text)}</p>"
            for text in (
                f"{title}. Bu barədə Senzor-a məlumat verilib.",
                "Mövzu ilə bağlı əlavə təfərrüatlar daxil olduqca xəbər yenilənəcək.",
            )
        ),
        rubric=rubric,
        status=Article.Status.PUBLISHED,
        published_at=published_at,
        **fields,
    )
