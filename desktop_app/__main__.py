"""Lets `python -m desktop_app` behave as the `dossier` command."""

from desktop_app.launcher import main

raise SystemExit(main())
