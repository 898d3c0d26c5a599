"""Admin forms for articles: the rich-text widget sits on a plain text column."""

from ckeditor.widgets import CKEditorWidget
from django import forms

from .models import Article


class ArticleAdminForm(forms.ModelForm):
    """The editor's article form.

    CKEditor is only this form's widget; the model stores sanitised HTML in a
    ``TextField``, so moving to another editor changes this line, not the schema.
    """

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
            "status",
            "published_at",
        ]
        widgets = {
            "body": CKEditorWidget(),
            "lead": forms.Textarea(attrs={"rows": 3}),
        }
