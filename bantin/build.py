"""Run Pelican for our tasks: clean one-line errors and an atomic output swap.

Pelican writes straight into OUTPUT_PATH, so a build that fails half-way
would leave a half-published site. We build into a fresh sibling folder and
move it into place only when the whole build succeeded.

A build that is killed (SIGKILL, out of memory) cannot clean up after itself:
the next build beside the same output removes the folders it left (see
``remove_leftovers``), and its page writers and photo and compression pools end
with it (``bantin.core.processes.die_with_parent``).
"""
import argparse
import fcntl
import logging
import os
import re
import shutil
import sys
import tempfile

from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from bantin import pelican_seam
from bantin.plugins import cdn, gallery, legacy, parallel, precompress, search
from bantin.core import sitesize
from bantin.core.errors import UserError
from bantin.core.i18n import N_, _

logger = logging.getLogger(__name__)
# Folders beside the output: the site being built, and the previous site while it is removed.
STAGING, OLD = ".build-", ".old-"
# The names tempfile.mkdtemp gives them (8 random letters, digits or "_"): a folder of the
# user's that merely starts the same way (".old-site") is never taken for one.
_OURS = re.compile(r"\.(build|old)-[a-z0-9_]{8}")


class BuildError(UserError):
    """The build failed; the message is meant for the editor, one line per problem."""

    def __init__(self, message, count=None):
        super().__init__(message)
        self.count = count  # problems in the message, when not one a line

    def report(self):
        """What a command prints: a heading with the count, then each problem once."""
        lines = str(self).splitlines()
        return "\n".join([_("The site was not built ({count} problem(s)); nothing was "
                             "published. Correct these and build again:",
                             count=self.count or len(lines)), *lines])


# Pelican's own English warnings, by how they start: None when the build's report already
# names the problem with its file (duplicate addresses), else what to say instead.
PELICAN_WARNINGS = {
    "There are %s items": None,
    "Could not process": None,
    "Unable to find": N_("a link points to {target}, which is not a file of the site; check "
                         "the link's address"),
    "Cannot get modification stamp": N_("{target} is not there; check the file's name"),
}


class EditorLog(logging.Handler):
    """The build's log as an editor reads it: one plain line per problem, never wrapped
    (file paths stay whole in a terminal and in CI logs), each problem once.

    Pelican's "Could not process <file>" lines are dropped: the reason is in the
    build's own report. ``shown`` holds problems already printed (by ``invoke check``
    before a publish), not printed again.
    """

    def __init__(self, stream=None, shown=()):
        super().__init__(logging.WARNING)
        self.stream = stream or sys.stderr
        self.shown = set(shown)

    def emit(self, record):
        if record.name.startswith("pelican"):
            for start, instead in PELICAN_WARNINGS.items():
                if str(record.msg).startswith(start):
                    if instead is None:
                        return
                    target = os.path.relpath(str(record.args[0]).lstrip("/")) \
                        if record.args else "?"
                    record = logging.makeLogRecord({**record.__dict__, "args": None,
                                                    "msg": _(instead, target=target)})
                    break
        problem = getattr(record, "problem", None)
        if problem is not None:
            key = (problem.path, problem.text())
            if key in self.shown:
                return
            self.shown.add(key)
            line = str(problem)
        else:  # one line, paths relative to the project
            message = record.getMessage().splitlines()[0].replace(os.getcwd() + os.sep, "")
            line = _("error: {message}", message=message) if record.levelno >= logging.ERROR \
                else _("warning: {message}", message=message)
        try:
            self.stream.write(line + "\n")
            self.stream.flush()
        except (OSError, ValueError):  # a closed stream (pytest's capture, a pipe gone)
            pass


def editor_logging(verbose=False, shown=()):
    """Send the build's log to stderr: Pelican's full log with ``verbose``, else one line
    per warning or error (``EditorLog``)."""
    pelican_seam.quiet_summary(not verbose)
    if verbose:
        init_logging(level=logging.INFO)
        return
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, EditorLog)]:
        root.removeHandler(handler)
    root.addHandler(EditorLog(shown=shown))
    root.setLevel(logging.WARNING)


# Who owns a staging or old folder: the build holding an exclusive flock() on the folder
# itself. The kernel drops the lock when the last process holding the descriptor ends,
# however it ends (SIGKILL included), so a lock can neither outlive its build nor be
# mistaken for another process's, as a PID written in a name or a file could (PID reuse,
# other PID namespaces). The lock is on the folder, not on a file inside, so nothing
# extra gets published; forked page writers share the descriptor, so a folder stays owned
# while any of them still writes into it. Where locks are not supported (some network
# file systems) nothing is removed.


