"""Move whole portals into the site in one command: ``invoke import-legacy``.

``migrate(portals, out, …)`` reads every saved page of one or several old portals
(``Portal``: a name, the folder its mirror or text dumps are in, the address it had),
in one process per core, then decides in one place what becomes of each:

1. pages that are not articles (list pages, menus, styles, photos) are skipped,
   pages that cannot be imported fail, each with its reason;
2. the same story saved from two portals becomes one article that keeps both old
   addresses (``bantin.legacy.plan.merge_duplicates``; ``merge=False`` turns it off);
3. every article gets a slug no other article of the site has
   (``bantin.legacy.plan.assign_slugs``); articles a previous import wrote keep theirs;
4. each article is written as ``OUT/<year>/<slug>.md`` with ``legacy: {portal, url,
   format, file}``, through the checks an editor's file gets; an article an editor
   has changed since is only replaced with ``force``.

What happened to each input is a ``Result`` (status written / unchanged / merged /
skipped / failed), summed per portal by ``summary`` and saved by
``bantin.legacy.report``. A second run over the same mirror writes nothing new.
"""
import logging
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bantin.core import frontmatter, plainyaml
from bantin.core.i18n import _
from bantin.core.processes import process_pool
from bantin.core.readcache import ReadCache
from bantin.core.text import slugify
from bantin.legacy import importer, pagecache
from bantin.legacy.importer import Result
from bantin.core.addresses import address_key
from bantin.legacy.mirror import candidates, old_address
from bantin.legacy.plan import Story, assign_slugs, merge_duplicates
from bantin.legacy.text_pages import LegacyError, NotAnArticle

logger = logging.getLogger(__name__)
STATUSES = ("written", "unchanged", "merged", "skipped", "failed")


@dataclass
class Portal:
    """One old portal: ``name`` as the site will show it in addresses and reports
    (e.g. "duc-giang-cu"), the folder ``src`` holding its saved pages, and the
    address ``base_url`` they were served from (for the redirects)."""

    name: str
    src: str
    base_url: str = ""


@dataclass
class _Read:
    """One page after the parallel stage (picklable)."""

    result: Result
    story: Story | None = None
    article: object = None
    category: str = ""
    photos: list = None


_WORKER = {}


def _read(job):
    """Parse one page (in a worker process): a ``_Read``."""
    path, relative, portal, base_url, root, categories, category_map, category, settings, \
        debug = job
    shown = shown_path(path)
    checks = _WORKER.get("checks")
    if checks is None:
        checks = _WORKER["checks"] = importer.Checks.of(settings)
    url = old_address(base_url, relative) if base_url else relative
    try:
        article = importer.parse_page(path)
        declared = importer.resolve_category(article.category, categories, category_map,
                                             category)
        photos = importer._plan_photos(article, path, root, urlsplit(base_url).netloc)
        # The body's checks (Markdown, active content) are the costly part and do not
        # depend on the slug or the merged addresses: done here, in parallel. (The slug is
        # checked once it is chosen: a title whose own slug is taken gets another.)
        draft = importer.to_markdown(article, declared, relative, slug="bai-viet-nhap")
        reasons = importer.refusals(draft, shown, categories, checks)
        if reasons:
            return _Read(Result(shown, "failed", _("the article would not pass the checks: "
                                                   "{reasons}", reasons="; ".join(reasons))))
    except NotAnArticle as exc:
        return _Read(Result(shown, "skipped", str(exc)))
    except LegacyError as exc:
        return _Read(Result(shown, "failed", str(exc)))
    except OSError as exc:
        return _Read(Result(shown, "failed", f"{exc.strerror or exc}: {exc.filename or path}"))
    except Exception as exc:  # noqa: BLE001 - one page must not stop the others
        if debug:
            raise
        return _Read(Result(shown, "failed", _(
            "the importer failed on this page ({kind}: {error}); please report it with the "
            "page", kind=type(exc).__name__, error=str(exc)[:200])))
    # The captions take part in comparing: the same credit line under other photos is
    # another report.
    body = " ".join([block[1] for block in article.blocks if block[0] in ("p", "li", "figure")]
                    + [item["caption"] for item in article.gallery])
    # Without a portal (pages saved one by one), a page is known by its place in the
    # folder, as its front matter records it, and its title.
    key = f"{portal}|{address_key(url)}" if portal else \
        f"|{importer.plain(relative)}|{slugify(importer.plain(article.title))}"
    story = Story(key=key, portal=portal, url=url if base_url else "",
                  title=importer.plain(article.title), date=article.date, body=body)
    return _Read(Result(shown, "read"), story, article, declared, photos)


