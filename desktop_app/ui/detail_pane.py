"""The detail pane: everything about the current document, its names links that filter."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from PySide6.QtCore import QPoint, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QFrame, QMenu, QTextBrowser, QWidget

from desktop_app.domain.dates import Precision
from desktop_app.domain.errors import QueryError
from desktop_app.domain.views import DocumentDetail, DocumentRow
from desktop_app.query.ast import Term, to_text
from desktop_app.query.editing import date_term, value_term
from desktop_app.query.parser import parse
from desktop_app.ui.icons import icon
from desktop_app.ui.palette import link as link_colour
from desktop_app.ui.safe_text import escaped

#: Links inside the pane that filter the table carry their query after this scheme.
FILTER_SCHEME = "dossier-filter"

_WEB_SCHEMES = ("http", "https")

#: From this width on (a pane under the table) the summary is set beside the facts.
WIDE_LAYOUT_MIN_WIDTH = 760


def link_query(href: str) -> str | None:
    """The query a link of the pane filters by, None for any other link (or none)."""
    scheme, separator, rest = href.partition(":")
    if not separator or scheme.lower() != FILTER_SCHEME:
        return None
    return unquote(rest)


def link_term(query: str) -> Term | None:
    """The term a link's query stands for; None if it is no term of the language."""
    # A link carries its term as text, the one thing an href holds: it is read back here once.
    try:
        node = parse(query)
    except QueryError:
        return None
    return node if isinstance(node, Term) else None


@dataclass(frozen=True, slots=True)
class DetailColours:
    """Colours from the window's palette, so the pane follows light and dark themes."""

    text: str
    muted: str
    link: str
    rule: str


def _link(term: Term, text: str) -> str:
    href = f"{FILTER_SCHEME}:{quote(to_text(term), safe='')}"
    return f'<a href="{escaped(href)}">{escaped(text)}</a>'


def _links(field: str, values: Iterable[str]) -> str:
    return ", ".join(_link(value_term(field, value), value) for value in values)


def _paragraphs(text: str) -> str:
    blocks = [" ".join(block.split()) for block in text.replace("\r", "").split("\n\n")]
    if len([block for block in blocks if block]) == 1:
        # Listings often break a paragraph's lines anywhere; keep real line breaks only.
        blocks = [" ".join(line.split()) for line in text.splitlines()]
    return "".join(f"<p>{escaped(block)}</p>" for block in blocks if block)


def _date_text(row: DocumentRow) -> str:
    if row.precision is Precision.UNDATED:
        return escaped(row.date_text) if row.date_text else "Undated"
    listed = escaped(row.date_text)
    term = date_term(row)
    shown = _link(term, row.date_text) if term else listed
    return f'{shown} <span class="muted">({escaped(row.precision.value)})</span>'


def _web_link(url: str) -> str:
    if QUrl(url).scheme().lower() in _WEB_SCHEMES:
        return f'<a href="{escaped(url)}">{escaped(url)}</a>'
    return escaped(url)  # shown, never made clickable


