"""A static search index built for how Vietnamese is written; the theme's search.js reads it.

Vietnamese words are syllables written apart, so the unit is the syllable:
- its *folded* form (no tone, no mark, "đ" → "d") finds every spelling: "duc"
  finds "Đức", "dục" and "đúc";
- its *exact* form, with the tone mark moved to the end ("hoà" and "hòa" are both
  "hoa" + "2"), ranks first what was typed with its diacritics;
- pairs of adjacent syllables in the title ("duc giang") rank phrases above
  scattered words.

Articles are numbered newest first. An article set is a sorted list of numbers, sent
as a bitmap when dense and as base-36 gaps when sparse, whichever is shorter.

Files (``build``):
- ``k<n>.json`` one shard of the keys, chosen by a hash of the first three letters of
  the key's first syllable (``shard_of``), so that a query reads one shard per word and
  search.js knows it once a word's first three letters are typed (it fetches while the
  reader types the rest): ``{"w": {folded: {exact: set}},
  "t": {folded: set of articles with it in the title}, "p": {"a b": set}}``;
- ``d<n>.json`` the results of ``chunk`` consecutive articles: ``[url, title, date
  shown, category number, snippet]``;
- ``c.json`` the category number of every article (base-36 digits), read
  only when a reader filters by category.
The manifest (``Plan.manifest``) goes into the search page itself: no request.

Pure: no Pelican. Example:
    plan = Plan(docs); files = build(plan); plan.manifest(version)["shards"]
"""
import base64
import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

