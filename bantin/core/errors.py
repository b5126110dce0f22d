"""The one kind of error a user (editor, maintainer) is meant to read.

Library code raises ``UserError`` (or a subclass) with a message that names the
file, line and field where there is one; the command boundary (``tasks.py``,
``python -m bantin.build``) prints it as one line and exits 1. Anything else is a
bug, and keeps its traceback.
"""


class UserError(Exception):
    """A mistake in the input or the settings: ``str()`` is the message to print."""


class SettingsError(UserError):
    """A ``BANTIN_*`` setting in pelicanconf.py / publishconf.py is wrong."""
