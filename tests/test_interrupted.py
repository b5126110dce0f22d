"""A killed build leaves nothing behind: the published site stays as it was, every process
the build started ends with it, and the next build removes the folders it left."""
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PIL import Image

from bantin.build import _new_staging, remove_leftovers
from conftest import ROOT, write_article, write_raw

# Linux only, like the project (Debian): it reads /proc, and PR_SET_PDEATHSIG is Linux's.
GRACE = 10  # seconds a killed build's processes get to be gone (they take well under 1 s)


# --- /proc ---------------------------------------------------------------------------------

def _processes():
    """pid -> (ppid, session, state, start time) of every process."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        found[int(pid)] = (int(fields[1]), int(fields[3]), fields[0].decode(), int(fields[19]))
    return found


def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


def _descendants(root, procs):
    """{pid: start time} of the processes under ``root``."""
    children = {}
    for pid, (ppid, *_rest) in procs.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = {}, [root]
    while todo:
        for kid in children.get(todo.pop(), []):
            found[kid] = procs[kid][3]
            todo.append(kid)
    return found


def _survivors(session, seen):
    """Running processes (a zombie runs nothing) of the session the test gave the build, or
    seen under it while it ran (same pid and start time: not a reused pid)."""
    return sorted(pid for pid, (_ppid, sid, state, start) in _processes().items()
                  if state not in "ZX" and (sid == session or seen.get(pid) == start))


def _kill_session(session):
    """Clean up after a failure: the processes of a session this test started."""
    try:
        os.killpg(session, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _wait_until_gone(session, seen):
    deadline = time.monotonic() + GRACE
    while (left := _survivors(session, seen)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


# --- When to kill: trigger(build pid, running {pid: (ppid, cmdline)}, every cmdline seen,
# seconds since the start, memory dict) -> kill now? ----------------------------------------

def _forked(build, running, memory):
    # Children running the build's own command line: forked converters or writers (or, for
    # a moment, a child about to exec another program: hence the same child in two polls
    # in a row).
    own = _cmdline(build)
    now = {pid for pid, (ppid, cmd) in running.items() if ppid == build and cmd == own}
    found, memory["forked"] = bool(now & memory.get("forked", set())), now
    return found


def _converters(build, running, _seen, _elapsed, memory):
    """Forked article converters: before any pool (the photos come after reading)."""
    return _pool_episode(build, running, memory) == 0 and _forked(build, running, memory) \
        and not memory.get("episodes")


def _writers(build, running, _seen, _elapsed, memory):
    """Forked page writers: after the photo pool."""
    _pool_episode(build, running, memory)
    return _forked(build, running, memory) and memory.get("episodes") == 1


def _pool_at_work(build, running):
    # The fork server is a child of the build; its children are a pool's workers.
    return any(ppid != build and running.get(ppid, (None,))[0] == build
               for ppid, _cmd in running.values())


def _pool_episode(build, running, memory):
    """Which pool is at work: 1 for the first (photos), 2 for the next (compression)."""
    busy = _pool_at_work(build, running)
    if busy and not memory.get("busy"):
        memory["episodes"] = memory.get("episodes", 0) + 1
    memory["busy"] = busy
    return memory.get("episodes", 0) if busy else 0


def _photo_pool(build, running, _seen, _elapsed, memory):
    return _pool_episode(build, running, memory) == 1


def _compression_pool(build, running, _seen, _elapsed, memory):
    return _pool_episode(build, running, memory) == 2


def _at(seconds):
    return lambda _build, _running, _seen, elapsed, _memory: elapsed >= seconds


# --- The site -----------------------------------------------------------------------------

def _site(base):
    """60 articles (4 with a cover photo) and 60 static text files, so that the articles
    are converted and the pages written by forked processes, and the photos and the text
    files' compressed copies by process pools; settings that force those paths even on
    one core."""
    content = base / "content"
    # Long enough that converting them takes a few polls of this test, even on a fast machine.
    body = "\n\n".join(f"Đoạn {n}: nội dung bài viết về hoạt động của phường. " * 8
                       for n in range(40))
    for i in range(60):
        write_article(content, f"bai-{i:02d}.md", title=f"Tin số {i:02d} của phường",
                      date=f"2021-{1 + i % 12:02d}-{1 + i % 28:02d} 08:{i:02d}",
                      category="Thông báo", tags=f"[thẻ {i % 7}]", body=body,
                      **({"cover": "bia.jpg"} if i < 4 else {}))
        if i < 4:
            folder = content / "images" / "2021" / f"tin-so-{i:02d}-cua-phuong"
            folder.mkdir(parents=True)
            photo = Image.linear_gradient("L").resize((900, 600)).convert("RGB")
            photo.rotate(i * 20).save(folder / "bia.jpg", quality=90)
        write_raw(content / "extra" / "ghi-chu", f"{i:02d}.txt", f"Ghi chú số {i}. " * 40)
    settings = base / "killconf.py"
    settings.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from publishconf import *  # noqa: F401,F403
        THEME = {str(ROOT / "theme")!r}
        BANTIN_PARALLEL = {{"workers": 2, "min_articles": 1, "memory_mb": 100000}}
        BANTIN_GALLERY = {{**BANTIN_GALLERY,
                          "images": {{**BANTIN_GALLERY["images"], "workers": 2}}}}
        BANTIN_PRECOMPRESS = {{**BANTIN_PRECOMPRESS, "enabled": True, "workers": 2}}
        BANTIN_CONTENT = {{**BANTIN_CONTENT, "workers": 2, "min_files": 1}}
        """), encoding="utf-8")
    return content, settings


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def _leftovers(parent):
    return sorted(p.name for p in Path(parent).iterdir() if p.name.startswith((".build-", ".old-")))


