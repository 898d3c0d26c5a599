"""Helpers to use the admin's article form as a browser does."""

from .pages import soup

ARTICLE_ADMIN = "/admin/articles/article/"
# The article form's gallery (an inline formset) with no photo, for forms posted by hand.
NO_GALLERY_PHOTOS = {"photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0"}


def change_url(article):
    return f"{ARTICLE_ADMIN}{article.pk}/change/"


def form_values(response, form_id="article_form"):
    """The values a browser would submit from the page's form, before any typing.

    Text inputs, hidden inputs (the save counter among them), checked boxes,
    selected options and text areas; no submit buttons and no files.
    """
    form = soup(response).find("form", id=form_id)
    assert form is not None, f"no form #{form_id} on the page"
    values = {}
    for field in form.find_all("input"):
        kind = field.get("type", "text")
        if not field.get("name") or kind in {"submit", "file", "button", "image"}:
            continue
        if kind in {"checkbox", "radio"} and not field.has_attr("checked"):
            continue
        values[field["name"]] = field.get("value", "on" if kind == "checkbox" else "")
    for select in form.find_all("select"):
        chosen = select.find("option", selected=True)
        values[select["name"]] = chosen["value"] if chosen else ""
    for area in form.find_all("textarea"):
        values[area["name"]] = area.get_text()
    return values


def edit_article(browser, article, **changes):
    """Open ``article``'s admin form, change some fields and save; returns the response."""
    values = form_values(browser.get(change_url(article)))
    values.update(changes)
    return browser.post(change_url(article), values)