def detail_html(detail: DocumentDetail, colours: DetailColours, wide: bool = False) -> str:
    """The pane's HTML for one document; every piece of catalog text is escaped.

    `wide` sets the summary beside the facts instead of under them (a pane under the table).
    """
    row = detail.row
    kind = _link(value_term("type", row.doc_type), row.doc_type) if row.doc_type else ""
    if row.number:
        kind = f"{kind} No. {escaped(row.number)}" if kind else f"No. {escaped(row.number)}"

    summary_rows: list[tuple[str, str]] = [
        ("Date", _date_text(row)),
        ("Type", kind),
        ("From", _links("author", row.authors)),
        ("To", _links("recipient", row.recipients)),
        ("Via", _links("via", detail.via)),
        ("Participants", _links("participant", detail.participants)),
        ("Origin", _link(value_term("origin", row.origin), row.origin) if row.origin else ""),
        ("Mentioned", _links("person", detail.mentioned)),
        ("Dates in title", escaped("; ".join(detail.title_dates))),
    ]
    catalog_rows: list[tuple[str, str]] = [
        ("Collections", "<br>".join(_links("collection", [c]) for c in row.collections)),
        ("Subjects", "<br>".join(_links("subject", [s]) for s in detail.subjects)),
        ("Places", _links("place", detail.places)),
        ("Language", _links("language", row.languages)),
        (
            "Archive",
            _link(value_term("archive", row.archive), row.archive) if row.archive else "",
        ),
        ("Source", escaped(detail.source_citation)),
        ("Classification", escaped(detail.classification)),
        ("Record ID", escaped(row.record_id)),
        ("URL", _web_link(detail.url) if detail.url else ""),
        ("Rights", escaped(detail.rights)),
        ("Tags", _links("tag", detail.tags)),
        ("Notes", "<br>".join(escaped(line) for line in detail.notes.splitlines())),
    ]
    facts = [
        f'<h2 class="title">{escaped(row.title) or "(untitled)"}</h2>',
        _grid(summary_rows),
    ]
    more: list[str] = []
    if detail.summary.strip():
        more += ['<h3 class="section">Summary</h3>', _paragraphs(detail.summary)]
    catalog = _grid(catalog_rows)
    if catalog:
        more += ['<h3 class="section">In the catalog</h3>', catalog]
    more.append(
        f'<p class="muted small">Added {escaped(detail.created_at)}'
        + (
            f" · updated {escaped(detail.updated_at)}"
            if detail.updated_at != detail.created_at
            else ""
        )
        + "</p>"
    )
    if not wide:
        return _style(colours) + "".join(facts + more)
    return (
        _style(colours)
        + '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        + '<td width="48%" valign="top" style="padding-right: 28px;">'
        + "".join(facts)
        + '</td><td width="52%" valign="top">'
        + "".join(more).replace('class="section"', 'class="section first"', 1)
        + "</td></tr></table>"
    )


def placeholder_html(message: str, colours: DetailColours) -> str:
    return f'{_style(colours)}<p class="placeholder">{escaped(message)}</p>'


def _grid(rows: list[tuple[str, str]]) -> str:
    shown = [(label, value) for label, value in rows if value]
    if not shown:
        return ""
    cells = "".join(
        f'<tr><td class="label">{escaped(label)}</td><td class="value">{value}</td></tr>'
        for label, value in shown
    )
    return f'<table class="grid" cellspacing="0" cellpadding="2">{cells}</table>'


def _style(colours: DetailColours) -> str:
    # Qt's rich text knows a subset of CSS: colours, margins, font sizes and weights.
    return (
        "<style>"
        f"body {{ color: {colours.text}; }}"
        f"a {{ color: {colours.link}; text-decoration: none; }}"
        ".title { font-size: large; font-weight: 600; margin-top: 0px; margin-bottom: 10px; }"
        f".label {{ color: {colours.muted}; padding-right: 14px; white-space: nowrap; }}"
        f".section {{ font-size: medium; font-weight: 600; margin-top: 14px; margin-bottom: 4px;"
        f" color: {colours.text}; }}"
        ".first { margin-top: 0px; }"
        f".muted {{ color: {colours.muted}; }}"
        ".small { font-size: small; margin-top: 14px; }"
        "p { margin-top: 0px; margin-bottom: 8px; }"
        f".placeholder {{ color: {colours.muted}; margin-top: 24px; }}"
        "</style>"
    )


