"""The site's own facts, kept as data so the newsroom edits them in the admin."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cache_engine.blocks import cached
from cache_engine.versions import CHROME, invalidate


class SiteSettings(models.Model):
    """The one row of facts printed in every page's masthead and footer.

    Templates read these through the ``portal`` context processor; none of
    them is written into a template. The row is created by a data migration
    and cannot be added twice or deleted from the admin.
    """

    site_name = models.CharField("saytın adı", max_length=100)
    tagline = models.CharField("şüar", max_length=200)
    founder_and_editor = models.CharField("təsisçi və baş redaktor", max_length=200)
    phone = models.CharField("telefon", max_length=50)
    email = models.EmailField("e-poçt")
    advertising_email = models.EmailField("reklam üçün e-poçt")
    copyright_line = models.CharField("müəllif hüquqları sətri", max_length=200)
    attribution_sentence = models.CharField(
        "istinad cümləsi",
        max_length=300,
        help_text="Hər səhifənin altında, sayta keçidlə birlikdə göstərilir.",
    )

    top_story_count = models.PositiveSmallIntegerField(
        "manşetdə xəbər sayı",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Ana səhifənin manşet blokunda neçə xəbər görünür. Redaktorun seçdiyi "
        "xəbərlər azdırsa, boş yerləri ən yeni xəbərlər tutur.",
    )
    other_news_count = models.PositiveSmallIntegerField(
        "«Digər xəbərlər» sayı",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Məqalə səhifəsinin yanındakı «Digər xəbərlər» siyahısında neçə xəbər var.",
    )

    class Meta:
        verbose_name = "sayt parametrləri"
        verbose_name_plural = "sayt parametrləri"

    def __str__(self):
        return self.site_name

    def save(self, *args, **kwargs):
        """Save the one row; every page shows it, so every cached page is stale."""
        self.pk = 1
        super().save(*args, **kwargs)
        invalidate(CHROME)

    @classmethod
    def load(cls):
        """The settings row, from the cache (``chrome`` tag) when it is there."""
        return cached("site-settings", [CHROME], lambda: cls.objects.get(pk=1))
