"""What every public template needs: the site's facts, its address and the menu."""

from articles.models import Rubric

from .links import absolute_url
from .models import SiteSettings


def portal(request):
    return {
        "site": SiteSettings.load(),
        "site_root_url": absolute_url(request, "/"),
        "menu_rubrics": Rubric.objects.all(),
    }
