"""Rebuild the search vocabulary from the public articles (after a bulk import, or to
forget the words of articles taken down)."""

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.vocabulary import rebuild_vocabulary


class Command(BaseCommand):
    help = "Axtarış lüğətini ictimai məqalələrdən yenidən qurur."

    def handle(self, *args, **options):
        articles = Article.objects.published().only("title", "lead", "body", "kicker")
        self.stdout.write(f"Lüğətdəki söz sayı: {rebuild_vocabulary(articles)}")