class DetailPane(QTextBrowser):
    """Shows one document; clicking a name, type, place or collection asks for that filter.

    Links never navigate the pane itself, and it loads nothing: no image, no style sheet.
    """

    #: A link asked for its term (a `Term`) as the whole query.
    filter_requested = Signal(object)
    #: A link's menu asked to narrow the current query to the link's term (False) or to leave
    #: the term's documents out (True): (the link's `Term`, exclude).
    refine_requested = Signal(object, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setAccessibleName("Document details")
        self.setAccessibleDescription("Everything the catalog holds about the current document")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.document().setDocumentMargin(14)
        self._detail: DocumentDetail | None = None
        self._document_actions: list[QAction] = []
        self._wide = False
        self._message = "Select a document to read its details."
        self._connect_signals()
        self._render()

    def _connect_signals(self) -> None:
        self.anchorClicked.connect(self._on_anchor_clicked)

    @property
    def detail(self) -> DocumentDetail | None:
        return self._detail

    def show_detail(self, detail: DocumentDetail | None) -> None:
        self._detail = detail
        if detail is None:
            self._message = "This document is no longer in the catalog."
        self._render()

    def show_message(self, message: str) -> None:
        self._detail = None
        self._message = message
        self._render()

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        # Nothing from outside the text itself is ever fetched, whatever the text says.
        return None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = self.viewport().width() >= WIDE_LAYOUT_MIN_WIDTH
        if wide != self._wide:
            self._wide = wide
            self._render()

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self._render()

    def _colours(self) -> DetailColours:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        # Halfway between text and background: quieter than the values in light and dark themes.
        muted = QColor(
            (text.red() * 11 + base.red() * 9) // 20,
            (text.green() * 11 + base.green() * 9) // 20,
            (text.blue() * 11 + base.blue() * 9) // 20,
        )
        return DetailColours(
            text=text.name(),
            muted=muted.name(),
            link=link_colour(palette).name(),
            rule=base.darker(115).name(),
        )

    def _render(self) -> None:
        colours = self._colours()
        if self._detail is None:
            self.setHtml(placeholder_html(self._message, colours))
        else:
            self.setHtml(detail_html(self._detail, colours, self._wide))

    def add_document_action(self, action: QAction) -> None:
        """Offer `action` (Edit document…) at the end of the pane's context menus."""
        self._document_actions.append(action)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menu_at(event.pos()).exec(event.globalPos())

    def menu_at(self, position: QPoint) -> QMenu:
        """The context menu at a point: a link's menu over a link, else the text's own; both
        end with the document's actions (Edit document…)."""
        query = link_query(self.anchorAt(position))
        menu = self.createStandardContextMenu(position) if query is None else self.link_menu(query)
        if self._document_actions:
            menu.addSeparator()
            menu.addActions(self._document_actions)
        return menu

    def link_menu(self, query: str) -> QMenu:
        """The menu of a filtering link: every document with it, only these with it, exclude."""
        menu = QMenu(self)
        term = link_term(query)
        show = menu.addAction(icon("search"), "Show every document with this value")
        show.setObjectName("showValueAction")
        show.triggered.connect(lambda: self.filter_requested.emit(term))
        only = menu.addAction(icon("only_value"), "Only documents with this value")
        only.setObjectName("onlyValueAction")
        only.triggered.connect(lambda: self.refine_requested.emit(term, False))
        exclude = menu.addAction(icon("exclude_value"), "Exclude this value")
        exclude.setObjectName("excludeValueAction")
        exclude.triggered.connect(lambda: self.refine_requested.emit(term, True))
        for action in (show, only, exclude):
            action.setEnabled(term is not None)
        menu.addSeparator()
        copy = menu.addAction(icon("copy"), "Copy")
        copy.setEnabled(self.textCursor().hasSelection())
        copy.triggered.connect(self.copy)
        return menu

    def _on_anchor_clicked(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme == FILTER_SCHEME:
            query = link_query(bytes(url.toEncoded().data()).decode("ascii", "replace"))
            term = link_term(query) if query is not None else None
            if term is not None:
                self.filter_requested.emit(term)
        elif scheme in _WEB_SCHEMES:
            QDesktopServices.openUrl(url)
