from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    """Outside experts whose analyses the portal publishes under their name."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "experts"
    verbose_name = "Ekspertlər"
