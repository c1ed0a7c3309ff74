"""Logging for the window and the command line: one rotating file in the user's log folder."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop_app.services import locations

LOG_FILE_NAME = "dossier.log"
#: The log file is rolled over at this size, keeping this many older files beside it.
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

_FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_handlers: dict[str, logging.Handler] = {}


class _OneLineFormatter(logging.Formatter):
    """`dossier: warning: …`, as the command line words its messages; never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        lines = record.getMessage().splitlines()
        return f"dossier: {record.levelname.lower()}: {lines[0] if lines else ''}"


class _MigrationsRun(logging.Filter):
    """Lets Alembic's `Running upgrade …` lines and its warnings through, nothing else."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or str(record.msg).startswith("Running ")


def log_file() -> Path:
    """The current log file (older ones beside it end in .1 … .5)."""
    return locations.user_log_dir() / LOG_FILE_NAME


def configure(*, console: bool = False) -> Path | None:
    """Send log records to the rotating log file; returns its path, or None if it is unwritable.

    Dossier's own records are kept from INFO up, other libraries' from WARNING up, and Python
    warnings too. With `console`, warnings and errors also go to stderr, one line each: the
    tracebacks stay in the file. Calling it again is cheap; it follows a changed log folder.
    """
    root = logging.getLogger()
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    logging.getLogger("desktop_app").setLevel(logging.INFO)
    # Schema migrations are worth a line each in the log; Alembic's other notes on every
    # catalog opened are not.
    migrations = logging.getLogger("alembic.runtime.migration")
    migrations.setLevel(logging.INFO)
    if not any(isinstance(f, _MigrationsRun) for f in migrations.filters):
        migrations.addFilter(_MigrationsRun())
    logging.captureWarnings(True)
    # A windowed program on Windows has no stderr at all.
    if console and "console" not in _handlers and sys.stderr is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.WARNING)
        stream.setFormatter(_OneLineFormatter())
        root.addHandler(stream)
        _handlers["console"] = stream
    return _file_handler(root)


def _file_handler(root: logging.Logger) -> Path | None:
    path = log_file()
    current = _handlers.get("file")
    if isinstance(current, RotatingFileHandler) and Path(current.baseFilename) == path.absolute():
        return path
    if current is not None:
        root.removeHandler(current)
        current.close()
        del _handlers["file"]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as error:
        # A read-only home folder must not stop Dossier; the records then go nowhere durable.
        logging.getLogger(__name__).warning("cannot write the log file %s: %s", path, error)
        return None
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(_FILE_FORMAT))
    root.addHandler(handler)
    _handlers["file"] = handler
    return path


def shutdown() -> None:
    """Take away the handlers that `configure` added and close the log file (for tests)."""
    root = logging.getLogger()
    for handler in _handlers.values():
        root.removeHandler(handler)
        handler.close()
    _handlers.clear()
    logging.captureWarnings(False)
