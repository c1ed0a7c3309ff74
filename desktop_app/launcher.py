"""The installed `dossier` program: logging set up first, then the command line, no tracebacks.

An unexpected failure is written to the log file with its traceback and told in one line that
names the file; inside the window, the crash dialog reports such failures instead. `dossier
FILE...`, as a desktop's "Open with Dossier" runs it, opens the window and imports the files.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from desktop_app import cli
from desktop_app.memory import limit_heap_arenas
from desktop_app.services import logs

_log = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    limit_heap_arenas()
    arguments = list(sys.argv[1:] if argv is None else argv)
    log_file = logs.configure(console=True)
    try:
        opened = opened_files(arguments)
        if opened:
            return cli.open_window(None, import_paths=opened)
        return cli.main(arguments)
    except Exception as error:  # a bug: the person gets one line, the log file the traceback
        summary = f"{type(error).__name__}: {error}".strip().rstrip(":")
        if log_file is None:
            # With nowhere to keep it, the traceback is shown rather than lost (if there is
            # anywhere to show it: a windowed program on Windows has no stderr).
            if sys.stderr is not None:
                traceback.print_exc()
            _log.error("unexpected error: %s", summary)
        else:
            _log.error("unexpected error: %s (details in %s)", summary, log_file, exc_info=True)
        return 1


def opened_files(arguments: Sequence[str]) -> list[Path]:
    """The files of `dossier FILE...`, or [] for anything else (a command, an option).

    Each argument must name an existing file and be written as a path, with a folder or a file
    extension, so that a bare word stays a command even when a file of that name exists here.
    """
    if not arguments:
        return []
    paths = [Path(argument) for argument in arguments]
    for argument, path in zip(arguments, paths, strict=True):
        written_as_path = "/" in argument or "\\" in argument or path.suffix != ""
        if argument.startswith("-") or not written_as_path or not path.is_file():
            return []
    return paths
