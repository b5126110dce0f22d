"""What reading a content file produced, kept between builds, keyed by what it depends on.

Converting an article's Markdown and checking its HTML is most of a build's reading
time (2,000 articles: ~8 of ~12 s in one process). The result depends only on the
file's bytes, its path, the settings reading uses and the code that reads; the key
is a hash of all of them (``key``), so an entry is either right or never found and
nothing needs invalidating.

One SQLite file; values are JSON text, never pickle: CI restores the cache folder
from its own cache store, and an entry planted there must not be able to run code
(the reader also sanitises a cached body again, see ``bantin.plugins.content``).
Pure: no Pelican.
"""
import hashlib
import json
import os
import sqlite3
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path

from bantin.core.dates import VN_TZ
from bantin.core.frontmatter import Problem

# Entries not used by any build for this long are dropped (renamed or deleted articles).
KEEP_UNUSED_DAYS = 30
_SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT, used REAL)"


def key(salt, *parts):
    """The entry key of ``parts`` (str or bytes) under ``salt`` (code and settings).

    Example: key("v1", "content/2022/a.md", b"---\\ntitle: A") != key("v2", ...)
    """
    digest = hashlib.sha256(salt.encode())
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))  # no two part lists hash alike
        digest.update(data)
    return digest.hexdigest()


def code_salt(files, packages=(), extra=None):
    """A hash of source ``files``, the versions of ``packages`` and ``extra`` (JSON-able).

    Example: code_salt([Path(__file__)], ["markdown"], {"MARKDOWN": {...}})
    """
    digest = hashlib.sha256()
    for path in sorted(str(f) for f in files):
        digest.update(Path(path).read_bytes())
    for name in packages:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    digest.update(json.dumps(extra, sort_keys=True, default=repr).encode())
    return digest.hexdigest()


class ReadCache:
    """A key → JSON value store in the SQLite file ``path``.

    A damaged or unreadable file is replaced by an empty one: the cache only saves
    time. Example:
        with ReadCache("cache/content.sqlite3") as cache:
            cache.put("k", {"content": "<p>x</p>"}); cache.get("k")
    """

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.started = time.time()
        self._new, self._used = {}, []
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            for suffix in ("", "-wal", "-shm"):
                try:
                    os.unlink(self.path + suffix)
                except FileNotFoundError:
                    pass
            self._db = self._open()

    def _open(self):
        # The livereload preview builds in one thread and may close from another; the
        # cache is used by one build at a time.
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        # A lost write costs one conversion next time: no need to wait for the disk.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute(_SCHEMA)
        return db

    def get(self, entry_key):
        """The value stored under ``entry_key``, or None."""
        text = self._new.get(entry_key)
        if text is None:
            row = self._db.execute("SELECT value FROM entries WHERE key = ?",
                                   (entry_key,)).fetchone()
            if row is None:
                return None
            text = row[0]
            self._used.append((self.started, entry_key))
        try:
            return json.loads(text)
        except ValueError:
            return None

    def has(self, entry_key):
        if entry_key in self._new:
            return True
        row = self._db.execute("SELECT 1 FROM entries WHERE key = ?", (entry_key,)).fetchone()
        return row is not None

    def put(self, entry_key, value):
        """Store ``value`` (JSON-able) under ``entry_key``; TypeError if it is not JSON."""
        self.put_text(entry_key, json.dumps(value, ensure_ascii=False))

    def put_text(self, entry_key, text):
        self._new[entry_key] = text
        if len(self._new) >= 256:
            self.flush()

    def flush(self):
        """Write what was stored and which entries were used, in one transaction."""
        if self._db is None or not (self._new or self._used):
            return
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                                 [(k, text, self.started) for k, text in self._new.items()])
            self._db.executemany("UPDATE entries SET used = ? WHERE key = ?", self._used)
        self._new, self._used = {}, []

    def prune(self, days=KEEP_UNUSED_DAYS):
        """Drop entries no build has used for ``days``; returns how many."""
        self.flush()
        cursor = self._db.execute("DELETE FROM entries WHERE used < ?",
                                  (self.started - days * 86400,))
        return cursor.rowcount

    def close(self):
        if self._db is not None:
            self.flush()
            self._db.close()
            self._db = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def pack(content, meta, problems):
    """The entry (JSON text) for what the reader produced, or None if it keeps no entry.

    The front matter's one non-JSON value, the date, is always Vietnam time to the minute
    (``bantin.core.dates.parse_date``); anything else is not kept.
    Example: unpack(json.loads(pack("<p>x</p>", {"title": "A"}, [])))
             == ("<p>x</p>", {"title": "A"}, [])
    """
    date = meta.get("date")
    if date is not None and (date.tzinfo is not VN_TZ or date.second or date.microsecond):
        return None
    values = {k: v for k, v in meta.items() if k != "date"}
    try:
        return json.dumps({
            "content": content, "meta": values,
            "date": [date.year, date.month, date.day, date.hour, date.minute] if date else None,
            "warnings": [vars(p) for p in problems if p.severity == "warning"]},
            ensure_ascii=False)
    except (TypeError, ValueError):
        return None


def unpack(entry):
    """(content, meta, warnings) of a cache entry, or None if it is not one of ours."""
    if entry is None:
        return None
    try:
        meta = dict(entry["meta"])
        if entry["date"]:
            meta["date"] = datetime(*entry["date"], tzinfo=VN_TZ)
        warnings = [Problem(**fields) for fields in entry["warnings"]]
        if not isinstance(entry["content"], str):
            return None
        return entry["content"], meta, warnings
    except (TypeError, KeyError, ValueError):
        return None
