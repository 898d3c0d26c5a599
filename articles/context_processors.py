"""What every public template needs from the articles app: the rubric menu and the
"Təcili" strip."""

from django.utils.functional import SimpleLazyObject

from .caching import menu_rubrics, urgent_articles


def menu(request):
    # From the cache (invalidated when a rubric changes), and only when printed.
    return {"menu_rubrics": SimpleLazyObject(menu_rubrics)}


def urgent(request):
    # The strip on every page: from the cache (``chrome``), and only when printed.
    return {"urgent_articles": SimpleLazyObject(urgent_articles)}
