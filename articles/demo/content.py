"""Demo content written by the Senzor team for development and first runs.

Every headline and sentence here is the team's own invention; the people in
``EXPERTS`` other than the seed article's author are fictional. Articles are
built from a headline and its rubric's sentence patterns, enough for every
rubric feed to paginate.
"""

RUBRICS = [
    # slug, name, description, lead editorial?
    ("bas-yazi", "Baş yazı", "Redaksiyanın günün əsas mövzusuna baxışı.", True),
    ("siyaset", "Siyasət", "Daxili və xarici siyasət, seçkilər, diplomatiya.", False),
    ("iqtisadiyyat", "İqtisadiyyat", "Bazarlar, enerji, büdcə və biznes.", False),
    ("dunya", "Dünya", "Regionda və dünyada baş verənlər.", False),
    ("cemiyyet", "Cəmiyyət", "Təhsil, səhiyyə, şəhər həyatı və insanlar.", False),
]

EXPERTS = [
    # full name, signature line as printed, bio
    (
        "Kənan Novruzov",
        "Beynəlxalq Münasibətlər və Diplomatiya Araşdırmaları Mərkəzinin eksperti",
        "Mərkəzi Asiya və Cənubi Qafqazda regional siyasət üzrə şərhlər yazır.",
    ),
    (
        "Leyla Məmmədova",
        "İqtisadi Təhlillər İnstitutunun aparıcı eksperti",
        "Enerji bazarları, büdcə siyasəti və regional ticarət üzrə araşdırmaçıdır.",
    ),
    (
        "Orxan Əliyev",
        "Siyasi şərhçi, Regional Təhlükəsizlik Forumunun üzvü",
        "On ildən artıqdır ki, beynəlxalq təhlükəsizlik mövzularında yazır.",
    ),
    (
        "Nərmin Həsənova",
        "Sosial Tədqiqatlar Mərkəzinin direktoru",
        "Təhsil və səhiyyə islahatları, şəhər həyatı üzrə sosioloq.",
    ),
    (
        "Tural İsmayılov",
        "Nəqliyyat və Logistika Assosiasiyasının məsləhətçisi",
        "Orta Dəhliz, limanlar və tranzit yükdaşımaları üzrə mütəxəssisdir.",
    ),
]

HEADLINES = {
    "bas-yazi": [
        "Regionda yeni balans axtarışı",
        "Orta Dəhliz: fürsət və məsuliyyət",
        "Sülh gündəliyi sözdən işə keçməlidir",
        "Enerji diplomatiyasının yeni mərhələsi",
        "Türk dövlətləri arasında inteqrasiya dərinləşir",
        "Şəhərlərimiz kimin üçün tikilir?",
        "Gənclərin gələcəyi təhsildən başlayır",
        "Media savadlılığı milli təhlükəsizlik məsələsidir",
        "Xəzər hövzəsində əməkdaşlığın yeni imkanları",
        "İslahatların ölçüsü vətəndaşın həyatıdır",
        "Qlobal böhranlar və kiçik dövlətlərin strategiyası",
        "Şəki və Qəbələ turizmin yeni ünvanına çevrilir",
    ],
    "siyaset": [
        "Parlamentdə yeni qanun layihəsi müzakirə olunur",
        "Bakıda regional təhlükəsizlik konfransı keçirilir",
        "Xarici işlər nazirləri Tbilisidə görüşəcək",
        "Bələdiyyə seçkilərinə hazırlıq başlayır",
        "İlham Əliyev Avropa İttifaqının nümayəndəsini qəbul edib",
        "Sərhəd delimitasiyası üzrə komissiya toplanır",
        "Diplomatik korpus üçün yeni təlim proqramı",
        "Dövlət qulluğunda ıslahat: nə dəyişəcək?",
        "Avropa Şurası ilə əməkdaşlığın yeni gündəliyi",
        "Mərkəzi Asiya sammitində Azərbaycanın təklifləri",
        "Seçki qanunvericiliyinə düzəlişlər təqdim edilib",
        "Ombudsman illik məruzəsini açıqlayıb",
    ],
    "iqtisadiyyat": [
        "Azərbaycan iqtisadiyyatı üçün yeni proqnoz",
        "Neft qiymətləri büdcəyə necə təsir edəcək?",
        "Kiçik biznes üçün güzəştli kreditlər artırılır",
        "Alternativ enerji layihələrinə investisiya qoyulur",
        "Manatın məzənnəsi sabit qalır",
        "Kənd təsərrüfatında suvarma sistemləri yenilənir",
        "Bakı limanında yükdaşıma rekord həddə çatıb",
        "Rəqəmsal ödənişlərin payı artır",
        "İxracın təşviqi üçün yeni mexanizm",
        "Turizm gəlirləri ötən ili üstələyib",
        "Qiymət artımı ailə büdcəsinə necə təsir edir?",
        "Startaplar üçün vergi tətilləri uzadılır",
    ],
    "dunya": [
        "Tokayev Soçiyə gedir: gözləntilər nədir?",
        "Avropada enerji təhlükəsizliyi müzakirəsi",
        "Türkiyədə seçki kampaniyası qızışır",
        "Gürcüstanın Avropa yolu: yeni mərhələ",
        "Mərkəzi Asiya ölkələri su problemini müzakirə edir",
        "İranla ticarət dövriyyəsi artır",
        "BMT iqlim konfransında əsas mövzular",
        "Ukraynada sülh danışıqlarına dair yeni təşəbbüs",
        "Çinin Kəmər və Yol layihəsində yeni marşrutlar",
        "Qazaxıstanda konstitusiya islahatı",
        "Özbəkistan iqtisadi açıqlıq siyasətini davam etdirir",
        "Qara dəniz regionunda təhlükəsizlik",
    ],
    "cemiyyet": [
        "Məktəblərdə yeni tədris ili: nə dəyişib?",
        "Şəkidə tarixi binaların bərpası davam edir",
        "Bakıda ictimai nəqliyyat yenilənir",
        "Universitet məzunlarının məşğulluğu artır",
        "Səhiyyədə icbari sığortanın nəticələri",
        "Gənc alimlər beynəlxalq müsabiqədə qalib gəlib",
        "Kitabxanalar rəqəmsal xidmətlərə keçir",
        "Qəbələdə ekoturizm marşrutları açılır",
        "Könüllülər hərəkatı genişlənir",
        "Uşaq meydançalarının təhlükəsizliyinə nəzarət",
        "Ağdam və Şuşada yeni məktəblər açılıb",
        "Bakı bulvarında yaşıllaşdırma işləri",
    ],
}

