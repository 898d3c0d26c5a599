"""Settings for the test suite: the project's own settings, made faster where the
tests do not measure anything.

Every test that hashes a password (a login form, a new colleague) would spend
about 0.3 s in PBKDF2; the tests check who may log in, not how hard a hash is
to crack, so they use MD5. Production keeps Django's default hashers
(``tests/test_production_settings.py`` checks the settings module it runs).
"""

from . import *  # noqa: F403 - the project's settings, then the changes below

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Most tests run in a transaction that never commits, so work queued for after
# the commit would never run: renditions are made in the request here, and
# tests/test_renditions_in_background.py turns the background on to test it.
SENZOR_RENDITIONS_IN_BACKGROUND = False
