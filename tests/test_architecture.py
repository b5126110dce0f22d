"""The package's shape: arrows point one way, and shipped code never reaches into tests/."""
import ast

import pytest

from bantin.pelican_seam import check_version
from conftest import ROOT

PACKAGE = ROOT / "bantin"
# What each part of the package may import from bantin (besides itself).
ALLOWED = {
    "core": set(),
    "pelican_seam": set(),
    "plugins": {"core", "pelican_seam"},
    "legacy": {"core"},
    "editor": {"core"},
    "livereload": {"core", "plugins", "build", "pelican_seam"},
    "build": {"core", "plugins", "pelican_seam"},
    "deploy": {"core"},
    "media": {"core"},
    "dev": {"core", "plugins", "legacy", "livereload", "build", "server", "media"},
}
# Private names of Pelican's that we use: only bantin/pelican_seam.py may touch them.
PELICAN_PRIVATE = {"_content", "_update_content", "_open_w", "_written_files", "_cache",
                   "_cache_data_policy", "save_cache", "_update_context"}


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "bantin":
                yield from (f"bantin.{alias.name}" for alias in node.names)
            else:
                yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _part(path):
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_one_way(path):
    part = _part(path)
    for module in _imports(path):
        if module.startswith("bantin."):
            target = module.split(".")[1]
            assert target == part or target in ALLOWED.get(part, set()), \
                f"{path.relative_to(ROOT)} imports {module}"
        assert module.split(".")[0] not in ("conftest", "tests"), path


def test_no_module_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.rglob("*.py")
                                        if p.name != "pelican_seam.py"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_pelican_internals_only_in_the_seam(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and node.attr in PELICAN_PRIVATE
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))}
    assert used == set(), f"{path.relative_to(ROOT)} uses Pelican's {sorted(used)}"


@pytest.mark.parametrize("version", ["4.10.1", "4.13.0", "5.0.0", "main"])
def test_unsupported_pelican_is_refused_with_what_to_do(version):
    with pytest.raises(ImportError) as info:
        check_version(version)
    assert f"this is Pelican {version}" in str(info.value)
    assert "pip install 'pelican>=4.11,<4.13'" in str(info.value)
