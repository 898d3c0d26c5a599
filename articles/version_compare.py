"""Two saved versions of an article side by side, for the history's «Müqayisə et».

Each field the newsroom writes is shown as the older and the newer version
held it; in a text, the words taken out are struck through on the left and
the words put in are marked on the right (``difflib`` on words, the body's
HTML read as its text).
"""

import difflib

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from core.dates import format_datetime_seconds

from .models import Article, Rubric
from .workflow import RESTORED_FIELDS

COMPARED_FIELDS = [*RESTORED_FIELDS, "slug", "status", "published_at"]


def _shown(name, stored):
    """What the field's stored ``value`` says to a reader of the comparison."""
    field = Article._meta.get_field(name)
    value = stored.get(field.attname)
    if value in (None, ""):
        return ""
    if name == "body":
        return " ".join(strip_tags(value).split())
    if name == "rubric":
        return str(Rubric.objects.filter(pk=value).first() or value)
    if name == "expert":
        return str(field.related_model.objects.filter(pk=value).first() or value)
    if name == "status":
        return str(dict(Article.Status.choices).get(value, value))
    if name == "published_at":
        parsed = field.to_python(value)
        return format_datetime_seconds(parsed) if parsed else ""
    return str(value)


def _marked(old, new):
    """``(old, new)`` as HTML: removed words in ``<del>``, added words in ``<ins>``."""
    old_words, new_words = old.split(), new.split()
    left, right = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = escape(" ".join(old_words[i1:i2]))
        added = escape(" ".join(new_words[j1:j2]))
        if tag == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    return mark_safe(" ".join(left)), mark_safe(" ".join(right))


def compare(older, newer):
    """Rows ``{"label", "old", "new", "changed"}`` for two ``reversion`` versions."""
    rows = []
    for name in COMPARED_FIELDS:
        old = _shown(name, older.field_dict)
        new = _shown(name, newer.field_dict)
        old_html, new_html = _marked(old, new) if old != new else (escape(old), escape(new))
        label = str(Article._meta.get_field(name).verbose_name)
        rows.append({"label": label, "old": old_html, "new": new_html, "changed": old != new})
    return rows
