"""The media store: photo derivatives published to a destination of their own.

A ward's photos outgrow the web host long before its pages do (see
``bantin.core.sitesize``). With ``BANTIN_MEDIA_DEST`` (an S3-compatible bucket,
``s3://bucket/prefix``, or a local folder) and ``BANTIN_MEDIA_URL`` (where readers
fetch them) set for ``invoke publish``, the build names each derivative by its
content (``bantin.plugins.gallery.media_key``) and links pages to the store;
``upload_pending`` then sends only what the store lacks and records it in the
manifest (``BANTIN_GALLERY["manifest"]``, kept between CI runs instead of the
derivatives): the next build neither processes those photos again nor needs their
derivatives. Nothing is ever deleted from the store (old pages may still use it).
"""
import json
import mimetypes
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bantin.core.errors import SettingsError
from bantin.core.i18n import _

CACHE_CONTROL = "public, max-age=31536000, immutable"  # a name never changes meaning
LIST_FROM = 2000  # from this many new files, one listing of the store costs fewer requests


def pending_path(manifest):
    return f"{manifest}.pending.json"


def check(dest, url):
    """SettingsError unless both or neither of the store's settings are given."""
    if bool(dest) != bool(url):
        raise SettingsError(_("BANTIN_MEDIA_DEST and BANTIN_MEDIA_URL must be set together: "
                              "where the photos are stored and the address readers fetch "
                              "them from"))
    if url and not url.startswith(("https://", "http://")):
        raise SettingsError(_("BANTIN_MEDIA_URL {url!r} must be a web address (https://…)",
                              url=url))


class _Folder:
    def __init__(self, root):
        self.root = Path(root)

    def existing(self):
        return set(self.sizes())

    def sizes(self):
        return {p.relative_to(self.root).as_posix(): p.stat().st_size
                for p in self.root.rglob("*") if p.is_file()}

    def has(self, key):
        return (self.root / key).is_file()

    def put(self, key, source):
        target = self.root / key
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)


class _Bucket:
    def __init__(self, dest):
        import boto3
        from botocore.config import Config
        self.bucket, _slash, prefix = dest[len("s3://"):].partition("/")
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.client(
            "s3", endpoint_url=os.environ.get("BANTIN_S3_ENDPOINT") or None,
            config=Config(retries={"max_attempts": 8, "mode": "standard"},
                          max_pool_connections=16))

    def existing(self):
        return set(self.sizes())

    def sizes(self):
        found = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix):
            found.update((item["Key"][len(self.prefix):], item["Size"])
                         for item in page.get("Contents", []))
        return found

    def has(self, key):
        from botocore.exceptions import ClientError
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.prefix + key)
            return True
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise

    def put(self, key, source):
        with open(source, "rb") as fh:
            self.client.put_object(
                Bucket=self.bucket, Key=self.prefix + key, Body=fh,
                ContentType=mimetypes.guess_type(key)[0] or "application/octet-stream",
                CacheControl=CACHE_CONTROL)


def destination(dest):
    """The store at ``dest``: ``s3://bucket/prefix`` or a folder."""
    return _Bucket(dest) if dest.startswith("s3://") else _Folder(dest)


def size(dest):
    """Files, bytes and the largest file in the store, for the publish's size report
    (``bantin.core.sitesize.check``).

    Example: size("s3://anh-phuong/anh").files
    """
    from bantin.core.sitesize import SiteSize
    sizes = destination(dest).sizes()
    largest = max(sizes, key=sizes.get, default="")
    return SiteSize(len(sizes), sum(sizes.values()), sizes.get(largest, 0), largest)


def upload_pending(dest, manifest, workers=8):
    """Send what the last build left for the store; returns (uploaded, already there).

    Example: upload_pending("s3://anh-phuong/anh", "cache/media-manifest.json")
    """
    try:
        with open(pending_path(manifest), encoding="utf-8") as fh:
            pending = json.load(fh)
    except FileNotFoundError:
        return 0, 0
    store = destination(dest)
    files = pending["files"]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # A few new photos (every run but the first): ask for each, not for the listing
        # of a store that holds a whole archive (70,000 objects at 10,000 articles).
        if len(files) <= LIST_FROM:
            present = dict(zip(sorted(files), pool.map(store.has, sorted(files))))
            there = {k for k, found in present.items() if found}
        else:
            there = store.existing()
        todo = {k: v for k, v in files.items() if k not in there}
        list(pool.map(lambda item: store.put(*item), sorted(todo.items())))
    try:
        with open(manifest, encoding="utf-8") as fh:
            known = json.load(fh)
    except (OSError, ValueError):
        known = {}
    known.update(pending["entries"])
    tmp = f"{manifest}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(known, fh, sort_keys=True)
    os.replace(tmp, manifest)
    os.unlink(pending_path(manifest))
    return len(todo), len(pending["files"]) - len(todo)


def photos_to_fetch(content, cache_folder, options, manifest):
    """The photos under ``content/images`` that are Git LFS pointers (a clone that did
    not fetch them) and whose derivatives neither the store's manifest nor the photo
    cache has: the only originals a build needs.

    Example: list(photos_to_fetch("content", "cache/images", {}, "cache/media-manifest.json"))
    """
    from bantin.core import images
    try:
        with open(manifest, encoding="utf-8") as fh:
            known = set(json.load(fh))
    except (OSError, ValueError, TypeError):
        known = set()
    cache = images.PhotoCache(cache_folder, options)
    for path in sorted(Path(content, "images").rglob("*")):
        oid = images.lfs_oid(path) if path.is_file() else None
        if oid and not any(os.path.basename(cache.entry(oid, og)) in known or
                           os.path.exists(os.path.join(cache.entry(oid, og), "meta.json"))
                           for og in (False, True)):
            yield path
