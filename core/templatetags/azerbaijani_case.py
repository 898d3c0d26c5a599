"""``capfirst`` by the Azerbaijani alphabet, for every template (a builtin in settings).

Django's own ``capfirst`` filter upper-cases with Python, which turns
"istifadəçilər" into "Istifadəçilər" (dotless capital); the admin's templates
use the filter on every model and field name. Registered in ``TEMPLATES``'
``builtins``, this filter replaces Django's under the same name.
"""

from django import template
from django.template.defaultfilters import stringfilter

from core.azerbaijani import az_capfirst

register = template.Library()


@register.filter(is_safe=True)
@stringfilter
def capfirst(value):
    return az_capfirst(value)
