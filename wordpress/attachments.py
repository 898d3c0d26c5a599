"""The export's attachments (uploaded files), indexed on disk for the second pass.

A post names its featured image by attachment id (``_thumbnail_id``) and a
gallery by ids or as "the post's attachments", but the attachment items may
come anywhere in the file, often after the post. The first pass over the
file writes each attachment to a throw-away SQLite file, so the import keeps
constant memory however many uploads the site had; the second pass looks
them up there.
"""

import posixpath
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

UPLOADS_MARKER = "/wp-content/uploads/"


@dataclass(frozen=True)
class Attachment:
    post_id: int
    path: str  # relative to the uploads folder: "2024/05/foto.jpg"
    url: str
    alt: str
    caption: str
    title: str


def upload_path(url):
    """``https://site/wp-content/uploads/2024/05/a.jpg`` -> ``2024/05/a.jpg``, else None.

    The path is checked to stay inside the uploads folder (no ``..``).
    """
    path = unquote(urlsplit(url.strip()).path)
    marker = path.find(UPLOADS_MARKER)
    if marker < 0:
        return None
    relative = posixpath.normpath(path[marker + len(UPLOADS_MARKER) :])
    if relative.startswith(("..", "/")) or relative in (".", ""):
        return None
    return relative


class AttachmentIndex:
    """Attachments by id and by parent post, in a temporary SQLite file."""

    def __init__(self):
        self._directory = tempfile.TemporaryDirectory(prefix="senzor-wxr-")
        self._db = sqlite3.connect(Path(self._directory.name) / "attachments.sqlite3")
        self._db.execute(
            "CREATE TABLE attachment (id INTEGER PRIMARY KEY, parent INTEGER, menu_order INTEGER,"
            " path TEXT, url TEXT, alt TEXT, caption TEXT, title TEXT)"
        )
        self._db.execute("CREATE INDEX attachment_parent ON attachment (parent, menu_order, id)")
        self.count = 0

    def add(self, item):
        path = upload_path(item.attachment_url) or _relative_meta(item.meta)
        self._db.execute(
            "INSERT OR REPLACE INTO attachment VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item.post_id,
                item.parent_id,
                item.menu_order,
                path or "",
                item.attachment_url,
                item.meta.get("_wp_attachment_image_alt", ""),
                item.excerpt.strip(),
                item.title,
            ),
        )
        self.count += 1

    def get(self, attachment_id):
        row = self._db.execute(
            "SELECT id, path, url, alt, caption, title FROM attachment WHERE id = ?",
            (attachment_id,),
        ).fetchone()
        return Attachment(*row) if row else None

    def of_post(self, post_id):
        rows = self._db.execute(
            "SELECT id, path, url, alt, caption, title FROM attachment WHERE parent = ?"
            " ORDER BY menu_order, id",
            (post_id,),
        )
        return [Attachment(*row) for row in rows]

    def close(self):
        self._db.close()
        self._directory.cleanup()


def _relative_meta(meta):
    value = meta.get("_wp_attached_file", "")
    relative = posixpath.normpath(value) if value else ""
    return "" if relative.startswith(("..", "/")) or relative == "." else relative