def shown_path(path):
    """A file's name as text that can always be printed and stored: bytes that are not
    UTF-8 (a Windows-1258 name from an old portal) as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def existing_articles(out):
    """What the site already has: ({slug or file stem: key}, {key: (slug, path)}) where
    key is the old address of an imported article, or the file of one written by hand.
    Every article file counts (ARTICLE_PATHS is the whole folder), not only year folders."""
    taken, kept = {}, {}
    for path in sorted(Path(out).rglob("*.md")):
        if path.relative_to(out).parts[0] in ("pages", "extra", "images") or path.is_symlink():
            continue
        meta = _front_matter(path)
        slug = str(meta.get("slug") or slugify(str(meta.get("title") or ""))) or path.stem
        legacy = meta.get("legacy")
        entries = legacy if isinstance(legacy, list) else [legacy] if legacy else []
        keys = []
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            if entry.get("portal") and entry.get("url"):
                keys.append(f"{entry['portal']}|{address_key(str(entry['url']))}")
            elif entry.get("file"):
                keys.append(f"|{entry['file']}|{slug}")
        owner = keys[0] if keys else f"file|{path}"
        taken[slug] = owner
        taken.setdefault(path.stem, owner)  # a new article is never written over this file
        for key in keys:
            kept[key] = (slug, path)
    return taken, kept


def _front_matter(path):
    """The front matter of an article file as the build reads it (bantin.core.plainyaml:
    no aliases, bounded), {} when it has none that can be read."""
    try:
        if path.stat().st_size > importer.MAX_BYTES:
            return {}
        lines = path.read_text(encoding="utf-8").split("\n")
        if lines[0].strip() != "---" or "---" not in (line.strip() for line in lines[1:]):
            return {}
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
        meta, _lines, errors = plainyaml.load(lines[1:end])
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return meta if isinstance(meta, dict) and not errors else {}


def _pages(portals):
    jobs, skipped = [], []
    for portal in portals:
        pages, others = candidates(portal.src)
        jobs += [(path, relative, portal) for path, relative in pages]
        skipped += [(portal.name, Result(shown_path(path), "skipped", reason))
                    for path, reason in others]
    return jobs, skipped


def category_map(settings):
    """``LEGACY_CATEGORIES`` of the settings, keyed as the importer looks names up (case
    ignored)."""
    return {k.casefold(): v for k, v in settings.get("LEGACY_CATEGORIES", {}).items()}


def migrate(portals, out, categories, category_map=None, category=None, force=False,
            settings=None, merge=True, workers=None, progress=None, debug=False, cache=None):
    """Import every page of ``portals`` into the content folder ``out``.

    Returns [(portal name, Result)], one per input file. ``progress(done, total)`` is
    called as pages are read; ``debug`` lets an unexpected error out as a traceback
    instead of failing the page; ``cache``: the SQLite file that keeps what each page
    gave, so that a second run parses only new or changed pages.
    Example:
        migrate([Portal("duc-giang-cu", "mirror/ducgiang", "https://ducgiang.gov.vn")],
                "content", ["Tin tức"], category="Tin tức")
    """
    names = [p.name for p in portals]
    if len(set(names)) != len(names) or not all(slugify(n) == n for n in names) or \
            ("" in names and len(names) > 1):
        raise LegacyError(_("each --portal must be a different name in lower-case ASCII "
                            "words joined by '-', e.g. duc-giang-cu"))
    jobs, results = _pages(portals)
    reads = _read_all([(path, rel, p.name, p.base_url, p.src if Path(p.src).is_dir() else None,
                        list(categories), category_map or {}, category, _picklable(settings),
                        debug) for path, rel, p in jobs], workers, progress, cache)
    by_key = {}
    for (_path, _rel, portal), read in zip(jobs, reads):
        if read.story is None:
            results.append((portal.name, read.result))
        elif read.story.key in by_key:  # two files of one mirror for one address
            results.append((portal.name, Result(read.result.source, "skipped",
                                                _("another saved copy of the same address"))))
        else:
            by_key[read.story.key] = (portal.name, read)
    stories = [read.story for _portal, read in by_key.values()]
    kept_stories = merge_duplicates(stories) if merge else sorted(stories, key=lambda s: s.key)
    taken, kept = existing_articles(out)
    for slug in frontmatter.reserved_slugs(settings or {}):
        taken.setdefault(slug, "site|")
    assign_slugs(kept_stories, taken, {k: slug for k, (slug, _path) in kept.items()})
    reserved = frontmatter.reserved_slugs(settings or {})
    targets = set()
    for story in kept_stories:
        portal, read = by_key[story.key]
        result = _write(story, read, out, categories, force, kept, reserved, by_key, targets)
        results.append((portal, result))
        for copy in story.copies:
            copy_portal, copy_read = by_key[copy.key]
            results.append((copy_portal, Result(copy_read.result.source, "merged",
                                                _("the same story as {source}",
                                                  source=read.result.source),
                                                result.target)))
    order = {name: number for number, name in enumerate(names)}
    return sorted(results, key=lambda pr: (order[pr[0]], pr[1].source))


def import_legacy(src, out, categories, category_map=None, category=None, force=False,
                  settings=None, debug=False):
    """Import the pages under ``src`` (a file or folder, no portal named); one Result
    per input file.

    Example:
        import_legacy("../shared/seeds", "content", CATEGORIES_NAMES,
                      category="Công tác dân vận", settings=load_settings("pelicanconf.py"))
    """
    return [result for _portal, result in migrate(
        [Portal("", src)], out, categories, category_map, category, force, settings,
        debug=debug)]


def _read_all(jobs, workers, progress, cache=None):
    """A ``_Read`` per job: from ``cache`` when the page was read before, else parsed
    in ``workers`` processes."""
    store = None
    if cache:
        try:
            store = ReadCache(cache)
        except (OSError, sqlite3.Error) as exc:  # e.g. a folder where the file should be
            logger.warning("%s", _("the import's page cache {cache} cannot be used ({error}); "
                                   "reading every page", cache=cache, error=exc))
    try:
        salt = pagecache.salt(jobs[0][5:9]) if store and jobs else ""
        keys, done = [], {}
        for number, job in enumerate(jobs):
            try:
                # Only a page the importer would read: a huge file is refused by size.
                data = job[0].read_bytes() if store and \
                    job[0].stat().st_size <= importer.MAX_BYTES else None
            except OSError:
                data = None
            if data is None:
                keys.append(None)
                continue
            keys.append(pagecache.page_key(salt, job[1:5], data))
            found = store.get(keys[-1]) if store else None
            read = pagecache.decode(found, _Read) if found else None
            if read is not None and _photos_inside(read, job):
                done[number] = read
        todo = [n for n in range(len(jobs)) if n not in done]
        for number, read in zip(todo, _parse(jobs, todo, workers, len(done), progress)):
            done[number] = read
            if store and keys[number]:
                store.put(keys[number], pagecache.encode(read))
        return [done[n] for n in range(len(jobs))]
    finally:
        if store:
            store.close()


def _photos_inside(read, job):
    """Whether a cached entry's photos are photo files within the portal's mirror (a
    cache file is data from disk: it may not make us copy anything else)."""
    root = Path(job[4] or job[0].parent).resolve()
    return all(Path(src).resolve().is_relative_to(root) and Path(src).is_file()
               and importer._is_photo(src) and re.fullmatch(r"[a-z0-9-]+\.[a-z]+", name)
               for src, name in read.photos)


def _parse(jobs, todo, workers, already, progress):
    workers = workers or os.cpu_count() or 1
    count = 0
    if progress:
        progress(already, len(jobs))
    if workers == 1 or len(todo) < 20 or jobs[0][-1]:  # debug: tracebacks from here
        reads = map(_read, (jobs[n] for n in todo))
        for read in reads:
            count += 1
            if progress:
                progress(already + count, len(jobs))
            yield read
        return
    with process_pool(workers) as pool:
        for read in pool.map(_read, [jobs[n] for n in todo], chunksize=8):
            count += 1
            if progress:
                progress(already + count, len(jobs))
            yield read


def _legacy(story, by_key):
    entries = []
    for one in [story] + story.copies:
        read = by_key[one.key][1]
        entries.append(importer.legacy_entry(read.article, Path(read.result.source).name,
                                             one.portal, one.url))
    return entries[0] if len(entries) == 1 else entries


def _picklable(settings):
    """The settings the checks read, without what a worker process cannot receive."""
    if not settings:
        return None
    return {k: v for k, v in settings.items()
            if k in ("MARKDOWN", "BANTIN_CHECK", "DIRECT_TEMPLATES")
            or k.endswith(("_SAVE_AS", "_URL"))}


def _replace_file(target, data):
    """Write ``data`` to ``target`` through a new file: never through a link planted at
    ``target``, never half-written."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".import-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def _write(story, read, out, categories, force, kept, reserved, by_key, targets):
    shown = read.result.source
    year = f"{story.date[0]:04d}"
    previous = kept.get(story.key)
    target = previous[1] if previous and previous[0] == story.slug else \
        Path(out) / year / f"{story.slug}.md"
    if target in targets:  # slugs are unique; this is a guard, never two stories in one file
        return Result(shown, "failed", _("another page of this import was written to {target}",
                                         target=target))
    targets.add(target)
    text = importer.to_markdown(read.article, read.category, _legacy(story, by_key), story.slug)
    doc = frontmatter.parse(text, str(target), categories, reserved=reserved)
    reasons = [importer._reason(p) for p in doc.problems if p.severity == "error"]
    if reasons:
        return Result(shown, "failed", _("the article would not pass the checks: {reasons}",
                                         reasons="; ".join(reasons)), str(target))
    if target.exists():
        if target.read_text(encoding="utf-8") == text:
            return Result(shown, "unchanged", target=str(target))
        if not force:
            return Result(shown, "skipped", _("the article exists and was changed; use "
                                              "--force to replace it"), str(target))
    photo_dir = Path(out) / "images" / year / story.slug
    for source, name in read.photos or []:
        photo_dir.mkdir(parents=True, exist_ok=True)
        _replace_file(photo_dir / name, Path(source).read_bytes())
    target.parent.mkdir(parents=True, exist_ok=True)
    _replace_file(target, text.encode("utf-8"))
    return Result(shown, "written", target=str(target))


def summary(results):
    """{portal: {status: count}} in STATUSES order."""
    table = {}
    for portal, result in results:
        row = table.setdefault(portal, dict.fromkeys(STATUSES, 0))
        row[result.status] = row.get(result.status, 0) + 1
    return table
