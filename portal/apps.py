from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    """The site as a whole: its own facts, shared layout and error pages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "Sayt"


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the newsroom's site (``portal.admin_site``) as ``admin.site``."""

    default = False
    default_site = "portal.admin_site.NewsroomAdminSite"


class LoginSecurityConfig(axes_apps.AppConfig):
    """django-axes, as the chief editor sees it in the admin."""

    default = False
    verbose_name = "Giriş təhlükəsizliyi"

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        from core.dates import format_datetime

        AccessAttempt.__str__ = lambda row: (
            f"Giriş cəhdi: {row.username}, {format_datetime(row.attempt_time)}"
        )
        AccessFailureLog.__str__ = lambda row: (
            f"Uğursuz giriş: {row.username}, {format_datetime(row.attempt_time)}"
            + (" (bloklandı)" if row.locked_out else "")
        )
        AccessLog.__str__ = lambda row: (
            f"Giriş: {row.username}, {format_datetime(row.attempt_time)}"
        )
