"""The news desk's front: the manşet with its fallback, the news feed's days and the
archive's calendar. Views hand templates what these return; templates only print."""

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from core.dates import WEEKDAYS_SHORT, local_day_bounds, month_name, month_weeks

from .models import Article, TopStory

# The archive starts here: earlier dates are a 404, so crawlers cannot walk back forever.
ARCHIVE_FIRST_YEAR = 2000


def top_stories(count, newest, now=None):
    """The front page's manşet: the editors' active slots in their order, at most
    ``count``; empty or expired places are filled from ``newest`` (articles
    newest first, already read for the page), skipping those already chosen. The
    chosen articles are read like every list's (``for_listing``: labels, view
    counts), in one query."""
    slots = TopStory.objects.active(now).values("article_id")[:count]
    chosen = list(
        Article.objects.public_listing()
        .filter(pk__in=slots)
        .order_by("top_story__position", "top_story__pk")
    )
    taken = {article.pk for article in chosen}
    filler = [article for article in newest if article.pk not in taken]
    return chosen + filler[: count - len(chosen)]


def lead_editorial_and_rubric_blocks(articles, per_rubric):
    """The front page's Baş yazı band and rubric blocks, from ``articles``: the
    newest few of each rubric, newest first (``latest_per_rubric``).

    The band is the newest article of a lead editorial rubric; each block lists
    the newest ``per_rubric`` of its rubric that are not in the band, so the
    band's editorial is not printed twice and its rubric's block goes on from
    the one before it. Blocks come in menu order; a rubric with nothing to show
    has none. Returns ``(band article or None, [(rubric, [articles…]), …])``.
    """
    articles = list(articles)
    band = next((article for article in articles if article.rubric.is_lead_editorial), None)
    blocks = {}
    for article in articles:
        if article is not band:
            blocks.setdefault(article.rubric, []).append(article)
    in_menu_order = sorted(blocks.items(), key=lambda item: (item[0].menu_position, item[0].name))
    return band, [(rubric, items[:per_rubric]) for rubric, items in in_menu_order]


# --- Archive -------------------------------------------------------------------


def archive_day(year, month, day):
    """The archive's ``date``, or a 404 for an impossible, future or too early one."""
    try:
        wanted = date(year, month, day)
    except (ValueError, OverflowError) as error:
        raise Http404("Belə tarix yoxdur.") from error
    if wanted.year < ARCHIVE_FIRST_YEAR or wanted > timezone.localdate():
        raise Http404("Bu tarix üçün arxiv yoxdur.")
    return wanted


def archive_month(year, month):
    """The first day of the archive's month, or a 404 (impossible, future, too early)."""
    if not 1 <= month <= 12:
        raise Http404("Belə ay yoxdur.")
    today = timezone.localdate()
    if year < ARCHIVE_FIRST_YEAR or (year, month) > (today.year, today.month):
        raise Http404("Bu ay üçün arxiv yoxdur.")
    return date(year, month, 1)


def articles_of_day(day):
    """The public articles published on ``day`` (Baku time), newest first."""
    start, end = local_day_bounds(day)
    return Article.objects.public_listing().filter(published_at__gte=start, published_at__lt=end)


def day_url(day):
    return reverse(
        "articles:archive_day", kwargs={"year": day.year, "month": day.month, "day": day.day}
    )


def month_url(first):
    return reverse("articles:archive_month", kwargs={"year": first.year, "month": first.month})


def month_urls(months):
    """The archive addresses of ``months`` (their first days), in order.

    For a long list (the archive sitemap names every month since the first
    article: 160 at a million articles): one ``reverse()``, about 20 µs, gives
    the part before the year, and each address is that prefix formatted with
    its month. Should the pattern stop ending in ``<year>/<month>/``, every
    month is reversed on its own, slower but still right.
    """
    if not months:
        return []
    sample, tail = month_url(months[0]), f"{months[0].year}/{months[0].month}/"
    if not sample.endswith(tail):
        return [month_url(first) for first in months]
    prefix = sample.removesuffix(tail)
    return [f"{prefix}{first.year}/{first.month}/" for first in months]


@dataclass(frozen=True)
class CalendarDay:
    day: date
    url: str | None  # a link only when the day has public articles
    is_selected: bool


@dataclass(frozen=True)
class MonthCalendar:
    """A month as the archive prints it: weeks of ``CalendarDay`` (``None`` outside
    the month), its name, and the neighbouring months a reader may go to."""

    title: str
    weeks: list
    previous_url: str | None
    previous_title: str | None
    next_url: str | None
    next_title: str | None
    weekday_names: tuple = WEEKDAYS_SHORT


def month_calendar(first, selected=None):
    """The calendar of the month starting at ``first`` (one query: the days with
    public articles); works without JavaScript, every day with news is a link."""
    start, _ = local_day_bounds(first)
    following = _next_month(first)
    end, _ = local_day_bounds(following)
    days_with_news = {
        moment.date()
        for moment in Article.objects.published()
        .filter(published_at__gte=start, published_at__lt=end)
        .datetimes("published_at", "day")
    }
    weeks = [
        [
            CalendarDay(day, day_url(day) if day in days_with_news else None, day == selected)
            if day
            else None
            for day in week
        ]
        for week in month_weeks(first.year, first.month)
    ]
    previous = _previous_month(first)
    has_previous = previous.year >= ARCHIVE_FIRST_YEAR
    today = timezone.localdate()
    has_next = (following.year, following.month) <= (today.year, today.month)
    return MonthCalendar(
        title=_month_title(first),
        weeks=weeks,
        previous_url=month_url(previous) if has_previous else None,
        previous_title=_month_title(previous) if has_previous else None,
        next_url=month_url(following) if has_next else None,
        next_title=_month_title(following) if has_next else None,
    )


def _month_title(first):
    return f"{month_name(first.month).capitalize()} {first.year}"


def _next_month(first):
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _previous_month(first):
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
