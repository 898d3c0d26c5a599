from django.apps import AppConfig


class CacheEngineConfig(AppConfig):
    """Version-tagged caching of public pages and blocks; knows no content app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cache_engine"
    verbose_name = "Keş"
