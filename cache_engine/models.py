"""The cache tags' versions, kept in the database next to the content they describe."""

from django.db import models


class TagVersion(models.Model):
    """One cache tag's current version (see ``cache_engine.versions``).

    Written in the same transaction as the edit that changes the tag, so the
    new version becomes visible to every worker at the moment the edit does,
    and is lost only with the edit itself. A tag without a row has never been
    invalidated (version 0).
    """

    tag = models.CharField(max_length=100, primary_key=True)
    version = models.BigIntegerField(
        help_text="Microseconds since the epoch of the latest invalidation (or one more "
        "than the previous version, if the clock says otherwise): only ever grows."
    )
    withdrawn = models.BigIntegerField(
        default=0,
        help_text="The version given by the latest invalidation that took something off "
        "the site: no copy stored under an older version may be served, not even "
        "while a fresh one is being rendered.",
    )

    class Meta:
        verbose_name = "keş etiketinin versiyası"
        verbose_name_plural = "keş etiketlərinin versiyaları"

    def __str__(self):
        return f"{self.tag}={self.version}"
