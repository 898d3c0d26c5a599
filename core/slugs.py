"""Unique, never-empty slugs for any model with a ``slug`` field."""

from itertools import count


def unique_slug(instance, base, fallback, field_name="slug"):
    """Return ``base`` or ``base-2``, ``base-3``… unused by other rows of the model.

    ``fallback`` is used when ``base`` is empty (a title of only punctuation
    or of letters with no ASCII stand-in), so a slug is never empty.
    """
    base = base or fallback
    model = type(instance)
    max_length = model._meta.get_field(field_name).max_length
    others = (
        model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager
    )
    for number in count(1):
        suffix = "" if number == 1 else f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
        if not others.filter(**{field_name: candidate}).exists():
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover
