"""Lets `python -m desktop_app` behave as the `dossier` command (and is the bundle's program)."""

import multiprocessing

from desktop_app.launcher import main

if __name__ == "__main__":
    # In a PyInstaller bundle, the process that reads a large import runs this program again:
    # this turns that run into the reader instead of a second Dossier.
    multiprocessing.freeze_support()
    raise SystemExit(main())
