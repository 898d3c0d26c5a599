from django.apps import AppConfig


class WordpressConfig(AppConfig):
    """Moving from WordPress: the WXR import and the old addresses it keeps alive."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "wordpress"
    verbose_name = "WordPress-dən köçmə"
