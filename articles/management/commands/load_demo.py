"""``manage.py load_demo [--with-admin]``: demo rubrics, experts and articles."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from articles.demo.loader import load_demo_content
from articles.demo.media import load_demo_media

DEMO_ADMIN_USERNAME = "redaktor"
DEMO_ADMIN_PASSWORD = "senzor-demo-2026"


class Command(BaseCommand):
    help = "Demo məzmunu yükləyir; təkrar işə salmaq heç nəyi dublikat etmir."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-admin",
            action="store_true",
            help=f"“{DEMO_ADMIN_USERNAME}” adlı demo superistifadəçini də yaradır.",
        )
        parser.add_argument(
            "--seed-dir",
            default=settings.BASE_DIR.parent / "shared" / "seed",
            help="köhnə saytdan ixrac olunmuş məqalələrin qovluğu (varsa, idxal olunur)",
        )

    def handle(self, *args, with_admin, seed_dir, **options):
        created = load_demo_content(seed_dir=seed_dir)
        created += load_demo_media()
        self.stdout.write(self.style.SUCCESS(f"Demo məzmun: {created} yeni məqalə."))
        if with_admin:
            self._ensure_demo_admin()

    def _ensure_demo_admin(self):
        user_model = get_user_model()
        if user_model.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
            return
        user_model.objects.create_superuser(DEMO_ADMIN_USERNAME, "", DEMO_ADMIN_PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: /admin/ — istifadəçi “{DEMO_ADMIN_USERNAME}”, "
                f"parol “{DEMO_ADMIN_PASSWORD}”."
            )
        )
