"""A generated news corpus and the team's relevance set for reader search.

``background(count)`` writes ``count`` articles from templates of Azerbaijani
news sentences (people, places, institutions and topics combined by a seeded
random generator, so the same count always gives the same articles).
``TARGETS`` are the stories the relevance set looks for; ``QUERIES`` pairs
what a reader types (diacritics dropped, capitals, İ/ı, typos, names,
phrases) with the target(s) that must come first. Background articles quote
the targets' headlines in their bodies and leads, many of them fresher than
the target, so a ranking that ignores where a word stands, or trusts
freshness alone, fails the set.

Used by tests/test_search_relevance.py (2 000 articles) and bench/search.py
(up to 100 000). Pure Python: it builds field values, the callers save them.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta

SEED = 2026
PLACES = [  # (nominative, locative, dative)
    ("Bakı", "Bakıda", "Bakıya"),
    ("Gəncə", "Gəncədə", "Gəncəyə"),
    ("Sumqayıt", "Sumqayıtda", "Sumqayıta"),
    ("Mingəçevir", "Mingəçevirdə", "Mingəçevirə"),
    ("Lənkəran", "Lənkəranda", "Lənkərana"),
    ("Quba", "Qubada", "Qubaya"),
    ("Qəbələ", "Qəbələdə", "Qəbələyə"),
    ("Şamaxı", "Şamaxıda", "Şamaxıya"),
    ("Ağdam", "Ağdamda", "Ağdama"),
    ("Füzuli", "Füzulidə", "Füzuliyə"),
    ("Astara", "Astarada", "Astaraya"),
    ("Zaqatala", "Zaqatalada", "Zaqatalaya"),
    ("Tbilisi", "Tbilisidə", "Tbilisiyə"),
    ("Ankara", "Ankarada", "Ankaraya"),
    ("Brüssel", "Brüsseldə", "Brüsselə"),
]
PEOPLE = [
    "Paşinyan",
    "Ərdoğan",
    "Mirziyoyev",
    "Kobaxidze",
    "Makron",
    "Şolts",
    "Lukaşenko",
    "Japarov",
    "Berdiməhəmmədov",
    "Rəhmon",
]
INSTITUTIONS = [
    "Nazirlər Kabineti",
    "Milli Məclis",
    "Mərkəzi Bank",
    "Dövlət Statistika Komitəsi",
    "Energetika Nazirliyi",
    "Təhsil Nazirliyi",
    "Səhiyyə Nazirliyi",
    "Kənd Təsərrüfatı Nazirliyi",
    "Rəqəmsal İnkişaf və Nəqliyyat Nazirliyi",
    "Ekologiya və Təbii Sərvətlər Nazirliyi",
    "Dövlət Turizm Agentliyi",
    "Gənclər və İdman Nazirliyi",
]
TOPICS = [
    "vergi güzəştləri",
    "kənd təsərrüfatı subsidiyaları",
    "ictimai nəqliyyat",
    "su təchizatı",
    "məktəb tikintisi",
    "tibbi sığorta",
    "bank kreditləri",
    "qiymət artımı",
    "ixrac əməliyyatları",
    "sərhəd keçidləri",
    "yol təmiri",
    "elektrik enerjisi",
    "mədəni irs",
    "idman infrastrukturu",
    "meşə sahələri",
    "rəqəmsal xidmətlər",
    "mənzil tikintisi",
    "əmək bazarı",
]
HEADLINES = [
    "{institution} {topic} üzrə yeni qaydalar hazırlayır",
    "{place_loc} {topic} müzakirə olunub",
    "{institution} {place_loc} iclas keçirdi",
    "{topic_cap}: {institution} hesabat açıqladı",
    "{place_loc} {topic} ilə bağlı sorğu keçirilir",
    "{institution} {topic} barədə açıqlama yaydı",
    "{place_dat} {topic} üçün vəsait ayrılıb",
    "{place_loc} yeni layihələr başlayır",
]
SENTENCES = [
    "{institution} {topic} ilə bağlı yeni qərar layihəsini ictimai müzakirəyə çıxarıb.",
    "{place_loc} keçirilən görüşdə {topic} məsələsi ətraflı müzakirə olunub.",
    "Ekspertlərin fikrincə, {topic} sahəsində islahatlar gələn il də davam edəcək.",
    "{person} ilə telefon danışığında regional əməkdaşlığın perspektivləri müzakirə edilib.",
    "Rəsmi məlumata görə, ilin ilk yarısında {topic} üzrə {number} müraciət daxil olub.",
    "Sakinlər {place_loc} {topic} ilə bağlı narahatlıqlarını yerli icra hakimiyyətinə çatdırıblar.",
    "{institution} nümayəndəsi bildirib ki, {number} milyon manat vəsait ayrılması planlaşdırılır.",
    "Tədbirdə {place} regionunun sosial-iqtisadi inkişafı da gündəmə gəlib.",
    "Layihənin icrası üçün beynəlxalq təşkilatlarla danışıqlar aparılır.",
    "Mövzu ilə bağlı ətraflı hesabat gələn ay dərc ediləcək.",
    "Qeyd edək ki, ötən il {topic} sahəsində {number} faiz artım müşahidə olunub.",
    "{person} bəyanatında qarşılıqlı ticarətin artırılmasının vacibliyini vurğulayıb.",
    "Deputatlar {topic} barədə qanun layihəsini ikinci oxunuşda qəbul ediblər.",
    "Mütəxəssislər {place_loc} {topic} vəziyyətinin yaxşılaşdığını qeyd edirlər.",
]
QUOTES = [  # how background articles mention a target story
    "Xatırladaq ki, “{title}” xəbərini daha əvvəl yaymışdıq.",
    "Bu, “{title}” başlıqlı xəbərdən sonra gündəmə gəlib.",
    "Oxucular “{title}” mövzusunu da yaxından izləyir.",
]


@dataclass
class Target:
    """A story the relevance set looks for; ``days_ago`` makes some of them old."""

    key: str
    title: str
    lead: str = ""
    kicker: str = ""
    days_ago: int = 20
    expert: str = ""
    body: str = ""
    quoted_by: int = field(default=6)


TARGETS = [
    Target("iqtisadi", "İqtisadi islahatlar davam edir", days_ago=30),
    Target(
        "tokayev", "Tokayev Soçiyə gedir", lead="Qazaxıstan prezidenti səfərə çıxır.", days_ago=3
    ),
    Target("seki", "Şəkidə turizm mövsümü açıldı", days_ago=40),
    Target("qafqaz", "Cənubi Qafqazda sülh gündəliyi", days_ago=25),
    Target("qafqaz-universitet", "Qafqaz Universitetinin cənubi kampusu açıldı", days_ago=2),
    Target("naxcivan", "Naxçıvanda qış turizmi canlanır", days_ago=15),
    Target("ilham", "İlham Qasımov: regional enerji bazarı dəyişir", expert="İlham Qasımov"),
    Target("kenan", "Diplomatiya yeni mərhələdə", expert="Kənan Novruzov", days_ago=12),
    Target("azerbaycan-ab", "Azərbaycan və Avropa İttifaqı enerji memorandumu imzaladı"),
    Target("susa", "Şuşada Xarıbülbül festivalı başladı", days_ago=60),
    Target("gence-zavod", "Gəncədə alüminium zavodu genişləndirilir", days_ago=33),
    Target("xezer", "Xəzər dənizində səviyyə azalmaqda davam edir", days_ago=45),
    Target("orta-dehliz", "Orta Dəhliz üzrə yükdaşımalar artıb", days_ago=18),
    Target("inflyasiya", "İnflyasiya səviyyəsi 4 faizə düşdü", days_ago=9),
    Target("manat", "Manatın məzənnəsi sabit qalır", days_ago=27),
    Target("zelzele", "Şamaxıda 4 bal gücündə zəlzələ olub", days_ago=50),
    Target("futbol", "Qarabağ Avropa Liqasında qələbə qazandı", days_ago=6),
    Target("olimpiya", "Olimpiya çempionu gənc idmançılarla görüşdü", days_ago=70),
    Target("cop29", "COP29 yekunları: iqlim maliyyəsi razılaşması", days_ago=80),
    Target("pambiq", "Pambıq yığımı Saatlıda başa çatdı", days_ago=22),
    Target("ipek", "İpək Yolu ticarət forumu Bakıda keçirilir", days_ago=14),
    Target("metro", "Bakı metrosunda yeni stansiya istifadəyə verildi", days_ago=35),
    Target("ucus", "Bakı-İstanbul uçuşlarının sayı artırılır", days_ago=4),
    Target("universitet", "Universitet qəbulunda yeni qaydalar tətbiq edilir", days_ago=28),
    Target("xalca", "Azərbaycan xalçası UNESCO sərgisində nümayiş olunur", days_ago=55),
    Target("nar", "Göyçayda nar festivalı keçirildi", days_ago=90),
    Target("karvan", "Ərzaq karvanı Laçına çatdı", days_ago=19),
    Target("mina", "Füzulidə minalardan təmizləmə işləri sürətlənir", days_ago=11),
    Target("tikinti", "Ağdamda yeni yaşayış kompleksinin təməli qoyuldu", days_ago=23),
    Target("pasinyan", "Paşinyan sülh müqaviləsi barədə danışdı", days_ago=7),
    Target("erdogan", "Ərdoğan Naxçıvana səfər edəcək", days_ago=16),
    Target("mirziyoyev", "Mirziyoyev Bakıda investisiya forumunda çıxış etdi", days_ago=31),
    Target("kobaxidze", "Kobaxidze ilə sərhəd məsələləri müzakirə olundu", days_ago=26),
    Target("bank", "Mərkəzi Bank uçot dərəcəsini dəyişmədi", days_ago=8),
    Target("su", "Abşeronda içməli su qıtlığı yaşanır", days_ago=21),
    Target("yanğın", "Zaqatala meşələrində yanğın söndürüldü", days_ago=37),
    Target("qaz-ixrac", "Avropaya qaz ixracı rekord həddə çatdı", days_ago=13),
    Target("neft-qiymet", "Neft qiymətləri kəskin ucuzlaşdı", days_ago=5),
    Target("teatr", "Milli Dram Teatrında Hamletin premyerası", days_ago=42),
    Target("kitab", "Nizami Gəncəvinin əsərləri yeni nəşrdə", days_ago=64),
    Target("ixtisas", "Süni intellekt üzrə ixtisas proqramı açılır", days_ago=17),
    Target(
        "pensiya",
        "Pensiyaların artırılması gözlənilir",
        lead="Əmək nazirliyi hesablamaları açıqladı.",
    ),
    Target("dasqin", "Kürün daşması nəticəsində kəndləri su basıb", days_ago=48),
    Target("qar", "Qubada güclü qar yağıb, yollar bağlanıb", days_ago=58),
    Target("festival-caz", "Bakı Caz Festivalı beynəlxalq ulduzları toplayır", days_ago=29),
    Target("secki", "Bələdiyyə seçkilərinin nəticələri açıqlandı", days_ago=38),
    Target(
        "gomruk",
        "Yeni gömrük məcəlləsi",
        kicker="idxalçılar üçün sadələşdirmə",
        lead="Rüsumlar azaldılır.",
        days_ago=24,
    ),
    Target("kredit", "Ipoteka kreditlərinin faizi endirilir", days_ago=10),
    Target("astara", "Astara-Rəşt dəmir yolunun tikintisi başlayır", days_ago=44),
    Target("turizm-qebele", "Qəbələdə xizək mövsümü erkən başladı", days_ago=53),
]

# (what the reader types, keys of the targets that must come first)
QUERIES = [
    ("iqtisadi", ["iqtisadi"]),
    ("iqtisadi islahatlar", ["iqtisadi"]),
    ("IQTISADI ISLAHATLAR", ["iqtisadi"]),
    ("Tokayev", ["tokayev"]),
    ("Tokaev", ["tokayev"]),
    ("tokayev sociye", ["tokayev"]),
    ("seki turizm movsumu", ["seki"]),
    ("ŞƏKİ TURİZM MÖVSÜMÜ", ["seki"]),
    ('"Cənubi Qafqaz"', ["qafqaz"]),
    ('"cenubi qafqazda"', ["qafqaz"]),
    ("cənubi qafqaz sülh", ["qafqaz"]),
    ("Naxcivan qis turizmi", ["naxcivan"]),
    ("NAXÇIVANDA QIŞ", ["naxcivan"]),
    ("İlham Qasımov enerji", ["ilham"]),
    ("ilham qasimov enerji bazari", ["ilham"]),
    ("Kənan Novruzov diplomatiya", ["kenan"]),
    ("Azerbaycan Avropa Ittifaqi memorandum", ["azerbaycan-ab"]),
    ("Şuşa Xarıbülbül", ["susa"]),
    ("susa xaribulbul festivali", ["susa"]),
    ("Xaribulbul", ["susa"]),
    ("gence aluminium zavodu", ["gence-zavod"]),
    ("aliminium zavodu", ["gence-zavod"]),
    ("Xəzər səviyyə", ["xezer"]),
    ("XEZER DENIZI SEVIYYE", ["xezer"]),
    ('"Orta Dəhliz"', ["orta-dehliz"]),
    ("orta dehliz yukdasimalar", ["orta-dehliz"]),
    ("inflyasiya", ["inflyasiya"]),
    ("inflasiya", ["inflyasiya"]),
    ("manatın məzənnəsi", ["manat"]),
    ("manat mezennesi", ["manat"]),
    ("Şamaxı zəlzələ", ["zelzele"]),
    ("zelzele", ["zelzele"]),
    ("Qarabağ Avropa Liqası", ["futbol"]),
    ("qarabag avropa liqasi", ["futbol"]),
    ("olimpiya çempionu", ["olimpiya"]),
    ("COP29 iqlim maliyyəsi", ["cop29"]),
    ("pambıq yığımı", ["pambiq"]),
    ("pambiq yigimi saatli", ["pambiq"]),
    ("İpək Yolu forumu", ["ipek"]),
    ("IPEK YOLU", ["ipek"]),
    ("metro stansiya", ["metro"]),
    ("Bakı İstanbul uçuşları", ["ucus"]),
    ("baki istanbul ucuslari", ["ucus"]),
    ("universitet qəbulu qaydalar", ["universitet"]),
    ("xalça UNESCO", ["xalca"]),
    ("xalca unesco sergisi", ["xalca"]),
    ("Göyçay nar festivalı", ["nar"]),
    ("goycay nar", ["nar"]),
    ("ərzaq karvanı Laçın", ["karvan"]),
    ("Füzuli minalardan təmizləmə", ["mina"]),
    ("Ağdam yaşayış kompleksi", ["tikinti"]),
    ("Paşinyan sülh müqaviləsi", ["pasinyan"]),
    ("Pashinyan", ["pasinyan"]),
    ("Erdoğan Naxçıvan", ["erdogan"]),
    ("Ərdoğan naxcivana sefer", ["erdogan"]),
    ("Mirziyoyev investisiya", ["mirziyoyev"]),
    ("Mirziyeyev", ["mirziyoyev"]),
    ("Kobaxidze sərhəd", ["kobaxidze"]),
    ("Mərkəzi Bank uçot dərəcəsi", ["bank"]),
    ("ucot derecesi", ["bank"]),
    ("Abşeron içməli su", ["su"]),
    ("Zaqatala meşə yanğın", ["yanğın"]),
    ("qaz ixracı rekord", ["qaz-ixrac"]),
    ("neft qiymətləri ucuzlaşdı", ["neft-qiymet"]),
    ("Hamlet premyera", ["teatr"]),
    ("Nizami Gəncəvi əsərləri", ["kitab"]),
    ("süni intellekt ixtisas", ["ixtisas"]),
    ("suni intelekt", ["ixtisas"]),
    ("pensiya artımı or pensiyaların artırılması", ["pensiya"]),
    ("Kür daşması", ["dasqin"]),
    ("Quba qar yollar", ["qar"]),
    ("caz festivalı", ["festival-caz"]),
    ("bələdiyyə seçkiləri nəticələri", ["secki"]),
    ("idxalçılar sadələşdirmə", ["gomruk"]),
    ("ipoteka kreditləri", ["kredit"]),
    ("İPOTEKA", ["kredit"]),
    ("Astara Rəşt dəmir yolu", ["astara"]),
    ("Qəbələ xizək mövsümü", ["turizm-qebele"]),
    ("qebele xizek -yay", ["turizm-qebele"]),
]


def _render(template, randomiser):
    place, place_loc, place_dat = randomiser.choice(PLACES)
    topic = randomiser.choice(TOPICS)
    return template.format(
        place=place,
        place_loc=place_loc,
        place_dat=place_dat,
        topic=topic,
        topic_cap=topic[:1].upper() + topic[1:],
        institution=randomiser.choice(INSTITUTIONS),
        person=randomiser.choice(PEOPLE),
        number=randomiser.randrange(2, 950),
    )


@dataclass
class Story:
    """Field values of one generated article."""

    title: str
    lead: str
    body: str
    kicker: str
    days_ago: float
    expert: str = ""
    key: str = ""


def _paragraphs(sentences):
    return "".join(f"<p>{' '.join(sentences[i : i + 3])}</p>" for i in range(0, len(sentences), 3))


def background(count, seed=SEED):
    """``count`` generated articles, some quoting a target's headline in the body or lead."""
    randomiser = random.Random(seed)
    quotes = [target for target in TARGETS for _ in range(target.quoted_by)]
    for number in range(count):
        sentences = [
            _render(randomiser.choice(SENTENCES), randomiser)
            for _ in range(randomiser.randrange(8, 14))
        ]
        lead = _render(randomiser.choice(SENTENCES), randomiser)
        if number < len(quotes) * 2 and number % 2 == 0:  # quoted, mostly fresher than the target
            target = quotes[number // 2]
            quote = randomiser.choice(QUOTES).format(title=target.title)
            if number % 6 == 0:
                lead = quote
            else:
                sentences.insert(randomiser.randrange(len(sentences)), quote)
        yield Story(
            title=_render(randomiser.choice(HEADLINES), randomiser),
            lead=lead,
            body=_paragraphs(sentences),
            kicker="",
            days_ago=randomiser.uniform(0, 120),
        )


def targets(seed=SEED):
    """The targets as stories, with generated bodies of the same kind."""
    randomiser = random.Random(seed + 1)
    for target in TARGETS:
        sentences = [_render(randomiser.choice(SENTENCES), randomiser) for _ in range(9)]
        yield Story(
            title=target.title,
            lead=target.lead or _render(randomiser.choice(SENTENCES), randomiser),
            body=_paragraphs(sentences),
            kicker=target.kicker,
            days_ago=target.days_ago,
            expert=target.expert,
            key=target.key,
        )


def published_at(story, now):
    return now - timedelta(days=story.days_ago)


def load(count, now=None, batch_size=1000):
    """Save ``count`` background articles and the targets (published, one rubric),
    then the vocabulary; returns {target key: slug}. Bulk creation sends no
    saves, so the derived fields are derived here as ``Article.save`` would."""
    from django.utils import timezone

    from articles.models import Article, Rubric
    from articles.vocabulary import rebuild_vocabulary
    from core.azerbaijani import az_upper
    from experts.models import Expert

    now = now or timezone.now()
    rubric, _ = Rubric.objects.get_or_create(slug="xeberler", defaults={"name": "Xəbərlər"})
    experts = {}
    for name in sorted({target.expert for target in TARGETS if target.expert}):
        experts[name] = Expert.objects.filter(full_name=name).first() or Expert.objects.create(
            full_name=name, signature="Ekspert"
        )
    keys, batch = {}, []
    stories = [*targets(), *background(count)]
    for number, story in enumerate(stories):
        article = Article(
            title=story.title,
            slug=f"{story.key or 'xeber'}-{number}",
            kicker=az_upper(story.kicker),
            lead=story.lead,
            body=story.body,
            rubric=rubric,
            expert=experts.get(story.expert),
            status=Article.Status.PUBLISHED,
            published_at=published_at(story, now),
        )
        article.derive_search_text()
        if story.key:
            keys[story.key] = article.slug
        batch.append(article)
        if len(batch) >= batch_size:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    rebuild_vocabulary(Article.objects.published().only("title", "lead", "body", "kicker"))
    return keys


def target_slugs():
    """{target key: slug} as ``load`` names them (the targets are saved first)."""
    return {target.key: f"{target.key}-{number}" for number, target in enumerate(TARGETS)}


def evaluate(keys, queries=QUERIES):
    """[(query, rank of the first expected article or None, nDCG@10, milliseconds)]:
    each query run as /axtar/ runs it (near spellings, then the ranked first page)."""
    import math
    import time

    from articles.models import Article
    from articles.search import MAX_COUNTED, ParsedQuery, count_up_to
    from articles.vocabulary import near_spellings

    results = []
    for query, expected in queries:
        wanted = {keys[key] for key in expected}
        started = time.perf_counter()
        parsed = ParsedQuery.parse(query)
        found = Article.objects.published().search(parsed, near_spellings(parsed.positive_words))
        count_up_to(found, MAX_COUNTED + 1)  # the page prints how many were found
        slugs = [article.slug for article in found[:10]]
        milliseconds = (time.perf_counter() - started) * 1000
        rank = next((n for n, slug in enumerate(slugs, 1) if slug in wanted), None)
        gains = sum(1 / math.log2(n + 1) for n, slug in enumerate(slugs, 1) if slug in wanted)
        ideal = sum(1 / math.log2(n + 1) for n in range(1, min(len(wanted), 10) + 1))
        results.append((query, rank, gains / ideal, milliseconds))
    return results


def mean_reciprocal_rank(results):
    return sum(1 / rank for _, rank, _, _ in results if rank) / len(results)


def mean_ndcg(results):
    return sum(ndcg for _, _, ndcg, _ in results) / len(results)
