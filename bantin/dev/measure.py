"""Measuring for the benchmarks: wall and CPU seconds, peak RSS of the process tree.

CPU includes finished child processes (a process pool is joined before the
measurement ends). Peak memory is sampled from /proc every 20 ms over the
processes started during the measurement and all their descendants, so a
pool's workers count too; with ``include_self`` (work done in this process,
such as the livereload engine) this process counts as well. The benchmark's
own process and helpers it started earlier are not the build's memory.
"""
import os
import resource
import statistics
import threading
import time
from dataclasses import dataclass

from bantin.core.processes import rss_kib


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mb: float


def _children():
    """parent pid -> its child pids, from /proc."""
    children = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(pid))
        except OSError:
            continue
    return children


def _tree_rss_kb(root, exclude=frozenset(), include_self=True):
    children = _children()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += [kid for kid in children.get(pid, []) if kid not in exclude]
        if pid == root and not include_self:
            continue
        try:
            total += rss_kib(pid)
        except OSError:
            continue
    return total


def _cpu():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _descendants(root):
    children = _children()
    found, todo = set(), [root]
    while todo:
        kids = children.get(todo.pop(), [])
        found.update(kids)
        todo += kids
    return frozenset(found)


def measure(fn, *args, include_self=False, **kwargs):
    """Run ``fn`` once; return (its result, Sample)."""
    peak, done = [0], threading.Event()
    before = _descendants(os.getpid())  # e.g. a forkserver left by the photo warm-up

    def sampler():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(os.getpid(), before, include_self))
            done.wait(0.02)
    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    cpu, wall = _cpu(), time.perf_counter()
    try:
        result = fn(*args, **kwargs)
    finally:
        wall, cpu = time.perf_counter() - wall, _cpu() - cpu
        done.set()
        thread.join()
    return result, Sample(wall, cpu, peak[0] / 1024)


def median_sample(samples):
    return Sample(statistics.median(s.wall for s in samples),
                  statistics.median(s.cpu for s in samples),
                  max(s.peak_mb for s in samples))
