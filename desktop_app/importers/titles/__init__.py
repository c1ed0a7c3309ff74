"""Reading an archive title's structure: type, number, origin, correspondents and dates in it."""

from desktop_app.importers.titles.parts import TitleParts, parse_title

__all__ = ["TitleParts", "parse_title"]
