"""The errors Dossier reports to people, each with a message fit to show as it is."""

from __future__ import annotations


class DossierError(Exception):
    """A failure with a message meant for the person using Dossier."""

    #: Exit status of the command line for this kind of failure (2: bad usage or input).
    exit_status = 1


class InputError(DossierError):
    """A file or text given to Dossier cannot be read; names the file and line when known."""

    exit_status = 2

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None) -> None:
        self.reason = reason
        self.path = path
        self.line = line
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
        elif self.line is not None:
            where = f"line {self.line}"
        return f"{where}: {self.reason}" if where else self.reason


class QueryError(DossierError):
    """A query that cannot be understood; `position` is the 0-based character offset."""

    exit_status = 2

    def __init__(self, reason: str, position: int, query: str) -> None:
        self.reason = reason
        self.position = position
        self.query = query
        super().__init__(f"query, column {position + 1}: {reason}")


class CatalogError(DossierError):
    """The catalog cannot be opened or written (missing, corrupt, locked, read-only)."""


class ReadOnlyCatalogError(CatalogError):
    """A change was asked of a catalog that is open read-only."""


class ConflictError(DossierError):
    """A change made from a stale copy: someone else changed or removed the thing meanwhile."""


class ExportError(DossierError):
    """An export could not be written; the message names the file and the reason."""


# Not an error of anyone's making, hence no Error suffix.
class ExportCancelled(DossierError):  # noqa: N818
    """An export stopped at the person's request; nothing was written in place of the file."""


# Not an error of anyone's making, hence no Error suffix.
class QueryCancelled(DossierError):  # noqa: N818
    """A read was stopped because a newer request superseded it; nobody shows this."""


class ImportCancelled(DossierError):  # noqa: N818
    """An import stopped at the person's request; its transaction rolled back, nothing changed."""


class ChangeCancelled(DossierError):  # noqa: N818
    """A change of many documents stopped at the person's request; nothing was changed."""
