#!/usr/bin/env python
""" "Dərc et" with a 4000 × 3000 photo: how long the editor waits.

    .venv/bin/python bench/publish.py [--runs 10]

Uses a throw-away SQLite database and media folder, and Django's test client
as the editor's browser (logged in as a "Redaktor"). Two cases, each with the
renditions made after the response (``SENZOR_RENDITIONS_IN_BACKGROUND``, the
default) and, for comparison, inside the request:

- *publish*: a draft whose photo was uploaded earlier is published;
- *upload + publish*: the photo is uploaded with the same press (the upload
  itself is checked and re-encoded in the request, as it must be before it is stored).

It prints p50/p95 of the response time, and how long the background thread
then took to make the renditions. A measurement, not a test.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from renditions import phone_photo, setup_django  # noqa: E402


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
        setup_django(workdir)
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client

        from articles.models import Article, Rubric
        from core import rendition_queue

        rubric = Rubric.objects.create(name="Siyasət", slug="siyaset")
        editor = get_user_model().objects.create_user("leyla", is_staff=True)
        editor.groups.add(Group.objects.get(name="Redaktor"))
        browser = Client()
        browser.force_login(editor)
        photo = phone_photo(1)
        admin = "/" + settings.SENZOR_ADMIN_URL + "articles/article/"

        def form(number):
            return {
                "title": f"Xəbər {number}",
                "rubric": rubric.pk,
                "body": "<p>Birinci abzas.</p><p>İkinci abzas.</p>",
                "image_alt": "Bakı bulvarı",
                "_publish": "Dərc et",
            }

        def press(url, data):
            started = time.perf_counter()
            response = browser.post(url, data)
            elapsed = time.perf_counter() - started
            assert response.status_code == 302, response.content[:300]
            return elapsed

        def upload():
            return SimpleUploadedFile("foto.jpg", photo, content_type="image/jpeg")

        print(f"{options.runs} runs each, 4000x3000 JPEG ({len(photo) / 1e6:.1f} MB)")
        for background in (True, False):
            settings.SENZOR_RENDITIONS_IN_BACKGROUND = background
            where = "after the response" if background else "in the request"
            for case in ("publish", "upload + publish"):
                times, made = [], []
                for run in range(options.runs):
                    number = f"{background}-{case}-{run}"
                    if case == "publish":
                        draft = Article(title=f"Qaralama {number}", rubric=rubric, body="<p>x</p>")
                        draft.image, draft.image_alt = upload(), "Bakı bulvarı"
                        draft.save()
                        rendition_queue.wait()
                        values = {**form(number), "seen_lock_version": draft.lock_version}
                        url = f"{admin}{draft.pk}/change/"
                        times.append(press(url, values))
                    else:
                        times.append(press(f"{admin}add/", {**form(number), "image": upload()}))
                    started = time.perf_counter()
                    rendition_queue.wait()
                    made.append(time.perf_counter() - started)
                line = (
                    f"renditions {where:18} {case:17} "
                    f"p50 {statistics.median(times) * 1000:6.0f} ms  "
                    f"p95 {percentile(times, 0.95) * 1000:6.0f} ms"
                )
                if background:
                    line += f"  (renditions ready {statistics.median(made) * 1000:.0f} ms later)"
                print(line)


if __name__ == "__main__":
    main()
