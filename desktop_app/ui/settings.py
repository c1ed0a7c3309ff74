"""Where the window remembers its geometry, panes, columns and sort between launches."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANISATION = "Dossier"
APPLICATION = "Dossier"


def window_settings() -> QSettings:
    """The settings of organisation "Dossier", application "Dossier".

    On Linux and other XDG systems the file is named from XDG_CONFIG_HOME as it is *now*: Qt
    reads that variable once per process and caches it, so tests (and anyone who changes it)
    would otherwise share one file. The path is the one Qt's native format would use.
    """
    if sys.platform.startswith(("win", "darwin")):
        return QSettings(ORGANISATION, APPLICATION)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    path = Path(base) / ORGANISATION / f"{APPLICATION}.conf"
    return QSettings(str(path), QSettings.Format.IniFormat)
