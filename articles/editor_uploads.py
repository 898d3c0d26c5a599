"""Images inserted into an article body, uploaded from the editor by the newsroom.

This replaces django-ckeditor's own upload view (``ckeditor_upload``), which
accepts any format Pillow opens and stores the uploaded bytes as they came,
EXIF and GPS included. Here an upload goes through the same checks and
normalising as lead images (``core.images``): a real JPEG/PNG/WebP of at most
20 MB and 40 megapixels, turned upright, re-encoded without metadata, and only
then written to media storage. Nothing is stored for a refused file.

The answer is CKEditor 4's JSON upload protocol (``filebrowserUploadMethod:
"xhr"``): ``{"uploaded": 1, "url": …}`` or ``{"uploaded": 0, "error": {"message": …}}``.
A file name of any length is stored under a name cut to fit the disk
(``core.images.short_stem``).
"""

import posixpath

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_POST

from core.images import normalise_upload, validate_image_upload

EDITOR_UPLOAD_DIR = "editor"


def _may_write_articles(user):
    return user.has_perm("articles.add_article") or user.has_perm("articles.change_article")


def _refused(message, status=400):
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)


# CSRF is checked as for every post: the editor sends the token in the
# X-CSRFToken header (static/js/editor-upload-csrf.js).
@require_POST
@staff_member_required
def upload_image(request):
    """Store one checked, normalised image and tell the editor its URL."""
    if not _may_write_articles(request.user):
        raise PermissionDenied("Şəkil yükləmək üçün məqalə yazmaq icazəsi lazımdır.")
    uploaded = request.FILES.get("upload")
    if uploaded is None:
        return _refused("Fayl seçilməyib.")
    try:
        validate_image_upload(uploaded)
        clean = normalise_upload(uploaded)
    except ValidationError as error:
        return _refused(" ".join(error.messages))
    folder = timezone.localdate().strftime(f"{EDITOR_UPLOAD_DIR}/%Y/%m")
    name = default_storage.save(posixpath.join(folder, get_valid_filename(clean.name)), clean)
    return JsonResponse(
        {"uploaded": 1, "fileName": posixpath.basename(name), "url": default_storage.url(name)}
    )
