"""The callbacks a long import or export reports its progress to and asks whether to stop."""

from __future__ import annotations

from collections.abc import Callable

#: Told the work done so far and the total (an export: rows after each page; an import: bytes).
Progress = Callable[[int, int], None]
#: Asked between steps; True stops the work (ExportCancelled, ImportCancelled).
CancelCheck = Callable[[], bool]
