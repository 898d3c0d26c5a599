"""Admin fieldsets rewritten for someone who may see a form but not change all of it."""


def with_fields_replaced(fieldsets, replacements, dropped=()):
    """``fieldsets`` with each field named in ``replacements`` swapped for its
    replacement (a read-only rendering of it) and the ``dropped`` fields left out;
    the sections, their options and order stay as they were."""
    return [
        (
            name,
            {
                **options,
                "fields": [
                    replacements.get(field, field)
                    for field in options["fields"]
                    if field not in dropped
                ],
            },
        )
        for name, options in fieldsets
    ]
