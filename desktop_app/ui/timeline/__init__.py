"""The timeline: a zoomable, brushable histogram of the result over the whole catalog."""

from desktop_app.ui.timeline.widget import (
    FEW_DOCUMENTS,
    Mark,
    TimelineWidget,
    TitlesProvider,
)

__all__ = ["FEW_DOCUMENTS", "Mark", "TimelineWidget", "TitlesProvider"]
