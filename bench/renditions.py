#!/usr/bin/env python
"""Image renditions: what making them costs once, and what reusing them costs every time.

    .venv/bin/python bench/renditions.py [--images 10] [--repeat 200]

Uses a throw-away SQLite database and media folder. For phone-sized JPEGs
(4000 × 3000) it prints the time an editor's save spends making the six
renditions (400/800/1200 px, WebP and JPEG), then the time one article card
costs a page once they exist (two ``srcset`` values and one ``src``), and the
sizes of the files a reader downloads instead of the original. It is a
measurement, not a test: nothing here passes or fails.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(workdir):
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_MEDIA_ROOT"] = str(Path(workdir) / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "senzor.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def phone_photo(seed):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (4000, 3000), (seed * 20 % 255, 90, 140))
    draw = ImageDraw.Draw(image)
    for step in range(0, 4000, 40):  # some detail, so encoders have work to do
        draw.line([(step, 0), (4000 - step, 3000)], fill=(step % 255, 200, seed % 255), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=200)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        from django.core.files.uploadedfile import SimpleUploadedFile

        from articles.models import Article, Rubric
        from core import renditions

        rubric = Rubric.objects.create(name="Ölçü")
        saves, originals = [], []
        for number in range(options.images):
            content = phone_photo(number)
            originals.append(len(content))
            started = time.perf_counter()
            article = Article.objects.create(
                title=f"Ölçü {number}",
                body="<p>x</p>",
                rubric=rubric,
                image=SimpleUploadedFile(f"foto-{number}.jpg", content),
                image_alt="ölçü",
            )
            saves.append(time.perf_counter() - started)

        card_costs = []
        for _ in range(options.repeat):
            started = time.perf_counter()
            image = Article.objects.get(pk=article.pk).image
            renditions.srcset(image, "webp")
            renditions.srcset(image)
            renditions.rendition_url(image, 400)
            card_costs.append(time.perf_counter() - started)

        media = Path(workdir) / "media" / "renditions"
        sizes = {}
        for path in media.rglob(f"foto-{options.images - 1}-*"):
            sizes[path.name.rsplit("-", 1)[-1]] = path.stat().st_size

    print(f"{options.images} uploads of 4000x3000 JPEG ({statistics.mean(originals) / 1e6:.1f} MB)")
    print(
        f"  save with normalising and 6 renditions: median {statistics.median(saves) * 1000:.0f} ms"
    )
    print(
        f"  one card once made (query + 2 srcset + src): "
        f"median {statistics.median(card_costs) * 1000:.2f} ms over {options.repeat}"
    )
    print("  bytes a reader downloads instead of the original:")
    for name in sorted(sizes, key=lambda n: (n.split("w.")[1], int(n.split("w.")[0]))):
        print(f"    {name:>12}  {sizes[name] / 1000:8.1f} kB")


if __name__ == "__main__":
    main()
