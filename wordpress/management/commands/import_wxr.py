"""``manage.py import_wxr FILE [--media DIR] [--dry-run] [--rubric-map F] [--author-map F]``."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from wordpress.importer import ImportConfigError, import_wxr
from wordpress.wxr import WXRError


def _read_map(path, what):
    """A JSON object from ``path`` (``{"wordpress-name": "target", "*": "default"}``)."""
    if path is None:
        return None
    try:
        mapping = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(f"{what} faylını oxumaq olmur: {path} ({error.strerror}).") from error
    except (ValueError, UnicodeDecodeError) as error:
        raise CommandError(f"{what} faylı düzgün JSON deyil: {path} ({error}).") from error
    if not isinstance(mapping, dict):
        raise CommandError(f'{what} faylı JSON obyekti olmalıdır: {{"ad": "hədəf"}}.')
    return mapping


class Command(BaseCommand):
    help = (
        "WordPress ixracını (WXR 1.0–1.2) şəkilləri ilə idxal edir; köhnə linklər "
        "yeni məqalələrə 301 ilə yönəlir. Təkrar işə salmaq heç nəyi dublikat etmir."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="WordPress-in ixrac etdiyi XML faylı")
        parser.add_argument(
            "--media", type=Path, help="ixracın wp-content/uploads qovluğu (şəkillər oradan)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="heç nə yazmadan nə olacağını göstər"
        )
        parser.add_argument(
            "--rubric-map", type=Path, help='JSON: {"kateqoriya-slug": "rubrika-slug", "*": …}'
        )
        parser.add_argument(
            "--author-map",
            type=Path,
            help='JSON: {"wp-login": "user:AD" | "expert:SLUG" | "none", "*": …}',
        )
        parser.add_argument(
            "--allow-missing-images",
            action="store_true",
            help="şəkli tapılmayan yazını şəkilsiz idxal et (yoxsa yazı buraxılır)",
        )

    def handle(self, *args, path, media, dry_run, rubric_map, author_map, **options):
        if media is not None and not media.is_dir():
            raise CommandError(f"--media qovluğu yoxdur: {media}.")
        progress = tqdm(unit=" element", disable=None, leave=False)
        try:
            summary = import_wxr(
                path,
                media_dir=media,
                dry_run=dry_run,
                rubric_map=_read_map(rubric_map, "Rubrika xəritəsi"),
                author_map=_read_map(author_map, "Müəllif xəritəsi"),
                allow_missing_images=options["allow_missing_images"],
                report=lambda message: self._report(progress, message),
                progress=progress,
            )
        except (WXRError, ImportConfigError) as error:
            raise CommandError(str(error)) from error
        finally:
            progress.close()
        self._print_summary(summary, dry_run)

    def _report(self, progress, message):
        """A message about one item, printed above the progress bar."""
        with progress.external_write_mode():
            self.stderr.write(message)

    def _print_summary(self, summary, dry_run):
        heading = "Sınaq (heç nə yazılmadı)" if dry_run else "İdxal bitdi"
        lines = [
            f"{heading}: {summary.posts} yazı.",
            f"  yaradıldı: {summary.created}",
            f"  yeniləndi: {summary.updated}",
            f"  dəyişməyib: {summary.unchanged}",
            f"  buraxıldı: {sum(summary.skipped.values())}",
        ]
        lines += [f"    {count} × {reason}" for reason, count in summary.skipped.most_common()]
        lines += [
            f"  şəkillər: {summary.images}",
            f"  yeni yönləndirmələr (köhnə ünvanlar): {summary.redirects}",
            f"  şərhlər (idxal olunmur): {summary.comments}",
            f"  səhifələr (idxal olunmur): {summary.pages}",
            f"  menyu elementləri (idxal olunmur): {summary.menu_items}",
            f"  qoşmalar (fayllar): {summary.attachments}",
        ]
        lines += [
            f"  başqa növ “{kind}” (idxal olunmur): {count}"
            for kind, count in summary.other_types.most_common()
        ]
        lines.append(
            "  teqlər: idxal olunur"
            if summary.tags_imported
            else "  teqlər: idxal olunmur (məqalələrin teqi yoxdur)"
        )
        self.stdout.write("\n".join(lines))
