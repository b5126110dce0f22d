"""Pelican plugin: render and write the pages of a large site in several processes.

Reading is over once Pelican asks for its writer; from there each page is
independent. Our writer forks the build into ``workers`` processes that share
the parsed site (copy-on-write) and each render only the pages whose output
path falls in their share. Static files are copied by the first process only.
The extra processes leave at ``finalized`` (``os._exit``); the parent waits
for them in ``bantin.build`` and fails the build if one failed.

A worker ends with the build even when the build is killed (SIGKILL, out of
memory): see ``bantin.core.processes.die_with_parent``.

Setting ``BANTIN_PARALLEL`` (dict), defaults in ``DEFAULTS``.
"""
import os
import traceback
import zlib

from pelican import signals
from pelican.generators import StaticGenerator
from pelican.writers import Writer

from bantin.core.i18n import _
from bantin.core.processes import die_with_parent, prepare_die_with_parent, rss_kib
from bantin.core.settings import plugin_settings

# workers 0: one per core; small sites stay in one process. A forked worker starts with the
# parent's whole memory mapped, so the build forks only while (workers × its size) fits
# the memory budget.
DEFAULTS = {"workers": 0, "min_articles": 400, "memory_mb": 560}
STATE = {"id": 0, "count": 1, "children": [], "enabled": False}


def config(settings):
    """The ``BANTIN_PARALLEL`` setting over ``DEFAULTS``; unknown options are refused."""
    return plugin_settings(settings, "BANTIN_PARALLEL", DEFAULTS)


def mine(name):
    """Whether this process renders the output file ``name``."""
    return STATE["count"] == 1 or zlib.crc32(str(name).encode()) % STATE["count"] == STATE["id"]


def is_child():
    return STATE["id"] != 0


class PartitionedWriter(Writer):
    """Pelican's writer, forking into workers when created, each writing its share."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        if STATE["enabled"]:
            _fork(STATE["count"])

    def write_file(self, name, *args, **kwargs):
        if mine(name):
            return super().write_file(name, *args, **kwargs)
        return None

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        if mine(path):
            return super().write_feed(elements, context, path, *args, **kwargs)
        return None


def _fork(count):
    me = os.getpid()
    prepare_die_with_parent()
    for worker in range(1, count):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            die_with_parent(me)
            os.close(read_end)
            STATE.update(id=worker, children=[], pipe=write_end)
            return
        os.close(write_end)
        STATE["children"].append((pid, read_end))


def child_failed(exc):
    """In a worker: report the exception to the parent and leave at once."""
    message = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    os.write(STATE["pipe"], message.encode("utf-8", "replace")[:60000])
    os._exit(1)


def wait_for_workers():
    """In the parent: wait for every worker; returns the messages of those that failed."""
    failures = []
    for pid, read_end in STATE["children"]:
        chunks = []
        while True:
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(read_end)
        _pid, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            failures.append(b"".join(chunks).decode("utf-8", "replace")
                            or _("worker {pid} failed", pid=pid))
    reset()
    return failures


def reset():
    STATE.update(id=0, count=1, children=[], enabled=False)


def _rss_mb():
    return rss_kib() / 1024


def plan(generators):
    """Decide whether to fork, and keep static copying in the first process."""
    settings = generators[0].settings
    cfg = config(settings)
    articles = sum(len(getattr(g, "articles", [])) for g in generators)
    count = cfg["workers"] or os.cpu_count() or 1
    count = max(1, min(count, int(cfg["memory_mb"] // max(_rss_mb(), 1))))
    STATE.update(enabled=count > 1 and articles >= cfg["min_articles"], count=1)
    if STATE["enabled"]:
        STATE["count"] = count
        for gen in generators:
            if isinstance(gen, StaticGenerator):
                original = gen.generate_output
                gen.generate_output = lambda writer, _o=original: None if is_child() else _o(writer)


def leave(pelican):
    if is_child():
        os._exit(0)


def get_writer(pelican):
    # One process (e.g. the incremental preview, which has its own writer): no writer of ours.
    return PartitionedWriter if config(pelican.settings)["workers"] != 1 else None


def register():
    signals.all_generators_finalized.connect(plan)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(leave)
