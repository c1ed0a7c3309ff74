"""The main window's parts: each a controller of one job the window composes.

`session` keeps the open catalog and hears other desktops' changes; `search` runs the query
the person builds and shows its rows; `collections`, `timeline` and `saved_searches` keep
their panes in step with it; `jobs` runs imports and exports; `actions` builds the menus,
toolbar and shortcuts; `layout` sizes, restores and saves the docks and moves between panes.
"""
