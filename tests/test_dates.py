"""Dates as Azerbaijani readers write them, in Baku time."""

from datetime import UTC, datetime, timedelta

from core.dates import format_date, format_datetime, format_relative


def test_full_date_uses_lower_case_month_in_baku_time():
    moment = datetime(2026, 11, 25, 10, 5, tzinfo=UTC)  # 14:05 in Baku (UTC+4)
    assert format_datetime(moment) == "25 noyabr 2026, 14:05"
    assert format_date(moment) == "25 noyabr 2026"


def test_baku_midnight_moves_the_date():
    moment = datetime(2026, 12, 31, 21, 30, tzinfo=UTC)
    assert format_datetime(moment) == "1 yanvar 2027, 01:30"


def test_last_hour_is_told_in_minutes_without_plural():
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    assert format_relative(now - timedelta(minutes=5), now=now) == "5 dəqiqə əvvəl"
    assert format_relative(now - timedelta(minutes=59), now=now) == "59 dəqiqə əvvəl"
    assert format_relative(now - timedelta(seconds=20), now=now) == "indicə"


def test_older_than_an_hour_shows_the_date():
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    assert format_relative(now - timedelta(hours=2), now=now) == "25 noyabr 2026, 12:00"