def _lock_folder(path):
    """(descriptor, state) for the folder ``path``: state "mine" when this process now
    holds its lock (close the descriptor to release it), "busy" when a live build holds
    it, "gone", or "unsupported"."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None, "gone"
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        state = "busy"
    except OSError:
        state = "unsupported"
    else:
        try:  # still that folder under that name (not removed or replaced meanwhile)?
            same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except OSError:
            same = False
        if same:
            return fd, "mine"
        state = "gone"
    os.close(fd)
    return None, state


def remove_leftovers(parent):
    """Remove the staging and old-site folders that interrupted builds left in ``parent``
    (those no running build holds); returns their names."""
    removed = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        if not _OURS.fullmatch(entry.name) or not entry.is_dir(follow_symlinks=False):
            continue
        fd, state = _lock_folder(entry.path)
        if state == "mine":
            try:
                shutil.rmtree(entry.path, ignore_errors=True)
            finally:
                os.close(fd)
            removed.append(entry.name)
    if removed:
        logger.info("removed %d folder(s) left by an interrupted build in %s: %s",
                    len(removed), parent, ", ".join(sorted(removed)))
    return removed


def _new_staging(parent):
    """A new staging folder in ``parent``, locked: (path, descriptor or None)."""
    for _attempt in range(10):
        path = tempfile.mkdtemp(prefix=STAGING, dir=parent)
        fd, state = _lock_folder(path)
        if state == "mine":
            return path, fd
        if state == "unsupported":
            return path, None
        # Another build's remove_leftovers took it between mkdtemp and our lock: it is
        # removed (or about to be); take another.
    raise BuildError(_("Cannot create a build folder in {folder}", folder=parent))


def load_settings(settings_file, **overrides):
    """Pelican settings from ``settings_file`` with ``overrides`` applied."""
    return read_settings(settings_file, override={k.upper(): v for k, v in overrides.items()})


def build(settings_file="pelicanconf.py", output=None, cache=None, **overrides):
    """Build the site into ``output`` (default: the settings' OUTPUT_PATH), atomically.

    ``cache`` moves the caches (photo derivatives, read articles) into that folder
    (benchmarks, CI caches).
    Example: build("publishconf.py", output="output")
    """
    settings = load_settings(settings_file, **overrides)
    if cache:
        settings["BANTIN_GALLERY"] = {**settings.get("BANTIN_GALLERY", {}),
                                      "cache": os.path.join(cache, "images")}
        settings["BANTIN_CONTENT"] = {**settings.get("BANTIN_CONTENT", {}),
                                      "cache": os.path.join(cache, "content.sqlite3")}
    final = os.path.abspath(output or settings["OUTPUT_PATH"])
    parent = os.path.dirname(final)
    os.makedirs(parent, exist_ok=True)
    remove_leftovers(parent)
    staging, lock = _new_staging(parent)
    try:
        return _build_in(settings, staging, final)
    finally:
        if lock is not None:
            os.close(lock)


def _check_size(settings, site):
    size = sitesize.measure(site)
    limits = sitesize.limits_for(settings)
    _lines, problems = sitesize.check(size, limits, settings["HOST"])
    if problems:
        raise BuildError("\n".join(problems))


def _build_in(settings, staging, final):
    """Build into ``staging`` (locked by the caller), then swap it with ``final``."""
    parent = os.path.dirname(final)
    settings["OUTPUT_PATH"] = staging
    settings["DELETE_OUTPUT_DIRECTORY"] = False
    parallel.reset()
    try:
        try:
            Pelican(settings).run()
        except BaseException as exc:
            if parallel.is_child():  # a worker never returns into this function's caller
                parallel.child_failed(exc)
            raise
        if parallel.is_child():
            os._exit(0)
        failures = parallel.wait_for_workers()
        if failures:
            raise BuildError(_("A page could not be written:") + "\n" + "\n".join(failures),
                             count=len(failures))
        # After everything Pelican and its plugins wrote (blinker calls the receivers of
        # one signal in no set order): the old portals' addresses, where no page is, and
        # every text file's compressed copies.
        legacy.write(settings, staging)
        precompress.run(settings, staging)
        if settings.get("HOST"):  # a build for publishing: does it fit its host?
            _check_size(settings, staging)
        gallery.save_pending(settings)
    except UserError as exc:  # content, settings, search index: one message, nothing published
        search.cancel()
        parallel.wait_for_workers()
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(exc)) from None
    except BaseException:
        search.cancel()
        parallel.wait_for_workers()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = old_lock = None
    try:
        if os.path.exists(final):
            # Locked before it is renamed, so another build never takes it for a leftover.
            old_lock, _state = _lock_folder(final)
            old = tempfile.mkdtemp(prefix=OLD, dir=parent)
            try:
                os.rmdir(old)  # only the unique name is wanted
            except FileNotFoundError:
                pass  # another build's remove_leftovers took the empty folder: still free
            os.replace(final, old)
        os.replace(staging, final)
        if old:
            shutil.rmtree(old, ignore_errors=True)
        if settings.get("HOST") == "nginx":  # self-hosting: the server block, beside the site
            with open(final + ".nginx.conf", "w", encoding="utf-8") as fh:
                fh.write(cdn.nginx_server(settings, final,
                                          settings.get("_BANTIN_LEGACY_REDIRECTS", ())))
    finally:
        if old_lock is not None:
            os.close(old_lock)
    return final


def main(argv=None):
    """Build from the command line; exit 1 with one line per content problem.

    Example: python -m bantin.build --settings publishconf.py --output output
    """
    parser = argparse.ArgumentParser(prog="python -m bantin.build")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", help="content folder (default: PATH of the settings)")
    parser.add_argument("--output", help="output folder (default: OUTPUT_PATH)")
    parser.add_argument("--cache", help="cache folder (default: cache/)")
    parser.add_argument("--verbose", action="store_true", help="Pelican's full log")
    args = parser.parse_args(argv)
    editor_logging(args.verbose)
    overrides = {"path": os.path.abspath(args.content)} if args.content else {}
    try:
        build(args.settings, output=args.output, cache=args.cache, **overrides)
    except BuildError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except UserError as exc:  # the settings themselves
        print(_("Error: {message}", message=exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
