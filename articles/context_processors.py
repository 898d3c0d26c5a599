"""What every public template needs from the articles app: the rubric menu."""

from django.utils.functional import SimpleLazyObject

from .caching import menu_rubrics


def menu(request):
    # From the cache (invalidated when a rubric changes), and only when printed.
    return {"menu_rubrics": SimpleLazyObject(menu_rubrics)}
