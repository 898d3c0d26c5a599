"""The WordPress import: a WXR file's posts become articles, item by item.

``import_wxr`` reads the file twice. The first pass checks that the whole
file is a well-formed WordPress export (a broken or hostile file is refused
before anything is written), counts its items and indexes its attachments
(``attachments.AttachmentIndex``). The second pass imports each post in its
own savepoint: the article, its tags, its old addresses and the record of
where it came from (``ImportedPost``) are written together or not at all, and
a post that cannot be imported is reported by id and title while the rest goes
on. Posts are committed 100 at a time, and the articles' bookkeeping is done
once per 100 (``articles.workflow.importing_batch``): one revision holding a
version of each article, one cache invalidation, the schedule and the
vocabulary brought up to date once.

Mapping (docs/wordpress.md):

- ``publish`` -> published at the post's own time (``post_date_gmt``);
  ``future`` -> published at its time still to come, i.e. scheduled;
  ``draft``, ``pending``, ``private`` -> draft; other statuses are skipped.
- the first category the rubric map names (or whose slug is a rubric's),
  else the map's ``"*"``, else a new rubric made from the first category.
- the author map names a user (``user:NAME``), an expert byline
  (``expert:SLUG``) or nobody (``none``) for each WordPress login; a login it
  does not name goes to the user of that username, else to ``"*"``; with
  neither, the post is skipped with a message naming it.
- images come from the uploads folder given as ``--media`` (never the
  network), through the admin's checks (``core.images``); a post whose image
  is missing is skipped, unless missing images are allowed.

Running it again changes nothing: a post whose fingerprint (its text, dates,
terms, author and images as mapped) is unchanged is left alone; an edited one
updates its article (one more revision); an article the newsroom has edited
since the import is left as the newsroom made it.
"""

import contextlib
import hashlib
import itertools
import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.html import strip_tags
from django.utils.text import Truncator, get_valid_filename

from articles import workflow
from articles.models import Article, Rubric
from core.azerbaijani import az_slugify
from core.images import normalise_upload, validate_image_upload
from core.sanitizer import sanitize_html
from core.slugs import unique_slug
from experts.models import Expert

from . import autop, shortcodes
from .attachments import AttachmentIndex, upload_path
from .models import ImportedPost, OldAddress, address_key
from .wxr import WXRError, WXRFile

# Part of every fingerprint: a change to how posts are converted re-imports them.
CONVERSION_VERSION = 1
IMPORTED_MEDIA_DIR = "wordpress"
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")
NEW_RUBRIC_MENU_POSITION = 100
# Items per database commit; each item has its own savepoint inside it.
COMMIT_EVERY = 100

STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}
NOT_IMPORTED_TYPES = {"page": "pages", "nav_menu_item": "menu_items"}

_UPLOAD_ATTRIBUTE = re.compile(
    r"""\s(src|href)\s*=\s*(["'])([^"']*/wp-content/uploads/[^"']*)\2""", re.IGNORECASE
)
_ZERO_DATE = "0000-00-00 00:00:00"
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>\n?")


class ImportConfigError(ValueError):
    """A map file names what does not exist; nothing was imported."""


class ItemSkipped(Exception):
    """This item is not imported; the message says why."""


@dataclass
class Summary:
    """What a run did (or, in a dry run, would do)."""

    posts: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    images: int = 0
    redirects: int = 0
    comments: int = 0
    pages: int = 0
    menu_items: int = 0
    attachments: int = 0
    other_types: Counter = field(default_factory=Counter)
    tags_imported: bool = False


def site_key(url):
    """The export's site as the import keys it: host and path, without the scheme
    (a site that moved to HTTPS between two exports is the same site)."""
    parts = urlsplit(url.strip())
    return f"{(parts.hostname or '').lower()}{parts.path.rstrip('/')}"


