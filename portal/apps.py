from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site as a whole: its own facts, shared layout and error pages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "Sayt"
