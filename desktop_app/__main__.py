"""Lets `python -m desktop_app` behave as the `dossier` command."""

from desktop_app.cli import main

raise SystemExit(main())
