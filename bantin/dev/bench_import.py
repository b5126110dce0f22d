"""``invoke bench-import --pages N``: how fast whole portals move.

Generates mirrors of two old portals (``bantin.dev.synth_portals``: NukeViet 4 with
path addresses, NukeViet 3 with query-string addresses; category pages, styles and
scripts mixed in; 5 % of the second portal's stories republished from the first;
annual articles whose titles collide in their slug) and imports them into an empty
content folder as ``invoke import-legacy`` does, then once more over the same
mirrors (nothing to do: what each page gave is in the import's page cache). Prints wall seconds, files handled per second, peak memory
of the process tree (this process and its reading workers), and the outcome counts
per portal.
"""
import os
import shutil
import tempfile
from pathlib import Path

from bantin.dev.measure import measure


def run(pages=10_000, keep=None):
    """Generate, import twice, print. Returns {label: Sample}."""
    from bantin.build import load_settings
    from bantin.dev.synth_portals import generate_mirrors
    from bantin.legacy.migrate import migrate
    from bantin.legacy.report import summary_lines
    root = Path(keep or tempfile.mkdtemp(prefix="bench-import-"))
    settings = load_settings(str(Path(__file__).resolve().parents[2] / "pelicanconf.py"))
    names = [name for name, _slug, _desc in settings["CATEGORIES"]]
    try:
        print(f"Generating mirrors of 2 portals with {pages} article pages in {root} …",
              flush=True)
        portals = generate_mirrors(root / "mirror", pages)
        files = sum(1 for p in (root / "mirror").rglob("*") if p.is_file())
        out = root / "content"
        samples = {}
        for label in ("first import", "again (pages cached)"):
            results, sample = measure(migrate, portals, out, names, {}, None, False, settings,
                                      cache=str(root / "pages.sqlite3"), include_self=True)
            samples[label] = sample
            print(f"  {label}: {sample.wall:.1f} s", flush=True)
        print(f"\n{files} files in the mirrors ({pages} article pages), {os.cpu_count()} cores")
        print(f"{'':24} {'wall s':>8} {'files/s':>8} {'peak MB':>8}")
        for label, s in samples.items():
            print(f"{label:24} {s.wall:8.1f} {files / s.wall:8.0f} {s.peak_mb:8.0f}")
        print("\n" + "\n".join(summary_lines(results)))
        return samples
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