def test_killed_publish_builds_leave_nothing_behind(tmp_path):
    content, settings = _site(tmp_path)
    output, log_path = tmp_path / "site" / "output", tmp_path / "build.log"

    def start(cache):
        # `invoke publish` as a command; a session of its own finds all it starts, even
        # what init has adopted. A fresh photo cache each time: the photo pool always runs.
        return subprocess.Popen(
            [sys.executable, "-m", "bantin.build", "--settings", str(settings),
             "--content", str(content), "--output", str(output), "--cache", str(cache)],
            cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=log)

    with open(log_path, "wb") as log:
        started = time.monotonic()
        assert start(tmp_path / "cache-0").wait(timeout=300) == 0, log_path.read_text()
        duration = time.monotonic() - started
        published = _files(output)
        assert "index.html" in published and "extra/ghi-chu/00.txt.br" in published

        # Each stage that starts processes, and a moment drawn at random.
        rng = random.Random(6)
        rounds = [("forked converters", _converters), ("forked page writers", _writers),
                  ("photo pool", _photo_pool),
                  ("compression pool", _compression_pool),
                  ("a random moment", _at(rng.uniform(0.05, 0.8) * duration))]
        rng.shuffle(rounds)
        for number, (stage, trigger) in enumerate(rounds, 1):
            build = start(tmp_path / f"cache-{number}")
            seen, commands, memory, t0 = {}, set(), {}, time.monotonic()
            while build.poll() is None:
                procs = _processes()
                running = {}
                for pid, start_time in _descendants(build.pid, procs).items():
                    seen[pid] = start_time
                    if procs[pid][2] not in "ZX":
                        running[pid] = (procs[pid][0], _cmdline(pid))
                        commands.add(running[pid][1])
                if trigger(build.pid, running, commands, time.monotonic() - t0, memory):
                    os.kill(build.pid, signal.SIGKILL)  # the build alone: the rest must follow
                    break
                time.sleep(0.025)
            code = build.wait(timeout=300)
            left = _wait_until_gone(build.pid, seen)
            if left:
                described = [f"{pid} {_cmdline(pid)}" for pid in left]
                _kill_session(build.pid)
                pytest.fail(f"killed at {stage}: processes outlived the build: {described}")
            if code == 0:  # the random moment came after the end: a normal publish
                assert stage == "a random moment", f"the build ended before the {stage}"
                published = _files(output)
                continue
            assert code == -signal.SIGKILL, log_path.read_text()
            assert _files(output) == published, f"killed at {stage}: the published site changed"
            if stage != "a random moment":  # well past the start: earlier leftovers are gone
                assert len(_leftovers(output.parent)) == 1, _leftovers(output.parent)

        assert start(tmp_path / "cache-last").wait(timeout=300) == 0, log_path.read_text()
    assert _leftovers(output.parent) == []
    rebuilt = _files(output)
    assert rebuilt["index.html"] == published["index.html"]
    assert list(rebuilt) == list(published)


def test_leftovers_are_removed_unless_a_build_owns_them(tmp_path):
    live, lock = _new_staging(str(tmp_path))  # locked, as a running build holds its own
    try:
        for name in (".build-dead_123", ".old-dead_456", ".old-site"):
            write_raw(tmp_path / name / "sub", "index.html", "<p>cũ</p>")
        write_raw(tmp_path, ".build-afile123", "a file, not a build's folder")
        write_raw(tmp_path / "output", "index.html", "<p>trang</p>")
        os.symlink(tmp_path / "output", tmp_path / ".build-alink123")
        assert sorted(remove_leftovers(str(tmp_path))) == [".build-dead_123", ".old-dead_456"]
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [os.path.basename(live), ".build-afile123", ".build-alink123", ".old-site", "output"])
        assert (tmp_path / "output" / "index.html").is_file()
    finally:
        os.close(lock)
    assert remove_leftovers(str(tmp_path)) == [os.path.basename(live)]


SCRIPTS = {  # (script, processes under it before the kill)
    "forked page writers": ("""
        from bantin.plugins import parallel
        parallel._fork(3)
        if not parallel.is_child():
            print(flush=True)
        time.sleep(120)
        """, 2),
    "process pool": ("""
        from bantin.core.processes import process_pool
        pool = process_pool(2)
        jobs = [pool.submit(time.sleep, 120) for _ in range(2)]
        time.sleep(1)  # the workers are at their job
        print(flush=True)
        time.sleep(120)
        """, 4),  # resource tracker, fork server, 2 workers
}


@pytest.mark.parametrize("kind", sorted(SCRIPTS))
def test_workers_end_with_their_parent(kind):
    script, count = SCRIPTS[kind]
    parent = subprocess.Popen([sys.executable, "-c", "import time\n" + textwrap.dedent(script)],
                              cwd=ROOT, start_new_session=True, stdout=subprocess.PIPE)
    try:
        parent.stdout.readline()
        seen = _descendants(parent.pid, _processes())
        assert len(seen) == count, [_cmdline(pid) for pid in seen]
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=30)
        assert _wait_until_gone(parent.pid, seen) == []
    finally:
        parent.stdout.close()
        if _survivors(parent.pid, {}):
            _kill_session(parent.pid)
