"""Processes that end with the build that started them.

A killed build (SIGKILL, the out-of-memory killer, a closed CI job) runs no cleanup, and
its workers would otherwise go on writing into a folder nobody will publish. On Linux the
kernel sends them SIGKILL when their parent ends (PR_SET_PDEATHSIG); elsewhere nothing
changes. Used by every process a build starts: forked page writers, photo, compression
and reading pools, the search indexer.

Pure of Pelican, so that pool workers start small.
"""
import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_PRCTL = []


def prepare_die_with_parent():
    """libc's ``prctl``, or None (not Linux). Call it in the parent before forking: loading
    a library in the child of a threaded process can deadlock."""
    if not _PRCTL:
        try:
            found = ctypes.CDLL(None).prctl if sys.platform.startswith("linux") else None
        except (OSError, AttributeError):
            found = None
        _PRCTL.append(found)
    return _PRCTL[0]


def _kill_me_with_parent():
    """Have this process killed when its parent ends; False where that is not supported."""
    prctl = prepare_die_with_parent()
    return bool(prctl) and prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0


def die_with_parent(parent):
    """In a process just forked by ``parent`` (its pid, read before the fork): end when the
    parent ends, however it ends. The signal is armed only now, so a parent that died
    between the fork and here is caught by the ``getppid`` check (an orphan has been
    adopted by another process). Strictly, the signal comes when the *thread* that forked
    ends: fork from the thread that waits for the child (bantin.build does)."""
    if _kill_me_with_parent() and os.getppid() != parent:
        os._exit(1)


def _parent_of(pid):
    with open(f"/proc/{pid}/stat", "rb") as fh:
        return int(fh.read().rsplit(b")", 1)[1].split()[1])


def _release_fork_server():
    """CPython hands each fork-server child a copy of the pipe end whose closing tells the
    fork server that its owner has ended, so that the child may start processes too. Ours
    never do; a worker keeping it would keep the fork server alive after a killed build,
    and the fork server would keep the worker alive (the two deadlock): close it."""
    from multiprocessing import forkserver
    server = getattr(forkserver, "_forkserver", None)
    fd = getattr(server, "_forkserver_alive_fd", None)
    if isinstance(fd, int):
        try:
            os.close(fd)
        except OSError:
            pass
        server._forkserver_alive_fd = None


def pool_initializer(owner):
    """``initializer`` of a process pool made by the process ``owner`` (its pid): each
    worker ends when the process that forked it ends.

    With the forkserver start method the worker's parent is the fork server, which exits
    once ``owner`` has ended (it watches a pipe from it) and the worker then gets SIGKILL.
    A worker whose parent was already gone when the signal was armed has been adopted by
    another process (neither ``owner`` nor a child of it) and leaves at once.
    Example: ProcessPoolExecutor(initializer=pool_initializer, initargs=(os.getpid(),))
    """
    if not _kill_me_with_parent():
        return
    _release_fork_server()
    parent = os.getppid()
    try:
        if parent == owner or _parent_of(parent) == owner:
            return
    except (OSError, ValueError, IndexError):
        pass
    os._exit(1)


def process_pool(workers):
    """A pool of ``workers`` processes that end with this process.

    forkserver: workers start small instead of inheriting the whole build's memory."""
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("forkserver"),
                               initializer=pool_initializer, initargs=(os.getpid(),))


class ForkedJob:
    """``fn()`` run in a forked child that ends with this process; ``wait()`` returns None,
    or the child's error as one message.

    For work that needs what this process holds (a parsed site) while this process goes
    on with other work. Only from a process with one thread (a fork copies no other).
    Example:
        job = ForkedJob(lambda: write_index(docs)); ...; problem = job.wait()
    """

    def __init__(self, fn):
        self.owner = os.getpid()
        prepare_die_with_parent()
        read_end, write_end = os.pipe()
        try:
            self.pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
        if self.pid == 0:
            os.close(read_end)
            die_with_parent(self.owner)
            code = 0
            try:
                fn()
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                message = f"{type(exc).__name__}: {exc}"
                os.write(write_end, message.encode("utf-8", "replace")[:60000])
                code = 1
            os._exit(code)
        os.close(write_end)
        self._pipe = read_end

    def wait(self):
        if os.getpid() != self.owner or self.pid is None:
            return None  # a forked copy of the owner: not its child
        chunks = []
        while chunk := os.read(self._pipe, 65536):
            chunks.append(chunk)
        os.close(self._pipe)
        _pid, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.waitstatus_to_exitcode(status) != 0:
            return b"".join(chunks).decode("utf-8", "replace") or "the forked job failed"
        return None

    def cancel(self):
        """End the child now (the build failed elsewhere) and reap it."""
        if os.getpid() != self.owner or self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.wait()


def rss_kib(pid="self"):
    """Resident memory of process ``pid`` in KiB (Linux ``/proc``); OSError if it is gone."""
    with open(f"/proc/{pid}/statm") as fh:
        return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
