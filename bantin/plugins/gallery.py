"""Pelican plugin: cover, gallery and body photos as light responsive pictures.

After all articles are read, every photo they name (``cover``, ``gallery``,
``![alt](file.jpg "caption")`` in the body) is checked, turned into cached
derivatives (``bantin.core.images``) and linked into the output; the article gets
``cover_image``, ``gallery_items`` and ``og_image``, and its body images
become ``<figure>``s. A bad photo stops the build naming the article, the
field, the file and the reason. Originals never reach the output.

Setting ``BANTIN_GALLERY`` (dict), defaults in ``DEFAULTS``.
"""
import json
import logging
import os
import re
from pathlib import Path

from bs4 import BeautifulSoup
from pelican import signals

from bantin.core import images
from bantin.plugins.content import LOG_PREFIX, PROBLEMS_KEY
from bantin.core.frontmatter import Problem, photo_folder, photo_path
from bantin.core.i18n import _
from bantin.core.text import slugify
from bantin.core.settings import plugin_settings
from bantin.core import partial_hooks
from bantin.pelican_seam import also_rewrite, body_html, set_body_html

logger = logging.getLogger(__name__)

DEFAULTS = {
    "cache": "cache/images",
    "output": "anh",
    "thumb_sizes": "(min-width: 62rem) 15rem, (min-width: 40rem) 30vw, 46vw",
    "body_sizes": "(min-width: 42rem) 42rem, 92vw",
    "cover_sizes": "(min-width: 42rem) 42rem, 92vw",
    "images": {},  # overrides of bantin.core.images.DEFAULTS (widths, qualities, workers…)
    # A media store (bantin.media): derivatives served from media_url instead of output/,
    # named by content; the manifest lists what the store already holds.
    "media_url": "",
    "manifest": "cache/media-manifest.json",
}
# Pelican rewrites intra-site links only in href/src, not srcset: body figures
# carry this marker, replaced per page by the site URL in _resolving().
SITE_MARKER = "\u2060bantin-site\u2060"
_BODY_IMG = re.compile(r"<p>\s*(<img\b[^>]*>)\s*</p>|(<img\b[^>]*>)")


