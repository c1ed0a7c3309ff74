"""The Text tab: a document's own words to read, the query's words marked, with Find."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QFont,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.views import DocumentDetail
from desktop_app.query.text_terms import TextTerm, matched_spans
from desktop_app.ui.accessibility import name_clear_button
from desktop_app.ui.icons import icon
from desktop_app.ui.text_marks import mark_format, qt_spans

_FOOTNOTES = "Footnotes"


#: Marks beyond these are not drawn: a broad word in a long text would mark every line, and
#: the view redraws all of its marks on every scroll.
MAX_MARKS = 3000


@dataclass(frozen=True, slots=True)
class ReadingPage:
    """What the reader shows of one document: the text laid out, where the query's words are
    in it and where its headings are (offsets of `text`). Made off the GUI thread: a long text
    takes a while."""

    text: str
    marks: tuple[tuple[int, int], ...]
    headings: tuple[tuple[int, int], ...]
    has_text: bool


def reading_page(detail: DocumentDetail, terms: Sequence[TextTerm]) -> ReadingPage:
    """The document as the reader lays it out: title, date line, paragraphs, footnotes."""
    row = detail.row
    heading = [row.title or "(untitled)"]
    line = " · ".join(
        part
        for part in (
            row.date_text or "Undated",
            row.doc_type,
            f"From {', '.join(row.authors)}" if row.authors else "",
            f"To {', '.join(row.recipients)}" if row.recipients else "",
        )
        if part
    )
    heading.append(line)
    body = detail.text.strip()
    notes = detail.footnotes.strip()
    parts = ["\n".join(heading)]
    headings = [(0, len(heading[0]))]
    if body:
        parts.append(body)
    if notes:
        start = sum(len(part) + 2 for part in parts)
        headings.append((start, start + len(_FOOTNOTES)))
        parts.append(f"{_FOOTNOTES}\n\n{notes}")
    if not body and not notes:
        parts.append("The catalog holds no text of this document, only its description.")
    text = "\n\n".join(parts)
    # A term that names a text marks its words there only: `title:` the title, `body:` the
    # text and footnotes; the summary is not shown here.
    body_start = len(parts[0]) + 2
    regions = {None: (0, len(text)), "title": headings[0], "body": (body_start, len(text))}
    found: set[tuple[int, int]] = set()
    for column, (low, high) in regions.items():
        wanted = [term for term in terms if term.column == column]
        if column == "body" and not (body or notes):
            continue
        found.update(
            (low + start, low + end) for start, end in matched_spans(text[low:high], wanted)
        )
    marks = tuple(sorted(found)[:MAX_MARKS])
    return ReadingPage(text, marks, tuple(headings), bool(body or notes))


class ReaderView(QWidget):
    """A document's text as plain text, never markup, with the query's words marked.

    Ctrl+F (given by the window while the reader has the focus) opens the find bar; F3 and
    Shift+F3 go to the next and previous place the find text stands, wrapping round.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerView")
        self.setAccessibleName("Document text")
        self.text_view = QPlainTextEdit(self)
        self.text_view.setObjectName("readerText")
        self.text_view.setAccessibleName("Text of the document")
        self.text_view.setReadOnly(True)
        self.text_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text_view.document().setDocumentMargin(14)

        self.find_bar = QWidget(self)
        self.find_bar.setObjectName("readerFindBar")
        self.find_field = QLineEdit(self.find_bar)
        self.find_field.setObjectName("readerFindField")
        self.find_field.setAccessibleName("Find in the text")
        self.find_field.setPlaceholderText("Find in the text (F3: next, Shift+F3: previous)")
        self.find_field.setClearButtonEnabled(True)
        name_clear_button(self.find_field, "Clear the find text")
        self.previous_button = self._tool_button(
            "previousMatchButton", "back", "Previous (Shift+F3)"
        )
        self.next_button = self._tool_button("nextMatchButton", "forward", "Next (F3)")
        self.find_count = QLabel(self.find_bar)
        self.find_count.setObjectName("readerFindCount")
        self.find_count.setTextFormat(Qt.TextFormat.PlainText)
        bar = QHBoxLayout(self.find_bar)
        bar.setContentsMargins(6, 4, 6, 4)
        bar.addWidget(self.find_field, 1)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.find_count)
        self.find_bar.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.text_view, 1)

        self._page: ReadingPage | None = None
        self._marks: list[QTextEdit.ExtraSelection] = []
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence.StandardKey.FindNext, self.find_next),
            (QKeySequence.StandardKey.FindPrevious, self.find_previous),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.find_field)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.close_find)
        self.find_field.returnPressed.connect(self.find_next)
        self.find_field.textEdited.connect(self._on_find_field_text_edited)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.show_message("Select a document to read its text.")

    @property
    def page(self) -> ReadingPage | None:
        return self._page

    def text(self) -> str:
        return self.text_view.toPlainText()

    def marked(self) -> list[str]:
        """The words marked in the text, in order (what a person sees highlighted)."""
        return [mark.cursor.selectedText() for mark in self._marks]

    def show_message(self, message: str) -> None:
        self._page = None
        self._marks = []
        self.text_view.setExtraSelections([])
        self.text_view.setPlainText(message)

    def show_page(self, page: ReadingPage) -> None:
        """Lay `page` out from its top, the query's words marked."""
        self._page = page
        self.text_view.setPlainText(page.text)
        document = self.text_view.document()

        def spanning(start: int, length: int) -> QTextCursor:
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
            return cursor

        # Formats set through a cursor, never markup: the text itself stays plain.
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        for start, length in qt_spans(page.text, page.headings):
            spanning(start, length).mergeCharFormat(heading)
        mark = mark_format()
        self._marks = []
        for start, length in qt_spans(page.text, page.marks):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = spanning(start, length)
            selection.format = mark
            self._marks.append(selection)
        self.text_view.setExtraSelections(self._marks)
        self.text_view.moveCursor(QTextCursor.MoveOperation.Start)
        if self.find_field.text():
            self._count_matches()

    def start_find(self) -> None:
        """Show the find bar with its text selected, the word marked in the view if any."""
        chosen = self.text_view.textCursor().selectedText()
        if chosen and "\u2029" not in chosen:
            self.find_field.setText(chosen)
        self.find_bar.setVisible(True)
        self.find_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_field.selectAll()
        self._count_matches()

    def close_find(self) -> None:
        self.find_bar.setVisible(False)
        self.find_count.clear()
        self.text_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, *, backward: bool) -> bool:
        wanted = self.find_field.text()
        if not wanted:
            self.start_find()
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if self.text_view.find(wanted, flags):
            return True
        # Round again from the other end, as a reader's Find does.
        self.text_view.moveCursor(
            QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
        )
        found = self.text_view.find(wanted, flags)
        if not found:
            self.find_count.setText("Not found")
        return found

    def _count_matches(self) -> None:
        wanted = self.find_field.text().casefold()
        if not wanted:
            self.find_count.clear()
            return
        count = self.text_view.toPlainText().casefold().count(wanted)
        self.find_count.setText("Not found" if count == 0 else f"{count:,} found")

    def _on_find_field_text_edited(self, _text: str) -> None:
        self._count_matches()

    def _tool_button(self, name: str, meaning: str, tip: str) -> QToolButton:
        button = QToolButton(self.find_bar)
        button.setObjectName(name)
        button.setIcon(icon(meaning))
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setAutoRaise(True)
        return button