# Combining tone marks: huyền, sắc, ngã, hỏi, nặng. Circumflex, breve and horn stay:
# they make another letter (â, ă, ơ), not another tone.
TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_TOKEN = re.compile(r"[^\W_]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_D = str.maketrans({"đ": "d", "ð": "d"})
SNIPPET_CHARS = 180
MAX_FILES_PER_ARTICLE = 1 / 20  # what a static host's file limits can take


@dataclass
class Doc:
    """One article as the index sees it (``text``: its body as plain text)."""

    url: str
    title: str
    year: int
    date_shown: str
    category: str
    text: str
    snippet: str = ""


def tokens(text):
    """The syllables of ``text``: NFC, lower case; characters outside the BMP dropped
    (the browser counts them differently)."""
    text = _ASTRAL.sub(" ", unicodedata.normalize("NFC", text).lower())
    return _TOKEN.findall(text)


def folded(token):
    """"Đức" → "duc" (search.js ``fold`` does the same)."""
    nfd = unicodedata.normalize("NFD", token.lower().translate(_D))
    return unicodedata.normalize("NFC", "".join(
        c for c in nfd if not unicodedata.category(c).startswith("M")))


def exact(token):
    """The syllable with its tone mark moved to the end: "hoà", "hòa" → "hoa2"."""
    tone, kept = "", []
    for char in unicodedata.normalize("NFD", token):
        if char in TONES:
            tone = TONES[char]
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


def fnv(key):
    """FNV-1a (32 bits) over the UTF-16 code units of ``key``, as search.js computes it."""
    value = 0x811C9DC5
    for char in key:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value


PREFIX = 3  # letters of a folded syllable that choose its shard


def shard_of(key, shards):
    """The shard of a folded syllable: by its first ``PREFIX`` letters, so that every
    syllable a half-typed word may become is in one file (search.js: ``shardOf``)."""
    return fnv(key[:PREFIX]) % shards


_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_GAPS = [_B36[n] if n < 36 else _B36[n // 36] + _B36[n % 36] for n in range(1296)]


def _base36(number):
    if number < 1296:
        return _GAPS[number]
    digits = []
    while number:
        number, rest = divmod(number, 36)
        digits.append(_B36[rest])
    return "".join(reversed(digits))


def encode_set(ids, total):
    """A sorted list of article numbers as text: "~" + base64 bitmap, or base-36 gaps,
    whichever is shorter (a bitmap costs total/6 characters, a gap about two).

    Example: encode_set([0, 1, 5], 10) == "0,1,4"
    """
    if len(ids) * 12 > total and total >= 12:
        bitmap = bytearray((total + 7) // 8)
        for number in ids:
            bitmap[number >> 3] |= 1 << (number & 7)
        return "~" + base64.urlsafe_b64encode(bitmap).decode().rstrip("=")
    previous, gaps = 0, []
    for number in ids:
        gaps.append(_base36(number - previous))
        previous = number
    return ",".join(gaps)


def decode_set(text, total):
    """The inverse of ``encode_set`` (search.js decodes the same way)."""
    if text.startswith("~"):
        raw = base64.urlsafe_b64decode(text[1:] + "=" * (-len(text[1:]) % 4))
        bits = int.from_bytes(raw, "little")
        return [n for n in range(total) if bits >> n & 1]
    ids, previous = [], 0
    for gap in filter(None, text.split(",")):
        previous += int(gap, 36)
        ids.append(previous)
    return ids


def snippet(text, limit=SNIPPET_CHARS):
    """The beginning of ``text``, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


class Plan:
    """The articles, newest first, and how their index is split into files."""

    def __init__(self, docs, categories=(), chunk=40):
        self.docs = docs
        names = list(categories)
        names += sorted({d.category for d in docs} - set(names))
        self.categories = names
        if len(names) > 36 * 36:
            raise ValueError(f"{len(names)} categories; the index numbers at most 1296")
        self.category_width = 1 if len(names) <= 36 else 2
        self.chunk = chunk
        # One file per 20 articles in all: the result chunks, the category file, and the
        # rest for the key shards (the more shards, the less a query reads).
        budget = math.floor(len(docs) * MAX_FILES_PER_ARTICLE)
        self.shards = max(1, budget - math.ceil(len(docs) / chunk) - 1)
        self.years = {}
        for number, doc in enumerate(docs):
            first, _last = self.years.get(doc.year, (number, number))
            self.years[doc.year] = (first, number)

    def manifest(self, version=""):
        """What search.js needs before its first request (written into the search page)."""
        return {"v": version, "n": len(self.docs), "shards": self.shards, "prefix": PREFIX, "chunk": self.chunk,
                "categories": self.categories, "category_width": self.category_width,
                "years": {str(y): list(span) for y, span in sorted(self.years.items())}}


def distinct_tokens(text):
    """The set of ``tokens(text)``, found faster: most of a text's words are between
    spaces already, and each distinct one is looked at once (and split further only if
    it holds punctuation)."""
    found = set()
    for word in set(unicodedata.normalize("NFC", text).lower().split()):
        if word.isascii():
            if word.isalnum():
                found.add(word)
            else:
                found.update(_TOKEN.findall(word))
        elif word.isalnum() and not _ASTRAL.search(word):
            found.add(word)
        else:
            found.update(_TOKEN.findall(_ASTRAL.sub(" ", word)))
    return found


def _postings(docs):
    """{folded: {exact: ids}}, {folded: ids with it in the title}, {(a, b): ids with the
    pair in the title}. Pairs in the title only: in the body they would be most of the
    index (and of its build time) for little gain in ranking."""
    words = defaultdict(dict)
    titles = defaultdict(list)
    pairs = defaultdict(list)
    targets, folds = {}, {}  # token -> its list of ids; token -> folded
    for number, doc in enumerate(docs):
        title = tokens(doc.title)
        distinct = distinct_tokens(doc.text)
        distinct.update(title)
        for token in distinct:
            target = targets.get(token)
            if target is None:
                folds[token] = key = folded(token)
                target = targets[token] = words[key].setdefault(exact(token), [])
            if not target or target[-1] != number:  # "hoà" and "hòa" in one article
                target.append(number)
        keys = [folds[t] for t in title]
        for key in set(keys):
            titles[key].append(number)
        for pair in set(zip(keys, keys[1:])):
            pairs[pair].append(number)
    return words, titles, pairs


def build(plan):
    """{file name: text} of the index."""
    docs, total = plan.docs, len(plan.docs)
    words, titles, pairs = _postings(docs)
    shards = [{"w": {}, "t": {}, "p": {}} for _ in range(plan.shards)]
    for key, by_form in words.items():
        shards[shard_of(key, plan.shards)]["w"][key] = {
            form: encode_set(ids, total) for form, ids in by_form.items()}
    for key, ids in titles.items():
        shards[shard_of(key, plan.shards)]["t"][key] = encode_set(ids, total)
    for (first, second), ids in pairs.items():
        shards[shard_of(first, plan.shards)]["p"][f"{first} {second}"] = encode_set(ids, total)
    files = {f"k{n}.json": _dump(shard) for n, shard in enumerate(shards)}
    category_number = {name: n for n, name in enumerate(plan.categories)}
    for start in range(0, total, plan.chunk):
        files[f"d{start // plan.chunk}.json"] = _dump([
            [d.url, d.title, d.date_shown, category_number[d.category], d.snippet]
            for d in docs[start:start + plan.chunk]])
    width = plan.category_width
    files["c.json"] = _dump("".join(_base36(category_number[d.category]).rjust(width, "0")
                                    for d in docs))
    return files


def _dump(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