def config(settings):
    """The ``BANTIN_GALLERY`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_GALLERY", DEFAULTS)


def _shown(path, settings):
    return os.path.relpath(path, os.path.dirname(settings["PATH"]))


class _Article:
    """The photos one article asks for, with where each request comes from."""

    def __init__(self, article, content_root):
        self.article = article
        self.folder = content_root / photo_folder({"date": article.date, "slug": article.slug})
        self.requests = []  # (field, name, resolved path, want_og)

    def add(self, field, name, want_og=False):
        self.requests.append((field, name, photo_path(self.folder, name).resolve(), want_og))


def _collect(article, content_root, settings):
    """The photos ``article`` asks for, or None when it asks for none (most articles)."""
    html = body_html(article)
    if not (getattr(article, "cover", "") or getattr(article, "gallery", None) or "<img" in html):
        return None
    item = _Article(article, content_root)
    if getattr(article, "cover", ""):
        item.add("cover", article.cover, want_og=True)
    lead = not getattr(article, "cover", "")  # the first gallery photo leads when no cover
    for number, entry in enumerate(getattr(article, "gallery", []) or [], 1):
        if entry["file"]:
            item.add("gallery", entry["file"], want_og=lead)
            lead = False
        else:
            problem = Problem(_shown(article.source_path, settings), _(
                "item {number} has no photo file; it will not be shown", number=number),
                field="gallery", severity="warning")
            logger.warning("%s", problem, extra={"problem": problem})
    for match in _BODY_IMG.finditer(html):
        src = BeautifulSoup(match.group(1) or match.group(2), "html.parser").img.get("src", "")
        if src and not re.match(r"^([a-z]+:|/|#|\{)", src, re.I):
            item.add("body", src)
    return item


def _check_path(item, name, path, content_root, resolved_root):
    if os.path.isabs(name) or not path.is_relative_to(resolved_root):
        return _("{name!r} is outside content/; put the photo in {folder}/", name=name,
                 folder=item.folder.relative_to(content_root.parent))
    if not path.is_file():
        return _("photo {name!r} not found in {folder}/", name=name,
                 folder=item.folder.relative_to(content_root.parent))
    return None


def media_key(deriv, name):
    """A derivative's name in the media store: its content (the photo's hash and the
    options) decides it, so the same photo in two articles is stored once and a name
    never changes meaning. Example: media_key(d, "960.webp") == "ab/ab12…-9f8e7d6c/960.webp"
    """
    return f"{deriv.entry[:2]}/{deriv.entry}/{name}"


def _picture(deriv, out_prefix, stem, media_url=""):
    """Template data for one photo: URLs relative to the site root.

    Published names are ASCII slugs of the original's name (which may hold spaces,
    quotes or accents), so they need no encoding in ``src`` or ``srcset``.
    """
    stem = slugify(stem, 60) or "anh"

    def url(name):
        if media_url:
            return f"{media_url}/{media_key(deriv, name)}"
        base, ext = name.rsplit(".", 1)
        return f"{out_prefix}/{stem}-{base}.{deriv.digest[:8]}.{ext}"
    webp, jpeg = deriv.of("webp"), deriv.of("jpeg")
    # The <img> itself: JPEG when the site keeps JPEG copies, else WebP (every browser
    # the readers use decodes it).
    plain = jpeg or webp
    fallback = min(plain, key=lambda f: abs(f[0] - 960))
    return {
        "webp": [(w, url(n)) for w, _h, n in sorted(webp)],
        "jpeg": [(w, url(n)) for w, _h, n in sorted(jpeg)],
        "src": url(fallback[2]), "width": fallback[0], "height": fallback[1],
        "large": url(max(plain)[2]), "large_webp": url(max(webp)[2]),
        "og": url(deriv.og) if deriv.og else None,
        "thumb": url(deriv.thumb) if deriv.thumb else None,
        "_files": {url(n): os.path.join(deriv.folder, n) if deriv.folder else None
                   for n in [f[3] for f in deriv.files] + [deriv.og, deriv.thumb] if n},
        "_entry": (deriv.entry, {k: getattr(deriv, k) for k in ("width", "height", "files",
                                                                 "og", "thumb")}),
    }


def _fill_site_marker(html, siteurl):
    """Pelican rewrites site URLs per page in href/src; our srcset marker too."""
    return html.replace(SITE_MARKER, siteurl.rstrip("/") if siteurl else "")


def _body_figures(article, pictures, macro, cfg, eager_first):
    first = [eager_first]

    def replace(match):
        tag = match.group(1) or match.group(2)
        img = BeautifulSoup(tag, "html.parser").img
        pic = pictures.get(img.get("src", ""))
        if pic is None:
            return match.group(0)
        caption = img.get("title") or ""
        html = macro(pic, img.get("alt") or caption, cfg["body_sizes"], SITE_MARKER,
                     lazy=not first[0], caption=caption if match.group(1) else "")
        first[0] = False
        return str(html)
    set_body_html(article, _BODY_IMG.sub(replace, body_html(article)))
    also_rewrite(article, _fill_site_marker)


def prepare(pelican):
    cfg = config(pelican.settings)
    pelican.settings.setdefault("JINJA_GLOBALS", {})["GALLERY"] = {
        "thumb_sizes": cfg["thumb_sizes"], "cover_sizes": cfg["cover_sizes"]}


def process_articles(generator):
    settings = generator.settings
    cfg = config(settings)
    content_root = Path(settings["PATH"])
    articles = list(generator.articles) + list(generator.drafts) + \
        list(getattr(generator, "hidden_articles", []))
    items = [item for item in (_collect(a, content_root, settings) for a in articles) if item]
    problems, wanted = settings.setdefault(PROBLEMS_KEY, []), {}
    resolved_root = content_root.resolve()
    for item in items:
        for field, name, path, want_og in item.requests:
            error = _check_path(item, name, path, content_root, resolved_root)
            if error:
                problems.append(Problem(_shown(item.article.source_path, settings), error,
                                        field=None if field == "body" else field))
            else:
                wanted[path] = wanted.get(path, False) or want_og
    if not wanted:
        return
    known = _manifest(cfg) if cfg["media_url"] else {}
    cache = images.PhotoCache(cfg["cache"], cfg["images"], known=known)
    results = cache.process(wanted)
    logger.info("%s %d photos, %d processed, %d from the cache", LOG_PREFIX, len(results),
                cache.processed, len(results) - cache.processed)
    macro = generator.env.get_template("partials/picture.html").module.figure
    for item in items:
        pictures, ok = {}, True
        for field, name, path, _og in item.requests:
            result = results.get(path)
            if isinstance(result, images.PhotoError):
                problems.append(Problem(_shown(item.article.source_path, settings),
                                        _("photo {name!r}: {problem}", name=name,
                                          problem=result),
                                        field=None if field == "body" else field))
                ok = False
            elif result is not None:
                prefix = f"{cfg['output']}/{item.folder.parent.name}/{item.folder.name}"
                pictures[name] = _picture(result, prefix, Path(name).stem,
                                          cfg["media_url"].rstrip("/"))
        if ok and pictures:
            _attach(item, pictures, generator.output_path, macro, cfg, settings)


def save_pending(settings):
    """After a build for a media store: what the store still needs, beside the manifest
    (``bantin.media.upload_pending`` sends it)."""
    cfg = config(settings)
    pending = settings.get("_BANTIN_MEDIA_PENDING")
    if cfg["media_url"] and pending and pending["files"]:
        os.makedirs(os.path.dirname(os.path.abspath(cfg["manifest"])), exist_ok=True)
        with open(f"{cfg['manifest']}.pending.json", "w", encoding="utf-8") as fh:
            json.dump(pending, fh)


def _manifest(cfg):
    """{cache entry: Derivatives fields} of what the media store holds; {} if unreadable."""
    try:
        with open(cfg["manifest"], encoding="utf-8") as fh:
            data = json.load(fh)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _attach(item, pictures, output_path, macro, cfg, settings):
    article = item.article
    article.photo_files = []  # what the livereload engine removes when the photos change
    pending = settings.setdefault("_BANTIN_MEDIA_PENDING", {"files": {}, "entries": {}})
    for pic in pictures.values():
        for url, source in pic["_files"].items():
            if not cfg["media_url"]:
                images.publish(source, os.path.join(output_path, url))
                article.photo_files.append(url)
            elif source:  # processed here: the store does not have it yet
                pending["files"][url[len(cfg["media_url"].rstrip("/")) + 1:]] = source
                entry, meta = pic["_entry"]
                pending["entries"][entry] = meta
    article.cover_image = pictures.get(getattr(article, "cover", ""))
    lead = article.cover_image or next(
        (pictures[e["file"]] for e in getattr(article, "gallery", []) or []
         if e["file"] in pictures), None)
    if lead and lead["og"]:
        article.og_image = lead["og"]
    article.thumbnail = lead if lead and lead["thumb"] else None
    article.gallery_items = [
        {"picture": pictures[e["file"]], "caption": e["caption"], "alt": e["alt"]}
        for e in getattr(article, "gallery", []) or [] if e["file"] in pictures]
    body = {name: pic for (field, name, _p, _o) in item.requests if field == "body"
            for pic in [pictures[name]]}
    article.has_body_images = bool(body)
    if body:
        _body_figures(article, body, macro, cfg, eager_first=not article.cover_image)


def register():
    signals.initialized.connect(prepare)
    signals.article_generator_finalized.connect(process_articles)
    partial_hooks.register("documents", process_articles)
