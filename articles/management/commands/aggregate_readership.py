"""Move the readership counters from the cache into the database (run every few minutes)."""

from django.core.management.base import BaseCommand

from articles.readership import aggregate_views


class Command(BaseCommand):
    help = "Oxunma sayğaclarını keşdən verilənlər bazasına köçürür (“Ən çox oxunanlar” üçün)."

    def handle(self, *args, **options):
        moved = aggregate_views()
        self.stdout.write(f"Köçürülən oxunma sayı: {moved}")
