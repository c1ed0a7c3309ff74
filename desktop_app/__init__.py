"""Dossier: a desktop catalog for collections of declassified historical documents."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dossier")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
