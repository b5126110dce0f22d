"""Run Pelican for our tasks: clean one-line errors and an atomic output swap.

Pelican writes straight into OUTPUT_PATH, so a build that fails half-way
would leave a half-published site. We build into a fresh sibling folder and
move it into place only when the whole build succeeded.
"""
import argparse
import ctypes
import gc
import logging
import os
import shutil
import sys
import tempfile

from pelican import Pelican
from pelican.contents import Content
from pelican.log import init as init_logging
from pelican.settings import read_settings

from bantin import parallel, precompress, search
from bantin.content import ContentError


class BuildError(Exception):
    """The build failed; the message is meant for the editor."""


def forget_rendered_content():
    """Drop Pelican's memoized article HTML: it is kept on the Content class, per object,
    and would keep every article (old versions too) alive after the build."""
    for method in ("get_content", "get_summary"):
        Content.__dict__[method].cache.clear()


def _release_memory():
    """Give the parsed site back to the system before the search indexer needs memory
    (glibc keeps freed memory unless asked to trim)."""
    forget_rendered_content()
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def load_settings(settings_file, **overrides):
    """Pelican settings from ``settings_file`` with ``overrides`` applied."""
    return read_settings(settings_file, override={k.upper(): v for k, v in overrides.items()})


def build(settings_file="pelicanconf.py", output=None, quiet=True, cache=None, **overrides):
    """Build the site into ``output`` (default: the settings' OUTPUT_PATH), atomically.

    ``cache`` moves the photo-derivative cache (benchmarks, CI caches).
    Example: build("publishconf.py", output="output")
    """
    settings = load_settings(settings_file, **overrides)
    if cache:
        settings["BANTIN_GALLERY"] = {**settings.get("BANTIN_GALLERY", {}),
                                      "cache": os.path.join(cache, "images")}
    final = os.path.abspath(output or settings["OUTPUT_PATH"])
    parent = os.path.dirname(final)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".build-", dir=parent)
    settings["OUTPUT_PATH"] = staging
    settings["DELETE_OUTPUT_DIRECTORY"] = False
    init_logging(level=logging.WARNING if quiet else logging.INFO)
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
            raise BuildError("A page could not be written:\n" + "\n".join(failures))
        _release_memory()
        # In this order, after everything Pelican and its plugins wrote (blinker calls the
        # receivers of one signal in no set order): the index reads the pages, then every
        # text file, the index's included, gets its compressed copies.
        search.run(settings, staging)
        precompress.run(settings, staging)
    except ContentError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(exc)) from None
    except BaseException:
        parallel.wait_for_workers()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if os.path.exists(final):
        old = tempfile.mkdtemp(prefix=".old-", dir=parent)
        os.rmdir(old)
        os.replace(final, old)
    os.replace(staging, final)
    if old:
        shutil.rmtree(old, ignore_errors=True)
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
    args = parser.parse_args(argv)
    overrides = {"path": os.path.abspath(args.content)} if args.content else {}
    try:
        build(args.settings, output=args.output, cache=args.cache, **overrides)
    except BuildError as exc:
        print(f"Build failed:\n{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
