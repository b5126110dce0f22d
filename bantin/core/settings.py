"""Our settings: each ``BANTIN_*`` dict merged over its defaults, unknown keys refused.

A typo in ``pelicanconf.py`` (``BANTIN_GALLERY = {"widht": …}``) would otherwise be
ignored in silence. Pure: reads a settings mapping, no Pelican.
"""
from bantin.core.errors import SettingsError
from bantin.core.i18n import _


def plugin_settings(settings, name, defaults):
    """``settings[name]`` over ``defaults``; SettingsError names an unknown key.

    Example:
        plugin_settings({"BANTIN_SEO": {"disallow": []}}, "BANTIN_SEO", {"disallow": ["nhap/"]})
        == {"disallow": []}
    """
    given = settings.get(name) or {}
    if not isinstance(given, dict):
        raise SettingsError(_("{name} in the settings must be a dict of options, not {kind}",
                              name=name, kind=type(given).__name__))
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise SettingsError(_("{name}: unknown option {option!r}; known options: {known}",
                              name=name, option=unknown[0], known=", ".join(defaults)))
    return {**defaults, **given}


def page_dirs(settings):
    """Folders under PATH that hold static pages (Pelican's ``PAGE_PATHS``)."""
    return tuple(p.strip("/") for p in settings.get("PAGE_PATHS", ("pages",)))
