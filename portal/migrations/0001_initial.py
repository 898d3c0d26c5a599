from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SiteSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("site_name", models.CharField(max_length=100, verbose_name="saytın adı")),
                ("tagline", models.CharField(max_length=200, verbose_name="şüar")),
                ("founder_and_editor", models.CharField(max_length=200, verbose_name="təsisçi və baş redaktor")),
                ("phone", models.CharField(max_length=50, verbose_name="telefon")),
                ("email", models.EmailField(max_length=254, verbose_name="e-poçt")),
                ("advertising_email", models.EmailField(max_length=254, verbose_name="reklam üçün e-poçt")),
                ("copyright_line", models.CharField(max_length=200, verbose_name="müəllif hüquqları sətri")),
                (
                    "attribution_sentence",
                    models.CharField(
                        help_text="Hər səhifənin altında, sayta keçidlə birlikdə göstərilir.",
                        max_length=300,
                        verbose_name="istinad cümləsi",
                    ),
                ),
            ],
            options={"verbose_name": "sayt parametrləri", "verbose_name_plural": "sayt parametrləri"},
        ),
    ]
