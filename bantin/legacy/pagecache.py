"""What reading each saved page gave, kept between runs of ``invoke import-legacy``.

A migration of tens of thousands of pages is run again and again (after a page
was fixed, a category mapped, an interruption): a page whose bytes, place in the
mirror, portal and import options and the importer's code are all unchanged is not
parsed again. Entries are JSON in ``bantin.core.readcache``'s SQLite store (never
pickle: a cache file is data, not code); a damaged entry, or one whose fields are not
of the types the import relies on, is read as a miss. A cached page's text is not run
through the body checks again: the cache is the importing machine's own, and whatever
it holds is still checked by the build, which refuses active content. The reasons a
page failed or was skipped are kept in the language of the run (``BANTIN_LANG``): the
language and the message catalog are part of every key.
"""
from dataclasses import asdict
from pathlib import Path

from bantin.core import readcache
from bantin.core.i18n import CATALOGS, language
from bantin.legacy.importer import Result
from bantin.legacy.plan import Story
from bantin.legacy.text_pages import LegacyArticle

_CODE = [p for p in Path(__file__).resolve().parent.glob("*.py")] + [
    Path(__file__).resolve().parents[1] / "core" / name
    for name in ("text.py", "frontmatter.py", "plainyaml.py", "safety.py", "addresses.py")] + \
    sorted(CATALOGS.glob("*.po"))
_PACKAGES = ("beautifulsoup4", "markdown", "nh3", "pyyaml")


def salt(options):
    """The part of every key that changes with the importer's code, ``options`` and the
    language of messages."""
    return readcache.code_salt(_CODE, _PACKAGES, [options, language()])


def page_key(code_salt, job_parts, data):
    """The key of one page: its bytes ``data`` and where and how it is imported."""
    return readcache.key(code_salt, *[str(p) for p in job_parts], data)


def encode(read):
    """A ``_Read``-like object as JSON-able data."""
    return {"result": [read.result.source, read.result.status, read.result.message,
                       read.result.target],
            "story": asdict(read.story) if read.story else None,
            "article": asdict(read.article) if read.article is not None else None,
            "category": read.category,
            "photos": [[str(src), name] for src, name in read.photos or []]}


def decode(data, make):
    """The ``_Read`` (built by ``make(**fields)``) that ``encode`` gave ``data``, or None
    when the entry is not one."""
    try:
        result = Result(*[str(v) for v in data["result"]])
        story = article = None
        if data["story"]:
            fields = dict(data["story"])
            fields["date"] = tuple(fields["date"])
            fields["copies"] = []
            story = Story(**fields)
        if data["article"]:
            fields = dict(data["article"])
            fields["date"] = tuple(fields["date"])
            fields["blocks"] = [tuple(block) for block in fields["blocks"]]
            article = LegacyArticle(**fields)
        photos = [(Path(src), str(name)) for src, name in data["photos"]]
        if not _well_formed(story, article):
            return None
        return make(result=result, story=story, article=article,
                    category=str(data["category"] or ""), photos=photos)
    except Exception:  # noqa: BLE001 - whatever a damaged or planted entry holds: a miss
        return None


def _date(value):
    return (isinstance(value, tuple) and len(value) == 5 and
            all(isinstance(v, int) and not isinstance(v, bool) for v in value[:3]) and
            all(v is None or isinstance(v, int) for v in value[3:]))


def _texts(*values):
    return all(v is None or isinstance(v, str) for v in values)


def _well_formed(story, article):
    """The types the rest of the import relies on (a cache file is data from disk)."""
    if story is not None and not (_date(story.date) and _texts(story.key, story.portal,
                                                                 story.url, story.title,
                                                                 story.body)):
        return False
    if article is None:
        return True
    return (_date(article.date) and _texts(article.title, article.category, article.source,
                                           article.summary, article.format) and
            (article.views is None or isinstance(article.views, int)) and
            all(isinstance(b, tuple) and b and all(isinstance(x, str) for x in b)
                for b in article.blocks) and
            all(isinstance(g, dict) and all(isinstance(v, str) for v in g.values())
                for g in article.gallery))
