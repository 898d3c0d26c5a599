"""Dates as Azerbaijani readers write them: "25 noyabr 2026, 14:05" in Baku time."""

import calendar
from datetime import datetime, time, timedelta

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


def day_heading(day, today):
    """The heading of a day in the news feed: "Bu gün", "Dünən", else "25 noyabr"
    (with the year when it is not this year's: "25 noyabr 2025")."""
    if day == today:
        return "Bu gün"
    if (today - day).days == 1:
        return "Dünən"
    heading = f"{day.day} {MONTHS[day.month - 1]}"
    return heading if day.year == today.year else f"{heading} {day.year}"


def group_by_day(items, now=None, moment=lambda item: item.published_at):
    """``[(day, heading, [items…]), …]`` for items already newest first, one group
    per day in Baku time, so templates only print the groups."""
    today = timezone.localdate(now or timezone.now())
    groups = []
    for item in items:
        day = timezone.localdate(moment(item))
        if not groups or groups[-1][0] != day:
            groups.append((day, day_heading(day, today), []))
        groups[-1][2].append(item)
    return groups


def format_time(value):
    """``14:05``: a feed item's time, in the current time zone."""
    return f"{timezone.localtime(value):%H:%M}"


# Monday first, as Azerbaijani calendars print the week.
WEEKDAYS_SHORT = ("B.e.", "Ç.a.", "Ç.", "C.a.", "C.", "Ş.", "B.")
WEEKDAYS = (
    "bazar ertəsi",
    "çərşənbə axşamı",
    "çərşənbə",
    "cümə axşamı",
    "cümə",
    "şənbə",
    "bazar",
)


def month_name(month):
    """``noyabr`` for 11."""
    return MONTHS[month - 1]


def month_weeks(year, month):
    """The weeks of a month as rows of seven, Monday first: a ``date`` for each day
    of the month and ``None`` for the places before its first and after its last."""
    return [
        [day if day.month == month else None for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


def local_day_bounds(day):
    """The aware moments a day in the current time zone (Baku) starts and ends:
    ``[start, end)``, what an archive page of that day lists."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return start, end


def format_day(day):
    """``25 noyabr 2026, cümə axşamı``: an archive page's day."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}, {WEEKDAYS[day.weekday()]}"