def wordpress_time(item):
    """When the post was (or will be) published, as an aware datetime, or None.

    ``post_date_gmt`` is UTC; drafts often have none (``0000-00-00``), and then
    ``post_date``, the site's local time, is read in the portal's time zone.
    """
    for text, zone in (
        (item.post_date_gmt, ZoneInfo("UTC")),
        (item.post_date, ZoneInfo(settings.TIME_ZONE)),
    ):
        if text and text != _ZERO_DATE:
            try:
                return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
            except ValueError:
                continue
    return None


class Authors:
    """WordPress logins to users or expert bylines, as the author map says."""

    def __init__(self, mapping):
        self.targets, errors = {}, []
        for login, target in (mapping or {}).items():
            try:
                self.targets[login] = self._target(str(target))
            except ImportConfigError as error:
                errors.append(f"“{login}”: {error}")
        if errors:
            raise ImportConfigError("Müəllif xəritəsində xəta: " + "; ".join(errors))
        self.default = self.targets.pop("*", None)
        self._users = {}

    @staticmethod
    def _target(text):
        kind, _, name = text.partition(":")
        if kind == "none" and not name:
            return (None, None)
        if kind == "user":
            user = get_user_model().objects.filter(username=name).first()
            if user is None:
                raise ImportConfigError(f"“{name}” adlı istifadəçi yoxdur")
            return (user, None)
        if kind == "expert":
            expert = Expert.objects.filter(slug=name).first()
            if expert is None:
                raise ImportConfigError(f"URL adı “{name}” olan ekspert yoxdur")
            return (None, expert)
        raise ImportConfigError(f"“{text}” anlaşılmadı (user:AD, expert:URL-ADI və ya none)")

    def resolve(self, login):
        """``(user, expert)`` for a post by ``login``, or ``ItemSkipped``."""
        if login in self.targets:
            return self.targets[login]
        if login not in self._users:
            self._users[login] = get_user_model().objects.filter(username=login).first()
        if self._users[login] is not None:
            return (self._users[login], None)
        if self.default is not None:
            return self.default
        raise ItemSkipped(
            f"müəllif “{login or '(yoxdur)'}” tanınmır: --author-map faylında onu "
            "istifadəçiyə və ya ekspertə bağlayın (və ya “*” ilə hamı üçün birini göstərin)"
        )


class Rubrics:
    """WordPress categories to rubrics, as the rubric map says."""

    def __init__(self, mapping):
        self.targets, missing = {}, []
        for nicename, slug in (mapping or {}).items():
            rubric = Rubric.objects.filter(slug=slug).first()
            if rubric is None:
                missing.append(f"“{nicename}” → “{slug}”")
            self.targets[nicename] = rubric
        if missing:
            raise ImportConfigError(
                "Rubrika xəritəsində olmayan rubrikalar: " + ", ".join(missing) + "."
            )
        self.default = self.targets.pop("*", None)
        self._found = {}  # slug -> Rubric, for rubrics found in the database

    def choose(self, item):
        """The article's rubric (see the module docstring for the order of the rules):
        a ``Rubric``, or ``NewRubric`` for one to make from the first category."""
        categories = list(item.categories)
        for nicename, _ in categories:
            if nicename in self.targets:
                return self.targets[nicename]
        slugs = [
            az_slugify(unquote(nicename) or name) or "rubrika" for nicename, name in categories
        ]
        unknown = [slug for slug in slugs if slug not in self._found]
        if unknown:
            self._found.update(
                (rubric.slug, rubric) for rubric in Rubric.objects.filter(slug__in=unknown)
            )
        for slug in slugs:
            if slug in self._found:
                return self._found[slug]
        if self.default is not None:
            return self.default
        if not categories:
            raise ItemSkipped(
                "yazının kateqoriyası yoxdur: --rubric-map faylında “*” ilə rubrika göstərin"
            )
        nicename, name = categories[0]
        name = Truncator(name or unquote(nicename)).chars(100)
        return Rubric.objects.filter(name=name).first() or NewRubric(name=name, slug=slugs[0])


