"""The demo site's imported articles: the five seeds, each under the old portal it came from.

The demo is a merged ward whose archive came from the old wards' portals (see
README, "The demo"). Each seed is imported as a page of its own portal, so each
article says which portal it came from (``legacy: portal:`` and the notice
under the article); the portals' names as readers know them are in
``BANTIN_LEGACY["portals"]`` in ``pelicanconf.py``.
"""
import dataclasses
import shutil
import tempfile
from pathlib import Path

from bantin.core.errors import UserError
from bantin.legacy.migrate import Portal, category_map, migrate

# (portal, the seed files saved from it); a text dump has no old address.
SEED_PORTALS = (
    ("duc-giang", ("000_09c1457714f87989.txt", "002_0dbfd93d1d968a41.txt")),
    ("gia-thuy", ("001_f67eed34a598e2dc.txt",)),
    ("phuc-dong", ("004_57e8ef53037d072d.txt",)),
    ("phuoc-long", ("003_10f9d95d63468973.txt",)),
)
SEED_CATEGORY = "Công tác dân vận"  # for a seed whose old section is not one of ours


def import_seeds(seeds, out, settings, force=False):
    """Import the seed dumps in ``seeds`` into the content folder ``out``, each under
    its portal; returns [(portal, Result)].

    Example:
        import_seeds("../shared/seeds", "content", load_settings("pelicanconf.py"))
    """
    missing = [name for _portal, files in SEED_PORTALS for name in files
               if not (Path(seeds) / name).is_file()]
    if missing:
        raise UserError(f"Error: the seed page {missing[0]} is not in {seeds}; give the folder "
                        "of the seed pages with --seeds")
    names = [name for name, _slug, _desc in settings["CATEGORIES"]]
    with tempfile.TemporaryDirectory() as folders:
        portals = []
        for portal, files in SEED_PORTALS:
            folder = Path(folders) / portal
            folder.mkdir()
            for name in files:
                shutil.copyfile(Path(seeds) / name, folder / name)
            portals.append(Portal(portal, str(folder)))
        results = migrate(portals, out, names, category_map(settings), SEED_CATEGORY, force,
                          settings, workers=1)
        # Name the seed, not its copy in the folder that is about to go.
        return [(portal, dataclasses.replace(
                    result, source=str(Path(seeds) / Path(result.source).name)))
                for portal, result in results]
