"""The Dockerfile builds an image that runs as an unprivileged user with no secret inside.

No Docker engine runs here, so the Dockerfile is read instruction by
instruction, and its one build step that runs project code (collectstatic)
is run the same way the build runs it: without any production secret.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SECRET_WORDS = re.compile(r"SECRET|PASSWORD|TOKEN|ACCESS_KEY|PRIVATE", re.I)


def instructions(text):
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", text)
    parsed = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, arguments = line.partition(" ")
        parsed.append((keyword.upper(), arguments.strip()))
    return parsed


def final_stage(parsed):
    """The instructions of the last stage: the image that is shipped."""
    starts = [index for index, (keyword, _) in enumerate(parsed) if keyword == "FROM"]
    return parsed[starts[-1] :]


@pytest.fixture(scope="module")
def dockerfile():
    return instructions((ROOT / "Dockerfile").read_text())


def test_the_image_runs_as_an_unprivileged_user(dockerfile):
    stage = final_stage(dockerfile)
    users = [
        (index, arguments) for index, (keyword, arguments) in enumerate(stage) if keyword == "USER"
    ]
    assert users, "the final stage must switch to a non-root USER"
    index, user = users[-1]
    name, _, group = user.partition(":")
    assert name not in {"root", "0"} and group not in {"root", "0"}
    command_at = max(i for i, (keyword, _) in enumerate(stage) if keyword == "CMD")
    assert index < command_at


def test_the_image_starts_gunicorn_with_the_project_config_and_checks_healthz(dockerfile):
    stage = dict(final_stage(dockerfile))
    assert stage["CMD"] == '["gunicorn", "--config", "deploy/gunicorn.conf.py", "senzor.wsgi"]'
    assert "deploy/healthcheck.py" in stage["HEALTHCHECK"]


def test_no_secret_is_baked_into_the_image(dockerfile):
    for keyword, arguments in dockerfile:
        if keyword in {"ENV", "ARG", "LABEL"}:
            assert not SECRET_WORDS.search(arguments), f"{keyword} {arguments}"
        if keyword in {"COPY", "ADD"}:
            assert ".env" not in arguments.split(), f"{keyword} {arguments}"
        if keyword == "RUN":
            assert "DJANGO_SECRET_KEY" not in arguments, "the build must not need a secret"


def test_local_state_and_secrets_stay_out_of_the_build_context():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", ".env.*", ".git", ".venv", "db.sqlite3", "media"} <= ignored


def test_production_settings_are_switched_on_only_after_the_build_steps(dockerfile):
    stage = final_stage(dockerfile)
    collect = next(i for i, (k, a) in enumerate(stage) if k == "RUN" and "collectstatic" in a)
    production = next(
        i for i, (k, a) in enumerate(stage) if k == "ENV" and "SENZOR_ENV=production" in a
    )
    assert "SENZOR_STATIC_MANIFEST=1" in stage[collect][1]
    assert collect < production


def test_the_build_step_collects_hashed_static_files_without_any_secret(tmp_path):
    """What the Dockerfile's collectstatic does, with an environment as bare as a build's."""
    static_root = tmp_path / "staticfiles"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "SENZOR_STATIC_MANIFEST": "1",
        "DJANGO_STATIC_ROOT": str(static_root),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    manifest = (static_root / "staticfiles.json").read_text()
    hashed = re.search(r'"css/([^"]+)\.([0-9a-f]{12})\.css"', manifest)
    assert hashed, "the manifest maps the site's CSS to a hashed name"
    assert (static_root / "css" / f"{hashed.group(1)}.{hashed.group(2)}.css.gz").exists()
