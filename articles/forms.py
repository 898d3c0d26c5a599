"""Admin forms for articles: the rich-text widget sits on a plain text column."""

import re

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.utils.html import format_html, format_html_join
from reversion.models import Version
from taggit.forms import TagWidget

from core.dates import format_datetime
from core.people import person_name
from core.sanitizer import sanitize_html

from .models import Article
from .tagging import canonical_tag_names, suggested_tag_names

# How many tag names the form offers as suggestions (the most used lately first).
TAG_SUGGESTIONS = 500


class TagSuggestWidget(TagWidget):
    """taggit's comma-separated tag input, with the existing tags as a ``<datalist>``.

    The browser suggests the tags as the editor types, with no script at all;
    ``admin-tag-suggest.js`` (the project's own, a few lines) makes the
    suggestions complete the tag after the last comma instead of the whole
    field. The tags most used lately come first (``suggested_tag_names``).
    """

    class Media:
        js = ["js/admin-tag-suggest.js"]

    def render(self, name, value, attrs=None, renderer=None):
        datalist_id = f"{(attrs or {}).get('id') or name}-suggestions"
        attrs = {**(attrs or {}), "list": datalist_id, "autocomplete": "off"}
        field = super().render(name, value, attrs, renderer)
        names = suggested_tag_names(TAG_SUGGESTIONS)
        options = format_html_join("", '<option value="{}">', ((tag,) for tag in names))
        return format_html(
            '{}<datalist id="{}" data-tag-suggestions>{}</datalist>', field, datalist_id, options
        )


class StoredHTMLField(forms.CharField):
    """A rich-text body, changed only when what would be stored changes.

    The editor re-serialises HTML (line breaks, attribute order) on every
    save; comparing the sanitised text, white space aside, keeps "Mətn
    dəyişdirildi" out of a revision whose text is the same.
    """

    def has_changed(self, initial, data):
        return _as_stored(initial) != _as_stored(data)


def _as_stored(html):
    """``html`` as it would be stored, white space between tags and runs of it aside."""
    return " ".join(_BETWEEN_TAGS.sub("><", sanitize_html(html or "")).split())


_BETWEEN_TAGS = re.compile(r">\s+<")


class ArticleAdminForm(forms.ModelForm):
    """The editor's article form.

    CKEditor is only this form's widget; the model stores sanitised HTML in a
    ``TextField``, so moving to another editor changes this line, not the schema.

    ``seen_lock_version`` carries the article's save counter as it was when the
    form was opened. If someone saved the article in between, the form refuses
    to save (optimistic locking) and says who did, keeping the editor's text on
    the page; the counter in the re-shown form is the current one, so saving
    again, after comparing, deliberately replaces the other text.

    The status is not a field: it changes only through the workflow buttons
    (``ArticleAdmin.submit_buttons``), so saving never publishes by surprise.
    """

    seen_lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # An address typed without a scheme is taken as https (the model checks the host).
    video_url = forms.URLField(
        label=Article._meta.get_field("video_url").verbose_name,
        help_text=Article._meta.get_field("video_url").help_text,
        max_length=300,
        required=False,
        assume_scheme="https",
    )

    class Media:
        # Hooks into CKEditor's uploads once the page is parsed.
        js = ["js/editor-upload-csrf.js"]

    class Meta:
        model = Article
        fields = [
            "title",
            "kicker",
            "slug",
            "rubric",
            "expert",
            "lead",
            "body",
            "image",
            "image_alt",
            "image_caption",
            "image_credit",
            "video_url",
            "tags",
            "published_at",
            "is_urgent",
            "urgent_until",
        ]
        field_classes = {"body": StoredHTMLField}
        widgets = {
            "body": CKEditorUploadingWidget(),
            "lead": forms.Textarea(attrs={"rows": 3}),
            "tags": TagSuggestWidget(attrs={"size": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_lock_version"].initial = self.instance.lock_version

    def clean_tags(self):
        """Tags typed in another case or without Azerbaijani letters join the existing
        tag of the same slug ("cenubi qafqaz" is "Cənubi Qafqaz")."""
        return canonical_tag_names(self.cleaned_data.get("tags") or [])

    def clean(self):
        cleaned_data = super().clean()
        stored = self.instance.lock_version
        if self.instance.pk is not None and cleaned_data.get("seen_lock_version") != stored:
            self.add_error(None, self._conflict_message())
            self.data = self.data.copy()
            self.data[self.add_prefix("seen_lock_version")] = str(stored)
        return cleaned_data

    def _conflict_message(self):
        """Who saved the article while this form was open, and when."""
        latest = (
            Version.objects.get_for_object(self.instance).select_related("revision__user").first()
        )
        if latest is None or latest.revision.user is None:
            who = "başqa bir istifadəçi"
        else:
            who = person_name(latest.revision.user)
        when = format_datetime(self.instance.updated_at)
        return (
            f"Siz bu məqaləni açandan sonra onu {who} ({when}) yadda saxlayıb. "
            "Sizin mətniniz itmədi, aşağıdadır. Onun dəyişikliklərini tarixçədə və ya "
            "yeni pəncərədə yoxlayın; öz mətninizi yenə saxlasanız, onun mətni sizinki "
            "ilə əvəz olunacaq."
        )