@dataclass(frozen=True)
class NewRubric:
    """A rubric the import makes for a category nothing else maps (placed last in the menu)."""

    name: str
    slug: str

    def get_or_create(self):
        rubric, _ = Rubric.objects.get_or_create(
            slug=self.slug, defaults={"name": self.name, "menu_position": NEW_RUBRIC_MENU_POSITION}
        )
        return rubric


@dataclass
class _Images:
    """The uploads a post uses: relative path -> file under ``--media`` (None if missing)."""

    files: dict
    missing: list
    inline: set


@dataclass
class _Post:
    """A post as the import will write it."""

    item: object
    imported: object
    status: str
    user: object
    expert: object
    rubric: object
    body: str
    lead: object
    images: _Images
    fingerprint: str = ""


class WXRImport:
    """One run of the import; ``run()`` returns its ``Summary``."""

    def __init__(
        self,
        path,
        *,
        media_dir=None,
        dry_run=False,
        rubric_map=None,
        author_map=None,
        allow_missing_images=False,
        report=None,
        progress=None,
    ):
        self.wxr = WXRFile(path)
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.dry_run = dry_run
        self.allow_missing_images = allow_missing_images
        self.report = report or (lambda message: None)
        self.progress = progress
        self.authors = Authors(author_map)
        self.rubrics = Rubrics(rubric_map)
        self.summary = Summary(tags_imported=hasattr(Article, "tags"))
        self.attachments = None
        self.site = ""
        self.base_path = ""
        self._imported, self._taken, self._slugs_taken = {}, {}, set()
        self._new_rows = []  # written when the batch's items are done
        self._created_ids = set()  # post ids the batch created an article for
        self._batch = None

    # --- The two passes ---------------------------------------------------

    def run(self):
        self.attachments = AttachmentIndex()
        try:
            total = self._first_pass()
            if self.progress is not None:
                self.progress.total = total
            items = self.wxr.items()
            while batch := list(itertools.islice(items, COMMIT_EVERY)):
                # One commit per batch (a commit waits for the disk), and the
                # articles' bookkeeping (revision, cache, schedule, vocabulary)
                # once per batch; each item is still written whole or not at
                # all, in its own savepoint (``articles.batching``).
                with workflow.importing_batch() as self._batch:
                    self._look_up_batch(batch)
                    for item in batch:
                        self._import(item)
                        if self.progress is not None:
                            self.progress.update(1)
                    self._write_new_rows()
        finally:
            self.attachments.close()
        return self.summary

    def _first_pass(self):
        total = 0
        for item in self.wxr.items():
            total += 1
            if item.post_type == "attachment":
                self.attachments.add(item)
        self.summary.attachments = self.attachments.count
        self.site = site_key(self.wxr.channel.site_url)
        if not self.site:
            raise WXRError("İxracda saytın ünvanı yoxdur (<wp:base_site_url>).")
        self.base_path = urlsplit(self.wxr.channel.site_url).path.rstrip("/")
        return total

    def _look_up_batch(self, batch):
        """What the database knows of a batch's posts, in three queries: the articles
        already imported from them, which of their old addresses are taken, and
        which of their slugs."""
        posts = [item for item in batch if item.post_type == "post"]
        self._created_ids = set()
        self._imported = {
            record.post_id: record
            for record in ImportedPost.objects.select_related("article").filter(
                site=self.site, post_id__in=[item.post_id for item in posts]
            )
        }
        keys = [key for item in posts for key in self.old_addresses(item)]
        self._taken = dict(
            OldAddress.objects.filter(old_path__in=keys).values_list("old_path", "article_id")
        )
        slugs = [self._slug_base(item) for item in posts if item.post_id not in self._imported]
        self._slugs_taken = set(
            Article.objects.filter(slug__in=[slug for slug in slugs if slug]).values_list(
                "slug", flat=True
            )
        )

    def _write_new_rows(self):
        """The old addresses and import records of the batch's posts that were written,
        in one insert each (an item that failed added none)."""
        for model in (ImportedPost, OldAddress):
            model.objects.bulk_create(
                [row for row in self._new_rows if isinstance(row, model)], batch_size=500
            )
        self._new_rows = []

    def _import(self, item):
        if item.post_type == "attachment":
            return
        if item.post_type != "post":
            bucket = NOT_IMPORTED_TYPES.get(item.post_type)
            if bucket:
                setattr(self.summary, bucket, getattr(self.summary, bucket) + 1)
            else:
                self.summary.other_types[item.post_type or "?"] += 1
            return
        self.summary.posts += 1
        self.summary.comments += item.comments
        try:
            outcome = self._import_post(item)
        except ItemSkipped as skipped:
            self._skip(item, str(skipped))
            return
        except ValidationError as error:
            self._skip(item, "; ".join(_messages(error)))
            return
        except Exception as error:  # noqa: BLE001 - one bad post must not stop the rest
            self._skip(item, f"{type(error).__name__}: {error}")
            return
        setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)

    def _skip(self, item, reason):
        self.summary.skipped[reason.split(":")[0]] += 1
        self.report(f"Buraxıldı: yazı {item.label}: {reason}.")

    # --- One post -----------------------------------------------------------

    def _import_post(self, item):
        status = STATUSES.get(item.status)
        if status is None:
            raise ItemSkipped(f"status “{item.status}” idxal olunmur")
        imported = self._imported.get(item.post_id)
        if imported is None and item.post_id in self._created_ids:
            raise ItemSkipped("bu nömrəli yazı ixracda artıq idxal olundu (təkrar yazı)")
        user, expert = self.authors.resolve(item.creator)
        body = self._body(item)
        lead = self._lead_attachment(item)
        post = _Post(
            item=item,
            imported=imported,
            status=status,
            user=user,
            expert=expert,
            rubric=self.rubrics.choose(item),
            body=body,
            lead=lead,
            images=self._find_images(body, lead),
        )
        post.fingerprint = self._fingerprint(post)
        if imported is not None:
            if imported.fingerprint == post.fingerprint:
                return "unchanged"
            if imported.article.lock_version != imported.article_version:
                raise ItemSkipped(
                    "məqalə idxaldan sonra redaksiyada dəyişdirilib; "
                    "ixracdakı dəyişikliklər onun üzərinə yazılmadı"
                )
        # A dry run builds and checks the article the same way but writes nothing:
        # no rows (not even rolled back: sequences and caches would still move), no files.
        with self._batch.item(), contextlib.ExitStack() as files:
            new_rows = self._write(post, files)
        self._new_rows += new_rows
        if imported is None:
            self._created_ids.add(item.post_id)
        return "created" if imported is None else "updated"

    def _write(self, post, files):
        item, imported, status = post.item, post.imported, post.status
        article = imported.article if imported else Article()
        article.title = Truncator(item.title or "(başlıqsız)").chars(250)
        article.lead = strip_tags(item.excerpt).strip()
        article.body = self._with_stored_images(post.body, post.images)
        rubric = post.rubric
        if not isinstance(rubric, NewRubric):
            article.rubric = rubric
        elif not self.dry_run:
            article.rubric = rubric.get_or_create()
        article.author, article.expert = post.user, post.expert
        article.status = status
        when = wordpress_time(item)
        article.published_at = when if status == Article.Status.PUBLISHED else None
        if imported is None:
            article.slug = self._new_slug(item)
        lead_source = post.lead.path if post.lead else ""
        if imported is None or imported.lead_image_source != lead_source:
            self._set_lead_image(article, post.lead, post.images, files)
        # Foreign keys were found in the database just now: not looked up again.
        article.full_clean(
            exclude=["slug", "image", "rubric", "author", "expert"], validate_unique=False
        )
        if self.dry_run:
            self._remember_addresses(item, article)  # counts them only
            return []
        workflow.import_article(article, publish=status == Article.Status.PUBLISHED)
        if self.summary.tags_imported:
            article.tags.set([name for _, name in item.tags])
        record = imported or ImportedPost(site=self.site, post_id=item.post_id, article=article)
        record.fingerprint = post.fingerprint
        record.article_version = article.lock_version
        record.lead_image_source = lead_source
        new_rows = self._remember_addresses(item, article)
        if imported is None:
            new_rows.append(record)
        else:
            record.save()
        # New rows are inserted with the batch's (``_write_new_rows``), after the item.
        return new_rows

    @staticmethod
    def _slug_base(item):
        base = az_slugify(unquote(item.post_name)) or az_slugify(item.title)
        return base[: Article._meta.get_field("slug").max_length].rstrip("-")

    def _new_slug(self, item):
        """The post's own slug when no article has it (known from the batch's lookup),
        else the next free one."""
        base = self._slug_base(item)
        if not base or base in self._slugs_taken:
            base = unique_slug(Article(), base, fallback="meqale")
        self._slugs_taken.add(base)  # for the batch's later posts
        return base

    # --- Body and images ----------------------------------------------------

    def _body(self, item):
        def gallery(attributes):
            ids = [int(number) for number in re.findall(r"\d+", attributes.get("ids", ""))]
            found = (
                [self.attachments.get(number) for number in ids]
                if ids
                else self.attachments.of_post(item.post_id)
            )
            return [(a.url, a.alt or a.title) for a in found if a is not None]

        html = shortcodes.expand(item.content, gallery)
        if autop.needs_paragraphs(html):
            html = autop.autop(shortcodes.auto_embed(html))
        return html

    def _lead_attachment(self, item):
        thumbnail = item.meta.get("_thumbnail_id", "")
        if not thumbnail.isdigit() or int(thumbnail) == 0:
            return None
        attachment = self.attachments.get(int(thumbnail))
        if attachment is None or not attachment.path:
            self._missing_image(f"əsas şəkil (qoşma #{thumbnail}) ixracda yoxdur")
        return attachment if attachment and attachment.path else None

    def _find_images(self, body, lead):
        inline = {}
        for attribute, _, url in _UPLOAD_ATTRIBUTE.findall(body):
            relative = upload_path(url)
            is_image = attribute.lower() == "src" or relative.lower().endswith(IMAGE_EXTENSIONS)
            if relative and is_image:
                inline[relative] = None
        paths = ([lead.path] if lead else []) + list(inline)
        files, missing = {}, []
        for relative in dict.fromkeys(paths):
            source = self.media_dir / relative if self.media_dir else None
            inside = source is not None and source.resolve().is_relative_to(self.media_dir)
            if inside and source.is_file():
                files[relative] = source
            else:
                files[relative] = None
                missing.append(relative)
        where = (
            f"--media qovluğunda ({self.media_dir})" if self.media_dir else "(--media verilməyib)"
        )
        for relative in missing:
            self._missing_image(f"şəkil tapılmadı {where}: {relative}")
        return _Images(files=files, missing=missing, inline=set(inline))

    def _missing_image(self, message):
        if not self.allow_missing_images:
            raise ItemSkipped(message)

    def _with_stored_images(self, body, images):
        """The body with each upload's address replaced by its copy in media storage
        (a missing one's image dropped, its link unlinked)."""
        stored, dropped = {}, set(images.missing)
        for relative in images.inline:
            source = images.files[relative]
            url = self._store_image(source, relative) if source is not None else None
            if url:
                stored[relative] = url
            else:
                dropped.add(relative)

        def replace(match):
            attribute, quote, url = match.groups()
            relative = upload_path(url)
            if relative in stored:
                return f" {attribute}={quote}{stored[relative]}{quote}"
            if relative in dropped:
                return f' data-missing="{relative}"' if attribute.lower() == "src" else ""
            return match.group(0)

        body = _UPLOAD_ATTRIBUTE.sub(replace, body)
        body = re.sub(r"<img\b[^>]*\sdata-missing=[^>]*>", "", body)
        # The admin's sanitiser (Article.save runs it too); then the paragraphs
        # that held only what it removed (a plugin's <script>, a missing picture).
        return _EMPTY_PARAGRAPH.sub("", sanitize_html(body)).strip()

    def _store_image(self, source, relative):
        """A checked, normalised copy of ``source`` in media storage; its URL.

        The copy's name follows the uploads folder (``wordpress/2024/05/x.jpg``),
        so a second import finds it there and stores nothing again.
        """
        try:
            with source.open("rb") as handle:
                upload = File(handle, name=source.name)
                validate_image_upload(upload)
                clean = normalise_upload(upload)
        except ValidationError as error:
            self._missing_image(f"şəkil qəbul olunmadı: {relative}: {' '.join(error.messages)}")
            return None
        self.summary.images += 1
        name = posixpath.join(
            IMPORTED_MEDIA_DIR, posixpath.dirname(relative), get_valid_filename(clean.name)
        )
        if self.dry_run:
            return default_storage.url(name)
        if not default_storage.exists(name):
            name = default_storage.save(name, clean)
        return default_storage.url(name)

    def _set_lead_image(self, article, lead, images, files):
        source = images.files.get(lead.path) if lead else None
        if source is None:
            article.image = ""
            return
        handle = files.enter_context(source.open("rb"))
        upload = File(handle, name=source.name)
        try:
            validate_image_upload(upload)
        except ValidationError as error:
            self._missing_image(
                f"əsas şəkil qəbul olunmadı: {lead.path}: {' '.join(error.messages)}"
            )
            article.image = ""
            return
        self.summary.images += 1
        article.image_alt = Truncator(lead.alt or lead.title or article.title).chars(250)
        article.image_caption = Truncator(strip_tags(lead.caption)).chars(300)
        if not self.dry_run:
            article.image = upload

    # --- Bookkeeping ----------------------------------------------------------

    def _fingerprint(self, post):
        item, rubric = post.item, post.rubric
        facts = [
            CONVERSION_VERSION,
            item.title,
            item.content,
            item.excerpt,
            item.status,
            item.post_date,
            item.post_date_gmt,
            [list(term) for term in item.categories],
            [list(term) for term in item.tags] if self.summary.tags_imported else [],
            rubric.slug,
            post.user.pk if post.user else None,
            post.expert.pk if post.expert else None,
            sorted((path, source is not None) for path, source in post.images.files.items()),
        ]
        return hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode()).hexdigest()

    def old_addresses(self, item):
        """Every address the old site answered for this post, as stored keys."""
        urls = [item.link, f"{self.base_path}/?p={item.post_id}"]
        if item.guid.startswith(("http://", "https://", "/")):
            urls.append(item.guid)
        if item.post_name:
            urls.append(f"{self.base_path}/{item.post_name}/")
        keys = (address_key(url) for url in urls if url)
        return [key for key in dict.fromkeys(keys) if key != "/" and len(key) <= 500]

    def _remember_addresses(self, item, article):
        """The post's old addresses pointing at ``article``, to insert (in a dry run:
        counted only)."""
        keys = self.old_addresses(item)
        taken = {key: self._taken[key] for key in keys if key in self._taken}
        for key, owner in taken.items():
            if owner != article.pk:
                self.report(
                    f"Diqqət: yazı {item.label}: köhnə ünvan {key} artıq başqa məqaləyə "
                    "yönəlir; dəyişdirilmədi."
                )
        new = [key for key in keys if key not in taken]
        self.summary.redirects += len(new)
        if self.dry_run:
            return []
        self._taken.update((key, article.pk) for key in new)  # for the batch's later posts
        return [OldAddress(old_path=key, article=article, source=self.site) for key in new]


def _messages(error):
    if hasattr(error, "message_dict"):
        return [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
    return error.messages


def import_wxr(path, **options):
    """Import the WXR file at ``path``; see ``WXRImport`` for the options."""
    return WXRImport(path, **options).run()
