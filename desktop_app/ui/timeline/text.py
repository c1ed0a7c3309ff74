"""What the timeline says, without Qt: its tooltips and the description read to assistive
technology."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop_app.domain.timeline import BinSize, TimelineBin, TimelineData, bin_label, bin_start
from desktop_app.ui.timeline.axis import short_date
from desktop_app.ui.timeline.view import day

#: A bar whose result holds at most this many documents lists their titles in its tooltip.
FEW_DOCUMENTS = 6

#: How the timeline is used, for its accessible description.
USAGE = (
    "Wheel or +/- zooms, drag pans, Shift+drag selects a date range, click a bar to filter to "
    "it, double-click or Home fits the result. Left and Right move the current bar, the view "
    "following it; Shift+Left and Shift+Right select a range from it; Enter filters to the bar "
    "or the range; Escape clears the range."
)

#: What "dated more loosely" means at each bin size: the precisions a bin of it cannot hold.
LOOSER = {
    BinSize.DAY: "month, year, circa or range",
    BinSize.MONTH: "year, circa or range",
    BinSize.YEAR: "circa or a range of years",
    BinSize.DECADE: "a range across decades",
}

#: The legend rows' tooltips, by the colour their swatch shows.
LEGEND_TIPS = {
    "bar": "Documents of the current result, counted in the period of their date",
    "spread": "Documents dated only to a month, a year, circa or a range, spread over the "
    "periods their date covers, in proportion to the days",
    "context": "The whole catalog, drawn faintly behind the result on the same scale",
}


def documents(count: int) -> str:
    """`1 document`, `1,204 documents`."""
    return "1 document" if count == 1 else f"{count:,} documents"


def range_text(span: tuple[int, int]) -> str:
    """A range of days (first and last ordinal) as `Sep 1, 1951 – Dec 31, 1951`."""
    return f"{short_date(date.fromordinal(span[0]))} – {short_date(date.fromordinal(span[1]))}"


def wants_titles(found: TimelineBin | None) -> bool:
    """A result's bar few enough documents to list their titles in its tooltip."""
    return found is not None and 0 < found.count <= FEW_DOCUMENTS


def bar_tooltip(
    data: TimelineData,
    ordinal: int,
    found: TimelineBin | None,
    behind: TimelineBin | None,
    *,
    titles: Sequence[str] | None = None,
    reading: bool = False,
    hints: Sequence[str] | None = None,
) -> str:
    """What the tooltip of the bar holding a day says: its period and counts.

    `found` and `behind` are the result's and the catalog's bins there; `titles` those of the
    result's documents, or `reading` while they are being read; `hints` the keys' hints when
    the tooltip is the current bar's, else it says what a click does.
    """
    anchor = found or behind
    if anchor is None:
        text = f"{bin_label(bin_start(day(ordinal), data.bin), data.bin)}: no documents"
        return "\n".join([text, *hints]) if hints is not None else text
    period = bin_label(anchor.start, data.bin)
    lines = [f"{period}: {documents(found.count if found else 0)}"]
    if found is not None and found.overlapping:
        lines.append(
            f"{found.overlapping:,} more dated only by {LOOSER[data.bin]} "
            "may fall here (drawn lighter)"
        )
    if behind is not None and data.bins is not data.context:
        lines.append(f"{documents(behind.count)} in the whole catalog")
    if reading:
        lines.append("Reading the titles…")
    elif titles is not None:
        lines.extend(f"• {title}" for title in titles)
    if hints is not None:
        lines.extend(hints)
    elif found is not None and found.total > 0:
        lines.append("Click to filter to this period; Shift+drag to select a range")
    return "\n".join(lines)


def key_hints(span: tuple[int, int] | None, found: TimelineBin | None) -> list[str]:
    """The current bar's tooltip's last line: what Enter would filter to, given the
    Shift+arrow range (first and last ordinal) if there is one."""
    if span is not None:
        return [f"Enter to filter to {range_text(span)}"]
    if found is not None and found.total > 0:
        return ["Enter to filter to this period; Shift+←/→ to select a range"]
    return ["Shift+←/→ to select a range"]


def undated_tooltip(data: TimelineData | None) -> str:
    """The undated box's tooltip."""
    if data is None:
        return "Undated documents"
    text = f"Undated: {documents(data.undated)}"
    if data.bins is not data.context:
        text += f" ({data.context_undated:,} in the whole catalog)"
    return text + "\nClick to show the documents without a date"


def description(
    data: TimelineData,
    current: tuple[date, TimelineBin | None] | None,
    span: tuple[int, int] | None,
) -> str:
    """The timeline's accessible description: the result's extent and undated count, the
    current bar (its first day and the result's bin there) and the Shift+arrow range while
    there are, and how to use it."""
    if data.extent is None:
        summary = "No dated documents in the result."
    else:
        first, last = data.extent
        summary = f"The result's documents run from {first.isoformat()} to {last.isoformat()}."
    parts = [summary, f"Undated: {data.undated:,}."]
    if current is not None:
        start, found = current
        period = bin_label(start, data.bin)
        parts.append(f"Current bar: {period}, {documents(found.count if found else 0)}.")
    if span is not None:
        parts.append(f"Range selected: {range_text(span)}.")
    parts.append(USAGE)
    return " ".join(parts)
