from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """Rubrics and articles, from the newsroom's admin to the reader's page."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Məqalələr"

    def ready(self):
        from . import receivers  # noqa: F401 - connects them
