"""Azerbaijani text rules that Python and Django get wrong on their own.

Python's case functions follow the Unicode default, not the Azerbaijani
(Turkic) alphabet: ``"İ".lower()`` is ``"i̇"`` (``i`` plus a combining dot)
and ``"I".lower()`` is ``"i"`` where Azerbaijani wants ``"ı"``; ``"i".upper()``
is ``"I"`` where Azerbaijani wants ``"İ"``. Django's ``slugify`` drops ``ə``
and ``ı`` entirely. Every place in the project that changes case, builds a
slug or compares text for search goes through this module, so the rules live
in one place.
"""

import re
import unicodedata

from django.utils.text import slugify

# Letters of the Azerbaijani Latin alphabet outside ASCII, and their plain
# Latin stand-ins as readers type them on a keyboard without the layout.
_TO_ASCII = str.maketrans(
    {
        "ə": "e",
        "ı": "i",
        "ş": "s",
        "ç": "c",
        "ğ": "g",
        "ö": "o",
        "ü": "u",
        "Ə": "E",
        "I": "I",
        "İ": "I",
        "Ş": "S",
        "Ç": "C",
        "Ğ": "G",
        "Ö": "O",
        "Ü": "U",
    }
)

_LOWER_SPECIAL = str.maketrans({"İ": "i", "I": "ı"})
_UPPER_SPECIAL = str.maketrans({"i": "İ", "ı": "I"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def _compose(text):
    """Compose decomposed input (``I`` + combining dot) into single letters."""
    return unicodedata.normalize("NFC", text)


def az_lower(text):
    """Lower-case ``text`` by the Azerbaijani alphabet (``İ``→``i``, ``I``→``ı``)."""
    return _compose(text).translate(_LOWER_SPECIAL).lower()


def az_upper(text):
    """Upper-case ``text`` by the Azerbaijani alphabet (``i``→``İ``, ``ı``→``I``)."""
    return _compose(text).translate(_UPPER_SPECIAL).upper()


def az_capfirst(text):
    """``text`` with its first letter upper-cased by the Azerbaijani alphabet:
    "istifadəçilər" → "İstifadəçilər" (Django's ``capfirst`` gives "Istifadəçilər")."""
    text = str(text)
    return az_upper(text[:1]) + text[1:] if text else text


def transliterate(text):
    """Replace Azerbaijani letters with the ASCII letters readers type instead."""
    return _compose(text).translate(_TO_ASCII)


def az_slugify(text):
    """Build an ASCII slug: "Tokayev Soçiyə gedir" → "tokayev-sociye-gedir"."""
    return slugify(transliterate(az_lower(text)))


def fold(text):
    """Fold ``text`` for search, identically for stored text and for queries.

    Lower-cases by the Azerbaijani alphabet, then maps every Azerbaijani letter
    to its ASCII stand-in, so "ŞƏKİ", "Şəki", "şəki" and "seki" all fold to
    "seki", and "İlham", "ilham" and "ILHAM" to "ilham". Dotless ``ı`` and
    dotted ``i`` fold together on purpose: readers without the layout type
    "i" for both. Punctuation collapses to single spaces.
    """
    folded = transliterate(az_lower(text)).lower()
    if not folded.isascii():  # ASCII has nothing to decompose (most folded text)
        folded = unicodedata.normalize("NFKD", folded)
        # Drop the combining marks, looked up once per distinct character
        # (an article's body is long, its alphabet short).
        folded = folded.translate(
            {ord(char): None for char in set(folded) if unicodedata.combining(char)}
        )
    return _NON_WORD.sub(" ", folded).strip()
