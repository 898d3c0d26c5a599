"""``manage.py import_article FILE --rubric SLUG [--publish]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importing import ArticleImportError, create_article, decode, parse
from articles.models import Rubric


class Command(BaseCommand):
    help = "Köhnə saytdan mətn kimi ixrac olunmuş məqaləni idxal edir (qaralama və ya dərc)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="UTF-8 mətn faylı")
        parser.add_argument("--rubric", required=True, help="rubrikanın URL adı, məs. bas-yazi")
        parser.add_argument(
            "--publish", action="store_true", help="dərhal dərc et (yoxsa qaralama olur)"
        )

    def handle(self, *args, path, rubric, publish, **options):
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Faylı oxumaq olmur: {path} ({error.strerror}).") from error
        try:
            rubric_obj = Rubric.objects.get(slug=rubric)
        except Rubric.DoesNotExist as error:
            raise CommandError(f"“{rubric}” adlı rubrika yoxdur.") from error
        try:
            parsed = parse(decode(raw))
        except ArticleImportError as error:
            raise CommandError(str(error)) from error
        article = create_article(parsed, rubric_obj, publish=publish)
        self.stdout.write(
            self.style.SUCCESS(f"İdxal olundu: “{article.title}” ({article.get_status_display()}).")
        )
