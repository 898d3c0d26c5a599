"""The search page's filters and order, read from the URL beside the query (``q``).

Every choice is a GET parameter with an Azerbaijani name, so a search with its
filters can be bookmarked and shared. A value that makes no sense (an unknown
rubric, a date that is no date, a page size not offered) is reported beside
its field and left out of the search; the page never fails on it.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from experts.models import Expert

from .caching import menu_rubrics
from .search import MAX_COUNTED, count_up_to

RELEVANCE, NEWEST = "uygunluq", "tarix"
PAGE_SIZES = (10, 20, 50)
# Dates outside these years are no news date, and would overflow time zone arithmetic.
FIRST_YEAR, LAST_YEAR = 1900, 2100
DEFAULT_PAGE_SIZE = 10
# The parameters that change the results page (the page cache keys on them).
PARAMETERS = ("q", "rubrika", "ekspert", "tarixden", "tarixe", "sira", "say")


class SearchForm(forms.Form):
    rubrika = forms.ChoiceField(label="Rubrika", required=False)
    ekspert = forms.ChoiceField(label="Ekspert", required=False)
    tarixden = forms.DateField(
        label="Bu tarixdən",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Tarixi İİİİ-AA-GG kimi yazın, məsələn 2026-03-21."},
    )
    tarixe = forms.DateField(
        label="Bu tarixədək",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Tarixi İİİİ-AA-GG kimi yazın, məsələn 2026-03-21."},
    )
    sira = forms.ChoiceField(
        label="Sıralama",
        required=False,
        choices=[(RELEVANCE, "Uyğunluğa görə"), (NEWEST, "Əvvəlcə ən yenilər")],
    )
    say = forms.TypedChoiceField(
        label="Səhifədə nəticə",
        required=False,
        coerce=int,
        empty_value=DEFAULT_PAGE_SIZE,
        choices=[(size, str(size)) for size in PAGE_SIZES],
    )

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.rubrics = {rubric.slug: rubric for rubric in menu_rubrics()}
        self.fields["rubrika"].choices = [("", "Bütün rubrikalar")] + [
            (slug, rubric.name) for slug, rubric in self.rubrics.items()
        ]
        experts = Expert.objects.order_by("full_name").values_list("slug", "pk", "full_name")
        self.experts = {slug: pk for slug, pk, _ in experts}
        self.fields["ekspert"].choices = [("", "Bütün ekspertlər")] + [
            (slug, name) for slug, _, name in experts
        ]
        for name in ("rubrika", "ekspert", "sira", "say"):
            self.fields[name].error_messages["invalid_choice"] = (
                "Belə seçim yoxdur; bu filtr nəzərə alınmadı."
            )
        self.is_valid()
        for name in self.errors:
            if name in self.fields:  # a screen reader tells the field is wrong, and why
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"id_{name}-error"}
                )

    def clean(self):
        cleaned = super().clean()
        for name in ("tarixden", "tarixe"):
            day = cleaned.get(name)
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                self.add_error(name, f"Tarix {FIRST_YEAR}–{LAST_YEAR} illəri arasında olmalıdır.")
        start, end = cleaned.get("tarixden"), cleaned.get("tarixe")
        if start and end and start > end:
            self.add_error("tarixden", "Başlanğıc tarixi son tarixdən sonra ola bilməz.")
            self.add_error("tarixe", "Son tarix başlanğıc tarixindən əvvəl ola bilməz.")
        return cleaned

    def value(self, name):
        """The field's valid value, or None when the reader's was invalid or empty."""
        return self.cleaned_data.get(name) or None

    def filter(self, articles):
        """``articles`` narrowed by the valid filters; dates are Baku days, both included."""
        if rubric := self.rubrics.get(self.value("rubrika")):
            articles = articles.filter(rubric=rubric)
        if expert_id := self.experts.get(self.value("ekspert")):
            articles = articles.filter(expert_id=expert_id)
        if start := self.value("tarixden"):
            articles = articles.filter(published_at__gte=_start_of(start))
        if end := self.value("tarixe"):
            articles = articles.filter(published_at__lt=_start_of(end + timedelta(days=1)))
        return articles

    @property
    def by_date(self):
        return self.value("sira") == NEWEST

    @property
    def page_size(self):
        return self.value("say") or DEFAULT_PAGE_SIZE

    @property
    def has_filters(self):
        return any(self.value(name) for name in ("rubrika", "ekspert", "tarixden", "tarixe"))


def _start_of(day):
    """Midnight of ``day`` in the site's time zone (Asia/Baku)."""
    return timezone.make_aware(datetime.combine(day, time.min))


class SearchPaginator(Paginator):
    """Pages of results counted no further than ``MAX_COUNTED``: "200-dən çox"
    tells a reader as much as an exact count of a common word, at a fraction
    of its cost; ``more`` says there are more."""

    more = False

    max_counted = MAX_COUNTED

    @cached_property
    def count(self):
        counted = count_up_to(self.object_list, self.max_counted + 1)
        self.more = counted > self.max_counted
        return min(counted, self.max_counted)
