from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared helpers; an app only so its template tags and formats are found."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Ümumi"
