"""Move the readers' search counts from the cache into the database (run every few minutes)."""

from django.core.management.base import BaseCommand

from articles.search_log import aggregate_search_log


class Command(BaseCommand):
    help = (
        "Axtarış sorğularının saylarını keşdən verilənlər bazasına köçürür (admin hesabatı üçün)."
    )

    def handle(self, *args, **options):
        moved = aggregate_search_log()
        self.stdout.write(f"Köçürülən axtarış sayı: {moved}")
