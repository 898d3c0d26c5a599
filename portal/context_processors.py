"""What every public template needs: the site's facts, its address and the menu."""

from django.utils.functional import SimpleLazyObject

from articles.caching import menu_rubrics

from .links import absolute_url
from .models import SiteSettings


def portal(request):
    return {
        "site": SimpleLazyObject(SiteSettings.load),
        "site_root_url": absolute_url(request, "/"),
        # From the cache (invalidated when a rubric changes), and only when printed.
        "menu_rubrics": SimpleLazyObject(menu_rubrics),
    }
