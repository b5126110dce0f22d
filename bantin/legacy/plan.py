"""Where each imported article goes: one article per story, one address per article.

Pure functions over the pages a migration read (no files): ``merge_duplicates``
finds the same story saved from two portals (district portals republished ward
news), ``assign_slugs`` gives every article a slug no other article of the site has.

The same input always gives the same answer: the order pages were read in does not
matter, and an article a previous import wrote keeps its address.
"""
import hashlib
import re
from dataclasses import dataclass, field

from bantin.core.text import SLUG_MAX, fold, slugify

# Two bodies with the same headline are one story when this share of their three-word
# runs is common to both (a republished article differs by a source line, a photo
# credit, a typo fixed).
NEAR_SAME = 0.9
# A republished story appears on the other portal within days; the same headline a
# month apart is another month's notice.
MAX_DAYS_APART = 14
MIN_WORDS = 20  # shorter texts (a photo report's credit line) say too little to compare


@dataclass
class Story:
    """One page that became an article: what deciding its place needs."""

    key: str  # the old address as looked up (portal and address_key): who it is
    portal: str
    url: str
    title: str
    date: tuple  # (year, month, day, hour, minute)
    body: str  # plain text of the body and the photo captions, for comparing
    slug: str = ""
    copies: list = field(default_factory=list)  # other Stories merged into this one

    @property
    def headline(self):
        return " ".join(fold(self.title).split())

    def words(self):
        return re.findall(r"[a-z0-9]+", fold(self.body))


def _runs(words, size=3):
    return {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))}


def _day(story):
    import datetime
    return datetime.date(*story.date[:3]).toordinal()


def same_story(a, b):
    """Whether two pages are one story republished: from two different portals, within
    ``MAX_DAYS_APART`` days, with the same headline, the same numbers (dates, amounts,
    document numbers) and the same or nearly the same text and captions after folding
    case, marks and spacing.

    Example: same_story(Story("1", "a", "", "Họp dân", (2022, 1, 1, None, None), TEXT),
                        Story("2", "b", "", "HỌP DÂN", (2022, 1, 2, None, None), TEXT.upper()))
    """
    if a.portal == b.portal or a.headline != b.headline or \
            abs(_day(a) - _day(b)) > MAX_DAYS_APART:
        return False
    wa, wb = a.words(), b.words()
    if len(wa) < MIN_WORDS or len(wb) < MIN_WORDS:
        return False
    if sorted(w for w in wa if w.isdigit()) != sorted(w for w in wb if w.isdigit()):
        return False
    if wa == wb:
        return True
    ra, rb = _runs(wa), _runs(wb)
    return len(ra & rb) / max(1, len(ra | rb)) >= NEAR_SAME


def _first(story):
    """The copy that stays: the earliest published (the others republished it)."""
    year, month, day, hour, minute = story.date
    return (year, month, day, hour or 0, minute or 0, story.portal, story.key)


def merge_duplicates(stories):
    """Stories with their duplicates merged: [(kept story with ``copies`` set)].

    Only pages with the same headline are compared, so the cost stays near linear.
    """
    by_headline = {}
    for story in sorted(stories, key=_first):
        by_headline.setdefault(story.headline, []).append(story)
    kept = []
    for group in by_headline.values():
        originals = []
        for story in group:
            original = next((o for o in originals if same_story(o, story)), None)
            if original is None:
                originals.append(story)
            else:
                original.copies.append(story)
        kept.extend(originals)
    return sorted(kept, key=_first)


def _suffixes(story):
    year, month, day, *_ = story.date
    date = f"{year:04d}-{month:02d}-{day:02d}"
    portal = slugify(story.portal)
    yield date
    yield f"{date}-{portal}" if portal else date
    digest = hashlib.sha256(story.key.encode("utf-8")).hexdigest()
    yield f"{date}-{digest[:6]}"
    yield f"{date}-{digest[:12]}"


def assign_slugs(stories, taken, kept_slugs=None):
    """Set ``story.slug`` for each story so that no two articles of the site share one.

    ``taken``: {slug: key of the article that has it} for the articles already in the
    site; ``kept_slugs``: {key: slug} of articles a previous import wrote (they keep
    it). A story whose slug is taken gets its date appended ("…-2023-05-12"), then its
    portal, then a short hash of its old address — what a reader can make sense of.
    Returns ``taken`` updated.
    """
    taken = dict(taken)
    kept_slugs = kept_slugs or {}
    fresh, given = [], set()
    for story in sorted(stories, key=_first):
        keys = [story.key] + [c.key for c in story.copies]
        slug = next((kept_slugs[k] for k in keys if k in kept_slugs), None)
        # The file is this story's only when its first old address is one of this story's:
        # a story a previous run had merged into another gets a file of its own now.
        if slug and taken.get(slug, story.key) in keys and slug not in given:
            story.slug = slug
            taken[slug] = story.key
            given.add(slug)
        else:
            fresh.append(story)
    # Earliest first: the first article of a name keeps the bare slug.
    for story in sorted(fresh, key=_first):
        candidates = [slugify(story.title) or "bai-viet"] + [
            f"{slugify(story.title, SLUG_MAX - len(suffix) - 1) or 'bai-viet'}-{suffix}"
            for suffix in _suffixes(story)]
        slug = next((c for c in candidates if taken.get(c, story.key) == story.key), None)
        number = 2
        while slug is None:  # only when even the hashes collide
            candidate = f"{candidates[-1]}-{number}"
            slug = candidate if candidate not in taken else None
            number += 1
        story.slug = slug
        taken[slug] = story.key
    return taken