KICKERS = [
    "MÜTƏXƏSSİSLƏR VƏZİYYƏTİ QİYMƏTLƏNDİRİR",
    "ƏSAS SUALLAR CAVAB GÖZLƏYİR",
    "QƏRAR YAXIN GÜNLƏRDƏ VERİLƏ BİLƏR",
    "RƏQƏMLƏR NƏ DEYİR?",
    "YENİ MƏRHƏLƏ BAŞLAYIR",
]

PARAGRAPHS = {
    "bas-yazi": [
        "Bu mövzu son həftələrdə ictimai müzakirələrin mərkəzindədir və təsadüfi deyil: "
        "qərarların nəticəsi bir neçə il sonra hiss olunacaq.",
        "Redaksiyanın qənaətinə görə, burada əsas məsələ ardıcıllıqdır. Bəyanatlar çoxdur, "
        "amma onları həyata keçirən mexanizmlər hələ tam formalaşmayıb.",
        "Cəmiyyət açıq və aydın izahat gözləyir. Qərarlar nə qədər şəffaf olsa, onlara "
        "inam da bir o qədər güclü olar.",
    ],
    "siyaset": [
        "Rəsmi məlumata görə, tərəflər gündəlikdəki bütün məsələləri ətraflı müzakirə "
        "etməyə razılaşıblar.",
        "Müşahidəçilər hesab edir ki, bu addım regionda siyasi dialoqun yeni mərhələsinin "
        "başlanğıcı ola bilər.",
        "Növbəti görüşün tarixi hələ açıqlanmayıb, lakin hazırlıq işlərinin davam etdiyi "
        "bildirilir.",
    ],
    "iqtisadiyyat": [
        "Statistika Komitəsinin son göstəriciləri sahədə canlanmanın davam etdiyini göstərir.",
        "İqtisadçılar qeyd edir ki, artımın davamlı olması üçün qeyri-neft sektorunun payı "
        "yüksəlməlidir.",
        "Bazar iştirakçıları yaxın aylarda qiymətlərdə kəskin dəyişiklik gözləmir.",
    ],
    "dunya": [
        "Xarici mətbuatın yazdığına görə, görüşün gündəliyində regional və ikitərəfli "
        "məsələlər var.",
        "Ekspertlər bu prosesin Cənubi Qafqaz və Mərkəzi Asiya üçün nəticələrinə diqqət çəkir.",
        "Hadisələrin gedişi yaxın həftələrdə daha aydın olacaq.",
    ],
    "cemiyyet": [
        "Sakinlər dəyişiklikləri maraqla qarşılayıb, amma bəzi suallar hələ də cavabsız qalır.",
        "Aidiyyəti qurumlar bildirir ki, işlər mərhələlərlə aparılacaq və ictimaiyyət "
        "məlumatlandırılacaq.",
        "Mütəxəssislər vətəndaşların təkliflərinin nəzərə alınmasını vacib sayır.",
    ],
}
