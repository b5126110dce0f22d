"""What reading a content file produced, kept between builds, keyed by what it depends on.

Converting an article's Markdown and checking its HTML is most of a build's reading
time (2,000 articles: ~8 of ~12 s in one process). The result depends only on the
file's bytes, its path, the settings reading uses and the code that reads; the key
is a hash of all of them (``key``), so an entry is either right or never found and
nothing needs invalidating.

One SQLite file; values are JSON text, never pickle: CI restores the cache folder
from its own cache store, and an entry planted there must not be able to run code.
An entry holds only a sanitised body, which the reader sanitises again on the way out
(``bantin.plugins.content``); a file that is not our database, or an entry that is not
ours, is a miss, never an error.
Pure: no Pelican.
"""
import hashlib
import json
import os
import sqlite3
import zlib
import time
from importlib import metadata
from pathlib import Path

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
        except sqlite3.Error:
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
        db.execute("PRAGMA trusted_schema=OFF")  # a planted file's views or triggers stay inert
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute(_SCHEMA)
        objects = db.execute("SELECT type, name FROM sqlite_master").fetchall()
        if sorted(objects) != [("index", "sqlite_autoindex_entries_1"), ("table", "entries")]:
            db.close()
            raise sqlite3.DatabaseError(f"not a bantin read cache: {objects}")
        return db

    def get(self, entry_key):
        """The value stored under ``entry_key``, or None."""
        text = self._new.get(entry_key)
        if text is None:
            try:
                row = self._db.execute("SELECT value FROM entries WHERE key = ?",
                                       (entry_key,)).fetchone()
            except sqlite3.Error:
                return None
            if row is None or not isinstance(row[0], bytes) or len(row[0]) > MAX_ENTRY_CHARS:
                return None
            try:  # bounded: a planted entry cannot expand into gigabytes
                inflater = zlib.decompressobj()
                text = inflater.decompress(row[0], MAX_ENTRY_CHARS).decode("utf-8")
                if inflater.unconsumed_tail:
                    return None
            except (zlib.error, UnicodeDecodeError):
                return None
            self._used.append((self.started, entry_key))
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            return None

    def has(self, entry_key):
        if entry_key in self._new:
            return True
        try:
            row = self._db.execute("SELECT 1 FROM entries WHERE key = ?", (entry_key,)).fetchone()
        except sqlite3.Error:
            return False
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
        try:
            with self._db:
                # Compressed: HTML is a quarter of its size, and the cache is kept between
                # CI runs (~110 MB at 10,000 articles as text).
                self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", [
                    (k, zlib.compress(text.encode("utf-8"), 6), self.started)
                    for k, text in self._new.items()])
                self._db.executemany("UPDATE entries SET used = ? WHERE key = ?", self._used)
        except sqlite3.Error:
            pass  # the cache only saves time
        self._new, self._used = {}, []

    def prune(self, days=KEEP_UNUSED_DAYS):
        """Drop entries no build has used for ``days``; returns how many."""
        self.flush()
        try:
            with self._db:
                cursor = self._db.execute("DELETE FROM entries WHERE used < ?",
                                          (self.started - days * 86400,))
        except sqlite3.Error:
            return 0
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


MAX_ENTRY_CHARS = 8 * 1024 * 1024  # a body is at most a few times its 2 MB source


def pack(content):
    """The entry (JSON text) for a converted, sanitised body.

    Only the body is kept: the front matter is parsed again from the file on every read
    (it is cheap), so nothing in the cache can choose a page's title, address, status
    or template. Example: unpack(json.loads(pack("<p>x</p>"))) == "<p>x</p>"
    """
    return json.dumps({"content": content}, ensure_ascii=False)


def unpack(entry):
    """The body of a cache entry, or None if it is not one of ours."""
    if not isinstance(entry, dict) or set(entry) != {"content"}:
        return None
    content = entry["content"]
    if not isinstance(content, str) or len(content) > MAX_ENTRY_CHARS:
        return None
    return content
