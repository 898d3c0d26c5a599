"""Dates as Azerbaijani readers write them: "25 noyabr 2026, 14:05" in Baku time."""

from django.utils import timezone

MONTHS = (
    "yanvar",
    "fevral",
    "mart",
    "aprel",
    "may",
    "iyun",
    "iyul",
    "avqust",
    "sentyabr",
    "oktyabr",
    "noyabr",
    "dekabr",
)


def format_date(value):
    """``25 noyabr 2026`` for an aware datetime, in the current time zone."""
    local = timezone.localtime(value)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


def format_datetime(value):
    """``25 noyabr 2026, 14:05`` for an aware datetime, in the current time zone."""
    local = timezone.localtime(value)
    return f"{format_date(local)}, {local:%H:%M}"


def format_datetime_seconds(value):
    """``25 noyabr 2026, 14:05:09``: for versions saved within the same minute."""
    local = timezone.localtime(value)
    return f"{format_date(local)}, {local:%H:%M:%S}"


def format_relative(value, now=None):
    """``N dəqiqə əvvəl`` within the last hour, otherwise the full date and time.

    Azerbaijani nouns stay singular after a numeral ("5 dəqiqə"), so there is
    no plural form to choose.
    """
    now = now or timezone.now()
    age = now - value
    if age.total_seconds() < 0 or age.total_seconds() >= 3600:
        return format_datetime(value)
    minutes = int(age.total_seconds() // 60)
    if minutes == 0:
        return "indicə"
    return f"{minutes} dəqiqə əvvəl"
