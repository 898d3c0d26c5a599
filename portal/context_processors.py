"""What every public template needs from the site as a whole: its facts and address."""

from django.utils.functional import SimpleLazyObject

from core.links import absolute_url

from .models import SiteSettings


def site(request):
    return {
        "site": SimpleLazyObject(SiteSettings.load),
        "site_root_url": absolute_url(request, "/"),
    }
