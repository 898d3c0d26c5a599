"""The project's layers, as pyproject.toml states them for import-linter.

    senzor (wiring) → articles → experts → portal → cache_engine → core

A module may import only from the layers below it; a back-pointing import
fails here and in the README's test command (``lint-imports``).
"""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(*args):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_import_points_down_the_layers():
    result = _lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_back_pointing_import_would_be_caught(tmp_path):
    """Positive control: a contract the code breaks (articles uses core) is reported broken."""
    config = tmp_path / "contracts.toml"
    config.write_text(
        "[tool.importlinter]\n"
        'root_packages = ["articles", "core"]\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "core above articles (false on purpose)"\n'
        'type = "layers"\n'
        'layers = ["core", "articles"]\n'
    )
    result = _lint_imports("--config", str(config))
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_the_wiring_package_holds_settings_urls_and_wsgi_only():
    modules = {path.name for path in (ROOT / "senzor").iterdir() if path.suffix == ".py"}
    assert modules == {"__init__.py", "urls.py", "wsgi.py"}
    assert {path.name for path in (ROOT / "senzor" / "settings").glob("*.py")} == {
        "__init__.py",
        "test.py",
    }
